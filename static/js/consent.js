/*
 * Cookie consent on pages that are the same for every visitor (the page
 * cache keeps them): the server renders the banner hidden, and this script
 * shows it when the visitor has no valid choice, records a choice through
 * the banner's form, and only then adds the statistics and marketing
 * scripts. A choice is valid for a set number of days and for the cookie
 * list it was given on (data attributes on the banner).
 *
 * Cookie: <record id>.<statistics 0/1><marketing 0/1>.<list version>.<unix time>
 * No inline scripts or style attributes (the Content-Security-Policy allows
 * neither): everything runs from this file.
 */
(function () {
  "use strict";

  var banner = document.getElementById("consent-banner");
  if (!banner) {
    return;
  }
  var config = banner.dataset;

  function readChoice() {
    var name = config.cookieName + "=";
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(name) === 0) {
        var match = /^([0-9a-f]{32})\.([01])([01])\.([0-9a-f]+)\.([0-9]+)$/.exec(
          decodeURIComponent(parts[i].slice(name.length))
        );
        if (!match) {
          return null;
        }
        return {
          statistics: match[2] === "1",
          marketing: match[3] === "1",
          version: match[4],
          givenAt: parseInt(match[5], 10),
        };
      }
    }
    return null;
  }

  function isValid(choice) {
    if (!choice || choice.version !== config.cookieVersion) {
      return false;
    }
    var age = Date.now() / 1000 - choice.givenAt;
    return age >= 0 && age < parseInt(config.consentDays, 10) * 86400;
  }

  function addScript(src, id) {
    if (document.getElementById(id)) {
      return;
    }
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.id = id;
    document.head.appendChild(script);
  }

  function loadStatistics() {
    var id = config.analyticsId;
    if (!id) {
      return;
    }
    window.dataLayer = window.dataLayer || [];
    window.gtag = function () {
      window.dataLayer.push(arguments);
    };
    window.gtag("js", new Date());
    window.gtag("config", id, { anonymize_ip: true });
    addScript(
      "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(id),
      "consent-statistics"
    );
  }

  function loadMarketing() {
    var id = config.pixelId;
    if (id && !window.fbq) {
      var fbq = function () {
        if (fbq.callMethod) {
          fbq.callMethod.apply(fbq, arguments);
        } else {
          fbq.queue.push(arguments);
        }
      };
      fbq.push = fbq;
      fbq.loaded = true;
      fbq.version = "2.0";
      fbq.queue = [];
      window.fbq = window._fbq = fbq;
      fbq("init", id);
      fbq("track", "PageView");
      addScript("https://connect.facebook.net/en_US/fbevents.js", "consent-marketing");
    }
    loadAllEmbeds();
  }

  function loadEmbed(container) {
    var template = container.querySelector("template");
    if (!template) {
      return;
    }
    var content = template.content.cloneNode(true);
    container.textContent = "";
    container.appendChild(content);
    container.removeAttribute("data-consent-embed");
    // The embed's height ratio (Wagtail's responsive embeds), set through
    // the DOM: the Content-Security-Policy refuses style attributes.
    var boxes = container.querySelectorAll(".responsive-object[data-ratio]");
    for (var i = 0; i < boxes.length; i++) {
      if (/^[0-9.]+%$/.test(boxes[i].dataset.ratio)) {
        boxes[i].style.paddingBottom = boxes[i].dataset.ratio;
      }
    }
  }

  function loadAllEmbeds() {
    var embeds = document.querySelectorAll("[data-consent-embed]");
    for (var i = 0; i < embeds.length; i++) {
      loadEmbed(embeds[i]);
    }
  }

  function apply(choice) {
    if (choice.statistics) {
      loadStatistics();
    }
    if (choice.marketing) {
      loadMarketing();
    }
  }

  function forgetCookies(choice) {
    // Cookies a withdrawn category set before: remove what we can reach.
    var names = [];
    if (!choice.statistics) {
      names.push("_ga", "_gid", "_gat");
    }
    if (!choice.marketing) {
      names.push("_fbp", "_fbc");
    }
    var all = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < all.length; i++) {
      var name = all[i].split("=")[0];
      for (var j = 0; j < names.length; j++) {
        if (name === names[j] || name.indexOf(names[j] + "_") === 0) {
          document.cookie = name + "=; Max-Age=0; path=/";
          document.cookie =
            name + "=; Max-Age=0; path=/; domain=." + location.hostname.replace(/^www\./, "");
        }
      }
    }
  }

  var form = banner.querySelector("form");
  var pressed = null;
  // On the banner: the quick choices sit outside the form (form=).
  banner.addEventListener("click", function (event) {
    if (event.target.name === "choice") {
      pressed = event.target.value;
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    data.set("choice", pressed || "custom");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("consent " + response.status);
        }
        return response.json();
      })
      .then(function (result) {
        banner.hidden = true;
        forgetCookies(result);
        apply(result);
      })
      .catch(function () {
        // Keep the banner; the visitor can use the cookie settings page.
      });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-consent-embed-load]");
    if (button) {
      loadEmbed(button.closest("[data-consent-embed]"));
    }
  });

  var choice = readChoice();
  if (isValid(choice)) {
    forgetCookies(choice);
    apply(choice);
  } else {
    banner.hidden = false;
  }
})();
