// The concordance beside the editor: Japanese selected in a source cell (its floating
// "Concordance" button, or Ctrl+Alt+K) or typed in the panel's search box is looked
// up in the memory and in every translated article, the results shown in a side
// panel. The panel's search box is the page's own partial (htmx swaps the results);
// Close or Escape puts the panel away and gives the focus back.
import { hideFloats, lastSelection, selectedSourceText } from "./selection.js";

let returnTo = null;

function panel() { return document.getElementById("concordance-panel"); }

function searchField(aside) { return aside.querySelector('input[name="q"]'); }

// "Open as a page" shows the same search on the concordance page.
function updatePageLink(aside) {
  const link = aside.querySelector("[data-concordance-page]");
  const value = searchField(aside).value.trim();
  if (link) link.href = link.dataset.concordancePage + (value ? "?q=" + encodeURIComponent(value) : "");
}

// On a wide window the rows make room for the panel and wrap anew: the row being
// worked on (where the words were selected, or the focus is) stays where it was.
function keepInPlace(row, change) {
  const before = row ? row.getBoundingClientRect().top : 0;
  change();
  if (row) window.scrollBy(0, row.getBoundingClientRect().top - before);
}

function workingRow(fromSelection) {
  const chosen = fromSelection && lastSelection.pid && document.getElementById("p-" + lastSelection.pid);
  const focused = document.activeElement && document.activeElement.closest
    ? document.activeElement.closest(".editor .row") : null;
  return chosen || focused;
}

export function openConcordance(text) {
  const aside = panel();
  if (!aside) return false;
  if (aside.hidden) {
    returnTo = document.activeElement;
    keepInPlace(workingRow(Boolean(text)), function () {
      aside.hidden = false;
      document.body.classList.add("with-concordance");
    });
  }
  hideFloats();
  const field = searchField(aside);
  field.focus();
  if (text && text !== field.value) {
    field.value = text;
    // The same request the box makes when Enter is pressed in it.
    window.htmx.trigger(field, "search");
  }
  updatePageLink(aside);
  return true;
}

export function closeConcordance() {
  const aside = panel();
  if (!aside || aside.hidden) return;
  const back = returnTo;
  keepInPlace(back && back.closest ? back.closest(".editor .row") : null, function () {
    aside.hidden = true;
    document.body.classList.remove("with-concordance");
  });
  returnTo = null;
  if (back && back !== document.body && document.contains(back) && !back.hidden) back.focus();
}

// The floating button searches the selection it was placed by; the header's link
// (a page of its own without JavaScript) searches the words selected now, if any.
export function openFromButton(opener, event) {
  // Ctrl-click or a middle click on the link: the page in a new tab, as asked.
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
  const text = opener.id === "concordance-float" ? lastSelection.text : selectedSourceText();
  if (openConcordance(text)) event.preventDefault();
}

function onKeyDown(event) {
  const aside = panel();
  if (!aside) return;
  const key = (event.key || "").toLowerCase();
  if (event.ctrlKey && event.altKey && !event.shiftKey && !event.metaKey &&
      (key === "k" || event.code === "KeyK")) {
    event.preventDefault();
    openConcordance(selectedSourceText());
    return;
  }
  if (event.key === "Escape" && !aside.hidden && !document.querySelector("dialog[open]")) {
    const focus = document.activeElement;
    if (aside.contains(focus) || focus === document.body || !focus) {
      // Escape in the search box would also empty it: the search stays for next time.
      event.preventDefault();
      closeConcordance();
    }
  }
}

function onInput(event) {
  const aside = panel();
  if (aside && aside.contains(event.target)) updatePageLink(aside);
}

export function install() {
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("input", onInput);
}
