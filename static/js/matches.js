// Memory matches in the editor rows: a row's matches cell loads when it comes near
// the window (a little before it scrolls in, so the next rows are ready), a match's
// English goes into the translation at the cursor, and a row whose Japanese was
// corrected fetches its matches again.
import { rowOf } from "./dom.js";

const AHEAD = "400px 0px";
let observer = null;

function watch(root) {
  if (!root || !root.querySelectorAll) return;
  const loaders = Array.from(root.querySelectorAll(".matches-loader"));
  if (root.matches && root.matches(".matches-loader")) loaders.push(root);
  loaders.forEach(function (loader) {
    if (observer) observer.observe(loader);
    else htmx.trigger(loader, "near");
  });
}

function onNear(entries) {
  entries.forEach(function (entry) {
    if (!entry.isIntersecting) return;
    observer.unobserve(entry.target);
    htmx.trigger(entry.target, "near");
  });
}

// The English where the cursor is (a selection is replaced; in an empty field it is
// the text), spaced from the words around it; then saved as typing is.
export function insertMatch(button) {
  const ta = document.getElementById(button.dataset.for);
  if (!(ta instanceof HTMLTextAreaElement)) return;
  const text = button.dataset.insert || "";
  const start = ta.selectionStart, end = ta.selectionEnd;
  const before = start > 0 && !/\s/.test(ta.value.charAt(start - 1)) ? " " : "";
  const after = end < ta.value.length && !/\s/.test(ta.value.charAt(end)) ? " " : "";
  ta.setRangeText(before + text + after, start, end, "end");
  ta.focus();
  ta.dispatchEvent(new Event("input", { bubbles: true }));
}

// Match n (from 1) of a row, when the row shows that many: whether it was inserted.
export function insertNth(row, n) {
  const buttons = row ? row.querySelectorAll(".match-insert") : [];
  if (n < 1 || n > buttons.length) return false;
  insertMatch(buttons[n - 1]);
  return true;
}

// A row's Japanese was corrected (its source cell carries a newer version than the
// matches were looked up for): fetch them again. Checked after each swap settles,
// so the new source cell is in place; nothing else refetches them.
function onSettled(event) {
  const row = rowOf(event.target);
  if (!row) return;
  const loaded = row.querySelector(".memory-matches[data-source-version]");
  const source = row.querySelector(".cell.src[data-source-version]");
  if (!loaded || !source || loaded.dataset.sourceVersion === source.dataset.sourceVersion) return;
  const cell = loaded.closest(".cell.matches");
  if (!cell || !cell.dataset.url) return;
  loaded.dataset.sourceVersion = source.dataset.sourceVersion;  // one request, not one per settle
  htmx.ajax("GET", cell.dataset.url, { target: cell, swap: "innerHTML" });
}

export function install() {
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(onNear, { rootMargin: AHEAD });
  }
  // After htmx has processed new content (the page, a swapped row), so that "near"
  // never reaches a loader before htmx listens to it.
  document.addEventListener("htmx:load", function (event) { watch(event.detail.elt); });
  document.body.addEventListener("htmx:afterSettle", onSettled);
}
