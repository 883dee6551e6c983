/*
 * A smooth camera move on the map: from where it looks to a camera ({lon, lat, scale}; null:
 * the map's own frame, the whole world but on an upright phone), in about `ms` milliseconds,
 * one Plotly.relayout a frame (each waits for the one before, so a slow machine takes fewer,
 * larger steps instead of queueing them). The centre moves the short way round the globe,
 * the scale geometrically (a zoom feels even), eased in and out. A new flight stops the one
 * under way; with prefers-reduced-motion the map jumps.
 *
 * `cameraFor(spec)`: a slide's camera (a preset's ranges become a centre and scale as
 * citylinks/model/zoom.py computes them). A camera's scale counts against the whole world's
 * frame on every screen; `cameraOf` and `cameraUpdate` turn it into plotly's, which counts
 * against the frame drawn (`frameShare`: an upright phone's map is a slice of the world,
 * chosen by frame.js).
 *
 * Used by the story player in the page (assets/scripts/story_player.js through camera.js) and
 * by the offline deck (citylinks/render/templates/deck.html.j2 inlines this file).
 */
(function () {
    "use strict";

    const SCALE = [0.5, 100]; // zoom.py SCALE_RANGE
    const flights = new WeakMap(); // graph -> the number of its flight under way

    function reduced() {
        return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    }

    // The share of the world's longitudes the map's frame holds: 1 for the whole world (the
    // figure's own frame); less on an upright phone, whose frame is a slice of the world as
    // tall as the map (frame.js). A camera's scale counts against the whole world's frame,
    // whatever the screen (citylinks/model/zoom.py), and plotly's against the frame drawn:
    // plotly's scale is the camera's times this share.
    function frameShare(gd) {
        return rangeShare((((gd._fullLayout || {}).geo || {}).lonaxis || {}).range);
    }

    // The same for a range of longitudes (none: the whole world).
    function rangeShare(range) {
        const span = range ? range[1] - range[0] : 360;
        return span > 0 && span < 360 ? span / 360 : 1;
    }

    function cameraOf(gd) {
        const geo = (gd._fullLayout && gd._fullLayout.geo) || {};
        const center = geo.center || {};
        const projection = geo.projection || {};
        return {
            lon: Number.isFinite(center.lon) ? center.lon : 0,
            lat: Number.isFinite(center.lat) ? center.lat : 0,
            scale: (Number.isFinite(projection.scale) ? projection.scale : 1) / frameShare(gd),
        };
    }

    // Where the map looks as the page opens: the middle of its frame, the whole frame.
    function frameCamera(gd) {
        const geo = (gd._fullLayout && gd._fullLayout.geo) || {};
        const lon = (geo.lonaxis || {}).range || [-180, 180];
        const lat = (geo.lataxis || {}).range || [-90, 90];
        return {lon: (lon[0] + lon[1]) / 2, lat: (lat[0] + lat[1]) / 2, scale: 1 / frameShare(gd)};
    }

    // plotly's relayout for a camera (null, or `world`: the map's own frame, as the page opens).
    function cameraUpdate(gd, camera, world) {
        if (world || !camera) {
            return {"geo.center.lon": null, "geo.center.lat": null, "geo.projection.rotation.lon": null, "geo.projection.scale": 1};
        }
        return {"geo.center.lon": camera.lon, "geo.center.lat": camera.lat, "geo.projection.scale": camera.scale * frameShare(gd)};
    }

    function ease(t) {
        return t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
    }

    // The camera a fraction `t` of the way from `a` to `b`.
    function between(a, b, t) {
        const turn = ((b.lon - a.lon + 540) % 360) - 180; // the short way round
        return {
            lon: a.lon + turn * t,
            lat: a.lat + (b.lat - a.lat) * t,
            scale: Math.exp(Math.log(a.scale) + (Math.log(b.scale) - Math.log(a.scale)) * t),
        };
    }

    function round(value) {
        return Math.round(value * 100) / 100;
    }

    // plotly's "natural earth" projection (d3-geo's geoNaturalEarth1), for a latitude in
    // radians: how wide a degree of longitude is there, and how high the latitude stands.
    function earthWidth(phi) {
        const p2 = phi * phi;
        const p4 = p2 * p2;
        return 0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4));
    }
    function earthHeight(phi) {
        const p2 = phi * phi;
        const p4 = p2 * p2;
        return phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
    }
    const RAD = Math.PI / 180;
    // The map's frame at scale 1: plotly fits the figure's ranges (every longitude, latitudes
    // -58 to 84: citylinks/model/zoom.py WORLD_LATITUDES) into the graph keeping their shape, whatever the
    // graph's size (the rest of the graph is a band around the frame).
    const FRAME = {width: 2 * Math.PI * earthWidth(0), height: earthHeight(84 * RAD) - earthHeight(-58 * RAD)};

    // The camera that shows a range of longitudes and latitudes ({lon: [w, e], lat: [s, n]})
    // whole in the map's frame, as citylinks/model/zoom.py `Bounds.camera` does: the range
    // projected as plotly projects it (a degree of latitude is higher at 50° than at the
    // equator, a degree of longitude narrower), against the frame's own width and height.
    function boundsCamera(bounds) {
        const south = Math.max(-90, bounds.lat[0]) * RAD;
        const north = Math.min(90, bounds.lat[1]) * RAD;
        const nearest = south <= 0 && north >= 0 ? 0 : Math.min(Math.abs(south), Math.abs(north));
        const width = Math.max((bounds.lon[1] - bounds.lon[0]) * RAD * earthWidth(nearest), 1e-9);
        const height = Math.max(earthHeight(north) - earthHeight(south), 1e-9);
        const scale = Math.min(FRAME.width / width, FRAME.height / height);
        const lon = (bounds.lon[0] + bounds.lon[1]) / 2;
        return {
            lon: round(((lon + 180) % 360 + 360) % 360 - 180),
            lat: round((bounds.lat[0] + bounds.lat[1]) / 2),
            scale: round(Math.min(SCALE[1], Math.max(SCALE[0], scale))),
        };
    }

    // A slide's camera (components/story_exports.py `camera_of`): null (the world), a camera,
    // or a preset's {bounds}, which becomes a camera for the map's size.
    function cameraFor(spec) {
        if (!spec) {
            return null;
        }
        if (spec.bounds) {
            return boundsCamera(spec.bounds);
        }
        return {lon: Number(spec.lon), lat: Number(spec.lat), scale: Number(spec.scale)};
    }

    function flyTo(gd, camera, ms) {
        if (!gd || !window.Plotly || !gd._fullLayout) {
            return Promise.resolve(false);
        }
        const flight = (flights.get(gd) || 0) + 1;
        flights.set(gd, flight);
        const world = !camera;
        const to = camera || frameCamera(gd);
        const from = cameraOf(gd);
        const duration = Number.isFinite(ms) ? ms : 700;
        if (reduced() || duration <= 0) {
            return Promise.resolve(window.Plotly.relayout(gd, cameraUpdate(gd, to, world))).then(() => true);
        }
        const start = performance.now();
        return new Promise((resolve) => {
            function frame(now) {
                if (flights.get(gd) !== flight) {
                    resolve(false); // another flight took over
                    return;
                }
                const t = Math.min(1, (now - start) / duration);
                const done = t >= 1;
                const step = done ? cameraUpdate(gd, to, world) : cameraUpdate(gd, between(from, to, ease(t)), false);
                Promise.resolve(window.Plotly.relayout(gd, step)).then(() => {
                    if (done) {
                        resolve(true);
                    } else {
                        window.requestAnimationFrame(frame);
                    }
                }, () => resolve(false));
            }
            window.requestAnimationFrame(frame);
        });
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        flyTo: flyTo,
        frameCamera: frameCamera,
        cameraUpdate: cameraUpdate,
        frameShare: frameShare,
        rangeShare: rangeShare,
        worldAspect: () => FRAME.width / FRAME.height,
        cameraFor: cameraFor,
        boundsCamera: boundsCamera,
    });
})();
