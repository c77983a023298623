// Keyboard shortcuts in the editor: Ctrl+Enter marks a row translated and moves to
// the next one still to do; Alt+Up / Alt+Down move between rows; Ctrl+Alt+1 / 2 / 3
// insert the row's memory match 1-3 (browsers keep Ctrl+digit and Alt+digit for tabs).
import { save } from "./autosave.js";
import { rowOf, rows, setState, textareaOf } from "./dom.js";
import { insertNth } from "./matches.js";

// Ctrl+Alt+digit: the match's number, or 0. A key that types a character with AltGr
// (Ctrl+Alt on Windows: ² on a German keyboard) stays a character.
function matchNumber(event) {
  if (!event.ctrlKey || !event.altKey || event.metaKey || event.shiftKey) return 0;
  if (["1", "2", "3"].indexOf(event.key) >= 0) return Number(event.key);
  const digit = /^Digit([1-3])$/.exec(event.code || "");
  if (digit && !(event.getModifierState && event.getModifierState("AltGraph"))) return Number(digit[1]);
  return 0;
}

function focusRow(row) {
  const ta = textareaOf(row);
  if (!ta) return;
  ta.focus();
  row.scrollIntoView({ block: "nearest" });
}

function statusOf(row) {
  const meta = row.querySelector(".meta");
  return meta ? meta.dataset.status : "";
}

function onKeyDown(event) {
  const row = rowOf(event.target);
  if (!row || !row.closest(".editor")) return;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    const ta = textareaOf(row);
    if (!ta.value.trim()) {
      setState(row, "failed", "Type a translation before marking it translated");
      return;
    }
    save(row, "translated");
    const all = rows();
    const start = all.indexOf(row);
    const ordered = all.slice(start + 1).concat(all.slice(0, start));
    const next = ordered.find(function (r) {
      const s = statusOf(r);
      return s === "new" || s === "drafted";
    });
    if (next) focusRow(next);
    return;
  }
  const n = matchNumber(event);
  if (n) {
    if (insertNth(row, n)) event.preventDefault();
    return;
  }
  if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    event.preventDefault();
    const all = rows();
    const i = all.indexOf(row) + (event.key === "ArrowDown" ? 1 : -1);
    if (i >= 0 && i < all.length) focusRow(all[i]);
  }
}

export function install() {
  document.addEventListener("keydown", onKeyDown);
}
