// Memory matches in the editor rows: a row's matches cell loads when it comes near
// the window (a little before it scrolls in, so the next rows are ready), a match's
// English goes into the translation at the cursor, and a row whose Japanese was
// corrected, or whose matches the memory has outgrown, fetches them again.
import { rowOf } from "./dom.js";

const AHEAD = "400px 0px";
let observer = null;
// How many times the memory changed while this page was open (a save here or in
// another tab finished a paragraph or took a pair out). Each shown block of matches
// carries the count it was loaded at.
let generation = 0;

function watch(root) {
  if (!root || !root.querySelectorAll) return;
  const blocks = Array.from(root.querySelectorAll(".memory-matches"));
  if (root.matches && root.matches(".memory-matches")) blocks.push(root);
  blocks.forEach(function (block) {
    if (!block.dataset.generation) block.dataset.generation = String(generation);
  });
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

function refetch(loaded) {
  const cell = loaded.closest(".cell.matches");
  if (!cell || !cell.dataset.url) return;
  htmx.ajax("GET", cell.dataset.url, { target: cell, swap: "innerHTML" });
}

// A row's Japanese was corrected (its source cell carries a newer version than the
// matches were looked up for): fetch them again. Checked after each swap settles,
// so the new source cell is in place.
function onSettled(event) {
  const row = rowOf(event.target);
  if (!row) return;
  const loaded = row.querySelector(".memory-matches[data-source-version]");
  const source = row.querySelector(".cell.src[data-source-version]");
  if (!loaded || !source || loaded.dataset.sourceVersion === source.dataset.sourceVersion) return;
  loaded.dataset.sourceVersion = source.dataset.sourceVersion;  // one request, not one per settle
  refetch(loaded);
}

// The memory changed since a row's matches were shown: they are fetched again when
// its translation gets focus, the moment an editor turns to the row (one request
// for that row, none for the rows nobody looks at).
function onFocusIn(event) { refreshFor(event.target); }

function refreshFor(field) {
  if (!(field instanceof HTMLTextAreaElement) || !field.id.startsWith("text-")) return;
  const row = rowOf(field);
  const loaded = row && row.querySelector(".memory-matches");
  if (!loaded || Number(loaded.dataset.generation || 0) >= generation) return;
  loaded.dataset.generation = String(generation);  // one request per change, not per focus
  refetch(loaded);
}

export function install() {
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver(onNear, { rootMargin: AHEAD });
  }
  // After htmx has processed new content (the page, a swapped row), so that "near"
  // never reaches a loader before htmx listens to it.
  document.addEventListener("htmx:load", function (event) { watch(event.detail.elt); });
  document.body.addEventListener("htmx:afterSettle", onSettled);
  // Ctrl+Enter moves to the next row before its save answers: the row being typed
  // in when the change arrives is brought up to date at once.
  document.body.addEventListener("memory-changed", function () {
    generation += 1;
    refreshFor(document.activeElement);
  });
  document.addEventListener("focusin", onFocusIn);
}
