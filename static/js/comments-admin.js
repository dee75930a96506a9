/* The comment moderation list: "select all on this page" for the bulk
   actions (the checkboxes belong to the #comments-bulk form). */
(function () {
    "use strict";
    var all = document.querySelector("[data-select-all]");
    if (!all) {
        return;
    }
    all.closest("label").hidden = false;
    all.addEventListener("change", function () {
        document.querySelectorAll("input[name=ids][form=comments-bulk]").forEach(function (box) {
            box.checked = all.checked;
        });
    });
}());
