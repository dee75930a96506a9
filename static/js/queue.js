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
  var rate = parseFloat(main.getAttribute("data-queue-rate")) || 0;
  var ahead = position ? parseInt(position.textContent, 10) || 1 : 1;
  function next() {
    // Every two seconds near the front; further back, about four times
    // before the turn comes, at most every eight seconds (what is left of
    // a long queue learns of a sell-out within that), so a queue of
    // thousands asks a fraction as often. A little spread, so waiting
    // pages opened together do not ask together.
    var wait = rate > 0 ? ahead / rate : 0;
    var seconds = Math.min(8, Math.max(2, wait / 4));
    window.setTimeout(check, (seconds - 0.5 + Math.random()) * 1000);
  }
  function check() {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          next();
          return;
        }
        if (data.sold_out) {
          showSoldOut();
          return;
        }
        if (data.admitted === null || !data.on_sale || number <= data.admitted) {
          window.location.assign(buyUrl);
          return;
        }
        ahead = Math.max(1, number - data.admitted);
        if (position) {
          position.textContent = String(ahead);
        }
        next();
      })
      .catch(next);
  }
  next();
})();
