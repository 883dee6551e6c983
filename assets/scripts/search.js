// The search box (components/search.py): an ARIA 1.2 combobox made in its slot, which asks
// the search route as the person types and selects the chosen city as a click on the map
// does (the selected-city store: details panel, ring, address). Keys: Down/Up move in the
// list, Enter chooses, Escape closes the list (then clears the box). The number of results
// is announced in a polite live region. Every text from the data goes in as text, never HTML.
(function () {
    "use strict";
    const DELAY_MS = 120;

    function make(slot) {
        const source = JSON.parse(slot.dataset.source);
        const label = document.createElement("label");
        label.htmlFor = "search-input";
        label.className = "search-label";
        label.textContent = source.label;
        const input = document.createElement("input");
        input.id = "search-input";
        input.type = "search";
        input.autocomplete = "off";
        input.spellcheck = false;
        input.maxLength = 200;
        input.placeholder = source.placeholder;
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", "search-list");
        const list = document.createElement("ul");
        list.id = "search-list";
        list.className = "search-list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", source.label);
        list.hidden = true;
        const status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        slot.replaceChildren(label, input, list, status);

        let matches = [];
        let active = -1;
        let timer = null;
        let asked = 0;

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            active = index;
            Array.from(list.children).forEach(function (item, n) {
                item.setAttribute("aria-selected", String(n === index));
            });
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", "search-option-" + index);
                list.children[index].scrollIntoView({block: "nearest"});
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function show(found) {
            matches = found;
            list.replaceChildren();
            found.forEach(function (match, n) {
                const item = document.createElement("li");
                item.id = "search-option-" + n;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                const name = document.createElement("span");
                name.className = "search-name";
                name.textContent = match.label;
                const kind = document.createElement("span");
                kind.className = "search-kind";
                kind.textContent = match.kind;
                item.append(name, " ", kind);
                // mousedown, not click: the input keeps its focus
                item.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    choose(n);
                });
                list.append(item);
            });
            const count = found.length;
            status.textContent = count === 0 ? source.none
                : (count === 1 ? source.one : source.other).replace("{n}", String(count));
            list.hidden = count === 0;
            input.setAttribute("aria-expanded", String(count > 0));
            highlight(count > 0 ? 0 : -1);
        }

        function ask() {
            const text = input.value.trim();
            if (!text) {
                matches = [];
                status.textContent = "";
                close();
                return;
            }
            const number = ++asked;
            const url = source.url + "?" + new URLSearchParams({q: text, lang: source.lang});
            fetch(url, {credentials: "same-origin"})
                .then(function (response) { return response.ok ? response.json() : {matches: []}; })
                .then(function (answer) {
                    if (number === asked) { show(answer.matches || []); }
                })
                .catch(function () { /* offline or busy: the list stays as it was */ });
        }

        function choose(index) {
            const match = matches[index];
            if (!match) { return; }
            input.value = match.label;
            close();
            const selected = {city: match.city, country_code: match.country_code};
            window.dash_clientside.set_props("selected-city", {data: selected});
            bringIntoView(match.lon, match.lat);
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, DELAY_MS);
        });
        input.addEventListener("keydown", function (event) {
            const open = !list.hidden && matches.length > 0;
            if (event.key === "ArrowDown" && open) {
                highlight((active + 1) % matches.length);
            } else if (event.key === "ArrowUp" && open) {
                highlight((active - 1 + matches.length) % matches.length);
            } else if (event.key === "Enter" && open && active >= 0) {
                choose(active);
            } else if (event.key === "Escape") {
                if (open) { close(); } else { input.value = ""; }
            } else {
                return;
            }
            event.preventDefault();
            event.stopPropagation(); // the page's own keys (keys.js) are not for the box
        });
        input.addEventListener("blur", function () { setTimeout(close, 150); });
    }

    // A zoomed-in map, or an upright phone's slice of the world (fly.js frameShare), that
    // does not show the chosen city is centred on it; the whole world always shows it.
    function bringIntoView(lon, lat) {
        const graph = document.querySelector("#map .js-plotly-plot");
        const geo = graph && graph._fullLayout && graph._fullLayout.geo;
        if (!geo || !window.Plotly) { return; }
        if (!(geo.projection.scale > 1.05) && window.dash_clientside.citylinks.frameShare(graph) === 1) { return; }
        const view = geo._subplot;
        const shown = view && view.projection && view.projection([lon, lat]);
        const size = graph._fullLayout._size;
        const inside = shown && shown[0] >= 0 && shown[1] >= 0 && shown[0] <= size.w && shown[1] <= size.h;
        if (!inside) {
            window.Plotly.relayout(graph, {"geo.center.lon": lon, "geo.center.lat": lat, "geo.projection.rotation.lon": lon});
        }
    }

    // The slot comes with Dash's first render of the layout.
    const observer = new MutationObserver(function () {
        const slot = document.getElementById("search-slot");
        if (slot && !slot.dataset.made) {
            slot.dataset.made = "1";
            make(slot);
        }
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
})();
