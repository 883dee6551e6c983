/*
 * The offline deck's player (citylinks/render/deck.py puts it in the file after labels.js,
 * fly.js, zip.js and slide_images.js): one slide at a time, from the deck's data
 * (<script id="deck-data" type="application/json">), with no connection.
 *
 * - Keys as in the page's player: → / Page Down / Space next, ← / Page Up previous, Home, End,
 *   F full screen (Esc leaves it: the browser's own); the on-screen ◀ ▶ and the counter.
 * - Between slides the map keeps where it looked, takes the next slide's data, then flies to
 *   the slide's camera (fly.js; a jump with prefers-reduced-motion); the projector's labels are
 *   placed when it lands (labels.js), and each callout beside its city on the side that covers
 *   the fewest labels (slide_images.js `calloutPlace`, the page's chooser).
 * - The slide shown is in the address's fragment (#3): a reload stays on it.
 * - *Slides (PNG, ZIP)* draws every slide at 1920x1080 (slide_images.js) and saves the ZIP.
 * Every text goes in with textContent.
 */
(function () {
    "use strict";

    const source = document.getElementById("deck-data");
    if (!source || !window.Plotly) {
        return;
    }
    const deck = JSON.parse(source.textContent);
    const slides = deck.slides || [];
    const texts = deck.texts || {};
    const api = window.dash_clientside.citylinks;
    const gd = document.getElementById("map-plot");
    const CONFIG = {displaylogo: false, displayModeBar: false, responsive: true, scrollZoom: false, locale: document.documentElement.lang};
    const FLIGHT_MS = 900;
    const GAP = 14; // px between a city and its callout
    const POINT_WEIGHT = 100; // a pixel of a named city's marker hidden, in pixels of label
    let shown = -1;
    let queue = Promise.resolve();

    function byId(id) {
        return document.getElementById(id);
    }

    function said(template, values) {
        return Object.entries(values).reduce((text, [key, value]) => text.replace("{" + key + "}", String(value)), template || "");
    }

    function cameraNow() {
        const geo = gd._fullLayout && gd._fullLayout.geo;
        if (!geo) {
            return null;
        }
        return {lon: geo.center.lon, lat: geo.center.lat, scale: geo.projection.scale};
    }

    // The slide's layout, looking where the map looks now (so the move to the slide's camera
    // is the flight's, not a jump).
    function layoutOf(slide, from) {
        const layout = Object.assign({}, slide.figure.layout, {autosize: true});
        delete layout.width;
        delete layout.height;
        if (from) {
            layout.geo = Object.assign({}, layout.geo, {center: {lon: from.lon, lat: from.lat}});
            layout.geo.projection = Object.assign({}, layout.geo.projection, {scale: from.scale});
        }
        return layout;
    }

    // Each callout beside its city: right, left, above or below, whichever covers the least of
    // the map's labels and named cities' markers, and stays inside the map.
    function placeCallouts() {
        const slide = slides[shown];
        const list = byId("deck-callouts");
        const subplot = gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
        if (!slide || !list || !subplot) {
            return;
        }
        const frame = gd.getBoundingClientRect();
        // the labels, and the markers of the cities they name (home, selected, new partners)
        const named = Array.from(gd.querySelectorAll(".geo .scatterlayer .trace")).filter((group) => {
            const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
            return trace && trace.meta && ["home", "selected", "partners"].includes(trace.meta.role);
        });
        const boxes = (nodes) => nodes.map((node) => node.getBoundingClientRect())
            .filter((box) => box.width > 0)
            .map((box) => ({left: box.left - frame.left, right: box.right - frame.left, top: box.top - frame.top, bottom: box.bottom - frame.top}));
        const labels = boxes(Array.from(gd.querySelectorAll(".geo .scatterlayer text")));
        const points = boxes([].concat(...named.map((group) => Array.from(group.querySelectorAll("path.point")))));
        const placed = [];
        Array.from(list.children).forEach((item, i) => {
            const callout = (slide.callouts || [])[i];
            const point = callout && Number.isFinite(callout.lon) ? subplot.projection([callout.lon, callout.lat]) : null;
            item.classList.toggle("placed", Boolean(point));
            if (!point) {
                return;
            }
            const w = item.offsetWidth;
            const h = item.offsetHeight;
            const [x, y] = point;
            const sides = [
                {left: x + GAP, top: y - h / 2},
                {left: x - GAP - w, top: y - h / 2},
                {left: x - w / 2, top: y - GAP - h},
                {left: x - w / 2, top: y + GAP},
            ].map((side) => Object.assign(side, {right: side.left + w, bottom: side.top + h}));
            // by the area hidden: a named city's marker costs far more than some of a label
            const best = api.calloutPlace(sides, [
                {boxes: labels.concat(placed), weight: 1, by: "area"},
                {boxes: points, weight: POINT_WEIGHT, by: "area"},
            ], {left: 0, top: 0, right: frame.width, bottom: frame.height}).place;
            placed.push(best);
            item.style.left = best.left + "px";
            item.style.top = best.top + "px";
        });
    }

    function drawCallouts(slide) {
        const list = byId("deck-callouts");
        list.replaceChildren(...(slide.callouts || []).map((callout) => {
            const item = document.createElement("li");
            item.className = "deck-callout";
            const name = document.createElement("strong");
            name.textContent = callout.label || callout.city;
            item.append(name);
            if (callout.note) {
                item.append(document.createTextNode(" " + callout.note));
            }
            return item;
        }));
    }

    async function draw(index, smooth) {
        const slide = slides[index];
        const from = smooth ? cameraNow() : null;
        const data = JSON.parse(JSON.stringify(slide.figure.data));
        await window.Plotly.react(gd, data, layoutOf(slide, from), CONFIG);
        const size = gd._fullLayout._size;
        await api.flyTo(gd, api.cameraFor(slide.camera, size.w, size.h), smooth ? FLIGHT_MS : 0);
        if (shown === index) {
            await api.placeLabels(gd, texts.more);
            placeCallouts();
            document.body.dataset.shown = String(index + 1); // drawn: for whoever waits on it
        }
    }

    function show(index) {
        const next = Math.max(0, Math.min(index, slides.length - 1));
        if (next === shown || !slides.length) {
            return;
        }
        const smooth = shown >= 0;
        shown = next;
        const slide = slides[next];
        delete document.body.dataset.shown;
        byId("deck-title").textContent = slide.title || deck.title;
        byId("deck-status").textContent = slide.status || "";
        byId("deck-caption").textContent = slide.caption || "";
        const counter = byId("deck-counter");
        counter.textContent = (next + 1) + " / " + slides.length;
        counter.setAttribute("aria-label", said(texts.counter, {n: next + 1, count: slides.length}));
        byId("deck-prev").setAttribute("aria-disabled", String(next === 0));
        byId("deck-next").setAttribute("aria-disabled", String(next === slides.length - 1));
        drawCallouts(slide);
        if (window.location.hash !== "#" + (next + 1)) {
            window.history.replaceState(null, "", "#" + (next + 1));
        }
        queue = queue.then(() => (shown === next ? draw(next, smooth) : null)).catch(() => null);
    }

    function fullScreen() {
        if (document.fullscreenElement) {
            return document.exitFullscreen();
        }
        const page = document.documentElement;
        return page.requestFullscreen ? page.requestFullscreen().catch(() => null) : null;
    }

    async function savePngs(button) {
        const status = byId("deck-export-status");
        button.setAttribute("aria-disabled", "true");
        try {
            const blob = await api.slideImagesZip(deck, (n, count) => {
                status.textContent = said(texts.making, {n: n, count: count});
            });
            api.saveBlob(blob, deck.filename);
            status.textContent = said(texts.ready, {name: deck.filename, count: slides.length});
        } catch (error) {
            status.textContent = said(texts.failed, {reason: String((error && error.message) || error)});
        } finally {
            button.removeAttribute("aria-disabled");
        }
    }

    window.addEventListener("keydown", (event) => {
        if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
            return;
        }
        const onButton = event.target && event.target.closest && event.target.closest("button");
        const steps = {ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1};
        const jumps = {Home: 0, End: slides.length - 1};
        if (event.key === " " && onButton) {
            return; // Space presses the button that has the focus
        }
        if (event.key in steps) {
            show(shown + steps[event.key]);
        } else if (event.key in jumps) {
            show(jumps[event.key]);
        } else if (event.key === "f" || event.key === "F") {
            fullScreen();
        } else {
            return;
        }
        event.preventDefault();
    });

    document.addEventListener("click", (event) => {
        const button = event.target.closest && event.target.closest("button");
        if (!button || button.getAttribute("aria-disabled") === "true") {
            return;
        }
        const actions = {
            "deck-prev": () => show(shown - 1),
            "deck-next": () => show(shown + 1),
            "deck-fullscreen": fullScreen,
            "deck-pngs": () => savePngs(button),
        };
        if (actions[button.id]) {
            actions[button.id]();
        }
    });

    let resizing = null;
    window.addEventListener("resize", () => {
        clearTimeout(resizing);
        resizing = setTimeout(() => {
            const index = shown;
            queue = queue.then(async () => {
                await window.Plotly.Plots.resize(gd);
                const size = gd._fullLayout._size;
                await api.flyTo(gd, api.cameraFor(slides[index].camera, size.w, size.h), 0);
                await api.placeLabels(gd, texts.more);
                placeCallouts();
            }).catch(() => null);
        }, 150);
    });

    const asked = parseInt(window.location.hash.slice(1), 10);
    show(Number.isFinite(asked) ? asked - 1 : 0);
})();
