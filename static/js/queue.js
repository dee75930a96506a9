// The queue in front of a buy page (templates/tickets/queue.html): ask the
// queue's status (the same for every buyer, kept a second by the front
// proxy) every two seconds, show the buyer's place, and go on to the buy
// page when the buyer's number is let in. When the performance sells out
// the page says so itself, with the waiting list (the page's <template>):
// the whole queue learns it within two seconds, and asking the site again
// all at once would only bring the same answer.
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
  var soldOut = main.querySelector("template[data-queue-sold-out]");
  function showSoldOut() {
    main.replaceChildren(soldOut.content.cloneNode(true));
    document.title = soldOut.getAttribute("data-title");
    // The focus was on "Er det min tur?", which is gone: it moves to the
    // answer, whose alert is read out.
    main.querySelector("h1").focus();
  }
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
        if (data.sold_out && soldOut) {
          showSoldOut();
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
