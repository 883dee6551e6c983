/*
 * Downloads made in the page (components/downloads.py):
 * - the map as a PNG at slide resolution: plotly's own image export of the map as shown
 *   (zoom, filters, theme), with a title that says what and which year, its city labels
 *   placed for a projector at the slide's size (labels.js `labelledImage`: 16 px on a
 *   1024 px wide projector, so 30 px on the 1920 px slide);
 * - the offline HTML page: a link to the snapshot route, given the view shown (from the
 *   map's "citylinks:view" announcements), the page's language and theme when clicked.
 */
(function () {
    "use strict";

    let view = null;

    // An image this wide shown on a 1024 px wide projector: its labels at 16 px there.
    window.addEventListener("citylinks:view", (event) => {
        view = event.detail;
    });

    document.addEventListener("click", (event) => {
        const link = event.target && event.target.closest && event.target.closest("#download-html");
        if (!link || !view) {
            return;
        }
        const base = link.dataset.base || link.getAttribute("href");
        link.dataset.base = base;
        const page = document.getElementById("page");
        const asked = Object.assign({}, view, {
            present: false,
            lang: document.documentElement.lang || "en",
            theme: (page && page.dataset.theme) || "light",
        });
        link.setAttribute("href", base + window.dash_clientside.citylinks.viewQuery(asked));
    }, true);

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        downloadPng: async function (clicks, year, source) {
            const gd = document.querySelector("#map .js-plotly-plot");
            if (!clicks || !gd || !window.Plotly) {
                return window.dash_clientside.no_update;
            }
            const citylinks = window.dash_clientside.citylinks;
            const figure = citylinks.labelSource(gd); // the labels are placed for the slide
            const layout = Object.assign(figure.layout, {
                title: {text: source.title + year, x: 0.5, y: 0.985, font: {size: 30}},
                margin: {l: 10, r: 10, t: 70, b: 10},
                legend: Object.assign({}, figure.layout.legend, {font: {size: 20}}),
            });
            const url = await citylinks.labelledImage(figure.data, layout, {
                width: source.width,
                height: source.height,
                scale: citylinks.projectorScale(source.width),
                moreText: figure.moreText,
                config: {topojsonURL: source.topojson},
            });
            const link = document.createElement("a");
            link.href = url;
            link.download = source.filename + year + ".png";
            document.body.appendChild(link);
            link.click();
            link.remove();
            return source.saved.replace("{name}", link.download);
        },
    });
})();

/*
 * The play-through as an animated GIF: one frame a year, from the first year to the year
 * shown, each the view the page would draw (the view route, the page's theme) exported by
 * plotly in the page, then encoded by gifenc (vendor/gifenc, npm gifenc, MIT), which this
 * server sends the first time a GIF is made: one 256-colour palette from the first and last
 * frames, every frame drawn with it, its labels placed for a projector as the page's
 * (labels.js `labelledImage`). Nothing is sent anywhere. As on the page (motion.js), a
 * year's new agreements arrive in motion: a frame with their lines half grown from the home
 * city, before the year's own frame (none when the page asks for reduced motion).
 */
(function () {
    "use strict";

    const FRAME_DELAY_MS = 700; // a year
    const GROW_DELAY_MS = 200; // the frame of the year's new lines half grown
    const LAST_DELAY_MS = 3000;
    const GIFENC_PATH = "_citylinks/vendor/gifenc.esm.js"; // web/offline.py
    let gifenc = null;

    function encoder() {
        if (!gifenc) {
            const config = JSON.parse(document.getElementById("_dash-config").textContent);
            gifenc = import(config.requests_pathname_prefix + GIFENC_PATH);
            gifenc.catch(() => {
                gifenc = null;
            });
        }
        return gifenc;
    }

    // frames: [{pixels, delay}], the last shown longer.
    async function encodeGif(width, height, frames) {
        const {GIFEncoder, quantize, applyPalette} = await encoder();
        const first = frames[0].pixels;
        const last = frames[frames.length - 1].pixels;
        const both = new Uint8ClampedArray(first.length + last.length);
        both.set(first);
        both.set(last, first.length);
        const palette = quantize(both, 256);
        const gif = GIFEncoder();
        frames.forEach(({pixels, delay}, n) => {
            gif.writeFrame(applyPalette(pixels, palette), width, height, {
                palette: n === 0 ? palette : undefined,
                delay: n === frames.length - 1 ? LAST_DELAY_MS : delay,
                repeat: 0, // loop for ever
            });
        });
        gif.finish();
        return gif.bytes();
    }

    async function pixelsOf(url, width, height) {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext("2d", {willReadFrequently: true});
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, width, height);
        context.drawImage(image, 0, 0, width, height);
        return context.getImageData(0, 0, width, height).data;
    }

    // One frame: the year's view from the view route, drawn as the page would in its theme,
    // its labels placed for a projector (labels.js) at the frame's size.
    async function frame(gd, year, view, source, colours) {
        const citylinks = window.dash_clientside.citylinks;
        const figure = citylinks.labelSource(gd);
        const layout = Object.assign(figure.layout, {
            annotations: view.annotations,
            title: {text: source.title + year, x: 0.5, y: 0.975, font: {size: 22}},
            margin: {l: 6, r: 6, t: 50, b: 6},
            legend: Object.assign({}, gd.layout.legend, {font: {size: 13}}),
        });
        const url = await citylinks.labelledImage(citylinks.themed(view.data, colours), layout, {
            width: source.gif_width,
            height: source.gif_height,
            scale: citylinks.projectorScale(source.gif_width),
            moreText: figure.moreText,
            config: {topojsonURL: source.topojson},
        });
        return pixelsOf(url, source.gif_width, source.gif_height);
    }

    // The point a fraction `f` of the way along the great circle from `a` to `b` ([lat, lon]).
    function along(a, b, f) {
        const rad = Math.PI / 180;
        const vector = ([lat, lon]) => [
            Math.cos(lat * rad) * Math.cos(lon * rad),
            Math.cos(lat * rad) * Math.sin(lon * rad),
            Math.sin(lat * rad),
        ];
        const [u, v] = [vector(a), vector(b)];
        const angle = Math.acos(Math.min(1, Math.max(-1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2])));
        if (angle < 1e-9) {
            return b;
        }
        const [s, t] = [Math.sin((1 - f) * angle) / Math.sin(angle), Math.sin(f * angle) / Math.sin(angle)];
        const [x, y, z] = [0, 1, 2].map((i) => s * u[i] + t * v[i]);
        return [Math.atan2(z, Math.hypot(x, y)) / rad, Math.atan2(y, x) / rad];
    }

    // The view with its new agreements' lines grown a fraction `f` and their markers not yet
    // shown; null when the year has no new line.
    function growing(view, f) {
        const lines = view.data.find((trace) => trace.uid === "arcs-new");
        if (!lines || !lines.lat.some((lat) => lat !== null)) {
            return null;
        }
        const data = view.data.map((trace) => {
            if (trace.uid === "partners-new") {
                return Object.assign({}, trace, {lat: [], lon: [], text: [], hovertext: [], customdata: []});
            }
            if (trace !== lines) {
                return trace;
            }
            const lat = lines.lat.slice();
            const lon = lines.lon.slice();
            for (let i = 0; i + 1 < lat.length; i += 3) { // home, partner, gap
                [lat[i + 1], lon[i + 1]] = along([lat[i], lon[i]], [lat[i + 1], lon[i + 1]], f);
            }
            return Object.assign({}, trace, {lat: lat, lon: lon});
        });
        return Object.assign({}, view, {data: data});
    }

    function reducedMotion() {
        return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    }

    async function viewOf(viewSource, year, networks, mode, focus) {
        const asked = {year, networks, mode, focus, lang: viewSource.lang || "en"};
        const url = viewSource.url + window.dash_clientside.citylinks.viewQuery(asked);
        const response = await fetch(url, {credentials: "same-origin"});
        if (!response.ok) {
            throw new Error("CityLinks: the view request failed (HTTP " + response.status + ")");
        }
        return response.json();
    }

    function save(bytes, name) {
        const link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([bytes], {type: "image/gif"}));
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        downloadGif: async function (clicks, year, networks, mode, theme, focus, viewSource, source) {
            const gd = document.querySelector("#map .js-plotly-plot");
            const status = document.getElementById("download-status");
            if (!clicks || !gd || !window.Plotly) {
                return window.dash_clientside.no_update;
            }
            encoder(); // fetched while the frames are drawn
            const colours = (viewSource.trace_themes || {})[theme] || {};
            const frames = [];
            const last = Math.max(viewSource.first, Math.min(year, viewSource.last));
            for (let y = viewSource.first; y <= last; y++) {
                if (status) {
                    status.textContent = source.gif_progress
                        .replace("{done}", String(y - viewSource.first + 1))
                        .replace("{total}", String(last - viewSource.first + 1));
                }
                const view = await viewOf(viewSource, y, networks, mode, focus);
                const half = reducedMotion() ? null : growing(view, 0.5);
                if (half) {
                    frames.push({pixels: await frame(gd, y, half, source, colours), delay: GROW_DELAY_MS});
                }
                frames.push({pixels: await frame(gd, y, view, source, colours), delay: FRAME_DELAY_MS});
            }
            const gif = await encodeGif(source.gif_width, source.gif_height, frames);
            const name = source.gif_filename + viewSource.first + "-" + last + ".gif";
            save(gif, name);
            return source.saved.replace("{name}", name);
        },
    });
})();
