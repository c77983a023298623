// Forms that create something. A form marked data-submit-once (the import preview's
// "Create article") is sent once: its buttons are disabled while the page waits for
// the answer. The server already answers a second submit with what the first one
// created; this spares the editor the second wait. Coming back to the page through
// the browser's history enables them again.
function onSubmit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-submit-once]")) return;
  if (event.defaultPrevented) return;
  form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
  form.setAttribute("aria-busy", "true");
}

function onPageShow() {
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
    form.removeAttribute("aria-busy");
  });
}

export function install() {
  document.addEventListener("submit", onSubmit);
  window.addEventListener("pageshow", onPageShow);
}
