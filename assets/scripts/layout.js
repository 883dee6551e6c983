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
