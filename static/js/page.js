// Page-wide details: the sticky header's height, the shortcuts panel, tooltips that
// stay inside the window, and buttons that empty a slot.
import { grow } from "./dom.js";

// The sticky header wraps on narrow windows: rows scroll into view below it.
function measureHeader() {
  const head = document.querySelector(".topbar");
  if (head) document.documentElement.style.setProperty("--head-height", head.offsetHeight + "px");
}

// The shortcuts panel closes on Escape or a click elsewhere.
export function closeHelpOutside(event) {
  document.querySelectorAll("details.help[open]").forEach(function (d) {
    if (!d.contains(event.target)) d.open = false;
  });
}

// A "Close" button (the history panel's) empties the slot its data-close names.
export function clearSlot(button) {
  const slot = document.querySelector(button.dataset.close);
  if (slot) slot.innerHTML = "";
}

// Tooltips (CSS, from data-tip) open rightwards; one anchored in the right half of
// the window opens leftwards instead, so that it stays inside narrow windows.
function flipTip(event) {
  const anchor = event.target.closest && event.target.closest("a.note-marker, mark.term");
  if (!anchor) return;
  const rect = anchor.getBoundingClientRect();
  anchor.classList.toggle("tip-flip", rect.left > window.innerWidth / 2);
}

// Once the page is parsed: fit the textareas and measure the header.
function whenParsed() {
  document.querySelectorAll("textarea").forEach(grow);
  measureHeader();
}

export function install() {
  window.addEventListener("resize", measureHeader);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.help[open]").forEach(function (d) { d.open = false; });
  });
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, flipTip);
  });
  // Module scripts run once the page is parsed, just before DOMContentLoaded.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenParsed);
  } else {
    whenParsed();
  }
}
