// The glossary in the editor. Terms are underlined in the source (their tooltips are
// CSS only). This part inserts a term's target at the cursor, and opens the term
// dialog for a selection in a source cell; the term form posts through htmx, and its
// answer's glossary-changed event makes #glossary-sync fetch every row's terms again.
import { hideFloats, lastSelection, letGo } from "./selection.js";

// Insert a target where the cursor is in the row's translation, then save as typing does.
export function insertTerm(button) {
  const ta = document.getElementById(button.dataset.for);
  if (!(ta instanceof HTMLTextAreaElement)) return;
  const start = ta.selectionStart, end = ta.selectionEnd;
  // A word typed against another one would not be a word: add a space there.
  const wordy = /[\p{L}\p{N}]/u;
  const before = start > 0 && wordy.test(ta.value.charAt(start - 1)) ? " " : "";
  const after = end < ta.value.length && wordy.test(ta.value.charAt(end)) ? " " : "";
  ta.setRangeText(before + button.dataset.insert + after, start, end, "end");
  ta.focus();
  ta.dispatchEvent(new Event("input", { bubbles: true }));
}

export function openTermDialog(button) {
  const pid = button.dataset.addTerm;
  if (pid === undefined) return;  // the floating button before any selection
  const dialog = document.getElementById("term-dialog");
  if (!dialog) return;
  const text = lastSelection.pid === pid ? lastSelection.text : "";
  const source = dialog.querySelector('input[name="source"]');
  if (source) source.value = text;
  hideFloats();
  dialog.dataset.paragraph = pid;
  if (!dialog.open) dialog.showModal();
  const next = text ? dialog.querySelector('[name="target"]') : source;
  if (next) next.focus();
}

// A term was saved from the dialog: close it, let go of the selected words, give
// focus back to the row.
function onGlossaryChanged(event) {
  const dialog = document.getElementById("term-dialog");
  if (!dialog || !dialog.open || (event.detail && event.detail.fromChannel)) return;
  if (!dialog.contains(event.target)) return;
  dialog.close();
  letGo();
  const ta = document.getElementById("text-" + dialog.dataset.paragraph);
  if (ta) ta.focus();
}

export function install() {
  document.body.addEventListener("glossary-changed", onGlossaryChanged);
}
