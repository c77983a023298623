// Words selected in a source cell: their text and their offsets in the source, and
// the floating "Add to glossary", "Add note" and "Concordance" buttons placed over them.

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

// The floating buttons, left to right, and the data-* key each one reads its
// paragraph from. A button the page does not have (a reader may not propose terms)
// is skipped.
const FLOATS = [
  ["add-term-float", "addTerm"],
  ["add-note-float", "addNote"],
  ["concordance-float", "concordance"],
];

function floatButtons() {
  return FLOATS.map(function (pair) { return [document.getElementById(pair[0]), pair[1]]; })
    .filter(function (pair) { return pair[0]; });
}

function anyFloatShown() {
  return floatButtons().some(function (pair) { return !pair[0].hidden; });
}

const GAP = 6;

function placeFloat() {
  const buttons = floatButtons();
  if (!buttons.length) return;
  const found = selectedSource();
  if (!found) {
    hideFloats();
    return;
  }
  remember(found);
  const widths = buttons.map(function (pair) {
    pair[0].dataset[pair[1]] = found.pid;
    pair[0].hidden = false;
    return pair[0].offsetWidth;
  });
  // Side by side just above the selection's start, moved left to stay inside the
  // window; in lines stacked upwards when the window is too narrow for one.
  const lines = [];
  let line = { items: [], width: 0 };
  widths.forEach(function (width, i) {
    if (line.items.length && line.width + GAP + width > window.innerWidth - 8) {
      lines.push(line);
      line = { items: [], width: 0 };
    }
    line.width += (line.items.length ? GAP : 0) + width;
    line.items.push(i);
  });
  lines.push(line);
  const height = buttons[0][0].offsetHeight;
  let top = Math.max(4, found.rect.top - lines.length * (height + GAP));
  lines.forEach(function (each) {
    let left = Math.max(4, Math.min(found.rect.left, window.innerWidth - each.width - 4));
    each.items.forEach(function (i) {
      buttons[i][0].style.top = top + "px";
      buttons[i][0].style.left = left + "px";
      left += widths[i] + GAP;
    });
    top += height + GAP;
  });
}

// The words selected in a source cell now, or "" (for a keyboard shortcut).
export function selectedSourceText() {
  const found = selectedSource();
  if (!found) return "";
  remember(found);
  return found.text;
}

function remember(found) {
  lastSelection.pid = found.pid;
  lastSelection.text = found.text;
  lastSelection.raw = found.raw;
  lastSelection.start = found.start;
  lastSelection.end = found.end;
}

export function hideFloats() {
  floatButtons().forEach(function (pair) { pair[0].hidden = true; });
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
    } else if (anyFloatShown() && !document.activeElement.matches(".add-term-float, .add-note-float, .conc-float")) {
      hideFloats();
    }
  });
  window.addEventListener("scroll", function () {
    if (anyFloatShown()) placeFloat();
  }, { passive: true });
  // Keep the selection when the floating button is pressed.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#add-term-float, #add-note-float, #concordance-float")) {
      event.preventDefault();
    }
  });
  // Escape puts the floating buttons away (the selection stays, for copying).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideFloats();
  });
}
