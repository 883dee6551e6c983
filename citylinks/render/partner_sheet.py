"""The partners a view shows, as a sheet in the page's language: what the CSV and the Excel
downloads (citylinks/render/export.py, citylinks/render/workbook.py) write.

`export_rows(explorer, shown, year)` takes exactly the partner rows the map shows (the mask
`Explorer.shown` gives) with every column of partners.csv in both languages, their later
agreements, the networks each shares with the home city that year and its distance from home.
`sheet_columns` and `sheet_rows` then say them in a language: headers, city and country
names, agreement kinds, themes and notes in it; years, distances and coordinates as numbers,
dates as dates (`SignedDate`), every row with its source and how sure it is. How a cell is
written (a separator, a decimal comma, an Excel date) is the writers' business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from citylinks.dataset.loading import Dataset
from citylinks.geo.distance import distance_km
from citylinks.i18n.catalogue import Texts
from citylinks.model.details import PARTNER_COLUMNS, later_agreements
from citylinks.model.explorer import Explorer
from citylinks.render.wording import agreement_label

# partners.csv's columns an export keeps (those the data has), both languages: a partner's
# key, what the details panel reads of it, and how sure it is.
DATA_COLUMNS = ["city", "country_code", *PARTNER_COLUMNS, "confidence"]
Kind = Literal["text", "int", "number", "date", "link"]


@dataclass(frozen=True)
class PartnerExport:
    """The partner rows a view shows (`frame`: DATA_COLUMNS the data has, `later_agreements`
    as "2014-10-01 declaration; 2022-07-07 letter_of_intent", `networks` and `networks_fr`
    the acronyms of the networks shared with home in `year`, `distance_km`), and the home
    city they are seen from."""

    frame: pd.DataFrame
    home: str
    home_fr: str = ""
    year: int | None = None


@dataclass(frozen=True)
class SignedDate:
    """A date signed: a day, or a month (`day` is then its first day)."""

    day: dt.date
    precision: Literal["day", "month"]


Cell = str | int | float | SignedDate | None


@dataclass(frozen=True)
class Column:
    key: str  # the frame's column it comes from
    header: str  # in the language
    kind: Kind
    width: int  # characters, for a spreadsheet's column


def later_texts(data: Dataset, shown: np.ndarray, year: int | None) -> list[str]:
    """Each shown partner's later agreements signed by `year`, as "date kind; date kind"."""
    later = later_agreements(data, year)
    return [
        "; ".join(f"{date} {kind}" for date, kind in later.get(int(row), []))
        for row in np.flatnonzero(shown)
    ]


def _shared_networks(explorer: Explorer, shown: np.ndarray, year: int) -> dict[int, list[str]]:
    """For each shown partner row, the ids of the networks it shares with home in `year`, in
    networks.csv order."""
    if not shown.any():
        return {}
    codes = explorer.network_codes(explorer.home_networks(year))
    current = explorer.members(year) & (explorer.member_partner >= 0)
    current &= np.isin(explorer.member_network, codes)
    current &= shown[np.maximum(explorer.member_partner, 0)]
    shared: dict[int, set[int]] = {}
    for partner, code in zip(
        explorer.member_partner[current].tolist(),
        explorer.member_network[current].tolist(),
        strict=True,
    ):
        shared.setdefault(partner, set()).add(code)
    return {row: [explorer.network_ids[c] for c in sorted(cs)] for row, cs in shared.items()}


def _acronyms(data: Dataset) -> dict[str, tuple[str, str]]:
    """Network id -> its acronym in English and in French."""
    networks = data.networks
    french = networks["acronym_fr"] if "acronym_fr" in networks.columns else networks["acronym"]
    return {
        str(nid): (str(en), fr if isinstance(fr, str) and fr else str(en))
        for nid, en, fr in zip(networks["id"], networks["acronym"], french, strict=True)
    }


def export_rows(explorer: Explorer, shown: np.ndarray, year: int | None = None) -> PartnerExport:
    """The partner rows of data.partners that `shown` (a boolean mask over them, as
    `Explorer.shown(year, network_ids, mode)` gives) selects, in the file's order."""
    data = explorer.data
    frame = data.partners.loc[shown, [c for c in DATA_COLUMNS if c in data.partners.columns]]
    frame = frame.reset_index(drop=True)
    rows = np.flatnonzero(shown).tolist()
    frame["later_agreements"] = later_texts(data, shown, year)
    shared = _shared_networks(explorer, shown, year) if year is not None else {}
    acronyms = _acronyms(data)
    for column, lang in (("networks", 0), ("networks_fr", 1)):
        frame[column] = [", ".join(acronyms[n][lang] for n in shared.get(r, [])) for r in rows]
    home = data.home.point
    frame["distance_km"] = [
        round(distance_km(home, (float(lat), float(lon))))
        for lat, lon in zip(frame["lat"], frame["lon"], strict=True)
    ]
    return PartnerExport(frame, data.home.city, data.home.city_fr or "", year)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    """A number cell's value (None when missing or not a finite number)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def _whole(value: object) -> int | None:
    number = _number(value)
    return None if number is None else round(number)


def signed_date(value: object) -> SignedDate | int | None:
    """A date as the data writes it (YYYY-MM-DD, YYYY-MM or YYYY): a day, a month, or a
    year alone (an int)."""
    parts = _text(value).split("-")
    try:
        if len(parts) == 3:
            return SignedDate(dt.date(*map(int, parts)), "day")
        if len(parts) == 2:
            return SignedDate(dt.date(int(parts[0]), int(parts[1]), 1), "month")
        return int(parts[0]) if parts[0] else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _date(t: Texts, iso: str) -> str:
    return t.date(iso)  # Babel's formatting is slow, and agreements share dates


def _later(t: Texts, text: str) -> str:
    """ "2014-10-01 declaration; 2022-07-07 letter_of_intent" in the language:
    "Joint declaration (1 October 2014), Letter of intent (7 July 2022)"."""
    items = []
    for item in text.split(";"):
        date, _, kind = item.strip().partition(" ")
        if date:
            items.append(f"{agreement_label(t, kind)} ({_date(t, date)})")
    return ", ".join(items)


def _confidence(t: Texts, code: str) -> str:
    try:
        return t(f"confidence.{code}") if code else ""
    except KeyError:  # a value the catalogue does not name: as the data writes it
        return code


Row = dict[str, object]
# Each column: its key, its header's text key, its kind, its width, and its value in a row.
COLUMNS: list[tuple[str, str, Kind, int, Callable[[Texts, Row], Cell]]] = [
    ("city", "table.city", "text", 24, lambda t, r: t.pick(r.get("city"), r.get("city_fr"))),
    (
        "country",
        "table.country",
        "text",
        20,
        lambda t, r: t.country(_text(r.get("country_code")), _text(r.get("country"))),
    ),
    ("country_code", "export.country_code", "text", 8, lambda t, r: _text(r.get("country_code"))),
    ("year", "export.year", "int", 10, lambda t, r: _whole(r.get("year"))),
    (
        "date_signed",
        "export.date_signed",
        "date",
        12,
        lambda t, r: signed_date(r.get("date_signed")),
    ),
    (
        "agreement",
        "export.agreement",
        "text",
        30,
        lambda t, r: (
            agreement_label(t, _text(r.get("agreement"))) if _text(r.get("agreement")) else ""
        ),
    ),
    ("ended", "export.ended", "int", 8, lambda t, r: _whole(r.get("ended"))),
    (
        "later_agreements",
        "table.later",
        "text",
        36,
        lambda t, r: _later(t, _text(r.get("later_agreements"))),
    ),
    (
        "networks",
        "table.shared",
        "text",
        20,
        lambda t, r: t.pick(r.get("networks"), r.get("networks_fr")),
    ),
    (
        "themes",
        "export.themes",
        "text",
        24,
        lambda t, r: t.pick(r.get("themes"), r.get("themes_fr")).replace(";", ", "),
    ),
    ("notes", "export.notes", "text", 48, lambda t, r: t.pick(r.get("notes"), r.get("notes_fr"))),
    ("distance_km", "export.distance", "int", 12, lambda t, r: _whole(r.get("distance_km"))),
    ("lat", "export.lat", "number", 11, lambda t, r: _number(r.get("lat"))),
    ("lon", "export.lon", "number", 11, lambda t, r: _number(r.get("lon"))),
    ("source", "export.source", "link", 48, lambda t, r: _text(r.get("source"))),
    (
        "confidence",
        "export.confidence",
        "text",
        24,
        lambda t, r: _confidence(t, _text(r.get("confidence"))),
    ),
]


def sheet_columns(export: PartnerExport, t: Texts) -> list[Column]:
    """The columns an export has (those its frame has), with headers in the language."""
    home = t.pick(export.home, export.home_fr)
    present = set(export.frame.columns)
    return [
        Column(key, t(header, home=home), kind, width)
        for key, header, kind, width, _ in COLUMNS
        if key in present
    ]


def sheet_rows(export: PartnerExport, t: Texts) -> list[list[Cell]]:
    """Each partner's cells, in the order of `sheet_columns`, in the language."""
    frame = export.frame
    present = set(frame.columns)
    values = [value for key, _, _, _, value in COLUMNS if key in present]
    keys = list(frame.columns)
    columns = [frame[key].astype(object).where(frame[key].notna(), None).tolist() for key in keys]
    rows = (dict(zip(keys, cells, strict=True)) for cells in zip(*columns, strict=True))
    return [[value(t, row) for value in values] for row in rows]


def sheet_title(t: Texts, year: int | None) -> str:
    """The sheet's name: "Partners 1997" (Excel allows 31 characters)."""
    title = t("export.sheet_title", year=year) if year is not None else t("export.sheet")
    return title[:31]
