// Idea platform, progressive enhancement only: every form works as a plain POST without this.
(function () {
  "use strict";

  function announce(region, text) {
    if (!region) {
      return;
    }
    // Empty first, so that the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  // Support and follow: post with fetch, update the button state, the count and the live region.
  function enhanceToggle(form) {
    var button = form.querySelector("button[aria-pressed]");
    var state = form.querySelector("[data-state]");
    var live = document.getElementById(form.getAttribute("data-live"));
    var section = form.closest("section") || document;
    var count = section.querySelector("[data-count]");
    if (!button || !state || !window.fetch || !window.FormData) {
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.getAttribute("aria-busy") === "true") {
        return;
      }
      button.setAttribute("aria-busy", "true");
      window
        .fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) {
            throw new Error("no JSON");
          }
          return response.json();
        })
        .then(function (data) {
          button.removeAttribute("aria-busy");
          if (data.ok) {
            var pressed = Boolean("supported" in data ? data.supported : data.following);
            button.setAttribute("aria-pressed", pressed ? "true" : "false");
            state.value = pressed ? "0" : "1";
            if (count && data.count_label) {
              count.textContent = data.count_label;
            }
          }
          announce(live, data.message || "");
        })
        .catch(function () {
          // Anything unexpected (network, session expired): fall back to the plain POST.
          button.removeAttribute("aria-busy");
          form.submit();
        });
    });
  }

  // A visible character count under limited fields, and a calm announcement after a pause.
  function enhanceCharacterCount(field) {
    var limit = parseInt(field.getAttribute("data-character-limit"), 10);
    var leftText = field.getAttribute("data-count-left");
    var overText = field.getAttribute("data-count-over");
    if (!limit || !leftText || !overText) {
      return;
    }
    var visible = document.createElement("p");
    visible.className = "character-count";
    visible.id = field.id + "_count";
    visible.setAttribute("aria-hidden", "true");
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", visible);
    visible.insertAdjacentElement("afterend", live);
    var timer = null;

    function message() {
      var length = field.value.length;
      if (length > limit) {
        return overText.replace("%(count)s", String(length - limit));
      }
      return leftText.replace("%(count)s", String(limit - length));
    }

    function update(announceIt) {
      visible.textContent = message();
      visible.classList.toggle("character-count--over", field.value.length > limit);
      window.clearTimeout(timer);
      if (announceIt) {
        timer = window.setTimeout(function () {
          live.textContent = message();
        }, 1000);
      }
    }

    field.addEventListener("input", function () {
      update(true);
    });
    update(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-toggle-form]"), enhanceToggle);
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-character-limit]"),
      enhanceCharacterCount
    );
  });
})();
