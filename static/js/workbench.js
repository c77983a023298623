// Editor behaviour that htmx attributes alone cannot express: autosave timing,
// save states and retries, keyboard shortcuts, and the unsaved-text warning.
// No inline scripts and no eval, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  const AUTOSAVE_DELAY_MS = 800;
  const RETRY_BASE_MS = 2000;
  const RETRY_MAX_MS = 30000;
  // One id per open page: the server tells a late autosave from this page
  // (which must never win) from another editor's save (a conflict).
  const clientId = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : String(Date.now()) + Math.random().toString(16).slice(2);
  const seqByForm = new WeakMap();
  const timers = new WeakMap();
  const retries = new WeakMap();
  const channel = ("BroadcastChannel" in window) ? new BroadcastChannel("workbench") : null;

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function rowOf(el) { return el && el.closest ? el.closest(".row") : null; }
  function formOf(row) { return row ? row.querySelector("form.tr") : null; }
  function textareaOf(row) { return row ? row.querySelector("form.tr textarea[name=text]") : null; }

  function setState(row, state, text) {
    if (!row) return;
    row.dataset.state = state;
    const el = row.querySelector(".save-state");
    if (!el) return;
    el.className = "save-state state-" + state;
    if (text !== undefined) el.textContent = text;
  }

  function grow(textarea) {
    // Fallback for browsers without CSS field-sizing: fit the text.
    if (CSS && CSS.supports && CSS.supports("field-sizing", "content")) return;
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  function isDirty(row) {
    const ta = textareaOf(row);
    return !!ta && ta.value !== ta.dataset.saved;
  }

  function scheduleSave(row, delay) {
    const form = formOf(row);
    if (!form || row.dataset.state === "conflict") return;
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { save(row); }, delay));
  }

  function save(row, mark) {
    const form = formOf(row);
    if (!form || row.dataset.state === "conflict") return;
    clearTimeout(timers.get(form));
    if (!mark && !isDirty(row)) return;
    if (mark) form.dataset.mark = mark;
    htmx.trigger(form, "autosave");
  }

  // ---- typing and leaving a field
  document.addEventListener("input", function (event) {
    const ta = event.target;
    if (!(ta instanceof HTMLTextAreaElement)) return;
    grow(ta);
    if (!ta.matches("form.tr textarea[name=text]")) return;
    const row = rowOf(ta);
    if (row.dataset.state === "conflict") return;
    setState(row, isDirty(row) ? "unsaved" : "saved", isDirty(row) ? "Unsaved changes" : undefined);
    scheduleSave(row, AUTOSAVE_DELAY_MS);
  });

  document.addEventListener("focusout", function (event) {
    const ta = event.target;
    if (ta instanceof HTMLTextAreaElement && ta.matches("form.tr textarea[name=text]")) {
      save(rowOf(ta));
    }
  });

  // ---- what each request carries
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
    const elt = event.detail.elt;
    if (!(elt instanceof HTMLFormElement) || !elt.matches("form.tr")) return;
    const seq = (seqByForm.get(elt) || 0) + 1;
    seqByForm.set(elt, seq);
    event.detail.parameters.seq = String(seq);
    event.detail.parameters.client = clientId;
    if (elt.dataset.mark) {
      event.detail.parameters.mark = elt.dataset.mark;
      delete elt.dataset.mark;
    }
    const ta = elt.querySelector("textarea[name=text]");
    elt.dataset.sending = ta.value;
    setState(rowOf(elt), "saving", "Saving…");
  });

  // ---- what came back
  // Any other request from a row (status, history, drafts) that fails says so
  // in the row, and a status select goes back to the stored status.
  document.addEventListener("htmx:afterRequest", function (event) {
    const elt = event.detail.elt;
    if (elt instanceof HTMLFormElement && elt.matches("form.tr")) return;
    const row = rowOf(elt);
    const xhr = event.detail.xhr;
    const status = xhr ? xhr.status : 0;
    if (!row || (status >= 200 && status < 300) || status === 409 || status === 422) return;
    if (elt instanceof HTMLSelectElement && elt.dataset.status) {
      elt.value = elt.dataset.status;
    }
    // Shown like a failed save, but the row's text is not at stake: no leave warning.
    const el = row.querySelector(".save-state");
    if (el) {
      el.className = "save-state state-failed";
      el.textContent = "Not done: " + whyNotDone(status) + ".";
    }
  });

  function whyNotDone(status) {
    return status === 0 ? "the network is unreachable"
      : status === 401 ? "you are signed out; sign in again in another tab"
      : status === 403 ? "your role does not allow this"
      : status === 400 ? "this page's session expired; reload it"
      : "the server answered " + status;
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    const elt = event.detail.elt;
    if (!(elt instanceof HTMLFormElement) || !elt.matches("form.tr")) return;
    const row = rowOf(elt);
    const xhr = event.detail.xhr;
    const status = xhr ? xhr.status : 0;
    const ta = textareaOf(row);
    if (status >= 200 && status < 300) {
      retries.delete(elt);
      ta.dataset.saved = elt.dataset.sending;
      if (isDirty(row)) {
        // The editor kept typing while the save was on its way.
        setState(row, "unsaved", "Unsaved changes");
        scheduleSave(row, AUTOSAVE_DELAY_MS);
      } else {
        row.dataset.state = "saved";
      }
      return;
    }
    if (status === 409) {
      row.dataset.state = "conflict";
      setState(row, "conflict", "Conflict: choose a version below");
      return;
    }
    if (status === 422) {
      row.dataset.state = "failed";
      return;
    }
    if (status === 400) {
      // Retrying cannot help: the page's security token is stale.
      setState(row, "failed", "Not saved: this page's session expired. Copy your text, then reload the page.");
      return;
    }
    if (status === 403) {
      setState(row, "failed", "Not saved: your role does not allow this change.");
      return;
    }
    if (status === 401) {
      // Signed out (expired or signed out elsewhere): keep the text and keep
      // trying, so it saves as soon as the editor signs in again in another tab.
      setState(row, "failed", "Not saved: you are signed out. Sign in again in another tab; your text stays here.");
      scheduleSave(row, RETRY_MAX_MS);
      return;
    }
    // Network failure or server error: keep the text in the page and retry.
    const attempt = (retries.get(elt) || 0) + 1;
    retries.set(elt, attempt);
    const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * Math.pow(2, attempt - 1));
    const why = status === 0 ? "network unreachable" : "server answered " + status;
    setState(row, "failed", "Not saved (" + why + "); retrying in " + Math.round(wait / 1000) + " s");
    scheduleSave(row, wait);
  });

  // The conflict was resolved: the row was replaced with the stored text.
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    if (target && target.classList && target.classList.contains("row")) {
      const row = document.getElementById(target.id) || target;
      row.dataset.state = "saved";
      row.querySelectorAll("textarea").forEach(grow);
    }
  });

  // ---- saves (and glossary changes) in other tabs refresh this tab
  const SHARED_EVENTS = ["paragraph-saved", "glossary-changed"];
  SHARED_EVENTS.forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      if (channel && !(event.detail && event.detail.fromChannel)) channel.postMessage(name);
    });
  });
  // A term changed in a row of the review page: other tabs refresh their terms.
  document.body.addEventListener("term-changed", function () {
    if (channel) channel.postMessage("glossary-changed");
  });
  // A note changed here: other tabs showing that row fetch its notes, source cell and
  // the open-query count (all out of band, so nothing else on their page moves).
  document.body.addEventListener("notes-changed", function (event) {
    const id = event.detail && event.detail.id;
    if (channel && id) channel.postMessage({ name: "notes-changed", id: id });
  });
  function refreshNotes(id) {
    if (!document.getElementById("notes-" + id)) return;
    htmx.ajax("GET", "/paragraphs/" + encodeURIComponent(id) + "/notes?sync=1",
      { target: "#notes-" + id, swap: "none" });
  }
  if (channel) {
    channel.onmessage = function (event) {
      if (event.data && event.data.name === "notes-changed") {
        refreshNotes(String(event.data.id));
        return;
      }
      const name = SHARED_EVENTS.indexOf(event.data) >= 0 ? event.data : "paragraph-saved";
      htmx.trigger(document.body, name, { fromChannel: true });
    };
  }

  // ---- keyboard
  function rows() { return Array.from(document.querySelectorAll(".editor .row")); }

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

  document.addEventListener("keydown", function (event) {
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
  });

  // ---- small buttons
  document.addEventListener("click", function (event) {
    const closer = event.target.closest && event.target.closest("[data-close]");
    if (closer) {
      const slot = document.querySelector(closer.dataset.close);
      if (slot) slot.innerHTML = "";
    }
  });

  // ---- never leave with unsaved text
  window.addEventListener("beforeunload", function (event) {
    const pending = rows().some(function (row) {
      return isDirty(row) || ["unsaved", "saving", "failed", "conflict"].indexOf(row.dataset.state) >= 0;
    });
    if (pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // The sticky header wraps on narrow windows: rows scroll into view below it.
  function measureHeader() {
    const head = document.querySelector(".topbar");
    if (head) document.documentElement.style.setProperty("--head-height", head.offsetHeight + "px");
  }
  window.addEventListener("resize", measureHeader);

  // The shortcuts panel closes on Escape or a click elsewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.help[open]").forEach(function (d) { d.open = false; });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.help[open]").forEach(function (d) {
      if (!d.contains(event.target)) d.open = false;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea").forEach(grow);
    measureHeader();
  });

  // =========================================================== glossary in the editor
  // Terms are underlined in the source (their tooltips are CSS only). This part inserts a
  // term's target at the cursor, and offers "Add to glossary" for a selection in a
  // source cell; the term form posts through htmx, and its answer's
  // glossary-changed event makes #glossary-sync fetch every row's terms again.

  // Insert a target where the cursor is in the row's translation, then save as typing does.
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-insert]");
    if (!button) return;
    const ta = document.getElementById(button.dataset.for);
    if (!(ta instanceof HTMLTextAreaElement)) return;
    const start = ta.selectionStart, end = ta.selectionEnd;
    // A word typed against another one would not be a word: add a space there.
    const wordy = /[\p{L}\p{N}]/u;
    const before = start > 0 && wordy.test(ta.value.charAt(start - 1)) ? " " : "";
    const after = end < ta.value.length && wordy.test(ta.value.charAt(end)) ? " " : "";
    ta.setRangeText(before + button.dataset.insert + after, start, end, "end");
    ta.focus();
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  });

  const lastSelection = { pid: null, text: "", raw: "", start: null, end: null };

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

  function floatButton() { return document.getElementById("add-term-float"); }

  function placeFloat() {
    const button = floatButton();
    if (!button) return;
    const found = selectedSource();
    if (!found) {
      hideFloats();
      return;
    }
    remember(found);
    button.dataset.addTerm = found.pid;
    button.hidden = false;
    const top = Math.max(4, found.rect.top - button.offsetHeight - 6);
    const left = Math.min(window.innerWidth - button.offsetWidth - 4, Math.max(4, found.rect.left));
    button.style.top = top + "px";
    button.style.left = left + "px";
    // "Add note" sits just right of "Add to glossary".
    const noteButton = document.getElementById("add-note-float");
    if (noteButton) {
      noteButton.dataset.addNote = found.pid;
      noteButton.hidden = false;
      const noteLeft = Math.min(window.innerWidth - noteButton.offsetWidth - 4,
        left + button.offsetWidth + 6);
      noteButton.style.top = top + "px";
      noteButton.style.left = noteLeft + "px";
    }
  }

  function remember(found) {
    lastSelection.pid = found.pid;
    lastSelection.text = found.text;
    lastSelection.raw = found.raw;
    lastSelection.start = found.start;
    lastSelection.end = found.end;
  }

  function hideFloats() {
    const noteButton = document.getElementById("add-note-float");
    if (noteButton) noteButton.hidden = true;
    if (floatButton()) floatButton().hidden = true;
  }

  document.addEventListener("mouseup", function () { setTimeout(placeFloat, 0); });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || event.key === "Shift") placeFloat();
  });
  document.addEventListener("selectionchange", function () {
    const found = selectedSource();
    if (found) {
      remember(found);
    } else if (floatButton() && !floatButton().hidden && !document.activeElement.matches(".add-term-float, .add-note-float")) {
      hideFloats();
    }
  });
  window.addEventListener("scroll", function () {
    const button = floatButton();
    if (button && !button.hidden) placeFloat();
  }, { passive: true });
  // Keep the selection when the floating button is pressed.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#add-term-float, #add-note-float")) {
      event.preventDefault();
    }
  });

  function openTermDialog(pid) {
    const dialog = document.getElementById("term-dialog");
    if (!dialog) return;
    const text = lastSelection.pid === pid ? lastSelection.text : "";
    const source = dialog.querySelector('input[name="source"]');
    if (source) source.value = text;
    hideFloats();
    dialog.dataset.paragraph = pid;
    if (!dialog.open) dialog.showModal();
    const next = text ? dialog.querySelector('[name="target"]') : source;
    if (next) next.focus();
  }

  document.addEventListener("click", function (event) {
    const opener = event.target.closest && event.target.closest("[data-add-term]");
    if (opener) {
      openTermDialog(opener.dataset.addTerm);
      return;
    }
    const closer = event.target.closest && event.target.closest("[data-close-dialog]");
    if (closer) {
      const dialog = closer.closest("dialog");
      if (dialog) dialog.close();
    }
  });

  // A term was saved from the dialog: close it, let go of the selected words (their
  // floating buttons must not stay over the Japanese), give focus back to the row.
  document.body.addEventListener("glossary-changed", function (event) {
    const dialog = document.getElementById("term-dialog");
    if (!dialog || !dialog.open || (event.detail && event.detail.fromChannel)) return;
    if (!dialog.contains(event.target)) return;
    dialog.close();
    window.getSelection().removeAllRanges();
    hideFloats();
    const ta = document.getElementById("text-" + dialog.dataset.paragraph);
    if (ta) ta.focus();
  });

  // Escape puts the floating buttons away (the selection stays, for copying).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideFloats();
  });

  // =========================================================== notes in the editor
  // A selection in a source cell (or a row's "Add note…") opens the note dialog with
  // the words and their offsets; the form posts through htmx and its answer swaps the
  // row's notes, source cell and the open-query count out of band.

  function openNoteDialog(pid, useSelection) {
    const dialog = document.getElementById("note-dialog");
    if (!dialog) return false;
    const form = dialog.querySelector("form");
    const row = document.getElementById("p-" + pid);
    const chosen = useSelection && lastSelection.pid === pid && lastSelection.raw;
    form.querySelector('[name="paragraph"]').value = pid;
    form.querySelector('[name="quote"]').value = chosen ? lastSelection.raw : "";
    form.querySelector('[name="start"]').value = chosen ? lastSelection.start : "";
    form.querySelector('[name="end"]').value = chosen ? lastSelection.end : "";
    // The version of the Japanese the words were chosen in: a correction made
    // meanwhile by someone else makes the server ask for the words again.
    const cell = document.getElementById("source-" + pid);
    form.querySelector('[name="source_version"]').value =
      cell && cell.dataset.sourceVersion !== undefined ? cell.dataset.sourceVersion : "";
    form.querySelectorAll(".error, .ok").forEach(function (el) { el.remove(); });
    const where = dialog.querySelector(".note-dialog-where");
    if (where && row) where.textContent = "on paragraph " + row.dataset.position;
    hideFloats();
    dialog.dataset.paragraph = pid;
    if (!dialog.open) dialog.showModal();
    form.querySelector('[name="body"]').focus();
    return true;
  }

  // No answer to the note form (the network, the server): the note stays typed in the
  // dialog with the words it is on. Sending it again is safe: the form's key makes a
  // note the server did store come back instead of a second one.
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || form.id !== "note-form") return;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if ((status >= 200 && status < 300) || status === 409 || status === 422) return;
    form.querySelectorAll(".error, .ok").forEach(function (el) { el.remove(); });
    const message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = "Not sent: " + whyNotDone(status) + ". Your note is kept here; send it again.";
    form.insertBefore(message, form.querySelector("label"));
  });

  // Typing in the words field drops the offsets: the server then finds the words.
  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("#note-form [data-quote]")) return;
    const form = event.target.form;
    form.querySelector('[name="start"]').value = "";
    form.querySelector('[name="end"]').value = "";
  });

  document.addEventListener("click", function (event) {
    const opener = event.target.closest && event.target.closest("[data-add-note]");
    if (!opener) return;
    // The float button uses the selection; a row's link starts on the whole paragraph.
    if (openNoteDialog(opener.dataset.addNote, opener.id === "add-note-float")) {
      event.preventDefault();
    }
  });

  // The note was stored: close the dialog and go back to the row's translation.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const dialog = document.getElementById("note-dialog");
    // The form replaced itself (outerHTML), so the event's target is already gone:
    // its successor's "Note added." says the note was stored.
    if (!dialog || !dialog.open || !dialog.querySelector("#note-form .ok")) return;
    const pid = dialog.dataset.paragraph || "";
    dialog.close();
    // The words are noted: their selection (and its floating buttons) is done with.
    window.getSelection().removeAllRanges();
    hideFloats();
    const ta = document.getElementById("text-" + (pid || ""));
    if (ta) ta.focus();
  });

  // Choosing a note (its number in the list, its marker, or the note itself) lights
  // up the words it is pinned to.
  function lightNote(id, on) {
    document.querySelectorAll(".noted").forEach(function (span) {
      const ids = (span.dataset.notes || "").split(" ");
      if (ids.indexOf(String(id)) !== -1) span.classList.toggle("lit", on);
      else if (on) span.classList.remove("lit");
    });
    document.querySelectorAll('.note-marker[data-note="' + id + '"]').forEach(function (m) {
      m.classList.toggle("lit", on);
    });
  }

  document.addEventListener("click", function (event) {
    const shower = event.target.closest && event.target.closest("[data-show-note]");
    if (!shower) return;
    const id = shower.dataset.showNote;
    lightNote(id, true);
    const span = document.querySelector('.note-marker[data-note="' + id + '"]');
    if (span) span.scrollIntoView({ block: "nearest" });
  });
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      const el = event.target.closest && event.target.closest(".note-marker, li.note");
      if (el) lightNote(el.dataset.note, true);
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      const el = event.target.closest && event.target.closest(".note-marker, li.note");
      if (el && !el.contains(event.relatedTarget)) lightNote(el.dataset.note, false);
    });
  });

  // Tooltips (CSS, from data-tip) open rightwards; one anchored in the right half of
  // the window opens leftwards instead, so that it stays inside narrow windows.
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      const anchor = event.target.closest && event.target.closest("a.note-marker, mark.term");
      if (!anchor) return;
      const rect = anchor.getBoundingClientRect();
      anchor.classList.toggle("tip-flip", rect.left > window.innerWidth / 2);
    });
  });

  // =========================================================== a correction in progress
  // While a paragraph's Japanese is being corrected, its source cell is a form. Other
  // answers (a note, a glossary change in any tab, a row re-rendered after "use
  // draft") also carry that cell: they must not throw away the half-typed text.
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    const target = event.detail.target;
    if (target && target.matches && target.matches("form.source-edit")) {
      event.detail.shouldSwap = false;
    }
  });
  const keptCorrections = [];
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (!target || !target.querySelectorAll || target.matches("form.source-edit")) return;
    target.querySelectorAll("form.source-edit").forEach(function (form) {
      keptCorrections.push(form);
    });
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    while (keptCorrections.length) {
      const form = keptCorrections.pop();
      const fresh = document.getElementById(form.id);
      if (fresh && fresh !== form && !fresh.matches("form.source-edit")) {
        fresh.replaceWith(form);
        // htmx cleaned the form up when its row left the page: wire it again.
        if (window.htmx) window.htmx.process(form);
      }
    }
  });

  // =========================================================== forms that create something
  // A form marked data-submit-once (the import preview's "Create article") is sent
  // once: its buttons are disabled while the page waits for the answer. The
  // server already answers a second submit with what the first one created;
  // this spares the editor the second wait. Coming back to the page through the
  // browser's history enables them again.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form[data-submit-once]")) return;
    if (event.defaultPrevented) return;
    form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    form.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
      form.removeAttribute("aria-busy");
    });
  });

  // =========================================================== focus after a note changes
  // Replying, resolving or reopening replaces the row's notes; focus goes back to the
  // same note (or to the row's translation) instead of falling to the page.
  let focusNote = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const item = event.target.closest && event.target.closest("li.note");
    focusNote = item ? item.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!focusNote) return;
    const id = focusNote;
    focusNote = null;
    if (document.activeElement && document.activeElement !== document.body) return;
    const item = document.getElementById(id);
    if (item) item.focus();
  });
})();
