/*
 * A story's slides as PNG images for a slide deck (1920x1080), made in the browser and saved
 * as one ZIP (zip.js). Each slide is its figure as the server made it (the slides' data of
 * components/story_exports.py `deck_data`) drawn off-screen with the projector's labels
 * (labels.js `labelledImage`), its title and status sentence above the map, its caption and the
 * credit line below, and its callouts as boxes beside their cities joined by a line, each
 * keeping off the other callouts and the points of the cities the map names.
 *
 * Every text is a plotly annotation written as text: "&", "<" and ">" become entities and
 * plotly reads no markup from a story or the data; a caption's lines stay lines.
 *
 * `slideImagesZip(deck, progress)` -> Promise of a Blob, `progress(n, count)` before each
 * slide; `saveBlob(blob, name)`. The page's *Slides (PNG, ZIP)* (`storySlideImages`, a
 * clientside callback) and the offline deck's button (assets/offline/deck.js) use them.
 *
 * `calloutPlace(places, hidden, frame)`: where a callout goes, the one chooser of the three
 * players of a story (these PNGs, the page's story_player.js and the offline deck's deck.js,
 * which the deck's file holds after this one): of the places it may take, the one that hides
 * least of the map's labels, named cities' markers and other callouts, inside the frame.
 */
(function () {
    "use strict";

    const FONT = {title: 44, status: 26, caption: 30, credit: 18, callout: 24, legend: 13};
    const MARGIN = {l: 30, r: 30, t: 140, b: 200, pad: 0};
    const CAPTION_CHARS = 100; // a caption's line, at most, before it wraps
    const CALLOUT_CHARS = 34;
    const POINT_ROOM = 14; // px around a named city's point that a callout keeps clear

    function api() {
        return window.dash_clientside.citylinks;
    }

    function escaped(text) {
        return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }

    // A text as lines of at most `chars` characters, cut at spaces.
    function wrapped(text, chars) {
        const lines = [];
        for (const paragraph of String(text || "").split("\n")) {
            let line = "";
            for (const word of paragraph.split(" ")) {
                if (line && (line + " " + word).length > chars) {
                    lines.push(line);
                    line = word;
                } else {
                    line = line ? line + " " + word : word;
                }
            }
            lines.push(line);
        }
        return lines.map(escaped).join("<br>");
    }

    function colours(layout) {
        const dark = layout.paper_bgcolor && /^#0|^rgb\(0|black/i.test(String(layout.paper_bgcolor));
        return dark
            ? {text: "#ffffff", box: "#1d2327", line: "#ffffff"}
            : {text: "#1d2327", box: "#ffffff", line: "#1d2327"};
    }

    function text(x, y, value, size, anchor, shift, colour, bold) {
        return {
            xref: "paper", yref: "paper", x: x, y: y, xanchor: "left", yanchor: anchor,
            yshift: shift, showarrow: false, align: "left",
            text: bold ? "<b>" + value + "</b>" : value,
            font: {size: size, color: colour},
        };
    }

    // The slide's texts around the map (paper coordinates: 0..1 is the map's frame).
    function frameTexts(deck, slide, colour) {
        return [
            text(0, 1, escaped(slide.title || deck.title), FONT.title, "bottom", 62, colour, true),
            text(0, 1, escaped(slide.status), FONT.status, "bottom", 14, colour, false),
            text(0, 0, wrapped(slide.caption, CAPTION_CHARS), FONT.caption, "top", -14, colour, false),
            text(0, 0, escaped(deck.credit), FONT.credit, "top", -(MARGIN.b - 40), colour, false),
        ];
    }

    // A callout's box, estimated from its text (pixels): it need not be exact, only not too
    // small, for the callouts to keep off one another.
    function calloutSize(callout) {
        const lines = [callout.label || callout.city].concat(
            callout.note ? wrapped(callout.note, CALLOUT_CHARS).split("<br>") : []);
        const longest = Math.max(...lines.map((line) => line.length));
        return {w: longest * FONT.callout * 0.6 + 24, h: lines.length * FONT.callout * 1.3 + 24};
    }

    // Where a callout's box may go, relative to its city (pixels: the line's other end, and
    // which side of the box it joins), nearest first.
    const CALLOUT_PLACES = [[80, -70], [80, 70], [-80, -70], [-80, 70], [0, -120], [0, 120],
        [160, -150], [160, 150], [-160, -150], [-160, 150], [240, 0], [-240, 0]];

    function boxOf(px, py, dx, dy, size) {
        const left = dx > 0 ? px + dx : dx < 0 ? px + dx - size.w : px - size.w / 2;
        const top = py + dy - size.h / 2;
        return {left: left, top: top, right: left + size.w, bottom: top + size.h};
    }

    // --- a callout's place (the PNGs, the page's player, the offline deck's) ------------------

    const OUTSIDE = 1e9; // a place out of the frame: worse than any a place may hide

    function overlaps(a, b) {
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }

    function overlapArea(a, b) {
        return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
            * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
    }

    function inside(box, frame) {
        return box.left >= frame.left && box.right <= frame.right
            && box.top >= frame.top && box.bottom <= frame.bottom;
    }

    // Of `places` (boxes {left, top, right, bottom}, in order of preference), the one that
    // hides least: {place, cost}, the first of equals. Each group of `hidden` ({boxes, weight,
    // by}) costs, for each of its boxes a place overlaps, `weight` times the area it hides (by
    // "area") or `weight` once (by "count"); a place not inside `frame` (when given) costs
    // OUTSIDE more. Cost 0: the place hides nothing, inside the frame.
    function calloutPlace(places, hidden, frame) {
        let best = null;
        for (const place of places) {
            const cost = hidden.reduce((total, group) => total + group.boxes.reduce((sum, box) => sum
                + group.weight * (group.by === "area" ? overlapArea(place, box) : Number(overlaps(place, box))), 0),
            frame && !inside(place, frame) ? OUTSIDE : 0);
            if (!best || cost < best.cost) {
                best = {place: place, cost: cost};
            }
        }
        return best;
    }

    // The points of the cities the map names (the home city, the selected city, the new
    // partners: traces by meta.role, as labels.js names them), which a callout must not hide.
    function markedPoints(gd, subplot) {
        const boxes = [];
        for (const trace of gd.data || []) {
            if (!subplot || !trace.meta || !["home", "selected", "partners"].includes(trace.meta.role)) {
                continue;
            }
            (trace.lon || []).forEach((lon, i) => {
                const point = subplot.projection([lon, trace.lat[i]]);
                if (point) {
                    boxes.push({left: point[0] - POINT_ROOM, top: point[1] - POINT_ROOM, right: point[0] + POINT_ROOM, bottom: point[1] + POINT_ROOM});
                }
            });
        }
        return boxes;
    }

    // The callouts, once the map is drawn: beside their city's point (the map's own
    // projection), at the first place that keeps off the named cities' points and the
    // callouts placed before, inside the map's frame (else the nearest place); joined to the
    // city by a line.
    function calloutsOf(slide, palette) {
        return (gd) => {
            const subplot = gd._fullLayout.geo && gd._fullLayout.geo._subplot;
            const size = gd._fullLayout._size;
            const frame = {left: size.l, top: size.t, right: size.l + size.w, bottom: size.t + size.h};
            const taken = markedPoints(gd, subplot);
            const notes = [];
            for (const callout of slide.callouts || []) {
                const point = subplot && Number.isFinite(callout.lon)
                    ? subplot.projection([callout.lon, callout.lat]) : null;
                if (!point || point[0] < frame.left || point[0] > frame.right || point[1] < frame.top || point[1] > frame.bottom) {
                    continue; // not on the map's frame
                }
                const box = calloutSize(callout);
                const places = CALLOUT_PLACES.map(([dx, dy]) => Object.assign(boxOf(point[0], point[1], dx, dy, box), {dx: dx, dy: dy}));
                const best = calloutPlace(places, [{boxes: taken, weight: 1, by: "count"}], frame);
                const place = best.cost === 0 ? best.place : places[0];
                const {dx, dy} = place;
                taken.push(place);
                notes.push({
                    xref: "paper", yref: "paper",
                    x: (point[0] - size.l) / size.w, y: 1 - (point[1] - size.t) / size.h,
                    ax: dx, ay: dy, xanchor: dx > 0 ? "left" : dx < 0 ? "right" : "center",
                    showarrow: true, arrowhead: 0, arrowwidth: 2, arrowcolor: palette.line,
                    standoff: 6, align: "left", borderpad: 8, borderwidth: 2,
                    bordercolor: palette.line, bgcolor: palette.box,
                    font: {size: FONT.callout, color: palette.text},
                    text: "<b>" + escaped(callout.label || callout.city) + "</b>"
                        + (callout.note ? "<br>" + wrapped(callout.note, CALLOUT_CHARS) : ""),
                });
            }
            return notes;
        };
    }

    async function slideImage(deck, slide, config) {
        const [width, height] = deck.size || [1920, 1080];
        const layout = Object.assign({}, slide.figure.layout, {margin: MARGIN, title: {text: ""}});
        const camera = api().cameraFor(slide.camera);
        if (camera) {
            const geo = Object.assign({}, layout.geo);
            geo.center = {lon: camera.lon, lat: camera.lat};
            geo.projection = Object.assign({}, geo.projection, {scale: camera.scale});
            layout.geo = geo;
        }
        const palette = colours(layout);
        const scale = api().projectorScale(width);
        layout.legend = Object.assign({}, layout.legend, {font: Object.assign({}, (layout.legend || {}).font, {size: Math.round(FONT.legend * scale)})});
        return api().labelledImage(slide.figure.data, layout, {
            width: width,
            height: height,
            scale: scale,
            config: config,
            moreText: (deck.texts || {}).more,
            annotations: (gd) => frameTexts(deck, slide, palette.text).concat(calloutsOf(slide, palette)(gd)),
        });
    }

    function bytesOf(dataUrl) {
        const binary = atob(dataUrl.slice(dataUrl.indexOf(",") + 1));
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) {
            bytes[i] = binary.charCodeAt(i);
        }
        return bytes;
    }

    async function slideImagesZip(deck, progress, config) {
        const files = [];
        const count = deck.slides.length;
        const digits = String(count).length;
        for (let i = 0; i < count; i++) {
            if (progress) {
                progress(i + 1, count);
            }
            const url = await slideImage(deck, deck.slides[i], config || {});
            files.push({name: "slide-" + String(i + 1).padStart(Math.max(2, digits), "0") + ".png", bytes: bytesOf(url)});
        }
        return api().zipFiles(files);
    }

    function saveBlob(blob, name) {
        const url = URL.createObjectURL(blob);
        const link = document.createElement("a");
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    function said(template, values) {
        return Object.entries(values).reduce((text, [key, value]) => text.replace("{" + key + "}", String(value)), template || "");
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        slideImagesZip: slideImagesZip,
        saveBlob: saveBlob,
        calloutPlace: calloutPlace,
        // The page's *Slides (PNG, ZIP)*: the server sent the slides' data; draw, zip, save.
        storySlideImages: async function (deck) {
            const dc = window.dash_clientside;
            if (!deck || !Array.isArray(deck.slides) || !deck.slides.length) {
                return dc.no_update;
            }
            const output = dc.callback_context.outputs_list;
            const status = output && (Array.isArray(output) ? output[0] : output).id;
            const texts = deck.texts || {};
            const live = document.querySelector("#map .js-plotly-plot");
            const config = live && live._context && live._context.topojsonURL ? {topojsonURL: live._context.topojsonURL} : {};
            try {
                const blob = await slideImagesZip(deck, (n, count) => {
                    if (status && dc.set_props) {
                        dc.set_props(status, {children: said(texts.making, {n: n, count: count})});
                    }
                }, config);
                saveBlob(blob, deck.filename);
                return said(texts.ready, {name: deck.filename, count: deck.slides.length});
            } catch (error) {
                return said(texts.failed, {reason: String((error && error.message) || error)});
            }
        },
    });
})();
