/* The SMS announcement form: how many of the 160 characters of one SMS are
   left, counted as the server counts them (GSM alphabet: the signs of its
   extension table take two; the stop instruction of the chosen language is
   added at the end), and which characters an SMS cannot carry. The texts
   come translated in data attributes of the message box. */
(function () {
    "use strict";

    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
        });
    }

    function start(box) {
        var output = document.getElementById(box.id + "-count");
        if (!output) {
            return;
        }
        var max = parseInt(box.getAttribute("data-sms-max"), 10) || 160;
        var basic = box.getAttribute("data-sms-basic") || "";
        var extension = box.getAttribute("data-sms-extension") || "";
        var texts = {
            left: box.getAttribute("data-sms-text-left") || "{left}/{max}",
            over: box.getAttribute("data-sms-text-over") || "-{over}",
            unsupported: box.getAttribute("data-sms-text-unsupported") || "{characters}",
            stop: box.getAttribute("data-sms-text-stop") || "{stop}"
        };
        var stopTexts = {};
        try {
            stopTexts = JSON.parse(box.getAttribute("data-sms-stop-texts") || "{}");
        } catch (error) {
            stopTexts = {};
        }
        var language = box.form ? box.form.querySelector("[name=language]") : null;

        function length(text) {
            var count = 0;
            Array.from(text).forEach(function (character) {
                count += extension.indexOf(character) >= 0 ? 2 : 1;
            });
            return count;
        }

        function unsupported(text) {
            var found = [];
            Array.from(text).forEach(function (character) {
                if (basic.indexOf(character) < 0 && extension.indexOf(character) < 0 &&
                        found.indexOf(character) < 0) {
                    found.push(character);
                }
            });
            return found;
        }

        function update() {
            var stop = stopTexts[language ? language.value : ""] || "";
            var text = box.value.trim().split(/\s+/).join(" ");
            var left = max - length(text + " " + stop);
            var bad = unsupported(text);
            var parts = [
                left >= 0 ? fill(texts.left, { left: left, max: max }) : fill(texts.over, { over: -left, max: max })
            ];
            if (bad.length) {
                parts.push(fill(texts.unsupported, { characters: bad.join(" ") }));
            }
            parts.push(fill(texts.stop, { stop: stop }));
            output.textContent = parts.join(" ");
            box.setAttribute("aria-invalid", left < 0 || bad.length ? "true" : "false");
        }

        box.addEventListener("input", update);
        if (language) {
            language.addEventListener("change", update);
        }
        update();
    }

    // The admin loads form scripts in the page's head: wait for the form.
    function startAll() {
        document.querySelectorAll("textarea[data-sms-counter]").forEach(start);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", startAll);
    } else {
        startAll();
    }
}());
