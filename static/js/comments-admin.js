/* The comment moderation list: "select all on this page" for the bulk
   actions (the checkboxes belong to the #comments-bulk form), and keyboard
   shortcuts for working through the queue (listed on the screen):
   j / k move between comments, x selects, p u s n d e i press the current
   row's button. No shortcut fires while a field takes typing, with a
   modifier key held, or when the editor turned shortcuts off in Wagtail's
   account preferences. wagtail-modeladmin loads this in the page's head,
   so it waits for the document. */
(function () {
    "use strict";

    function start() {
        selectAll();
        shortcuts();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }

    function selectAll() {
        var all = document.querySelector("[data-select-all]");
        if (all) {
            all.closest("label").hidden = false;
            all.addEventListener("change", function () {
                document.querySelectorAll("input[name=ids][form=comments-bulk]").forEach(function (box) {
                    box.checked = all.checked;
                });
            });
        }
    }

    function shortcuts() {
        var help = document.querySelector("[data-comments-shortcuts]");
        if (!help) {
            return; // turned off in the account's preferences
        }
        var STORE = "comments-moderation-current";
        var status = document.querySelector("[data-shortcut-status]");
        var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-comment-row]"));
        var current = null;

        function say(text) {
            if (status) {
                status.textContent = text;
            }
        }

        function focusRow(row) {
            if (current) {
                current.classList.remove("is-current");
            }
            current = row;
            row.classList.add("is-current");
            row.focus();
        }

        function move(step) {
            if (!rows.length) {
                return;
            }
            var index = rows.indexOf(current);
            if (index === -1) {
                index = step > 0 ? 0 : rows.length - 1;
            } else {
                index = Math.min(rows.length - 1, Math.max(0, index + step));
            }
            focusRow(rows[index]);
        }

        function remember(row) {
            // After the action the list comes back; the comment after this one
            // (or before, at the end) becomes the current one again.
            var index = rows.indexOf(row);
            var next = rows[index + 1] || rows[index - 1];
            try {
                sessionStorage.setItem(STORE, next ? next.dataset.commentRow : "");
            } catch (error) {
                // No storage (private mode): the list simply starts at the top.
            }
        }

        function takesTyping(element) {
            if (!element || element === document.body) {
                return false;
            }
            if (element.isContentEditable) {
                return true;
            }
            var tag = element.tagName;
            if (tag === "TEXTAREA" || tag === "SELECT") {
                return true;
            }
            if (tag === "INPUT") {
                return ["checkbox", "radio", "button", "submit", "reset"].indexOf(element.type) === -1;
            }
            return Boolean(element.closest("[role=dialog], [role=combobox], [role=textbox]"));
        }

        rows.forEach(function (row) {
            row.addEventListener("focusin", function () {
                if (current !== row) {
                    if (current) {
                        current.classList.remove("is-current");
                    }
                    current = row;
                    row.classList.add("is-current");
                }
            });
        });

        document.addEventListener("keydown", function (event) {
            if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) {
                return;
            }
            if (takesTyping(event.target) || takesTyping(document.activeElement)) {
                return;
            }
            var key = event.key;
            if (key === "j" || key === "k") {
                event.preventDefault();
                move(key === "j" ? 1 : -1);
                return;
            }
            if (!current) {
                if ("xpusndei".indexOf(key) !== -1 && key.length === 1) {
                    say(help.dataset.noCurrent || "");
                }
                return;
            }
            if (key === "x") {
                var box = current.querySelector("input[name=ids]");
                if (box) {
                    event.preventDefault();
                    box.click();
                }
                return;
            }
            if (key.length !== 1) {
                return;
            }
            var button = current.querySelector("[data-shortcut='" + key + "']");
            if (!button) {
                return;
            }
            event.preventDefault();
            if (button.tagName === "BUTTON") {
                remember(current);
            } else {
                try {
                    sessionStorage.setItem(STORE, current.dataset.commentRow);
                } catch (error) {
                    // as above
                }
            }
            button.click();
        });

        var stored = null;
        try {
            stored = sessionStorage.getItem(STORE);
            sessionStorage.removeItem(STORE);
        } catch (error) {
            stored = null;
        }
        if (stored) {
            var again = rows.filter(function (row) {
                return row.dataset.commentRow === stored;
            })[0];
            if (again) {
                focusRow(again);
            }
        }
    }
}());
