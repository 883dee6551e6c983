/*
 * The base map (land, coastlines, countries) drawn once, not on every year step.
 *
 * plotly.js's geo subplot, on every redraw whatever changed, turns the world's topojson into
 * GeoJSON again (`updateBaseLayers`) and projects every land, coastline and country path
 * again (`_render`): about half of a year step's time in Chromium's profiler
 * (bench/profile.py), for paths that come out the same. `keepBaseMap` makes the geo subplot
 * skip both when they cannot have changed: the base layers are made again only when the
 * map's geo layout (its colours, layers, projection, zoom) or the topojson changed, and
 * projected again only when the projection did (a zoom, a pan, a new size) or the layers
 * were made again. The traces are drawn as before. So a step that changes the traces only
 * (a year, a network filter) costs plotly's drawing of the traces; a theme, a zoom or a
 * resize redraws everything, as plotly would.
 *
 * This wraps two methods of plotly's geo subplot (plotly.js src/plots/geo/geo.js, the same
 * since plotly.js 1.x; the page's bundle is vendored, vendor/plotly.js-geo-dist-min); when
 * they are not there, nothing is changed and plotly draws as it always did.
 * map_view.js `drawMap` calls `keepBaseMap(gd)` before its first draw.
 */
(function () {
    "use strict";

    // The plain attributes of the geo layout (plotly's own keys start with "_").
    function plain(key, value) {
        return key.charAt(0) === "_" ? undefined : value;
    }

    // null when it cannot be told (the paths are then projected every time).
    function projectionState(projection) {
        try {
            return JSON.stringify([
                projection.scale(),
                projection.translate(),
                projection.rotate(),
                projection.center(),
                projection.clipAngle ? projection.clipAngle() : null,
                projection.clipExtent(),
                projection.precision(),
            ]);
        } catch (error) {
            return null;
        }
    }

    function keepBaseMap(gd) {
        const geo = gd && gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
        const proto = geo && Object.getPrototypeOf(geo);
        if (!proto || proto.citylinksKeepsBase) {
            return;
        }
        const updateBaseLayers = proto.updateBaseLayers;
        const render = proto._render;
        if (typeof updateBaseLayers !== "function" || typeof render !== "function" || !("basePaths" in geo)) {
            return;
        }
        proto.updateBaseLayers = function (fullLayout, geoLayout) {
            const key = JSON.stringify([geoLayout, this.hasChoropleth], plain);
            if (this.citylinksBaseKey === key && this.citylinksBaseTopojson === this.topojson) {
                return; // the same layers from the same topojson: the ones drawn stay
            }
            updateBaseLayers.call(this, fullLayout, geoLayout);
            this.citylinksBaseKey = key;
            this.citylinksBaseTopojson = this.topojson;
            this.citylinksBaseProjected = null; // new paths: project them
        };
        proto._render = function () {
            const state = projectionState(this.projection);
            if (state === null || state !== this.citylinksBaseProjected) {
                render.call(this);
                this.citylinksBaseProjected = state;
                return;
            }
            // The base paths as they are (same paths, same projection): the traces only.
            const basePaths = this.basePaths;
            this.basePaths = {};
            try {
                render.call(this);
            } finally {
                this.basePaths = basePaths;
            }
        };
        proto.citylinksKeepsBase = true;
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        keepBaseMap: keepBaseMap,
    });
})();
