/*
 * Motion: when the map moves to another year, the lines of that year's new agreements grow
 * from the home city to the partner (0.4 s) and the new markers appear with a short pulse.
 * The motion is the browser's own (a CSS transition of the lines' dash offset, a CSS
 * animation of the markers), so a frame costs a repaint of a few paths, never a plotly
 * redraw. With prefers-reduced-motion the map changes at once. map_view.js `drawMap` calls
 * `citylinks.animateNew` after a draw that changed the year; the traces are found by their
 * uid (citylinks/render/map.py): "arcs-new" and "partners-new".
 */
(function () {
    "use strict";

    const GROW_MS = 400;
    const PULSE_CLASS = "citylinks-pulse";

    function reduced() {
        return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
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
        path.style.transition = "none";
        path.style.strokeDasharray = length + " " + length;
        path.style.strokeDashoffset = String(length);
        path.getBoundingClientRect(); // the start is drawn before the transition begins
        path.style.transition = "stroke-dashoffset " + GROW_MS + "ms ease-out";
        path.style.strokeDashoffset = "0";
        setTimeout(() => {
            path.style.transition = "";
            path.style.strokeDasharray = "";
            path.style.strokeDashoffset = "";
        }, GROW_MS + 50);
    }

    function pulse(point) {
        point.classList.remove(PULSE_CLASS);
        point.getBoundingClientRect();
        point.classList.add(PULSE_CLASS);
        point.addEventListener("animationend", () => point.classList.remove(PULSE_CLASS), {once: true});
    }

    function animateNew(gd) {
        if (!gd || reduced()) {
            return;
        }
        groups(gd, "arcs-new").forEach((g) => g.querySelectorAll("path.js-line").forEach(grow));
        groups(gd, "partners-new").forEach((g) => g.querySelectorAll("path.point").forEach(pulse));
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        animateNew: animateNew,
    });
})();
