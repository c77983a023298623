// Saves, glossary, memory and note changes in other tabs refresh this tab.
const SHARED_EVENTS = ["paragraph-saved", "glossary-changed", "memory-changed"];

// A row's notes, source cell and the open-query count, fetched out of band (so
// nothing else on the page moves) from the address the notes cell carries.
function refreshNotes(id) {
  const cell = document.getElementById("notes-" + id);
  if (!cell || !cell.dataset.syncUrl) return;
  htmx.ajax("GET", cell.dataset.syncUrl, { target: "#notes-" + id, swap: "none" });
}

export function install() {
  const channel = ("BroadcastChannel" in window) ? new BroadcastChannel("workbench") : null;
  if (!channel) return;
  SHARED_EVENTS.forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      if (!(event.detail && event.detail.fromChannel)) channel.postMessage(name);
    });
  });
  // A term changed in a row of the review page: other tabs refresh their terms.
  document.body.addEventListener("term-changed", function () {
    channel.postMessage("glossary-changed");
  });
  // A note changed here: other tabs showing that row fetch its notes.
  document.body.addEventListener("notes-changed", function (event) {
    const id = event.detail && event.detail.id;
    if (id) channel.postMessage({ name: "notes-changed", id: id });
  });
  channel.onmessage = function (event) {
    if (event.data && event.data.name === "notes-changed") {
      refreshNotes(String(event.data.id));
      return;
    }
    const name = SHARED_EVENTS.indexOf(event.data) >= 0 ? event.data : "paragraph-saved";
    htmx.trigger(document.body, name, { fromChannel: true });
  };
}
