/*
 * The map's view in the browser: dash_clientside.citylinks.view is the callback that follows
 * the year, network, mode and selected-city controls (components/map_view.py).
 *
 * Every view comes from the server's view route, built by the Python code; this file only
 * keeps the views already seen (a bounded cache) and fetches the neighbouring years while the
 * user looks at one, so that the next slider step or play tick draws with no round trip.
 * Each view drawn is announced as a "citylinks:view" event (assets/share.js makes it the
 * page's address).
 * Two functions here serve every script: `viewQuery` (a view as a query string, for the
 * address and every route) and `themed` (a theme's trace colours).
 */
(function () {
    "use strict";

    const CACHE_LIMIT = 300;
    const AHEAD = [1, -1, 2, -2];
    const cache = new Map(); // view URL -> Promise of the view
    let latestCall = 0;
    let prefetching = null;

    // The view as a query string: the one contract of citylinks/model/viewstate.py (to_query
    // writes the same). view: {year, networks, mode, selected, present, lang, theme}. Given
    // `last` (the last year), what is the default is left out (the page's address); without
    // it, the year and mode are always written (the routes).
    function viewQuery(view, last) {
        const every = last === undefined;
        const params = new URLSearchParams();
        if (every || view.year !== last) {
            params.append("year", String(view.year));
        }
        (view.networks || []).forEach((id) => params.append("network", id));
        const mode = view.mode || "show";
        if (every || mode !== "show") {
            params.append("mode", mode);
        }
        if (view.selected && view.selected.city) {
            params.append("city", view.selected.city);
            params.append("country", view.selected.country_code || "");
        }
        if (view.present) {
            params.append("present", "1");
        }
        for (const name of ["lang", "theme"]) {
            if (view[name]) {
                params.append(name, view[name]);
            }
        }
        const text = params.toString();
        return text ? "?" + text : "";
    }

    function viewUrl(source, year, networks, mode, selected) {
        return source.url + viewQuery({year, networks, mode, selected, lang: source.lang || "en"});
    }

    function load(url) {
        let view = cache.get(url);
        if (view) {
            cache.delete(url); // most recently used goes last
        } else {
            view = fetch(url, {credentials: "same-origin"}).then((response) => {
                if (!response.ok) {
                    throw new Error("CityLinks: the view request failed (HTTP " + response.status + ")");
                }
                return response.json();
            });
            view.catch(() => cache.delete(url));
        }
        cache.set(url, view);
        while (cache.size > CACHE_LIMIT) {
            cache.delete(cache.keys().next().value);
        }
        return view;
    }

    function fetchAhead(source, year, networks, mode, selected) {
        const wanted = AHEAD.map((step) => year + step)
            .filter((y) => y >= source.first && y <= source.last)
            .map((y) => viewUrl(source, y, networks, mode, selected))
            .filter((url) => !cache.has(url));
        const run = async () => {
            for (const url of wanted) {
                if (prefetching !== run) {
                    return; // the user moved on: fetch around the new view instead
                }
                try {
                    await load(url);
                } catch (error) {
                    return;
                }
            }
        };
        prefetching = run;
        // After this step's redraw, one request at a time, so it never competes with the user.
        setTimeout(run, 60);
    }

    // The theme's trace colours (citylinks/render/figures.py TRACE_THEMES), by role or role:group.
    function themed(traces, colors) {
        if (!Object.keys(colors).length) {
            return traces;
        }
        return traces.map((trace) => {
            const meta = trace.meta || {};
            const change = colors[meta.role + ":" + meta.group] || colors[meta.role];
            if (!change) {
                return trace;
            }
            const copy = JSON.parse(JSON.stringify(trace));
            for (const [path, value] of Object.entries(change)) {
                const keys = path.split(".");
                let node = copy;
                keys.slice(0, -1).forEach((key) => {
                    node[key] = node[key] || {};
                    node = node[key];
                });
                node[keys[keys.length - 1]] = value;
            }
            return copy;
        });
    }

    function announce(source, year, networks, mode, selected) {
        const detail = {year, networks, mode, selected, last: source.last, settleMs: source.settle_ms};
        window.dispatchEvent(new CustomEvent("citylinks:view", {detail}));
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        themed: themed,
        viewQuery: viewQuery,
        view: async function (year, networks, mode, selected, theme, source) {
            const clientside = window.dash_clientside;
            const call = ++latestCall;
            const unchanged = [clientside.no_update, clientside.no_update,
                clientside.no_update, clientside.no_update, clientside.no_update, clientside.no_update];
            const url = viewUrl(source, year, networks, mode, selected);
            const initial = !clientside.callback_context.triggered_id;
            if (initial) {
                // The page came with this view drawn: get the years around it.
                fetchAhead(source, year, networks, mode, selected);
                announce(source, year, networks, mode, selected);
                return unchanged;
            }
            const view = await load(url);
            if (call !== latestCall) {
                return unchanged; // a newer view is on its way: do not draw this one
            }
            fetchAhead(source, year, networks, mode, selected);
            announce(source, year, networks, mode, selected);
            const figure = new clientside.Patch()
                .assign(["data"], themed(view.data, (source.trace_themes || {})[theme] || {}))
                .assign(["layout", "annotations"], view.annotations)
                .build();
            return [figure, view.status].concat(view.cards);
        },
    });
})();

/*
 * The clientside callbacks that follow the year (components/controls.py, summary.py,
 * presentation.py's arrows) and the details panel's width (components/details.py).
 * Component ids are literal here; tests/unit/test_assets.py checks each one is in
 * components/ids.py. Numbers the server decides (years, the timeline's plot area, theme
 * colours) come from the page's constants (app.py writes them as JSON in the page).
 */
(function () {
    "use strict";

    let known = null;

    function constants() {
        if (known === null) {
            const block = document.getElementById("citylinks-constants");
            known = block ? JSON.parse(block.textContent) : {};
        }
        return known;
    }

    function fit() {
        window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
    }

    function inYears(year) {
        const years = constants();
        return year !== null && year >= years.first && year <= years.last;
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        constants: constants,
        fit: fit,
        // Everything that follows the year, in one callback (one render per step): the big
        // year label, the presentation title's year, the timeline's band on the chosen year
        // (a style, not a plotly redraw: it sits behind the transparent chart), and the
        // details panel's year (only while the panel is open: a closed panel costs no server
        // call).
        followYear: function (year, detailsClass) {
            const band = constants().band;
            const span = band.x1 - band.x0;
            const plotWidth = "(100% - " + (band.left + band.right) + "px)";
            const start = (year - 0.5 - band.x0) / span;
            return [
                String(year),
                String(year),
                {
                    left: "calc(" + band.left + "px + " + plotWidth + " * " + start + ")",
                    width: "calc(" + plotWidth + " / " + span + ")",
                    top: band.top + "px",
                    bottom: band.bottom + "px",
                },
                detailsClass === "details hidden" ? window.dash_clientside.no_update : year,
            ];
        },
        // A click on the timeline's bar of a year goes to that year.
        timelineYear: function (click) {
            const point = click && click.points && click.points[0];
            const year = point ? Math.round(point.x) : null;
            return inYears(year) ? year : window.dash_clientside.no_update;
        },
        // The presentation bar's previous and next year buttons.
        stepYear: function (back, forward, year) {
            const trigger = window.dash_clientside.callback_context.triggered_id;
            const next = year + (trigger === "prev-year" ? -1 : 1);
            return inYears(next) ? next : window.dash_clientside.no_update;
        },
        // Opening or closing the details panel changes the map's width: plotly fits it again.
        fitMap: function (className) {
            fit();
            return window.dash_clientside.no_update;
        },
    });
})();
