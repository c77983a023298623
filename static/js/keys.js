// Keyboard shortcuts in the editor: Ctrl+Enter marks a row translated and moves to
// the next one still to do; Alt+Up / Alt+Down move between rows.
import { save } from "./autosave.js";
import { rowOf, rows, setState, textareaOf } from "./dom.js";

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
