/* The header's account link on pages that are the same for every visitor
   (the page cache and the front proxy keep them): the HTML has both "Log in"
   and "My page", and this script shows "My page" while the cookie named in
   data-signed-in-cookie (set by the server for signed-in visitors, holding
   nothing but "1") is there. Without the script "Log in" shows, and takes a
   signed-in visitor to their page anyway. */
(function () {
    "use strict";

    var holder = document.querySelector("[data-signed-in-cookie]");
    if (!holder) {
        return;
    }
    var name = holder.getAttribute("data-signed-in-cookie") + "=";
    var cookies = document.cookie ? document.cookie.split("; ") : [];
    var signedIn = cookies.some(function (cookie) {
        return cookie.indexOf(name) === 0;
    });
    holder.querySelector("[data-signed-in]").hidden = !signedIn;
    holder.querySelector("[data-signed-out]").hidden = signedIn;
}());
