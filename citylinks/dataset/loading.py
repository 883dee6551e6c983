"""Loading a data folder (home, partners, instruments, networks, memberships, events) into pandas.

`load_dataset(data_dir)` checks every file and raises one `DataError` that lists every problem
in every file; on success it returns a `Dataset` whose frames have proper dtypes and a few
derived columns (continent, whether a network member is a partner, effective years).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from citylinks import clock
from citylinks.dataset import schemas
from citylinks.dataset.csvfile import load_table
from citylinks.dataset.instruments import build_instruments
from citylinks.errors import DataError, Problem
from citylinks.geo.countries import country_continents
from citylinks.settings import Settings

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FILES = {
    "home": "home.csv",
    "partners": "partners.csv",
    "networks": "networks.csv",
    "memberships": "memberships.csv",
    "events": "events.csv",
}
OPTIONAL_FILES = {
    "instruments": "instruments.csv",  # partners' later agreements (renewals, updates…)
    "sources": "sources.csv",  # readable titles of sources that are not links
}
DATA_FILES = (*FILES.values(), *OPTIONAL_FILES.values())  # a data folder's files, by name
SOURCE_SEPARATOR = " ; "


@dataclass(frozen=True)
class Home:
    city: str
    city_fr: str
    country: str
    country_code: str
    lat: float
    lon: float
    source: str
    coverage: str = ""  # what the data covers, in plain words ("" when the file says nothing)
    coverage_fr: str = ""
    checked: str = ""  # the day the data was last checked (YYYY-MM-DD, or YYYY-MM, YYYY)

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


@dataclass(frozen=True)
class Dataset:
    home: Home
    partners: pd.DataFrame
    networks: pd.DataFrame
    memberships: pd.DataFrame
    events: pd.DataFrame
    data_dir: Path
    # every instrument of every partner, its first one included (citylinks/dataset/instruments)
    instruments: pd.DataFrame = field(default_factory=pd.DataFrame)
    # a source as the data names it (e.g. "seeds/002_….txt") -> its title (English, French)
    source_titles: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def first_year(self) -> int:
        return int(self.partners["year"].min())

    @property
    def network_ids(self) -> list[str]:
        return self.networks["id"].tolist()


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder to load: the argument, else $CITYLINKS_DATA, else the bundled data/."""
    chosen = data_dir or Settings.from_environment().data_dir or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def load_dataset(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    today: dt.date | None = None,
    require_coordinates: bool = True,
) -> Dataset:
    """Load and check every file of a data folder. Raises DataError listing every problem."""
    folder = resolve_data_dir(data_dir)
    year = (today or clock.today()).year
    problems: list[Problem] = []

    def load(key: str, spec: schemas.TableSpec) -> pd.DataFrame | None:
        path = folder / FILES[key]
        display = f"{folder.name}/{FILES[key]}"
        if not path.is_file():
            problems.append(Problem.of(display, 1, "", "file.not_found", folder=str(folder)))
            return None
        try:
            return load_table(path, spec, display)
        except DataError as err:
            problems.extend(err.problems)
            return None

    home = load("home", schemas.home_spec(require_coordinates))
    networks = load("networks", schemas.networks_spec(year))
    ids = networks["id"].tolist() if networks is not None else None
    partners = load("partners", schemas.partners_spec(year, require_coordinates))
    memberships = load(
        "memberships", schemas.memberships_spec(year, ids or [], require_coordinates)
    )
    events = load("events", schemas.events_spec(year, ids or [], require_coordinates))

    def load_optional(key: str, spec: schemas.TableSpec) -> pd.DataFrame | None:
        path = folder / OPTIONAL_FILES[key]
        if not path.is_file():
            return None
        try:
            return load_table(path, spec, f"{folder.name}/{OPTIONAL_FILES[key]}")
        except DataError as err:
            problems.extend(err.problems)
            return None

    later = load_optional("instruments", schemas.instruments_spec(year))
    sources = load_optional("sources", schemas.sources_spec())
    if home is not None and len(home) != 1:
        problems.append(
            Problem.of(f"{folder.name}/{FILES['home']}", 1, "", "home.not_one_row", rows=len(home))
        )
    if ids is None:
        # Without a readable networks.csv every network id would be reported as unknown:
        # keep only the problems that do not depend on it.
        problems = [p for p in problems if p.column != "network_id"]
    if partners is not None:
        partners = _enrich_partners(partners)
        instruments, instrument_problems = build_instruments(
            partners, later, f"{folder.name}/{OPTIONAL_FILES['instruments']}"
        )
        problems.extend(instrument_problems)
    if problems:
        raise DataError(problems)
    assert home is not None and networks is not None and partners is not None
    assert memberships is not None and events is not None

    home_city = _home(home)
    memberships = _enrich_memberships(memberships, networks, partners, home_city)
    french = _french_names(home_city, partners, memberships)
    memberships["city_fr"] = _french_column(memberships, french)
    events = _enrich_events(events)
    events["city_fr"] = _french_column(events, french)
    return Dataset(
        home=home_city,
        partners=partners,
        networks=networks.reset_index(drop=True),
        memberships=memberships,
        events=events,
        data_dir=folder,
        instruments=instruments,
        source_titles=_source_titles(sources),
    )


def _source_titles(sources: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    if sources is None:
        return {}
    return {
        str(row.id): (
            str(row.title),
            str(row.title_fr) if pd.notna(row.title_fr) else str(row.title),
        )
        for row in sources.itertuples()
    }


def _french_names(
    home: Home, partners: pd.DataFrame, memberships: pd.DataFrame
) -> dict[tuple[str, str], str]:
    """A city's French name wherever the data gives it (partners, home, a membership row)."""
    names: dict[tuple[str, str], str] = {}
    rows = memberships[memberships["city_fr"].notna()]
    for frame in (rows, partners):
        keys = zip(frame["city"], frame["country_code"], strict=True)
        names.update(zip(keys, frame["city_fr"], strict=True))
    names[(home.city, home.country_code)] = home.city_fr
    return names


def _french_column(frame: pd.DataFrame, names: dict[tuple[str, str], str]) -> pd.Series:
    """The French name of each row's city: its own `city_fr`, else another table's, else
    the name itself."""
    own = frame["city_fr"] if "city_fr" in frame.columns else pd.Series(pd.NA, index=frame.index)
    looked_up = [
        names.get(key, city)
        for key, city in zip(
            zip(frame["city"], frame["country_code"], strict=True), frame["city"], strict=True
        )
    ]
    return own.fillna(pd.Series(looked_up, index=frame.index)).astype("string")


def _home(frame: pd.DataFrame) -> Home:
    row = frame.iloc[0]
    return Home(
        city=str(row["city"]),
        city_fr=str(row["city_fr"]) if pd.notna(row["city_fr"]) else str(row["city"]),
        country=str(row["country"]),
        country_code=str(row["country_code"]),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        source=str(row["source"]),
        coverage=_text_or_empty(row, "coverage"),
        coverage_fr=_text_or_empty(row, "coverage_fr"),
        checked=_text_or_empty(row, "checked"),
    )


def _text_or_empty(row: pd.Series, column: str) -> str:
    """An optional cell's text: "" when the column is absent or the cell empty."""
    value = row.get(column)
    return "" if value is None or pd.isna(value) else str(value)


def _enrich_partners(partners: pd.DataFrame) -> pd.DataFrame:
    out = partners.copy()
    out["city_fr"] = out["city_fr"].fillna(out["city"])
    continents = country_continents()
    out["continent"] = out["country_code"].map(continents).astype("string")
    out = out.sort_values(["year", "city"], kind="stable")
    out.index.name = "line"
    return out.reset_index()


def _enrich_memberships(
    memberships: pd.DataFrame, networks: pd.DataFrame, partners: pd.DataFrame, home: Home
) -> pd.DataFrame:
    out = memberships.copy()
    by_id = networks.set_index("id")
    # A member whose joining year is unknown counts from the network's founding year; a former
    # member whose leaving year is unknown counts until the last year a source lists it; no
    # membership outlasts its network.
    out["from_year"] = out["since"].fillna(out["network_id"].map(by_id["founded_year"]))
    out["from_year"] = out["from_year"].astype("Int64")
    to_year = out["until"].fillna(out["last_seen"])
    network_end = out["network_id"].map(by_id["ended_year"]).astype("Int64")
    out["to_year"] = to_year.where(
        network_end.isna() | (to_year.notna() & (to_year <= network_end)), network_end
    ).astype("Int64")
    keys = set(zip(partners["city"], partners["country_code"], strict=True))
    pairs = list(zip(out["city"], out["country_code"], strict=True))
    out["is_partner"] = [pair in keys for pair in pairs]
    out["is_home"] = [pair == (home.city, home.country_code) for pair in pairs]
    out.index.name = "line"
    return out.reset_index()


def _enrich_events(events: pd.DataFrame) -> pd.DataFrame:
    out = events.copy()
    out["year"] = out["date"].str.slice(0, 4).astype("Int64")
    out = out.sort_values(["date"], kind="stable")
    out.index.name = "line"
    return out.reset_index()


def load_files(
    files: Mapping[str, bytes], name: str = "data", *, today: dt.date | None = None
) -> Dataset:
    """`load_dataset` on a data folder's files given as bytes by name (a saved map's, from the
    store): written to a private temporary folder called `name`, which problems name."""
    with tempfile.TemporaryDirectory(prefix="citylinks-") as root:
        folder = Path(root) / name
        folder.mkdir(mode=0o700)
        for file_name in DATA_FILES:
            if file_name in files:
                (folder / file_name).write_bytes(files[file_name])
        return load_dataset(folder, today=today)


def split_sources(sources: str) -> list[str]:
    """The individual sources of a `source` cell (separated by ' ; ')."""
    return [part.strip() for part in str(sources).split(SOURCE_SEPARATOR.strip()) if part.strip()]


def split_themes(themes: object) -> list[str]:
    if themes is None or pd.isna(themes):
        return []
    return [theme.strip() for theme in str(themes).split(";") if theme.strip()]
