// The header's search box: the suggestions htmx puts below it are links,
// reached with the down arrow, walked with the arrow keys and closed with
// Escape (focus goes back to the box); they close when focus leaves.
"use strict";

(() => {
  function setUp(form) {
    const input = form.querySelector('input[type="search"]');
    const box = input && document.getElementById(input.getAttribute("aria-controls"));
    if (!box) {
      return;
    }
    const links = () => Array.from(box.querySelectorAll("a"));

    function close() {
      box.hidden = true;
    }

    document.addEventListener("htmx:afterSwap", (event) => {
      if (event.detail.target === box) {
        box.hidden = false;
      }
    });
    input.addEventListener("focus", () => {
      box.hidden = false;
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && links().length) {
        event.preventDefault();
        box.hidden = false;
        links()[0].focus();
      } else if (event.key === "Escape" && !box.hidden && links().length) {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("keydown", (event) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at <= 0 ? input : all[at - 1]).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
        close();
      }
    });
    form.addEventListener("focusout", (event) => {
      if (!form.contains(event.relatedTarget)) {
        close();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".site-search").forEach(setUp);
  });
})();
