/*
 * Where the map looks (components/focus.py zoom presets, "fit to what is shown"), and the
 * map's camera in the page's address (`view=`: a preset's name, or "lon,lat,scale" after a
 * zoom or a drag; citylinks/model/zoom.py is the one definition of both).
 *
 * A preset or a fit becomes a camera (centre and plotly's projection scale, 1 being the whole
 * world) that shows it whole in the map's frame, as zoom.py's `Bounds.camera` computes it,
 * and goes to plotly with Plotly.relayout. Each camera is announced as "citylinks:camera"
 * (assets/scripts/share.js writes it in the address).
 *
 * showView(text, {fly: ms}) flies there instead (fly.js `flyTo`: the story player between
 * slides); the camera is announced when the flight starts, the steps of the flight are not
 * (nor taken for a zoom by hand), and a plain showView of the same camera meanwhile leaves the
 * flight alone. It gives a Promise, settled once the map is there.
 */
(function () {
    "use strict";

    let view = null; // what the address says: a preset's name, "lon,lat,scale" or null
    let fit = null; // the ranges of what is shown (the view route's "fit")
    let settingCamera = false;
    let flight = null; // the camera a flight is going to, while it flies

    function graph() {
        return document.querySelector("#map .js-plotly-plot");
    }

    function round(value) {
        return Math.round(value * 100) / 100;
    }

    function wrap(lon) {
        return ((lon + 180) % 360 + 360) % 360 - 180;
    }

    // The camera that shows `bounds` whole in the map's frame (fly.js `boundsCamera`, as
    // citylinks/model/zoom.py computes it).
    function cameraOf(bounds) {
        return window.dash_clientside.citylinks.boundsCamera(bounds);
    }

    function parseCamera(text) {
        const parts = String(text || "").split(",").map(Number);
        if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) {
            return null;
        }
        return {lon: parts[0], lat: parts[1], scale: parts[2]};
    }

    function announce(next) {
        view = next;
        window.dispatchEvent(new CustomEvent("citylinks:camera", {detail: view}));
    }

    function presets() {
        return window.dash_clientside.citylinks.constants().presets || {};
    }

    function sameCamera(a, b) {
        return (!a && !b) || Boolean(a && b && a.lon === b.lon && a.lat === b.lat && a.scale === b.scale);
    }

    // Fly the map to a camera (null: the whole world) in about `ms` (fly.js).
    function flyTo(camera, ms) {
        const gd = graph();
        const fly = window.dash_clientside.citylinks.flyTo;
        if (!gd || !fly) {
            return moveTo(camera);
        }
        const mine = {camera};
        flight = mine;
        return fly(gd, camera, ms).finally(() => {
            if (flight === mine) {
                flight = null;
            }
        });
    }

    // Move the map to a camera (null: the whole world, the page's default).
    function moveTo(camera) {
        const gd = graph();
        if (!gd || !window.Plotly) {
            return Promise.resolve();
        }
        if (flight && sameCamera(flight.camera, camera)) {
            return Promise.resolve(); // a flight goes there already
        }
        const update = window.dash_clientside.citylinks.cameraUpdate(gd, camera);
        settingCamera = true;
        return Promise.resolve(window.Plotly.relayout(gd, update)).finally(() => { settingCamera = false; });
    }

    // A view as the address writes it: a preset's name or a camera. `options.fly`: in about
    // that many milliseconds.
    function show(text, options) {
        const gd = graph();
        const go = options && options.fly ? (camera) => flyTo(camera, options.fly) : moveTo;
        if (!gd) {
            return Promise.resolve();
        }
        if (!text || text === "world") {
            announce(null);
            return go(null);
        }
        const bounds = presets()[text];
        const camera = bounds ? cameraOf(bounds) : parseCamera(text);
        if (!camera) {
            return Promise.resolve();
        }
        announce(text);
        return go(camera);
    }

    // Run `then` once plotly has drawn the map (a page just opened may not have yet).
    function whenDrawn(then, tries) {
        const gd = graph();
        if (gd && gd._fullLayout && window.Plotly) {
            then();
        } else if (tries > 0) {
            setTimeout(() => whenDrawn(then, tries - 1), 100);
        }
    }

    function showFit() {
        const gd = graph();
        if (gd && fit) {
            const camera = cameraOf(fit);
            moveTo(camera);
            announce([camera.lon, camera.lat, camera.scale].join(","));
        }
    }

    document.addEventListener("click", (event) => {
        const button = event.target.closest && event.target.closest("#zoom-presets button");
        if (!button) {
            return;
        }
        if (button.id === "zoom-fit") {
            showFit();
        } else {
            show(button.getAttribute("data-preset"));
        }
    });

    // A zoom or a drag by hand: its camera goes into the address.
    function watch(gd) {
        if (!gd || gd.citylinksCamera) {
            return;
        }
        gd.citylinksCamera = true;
        gd.on("plotly_relayout", (change) => {
            if (settingCamera || flight || !change) {
                return;
            }
            const scale = change["geo.projection.scale"];
            const lon = change["geo.center.lon"];
            const lat = change["geo.center.lat"];
            if (scale === undefined && lon === undefined && lat === undefined) {
                return;
            }
            const geo = gd._fullLayout.geo || {};
            const citylinks = window.dash_clientside.citylinks;
            if (change["geo.projection.rotation.lon"] === 0 && change["geo.center.lon"] === 0 && scale === 1) {
                // plotly's own Reset button: back to the map's own frame, which on an upright
                // phone is the world around home, not plotly's first view of the whole world
                announce(null);
                setTimeout(() => moveTo(null)); // once plotly's own relayout is done
                return;
            }
            const share = citylinks.frameShare(gd);
            const plotlyScale = scale !== undefined ? scale : geo.projection.scale;
            const camera = {
                lon: round(wrap(lon !== undefined ? lon : geo.center.lon)),
                lat: round(lat !== undefined ? lat : geo.center.lat),
                scale: round(plotlyScale / share),
            };
            // the map's own frame, as the page opens (on an upright phone, its slice of the
            // world is also where it was: a drag sideways shows another one)
            const frame = citylinks.frameCamera(gd);
            const home = plotlyScale <= 1.001 && Math.abs(camera.lat - frame.lat) < 1
                && (share === 1 || Math.abs(wrap(camera.lon - frame.lon)) < 1);
            announce(home ? null : [camera.lon, camera.lat, camera.scale].join(","));
        });
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        // The view route's answer's range of what is shown (for "fit").
        setFit: function (bounds) { fit = bounds || null; },
        watchCamera: watch,
        showView: function (text, options) {
            return new Promise((resolve) => whenDrawn(() => resolve(show(text, options)), 50));
        },
        showFit: function () { whenDrawn(showFit, 50); },
        currentView: function () { return view; },
    });
})();
