/*
 * Keyboard for meetings (components/presentation.py): P enters and leaves presentation
 * mode, Esc leaves it, left and right arrows move one year, space plays and pauses, T swaps
 * the map and its table. Esc first closes what is open, the topmost first: the phone's menu,
 * the import panel, the details panel, the phone's control sheet (assets/scripts/layout.js),
 * wherever the focus is but in the search box (which has its own Esc) or an open dropdown.
 * Keys go to the page's own buttons, so they do what a click does. A control keeps its own
 * keys: typing in a field, arrows on the slider, space and arrows on a button or a box.
 */
(function () {
    "use strict";

    function click(id) {
        const button = document.getElementById(id);
        if (button) {
            button.click();
        }
    }

    // The arrows go to the year slider itself, which counts quick presses right (the
    // previous/next buttons read the year as it was drawn, so two quick presses would be one).
    function step(key) {
        const thumb = document.querySelector("#year-slider [role='slider']");
        if (thumb) {
            thumb.dispatchEvent(new KeyboardEvent("keydown", {key: key, bubbles: true}));
        }
    }

    function presenting() {
        const page = document.getElementById("page");
        return Boolean(page && page.classList.contains("presenting"));
    }

    document.addEventListener("keydown", (event) => {
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
            return;
        }
        if (event.key === "Escape" && window.citylinksLayout && window.citylinksLayout.close()) {
            event.preventDefault();
            return;
        }
        const target = event.target && event.target.closest ? event.target : null;
        const typing = "input:not([type='checkbox']):not([type='radio']):not([type='button'])"
            + ":not([type='submit']):not([type='file']):not([type='range']), textarea, select, [contenteditable]";
        if (target && target.closest(typing)) {
            return; // typing
        }
        const onSlider = target && target.closest("[role='slider']");
        const onControl = target && target.closest("button, input, [role='radio'], [role='checkbox']");
        const arrows = event.key === "ArrowLeft" || event.key === "ArrowRight";
        if ((onSlider && arrows) || (onControl && (arrows || event.key === " "))) {
            return; // the control's own keys: the slider steps, a button or box is pressed
        }
        const actions = {
            p: () => click("present-button"),
            P: () => click("present-button"),
            Escape: () => presenting() && click("present-button"),
            ArrowLeft: () => step("ArrowLeft"),
            ArrowRight: () => step("ArrowRight"),
            " ": () => click("play-button"),
            t: () => click("table-button"),
            T: () => click("table-button"),
        };
        const action = actions[event.key];
        if (action) {
            event.preventDefault();
            action();
        }
    });
})();

/* Names for controls whose Dash component offers no aria-label property (the year slider's
   thumb). Loaded by Dash from assets/; it only sets attributes, and fetches nothing. */
(function () {
  function label() {
    document.querySelectorAll("#year-slider [role='slider']").forEach(function (thumb) {
      if (!thumb.getAttribute("aria-label")) {
        const label = document.querySelector("label[for='year-slider']");
        thumb.setAttribute("aria-label", label ? label.textContent : "");
      }
    });
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
})();

/* Presentation mode and the room's theme (components/presentation.py): the clientside
   callbacks of the two header buttons. Font sizes and theme colours come from the page's
   constants (assets/scripts/map_view.js `constants`). */
(function () {
    "use strict";

    const clientside = () => window.dash_clientside;

    // The map's layout changes: drawn directly once the map is drawn (map_view.js drawMap),
    // else given to Dash's Graph as a patch of its figure.
    function mapPatch(pairs) {
        if (clientside().citylinks.drawMap({layout: pairs})) {
            return clientside().no_update;
        }
        return patch(pairs);
    }

    function patch(pairs) {
        return pairs.reduce((p, [path, value]) => p.assign(path, value), new (clientside().Patch)()).build();
    }

    function label(id, key) {
        const button = document.getElementById(id);
        return button ? button.dataset[key] : "";
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        togglePresenting: function (clicks, presenting) {
            return !presenting;
        },
        presentingChanged: function (presenting) {
            const on = Boolean(presenting);
            const fonts = clientside().citylinks.constants().fonts;
            const size = (pair) => pair[on ? 1 : 0];
            const figure = mapPatch([
                [["layout", "legend", "font", "size"], size(fonts.legend)],
                [["layout", "hoverlabel", "font", "size"], size(fonts.hover)],
            ]);
            // Entering by the button leaves the focus on it, where space would leave the mode:
            // it goes to the bar's Play, so that space plays (and back when leaving).
            const active = document.activeElement;
            if (on && active && active.id === "present-button") {
                const play = document.getElementById("present-play");
                setTimeout(() => play && play.focus());
            } else if (!on && active && active.closest && active.closest("#present-bar")) {
                const button = document.getElementById("present-button");
                setTimeout(() => button && button.focus());
            }
            // The map's space changes: let plotly fit it, and tell the address (share.js).
            clientside().citylinks.fit();
            window.dispatchEvent(new CustomEvent("citylinks:present", {detail: on}));
            return [on ? "page presenting" : "page", label("present-button", on ? "leave" : "enter"), figure];
        },
        toggleTheme: function (clicks, theme) {
            return theme === "dark" ? "light" : "dark";
        },
        themeChanged: function (theme) {
            const colours = clientside().citylinks.constants().themes;
            return [theme, mapPatch(colours.map[theme]), patch(colours.timeline[theme]), label("theme-button", theme)];
        },
    });
})();
