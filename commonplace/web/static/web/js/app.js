// Behaviour shared by every page. No inline scripts anywhere: the
// Content-Security-Policy allows only files served by Commonplace itself.
"use strict";

document.addEventListener("htmx:configRequest", (event) => {
  // htmx requests carry the CSRF token that Django checks on every write.
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRFToken"] = meta.content;
  }
});

// The unread-notifications count in the header refreshes about once a
// minute while the tab is visible, and at once when it becomes visible
// again after a longer absence. Hidden tabs ask nothing of the server.
(() => {
  const POLL_MS = 60 * 1000;
  let lastRefresh = Date.now();

  function refreshBadge() {
    const badge = document.getElementById("unread-badge");
    if (badge && window.htmx) {
      window.htmx.trigger(badge, "refresh");
      lastRefresh = Date.now();
    }
  }

  setInterval(() => {
    if (!document.hidden) {
      refreshBadge();
    }
  }, POLL_MS);

  // A poll that brings the same count changes nothing, so screen readers
  // are not told "2 unread" again every minute.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target && target.id === "unread-badge" &&
        event.detail.serverResponse.trim() === target.innerHTML.trim()) {
      event.detail.shouldSwap = false;
    }
  });

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && Date.now() - lastRefresh >= POLL_MS) {
      refreshBadge();
    }
  });
})();

// @mention suggestions in text fields inside `.mention-field`: typing "@"
// and a few letters lists matching people below the field (a listbox the
// arrow keys move through; Enter or Tab chooses, Escape closes). People
// who cannot see the community are marked, and choosing one says so in
// the field's live status line.
(() => {
  // As the server reads mentions (people/handles.py): not after a letter,
  // "@", ".", "/", "+" or "-", so addresses and links never suggest.
  // Letters of any script may start a name ("@Łuk"); choosing inserts
  // the person's handle.
  const AT_CARET = /(?:^|[^\p{L}\p{N}_@./+-])@([\p{L}\p{N}._-]{1,40})$/u;
  const DELAY_MS = 150;

  // Whether `text` still mentions `handle` (not a longer handle it starts).
  function mentions(text, handle) {
    const lower = text.toLowerCase();
    let at = lower.indexOf(`@${handle}`);
    while (at !== -1) {
      const next = lower.charAt(at + handle.length + 1);
      const continues = /[a-z0-9_-]/.test(next) ||
        (next === "." && /[a-z0-9]/.test(lower.charAt(at + handle.length + 2)));
      if (!continues) {
        return true;
      }
      at = lower.indexOf(`@${handle}`, at + 1);
    }
    return false;
  }

  function setUp(container) {
    const field = container.querySelector("textarea");
    if (!field) {
      return;
    }
    const status = container.querySelector(".mention-status");
    const list = document.createElement("ul");
    list.id = `${field.id}-mentions`;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", container.dataset.mentionLabel || "");
    list.hidden = true;
    field.after(list);
    field.setAttribute("aria-autocomplete", "list");
    // No aria-expanded: ARIA allows it on a combobox, not on a textarea
    // (a textbox), and axe-core reports it as a critical violation.
    field.setAttribute("aria-controls", list.id);

    let timer = null;
    let active = -1;
    let query = null;
    // People chosen who cannot see the community: handle -> name.
    const unreachable = new Map();

    function sayWhoIsNotTold() {
      if (!status) {
        return;
      }
      const still = [...unreachable].filter(([handle]) => mentions(field.value, handle));
      status.textContent = still
        .map(([, name]) => `${name} ${container.dataset.mentionUnreachable}`)
        .join(" · ");
    }

    const options = () => Array.from(list.querySelectorAll('[role="option"]'));

    function close() {
      list.hidden = true;
      list.replaceChildren();
      field.removeAttribute("aria-activedescendant");
      active = -1;
      query = null;
    }

    function highlight(index) {
      const all = options();
      active = (index + all.length) % all.length;
      all.forEach((option, position) => {
        option.setAttribute("aria-selected", String(position === active));
      });
      field.setAttribute("aria-activedescendant", all[active].id);
    }

    function choose(option) {
      const caret = field.selectionStart;
      const before = field.value.slice(0, caret);
      const start = before.lastIndexOf(`@${query}`);
      const handle = `@${option.dataset.handle} `;
      field.value = field.value.slice(0, start) + handle + field.value.slice(caret);
      const after = start + handle.length;
      field.setSelectionRange(after, after);
      if (option.dataset.unreachable) {
        unreachable.set(option.dataset.handle, option.dataset.name);
      }
      sayWhoIsNotTold();
      close();
      field.focus();
    }

    async function lookUp() {
      const before = field.value.slice(0, field.selectionStart);
      const match = before.match(AT_CARET);
      if (!match) {
        close();
        return;
      }
      const wanted = match[1];
      const url = `${container.dataset.mentionUrl}?q=${encodeURIComponent(wanted)}`;
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) {
        close();
        return;
      }
      const html = await response.text();
      const template = document.createElement("template");
      template.innerHTML = html;
      list.replaceChildren(template.content);
      if (!options().length) {
        close();
        return;
      }
      query = wanted;
      list.hidden = false;
      highlight(0);
    }

    field.addEventListener("input", () => {
      sayWhoIsNotTold();
      clearTimeout(timer);
      timer = setTimeout(lookUp, DELAY_MS);
    });
    field.addEventListener("keydown", (event) => {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    field.addEventListener("blur", () => setTimeout(close, 200));
    list.addEventListener("mousedown", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });
  }

  function setUpAll(root) {
    root.querySelectorAll(".mention-field").forEach((container) => {
      if (!container.dataset.mentionReady) {
        container.dataset.mentionReady = "true";
        setUp(container);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();
