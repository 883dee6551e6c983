/*
 * Downloads made in the page (components/downloads.py):
 * - the map as a PNG at slide resolution: plotly's own image export of the map as shown
 *   (zoom, filters, theme), with a title that says what and which year;
 * - the offline HTML page: a link to the snapshot route, given the view shown (from the
 *   map's "citylinks:view" announcements), the page's language and theme when clicked.
 */
(function () {
    "use strict";

    let view = null;
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
        const params = new URLSearchParams();
        params.set("year", String(view.year));
        params.set("mode", view.mode || "show");
        (view.networks || []).forEach((id) => params.append("network", id));
        if (view.selected && view.selected.city) {
            params.set("city", view.selected.city);
            params.set("country_code", view.selected.country_code || "");
        }
        params.set("lang", document.documentElement.lang || "en");
        const page = document.getElementById("page");
        params.set("theme", (page && page.dataset.theme) || "light");
        link.setAttribute("href", base + "?" + params.toString());
    }, true);

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        downloadPng: async function (clicks, year, source) {
            const gd = document.querySelector("#map .js-plotly-plot");
            if (!clicks || !gd || !window.Plotly) {
                return window.dash_clientside.no_update;
            }
            const layout = Object.assign({}, gd.layout, {
                title: {text: source.title + year, x: 0.5, y: 0.985, font: {size: 30}},
                margin: {l: 10, r: 10, t: 70, b: 10},
                legend: Object.assign({}, gd.layout.legend, {font: {size: 20}}),
            });
            const url = await window.Plotly.toImage(
                {data: gd.data, layout: layout, config: {topojsonURL: source.topojson}},
                {format: "png", width: source.width, height: source.height}
            );
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
 * plotly in the page, then encoded here: a 256-colour palette taken from the frames
 * (5 bits a channel), and GIF89a's LZW. Nothing is sent anywhere.
 */
(function () {
    "use strict";

    const FRAME_DELAY_CS = 70; // hundredths of a second a year
    const LAST_DELAY_CS = 300;

    function lzw(indices) {
        // Variable-length codes from 9 to 12 bits, a clear code when the table is full
        // (the scheme of omggif's encoder, MIT).
        const out = [];
        let cur = 0;
        let shift = 0;
        let size = 9;
        const clear = 256;
        const eoi = 257;
        let next = 258;
        let table = new Map();
        const emit = (code) => {
            cur |= code << shift;
            shift += size;
            while (shift >= 8) {
                out.push(cur & 0xff);
                cur >>>= 8;
                shift -= 8;
            }
        };
        emit(clear);
        let prefix = indices[0];
        for (let i = 1; i < indices.length; i++) {
            const k = indices[i];
            const key = (prefix << 8) | k;
            const code = table.get(key);
            if (code !== undefined) {
                prefix = code;
                continue;
            }
            emit(prefix);
            if (next === 4096) {
                emit(clear);
                next = eoi + 1;
                size = 9;
                table = new Map();
            } else {
                if (next >= (1 << size)) {
                    size++;
                }
                table.set(key, next++);
            }
            prefix = k;
        }
        emit(prefix);
        emit(eoi);
        if (shift > 0) {
            out.push(cur & 0xff);
        }
        return out;
    }

    function palette(frames) {
        // The 256 most used colours of the frames, 5 bits a channel, each the mean of its pixels.
        const count = new Float64Array(32768);
        const sums = new Float64Array(32768 * 3);
        for (const pixels of frames) {
            for (let i = 0; i < pixels.length; i += 4) {
                const key = ((pixels[i] >> 3) << 10) | ((pixels[i + 1] >> 3) << 5) | (pixels[i + 2] >> 3);
                count[key]++;
                sums[key * 3] += pixels[i];
                sums[key * 3 + 1] += pixels[i + 1];
                sums[key * 3 + 2] += pixels[i + 2];
            }
        }
        const keys = [];
        for (let key = 0; key < 32768; key++) {
            if (count[key]) {
                keys.push(key);
            }
        }
        keys.sort((a, b) => count[b] - count[a]);
        const colours = new Uint8Array(256 * 3);
        keys.slice(0, 256).forEach((key, i) => {
            for (let c = 0; c < 3; c++) {
                colours[i * 3 + c] = Math.round(sums[key * 3 + c] / count[key]);
            }
        });
        return {colours, used: Math.min(256, keys.length)};
    }

    function indexer(pal) {
        const nearest = new Int16Array(32768).fill(-1);
        return (pixels) => {
            const out = new Uint8Array(pixels.length / 4);
            for (let i = 0, j = 0; i < pixels.length; i += 4, j++) {
                const key = ((pixels[i] >> 3) << 10) | ((pixels[i + 1] >> 3) << 5) | (pixels[i + 2] >> 3);
                let best = nearest[key];
                if (best < 0) {
                    let distance = Infinity;
                    for (let p = 0; p < pal.used; p++) {
                        const dr = pal.colours[p * 3] - pixels[i];
                        const dg = pal.colours[p * 3 + 1] - pixels[i + 1];
                        const db = pal.colours[p * 3 + 2] - pixels[i + 2];
                        const d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
                        if (d < distance) {
                            distance = d;
                            best = p;
                        }
                    }
                    nearest[key] = best;
                }
                out[j] = best;
            }
            return out;
        };
    }

    function encodeGif(width, height, frames) {
        const pal = palette([frames[0], frames[frames.length - 1]]);
        const index = indexer(pal);
        const bytes = [];
        const word = (n) => bytes.push(n & 0xff, (n >> 8) & 0xff);
        const text = (s) => { for (const ch of s) { bytes.push(ch.charCodeAt(0)); } };
        text("GIF89a");
        word(width);
        word(height);
        bytes.push(0xf7, 0, 0); // a global table of 256 colours
        pal.colours.forEach((v) => bytes.push(v));
        bytes.push(0x21, 0xff, 0x0b);
        text("NETSCAPE2.0");
        bytes.push(0x03, 0x01, 0x00, 0x00, 0x00); // loop for ever
        frames.forEach((pixels, n) => {
            bytes.push(0x21, 0xf9, 0x04, 0x04); // graphic control: keep the frame
            word(n === frames.length - 1 ? LAST_DELAY_CS : FRAME_DELAY_CS);
            bytes.push(0x00, 0x00);
            bytes.push(0x2c);
            word(0);
            word(0);
            word(width);
            word(height);
            bytes.push(0x00, 0x08); // no local table; LZW minimum code size 8
            const data = lzw(index(pixels));
            for (let i = 0; i < data.length; i += 255) {
                const block = data.slice(i, i + 255);
                bytes.push(block.length);
                for (const b of block) {
                    bytes.push(b);
                }
            }
            bytes.push(0x00);
        });
        bytes.push(0x3b);
        return new Uint8Array(bytes);
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

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        downloadGif: async function (clicks, year, networks, mode, theme, viewSource, source) {
            const gd = document.querySelector("#map .js-plotly-plot");
            const status = document.getElementById("download-status");
            if (!clicks || !gd || !window.Plotly) {
                return window.dash_clientside.no_update;
            }
            const themed = window.dash_clientside.citylinks.themed;
            const colours = (viewSource.trace_themes || {})[theme] || {};
            const frames = [];
            const last = Math.max(viewSource.first, Math.min(year, viewSource.last));
            for (let y = viewSource.first; y <= last; y++) {
                if (status) {
                    status.textContent = source.gif_progress
                        .replace("{done}", String(y - viewSource.first + 1))
                        .replace("{total}", String(last - viewSource.first + 1));
                }
                const params = new URLSearchParams();
                params.set("year", String(y));
                params.set("mode", mode || "show");
                params.set("lang", viewSource.lang || "en");
                (networks || []).forEach((id) => params.append("network", id));
                const response = await fetch(viewSource.url + "?" + params.toString(), {credentials: "same-origin"});
                if (!response.ok) {
                    throw new Error("CityLinks: the view request failed (HTTP " + response.status + ")");
                }
                const view = await response.json();
                const layout = Object.assign({}, gd.layout, {
                    annotations: view.annotations,
                    title: {text: source.title + y, x: 0.5, y: 0.975, font: {size: 22}},
                    margin: {l: 6, r: 6, t: 50, b: 6},
                    legend: Object.assign({}, gd.layout.legend, {font: {size: 13}}),
                });
                const url = await window.Plotly.toImage(
                    {data: themed(view.data, colours), layout: layout, config: {topojsonURL: source.topojson}},
                    {format: "png", width: source.gif_width, height: source.gif_height}
                );
                frames.push(await pixelsOf(url, source.gif_width, source.gif_height));
            }
            const gif = encodeGif(source.gif_width, source.gif_height, frames);
            const link = document.createElement("a");
            link.href = URL.createObjectURL(new Blob([gif], {type: "image/gif"}));
            link.download = source.gif_filename + viewSource.first + "-" + last + ".gif";
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(link.href), 10000);
            return source.saved.replace("{name}", link.download);
        },
    });
})();
