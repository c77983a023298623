// Autosave: timing, save states and retries, and the unsaved-text warning. A save
// that fails never drops the text: it stays in the page and is sent again.
import { formOf, grow, rowOf, rows, setState, textareaOf, whyNotDone } from "./dom.js";

const AUTOSAVE_DELAY_MS = 800;
const RETRY_BASE_MS = 2000;
const RETRY_MAX_MS = 30000;
// One id per open page: the server tells a late autosave from this page
// (which must never win) from another editor's save (a conflict).
const clientId = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
  : String(Date.now()) + Math.random().toString(16).slice(2);
const seqByForm = new WeakMap();
const timers = new WeakMap();
const retries = new WeakMap();

export function isDirty(row) {
  const ta = textareaOf(row);
  return !!ta && ta.value !== ta.dataset.saved;
}

function scheduleSave(row, delay) {
  const form = formOf(row);
  if (!form || row.dataset.state === "conflict") return;
  clearTimeout(timers.get(form));
  timers.set(form, setTimeout(function () { save(row); }, delay));
}

export function save(row, mark) {
  const form = formOf(row);
  if (!form || row.dataset.state === "conflict") return;
  clearTimeout(timers.get(form));
  if (!mark && !isDirty(row)) return;
  if (mark) form.dataset.mark = mark;
  htmx.trigger(form, "autosave");
}

// Typing and leaving a field.
function onInput(event) {
  const ta = event.target;
  if (!(ta instanceof HTMLTextAreaElement)) return;
  grow(ta);
  if (!ta.matches("form.tr textarea[name=text]")) return;
  const row = rowOf(ta);
  if (row.dataset.state === "conflict") return;
  setState(row, isDirty(row) ? "unsaved" : "saved", isDirty(row) ? "Unsaved changes" : undefined);
  scheduleSave(row, AUTOSAVE_DELAY_MS);
}

function onFocusOut(event) {
  const ta = event.target;
  if (ta instanceof HTMLTextAreaElement && ta.matches("form.tr textarea[name=text]")) {
    save(rowOf(ta));
  }
}

// What a save carries: its place in this page's sequence and a pending mark.
function onConfigRequest(event) {
  const elt = event.detail.elt;
  if (!(elt instanceof HTMLFormElement) || !elt.matches("form.tr")) return;
  const seq = (seqByForm.get(elt) || 0) + 1;
  seqByForm.set(elt, seq);
  event.detail.parameters.seq = String(seq);
  event.detail.parameters.client = clientId;
  if (elt.dataset.mark) {
    event.detail.parameters.mark = elt.dataset.mark;
    delete elt.dataset.mark;
  }
  const ta = elt.querySelector("textarea[name=text]");
  elt.dataset.sending = ta.value;
  setState(rowOf(elt), "saving", "Saving…");
}

// Any other request from a row (status, history, drafts) that fails says so
// in the row, and a status select goes back to the stored status.
function onRowRequestDone(event) {
  const elt = event.detail.elt;
  if (elt instanceof HTMLFormElement && elt.matches("form.tr")) return;
  const row = rowOf(elt);
  const xhr = event.detail.xhr;
  const status = xhr ? xhr.status : 0;
  if (!row || (status >= 200 && status < 300) || status === 409 || status === 422) return;
  if (elt instanceof HTMLSelectElement && elt.dataset.status) {
    elt.value = elt.dataset.status;
  }
  // Shown like a failed save, but the row's text is not at stake: no leave warning.
  const el = row.querySelector(".save-state");
  if (el) {
    el.className = "save-state state-failed";
    el.textContent = "Not done: " + whyNotDone(status) + ".";
  }
}

function onSaveDone(event) {
  const elt = event.detail.elt;
  if (!(elt instanceof HTMLFormElement) || !elt.matches("form.tr")) return;
  const row = rowOf(elt);
  const xhr = event.detail.xhr;
  const status = xhr ? xhr.status : 0;
  const ta = textareaOf(row);
  if (status >= 200 && status < 300) {
    retries.delete(elt);
    ta.dataset.saved = elt.dataset.sending;
    if (isDirty(row)) {
      // The editor kept typing while the save was on its way.
      setState(row, "unsaved", "Unsaved changes");
      scheduleSave(row, AUTOSAVE_DELAY_MS);
    } else {
      row.dataset.state = "saved";
    }
    return;
  }
  if (status === 409) {
    row.dataset.state = "conflict";
    setState(row, "conflict", "Conflict: choose a version below");
    return;
  }
  if (status === 422) {
    row.dataset.state = "failed";
    return;
  }
  if (status === 400) {
    // Retrying cannot help: the page's security token is stale.
    setState(row, "failed", "Not saved: this page's session expired. Copy your text, then reload the page.");
    return;
  }
  if (status === 403) {
    setState(row, "failed", "Not saved: your role does not allow this change.");
    return;
  }
  if (status === 401) {
    // Signed out (expired or signed out elsewhere): keep the text and keep
    // trying, so it saves as soon as the editor signs in again in another tab.
    setState(row, "failed", "Not saved: you are signed out. Sign in again in another tab; your text stays here.");
    scheduleSave(row, RETRY_MAX_MS);
    return;
  }
  // Network failure or server error: keep the text in the page and retry.
  const attempt = (retries.get(elt) || 0) + 1;
  retries.set(elt, attempt);
  const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * Math.pow(2, attempt - 1));
  const why = status === 0 ? "network unreachable" : "server answered " + status;
  setState(row, "failed", "Not saved (" + why + "); retrying in " + Math.round(wait / 1000) + " s");
  scheduleSave(row, wait);
}

// The conflict was resolved: the row was replaced with the stored text.
function onSwap(event) {
  const target = event.detail.target;
  if (target && target.classList && target.classList.contains("row")) {
    const row = document.getElementById(target.id) || target;
    row.dataset.state = "saved";
    row.querySelectorAll("textarea").forEach(grow);
  }
}

// A row sent whole out of band (one pre-translation filled) replaces the row on
// the page only when nothing typed there is waiting to be saved: otherwise the row
// stays, and its save meets the job's text as a conflict with both texts shown.
function onOobBeforeSwap(event) {
  const target = event.detail && event.detail.target;
  if (!target || !target.classList || !target.classList.contains("row")) return;
  const busy = ["unsaved", "saving", "failed", "conflict"].indexOf(target.dataset.state) >= 0;
  // An open correction of the Japanese holds words typed into it, too.
  const correcting = target.querySelector("form.source-edit") !== null;
  if (isDirty(target) || busy || correcting) event.detail.shouldSwap = false;
}

function onOobAfterSwap(event) {
  const target = event.detail && event.detail.target;
  if (!target || !target.classList || !target.classList.contains("row")) return;
  const row = document.getElementById(target.id);
  if (row) row.querySelectorAll("textarea").forEach(grow);
}

// Never leave with unsaved text.
function onBeforeUnload(event) {
  const pending = rows().some(function (row) {
    return isDirty(row) || ["unsaved", "saving", "failed", "conflict"].indexOf(row.dataset.state) >= 0;
  });
  if (pending) {
    event.preventDefault();
    event.returnValue = "";
  }
}

export function install() {
  document.addEventListener("input", onInput);
  document.addEventListener("focusout", onFocusOut);
  document.addEventListener("htmx:configRequest", onConfigRequest);
  document.addEventListener("htmx:afterRequest", onRowRequestDone);
  document.addEventListener("htmx:afterRequest", onSaveDone);
  document.addEventListener("htmx:afterSwap", onSwap);
  document.addEventListener("htmx:oobBeforeSwap", onOobBeforeSwap);
  document.addEventListener("htmx:oobAfterSwap", onOobAfterSwap);
  window.addEventListener("beforeunload", onBeforeUnload);
}
