// A saved map's edit page (/maps/<id>/edit#key=<secret>): the key travels in the address's
// fragment, which browsers never send to the server (nor to its logs); this hands it to the
// edit panel's callbacks (components/saved_maps.py) through its store.
(function () {
    "use strict";
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        editKey: function () {
            const match = /(?:^#|&)key=([A-Za-z0-9_-]{1,64})(?:&|$)/.exec(window.location.hash);
            return match ? match[1] : "";
        },
    });
})();
