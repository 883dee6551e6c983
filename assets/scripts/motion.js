/*
 * Motion: when the map moves to another year, the lines of that year's new agreements grow
 * from the home city to the partner (0.4 s) and the new markers appear with a short pulse.
 * The motion is the browser's own (a CSS transition of the lines' dash offset, a CSS
 * animation of the markers), so a frame costs a repaint of a few paths, never a plotly
 * redraw. With prefers-reduced-motion the map changes at once, and so it does when a year
 * brings more than MOTION_LIMIT new markers or lines (generated data sets of 10,000 cities
 * bring ~140 a year): each frame of the motion repaints the whole map, about 100 ms at 10,000
 * cities on a 2-core machine, and a person's next key 250 ms later met it still running
 * (README, performance). map_view.js `drawMap` calls
 * `citylinks.animateNew` after a draw that changed the year; the traces are found by their
 * uid (citylinks/render/map.py): "arcs-new" and "partners-new".
 */
(function () {
    "use strict";

    const GROW_MS = 400;
    // More new markers (or lines) than this in one year: the map changes at once.
    const MOTION_LIMIT = 40;
    const PULSE_MS = 600;
    // The new markers' outline swells and settles (they are drawn from the first frame).
    const PULSE_FRAMES = [{strokeWidth: "2px"}, {strokeWidth: "9px", offset: 0.35}, {strokeWidth: "2px"}];

    function reduced() {
        return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    }

    // How many markers (or lines: home, partner, a gap each) the trace with this uid has.
    function drawnCount(gd, uid, perItem) {
        const trace = (gd.data || []).find((t) => t && t.uid === uid);
        const lat = trace && trace.lat;
        return lat && lat.length ? Math.ceil(lat.length / perItem) : 0;
    }

    // The SVG groups of the traces with this uid.
    function groups(gd, uid) {
        return Array.from(gd.querySelectorAll(".scatterlayer .trace")).filter((g) => {
            const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
            return trace && trace.uid === uid;
        });
    }

    // A line path of several subpaths (one a partner, each from the home city): a dash as
    // long as the longest, its offset going from that length to 0, draws every subpath from
    // its start at once (the dash pattern starts again with each subpath).
    function grow(path) {
        const length = path.getTotalLength();
        if (!length) {
            return;
        }
        // The start (nothing drawn yet) goes into the frame that shows the new map; the
        // transition starts from the next one (no forced layout, which would delay that frame).
        path.style.transition = "none";
        path.style.strokeDasharray = length + " " + length;
        path.style.strokeDashoffset = String(length);
        window.requestAnimationFrame(() => {
            path.style.transition = "stroke-dashoffset " + GROW_MS + "ms ease-out";
            path.style.strokeDashoffset = "0";
            setTimeout(() => {
                path.style.transition = "";
                path.style.strokeDasharray = "";
                path.style.strokeDashoffset = "";
            }, GROW_MS + 50);
        });
    }

    // An animation of the point itself (the Web Animations API: no class to match against
    // the page's style sheets), started once the frame with the new map is shown, so that
    // it never delays that frame.
    function pulse(point) {
        if (!point.animate) {
            return;
        }
        point.animate(PULSE_FRAMES, {duration: PULSE_MS, easing: "ease-out"});
    }

    function animateNew(gd) {
        if (!gd || reduced()) {
            return;
        }
        if (drawnCount(gd, "partners-new", 1) > MOTION_LIMIT || drawnCount(gd, "arcs-new", 3) > MOTION_LIMIT) {
            return;
        }
        groups(gd, "arcs-new").forEach((g) => g.querySelectorAll("path.js-line").forEach(grow));
        const points = groups(gd, "partners-new").flatMap((g) => Array.from(g.querySelectorAll("path.point")));
        window.requestAnimationFrame(() => setTimeout(() => points.forEach(pulse)));
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        animateNew: animateNew,
    });
})();
