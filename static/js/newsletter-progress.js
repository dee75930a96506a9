/* The sending screen of a newsletter issue or SMS announcement: while it is
   being sent, ask for its counts every few seconds and update them in place;
   reload once it has finished, so the page shows its final state. */
(function () {
    "use strict";
    var box = document.querySelector("[data-newsletter-progress]");
    if (!box || !window.fetch || box.getAttribute("data-status") !== "sending") {
        return;
    }
    var url = box.getAttribute("data-newsletter-progress");
    var bar = box.querySelector("[data-progress-bar]");
    var failures = 0;

    function show(data) {
        Object.keys(data).forEach(function (name) {
            document.querySelectorAll('[data-progress-field="' + name + '"]').forEach(function (cell) {
                cell.textContent = String(data[name]);
            });
        });
        if (bar) {
            bar.max = data.total || 1;
            bar.value = data.sent + data.failed + data.skipped;
            bar.textContent = data.percent + " %";
        }
    }

    function check() {
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                if (!data) {
                    failures += 1;
                } else {
                    failures = 0;
                    show(data);
                    if (data.status !== "sending") {
                        window.location.reload();
                        return;
                    }
                }
                if (failures < 10) {
                    window.setTimeout(check, 3000);
                }
            })
            .catch(function () {
                failures += 1;
                if (failures < 10) {
                    window.setTimeout(check, 3000);
                }
            });
    }
    window.setTimeout(check, 3000);
}());
