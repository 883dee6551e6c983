"""Filling missing coordinates in a data file, with the offline gazetteer or Nominatim.

`fill_coordinates(path, resolver)` looks up each row that has neither `lat` nor `lon`, writes the
coordinates (and where they came from, in `coord_source`) back into the same file, and keeps
every other cell, column and row as it was. Names it cannot place for sure (unknown, or several
candidates) are reported with the candidates and left empty: it never guesses silently.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from citylinks.dataset.csvfile import decode_text
from citylinks.errors import DataError, Problem
from citylinks.geo.gazetteer import OfflineGazetteer, Place, Resolution

Resolver = Callable[[str, str | None], Resolution]
REQUIRED = ("city", "country_code", "lat", "lon")


@dataclass
class GeocodeReport:
    file: str
    filled: list[tuple[int, str, Resolution]] = field(default_factory=list)
    unresolved: list[tuple[int, str, Resolution]] = field(default_factory=list)
    already: int = 0

    def lines(self) -> list[str]:
        out = [
            f"{self.file}: {len(self.filled)} filled, {len(self.unresolved)} not resolved, "
            f"{self.already} already had coordinates"
        ]
        for line, query, res in self.filled:
            assert res.place is not None
            note = f" ({res.note})" if res.note else ""
            out.append(f"  line {line}: {query} -> {res.place.describe()}{note}")
        for line, query, res in self.unresolved:
            where = f" in {res.country_code}" if res.country_code else ""
            out.append(f"  line {line}: {query}{where}: {res.status}, left empty")
            out.extend(f"      candidate: {place.describe()}" for place in res.candidates[:10])
            if res.status == "ambiguous":
                out.append("      add a country_code, or a 'geocode_as' column naming the place")
        return out


def offline_resolver(min_population: int | None = None) -> Resolver:
    gazetteer = OfflineGazetteer(min_population) if min_population else OfflineGazetteer()
    return gazetteer.resolve


def nominatim_resolver(user_agent: str, min_delay_seconds: float = 1.0) -> Resolver:
    """Resolver backed by OpenStreetMap Nominatim (needs a network), within its usage policy."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    geocode = RateLimiter(
        Nominatim(user_agent=user_agent, timeout=10).geocode, min_delay_seconds=min_delay_seconds
    )

    def resolve(name: str, country_code: str | None) -> Resolution:
        found = geocode(
            name,
            exactly_one=False,
            limit=5,
            featuretype="city",
            country_codes=country_code.lower() if country_code else None,
        )
        places = tuple(
            Place(
                name=loc.address,
                country_code=(country_code or "").upper(),
                lat=loc.latitude,
                lon=loc.longitude,
                population=0,
                geonameid=int(loc.raw.get("osm_id", 0)),
            )
            for loc in found or []
        )
        if len(places) == 1:
            return Resolution(name, country_code, places[0], places, "Nominatim")
        return Resolution(name, country_code, None, places, "ambiguous" if places else "")

    return resolve


def fill_coordinates(path: Path, resolver: Resolver, *, source_label: str) -> GeocodeReport:
    """Geocode rows without coordinates and write the file back, all else unchanged."""
    raw = path.read_bytes()
    has_bom = raw.startswith(b"\xef\xbb\xbf")
    text = decode_text(raw, path.name)  # the loader's own decoding and its problems
    newline = "\r\n" if "\r\n" in text else "\n"
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        raise DataError([Problem.of(path.name, 1, "", "csv.no_header")])
    header = rows[0]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DataError([Problem.of(path.name, 1, c, "header.column_missing") for c in missing])
    if "coord_source" not in header:
        header.append("coord_source")
        for row in rows[1:]:
            row.append("")
    col = {name: header.index(name) for name in header}
    report = GeocodeReport(path.name)
    line = 1
    for row in rows[1:]:
        line += 1
        if len(row) != len(header) or not any(cell.strip() for cell in row):
            continue
        if row[col["lat"]].strip() or row[col["lon"]].strip():
            report.already += 1
            continue
        alias = row[col["geocode_as"]].strip() if "geocode_as" in col else ""
        query = alias or row[col["city"]].strip()
        country = row[col["country_code"]].strip() or None
        resolution = resolver(query, country)
        if resolution.place is None:
            report.unresolved.append((line, query, resolution))
            continue
        place = resolution.place
        row[col["lat"]] = f"{place.lat:.5f}"
        row[col["lon"]] = f"{place.lon:.5f}"
        row[col["coord_source"]] = f"{source_label}: {place.name}, {place.country_code}" + (
            f" (id {place.geonameid})" if place.geonameid else ""
        )
        report.filled.append((line, query, resolution))
    if report.filled:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator=newline).writerows(rows)
        path.write_bytes((b"\xef\xbb\xbf" if has_bom else b"") + buffer.getvalue().encode())
    return report
