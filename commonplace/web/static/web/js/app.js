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
