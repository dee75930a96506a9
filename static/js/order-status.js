// The return page from Stripe Checkout: while the order awaits the payment
// webhook, ask for its state every few seconds (for three minutes at most)
// and reload the page once it has changed.
(function () {
  "use strict";
  var box = document.querySelector("[data-order-status]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-order-status");
  var tries = 0;
  function check() {
    tries += 1;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.status && data.status !== "pending") {
          window.location.reload();
        } else if (tries < 60) {
          window.setTimeout(check, 3000);
        }
      })
      .catch(function () {
        if (tries < 60) {
          window.setTimeout(check, 3000);
        }
      });
  }
  window.setTimeout(check, 2000);
})();
