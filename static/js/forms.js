/* Forms on pages served from the page cache (home/csrf.py).

   A cached page is the same HTML for everyone, so its forms hold no CSRF
   token. Every form with a data-token-url gets one from that private
   endpoint when it is first used (focus) and, at the latest, just before it
   is sent. A form that already has a token (one the server sent again after
   a failure) is left alone. Without this script the forms still work: the
   server answers a post without a token with the form again, filled in as
   sent, and a fresh token. */
(function () {
    "use strict";

    function tokenInput(form) {
        var input = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = "csrfmiddlewaretoken";
            form.appendChild(input);
        }
        return input;
    }

    // One request per endpoint at a time, shared by every form using it.
    var requests = {};

    function fetchToken(form) {
        var input = tokenInput(form);
        if (input.value) {
            return Promise.resolve();
        }
        var url = form.getAttribute("data-token-url");
        if (!requests[url]) {
            requests[url] = fetch(url, {
                credentials: "same-origin",
                headers: {"Accept": "application/json"}
            }).then(function (response) {
                if (!response.ok) {
                    throw new Error("token " + response.status);
                }
                return response.json();
            }).then(function (data) {
                return data.token || "";
            }).catch(function () {
                delete requests[url];
                return "";
            });
        }
        return requests[url].then(function (token) {
            if (token && !input.value) {
                input.value = token;
            }
        });
    }

    function send(form, submitter) {
        if (form.requestSubmit) {
            form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        } else {
            form.submit();
        }
    }

    document.addEventListener("focusin", function (event) {
        var form = event.target.closest ? event.target.closest("form[data-token-url]") : null;
        if (form) {
            fetchToken(form);
        }
    });

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form.matches || !form.matches("form[data-token-url]")) {
            return;
        }
        if (tokenInput(form).value || form.hasAttribute("data-sending")) {
            return;
        }
        event.preventDefault();
        form.setAttribute("data-sending", "");
        var submitter = event.submitter;
        fetchToken(form).then(function () {
            send(form, submitter);
        });
    });
}());
