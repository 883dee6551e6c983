/*
 * The map's frame on a narrow map taller than the world (a phone or a small tablet held
 * upright): the slice of the world's longitudes around the home city as tall as the map, so
 * that the map fills its place instead of lying as a thin world map between two empty bands;
 * a drag, a zoom out or "fit to what is shown" shows the rest. Elsewhere the whole world, as
 * the figure has it (citylinks/render/map.py). map_view.js asks for it at each drawing and
 * after each new size; cameras keep counting against the whole world (fly.js frameShare).
 */
(function () {
    "use strict";

    function round(value) {
        return Math.round(value * 100) / 100;
    }

    // The map's frame in a graph area taller than the world's frame (a phone held upright):
    // the slice of the world's longitudes around `centreLon` that is as tall as the area at
    // its width, so that the map fills it; null when the whole world fits no wider than the
    // area (plotly then leaves bands above and below it, or at its sides). `worldAspect`:
    // the whole world's frame's width over its height as plotly drew it, when known (the
    // frame's width grows with its longitudes; plotly adds a little to the projection's).
    function frameRange(width, height, centreLon, worldAspect) {
        const aspect = worldAspect > 0 ? worldAspect : window.dash_clientside.citylinks.worldAspect();
        const span = 360 * (width / height) / aspect;
        if (!(span > 0) || span >= 350) {
            return null;
        }
        return [round(centreLon - span / 2), round(centreLon + span / 2)];
    }

    // The layout changes ([path, value] from the figure's root, as map_view.js drawMap takes
    // them) that give the drawn map `gd` its frame: none when it has it already. `narrow`:
    // the map is narrow enough for a slice (map_view.js); `homeLon`: the slice's middle. A
    // camera the person chose stays where it was when the frame changes.
    function framePlacement(gd, narrow, homeLon) {
        const geo = gd._fullLayout.geo;
        const size = gd._fullLayout._size;
        const drawn = (geo.lonaxis || {}).range || [-180, 180];
        // the world's frame's shape as plotly drew this one (its width grows with its span)
        const subplot = geo._subplot || {};
        const across = (subplot.xaxis || {})._length;
        const high = (subplot.yaxis || {})._length;
        const worldAspect = across > 0 && high > 0 ? (across / high) * 360 / (drawn[1] - drawn[0]) : undefined;
        const wanted = (narrow && size.w > 0 && size.h > 0
            && frameRange(size.w, size.h, homeLon, worldAspect)) || [-180, 180];
        // within half a degree is the same frame (no drawing again for a rounding)
        if (Math.abs(wanted[0] - drawn[0]) < 0.5 && Math.abs(wanted[1] - drawn[1]) < 0.5) {
            return [];
        }
        const pairs = [[["layout", "geo", "lonaxis", "range"], wanted]];
        const scale = (geo.projection || {}).scale;
        if (Number.isFinite(scale) && Math.abs(scale - 1) > 1e-3) {
            const share = window.dash_clientside.citylinks.rangeShare;
            pairs.push([["layout", "geo", "projection", "scale"], scale * share(wanted) / share(drawn)]);
        }
        return pairs;
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        framePlacement: framePlacement,
    });
})();
