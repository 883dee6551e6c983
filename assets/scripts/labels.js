/*
 * City labels for a projector: at least 16 px, never over one another, over a labelled
 * city's marker nor over the home city's label, at any year and size. The one definition of
 * the label layout: the page's map, the PNG and GIF exports (exports.js), the offline page
 * (citylinks/render/snapshot.py) and the offline story deck use this file. It stands alone:
 * it needs plotly.js only (no Dash, no other CityLinks script).
 *
 * API, on window.dash_clientside.citylinks:
 * - placeLabels(gd, moreText, options) -> Promise: places the labels of the map `gd` (a
 *   plotly div) once, now, if presentation mode is on (`#page.presenting` or
 *   `body.presenting`) or options.always; else gives back the labels the server drew.
 *   moreText: the legend's " (+{n} not labelled)" (catalogue key present.more_labels; left
 *   out: the one given last for this map). options.scale (default 1): the label size is
 *   16 px x scale (an export larger than a projector).
 * - watchLabels(gd, moreText, options): placeLabels after every drawing of `gd`
 *   (plotly_afterplot, plotly_react, plotly_relayout) and when presentation mode starts or
 *   ends; hooked again when plotly's listeners of the div were reset (Plotly.purge, a new
 *   plot). Safe to call at every drawing. options.always: as placeLabels.
 * - labelledImage(data, layout, options) -> Promise of a PNG data URL: the figure drawn
 *   off-screen at options.width x options.height (options.config: plotly's config, e.g.
 *   {topojsonURL}; nothing when window.PlotlyGeoAssets holds the map), options.annotations
 *   added (layout annotations in paper coordinates: a title, a caption, callouts, a credit;
 *   or a function given the drawn div that returns them, for callouts placed from its
 *   projection), its labels placed for a projector keeping off them (options.scale,
 *   options.moreText), then Plotly.toImage. `data` and `layout` are not changed.
 * - labelSource(gd) -> {data, layout, moreText}: copies of the figure of `gd` as the server
 *   drew it (the labels placed here and their leader lines taken out), and the legend's
 *   text for the labels left out that the map was watched with, for an export.
 *
 * The layout: the map's text traces (meta.role home, selected, partners) are placed from the
 * map's own projection, the home city's label first (where the server put it), then the
 * selected city's, then each new partner's at the first of eight places around its marker
 * that overlaps no label, leader line or labelled city's marker placed; failing those, at a
 * place further away (rings 2, 3.5 and 5.5 label heights from the marker, 16 directions,
 * east first) in the map's frame, joined to its marker by a thin leader line (a layout
 * annotation in paper coordinates, `showarrow` with no head) that crosses no label and no
 * marker; a label that fits nowhere is left out (the selected city's keeps the server's
 * place), and the legend entry says how many ("+3 not labelled"). Only `text`,
 * `textposition`, the text size and the legend name of the traces are changed, and layout
 * annotations named "citylinks-label" added: the layout is changed only when a leader line
 * is needed or goes.
 */
(function () {
    "use strict";

    const SIZE = 16; // px, on a projector
    const GAP = 3; // px between a marker and its label
    const PAD = 2; // px around a label
    const POSITIONS = ["top center", "bottom center", "middle right", "middle left",
        "top right", "top left", "bottom right", "bottom left"];
    const RINGS = [2, 3.5, 5.5]; // leader lines' lengths, in label heights
    const DIRECTIONS = 16;
    const LEADER = "citylinks-label"; // the name of this file's annotations
    const originals = new WeakMap(); // trace -> {text, textposition, size, name}
    const watched = new Map(); // gd -> {moreText, always, events (plotly's emitter hooked)}
    let measure = null;

    // Ring directions as unit vectors (y downward): east first, then the nearest to east
    // (above before below), west last.
    const RING_DIRECTIONS = Array.from({length: DIRECTIONS}, (_, k) => (2 * Math.PI * k) / DIRECTIONS)
        .map((angle) => ({angle, off: Math.abs(((angle + Math.PI) % (2 * Math.PI)) - Math.PI)}))
        .sort((a, b) => a.off - b.off)
        .map(({angle}) => [round(Math.cos(angle)), round(-Math.sin(angle))]);

    function round(value) {
        return Math.abs(value) < 1e-9 ? 0 : value;
    }

    function width(text, family, size) {
        measure = measure || document.createElement("canvas").getContext("2d");
        measure.font = "bold " + size + "px " + family;
        return measure.measureText(text).width;
    }

    function plain(text) {
        return String(text || "").replace(/<[^>]*>/g, "");
    }

    // The room a label at `position` around a marker of radius `r` at (x, y) may take:
    // from the marker's centre to the far side of the label, so that wherever plotly puts it
    // exactly, it is inside.
    function boxAt(x, y, w, h, r, position, gap, pad) {
        const [vertical, horizontal] = position.split(" ");
        const reach = {
            center: [x - w / 2, x + w / 2],
            right: [x, x + r + gap + w],
            left: [x - r - gap - w, x],
        }[horizontal];
        const rise = {
            middle: [y - h / 2, y + h / 2],
            top: [y - r - gap - h, y],
            bottom: [y, y + r + gap + h],
        }[vertical];
        return {l: reach[0] - pad, t: rise[0] - pad, r: reach[1] + pad, b: rise[1] + pad};
    }

    // The text's own box in that place (without the room between it and the marker's
    // centre): what a leader line must not cross.
    function textBoxAt(x, y, w, h, r, position, gap) {
        const [vertical, horizontal] = position.split(" ");
        const reach = {center: [x - w / 2, x + w / 2], right: [x + r, x + r + gap + w], left: [x - r - gap - w, x - r]}[horizontal];
        const rise = {middle: [y - h / 2, y + h / 2], top: [y - r - gap - h, y - r], bottom: [y + r, y + r + gap + h]}[vertical];
        return {l: reach[0], t: rise[0], r: reach[1], b: rise[1]};
    }

    function overlaps(a, b) {
        return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
    }

    // Whether the segment (x0, y0)-(x1, y1) passes through the box (Liang-Barsky clipping).
    function crosses(x0, y0, x1, y1, box) {
        let t0 = 0;
        let t1 = 1;
        const dx = x1 - x0;
        const dy = y1 - y0;
        const sides = [[-dx, x0 - box.l], [dx, box.r - x0], [-dy, y0 - box.t], [dy, box.b - y0]];
        for (const [p, q] of sides) {
            if (p === 0) {
                if (q < 0) {
                    return false;
                }
            } else {
                const t = q / p;
                if (p < 0) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
                if (t0 > t1) {
                    return false;
                }
            }
        }
        return true;
    }

    // Whether two segments cross.
    function segmentsCross(a, b) {
        const side = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
        return side(a[0], a[1], b[0]) * side(a[0], a[1], b[1]) < 0
            && side(b[0], b[1], a[0]) * side(b[0], b[1], a[1]) < 0;
    }

    function radius(trace, i) {
        const size = trace.marker && trace.marker.size;
        return (Array.isArray(size) ? size[i] : size || 10) / 2;
    }

    function presenting() {
        const page = document.getElementById("page");
        return Boolean((page && page.classList.contains("presenting"))
            || (document.body && document.body.classList.contains("presenting")));
    }

    // Where the map is drawn in the div (pixels, as the projection gives them).
    function frameOf(gd) {
        const full = gd._fullLayout;
        const subplot = full.geo._subplot;
        const x = subplot.xaxis;
        const y = subplot.yaxis;
        if (x && y && x._length > 0 && y._length > 0) {
            return {l: x._offset, t: y._offset, r: x._offset + x._length, b: y._offset + y._length};
        }
        const size = full._size;
        return {l: size.l, t: size.t, r: size.l + size.w, b: size.t + size.h};
    }

    // The boxes (in the div's pixels) of the layout's other annotations: a title, a caption,
    // callouts, the empty map's message.
    function annotationBoxes(gd) {
        const own = gd.getBoundingClientRect();
        const annotations = (gd.layout && gd.layout.annotations) || [];
        return Array.from(gd.querySelectorAll(".annotation[data-index]"))
            .filter((node) => {
                const item = annotations[Number(node.getAttribute("data-index"))];
                return item && item.name !== LEADER;
            })
            .map((node) => node.getBoundingClientRect())
            .filter((rect) => rect.width > 0 && rect.height > 0)
            .map((rect) => ({l: rect.left - own.left, t: rect.top - own.top, r: rect.right - own.left, b: rect.bottom - own.top}));
    }

    function traceFont(gd, index, i) {
        const full = (gd._fullData || [])[index] || {};
        const font = full.textfont || {};
        const pick = (value) => (Array.isArray(value) ? value[i] : value);
        const layoutFont = gd._fullLayout.font || {};
        return {
            family: pick(font.family) || layoutFont.family || "sans-serif",
            color: pick(font.color) || layoutFont.color || "#444444",
        };
    }

    // The labels as they should be: {traces: {index: {text, textposition, size, name}},
    // leaders: [annotation]}.
    function placement(gd, moreText, scale) {
        const subplot = gd._fullLayout.geo && gd._fullLayout.geo._subplot;
        if (!subplot || !subplot.projection) {
            return null;
        }
        const size = SIZE * scale;
        const gap = GAP * scale;
        const pad = PAD * scale;
        const height = size * 1.2;
        const frame = frameOf(gd);
        const paper = gd._fullLayout._size;
        const order = {home: 0, selected: 1, partners: 2};
        const traces = gd.data
            .map((trace, index) => ({trace, index, source: originals.get(trace) || trace}))
            .filter(({trace, source}) => trace.meta && trace.meta.role in order && Array.isArray(source.text) && source.text.length)
            .sort((a, b) => order[a.trace.meta.role] - order[b.trace.meta.role]);
        // every labelled city's marker is in the way of the other labels, as are the
        // layout's other annotations
        const taken = annotationBoxes(gd);
        const lines = []; // leader lines placed: [[x, y], [x, y]]
        for (const {trace, index, source} of traces) {
            source.text.forEach((_, i) => {
                const point = subplot.projection([trace.lon[i], trace.lat[i]]);
                const r = radius(trace, i);
                if (point) {
                    taken.push({l: point[0] - r, t: point[1] - r, r: point[0] + r, b: point[1] + r, owner: index + ":" + i});
                }
            });
        }
        const free = (box, owner) => !taken.some((other) => other.owner !== owner && overlaps(box, other))
            && !lines.some(([a, b]) => crosses(a[0], a[1], b[0], b[1], box));
        const inFrame = (box) => box.l >= frame.l && box.t >= frame.t && box.r <= frame.r && box.b <= frame.b;
        // A place away from the marker, and its leader line (from the marker's edge to the
        // box's edge, on the line to the box's centre, as plotly draws an annotation's arrow).
        const away = (point, w, r, owner) => {
            const [x, y] = point;
            for (const ring of RINGS) {
                for (const [cos, sin] of RING_DIRECTIONS) {
                    const half = Math.min(cos ? (w / 2) / Math.abs(cos) : Infinity, sin ? (height / 2) / Math.abs(sin) : Infinity);
                    const reach = ring * height + half;
                    const cx = x + cos * reach;
                    const cy = y + sin * reach;
                    const box = {l: cx - w / 2 - pad, t: cy - height / 2 - pad, r: cx + w / 2 + pad, b: cy + height / 2 + pad};
                    const line = [[x + cos * r, y + sin * r], [x + cos * (reach - half), y + sin * (reach - half)]];
                    if (!inFrame(box) || !free(box, owner)) {
                        continue;
                    }
                    const blocked = taken.some((other) => other.owner !== owner && crosses(line[0][0], line[0][1], line[1][0], line[1][1], other.text || other))
                        || lines.some((other) => segmentsCross(line, other));
                    if (!blocked) {
                        return {box, line, dx: cos * reach, dy: sin * reach};
                    }
                }
            }
            return null;
        };
        const wanted = {};
        const leaders = [];
        for (const {trace, index, source} of traces) {
            const role = trace.meta.role;
            const given = Array.isArray(source.textposition) ? source.textposition : [];
            let dropped = 0;
            const text = [];
            const positions = [];
            source.text.forEach((label, i) => {
                const point = subplot.projection([trace.lon[i], trace.lat[i]]);
                const font = traceFont(gd, index, i);
                const w = width(plain(label), font.family, size);
                const r = radius(trace, i);
                const own = given[i] || source.textposition || "top center";
                const owner = index + ":" + i;
                // the home city keeps its place; the selected city moves if it must, and
                // keeps its own place if nothing fits; a new partner's is left out then
                const choices = role === "home" ? [own] : POSITIONS;
                let position = point && choices.find((p) => role === "home" || free(boxAt(point[0], point[1], w, height, r, p, gap, pad), owner));
                const seen = point && point[0] >= frame.l && point[0] <= frame.r && point[1] >= frame.t && point[1] <= frame.b;
                const far = !position && seen && label && role === "partners" ? away(point, w, r, owner) : null;
                if (far) {
                    taken.push(far.box);
                    lines.push(far.line);
                    text.push("");
                    positions.push(own);
                    leaders.push({
                        name: LEADER,
                        text: label,
                        xref: "paper",
                        yref: "paper",
                        x: (point[0] - paper.l) / paper.w,
                        y: 1 - (point[1] - paper.t) / paper.h,
                        ax: far.dx,
                        ay: far.dy,
                        xanchor: "center",
                        yanchor: "middle",
                        showarrow: true,
                        arrowhead: 0,
                        arrowwidth: Math.max(1, scale),
                        arrowcolor: font.color,
                        standoff: r,
                        borderpad: 0,
                        captureevents: false,
                        font: {family: font.family, size: size, color: font.color},
                    });
                    return;
                }
                if (!position && role === "selected" && point) {
                    position = own;
                }
                if (!position) {
                    dropped += 1;
                    text.push("");
                    positions.push(own);
                    return;
                }
                taken.push(Object.assign(boxAt(point[0], point[1], w, height, r, position, gap, pad), {
                    text: textBoxAt(point[0], point[1], w, height, r, position, gap),
                }));
                text.push(label);
                positions.push(position);
            });
            const base = withoutMore(source.name, moreText);
            const name = dropped && moreText ? base + moreText.replace("{n}", String(dropped)) : base;
            wanted[index] = {text, textposition: positions, size: size, name};
        }
        return {traces: wanted, leaders};
    }

    // A legend entry's name without the "(+n not labelled)" this script added: a trace drawn
    // again from a copy of the map (a theme's change) comes back with it in its name.
    function withoutMore(name, moreText) {
        if (typeof name !== "string" || !moreText || moreText.indexOf("{n}") < 0) {
            return name;
        }
        const [before, after] = moreText.split("{n}").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        const added = new RegExp(`(?:${before}\\d+${after})+$`);
        return name.replace(added, "");
    }

    // Plotly's own text: its tags dropped, its character references read.
    function shown(text) {
        const named = {amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0"};
        return plain(text).replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
            if (name[0] === "#") {
                const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
                return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
            }
            return named[name.toLowerCase()] || whole;
        });
    }

    // Whether the map shows a trace's labels as wanted: a drawing started before the labels
    // were placed may end after them, from the figure as it was.
    function drawnAs(gd, index, want) {
        const group = Array.from(gd.querySelectorAll(".scatterlayer .trace")).find((g) => {
            const first = g.__data__ && g.__data__[0];
            return first && first.trace && first.trace.index === Number(index);
        });
        if (!group) {
            return true; // not drawn (hidden from the legend): nothing to tell
        }
        const nodes = Array.from(group.querySelectorAll(".textpoint text")).filter((node) => node.textContent);
        const wanted = want.text.map(shown).filter(Boolean);
        return nodes.length === wanted.length
            && nodes.every((node, i) => node.textContent === wanted[i] && parseFloat(node.style.fontSize) === want.size);
    }

    function leadersDrawn(gd, leaders) {
        const drawn = Array.from(gd.querySelectorAll(".annotation[data-index]")).filter((node) => {
            const item = ((gd.layout && gd.layout.annotations) || [])[Number(node.getAttribute("data-index"))];
            return item && item.name === LEADER;
        });
        return drawn.length === leaders.length;
    }

    function same(trace, want) {
        return JSON.stringify(trace.text) === JSON.stringify(want.text)
            && JSON.stringify(trace.textposition) === JSON.stringify(want.textposition)
            && (trace.textfont || {}).size === want.size && trace.name === want.name;
    }

    // The layout's annotations but this file's.
    function others(gd) {
        return ((gd.layout && gd.layout.annotations) || []).filter((item) => !item || item.name !== LEADER);
    }

    function ownAnnotations(gd) {
        return ((gd.layout && gd.layout.annotations) || []).filter((item) => item && item.name === LEADER);
    }

    // The changes drawn at once: the traces' labels and, if they changed, the leader lines.
    function apply(gd, changes, leaders) {
        const indices = Object.keys(changes).map(Number);
        const layoutChange = leaders !== null;
        if (!indices.length && !layoutChange) {
            return Promise.resolve();
        }
        const pick = (key) => indices.map((i) => changes[i][key]);
        const traceUpdate = indices.length ? {
            text: pick("text"),
            textposition: pick("textposition"),
            "textfont.size": pick("size"),
            name: pick("name"),
        } : {};
        const layoutUpdate = layoutChange ? {annotations: others(gd).concat(leaders)} : {};
        return Promise.resolve(window.Plotly.update(gd, traceUpdate, layoutUpdate, indices.length ? indices : undefined));
    }

    // Drawings forced in a row because the map did not show what it holds (bounded: a map
    // that cannot show it is not drawn for ever).
    const forcedRounds = new WeakMap();

    function forced(gd) {
        const rounds = (forcedRounds.get(gd) || 0) + 1;
        forcedRounds.set(gd, rounds);
        return rounds <= 2;
    }

    // The labels placed for a projector, or given back as they were.
    function follow(gd, moreText, options) {
        const changes = {};
        let leaders = null; // null: as they are
        const on = options.always || presenting();
        const placed = on && gd._fullLayout && placement(gd, moreText, options.scale || 1);
        if (placed) {
            for (const [index, want] of Object.entries(placed.traces)) {
                const trace = gd.data[index];
                if (!originals.has(trace)) {
                    originals.set(trace, {
                        text: trace.text,
                        textposition: trace.textposition,
                        size: (trace.textfont || {}).size,
                        name: trace.name,
                    });
                }
                if (!same(trace, want)) {
                    changes[index] = want;
                } else if (!drawnAs(gd, index, want) && forced(gd)) {
                    changes[index] = want; // drawn again as wanted
                }
            }
            if (JSON.stringify(ownAnnotations(gd)) !== JSON.stringify(placed.leaders)) {
                leaders = placed.leaders;
            } else if (!leadersDrawn(gd, placed.leaders) && forced(gd)) {
                leaders = placed.leaders;
            }
            if (!Object.keys(changes).length && leaders === null) {
                forcedRounds.delete(gd);
            }
        } else if (!on) {
            gd.data.forEach((trace, index) => {
                const before = originals.get(trace);
                if (before) {
                    originals.delete(trace);
                    changes[index] = before;
                }
            });
            if (ownAnnotations(gd).length) {
                leaders = [];
            }
        }
        return apply(gd, changes, leaders);
    }

    const busy = new WeakSet(); // maps being placed
    const again = new WeakSet(); // maps drawn again while being placed: placed once more

    function placeLabels(gd, moreText, options) {
        const state = watched.get(gd) || {};
        const text = moreText === undefined ? state.moreText : moreText;
        const settings = Object.assign({always: Boolean(state.always)}, options || {});
        if (!gd || !gd.data || !gd._fullLayout || !window.Plotly) {
            return Promise.resolve();
        }
        if (busy.has(gd)) {
            again.add(gd); // after the drawing under way (its own drawing ends in no change)
            return Promise.resolve();
        }
        busy.add(gd);
        const finish = (rounds) => {
            busy.delete(gd);
            if (again.has(gd)) {
                again.delete(gd);
                if (rounds < 3) {
                    busy.add(gd);
                    return Promise.resolve().then(() => follow(gd, text, settings)).then(() => finish(rounds + 1), fail);
                }
            }
            return undefined;
        };
        const fail = (error) => {
            busy.delete(gd);
            again.delete(gd);
            throw error;
        };
        return Promise.resolve().then(() => follow(gd, text, settings)).then(() => finish(0), fail);
    }

    function report(error) {
        if (window.console) {
            console.error(error);
        }
    }

    let classWatch = null;

    // Presentation mode starting or ending places or gives back every watched map's labels.
    function watchPresenting() {
        if (classWatch || !window.MutationObserver) {
            return;
        }
        let was = presenting();
        classWatch = new MutationObserver(() => {
            const now = presenting();
            if (now === was) {
                return;
            }
            was = now;
            for (const gd of Array.from(watched.keys())) {
                if (!gd.isConnected) {
                    watched.delete(gd);
                } else {
                    placeLabels(gd).catch(report);
                }
            }
        });
        classWatch.observe(document.documentElement, {attributes: true, attributeFilter: ["class"], subtree: true});
    }

    function watchLabels(gd, moreText, options) {
        if (!gd || !gd.on) {
            return;
        }
        const state = watched.get(gd) || {};
        state.moreText = moreText === undefined ? state.moreText : moreText;
        state.always = Boolean((options && options.always) || state.always);
        watched.set(gd, state);
        watchPresenting();
        if (!state.observer && window.MutationObserver) {
            // plotly drawing the div anew (Plotly.purge then a new plot, as Dash's Graph may
            // do) makes its frame again and forgets its listeners: hooked again then
            state.observer = new MutationObserver(() => {
                if (gd._ev && gd.on && state.events !== gd._ev) {
                    watchLabels(gd);
                }
            });
            state.observer.observe(gd, {childList: true});
        }
        if (state.events && state.events === gd._ev) {
            return; // hooked, and plotly's listeners are the ones hooked
        }
        state.events = gd._ev;
        const run = () => placeLabels(gd).catch(report);
        for (const name of ["plotly_afterplot", "plotly_react", "plotly_relayout"]) {
            gd.on(name, run);
        }
        run(); // the map may have been drawn for presentation before this was watching
    }

    // Copies of a map's figure as the server drew it.
    function labelSource(gd) {
        const data = gd.data.map((trace) => {
            const copy = Object.assign({}, trace);
            const before = originals.get(trace);
            if (before) {
                copy.text = before.text;
                copy.textposition = before.textposition;
                copy.name = before.name;
                copy.textfont = Object.assign({}, trace.textfont, {size: before.size});
            } else {
                copy.name = withoutMore(trace.name, (watched.get(gd) || {}).moreText);
            }
            return JSON.parse(JSON.stringify(copy));
        });
        const layout = JSON.parse(JSON.stringify(Object.assign({}, gd.layout, {annotations: others(gd)})));
        // the whole world's frame, as the server drew it: an upright phone's slice of it
        // (frame.js) is not the export's, and plotly's zoom on it counts against the whole
        // world again (fly.js frameShare)
        const frameShare = window.dash_clientside.citylinks.frameShare;
        const share = frameShare ? frameShare(gd) : 1;
        if (share < 1 && layout.geo) {
            delete (layout.geo.lonaxis || {}).range;
            const projection = layout.geo.projection || {};
            if (Number.isFinite(projection.scale)) {
                projection.scale /= share;
            }
        }
        return {data, layout, moreText: (watched.get(gd) || {}).moreText};
    }

    async function labelledImage(data, layout, options) {
        const width = Math.round(options.width);
        const height = Math.round(options.height);
        const div = document.createElement("div");
        div.style.cssText = "position:fixed;top:0;left:" + (-width - 1000) + "px;width:" + width
            + "px;height:" + height + "px;overflow:hidden;pointer-events:none";
        div.setAttribute("aria-hidden", "true");
        document.body.appendChild(div);
        try {
            const copy = JSON.parse(JSON.stringify({data: data, layout: layout || {}}));
            const given = (copy.layout.annotations || []).filter((item) => !item || item.name !== LEADER);
            const extra = options.annotations;
            const figureLayout = Object.assign(copy.layout, {
                width: width,
                height: height,
                autosize: false,
                annotations: given.concat(Array.isArray(extra) ? JSON.parse(JSON.stringify(extra)) : []),
            });
            const config = Object.assign({}, options.config || {}, {staticPlot: true, responsive: false});
            await window.Plotly.newPlot(div, copy.data, figureLayout, config);
            if (typeof extra === "function") {
                // annotations made from the drawn map (its projection): callouts by their cities
                const made = JSON.parse(JSON.stringify(extra(div) || []));
                await window.Plotly.relayout(div, {annotations: given.concat(made)});
            }
            await placeLabels(div, options.moreText, {always: true, scale: options.scale || 1});
            return await window.Plotly.toImage(div, {format: "png", width: width, height: height});
        } finally {
            window.Plotly.purge(div);
            div.remove();
        }
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        watchLabels: watchLabels,
        placeLabels: placeLabels,
        labelledImage: labelledImage,
        labelSource: labelSource,
        // the label scale of an image `width` pixels wide: a projector's 16 px at 1024
        projectorScale: (width) => Math.max(1, width / 1024),
    });
})();
