// Notes in the editor. A selection in a source cell (or a row's "Add note…") opens
// the note dialog with the words and their offsets; the form posts through htmx and
// its answer swaps the row's notes, source cell and the open-query count out of band.
import { whyNotDone } from "./dom.js";
import { hideFloats, lastSelection, letGo } from "./selection.js";

function openNoteDialog(pid, useSelection) {
  const dialog = document.getElementById("note-dialog");
  if (!dialog) return false;
  const form = dialog.querySelector("form");
  const row = document.getElementById("p-" + pid);
  const chosen = useSelection && lastSelection.pid === pid && lastSelection.raw;
  form.querySelector('[name="paragraph"]').value = pid;
  form.querySelector('[name="quote"]').value = chosen ? lastSelection.raw : "";
  form.querySelector('[name="start"]').value = chosen ? lastSelection.start : "";
  form.querySelector('[name="end"]').value = chosen ? lastSelection.end : "";
  // The version of the Japanese the words were chosen in: a correction made
  // meanwhile by someone else makes the server ask for the words again.
  const cell = document.getElementById("source-" + pid);
  form.querySelector('[name="source_version"]').value =
    cell && cell.dataset.sourceVersion !== undefined ? cell.dataset.sourceVersion : "";
  form.querySelectorAll(".error, .ok").forEach(function (el) { el.remove(); });
  const where = dialog.querySelector(".note-dialog-where");
  if (where && row) where.textContent = "on paragraph " + row.dataset.position;
  hideFloats();
  dialog.dataset.paragraph = pid;
  if (!dialog.open) dialog.showModal();
  form.querySelector('[name="body"]').focus();
  return true;
}

// The float button uses the selection; a row's link (a page without JavaScript)
// starts on the whole paragraph.
export function addNote(opener, event) {
  if (opener.dataset.addNote === undefined) return;  // the floating button before any selection
  if (openNoteDialog(opener.dataset.addNote, opener.id === "add-note-float")) {
    event.preventDefault();
  }
}

// No answer to the note form (the network, the server): the note stays typed in the
// dialog with the words it is on. Sending it again is safe: the form's key makes a
// note the server did store come back instead of a second one.
function onNoteRequestDone(event) {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || form.id !== "note-form") return;
  const status = event.detail.xhr ? event.detail.xhr.status : 0;
  if ((status >= 200 && status < 300) || status === 409 || status === 422) return;
  form.querySelectorAll(".error, .ok").forEach(function (el) { el.remove(); });
  const message = document.createElement("p");
  message.className = "error";
  message.setAttribute("role", "alert");
  message.textContent = "Not sent: " + whyNotDone(status) + ". Your note is kept here; send it again.";
  form.insertBefore(message, form.querySelector("label"));
}

// Typing in the words field drops the offsets: the server then finds the words.
function onQuoteInput(event) {
  if (!event.target.matches || !event.target.matches("#note-form [data-quote]")) return;
  const form = event.target.form;
  form.querySelector('[name="start"]').value = "";
  form.querySelector('[name="end"]').value = "";
}

// The note was stored: close the dialog and go back to the row's translation.
function onNoteStored() {
  const dialog = document.getElementById("note-dialog");
  // The form replaced itself (outerHTML), so the event's target is already gone:
  // its successor's "Note added." says the note was stored.
  if (!dialog || !dialog.open || !dialog.querySelector("#note-form .ok")) return;
  const pid = dialog.dataset.paragraph || "";
  dialog.close();
  letGo();
  const ta = document.getElementById("text-" + (pid || ""));
  if (ta) ta.focus();
}

// Choosing a note (its number in the list, its marker, or the note itself) lights
// up the words it is pinned to.
function lightNote(id, on) {
  document.querySelectorAll(".noted").forEach(function (span) {
    const ids = (span.dataset.notes || "").split(" ");
    if (ids.indexOf(String(id)) !== -1) span.classList.toggle("lit", on);
    else if (on) span.classList.remove("lit");
  });
  document.querySelectorAll('.note-marker[data-note="' + id + '"]').forEach(function (m) {
    m.classList.toggle("lit", on);
  });
}

export function showNote(button) {
  const id = button.dataset.showNote;
  lightNote(id, true);
  const span = document.querySelector('.note-marker[data-note="' + id + '"]');
  if (span) span.scrollIntoView({ block: "nearest" });
}

// Replying, resolving or reopening replaces the row's notes; focus goes back to the
// same note (or to the row's translation) instead of falling to the page.
let focusNote = null;

function rememberNote(event) {
  const item = event.target.closest && event.target.closest("li.note");
  focusNote = item ? item.id : null;
}

function refocusNote() {
  if (!focusNote) return;
  const id = focusNote;
  focusNote = null;
  if (document.activeElement && document.activeElement !== document.body) return;
  const item = document.getElementById(id);
  if (item) item.focus();
}

export function install() {
  document.addEventListener("htmx:afterRequest", onNoteRequestDone);
  document.addEventListener("input", onQuoteInput);
  document.body.addEventListener("htmx:afterSwap", onNoteStored);
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      const el = event.target.closest && event.target.closest(".note-marker, li.note");
      if (el) lightNote(el.dataset.note, true);
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      const el = event.target.closest && event.target.closest(".note-marker, li.note");
      if (el && !el.contains(event.relatedTarget)) lightNote(el.dataset.note, false);
    });
  });
  document.body.addEventListener("htmx:beforeRequest", rememberNote);
  document.body.addEventListener("htmx:afterSettle", refocusNote);
}
