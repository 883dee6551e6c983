/*
 * The map's view in the browser: dash_clientside.citylinks.view is the callback that follows
 * the year, network, mode and selected-city controls (components/map_view.py).
 *
 * Every view comes from the server's view route, built by the Python code; this file only
 * keeps the views already seen (a bounded cache) and fetches the neighbouring years while the
 * user looks at one, so that the next slider step or play tick draws with no round trip.
 * Each view drawn is announced as a "citylinks:view" event (assets/scripts/share.js makes it the
 * page's address).
 * Three functions here serve every script: `viewQuery` (a view as a query string, for the
 * address and every route), `themed` (a theme's trace colours) and `drawMap`.
 *
 * Drawing: once plotly has drawn the map, every change to it (a view, the theme's colours,
 * presentation mode's font sizes) goes straight to Plotly.react through `drawMap`, one at a
 * time, and the callbacks leave the Graph's `figure` property as the page first had it (Dash's
 * Graph redraws only when that property changes). So a slider step costs plotly's own redraw,
 * not a React render of the figure as well; and the layout object is kept as it is unless
 * something in it changed, so that plotly's geo subplot keeps the land, coastlines and
 * countries it has drawn and draws the traces only (assets/scripts/base_map.js).
 */
(function () {
    "use strict";

    const CACHE_LIMIT = 300;
    const AHEAD = [1, -1, 2, -2];
    const cache = new Map(); // view URL -> Promise of the view
    const ready = new Map(); // view URL -> the view, once it has arrived
    let latestCall = 0;
    let prefetching = null;
    // The last view Dash asked for (its year, filters and theme), the year a key press drew
    // ahead of Dash, and what is drawn (its view URL and theme).
    let current = null;
    let predicted = null;
    let drawn = null;

    // The view as a query string: the one contract of citylinks/model/viewstate.py (to_query
    // writes the same). view: {year, networks, mode, focus (components/focus.py's store),
    // selected, view (the camera: assets/scripts/camera.js), present, lang, theme}. Given
    // `last` (the last year), what is the default is left out (the page's address); without
    // it, the year and mode are always written (the routes).
    function viewQuery(view, last) {
        const every = last === undefined;
        const params = new URLSearchParams();
        const focus = view.focus || {};
        if (every || view.year !== last) {
            params.append("year", String(view.year));
        }
        const start = window.dash_clientside.citylinks.periodStart(focus, view.year);
        if (start !== null) {
            params.append("time", focus.time);
            params.append("from", String(start));
        }
        (view.networks || []).forEach((id) => params.append("network", id));
        const mode = view.mode || "show";
        if (every || mode !== "show") {
            params.append("mode", mode);
        }
        for (const name of ["kind", "region", "in_country", "topic"]) {
            (focus[name] || []).forEach((value) => params.append(name, value));
        }
        if (view.selected && view.selected.city) {
            params.append("city", view.selected.city);
            params.append("country", view.selected.country_code || "");
        }
        if (view.view) {
            params.append("view", view.view);
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

    function viewUrl(source, year, networks, mode, selected, focus) {
        return source.url + viewQuery({year, networks, mode, selected, focus, lang: source.lang || "en"});
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
            view.then((answer) => cache.has(url) && ready.set(url, answer), () => cache.delete(url));
        }
        cache.set(url, view);
        while (cache.size > CACHE_LIMIT) {
            const oldest = cache.keys().next().value;
            cache.delete(oldest);
            ready.delete(oldest);
        }
        return view;
    }

    function fetchAhead(source, year, networks, mode, selected, focus) {
        const start = window.dash_clientside.citylinks.periodStart(focus, year);
        const wanted = AHEAD.map((step) => year + step)
            .filter((y) => y >= source.first && y <= source.last && (start === null || y >= start))
            .map((y) => viewUrl(source, y, networks, mode, selected, focus))
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

    let drawing = Promise.resolve();

    // A copy of `node` with the value at `keys` replaced (the objects along the path copied,
    // the rest shared), so that plotly sees what changed and nothing else.
    function withValue(node, keys, value) {
        if (!keys.length) {
            return value;
        }
        const copy = Object.assign({}, node || {});
        copy[keys[0]] = withValue(copy[keys[0]], keys.slice(1), value);
        return copy;
    }

    // Draw on the map directly. changes: {data (the traces, optional), layout: [[path, value],
    // ...] with paths from the figure's root (["layout", "legend", "font", "size"]), year (the
    // year the data shows: moving to another one grows its new lines, motion.js)}. A layout
    // value equal to the drawn one is left out. False when plotly has not drawn the map yet:
    // the caller then gives the change to Dash's Graph instead.
    let pending = 0;
    let drawnYear = null;

    // A map narrower than this (a phone) has its legend across, under the map, instead of
    // over its top; wider, as the figure has it (citylinks/render/map.py).
    const NARROW_MAP = 700;
    const narrowMap = (gd) => gd.clientWidth > 0 && gd.clientWidth < NARROW_MAP;

    function legendPlacement(gd) {
        const legend = narrowMap(gd)
            ? {orientation: "h", x: 0, xanchor: "left", y: -0.02, yanchor: "top"}
            : {orientation: "v", x: 0.005, xanchor: "left", y: 0.995, yanchor: "top"};
        return Object.entries(legend).map(([key, value]) => [["layout", "legend", key], value]);
    }

    // The map's frame: on a narrow map taller than the world, the slice of it around home
    // (assets/scripts/frame.js).
    function framePlacement(gd) {
        const homeLon = current && Number.isFinite(current.source.home_lon) ? current.source.home_lon : 0;
        return window.dash_clientside.citylinks.framePlacement(gd, narrowMap(gd), homeLon);
    }

    // After a new size: the legend's place and the frame again, when they have changed.
    function refit() {
        const gd = document.querySelector("#map .js-plotly-plot");
        if (!gd || !gd._fullLayout || !gd.layout) {
            return;
        }
        const across = (gd.layout.legend || {}).orientation === "h";
        if (across !== narrowMap(gd) || framePlacement(gd).length) {
            drawMap({});
        }
    }
    window.addEventListener("resize", refit);

    function drawMap(changes) {
        const gd = document.querySelector("#map .js-plotly-plot");
        if (!gd || !gd._fullLayout || !window.Plotly) {
            return false;
        }
        // The land, coastlines and countries are not made again when the traces only change.
        window.dash_clientside.citylinks.keepBaseMap(gd);
        const draw = () => {
            let layout = gd.layout;
            for (const [path, value] of [...(changes.layout || []), ...legendPlacement(gd), ...framePlacement(gd)]) {
                const keys = path.slice(1);
                const now = keys.reduce((node, key) => (node === undefined ? node : node[key]), layout);
                if (JSON.stringify(now === undefined ? null : now) !== JSON.stringify(value)) {
                    layout = withValue(layout, keys, value);
                }
            }
            if (!changes.data && layout === gd.layout) {
                return null;
            }
            return window.Plotly.react(gd, changes.data || gd.data, layout);
        };
        // Nothing being drawn: start now (a key press draws before Dash's own work); else
        // after the draw under way.
        pending += 1;
        const done = () => { pending -= 1; };
        const moved = changes.year !== undefined && changes.year !== drawnYear;
        if (changes.year !== undefined) {
            drawnYear = changes.year;
        }
        // In the frame that shows the new map (its layout is worked out once, for both).
        const animate = () => moved && window.requestAnimationFrame(() => window.dash_clientside.citylinks.animateNew(gd));
        // The labels placed from the drawing itself (labels.js), whatever plotly emits.
        const labels = () => {
            const citylinks = window.dash_clientside.citylinks;
            citylinks.watchLabels(gd, current ? current.source.more_labels : undefined);
            return citylinks.placeLabels(gd);
        };
        const run = () => Promise.resolve(draw()).then(labels).then(animate).catch((error) => console.error(error)).then(done);
        drawing = pending === 1 ? run() : drawing.then(run);
        return true;
    }

    const replayed = new WeakSet();

    // The view of a year drawn straight away, if it is already here: a key on the year
    // slider (or the page's arrows, assets/scripts/keys.js) draws before Dash has seen the key, and
    // the key goes on to the slider once the map is drawn and shown (so the new map reaches
    // the screen first; the slider, labels and counts follow a frame later). Dash then moves
    // the slider and asks for the same view, which is not drawn twice.
    function drawAhead(event) {
        const steps = {ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1};
        const thumb = event.target.closest && event.target.closest("#year-slider [role='slider']");
        if (!current || !thumb || replayed.has(event) || event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        const source = current.source;
        const from = predicted === null ? current.year : predicted;
        let year = null;
        if (event.key in steps) {
            year = Math.min(source.last, Math.max(source.first, from + steps[event.key]));
        } else if (event.key === "Home" || event.key === "End") {
            year = event.key === "Home" ? source.first : source.last;
        }
        const url = year === null ? null : viewUrl(source, year, current.networks, current.mode, current.selected, current.focus);
        const view = url && ready.get(url);
        const key = drawnKey(url, current.theme);
        if (!view || key === drawn) {
            return;
        }
        if (!drawMap(viewChanges(view, current.theme, source, year))) {
            return;
        }
        predicted = year;
        drawn = key;
        event.preventDefault();
        event.stopImmediatePropagation();
        const replay = new KeyboardEvent("keydown", {key: event.key, bubbles: true, cancelable: true});
        replayed.add(replay);
        drawing.then(() => window.requestAnimationFrame(() => setTimeout(() => thumb.dispatchEvent(replay))));
    }

    // What is drawn, as `drawn` names it: a view and the theme it is drawn in.
    function drawnKey(url, theme) {
        return url + "#" + theme;
    }

    function viewChanges(view, theme, source, year) {
        followView(view);
        return {
            data: themed(view.data, (source.trace_themes || {})[theme] || {}),
            layout: [[["layout", "annotations"], view.annotations]],
            year: year,
        };
    }

    // A network box ticked or unticked: the view with the boxes as they now are, drawn before
    // Dash has seen the click if it is already here (Dash's own request then finds it drawn).
    function drawFilterAhead(event) {
        const box = event.target.closest && event.target.closest("#network-filter input[type='checkbox']");
        if (!current || !box) {
            return;
        }
        const networks = Array.from(document.querySelectorAll("#network-filter input[type='checkbox']"))
            .filter((input) => input.checked)
            .map((input) => input.value);
        const url = viewUrl(current.source, current.year, networks, current.mode, current.selected, current.focus);
        const view = ready.get(url);
        const key = drawnKey(url, current.theme);
        if (view && key !== drawn && drawMap(viewChanges(view, current.theme, current.source, current.year))) {
            drawn = key;
        }
    }

    document.addEventListener("keydown", drawAhead, true);
    document.addEventListener("click", drawFilterAhead, true);

    function announce(source, year, networks, mode, selected, focus) {
        const detail = {year, networks, mode, selected, focus, last: source.last, settleMs: source.settle_ms};
        window.dispatchEvent(new CustomEvent("citylinks:view", {detail}));
    }

    // What a view brings beside the map: the range "fit" shows, and the timeline's bars under
    // its filters (null: the timeline the page came with).
    let pageTimeline = null;
    let drawnTimeline = null;

    function followView(view) {
        const citylinks = window.dash_clientside.citylinks;
        citylinks.setFit(view.fit);
        const timeline = document.querySelector("#timeline .js-plotly-plot");
        if (!timeline || !timeline.data || !window.Plotly) {
            return;
        }
        if (pageTimeline === null) {
            pageTimeline = timeline.data;
            drawnTimeline = pageTimeline;
        }
        const wanted = view.timeline || pageTimeline;
        if (wanted !== drawnTimeline && JSON.stringify(wanted) !== JSON.stringify(drawnTimeline)) {
            drawnTimeline = wanted;
            window.Plotly.react(timeline, wanted, timeline.layout);
        }
    }

    // Once the map is drawn: its legend toggles the filters (assets/scripts/focus.js), and a
    // zoom by hand goes into the address (assets/scripts/camera.js).
    function hookMap(source, tries) {
        const gd = document.querySelector("#map .js-plotly-plot");
        if (gd && gd.on && gd._fullLayout) {
            // the labels: hooked again when the div or plotly's listeners are new (labels.js)
            window.dash_clientside.citylinks.watchLabels(gd, source.more_labels);
        }
        if (gd && gd.citylinksLegend) {
            return;
        }
        if (!gd || !gd.on || !gd._fullLayout) {
            if (tries > 0) { // the map is not drawn yet
                setTimeout(() => hookMap(source, tries - 1), 100);
            }
            return;
        }
        gd.citylinksLegend = true;
        const citylinks = window.dash_clientside.citylinks;
        gd.on("plotly_legendclick", (event) => citylinks.legendToggle(event, current && current.focus, (current && current.networks) || [], source.kind_groups || {}));
        gd.on("plotly_legenddoubleclick", () => false);
        citylinks.watchCamera(gd);
        // the map's place changes without a resize of the window (the phone's control sheet
        // opening, presentation mode): plotly draws it again at its new size
        gd.on("plotly_afterplot", refit);
        if (narrowMap(gd)) { // the page's first figure, on a phone: its legend under the map
            drawMap({});
        }
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        themed: themed,
        viewQuery: viewQuery,
        drawMap: drawMap,
        view: async function (year, networks, mode, selected, theme, focus, source) {
            const clientside = window.dash_clientside;
            const call = ++latestCall;
            const unchanged = [clientside.no_update, clientside.no_update,
                clientside.no_update, clientside.no_update, clientside.no_update, clientside.no_update];
            const url = viewUrl(source, year, networks, mode, selected, focus);
            const initial = !clientside.callback_context.triggered_id;
            current = {year, networks, mode, selected, theme, focus, source};
            hookMap(source, 100);
            if (predicted === year) {
                predicted = null;
            }
            if (initial) {
                // The page came with the default view of the last year drawn (an address
                // read before this first call may already ask for another one).
                const pageUrl = viewUrl(source, source.last, [], "show", null, null);
                drawn = drawnKey(pageUrl, theme);
                drawnYear = source.last;
                window.dash_clientside.citylinks.setFit(source.fit);
                if (/^\/(maps|imported)\//.test(window.location.pathname) && !new URLSearchParams(window.location.search).get("view")) {
                    // a saved map or an import opens fitted to its partners
                    window.dash_clientside.citylinks.showFit();
                }
                if (url === pageUrl) {
                    // get the years around it
                    fetchAhead(source, year, networks, mode, selected, focus);
                    announce(source, year, networks, mode, selected, focus);
                    return unchanged;
                }
            }
            const view = await load(url);
            if (call !== latestCall) {
                return unchanged; // a newer view is on its way: do not draw this one
            }
            fetchAhead(source, year, networks, mode, selected, focus);
            announce(source, year, networks, mode, selected, focus);
            const changes = viewChanges(view, theme, source, year);
            // Drawn already when a key press drew it ahead.
            const key = drawnKey(url, theme);
            const direct = key === drawn || drawMap(changes);
            drawn = direct ? key : null;
            const figure = direct ? clientside.no_update : new clientside.Patch()
                .assign(["data"], changes.data)
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
        followYear: function (year, focus, detailsClass, period) {
            window.dash_clientside.citylinks.followPeriod(year, focus, period);
            const band = constants().band;
            const span = band.x1 - band.x0;
            const plotWidth = "(100% - " + (band.left + band.right) + "px)";
            // a period's band covers its years (assets/scripts/focus.js)
            const first = window.dash_clientside.citylinks.periodStart(focus, year);
            const years = first === null ? 1 : year - first + 1;
            const start = (year - years + 0.5 - band.x0) / span;
            return [
                String(year),
                String(year),
                {
                    left: "calc(" + band.left + "px + " + plotWidth + " * " + start + ")",
                    width: "calc(" + plotWidth + " * " + years + " / " + span + ")",
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
