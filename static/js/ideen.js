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

  // Similar ideas beside the form: loaded while the title is typed, announced politely when
  // their number changes. Focus stays in the field; without JavaScript a button shows them.
  function enhanceSimilar(aside) {
    var url = aside.getAttribute("data-similar-url");
    var form = aside.parentNode.querySelector("form");
    var title = form && form.querySelector("[name=title]");
    var description = form && form.querySelector("[name=description]");
    var live = document.getElementById("aehnliche-live");
    if (!url || !title || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
      return;
    }
    var timer = null;
    var lastQuery = null;
    var lastMessage = null;
    var requestNumber = 0;

    function load() {
      var typed = title.value.trim();
      if (typed.length < 3) {
        return;
      }
      var params = new URLSearchParams();
      params.set("title", typed);
      if (description) {
        params.set("description", description.value.slice(0, 1000));
      }
      if (aside.getAttribute("data-similar-exclude")) {
        params.set("idee", aside.getAttribute("data-similar-exclude"));
      }
      var query = params.toString();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      requestNumber += 1;
      var number = requestNumber;
      window
        .fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("no suggestions");
          }
          return response.text();
        })
        .then(function (html) {
          if (number !== requestNumber) {
            return; // An answer to an older request: a newer one is on its way.
          }
          var doc = new window.DOMParser().parseFromString(html, "text/html");
          var content = doc.querySelector(".similar-ideas__content");
          if (!content) {
            return;
          }
          while (aside.firstChild) {
            aside.removeChild(aside.firstChild);
          }
          aside.appendChild(document.importNode(content, true));
          aside.hidden = false;
          var message = content.getAttribute("data-similar-message");
          if (message && message !== lastMessage) {
            lastMessage = message;
            announce(live, message);
          }
        })
        .catch(function () {
          // Suggestions are a help, not a step: when they fail, the form works as before.
          lastQuery = null;
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 600);
    }

    title.addEventListener("input", later);
    if (description) {
      description.addEventListener("change", later);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-similar-url]"), enhanceSimilar);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-toggle-form]"), enhanceToggle);
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-character-limit]"),
      enhanceCharacterCount
    );
  });
})();
