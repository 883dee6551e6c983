"""Exports: the partners a view shows as CSV (in the page's language: `;`, French headers and
names on the French page), and formula injection kept out."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from citylinks.dataset.spreadsheet import safe_cell
from citylinks.i18n.catalogue import texts
from citylinks.model.explorer import Explorer
from citylinks.render.export import download_name, partners_csv
from citylinks.render.partner_sheet import PartnerExport, export_rows


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1 42 76 40 40", "'+33 1 42 76 40 40"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("São Paulo", "São Paulo"),
        (-70.6, -70.6),
        (None, None),
    ],
)
def test_exp001_formula_cells_become_text(value, expected):
    assert safe_cell(value) == expected


def _read_csv(data: bytes, separator: str) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=separator))


def test_exp004_the_french_csv_is_for_a_french_excel(dataset):
    explorer = Explorer(dataset)
    export = export_rows(explorer, explorer.shown(2026, [], "show"), 2026)
    data = partners_csv(export, "fr")
    rows = _read_csv(data, ";")
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    fr = texts("fr")
    assert header[:6] == [
        fr("table.city"),
        fr("table.country"),
        "Code pays",
        "Année de signature",
        "Date de signature",
        "Type d’accord",
    ]
    assert "Distance depuis Paris (km)" in header and header[-2:] == ["Source", "Fiabilité"]
    assert len(rows) == int(explorer.shown(2026, [], "show").sum())
    by_city = {row[fr("table.city")]: row for row in rows}
    rome = {
        key.replace(fr("table.country"), "Pays"): value for key, value in by_city["Rome"].items()
    }
    assert (rome["Pays"], rome["Code pays"]) == ("Italie", "IT")
    assert (rome["Année de signature"], rome["Date de signature"]) == ("1956", "30/01/1956")
    assert rome["Type d’accord"] == fr("agreement.twinning") == "Jumelage"
    assert rome["Accords ultérieurs"].startswith("Déclaration commune (1er octobre 2014)")
    assert rome["Latitude"] == "41,89193"  # a decimal comma: a number to a French Excel
    assert rome["Distance depuis Paris (km)"] == "1108"
    assert rome["Fiabilité"] == fr("confidence.official_list")
    assert rome["Remarques"].startswith("Jumelage exclusif")
    assert "Londres" in by_city and "Pékin" in by_city  # the data's French names
    assert by_city["Londres"][fr("table.country")] == "Royaume-Uni"
    assert by_city["Tokyo"]["Type d’accord"] == fr("agreement.friendship_cooperation")
    assert "friendship_cooperation" not in data.decode("utf-8-sig")
    assert all(row["Source"] for row in rows)  # every row keeps its source
    assert all(row["Fiabilité"] for row in rows)
    prague = by_city["Prague"]
    assert prague["Thèmes"].startswith("prévention des risques, ")
    assert by_city["Montréal"]["Date de signature"] == "04/2006"  # a month alone
    assert by_city["Le Caire"]["Date de signature"] == ""  # none known


def test_exp005_the_english_csv_has_commas_and_english_names(dataset):
    explorer = Explorer(dataset)
    export = export_rows(explorer, explorer.shown(2026, [], "show"), 2026)
    rows = {row["City"]: row for row in _read_csv(partners_csv(export, "en"), ",")}
    rome = rows["Rome"]
    assert (rome["Country"], rome["Agreement"], rome["Date signed"]) == (
        "Italy",
        "Twinning",
        "1956-01-30",
    )
    assert rome["Latitude"] == "41.89193" and rome["Distance from Paris (km)"] == "1108"
    assert rome["Networks shared with Paris"] == "UCEU, C40"
    assert rome["Later agreements"] == (
        "Joint declaration (1 October 2014), Letter of intent (7 July 2022)"
    )
    assert rome["Confidence"] == texts("en")("confidence.official_list")
    assert "London" in rows and "Beijing" in rows


def test_exp006_exactly_the_rows_the_map_shows(dataset):
    explorer = Explorer(dataset)
    shown = explorer.shown(2010, ["c40"], "any")
    export = export_rows(explorer, shown, 2010)
    assert export.year == 2010 and (export.home, export.home_fr) == ("Paris", "Paris")
    assert list(export.frame["city"]) == list(dataset.partners.loc[shown, "city"])
    assert all("C40" in networks for networks in export.frame["networks"])
    rows = _read_csv(partners_csv(export, "fr"), ";")
    assert [row[texts("fr")("table.city")] for row in rows] == [
        fr if isinstance(fr, str) and fr else en
        for en, fr in zip(
            dataset.partners.loc[shown, "city"], dataset.partners.loc[shown, "city_fr"], strict=True
        )
    ]
    # Signed after 2010: not on the map, not in the file.
    assert all(int(row["Année de signature"]) <= 2010 for row in rows)
    nothing = export_rows(explorer, np.zeros(len(dataset.partners), dtype=bool), 2010)
    assert len(_read_csv(partners_csv(nothing, "fr"), ";")) == 0


def test_exp007_nothing_from_the_data_is_a_formula_in_either_language():
    frame = pd.DataFrame(
        {
            "city": ["=cmd|' /C calc'!A0", "Lyon"],
            "city_fr": ["", "+Lyon"],
            "country_code": ["FR", "FR"],
            "notes": ["@SUM(A1)", "\t=1"],
            "lat": [-1.5, 45.7],
            "source": ["-2+3", "https://example.org"],
        }
    )
    export = PartnerExport(frame, "Paris")
    english = partners_csv(export, "en").decode("utf-8-sig")
    assert "'=cmd" in english and "'@SUM(A1)" in english and "'-2+3" in english
    assert ",-1.5," in english  # a number stays a number
    french = _read_csv(partners_csv(export, "fr"), ";")
    assert french[1]["Ville"] == "'+Lyon" and french[0]["Latitude"] == "-1,5"
    assert french[0]["Remarques"] == "'@SUM(A1)" and french[1]["Remarques"] == "'\t=1"
    for row in french:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value


def test_exp008_file_names():
    assert download_name("Paris", 1997, [], "show", "csv") == "citylinks-Paris-partners-1997.csv"
    assert (
        download_name("Le Mans", 2010, ["c40", "uclg"], "any", "xlsx")
        == "citylinks-Le_Mans-partners-2010-c40-uclg-any.xlsx"
    )
