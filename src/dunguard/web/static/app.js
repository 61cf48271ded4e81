// The only script of the app: copy buttons for the drafts, and focus on the answer after an analysis.
// Without it the drafts stay in read-only text boxes the user can select and copy by hand.
(function () {
  "use strict";

  function flash(button) {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-done") || label;
    button.classList.add("done");
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("done");
    }, 2000);
  }

  function copyBySelection(area, button) {
    area.focus();
    area.select();
    try {
      if (document.execCommand("copy")) {
        flash(button);
      }
    } catch (e) {
      // Nothing more to do: the text is selected, the user can copy it themselves.
    }
  }

  function setup() {
    // After an analysis, keyboard and screen-reader users start at the answer, not at the top of the form.
    // (after the load event: the browser's own jump to #result would otherwise take the focus back)
    var heading = document.querySelector(".result-h");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      var focusAnswer = function () { heading.focus({ preventScroll: true }); };
      if (document.readyState === "complete") {
        window.setTimeout(focusAnswer, 0);
      } else {
        window.addEventListener("load", function () { window.setTimeout(focusAnswer, 0); });
      }
    }
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var area = document.getElementById(button.getAttribute("data-copy"));
      if (!area) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(area.value).then(function () {
            flash(button);
          }, function () {
            copyBySelection(area, button);
          });
        } else {
          copyBySelection(area, button);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
