"""Exports: the partners a view shows as CSV, and formula injection kept out."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from citylinks.dataset.spreadsheet import safe_cell
from citylinks.model.explorer import Explorer
from citylinks.render.export import COLUMNS, shown_partners, to_csv_bytes


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


def test_exp002_csv_of_a_view_has_its_partners(dataset):
    explorer = Explorer(dataset)
    shown = explorer.shown(1997, [], "show")
    frame = shown_partners(explorer, shown, 1997)
    assert len(frame) == 19
    assert list(frame.columns) == [*COLUMNS, "confidence", "later_agreements"]
    rome = frame.set_index("city").loc["Rome"]
    assert rome["confidence"] == "official_list"
    assert rome["later_agreements"] == ""  # none signed by 1997
    in_2026 = shown_partners(explorer, explorer.shown(2026, [], "show"), 2026)
    rome = in_2026.set_index("city").loc["Rome"]
    assert rome["later_agreements"] == "2014-10-01 declaration; 2022-07-07 letter_of_intent"
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == 19
    assert "Rome" in set(back["city"])
    assert back["lat"].dtype == float  # numbers stay numbers


def test_exp003_hostile_text_is_escaped_in_the_file(dataset):
    frame = pd.DataFrame({"city": ["=cmd|' /C calc'!A0", "Lyon"], "lat": [-1.5, 45.7]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=cmd" in text and ",-1.5" in text
