/*
 * The table view (components/table_view.py): the Table button (or the key T) swaps the map
 * for a table of what it shows. While the table is open it follows the view the map
 * announces ("citylinks:view"), asking the table route for its rows; the column buttons sort
 * it (aria-sort says how). Each row's city is a button: Enter, a click or a tap on it (or a
 * click anywhere on its row) selects the city as a click on the map does (the selected-city
 * store: details panel, ring, address). Cells are written as text, never as HTML.
 */
(function () {
    "use strict";

    let open = false;
    let view = null;
    let rows = [];
    let keys = [];
    let sort = {column: null, direction: 1};
    let latest = 0;

    const region = () => document.getElementById("table-region");

    function queryOf(source) {
        const lang = source.dataset.lang || "en";
        return window.dash_clientside.citylinks.viewQuery({year: view.year, networks: view.networks, mode: view.mode, focus: view.focus, lang});
    }

    function compare(lang) {
        const collator = new Intl.Collator(lang, {numeric: true, sensitivity: "base"});
        return (a, b) => {
            const x = a[sort.column];
            const y = b[sort.column];
            if (x === null || x === "" || x === undefined) {
                return y === null || y === "" || y === undefined ? 0 : 1; // empty cells last
            }
            if (y === null || y === "" || y === undefined) {
                return -1;
            }
            const order = typeof x === "number" && typeof y === "number"
                ? x - y
                : collator.compare(String(x), String(y));
            return order * sort.direction;
        };
    }

    function render() {
        const table = region();
        const body = document.getElementById("table-body");
        if (!table || !body) {
            return;
        }
        const order = rows.map((row, i) => i);
        if (sort.column !== null) {
            const byRow = compare(table.dataset.lang);
            order.sort((a, b) => byRow(rows[a], rows[b]));
        }
        const fragment = document.createDocumentFragment();
        for (const index of order) {
            const row = rows[index];
            const key = keys[index];
            const tr = document.createElement("tr");
            row.slice(0, 6).forEach((value, i) => {
                const cell = document.createElement(i === 0 ? "th" : "td");
                const text = value === null || value === undefined ? "" : String(value);
                if (i === 0) {
                    cell.scope = "row";
                }
                if (i === 0 && key) {
                    const select = document.createElement("button");
                    select.type = "button";
                    select.className = "row-select";
                    select.textContent = text;
                    select.title = (table.dataset.selectTitle || "").replace("{city}", text);
                    select.dataset.city = key[0];
                    select.dataset.country = key[1];
                    cell.appendChild(select);
                } else {
                    cell.textContent = text;
                }
                tr.appendChild(cell);
            });
            fragment.appendChild(tr);
        }
        // A row's city that has the focus keeps it in the rows drawn again.
        const focused = body.contains(document.activeElement) ? document.activeElement.dataset : null;
        body.replaceChildren(fragment);
        if (focused && focused.city) {
            const again = Array.from(body.querySelectorAll(".row-select")).find(
                (b) => b.dataset.city === focused.city && b.dataset.country === focused.country);
            if (again) {
                again.focus({preventScroll: true});
            }
        }
        table.querySelectorAll("thead th").forEach((th, i) => {
            const state = i !== sort.column ? "none" : sort.direction > 0 ? "ascending" : "descending";
            th.setAttribute("aria-sort", state);
        });
    }

    async function load() {
        const source = region();
        if (!open || !view || !source) {
            return;
        }
        const call = ++latest;
        const response = await fetch(source.dataset.url + queryOf(source), {credentials: "same-origin"});
        if (!response.ok) {
            throw new Error("CityLinks: the table request failed (HTTP " + response.status + ")");
        }
        const answer = await response.json();
        if (call !== latest) {
            return; // a newer view's rows are on their way
        }
        rows = answer.rows;
        keys = answer.keys || [];
        document.getElementById("table-caption").textContent = answer.caption;
        render();
    }

    function toggle() {
        const table = region();
        const button = document.getElementById("table-button");
        const centre = table && table.closest(".centre");
        if (!table || !button || !centre) {
            return;
        }
        open = !open;
        table.hidden = !open;
        centre.dataset.view = open ? "table" : "map";
        button.setAttribute("aria-pressed", String(open));
        button.textContent = button.dataset[open ? "hide" : "show"];
        if (open) {
            load();
        } else {
            window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
        }
    }

    window.addEventListener("citylinks:view", (event) => {
        view = event.detail;
        load();
    });

    document.addEventListener("click", (event) => {
        const target = event.target && event.target.closest ? event.target : null;
        if (!target) {
            return;
        }
        if (target.closest("#table-button")) {
            toggle();
            return;
        }
        const sorter = target.closest("#table-region .sort-button");
        if (sorter) {
            const column = Number(sorter.dataset.column);
            sort = {column, direction: sort.column === column ? -sort.direction : 1};
            render();
            return;
        }
        const row = target.closest("#table-body tr");
        const select = row && row.querySelector(".row-select");
        if (select && !target.closest("a")) {
            window.dash_clientside.set_props("selected-city", {
                data: {city: select.dataset.city, country_code: select.dataset.country},
            });
        }
    });

    window.citylinksTable = {toggle};
})();

/*
 * The import panel's file (components/import_panel.py): posted to the upload route as soon
 * as it is chosen; the token the server answers goes to the panel's store, which makes the
 * panel read the file. A file over the limit is refused here at once (and by the server).
 */
(function () {
    "use strict";

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.citylinks = Object.assign(window.dash_clientside.citylinks || {}, {
        // The Import button opens and closes the panel, its close button closes it.
        toggleImportPanel: function (opened, closed, hidden) {
            const trigger = window.dash_clientside.callback_context.triggered_id;
            const show = trigger === "import-button" ? hidden : false;
            return [!show, String(show)];
        },
    });

    function say(text) {
        window.dash_clientside.set_props("import-status", {children: text});
    }

    // The input, in its slot once the panel is on the page. The browser draws a file input
    // in its own language ("Choose File"): the input lies transparent over a button drawn in
    // the page's language, so a click on the button is a click on the input, which keeps the
    // focus (its outline goes to the button) and its label ("Partners file").
    function makeInput() {
        const slot = document.getElementById("import-file-slot");
        if (!slot || slot.querySelector("input")) {
            return;
        }
        const source = JSON.parse(slot.dataset.source || "{}");
        const picker = document.createElement("span");
        picker.className = "import-file-picker";
        const input = document.createElement("input");
        input.type = "file";
        input.id = "import-file";
        input.className = "import-file";
        input.accept = ".csv,.txt,.xlsx";
        const button = document.createElement("span");
        button.className = "import-file-button";
        button.setAttribute("aria-hidden", "true");
        button.textContent = source.choose || "";
        const name = document.createElement("span");
        name.className = "import-file-name";
        name.textContent = source.none || "";
        picker.append(input, button);
        slot.append(picker, name);
    }
    new MutationObserver(makeInput).observe(document.documentElement, {childList: true, subtree: true});

    document.addEventListener("change", async (event) => {
        const input = event.target;
        if (!input || input.id !== "import-file" || !input.files || !input.files.length) {
            return;
        }
        const file = input.files[0];
        const slot = input.closest("#import-file-slot");
        const source = JSON.parse(slot.dataset.source || "{}");
        const name = slot.querySelector(".import-file-name");
        if (name) {
            name.textContent = file.name;
        }
        if (file.size > source.limit) {
            const megabytes = new Intl.NumberFormat(source.lang || "en", {
                minimumFractionDigits: 1, maximumFractionDigits: 1,
            }).format(file.size / 1024 / 1024);
            const size = source.size_mb.replace("{n}", megabytes);
            say(source.too_big.replace("{name}", file.name).replace("{size}", size));
            return;
        }
        say(source.uploading.replace("{name}", file.name));
        const body = new FormData();
        body.append("file", file, file.name);
        const response = await fetch(source.url, {method: "POST", body, credentials: "same-origin"});
        let answer = {};
        try {
            answer = await response.json();
        } catch (error) {
            answer = {};
        }
        if (!response.ok || !answer.token) {
            say(answer.error || source.failed.replace("{status}", String(response.status)));
            return;
        }
        window.dash_clientside.set_props("import-token", {data: {token: answer.token, name: answer.name}});
    });
})();
