/*
 * The view's focus in the browser (components/focus.py): the period and filter controls into
 * the focus store the map's view callback reads, "clear filters", and the map's legend
 * entries toggling the same filters.
 *
 * The store: {time: "in_force" | "signed" | "new", from (the first year of "new since"),
 * span (the years of a "signed between" window, which moves with the year), kind, region,
 * in_country, topic (lists of values, the address's names)}.
 * Component ids are literal here; tests/unit/components/test_assets.py checks each one is in
 * components/ids.py.
 */
(function () {
    "use strict";

    const FILTERS = ["kind", "region", "in_country", "topic"];
    const WINDOW = 10; // components/focus.py DEFAULT_WINDOW

    function list(value) {
        if (Array.isArray(value)) {
            return value.map(String);
        }
        return value === null || value === undefined || value === "" ? [] : [String(value)];
    }

    function same(a, b) {
        return JSON.stringify(a) === JSON.stringify(b);
    }

    // The first year of the focus's period in `year` (null: in force as of the year).
    function periodStart(focus, year) {
        if (!focus || focus.time === "in_force" || !focus.time) {
            return null;
        }
        if (focus.time === "signed") {
            return year - (focus.span || 0);
        }
        return Math.min(focus.from === null || focus.from === undefined ? year : focus.from, year);
    }

    function constants() {
        return window.dash_clientside.citylinks.constants();
    }

    function readFocus(time, period, kind, region, country, topic, year, focus) {
        const clientside = window.dash_clientside;
        const keep = clientside.no_update;
        const triggered = (clientside.callback_context.triggered || []).map((t) => t.prop_id);
        const years = constants();
        const now = Object.assign({time: "in_force", from: null, span: null}, focus || {});
        const next = {time: time || "in_force", from: null, span: null};
        let newYear = year;
        let range = Array.isArray(period) && period.length === 2 ? period.map(Number) : [year, year];
        if (triggered.includes("period-range.value")) {
            newYear = range[1]; // the range moved (or an address set it)
        } else if (next.time !== now.time) {
            // a period chosen: its first year some years before the year shown
            const start = Math.max(years.first, year - WINDOW);
            range = next.time === "in_force" ? range : [start, year];
        } else if (next.time !== "in_force") {
            range = [periodStart(now, year), year];
        }
        if (next.time === "signed") {
            next.span = range[1] - range[0];
        } else if (next.time === "new") {
            next.from = range[0];
        }
        const values = [kind, region, country, topic].map(list);
        FILTERS.forEach((name, i) => { next[name] = values[i]; });
        const active = values.reduce((sum, v) => sum + v.length, 0);
        const twoYears = next.time !== "in_force";
        return [
            same(next, now) ? keep : next,
            newYear === year ? keep : newYear,
            same(range, period) ? keep : range,
            twoYears,
            !twoYears,
            range[0] + "–" + range[1],
            active === 0,
            active ? "(" + active + ")" : "",
            active ? true : keep, // filters from an address: shown open
        ];
    }

    // After a year step (play, the timeline, the keys), the period's range follows the year
    // (called by followYear, assets/scripts/map_view.js): a "signed between" window moves, a
    // "new since" start stays (never after the year).
    function followPeriod(year, focus, period) {
        const start = periodStart(focus, year);
        if (start === null) {
            return;
        }
        const range = [Math.max(constants().first, start), year];
        if (!same(range, period)) {
            window.dash_clientside.set_props("period-range", {value: range});
        }
    }

    // A legend entry of the map: an agreement kind's entry hides or shows that kind (the kind
    // filter: its markers and lines, the counts, the table, the exports and the address all
    // follow), a network's entry unticks that network; other entries keep plotly's own
    // behaviour. kindGroups: each legend group's kinds (components/map_view.py).
    function legendToggle(event, focus, networks, kindGroups) {
        const trace = event.data[event.curveNumber] || {};
        const meta = trace.meta || {};
        if (meta.role === "members" && meta.network) {
            window.dash_clientside.set_props("network-filter", {value: networks.filter((n) => n !== meta.network)});
            return false;
        }
        const group = meta.role === "partners" ? kindGroups[meta.group] : null;
        if (!group) {
            return true;
        }
        const all = Object.values(kindGroups).flat();
        const current = (focus && focus.kind && focus.kind.length) ? focus.kind : all;
        const visible = group.every((k) => current.includes(k));
        let kinds = visible ? current.filter((k) => !group.includes(k)) : current.concat(group.filter((k) => !current.includes(k)));
        if (!kinds.length) {
            return false; // hiding every kind would show nothing: keep the last one
        }
        if (all.every((k) => kinds.includes(k))) {
            kinds = [];
        }
        window.dash_clientside.set_props("kind-filter", {value: all.filter((k) => kinds.includes(k))});
        return false;
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        // The controls into the focus store (components/focus.py).
        focusOf: function (time, period, kind, region, country, topic, year, focus) {
            return readFocus(time, period, kind, region, country, topic, year, focus);
        },
        // "Clear filters": every filter empty.
        clearFilters: function (clicks) {
            return [[], [], [], []];
        },
        followPeriod: followPeriod,
        periodStart: periodStart,
        legendToggle: legendToggle,
    });
})();
