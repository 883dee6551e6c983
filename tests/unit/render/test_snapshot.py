"""The offline HTML snapshot (citylinks/render/snapshot.py, the snapshot route)."""

from __future__ import annotations

import dataclasses
import json
import re

from app import create_app
from citylinks.i18n.catalogue import texts
from citylinks.model.explorer import Explorer
from citylinks.render.snapshot import script_json, snapshot_html
from citylinks.render.table import Table

HOSTILE = "</script><img src=x onerror=alert(1)>"


def test_snap001_json_in_a_script_cannot_close_it():
    text = script_json({"city": HOSTILE, "line": "a\u2028b"})
    assert "</" not in text and "<img" not in text and "\u2028" not in text
    assert json.loads(text) == {"city": HOSTILE, "line": "a\u2028b"}


def test_snap002_the_file_holds_everything_it_needs(app, dataset):
    response = app.server.test_client().get("/_citylinks/snapshot?year=2016&lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="citylinks-Paris-2016.html"'
    )
    page = response.get_data(as_text=True)
    assert "<title>Paris: partner cities, 1956–2016</title>" in page
    assert 'window.PlotlyGeoAssets = {topojson: {"world_110m":' in page
    assert "Plotly.newPlot('map-plot'" in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "connect-src &#x27;none&#x27;" in page  # the file's own policy: no connection at all
    partners = int(Explorer(dataset).shown(2016, [], "show").sum())
    events = int((dataset.events["year"] == 2016).sum())
    assert partners > 10 and events > 0
    assert page.count("<tr>") == 1 + partners + events  # the header, then one row a marker


def test_snap003_hostile_data_stays_text(dataset):
    partners = dataset.partners.assign(
        city=dataset.partners["city"].where(dataset.partners["city"] != "Tokyo", HOSTILE),
        city_fr=dataset.partners["city_fr"].where(dataset.partners["city"] != "Tokyo", HOSTILE),
    )
    app = create_app(data=dataclasses.replace(dataset, partners=partners))
    page = app.server.test_client().get("/_citylinks/snapshot?year=1997").get_data(as_text=True)
    assert HOSTILE not in page
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # in the table, as text


def test_snap004_bad_parameters_get_400(app):
    client = app.server.test_client()
    assert client.get("/_citylinks/snapshot?year=1997&theme=pink").status_code == 400
    assert client.get("/_citylinks/snapshot?year=99999").status_code == 400


def test_snap005_the_template_escapes_as_html_escape_does():
    """The Jinja2 template writes quotes as html.escape does (&#x27;, &quot;), an empty cell
    for None, and JSON with "<" escaped: the page's bytes as before the template."""
    table = Table(
        columns=["City", 'Say "hi"'],
        rows=[["Sana'a", None], [HOSTILE, 1997]],
        total=2,
        caption="2 rows",
    )
    page = snapshot_html(
        t=texts("en"),
        title="Rome & Sana'a",
        status="",
        figure={"data": [{"name": HOSTILE}], "layout": {}},
        table=table,
        plotly_js="/**/",
        topojson={},
    )
    assert "<title>Rome &amp; Sana&#x27;a</title>" in page
    assert "<th scope='col'>Say &quot;hi&quot;</th>" in page
    assert "<tr><th scope='row'>Sana&#x27;a</th><td></td></tr>" in page
    assert "<th scope='row'>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</th>" in page
    assert 'var figure = {"data":[{"name":"\\u003c/script>\\u003cimg src=x' in page
    assert page.endswith("</script>\n</body>\n</html>\n")
