"""What the data covers, on the page: home.csv's `coverage` (and `coverage_fr`) and the day
it was `checked`, beside the timeline, in the page's language; nothing when it says nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from app import create_app
from citylinks.dataset.loading import load_dataset
from citylinks.errors import DataError


def _layout_text(client, lang: str) -> str:
    return json.dumps(client.get("/_dash-layout", headers={"Accept-Language": lang}).get_json())


def _edit_home(folder, **cells: str | None) -> None:
    path = folder / "home.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for column, value in cells.items():
        for row in rows:
            if value is None:
                row.pop(column, None)
            else:
                row[column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


def test_cov001_the_page_says_what_the_data_covers_in_both_languages(dataset):
    client = create_app(data=dataset, imports=False).server.test_client()
    english = _layout_text(client, "en")
    assert "Data checked on 1 December 2026: agreements to 2006, from the City of Paris" in english
    assert "2007\\u20132026, from Conseil de Paris debates, press and partner-city pages" in english
    french = json.loads(_layout_text(client, "fr"))
    text = json.dumps(french, ensure_ascii=False)
    assert "Données vérifiées le 1er décembre 2026\u00a0: accords jusqu'en 2006, d'après" in text


def test_cov002_no_coverage_no_note_and_a_bad_date_is_named(data_copy):
    _edit_home(data_copy, coverage=None, coverage_fr=None, checked=None)
    client = create_app(data_copy, imports=False).server.test_client()
    assert "coverage-note" not in _layout_text(client, "en")
    _edit_home(data_copy, coverage="all of it", checked="1er décembre")
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert "home.csv, line 2, column 'checked'" in str(error.value)


def test_cov003_the_offline_page_says_it_too(dataset):
    client = create_app(data=dataset, imports=False).server.test_client()
    page = client.get("/_citylinks/snapshot?year=2000&lang=fr").get_data(as_text=True)
    assert "Données vérifiées le 1er décembre 2026\u00a0: accords jusqu&#x27;en 2006" in page
