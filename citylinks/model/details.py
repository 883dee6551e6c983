"""What the details panel and the timeline show: pure functions on a Dataset (no Dash).

Texts come in the language of the `Texts` given (English by default): French names, themes,
notes and event titles from the data's `…_fr` columns where they exist."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from citylinks.dataset.loading import split_sources, split_themes
from citylinks.geo.countries import country_name
from citylinks.geo.distance import distance_km
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.explorer import Explorer


def agreements_per_year(
    partners: pd.DataFrame, first: int, last: int, names: str = "city"
) -> pd.DataFrame:
    """One row per year from `first` to `last`: how many agreements were signed, and which
    (the cities' names from the column `names`: "city_fr" for French)."""
    grouped = partners.groupby("year")[names].agg(lambda cities: ", ".join(sorted(cities)))
    counts = partners.groupby("year").size()
    years = pd.RangeIndex(first, last + 1, name="year")
    return pd.DataFrame(
        {
            "count": counts.reindex(years, fill_value=0).astype(int),
            "cities": grouped.reindex(years, fill_value=""),
        }
    ).reset_index()


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


def city_details(
    explorer: Explorer, city: str, country_code: str, year: int, t: Texts | None = None
) -> CityDetails | None:
    """Everything known about one city, as of `year` for its network memberships."""
    t = t or texts("en")
    data = explorer.data
    partners = data.partners
    match = partners[(partners["city"] == city) & (partners["country_code"] == country_code)]
    memberships = data.memberships[
        (data.memberships["city"] == city) & (data.memberships["country_code"] == country_code)
    ]
    events = data.events[
        (data.events["city"] == city) & (data.events["country_code"] == country_code)
    ]
    is_home = city == data.home.city and country_code == data.home.country_code
    if match.empty and memberships.empty and events.empty and not is_home:
        return None

    home_ids = set(explorer.home_networks(year))
    current_rows = set(memberships.index[explorer.members(year)[memberships.index]])
    names = {row.id: t.pick(row.acronym, row.acronym_fr) for row in data.networks.itertuples()}
    lines = [
        MembershipLine(
            network_id=row.network_id,
            network=str(names.get(row.network_id, row.network_id)),
            since=_text(row.since) or t("details.unknown"),
            until=_text(row.until) or _last_listed(t, _text(row.last_seen)),
            shared_with_home=(row.network_id in home_ids and row.Index in current_rows),
            confidence=t(f"confidence.{row.confidence}"),
            note=t.pick(_text(row.note), _text(row.note_fr)),
        )
        for row in memberships.itertuples()
    ]
    sources: list[str] = []
    for frame in (match, memberships, events):
        for cell in frame["source"]:
            for part in split_sources(cell):
                if part not in sources:
                    sources.append(part)
    if is_home:
        sources = [*split_sources(data.home.source), *sources]
    event_rows = [
        {
            "date": row.date,
            "when": t.date(row.date),
            "title": t.pick(row.title, _text(row.title_fr)),
            "confidence": row.confidence,
        }
        for row in events.itertuples()
    ]

    if not match.empty:
        row = match.iloc[0]
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
            memberships=lines,
            events=event_rows,
            sources=[_source(s, data.source_titles, t) for s in sources],
        )
    if is_home:
        lat, lon, country, city_fr = (
            data.home.lat,
            data.home.lon,
            data.home.country,
            data.home.city_fr,
        )
    else:
        first = memberships.iloc[0] if not memberships.empty else events.iloc[0]
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
