/* The comment form on pages served from the page cache (comments app).

   The cached page holds no CSRF token and nothing personal. The token is
   fetched by static/js/forms.js (as for every form with data-token-url);
   this script
   1. fills in name, email and website from the "remember me" cookie, when
      the commenter asked for it last time;
   2. moves the form under the comment being replied to. */
(function () {
    "use strict";

    var form = document.getElementById("comment-form");
    if (!form) {
        return;
    }
    // "Remember me": the server sets the cookie when the box is ticked.
    function rememberedValues() {
        var name = form.getAttribute("data-remember-cookie") + "=";
        var cookies = document.cookie ? document.cookie.split("; ") : [];
        for (var i = 0; i < cookies.length; i++) {
            if (cookies[i].indexOf(name) === 0) {
                var value = cookies[i].substring(name.length).replace(/^"|"$/g, "");
                return new URLSearchParams(value);
            }
        }
        return null;
    }

    var remembered = rememberedValues();
    var remember = form.querySelector("input[name=remember]");
    if (remembered && remember) {
        ["name", "email", "url"].forEach(function (field) {
            var input = form.querySelector("[name=" + field + "]");
            if (input && !input.value && remembered.get(field)) {
                input.value = remembered.get(field);
            }
        });
        remember.checked = true;
    }

    // Replies: the form moves under the comment and remembers which one.
    var home = document.createComment("comment form");
    form.parentNode.insertBefore(home, form);
    var replyInput = form.querySelector("input[name=reply_to]");
    var replying = form.querySelector("[data-replying]");
    var replyName = form.querySelector("[data-reply-name]");
    var text = form.querySelector("textarea[name=comment]");

    document.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("[data-reply-to]") : null;
        if (link) {
            event.preventDefault();
            var comment = link.closest("article");
            comment.parentNode.insertBefore(form, comment.nextSibling);
            replyInput.value = link.getAttribute("data-reply-to");
            replyName.textContent = link.getAttribute("data-reply-name");
            replying.hidden = false;
            text.focus();
            return;
        }
        var cancel = event.target.closest ? event.target.closest("[data-reply-cancel]") : null;
        if (cancel && form.contains(cancel)) {
            event.preventDefault();
            home.parentNode.insertBefore(form, home.nextSibling);
            replyInput.value = "";
            replying.hidden = true;
            text.focus();
        }
    });
}());
