/*
 * The page on every screen (assets/style.css; app.py page_layout) and where the keyboard's
 * focus goes when a panel opens or closes.
 * - On a phone the header's figures, views and language are a menu (the Menu button), and
 *   the control column is a bottom sheet that shows the year and opens to every filter and
 *   download (its handle button). Elsewhere both buttons are hidden and nothing changes.
 * - A panel that opens at a person's click, tap or key (the details, the import panel, the
 *   menu) takes the focus: its first control (the details' close button, the import's file
 *   field, the menu's first button). When it closes, the focus goes back to what opened it
 *   (a table row's city, the Import button, the Menu button), or to the Menu button when
 *   that is now hidden in the closed menu. A city given by the page's address opens its
 *   details without taking the focus.
 * `window.citylinksLayout.close()` closes the topmost of them, for the Esc key (keys.js).
 */
(function () {
    "use strict";

    const byId = (id) => document.getElementById(id);
    const shown = (element) => Boolean(element && element.getClientRects().length);
    const FOCUSABLE = "button:not([disabled]), a[href], input:not([disabled]), select, textarea, [tabindex='0']";

    // What the person last pressed or touched, and when: a panel that opens soon after was
    // opened by them (not by the address), and goes back to it when it closes.
    let acted = {time: 0, element: null};
    function remember(event) {
        const target = event.target && event.target.closest ? event.target : null;
        const control = target && target.closest(FOCUSABLE);
        acted = {time: Date.now(), element: control || document.activeElement};
    }
    document.addEventListener("pointerdown", remember, true);
    document.addEventListener("keydown", remember, true);
    const byPerson = () => Date.now() - acted.time < 3000;

    // Focus back on `opener`; a table row's city drawn again is found by its city.
    function restore(opener) {
        let target = opener;
        if (target && !target.isConnected && target.classList.contains("row-select")) {
            target = document.querySelector(
                "#table-body .row-select[data-city='" + CSS.escape(target.dataset.city)
                + "'][data-country='" + CSS.escape(target.dataset.country) + "']");
        }
        if (!shown(target)) {
            target = shown(byId("menu-button")) ? byId("menu-button") : null;
        }
        if (target) {
            target.focus({preventScroll: false});
        }
    }

    function focusInside(panel, first) {
        const target = (first && shown(first) ? first : null)
            || Array.from(panel.querySelectorAll(FOCUSABLE)).find(shown);
        if (target) {
            target.focus();
        }
    }

    // A panel's opening and closing, as its class or hidden attribute says.
    function follow(id, isOpen, first) {
        let open = false;
        let opener = null;
        const check = () => {
            const panel = byId(id);
            const now = Boolean(panel) && isOpen(panel) && shown(panel);
            if (now === open) {
                return;
            }
            open = now;
            if (now && byPerson()) {
                opener = acted.element && acted.element !== document.body ? acted.element : null;
                focusInside(panel, first());
            } else if (!now) {
                const lost = !document.activeElement || document.activeElement === document.body
                    || (panel && panel.contains(document.activeElement));
                if (lost && opener) {
                    restore(opener);
                }
                opener = null;
            }
        };
        return check;
    }

    const checks = [
        follow("details-panel", (p) => !p.classList.contains("hidden"), () => byId("details-close")),
        follow("import-panel", (p) => !p.hidden, () => byId("import-file")),
    ];
    let queued = false;
    new MutationObserver((mutations) => {
        if (queued || mutations.every((m) => m.target instanceof SVGElement)) {
            return;
        }
        queued = true;
        window.requestAnimationFrame(() => {
            queued = false;
            checks.forEach((check) => check());
        });
    }).observe(document.documentElement, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["class", "hidden"],
    });

    // The header's menu (a phone only: its button is hidden elsewhere).
    function menuOpen() {
        const header = byId("header");
        return Boolean(header) && header.dataset.menu === "open" && shown(byId("menu-button"));
    }

    function setMenu(open, focus) {
        const header = byId("header");
        const button = byId("menu-button");
        if (!header || !button) {
            return;
        }
        header.dataset.menu = open ? "open" : "closed";
        button.setAttribute("aria-expanded", String(open));
        if (open && focus) {
            focusInside(byId("header-menu"));
        } else if (!open && focus) {
            button.focus();
        }
    }

    // The control sheet (a phone only: its handle is hidden elsewhere).
    function sheetOpen() {
        const sheet = byId("control-sheet");
        return Boolean(sheet) && sheet.dataset.sheet === "open" && shown(byId("sheet-button"));
    }

    function setSheet(open) {
        const sheet = byId("control-sheet");
        const button = byId("sheet-button");
        if (!sheet || !button) {
            return;
        }
        sheet.dataset.sheet = open ? "open" : "closed";
        button.setAttribute("aria-expanded", String(open));
        button.textContent = button.dataset[open ? "close" : "open"];
        // The map's space changes: plotly fits it.
        window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
    }

    document.addEventListener("click", (event) => {
        const target = event.target && event.target.closest ? event.target : null;
        if (!target) {
            return;
        }
        if (target.closest("#menu-button")) {
            setMenu(!menuOpen(), true);
        } else if (target.closest("#sheet-button")) {
            setSheet(!sheetOpen());
        } else if (menuOpen() && (target.closest("#header-menu button, #header-menu a") || !target.closest("#header"))) {
            // A view chosen in the menu, or a tap elsewhere: the menu has done its work.
            setMenu(false, false);
        }
    });

    // Esc: the topmost of what is open closes (true when something did).
    function close() {
        const importPanel = byId("import-panel");
        const details = byId("details-panel");
        if (menuOpen()) {
            setMenu(false, true);
        } else if (importPanel && !importPanel.hidden && shown(importPanel)) {
            byId("import-close").click();
        } else if (details && !details.classList.contains("hidden") && shown(details)) {
            byId("details-close").click();
        } else if (sheetOpen()) {
            setSheet(false);
            byId("sheet-button").focus();
        } else {
            return false;
        }
        return true;
    }

    window.citylinksLayout = {close};
})();

/*
 * Presentation mode on a narrow map (a phone, upright or sideways: assets/style.css). Plotly's
 * legend then lies across the map's width, under it (map_view.js), each entry a line when
 * one is long: its text is made the largest size that keeps every entry inside the map's
 * width (the presenting size at most, the page constants' fonts.legend_least at least), and
 * the map and its legend are sized as one block: the page's --present-map-height is the
 * map's height at the graph's width and the legend's room under it (the figure's bottom
 * margin, so that the map keeps its place). In one presentation at one width the text only
 * ever shrinks and the legend's room only ever grows, so that the map stays put while the
 * years play (a year may have one legend entry more than another). Elsewhere (a wide map,
 * whose legend lies over its corner; out of presentation mode) nothing is changed, and what
 * was changed is given back.
 */
(function () {
    "use strict";

    const HEIGHT = "--present-map-height";
    const GAP = 6; // px between the map and its legend, and under the legend
    let fitted = null; // this presentation's {width, size, room}, at one width
    let hooked = null; // the plotly listeners of the map hooked (they are new after a purge)
    let measure = null;

    const graph = () => document.querySelector("#map .js-plotly-plot");

    function presenting() {
        const page = document.getElementById("page");
        return Boolean(page && page.classList.contains("presenting"));
    }

    function fonts() {
        const citylinks = window.dash_clientside && window.dash_clientside.citylinks;
        return (citylinks && citylinks.constants && citylinks.constants().fonts) || {};
    }

    function textWidth(text, size, family) {
        measure = measure || document.createElement("canvas").getContext("2d");
        measure.font = size + "px " + family;
        return measure.measureText(text).width;
    }

    // A figure value at `keys` of the drawn layout.
    function drawnValue(gd, keys) {
        return keys.reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), gd.layout);
    }

    function draw(gd, pairs) {
        const changed = pairs.filter(([keys, value]) => drawnValue(gd, keys) !== value);
        if (changed.length) {
            window.dash_clientside.citylinks.drawMap({layout: changed.map(([keys, value]) => [["layout", ...keys], value])});
        }
    }

    // The largest legend size (whole pixels) at which the widest entry fits in `width` pixels
    // with GAP to spare on each side: plotly draws 48 px beside an entry's text (its symbol
    // and gaps, and the legend's border and padding).
    function legendSize(gd, width, most, least) {
        const family = ((gd._fullLayout.legend || {}).font || {}).family || gd._fullLayout.font.family;
        const texts = Array.from(gd.querySelectorAll(".legend .legendtext")).map((node) => node.textContent);
        for (let size = most; size > least; size -= 1) {
            if (texts.every((text) => textWidth(text, size, family) + 48 + 2 * GAP <= width)) {
                return size;
            }
        }
        return least;
    }

    function fit() {
        const gd = graph();
        const root = document.documentElement;
        if (!gd || !gd._fullLayout || !gd.layout || !window.dash_clientside.citylinks.drawMap) {
            return;
        }
        const full = gd._fullLayout;
        const across = presenting() && full.showlegend && (gd.layout.legend || {}).orientation === "h";
        if (!across) {
            // given back: the map's own bottom margin; the legend's presenting size while
            // presenting (keys.js sets both sizes when the mode changes)
            if (fitted) {
                fitted = null;
                root.style.removeProperty(HEIGHT);
                draw(gd, [[["margin", "b"], 0]].concat(presenting() ? [[["legend", "font", "size"], fonts().legend[1]]] : []));
            }
            return;
        }
        const subplot = full.geo && full.geo._subplot;
        const x = subplot && subplot.xaxis;
        const y = subplot && subplot.yaxis;
        const legend = gd.querySelector(".legend");
        if (!x || !y || !(x._length > 0) || !(y._length > 0) || !legend) {
            return;
        }
        const width = gd.clientWidth;
        const most = (fonts().legend || [12, 18])[1];
        const least = fonts().legend_least || 14;
        if (!fitted || fitted.width !== width) {
            fitted = {width: width, size: most, room: 0};
        }
        // the whole world as wide as the graph: its height at that width
        const map = Math.ceil(full._size.w / window.dash_clientside.citylinks.worldAspect()) + 1;
        // The text shrinks to fit the width; to the least size when the map, as wide as the
        // graph, and the legend at that size are taller than the room under the status line
        // (a phone held sideways): the legend gives way to the map. It never grows again in
        // this presentation at this width.
        const sizeDrawn = ((gd.layout.legend || {}).font || {}).size || most;
        const region = gd.closest(".map-region");
        const status = document.getElementById("map-status");
        const below = region ? region.clientHeight - (status ? status.offsetHeight : 0) : Infinity;
        let wanted = legendSize(gd, width, most, least);
        if (map + ((legend.getBoundingClientRect().height * wanted) / sizeDrawn) + 2 * GAP > below) {
            wanted = least;
        }
        if (wanted < fitted.size) {
            fitted.size = wanted;
            fitted.room = 0; // measured again at the new size
        }
        const size = fitted.size;
        // the legend's room: its height as drawn at this size (and plotly's gap of 2% of the
        // map's height above it), never less than before at this size
        if (sizeDrawn === size) {
            const box = legend.getBoundingClientRect();
            fitted.room = Math.max(fitted.room, Math.ceil(box.height + 0.02 * y._length + GAP));
        }
        const room = fitted.room;
        // A room taller than that (a phone held upright) is the block's: the map is then the
        // slice of the world as tall as its share (frame.js).
        const block = map + (room || Math.ceil(gd.clientHeight - full._size.h));
        const height = (Number.isFinite(below) ? Math.max(block, Math.floor(below)) : block) + "px";
        if (root.style.getPropertyValue(HEIGHT) !== height) {
            root.style.setProperty(HEIGHT, height);
        }
        draw(gd, [[["legend", "font", "size"], size]].concat(room ? [[["margin", "b"], room]] : []));
    }

    // After each drawing of the map; its listeners hooked again when plotly made them anew.
    let queued = false;
    function later() {
        if (!queued) {
            queued = true;
            window.requestAnimationFrame(() => {
                queued = false;
                fit();
            });
        }
    }

    function hook() {
        const gd = graph();
        if (gd && gd.on && gd._ev && gd._ev !== hooked) {
            hooked = gd._ev;
            gd.on("plotly_afterplot", later);
        }
    }

    let was = null;
    new MutationObserver((mutations) => {
        if (mutations.every((m) => m.target instanceof SVGElement)) {
            return; // plotly drawing: its own event says when it is done
        }
        hook();
        const now = presenting();
        if (now !== was) {
            was = now;
            later();
        }
    }).observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
    window.addEventListener("resize", later);
})();
