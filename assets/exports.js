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
