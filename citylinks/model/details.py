"""What the details panel and the timeline show: pure functions on a Dataset (no Dash).

Texts come in the language of the `Texts` given (English by default): French names, themes,
notes and event titles from the data's `…_fr` columns where they exist."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from citylinks.dataset.instruments import FIRST, status_in
from citylinks.dataset.loading import Dataset, split_sources, split_themes
from citylinks.geo.countries import country_name
from citylinks.geo.distance import distance_km
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.city_rows import CityIndex, city_index
from citylinks.model.explorer import Explorer


def agreements_per_year(
    data: Dataset,
    first: int,
    last: int,
    names: str = "city",
    kept: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per year from `first` to `last`: how many new partners signed their first
    agreement (`count`, `cities`) and how many later agreements were signed (renewals,
    replacements, updates, further ones: `later`, `later_cities`); the cities' names from
    the partners' column `names` ("city_fr" for French). `kept`: the instrument rows to
    count (a mask; all when None), as the view's filters keep them. Counted in numpy and
    listed in one pass over the rows (pandas' groupby took ~40 ms with the bundled data)."""
    instruments = data.instruments
    years = pd.RangeIndex(first, last + 1, name="year")
    signed = instruments["year"].to_numpy(dtype=int)
    partner = instruments["partner"].to_numpy(dtype=int)
    is_first = (instruments["action"] == FIRST).to_numpy(dtype=bool, na_value=False)
    chosen = np.ones(len(signed), dtype=bool) if kept is None else kept.astype(bool)
    in_years = (signed >= first) & (signed <= last)
    city_names = data.partners[names].to_numpy()
    columns: dict[str, pd.Series] = {}
    for flag, count, cities in ((True, "count", "cities"), (False, "later", "later_cities")):
        rows = np.flatnonzero(chosen & in_years & (is_first == flag))
        columns[count] = pd.Series(
            np.bincount(signed[rows] - first, minlength=len(years)), index=years
        ).astype(int)
        names_of = city_names[partner[rows]]
        columns[cities] = _listed(signed[rows], names_of, years, typed=bool(chosen.any()))
    return pd.DataFrame(columns).reset_index()


def _listed(
    signed: np.ndarray, city_names: np.ndarray, years: pd.RangeIndex, *, typed: bool
) -> pd.Series:
    """Each year's cities, sorted, without repeats, joined by ", " ("" for none); of pandas'
    inferred string type, or object when no instrument was kept at all (`typed` False), as
    the groupby this replaces gave them."""
    by_year: dict[int, set] = {}
    for year, name in zip(signed.tolist(), city_names.tolist(), strict=True):
        by_year.setdefault(year, set()).add(name)
    listed = [", ".join(sorted(by_year[year])) if year in by_year else "" for year in years]
    return pd.Series(listed, index=years, dtype=None if typed else object)


@dataclass(frozen=True)
class Source:
    text: str
    url: str | None  # only http(s) URLs become links


@dataclass(frozen=True)
class MembershipLine:
    network_id: str
    network: str
    since: str
    until: str
    shared_with_home: bool
    confidence: str
    note: str


@dataclass(frozen=True)
class InstrumentLine:
    """One agreement in a partner's chronology, as the details panel lists it."""

    date: str  # ISO, as precise as known
    when: str  # written out in the language
    kind: str  # its type (render/wording.py's agreement_label names it)
    action: str  # "renews the agreement of 30 January 1956"
    status: str  # "in force in 2026", "replaced in 2019", "ended in 2020", "signed after 1990"
    state: str  # in_force | renewed | replaced | ended | later (for the page's styling)
    confidence: str
    signatories: str = ""
    notes: str = ""
    themes: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class CityDetails:
    city: str
    city_fr: str
    country: str
    country_code: str
    is_home: bool
    is_partner: bool
    agreement: str | None = None
    year: int | None = None
    date_signed: str | None = None
    ended: int | None = None
    themes: list[str] = field(default_factory=list)
    notes: str = ""
    distance_km: float | None = None
    memberships: list[MembershipLine] = field(default_factory=list)
    events: list[dict[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    instruments: list[InstrumentLine] = field(default_factory=list)
    in_force: bool = True  # whether a partner has an agreement in force in the chosen year

    def with_lists(
        self,
        memberships: list[MembershipLine],
        events: list[dict[str, str]],
        sources: list[Source],
    ) -> CityDetails:
        return replace(self, memberships=memberships, events=events, sources=sources)


def _source(text: str, titles: dict[str, tuple[str, str]], t: Texts) -> Source:
    """A source as the panel lists it: a link where it is one, its readable title where the
    data gives one (sources.csv), else its text."""
    if text in titles:
        return Source(text=t.pick(*titles[text]), url=None)
    url = text if text.startswith(("http://", "https://")) and " " not in text else None
    if url is None:
        first = text.split(" ")[0]
        if first.startswith(("http://", "https://")):
            url = first
    return Source(text=text, url=url)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _last_listed(t: Texts, year: str) -> str:
    return t("details.last_listed", year=year) if year else ""


MEMBERSHIP_COLUMNS = ["network_id", "since", "until", "last_seen", "confidence", "note", "note_fr"]


# partners.csv's columns of a partnership, its key (city, country_code) and how sure it is
# (confidence) aside: what the details panel reads of a partner, and what an export keeps of
# it besides those three (citylinks/render/partner_sheet.py's DATA_COLUMNS).
PARTNER_COLUMNS = [
    "city_fr",
    "country",
    "agreement",
    "year",
    "date_signed",
    "ended",
    "themes",
    "themes_fr",
    "notes",
    "notes_fr",
    "lat",
    "lon",
    "source",
]
PLACE_COLUMNS = ["lat", "lon", "city_fr", "source"]
EVENT_COLUMNS = ["date", "title", "title_fr", "confidence", *PLACE_COLUMNS]
INSTRUMENT_COLUMNS = [
    "date",
    "kind",
    "action",
    "refers_to",
    "confidence",
    "signatories",
    "notes",
    "notes_fr",
    "themes",
    "themes_fr",
    "source",
]


def city_details(
    explorer: Explorer, city: str, country_code: str, year: int, t: Texts | None = None
) -> CityDetails | None:
    """Everything known about one city, as of `year` for its network memberships."""
    t = t or texts("en")
    data = explorer.data
    index = city_index(explorer)
    rows = index.rows(city, country_code)
    is_home = city == data.home.city and country_code == data.home.country_code
    if rows.empty and not is_home:
        return None
    matches = index.records("partners", rows.partners, PARTNER_COLUMNS)
    memberships = index.records(
        "memberships", rows.memberships, [*MEMBERSHIP_COLUMNS, *PLACE_COLUMNS]
    )
    events = index.records("events", rows.events, EVENT_COLUMNS)
    lines = _membership_lines(explorer, rows.memberships, memberships, year, t)
    sources: list[str] = []
    for found in (matches, memberships, events):
        for row in found:
            for part in split_sources(row["source"]):
                if part not in sources:
                    sources.append(part)
    if is_home:
        sources = [*split_sources(data.home.source), *sources]
    event_rows = [
        {
            "date": row["date"],
            "when": t.date(row["date"]),
            "title": t.pick(row["title"], _text(row["title_fr"])),
            "confidence": row["confidence"],
        }
        for row in events
    ]
    if matches:
        return _partner_details(
            explorer, (city, country_code, is_home), rows.partners[0], matches[0], year, t
        ).with_lists(lines, event_rows, [_source(s, data.source_titles, t) for s in sources])
    if is_home:
        lat, lon, country, city_fr = (
            data.home.lat,
            data.home.lon,
            data.home.country,
            data.home.city_fr,
        )
    else:
        first = memberships[0] if memberships else events[0]
        lat, lon, country, city_fr = first["lat"], first["lon"], "", _text(first["city_fr"]) or city
    return CityDetails(
        city=city,
        city_fr=city_fr,
        country=t.country(country_code, country or country_name(country_code)),
        country_code=country_code,
        is_home=is_home,
        is_partner=False,
        distance_km=None if is_home else distance_km(data.home.point, (float(lat), float(lon))),
        memberships=lines,
        events=event_rows,
        sources=[_source(s, data.source_titles, t) for s in sources],
    )


def _membership_lines(
    explorer: Explorer,
    positions: tuple[int, ...],
    memberships: list[dict[str, Any]],
    year: int,
    t: Texts,
) -> list[MembershipLine]:
    """A city's network memberships, each saying whether home shares it in `year`."""
    if not memberships:
        return []
    home_ids = set(explorer.home_networks(year))
    counts = explorer.members(year)
    networks = city_index(explorer).records(
        "networks", range(len(explorer.network_ids)), ["id", "acronym", "acronym_fr"]
    )
    names = {row["id"]: t.pick(row["acronym"], row["acronym_fr"]) for row in networks}
    return [
        MembershipLine(
            network_id=row["network_id"],
            network=str(names.get(row["network_id"], row["network_id"])),
            since=_text(row["since"]) or t("details.unknown"),
            until=_text(row["until"]) or _last_listed(t, _text(row["last_seen"])),
            shared_with_home=(row["network_id"] in home_ids and bool(counts[position])),
            confidence=t(f"confidence.{row['confidence']}"),
            note=t.pick(_text(row["note"]), _text(row["note_fr"])),
        )
        for position, row in zip(positions, memberships, strict=True)
    ]


def _partner_details(
    explorer: Explorer,
    who: tuple[str, str, bool],
    position: int,
    row: dict[str, Any],
    year: int,
    t: Texts,
) -> CityDetails:
    """A partner's details but its memberships, events and sources (`with_lists` adds them);
    `who`: its city, country code and whether it is home too."""
    data = explorer.data
    city, country_code, is_home = who
    return CityDetails(
        city=city,
        city_fr=_text(row["city_fr"]) or city,
        country=t.country(country_code, _text(row["country"])),
        country_code=country_code,
        is_home=is_home,
        is_partner=True,
        agreement=_text(row["agreement"]),
        year=int(row["year"]),
        date_signed=_text(row["date_signed"]) or None,
        ended=int(row["ended"]) if pd.notna(row["ended"]) else None,
        themes=split_themes(t.pick(_text(row["themes"]), _text(row["themes_fr"])) or None),
        notes=t.pick(_text(row["notes"]), _text(row["notes_fr"])),
        distance_km=distance_km(data.home.point, (float(row["lat"]), float(row["lon"]))),
        instruments=instrument_lines(explorer, position, year, t),
        in_force=bool(explorer.in_force(year)[position]),
    )


def instrument_lines(explorer: Explorer, partner: int, year: int, t: Texts) -> list[InstrumentLine]:
    """A partner's agreements in the order signed, each with what it did to an earlier one and
    its state in `year` (citylinks/dataset/instruments.py's rules)."""
    data = explorer.data
    if data.instruments.empty:
        return []
    rows = np.flatnonzero(explorer.instrument_partner == partner).tolist()
    index = city_index(explorer)
    items = index.records("instruments", rows, INSTRUMENT_COLUMNS)
    return [
        _instrument_line(data, index, row, item, year, t)
        for row, item in zip(rows, items, strict=True)
    ]


def _instrument_line(
    data: Dataset, index: CityIndex, row: int, item: dict[str, Any], year: int, t: Texts
) -> InstrumentLine:
    state, since = status_in(data.instruments, row, year)
    refers = int(item["refers_to"])
    referred = str(index.column("instruments", "date")[refers]) if refers >= 0 else ""
    action = str(item["action"])
    confidence = _text(item["confidence"])
    first = action == FIRST
    return InstrumentLine(
        date=str(item["date"]),
        when=t.date(str(item["date"])),
        kind=str(item["kind"]),
        action=_action_text(t, action, referred),
        status=t(f"instrument.status.{state}", year=year, since=since or ""),
        state=state,
        confidence=t(f"confidence.{confidence}") if confidence else "",
        signatories=t.join(split_sources(_text(item["signatories"]).replace(";", " ; "))),
        notes="" if first else t.pick(_text(item["notes"]), _text(item["notes_fr"])),
        themes=[]
        if first
        else split_themes(t.pick(_text(item["themes"]), _text(item["themes_fr"])) or None),
        sources=[]
        if first
        else [_source(s, data.source_titles, t) for s in split_sources(item["source"])],
    )


def _action_text(t: Texts, action: str, referred: str) -> str:
    """ "replaces the agreement of April 2006" (`referred`: the ISO date it acts on)."""
    if action in ("renews", "replaces", "updates") and referred:
        return t(f"instrument.{action}", of_date=t.of_date(referred))
    return t("instrument.adds") if action != FIRST else t("instrument.first")


def later_agreements(data: Dataset, year: int | None = None) -> dict[int, list[tuple[str, str]]]:
    """Each partner's later agreements (renewals, replacements, updates, further ones) signed
    by `year` (every one when None), in the order signed, as (date, kind), by partner row."""
    instruments = data.instruments
    if instruments.empty:
        return {}
    later = instruments[instruments["action"] != FIRST]
    if year is not None:
        later = later[later["year"] <= year]
    out: dict[int, list[tuple[str, str]]] = {}
    for partner, date, kind in zip(
        later["partner"].tolist(), later["date"].tolist(), later["kind"].tolist(), strict=True
    ):
        out.setdefault(int(partner), []).append((str(date), str(kind)))
    return out
