// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submit, move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    } else if (!window.location.hash) {
      // A message from the previous step (posted, saved, withdrawn) is already in the page when
      // it loads, so a live region alone is not announced: move focus to it as well. A target
      // in the address (#c12 after a comment) takes precedence.
      var message = document.querySelector("[data-messages]");
      if (message) {
        message.focus();
      }
    }

    // Parts that only work with JavaScript (passkeys, security keys) stay hidden without it.
    document.querySelectorAll("[data-needs-js]").forEach(function (element) {
      element.hidden = false;
    });

    // A security key or passkey that fails (cancelled, timed out, no key for this account):
    // allauth's webauthn.js reports it as an "allauth.error" event; say so on the page.
    var webauthnError = document.querySelector("[data-webauthn-error]");
    if (webauthnError) {
      document.addEventListener("allauth.error", function (event) {
        event.preventDefault();
        webauthnError.hidden = false;
        webauthnError.textContent = webauthnError.dataset.message;
      });
    }

    // Copy buttons: <button data-copy="text" data-copied="#status-id" data-copied-message="…">.
    if (navigator.clipboard) {
      document.querySelectorAll("button[data-copy]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(button.dataset.copy).then(function () {
            var status = document.querySelector(button.dataset.copied);
            if (status) {
              status.textContent = button.dataset.copiedMessage;
            }
          });
        });
      });
    }
  });
})();
