// Small helpers every part of the editor shares: finding a row's parts, showing a
// row's save state, fitting a textarea to its text, and saying why a request failed.

export function rowOf(el) { return el && el.closest ? el.closest(".row") : null; }
export function formOf(row) { return row ? row.querySelector("form.tr") : null; }
export function textareaOf(row) { return row ? row.querySelector("form.tr textarea[name=text]") : null; }
export function rows() { return Array.from(document.querySelectorAll(".editor .row")); }

export function setState(row, state, text) {
  if (!row) return;
  row.dataset.state = state;
  const el = row.querySelector(".save-state");
  if (!el) return;
  el.className = "save-state state-" + state;
  if (text !== undefined) el.textContent = text;
}

export function grow(textarea) {
  // Fallback for browsers without CSS field-sizing: fit the text.
  if (CSS && CSS.supports && CSS.supports("field-sizing", "content")) return;
  textarea.style.height = "auto";
  textarea.style.height = textarea.scrollHeight + 2 + "px";
}

export function whyNotDone(status) {
  return status === 0 ? "the network is unreachable"
    : status === 401 ? "you are signed out; sign in again in another tab"
    : status === 403 ? "your role does not allow this"
    : status === 400 ? "this page's session expired; reload it"
    : "the server answered " + status;
}
