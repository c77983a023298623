// A correction in progress. While a paragraph's Japanese is being corrected, its
// source cell is a form. Other answers (a note, a glossary change in any tab, a row
// re-rendered after "use draft") also carry that cell: they must not throw away the
// half-typed text.
const keptCorrections = [];

function keepOutOfBand(event) {
  const target = event.detail.target;
  if (target && target.matches && target.matches("form.source-edit")) {
    event.detail.shouldSwap = false;
  }
}

function keepBeforeSwap(event) {
  const target = event.detail.target;
  if (!target || !target.querySelectorAll || target.matches("form.source-edit")) return;
  target.querySelectorAll("form.source-edit").forEach(function (form) {
    keptCorrections.push(form);
  });
}

function putBack() {
  while (keptCorrections.length) {
    const form = keptCorrections.pop();
    const fresh = document.getElementById(form.id);
    if (fresh && fresh !== form && !fresh.matches("form.source-edit")) {
      fresh.replaceWith(form);
      // htmx cleaned the form up when its row left the page: wire it again.
      if (window.htmx) window.htmx.process(form);
    }
  }
}

export function install() {
  document.body.addEventListener("htmx:oobBeforeSwap", keepOutOfBand);
  document.body.addEventListener("htmx:beforeSwap", keepBeforeSwap);
  document.body.addEventListener("htmx:afterSwap", putBack);
}
