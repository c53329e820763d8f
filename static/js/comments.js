// Discussions: progressive enhancement only. Without this file replies open on their own
// page, likes are plain form posts and other thread pages are ordinary links.
(function () {
  "use strict";

  function focusTarget() {
    // After posting, editing or reporting the page opens at "#c<id>": move focus there too.
    // After deleting, it opens at the heading with the new count.
    var match = /^#(c\d+|diskussion-heading)$/.exec(window.location.hash);
    var target = match ? document.getElementById(match[1]) : null;
    if (target) {
      target.focus();
    }
  }

  function closeReplyForms(except) {
    document.querySelectorAll("[data-reply-slot-open]").forEach(function (slot) {
      if (slot === except) {
        return;
      }
      slot.removeAttribute("data-reply-slot-open");
      slot.innerHTML = "";
      var toggle = document.querySelector('[aria-controls="' + slot.id + '"]');
      if (toggle) {
        toggle.setAttribute("aria-expanded", "false");
      }
    });
  }

  function openReplyForm(toggle, template) {
    var commentId = toggle.getAttribute("data-reply-to");
    var slot = document.getElementById("c" + commentId + "-reply");
    if (!slot) {
      return;
    }
    if (slot.hasAttribute("data-reply-slot-open")) {
      slot.querySelector("textarea").focus();
      return;
    }
    closeReplyForms(slot);
    slot.innerHTML = template.innerHTML.replace(/__cid__/g, commentId);
    slot.setAttribute("data-reply-slot-open", "");
    var form = slot.querySelector("form");
    form.querySelector('input[name="reply_to"]').value = commentId;
    var label = form.querySelector("label.form-field__label");
    if (label) {
      var author = slot.closest("article").querySelector(".comment__author");
      label.textContent = template
        .getAttribute("data-reply-label")
        .replace("__name__", author ? author.textContent : "");
    }
    form.querySelector("[data-reply-cancel]").addEventListener("click", function () {
      closeReplyForms(null);
      toggle.focus();
    });
    toggle.setAttribute("aria-expanded", "true");
    form.querySelector("textarea").focus();
  }

  function enhanceReplies(section) {
    var template = document.getElementById("comment-reply-template");
    if (!template) {
      return;
    }
    // The links lead to a reply page; with JavaScript they become disclosure buttons.
    section.querySelectorAll("a[data-reply-to]").forEach(function (link) {
      var commentId = link.getAttribute("data-reply-to");
      // The place for the form, after the comment's actions (not sent with every comment).
      var slot = document.createElement("div");
      slot.className = "comment__reply-slot";
      slot.id = "c" + commentId + "-reply";
      document.getElementById("c" + commentId).appendChild(slot);
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.innerHTML = link.innerHTML;
      button.setAttribute("data-reply-to", commentId);
      if (link.hasAttribute("aria-label")) {
        button.setAttribute("aria-label", link.getAttribute("aria-label"));
      }
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", slot.id);
      button.addEventListener("click", function () {
        if (button.getAttribute("aria-expanded") === "true") {
          closeReplyForms(null);
          return;
        }
        openReplyForm(button, template);
      });
      link.replaceWith(button);
    });
  }

  function enhanceLikes(section) {
    // One form serves every "Gefällt mir" button (form/formaction attributes on the buttons).
    var live = section.querySelector("[data-comment-live]");
    var form = section.querySelector("form[data-like-form]");
    if (!form) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!window.fetch || !button || !button.formAction) {
        return;
      }
      event.preventDefault();
      // Not `disabled` while the request runs: a disabled button loses keyboard focus to the
      // page body. aria-disabled keeps focus where it is and a second press is ignored.
      if (button.getAttribute("aria-disabled") === "true") {
        return;
      }
      button.setAttribute("aria-disabled", "true");
      fetch(button.formAction, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          button.removeAttribute("aria-disabled");
          button.setAttribute("aria-pressed", data.liked ? "true" : "false");
          var count = document.getElementById(button.getAttribute("aria-describedby"));
          if (count) {
            count.textContent = data.count_text;
          }
          if (live) {
            live.textContent = data.announcement;
          }
        })
        .catch(function () {
          // Fall back to the plain form post and its page reload.
          button.removeAttribute("aria-disabled");
          form.action = button.formAction;
          form.submit();
        });
    });
  }

  function enhancePages(section) {
    // The pagination loads the next page of the thread in place; the link stays a link.
    if (!window.fetch || !window.DOMParser || !window.history.pushState) {
      return;
    }
    var live = section.querySelector("[data-comment-live]");
    var moved = false;
    section.addEventListener("click", function (event) {
      var link = event.target.closest(".discussion__pages a[href]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault();
      fetch(link.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var fresh = doc.querySelector("[data-thread-page]");
          var current = section.querySelector("[data-thread-page]");
          if (!fresh || !current) {
            throw new Error("no thread page");
          }
          current.replaceWith(document.adoptNode(fresh));
          window.history.pushState({ threadPage: true }, "", link.href);
          moved = true;
          enhanceReplies(section);
          var info = section.querySelector("[data-page-info]");
          if (live && info) {
            live.textContent = info.textContent;
          }
          // Focus moves to "Seite 2 von 3" above the new comments; reading continues there.
          if (info) {
            info.focus();
          }
        })
        .catch(function () {
          window.location.href = link.href;
        });
    });
    window.addEventListener("popstate", function () {
      // Back and forward after a page loaded in place show what the address says.
      if (moved) {
        window.location.reload();
      }
    });
  }

  function preventDoubleSubmit(section) {
    section.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("[data-comment-form]")) {
        return;
      }
      if (form.hasAttribute("data-submitting")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitting", "");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-discussion]").forEach(function (section) {
      enhanceReplies(section);
      enhanceLikes(section);
      enhancePages(section);
      preventDoubleSubmit(section);
    });
    focusTarget();
  });

  // Coming back through the history must not leave a form locked.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
    });
  });
})();
