// Editor behaviour that htmx attributes alone cannot express, one module per concern.
// This entry installs them, the one click router and what every request carries.
// No inline scripts and no eval, so a strict Content-Security-Policy holds; htmx is
// a classic script loaded before this module.
import * as autosave from "./autosave.js";
import * as concordance from "./concordance.js";
import * as corrections from "./corrections.js";
import * as forms from "./forms.js";
import * as glossary from "./glossary.js";
import * as keys from "./keys.js";
import * as matches from "./matches.js";
import * as notes from "./notes.js";
import * as page from "./page.js";
import * as selection from "./selection.js";
import * as sync from "./sync.js";

// What a click on an element with data-action="…" does; the element's other data-*
// attributes say what it acts on.
const ACTIONS = {
  "clear-slot": page.clearSlot,
  "insert-term": glossary.insertTerm,
  "insert-match": matches.insertMatch,
  "add-term": glossary.openTermDialog,
  "close-dialog": function (button) {
    const dialog = button.closest("dialog");
    if (dialog) dialog.close();
  },
  "add-note": notes.addNote,
  "show-note": notes.showNote,
  "open-concordance": concordance.openFromButton,
  "close-concordance": concordance.closeConcordance,
};

function route(event) {
  page.closeHelpOutside(event);
  const el = event.target.closest && event.target.closest("[data-action]");
  const action = el && ACTIONS[el.dataset.action];
  if (action) action(el, event);
}

// Every request carries the page's CSRF token.
function withToken(event) {
  const meta = document.querySelector('meta[name="csrf-token"]');
  event.detail.headers["X-CSRFToken"] = meta ? meta.content : "";
}

document.addEventListener("htmx:configRequest", withToken);
[autosave, sync, keys, page, selection, glossary, notes, corrections, forms, concordance, matches].forEach(
  function (part) { part.install(); }
);
document.addEventListener("click", route);
