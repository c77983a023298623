// Words selected in a source cell: their text and their offsets in the source, and
// the floating "Add to glossary" and "Add note" buttons placed over them.

// The last selection inside a source cell; the dialogs read it once the floating
// button has taken the focus (and the selection may be gone).
export const lastSelection = { pid: null, text: "", raw: "", start: null, end: null };

function selectedSource() {
  // The selected text when it lies inside one source cell.
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node.nodeType === 1 ? node : node.parentElement;
  const cell = element && element.closest ? element.closest(".cell.src") : null;
  if (!cell) return null;
  const start = sourceOffset(cell, range.startContainer, range.startOffset);
  const end = sourceOffset(cell, range.endContainer, range.endOffset);
  const raw = textWithoutMarkers(range.cloneContents());
  const text = raw.replace(/\s+/g, " ").trim();
  if (!text) return null;
  return {
    pid: cell.id.replace("source-", ""),
    text: text,
    raw: raw,
    start: start,
    end: end,
    rect: range.getBoundingClientRect(),
  };
}

// Note markers are numbers inside the source cell; they are not part of the source,
// so they are left out of selected text and of offsets (which index the source).
// A direction control is shown as a visible marker (⟨U+202E⟩) that stands for one
// character of the source: it counts as that character.
function textWithoutMarkers(fragment) {
  fragment.querySelectorAll(".note-marker").forEach(function (m) { m.remove(); });
  fragment.querySelectorAll(".bidi-mark").forEach(function (m) {
    m.replaceWith(m.dataset.char || "");
  });
  return fragment.textContent;
}

// Offsets count characters (code points), as the server and the W3C selectors do;
// a JavaScript string's length counts UTF-16 units, two for 𠮷 or an emoji.
function sourceOffset(cell, node, offset) {
  const range = document.createRange();
  range.setStart(cell, 0);
  range.setEnd(node, offset);
  return Array.from(textWithoutMarkers(range.cloneContents())).length;
}

function floatButton() { return document.getElementById("add-term-float"); }

function placeFloat() {
  const button = floatButton();
  if (!button) return;
  const found = selectedSource();
  if (!found) {
    hideFloats();
    return;
  }
  remember(found);
  button.dataset.addTerm = found.pid;
  button.hidden = false;
  const top = Math.max(4, found.rect.top - button.offsetHeight - 6);
  const left = Math.min(window.innerWidth - button.offsetWidth - 4, Math.max(4, found.rect.left));
  button.style.top = top + "px";
  button.style.left = left + "px";
  // "Add note" sits just right of "Add to glossary".
  const noteButton = document.getElementById("add-note-float");
  if (noteButton) {
    noteButton.dataset.addNote = found.pid;
    noteButton.hidden = false;
    const noteLeft = Math.min(window.innerWidth - noteButton.offsetWidth - 4,
      left + button.offsetWidth + 6);
    noteButton.style.top = top + "px";
    noteButton.style.left = noteLeft + "px";
  }
}

function remember(found) {
  lastSelection.pid = found.pid;
  lastSelection.text = found.text;
  lastSelection.raw = found.raw;
  lastSelection.start = found.start;
  lastSelection.end = found.end;
}

export function hideFloats() {
  const noteButton = document.getElementById("add-note-float");
  if (noteButton) noteButton.hidden = true;
  if (floatButton()) floatButton().hidden = true;
}

// The words are dealt with (a term or a note was stored): their selection and its
// floating buttons must not stay over the Japanese.
export function letGo() {
  window.getSelection().removeAllRanges();
  hideFloats();
}

export function install() {
  document.addEventListener("mouseup", function () { setTimeout(placeFloat, 0); });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || event.key === "Shift") placeFloat();
  });
  document.addEventListener("selectionchange", function () {
    const found = selectedSource();
    if (found) {
      remember(found);
    } else if (floatButton() && !floatButton().hidden && !document.activeElement.matches(".add-term-float, .add-note-float")) {
      hideFloats();
    }
  });
  window.addEventListener("scroll", function () {
    const button = floatButton();
    if (button && !button.hidden) placeFloat();
  }, { passive: true });
  // Keep the selection when the floating button is pressed.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#add-term-float, #add-note-float")) {
      event.preventDefault();
    }
  });
  // Escape puts the floating buttons away (the selection stays, for copying).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideFloats();
  });
}
