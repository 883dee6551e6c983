/*
 * City labels in presentation mode (components/presentation.py), for a projector: at least
 * 16 px, never over one another nor over the home city's label, at any year and size.
 *
 * After each drawing of the map (plotly_afterplot) in presentation mode, the labels of the
 * map's text traces (the home city, the selected city, the new partners) are placed again
 * from the map's own projection: the home and selected cities' first, then each new partner's
 * at the first of eight places around its marker that overlaps no label placed and no marker
 * of a labelled city; a label that fits nowhere is left out, and the new partners' legend
 * entry says how many ("+3 not labelled"). Out of presentation mode the labels are what the
 * server drew. The map's layout labels (citylinks/render/traces) stay the server's; this only
 * restyles `text`, `textposition` and the text size.
 */
(function () {
    "use strict";

    const SIZE = 16; // px, on a projector
    const GAP = 3; // px between a marker and its label
    const PAD = 2; // px around a label
    const POSITIONS = ["top center", "bottom center", "middle right", "middle left",
        "top right", "top left", "bottom right", "bottom left"];
    const originals = new WeakMap(); // trace -> {text, textposition, size, name}
    let measure = null;

    function width(text, family) {
        measure = measure || document.createElement("canvas").getContext("2d");
        measure.font = "bold " + SIZE + "px " + family;
        return measure.measureText(text).width;
    }

    function plain(text) {
        return String(text || "").replace(/<[^>]*>/g, "");
    }

    // The room a label at `position` around a marker of radius `r` at (x, y) may take:
    // from the marker's centre to the far side of the label, so that wherever plotly puts it
    // exactly, it is inside.
    function boxAt(x, y, w, h, r, position) {
        const [vertical, horizontal] = position.split(" ");
        const reach = {
            center: [x - w / 2, x + w / 2],
            right: [x, x + r + GAP + w],
            left: [x - r - GAP - w, x],
        }[horizontal];
        const rise = {
            middle: [y - h / 2, y + h / 2],
            top: [y - r - GAP - h, y],
            bottom: [y, y + r + GAP + h],
        }[vertical];
        return {l: reach[0] - PAD, t: rise[0] - PAD, r: reach[1] + PAD, b: rise[1] + PAD};
    }

    function overlaps(a, b) {
        return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
    }

    function radius(trace, i) {
        const size = trace.marker && trace.marker.size;
        return (Array.isArray(size) ? size[i] : size || 10) / 2;
    }

    function presenting() {
        const page = document.getElementById("page");
        return Boolean(page && page.classList.contains("presenting"));
    }

    // The labels as they should be: {index: {text, textposition, size, name}} per trace.
    function placement(gd, moreText) {
        const subplot = gd._fullLayout.geo && gd._fullLayout.geo._subplot;
        if (!subplot || !subplot.projection) {
            return null;
        }
        const family = (gd._fullLayout.font && gd._fullLayout.font.family) || "sans-serif";
        const height = SIZE * 1.2;
        const order = {home: 0, selected: 1, partners: 2};
        const traces = gd.data
            .map((trace, index) => ({trace, index, source: originals.get(trace) || trace}))
            .filter(({trace, source}) => trace.meta && trace.meta.role in order && Array.isArray(source.text) && source.text.length)
            .sort((a, b) => order[a.trace.meta.role] - order[b.trace.meta.role]);
        // every labelled city's marker is in the way of the other labels
        const taken = [];
        for (const {trace, index, source} of traces) {
            source.text.forEach((_, i) => {
                const point = subplot.projection([trace.lon[i], trace.lat[i]]);
                const r = radius(trace, i);
                if (point) {
                    taken.push({l: point[0] - r, t: point[1] - r, r: point[0] + r, b: point[1] + r, owner: index + ":" + i});
                }
            });
        }
        const free = (box, owner) => !taken.some((other) => other.owner !== owner && overlaps(box, other));
        const wanted = {};
        for (const {trace, index, source} of traces) {
            const role = trace.meta.role;
            const given = Array.isArray(source.textposition) ? source.textposition : [];
            let dropped = 0;
            const text = [];
            const positions = [];
            source.text.forEach((label, i) => {
                const point = subplot.projection([trace.lon[i], trace.lat[i]]);
                const w = width(plain(label), family);
                const r = radius(trace, i);
                const own = given[i] || source.textposition || "top center";
                // the home city keeps its place; the selected city moves if it must, and
                // keeps its own place if nothing fits; a new partner's is left out then
                const choices = role === "home" ? [own] : POSITIONS;
                let position = point && choices.find((p) => role === "home" || free(boxAt(point[0], point[1], w, height, r, p), index + ":" + i));
                if (!position && role === "selected" && point) {
                    position = own;
                }
                if (!position) {
                    dropped += 1;
                    text.push("");
                    positions.push(own);
                    return;
                }
                taken.push(boxAt(point[0], point[1], w, height, r, position));
                text.push(label);
                positions.push(position);
            });
            const name = dropped && moreText ? source.name + moreText.replace("{n}", String(dropped)) : source.name;
            wanted[index] = {text, textposition: positions, size: SIZE, name};
        }
        return wanted;
    }

    function same(trace, want) {
        return JSON.stringify(trace.text) === JSON.stringify(want.text)
            && JSON.stringify(trace.textposition) === JSON.stringify(want.textposition)
            && (trace.textfont || {}).size === want.size && trace.name === want.name;
    }

    function restyle(gd, changes) {
        const indices = Object.keys(changes).map(Number);
        if (!indices.length) {
            return;
        }
        const pick = (key) => indices.map((i) => changes[i][key]);
        window.Plotly.restyle(gd, {
            text: pick("text"),
            textposition: pick("textposition"),
            "textfont.size": pick("size"),
            name: pick("name"),
        }, indices);
    }

    // After a drawing: the labels placed for a projector, or given back as they were.
    function follow(gd, moreText) {
        const changes = {};
        if (presenting()) {
            const wanted = placement(gd, moreText) || {};
            for (const [index, want] of Object.entries(wanted)) {
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
                }
            }
        } else {
            gd.data.forEach((trace, index) => {
                const before = originals.get(trace);
                if (before) {
                    originals.delete(trace);
                    changes[index] = before;
                }
            });
        }
        restyle(gd, changes);
    }

    function watchLabels(gd, moreText) {
        if (!gd || gd.citylinksLabels) {
            return;
        }
        gd.citylinksLabels = true;
        let busy = false;
        const run = () => {
            if (busy) {
                return; // the restyle's own drawing
            }
            busy = true;
            try {
                follow(gd, moreText);
            } finally {
                busy = false;
            }
        };
        gd.on("plotly_afterplot", run);
        run(); // the map may have been drawn for presentation before this was watching
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        watchLabels: watchLabels,
        placeLabels: follow,
    });
})();
