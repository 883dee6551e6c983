/*
 * The map as a PNG at slide resolution (components/downloads.py): plotly's own image export
 * of the map as shown (zoom, filters, theme), with a title that says what and which year.
 */
(function () {
    "use strict";

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
