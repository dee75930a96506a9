// The queue in front of a buy page (templates/tickets/queue.html): ask the
// queue's status (the same for every buyer, kept a second by the front
// proxy) every two seconds, show the buyer's place, and go on to the buy
// page when the buyer's number is let in or the performance sells out.
(function () {
  "use strict";
  var main = document.querySelector("[data-queue-number]");
  if (!main || !window.fetch) {
    return;
  }
  var number = parseInt(main.getAttribute("data-queue-number"), 10);
  var statusUrl = main.getAttribute("data-queue-status");
  var buyUrl = main.getAttribute("data-queue-buy");
  var position = main.querySelector("[data-queue-position]");
  function next() {
    // A little spread, so waiting pages opened together do not ask together.
    window.setTimeout(check, 1500 + Math.random() * 1000);
  }
  function check() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          next();
          return;
        }
        if (data.admitted === null || data.sold_out || !data.on_sale || number <= data.admitted) {
          window.location.assign(buyUrl);
          return;
        }
        if (position) {
          position.textContent = String(Math.max(1, number - data.admitted));
        }
        next();
      })
      .catch(next);
  }
  next();
})();
