"""What the page shows for a year and a choice of networks: pure functions on a Dataset.

Rules (documented in the README):
- A partner is *in force* in year Y when it was signed in or before Y and has not ended by Y
  (an agreement ended in year E counts up to E-1).
- A network membership counts in year Y when `from_year <= Y` (its `since`, else the network's
  founding year) and, if it has an end (`until`, else `last_seen` for a former member), `Y <= end`.
- Network filter modes: "show" draws the selected networks' members and leaves the partners as
  they are; "any" keeps the partners that share at least one selected network with the home city
  in year Y; "all" keeps those that share every selected network with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from citylinks.dataset import Dataset, split_sources, split_themes

MODES = ("show", "any", "all")
CONTINENT_NAMES = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}


def partners_in_force(partners: pd.DataFrame, year: int) -> pd.DataFrame:
    """Partners signed by `year` and not ended by then."""
    signed = partners["year"] <= year
    ended = partners["ended"].notna() & (partners["ended"] <= year)
    return partners[signed & ~ended.fillna(False)]


def members_as_of(
    memberships: pd.DataFrame, year: int, network_ids: list[str] | None = None
) -> pd.DataFrame:
    """Memberships that count in `year`, optionally only of some networks."""
    started = memberships["from_year"].isna() | (memberships["from_year"] <= year)
    running = memberships["to_year"].isna() | (memberships["to_year"] >= year)
    keep = (started & running).fillna(False).astype(bool)
    if network_ids is not None:
        keep &= memberships["network_id"].isin(network_ids)
    return memberships[keep]


def home_networks(data: Dataset, year: int) -> list[str]:
    """Ids of the networks the home city belongs to in `year`, in networks.csv order."""
    current = members_as_of(data.memberships, year)
    ids = set(current.loc[current["is_home"], "network_id"])
    return [nid for nid in data.network_ids if nid in ids]


def filter_partners(data: Dataset, year: int, network_ids: list[str], mode: str) -> pd.DataFrame:
    """The partners shown for a year, network selection and mode (see module docstring)."""
    partners = partners_in_force(data.partners, year)
    if mode == "show" or not network_ids:
        return partners
    shared_with_home = [nid for nid in network_ids if nid in home_networks(data, year)]
    members = members_as_of(data.memberships, year, shared_with_home)
    counts = members.groupby(["city", "country_code"])["network_id"].nunique()
    needed = len(network_ids) if mode == "all" else 1
    keys = set(counts[counts >= needed].index)
    mask = [key in keys for key in zip(partners["city"], partners["country_code"], strict=True)]
    return partners[mask]


@dataclass(frozen=True)
class Summary:
    year: int
    partners: int
    countries: int
    continents: int
    networks: int
    signed_this_year: int

    def sentence(self, home: str) -> str:
        p = "partner" if self.partners == 1 else "partners"
        c = "country" if self.countries == 1 else "countries"
        return f"{home}: {self.partners} {p} in {self.countries} {c} as of {self.year}"


def summarize(data: Dataset, shown: pd.DataFrame, year: int) -> Summary:
    return Summary(
        year=year,
        partners=len(shown),
        countries=shown["country_code"].nunique(),
        continents=shown["continent"].nunique(),
        networks=len(home_networks(data, year)),
        signed_this_year=int((shown["year"] == year).sum()),
    )


def agreements_per_year(partners: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """One row per year from `first` to `last`: how many agreements were signed, and which."""
    grouped = partners.groupby("year")["city"].agg(lambda cities: ", ".join(sorted(cities)))
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


def _source(text: str) -> Source:
    url = text if text.startswith(("http://", "https://")) and " " not in text else None
    if url is None:
        first = text.split(" ")[0]
        if first.startswith(("http://", "https://")):
            url = first
    return Source(text=text, url=url)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def city_details(data: Dataset, city: str, country_code: str, year: int) -> CityDetails | None:
    """Everything known about one city, as of `year` for its network memberships."""
    from citylinks.geo import distance_km

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

    home_ids = set(home_networks(data, year))
    current = members_as_of(memberships, year)
    names = data.networks.set_index("id")["acronym"]
    lines = [
        MembershipLine(
            network_id=row.network_id,
            network=str(names.get(row.network_id, row.network_id)),
            since=_text(row.since) or "unknown",
            until=_text(row.until)
            or (f"last listed {_text(row.last_seen)}" if _text(row.last_seen) else ""),
            shared_with_home=(row.network_id in home_ids and row.Index in current.index),
            confidence=row.confidence,
            note=_text(row.note),
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
        {"date": row.date, "title": row.title, "confidence": row.confidence}
        for row in events.itertuples()
    ]

    if not match.empty:
        row = match.iloc[0]
        return CityDetails(
            city=city,
            city_fr=_text(row["city_fr"]) or city,
            country=_text(row["country"]),
            country_code=country_code,
            is_home=is_home,
            is_partner=True,
            agreement=_text(row["agreement"]),
            year=int(row["year"]),
            date_signed=_text(row["date_signed"]) or None,
            ended=int(row["ended"]) if pd.notna(row["ended"]) else None,
            themes=split_themes(row["themes"]),
            notes=_text(row["notes"]),
            distance_km=float(row["distance_km"]),
            memberships=lines,
            events=event_rows,
            sources=[_source(s) for s in sources],
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
        lat, lon, country, city_fr = first["lat"], first["lon"], "", city
    from citylinks.gazetteer import country_name

    return CityDetails(
        city=city,
        city_fr=city_fr,
        country=country or country_name(country_code),
        country_code=country_code,
        is_home=is_home,
        is_partner=False,
        distance_km=None if is_home else distance_km(data.home.point, (float(lat), float(lon))),
        memberships=lines,
        events=event_rows,
        sources=[_source(s) for s in sources],
    )
