/*
 * The map's view in the browser: dash_clientside.citylinks.view is the callback that follows
 * the year, network, mode and selected-city controls (components/map_view.py).
 *
 * Every view comes from the server's view route, built by the Python code; this file only
 * keeps the views already seen (a bounded cache) and fetches the neighbouring years while the
 * user looks at one, so that the next slider step or play tick draws with no round trip.
 * Each view drawn is announced as a "citylinks:view" event (assets/share.js makes it the
 * page's address).
 */
(function () {
    "use strict";

    const CACHE_LIMIT = 300;
    const AHEAD = [1, -1, 2, -2];
    const cache = new Map(); // view URL -> Promise of the view
    let latestCall = 0;
    let prefetching = null;

    function viewUrl(source, year, networks, mode, selected) {
        const params = new URLSearchParams();
        params.set("year", String(year));
        params.set("mode", mode || "show");
        params.set("lang", source.lang || "en");
        (networks || []).forEach((id) => params.append("network", id));
        if (selected && selected.city) {
            params.set("city", selected.city);
            params.set("country_code", selected.country_code || "");
        }
        return source.url + "?" + params.toString();
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
