// On a phone each of the programme's filters is a row that scrolls sideways
// (site.css): a chosen choice beyond the screen's edge is scrolled into
// sight, so the reader sees what the list is filtered by.
(function () {
  "use strict";
  var rows = document.querySelectorAll(".filters__group .chips");
  Array.prototype.forEach.call(rows, function (row) {
    var chosen = row.querySelector(".chip--chosen");
    if (!chosen) {
      return;
    }
    var left = chosen.getBoundingClientRect().left - row.getBoundingClientRect().left;
    if (left + chosen.offsetWidth > row.clientWidth) {
      row.scrollLeft += left - 8;
    }
  });
})();
