/*
 * The page's address and the view, kept in step (components/share.py).
 *
 * View to address: assets/scripts/map_view.js announces each view it draws ("citylinks:view"); once
 * the view has stayed put a moment (longer than a play tick, so a play-through is not one
 * history entry a year), the address gets a new history entry, and Dash's Location component
 * is told (as dcc.Link does) so that Back and Forward come back through it.
 * Address to view: the callback below; the server reads the address (its state route).
 */
(function () {
    "use strict";

    let pending = null;
    let written = null; // the last address this page wrote itself
    let opened = false; // whether the address the page was opened with has been read
    let lastView = null;
    let present = false;
    let camera = null; // where the map looks (assets/scripts/camera.js)
    // A language the page was opened with (a link, or the language switch) stays in the
    // address; without one, the browser's language chose, and the address leaves it out.
    const opening = new URLSearchParams(window.location.search).get("lang");
    const pageLanguage = document.documentElement.lang;
    let language = opening && opening === pageLanguage ? opening : null;

    // The address of a view: what is the default is left out (assets/scripts/map_view.js viewQuery).
    function queryOf(view) {
        const address = Object.assign({}, view, {present, lang: language, view: camera});
        return window.dash_clientside.citylinks.viewQuery(address, view.last);
    }

    function scheduleWrite() {
        const view = lastView;
        if (!view) {
            return;
        }
        clearTimeout(pending);
        pending = setTimeout(() => {
            const query = queryOf(view);
            if (query === window.location.search) {
                return;
            }
            written = query;
            writeAddress(query);
        }, view.settleMs);
    }

    // A new history entry with this query on the page's path, and Dash's Location told.
    // A path typed with doubled slashes ("//?year=1996") is written with one: "//?…" would be
    // an address on another host, which the browser refuses.
    function writeAddress(query) {
        const path = "/" + window.location.pathname.replace(/^\/+/, "");
        window.history.pushState({}, "", path + query);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }

    window.addEventListener("citylinks:view", (event) => {
        lastView = event.detail;
        scheduleWrite();
    });
    window.addEventListener("citylinks:camera", (event) => {
        camera = event.detail || null;
        scheduleWrite();
    });
    window.addEventListener("citylinks:present", (event) => {
        present = Boolean(event.detail);
        scheduleWrite();
    });

    // The language switch (components/language.py) is a link to the other language: keep
    // the view in it, so switching changes the language and nothing else.
    document.addEventListener("click", (event) => {
        const link = event.target && event.target.closest && event.target.closest("#language-switch");
        if (!link || !lastView || event.ctrlKey || event.metaKey || event.shiftKey) {
            return;
        }
        event.preventDefault();
        const keep = language;
        language = link.getAttribute("hreflang");
        const query = queryOf(lastView);
        language = keep;
        window.location.assign(window.location.pathname + query);
    });

    // The camera an address asks for, once the map is drawn.
    function showCamera(wanted) {
        const citylinks = window.dash_clientside.citylinks;
        if ((wanted || null) !== camera) {
            const show = (tries) => {
                const gd = document.querySelector("#map .js-plotly-plot");
                if (gd && gd._fullLayout) {
                    citylinks.showView(wanted);
                } else if (tries > 0) {
                    setTimeout(() => show(tries - 1), 100);
                }
            };
            show(50);
        }
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        writeAddress: writeAddress,
        // The notice of what an address could not use: its close button hides it.
        closeNotice: function (clicks) {
            return true;
        },
        readAddress: async function (search, source) {
            const keep = window.dash_clientside.no_update;
            const unchanged = new Array(14).fill(keep);
            const first = !opened;
            opened = true;
            const ownWriting = search === written;
            written = null; // it comes back once, from the pushState event
            if ((first && !search) || ownWriting) {
                return unchanged; // opened on the default view, or the address this page wrote
            }
            clearTimeout(pending);
            const response = await fetch(source.url + (search || ""), {credentials: "same-origin"});
            if (!response.ok) {
                throw new Error("CityLinks: reading the address failed (HTTP " + response.status + ")");
            }
            const state = await response.json();
            const notice = state.problems.length
                ? source.notice.replace("{problems}", state.problems.join("; "))
                : "";
            showCamera(state.view);
            return [
                state.query === (search || "") ? keep : state.query,
                state.year,
                state.networks,
                state.mode,
                state.selected,
                notice,
                !notice,
                state.present === present ? keep : state.present,
                state.time,
                state.period,
            ].concat(state.filters);
        },
    });
})();
