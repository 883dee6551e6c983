"""Agreements over time: one row per instrument a city signed with a partner.

A partner's first instrument is its row of partners.csv (`year`, `date_signed`, `agreement`,
`ended`); its later ones are the rows of the optional instruments.csv (renewals, replacements,
updates, further agreements). `build_instruments` joins both into one frame, checks what needs
both files, and works out each instrument's life:

- An instrument is in force from its year up to the year before it ends: its `ended` year (it
  lapsed or was ended), or the year of a later instrument that `renews` or `replaces` it.
- `updates` amends an earlier instrument, and lives as long as it: when the amended one is
  renewed or replaced, so is the update. `adds` signs a further one alongside. Neither ends
  anything.
- A partner is in force in a year when at least one of its instruments is. So a partner whose
  only agreement lapsed leaves the map, and comes back if a new one is signed.

Rows refer to an earlier instrument by its date as the data writes it (`refers_to`); without
one, `renews`, `replaces` and `updates` refer to the partner's latest earlier instrument.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from citylinks.errors import Problem

FIRST = "first"  # the action of a partner's first instrument (its row of partners.csv)
SUPERSEDING = ("renews", "replaces")  # actions that end the instrument they refer to
REFERRING = ("renews", "replaces", "updates")
# instruments.csv's columns carried over as they are (an optional column absent: empty).
CARRIED = (
    "ended",
    "themes",
    "themes_fr",
    "signatories",
    "confidence",
    "notes",
    "notes_fr",
    "source",
)
COLUMNS = [
    "partner",  # the partner's row in Dataset.partners
    "city",
    "country_code",
    "date",
    "year",
    "kind",
    "action",
    "refers_to",  # the row (in this frame) of the instrument it refers to, or -1
    "ended",
    "in_force_to",  # first year it is no longer in force (NA: still in force)
    "superseded_by",  # the row of the instrument that renews or replaces it, or -1
    "themes",
    "themes_fr",
    "signatories",
    "confidence",
    "notes",
    "notes_fr",
    "source",
]


def _text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame.columns:
        return frame[column].astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _first_instruments(partners: pd.DataFrame) -> pd.DataFrame:
    """Each partner's first instrument, from its row of partners.csv."""
    dates = partners["date_signed"].astype("string").fillna(partners["year"].astype("string"))
    return pd.DataFrame(
        {
            "partner": np.arange(len(partners)),
            "city": partners["city"].to_numpy(),
            "country_code": partners["country_code"].to_numpy(),
            "date": dates.to_numpy(),
            "kind": partners["agreement"].to_numpy(),
            "action": FIRST,
            "refers_to_text": pd.NA,
            "ended": partners["ended"].to_numpy(),
            "themes": _text_column(partners, "themes").to_numpy(),
            "themes_fr": _text_column(partners, "themes_fr").to_numpy(),
            "signatories": pd.NA,
            "confidence": _text_column(partners, "confidence").to_numpy(),
            "notes": _text_column(partners, "notes").to_numpy(),
            "notes_fr": _text_column(partners, "notes_fr").to_numpy(),
            "source": partners["source"].to_numpy(),
            "line": -1,
        }
    )


def _later_instruments(
    later: pd.DataFrame, partners: pd.DataFrame, display: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """instruments.csv's rows with their partner's row; rows of unknown partners, or dated
    before the partner's first agreement, are problems."""
    problems: list[Problem] = []
    position = {
        key: i for i, key in enumerate(zip(partners["city"], partners["country_code"], strict=True))
    }
    rows = []
    # as dicts: iterrows makes a Series of each row (an empty cell is None here, pd.NA there:
    # the columns are made "string" and "Int64" below, where both are NA)
    for line, row in zip(later.index, later.to_dict("records"), strict=True):
        partner = position.get((row["city"], row["country_code"]))
        if partner is None:
            problems.append(
                Problem.of(
                    display,
                    int(line),
                    "city",
                    "instrument.unknown_partner",
                    city=row["city"],
                    country_code=row["country_code"],
                )
            )
            continue
        first_year = int(partners["year"].iloc[partner])
        if int(str(row["date"])[:4]) < first_year:
            problems.append(
                Problem.of(display, int(line), "date", "instrument.before_first", first=first_year)
            )
            continue
        rows.append(
            {
                "partner": partner,
                "city": row["city"],
                "country_code": row["country_code"],
                "date": row["date"],
                "kind": row["kind"],
                "action": row["action"],
                "refers_to_text": row.get("refers_to", pd.NA),
                **{column: row.get(column, pd.NA) for column in CARRIED},
                "line": int(line),
            }
        )
    return pd.DataFrame(rows), problems


def build_instruments(
    partners: pd.DataFrame, later: pd.DataFrame | None, display: str = "instruments.csv"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Every instrument of every partner, ordered by partner then date, with its life worked
    out (see the module docstring); and the problems found in `later` (instruments.csv)."""
    frames = [_first_instruments(partners)]
    problems: list[Problem] = []
    if later is not None and len(later):
        extra, problems = _later_instruments(later, partners, display)
        if len(extra):
            frames.append(extra)
    every = pd.concat(frames, ignore_index=True)
    every["year"] = every["date"].astype(str).str.slice(0, 4).astype(int)
    every["first"] = every["action"] == FIRST
    # The first instrument comes first even when a later one bears the same date.
    every = every.sort_values(
        ["partner", "year", "first", "date"], ascending=[True, True, False, True], kind="stable"
    ).reset_index(drop=True)
    refers, reference_problems = _references(every, display)
    problems += reference_problems
    every["refers_to"] = refers
    every["ended"] = every["ended"].astype("Int64")
    superseded = np.full(len(every), -1, dtype=int)
    in_force_to = every["ended"].astype("Float64").fillna(np.inf).to_numpy(dtype=float)
    for row in np.flatnonzero(np.asarray(refers) >= 0).tolist():
        target = refers[row]
        if every["action"].iat[row] in SUPERSEDING and superseded[target] < 0:
            superseded[target] = row
            in_force_to[target] = min(in_force_to[target], float(every["year"].iat[row]))
    # An update lives as long as what it amends (rows are in date order, so an update of an
    # update inherits the end already worked out for the one it refers to).
    for row in np.flatnonzero(np.asarray(refers) >= 0).tolist():
        target = refers[row]
        if every["action"].iat[row] == "updates" and superseded[target] >= 0:
            superseded[row] = superseded[target]
            in_force_to[row] = min(in_force_to[row], in_force_to[target])
    every["superseded_by"] = superseded
    every["in_force_to"] = pd.array(
        [None if np.isinf(v) else int(v) for v in in_force_to], dtype="Int64"
    )
    for column in ("themes", "themes_fr", "signatories", "confidence", "notes", "notes_fr"):
        every[column] = every[column].astype("string")
    return every[[*COLUMNS, "line"]], problems


def _references(every: pd.DataFrame, display: str) -> tuple[list[int], list[Problem]]:
    """The row each instrument refers to (-1 for none), and the `refers_to` cells that name
    no earlier instrument of the same partner. Rows are sorted by partner then year, so a
    partner's earlier instruments are the rows between its first one and this one."""
    refers = [-1] * len(every)
    problems: list[Problem] = []
    partner = every["partner"].to_numpy(dtype=int)
    first_row = np.searchsorted(partner, partner, side="left")
    for row in np.flatnonzero(every["action"].to_numpy() != FIRST).tolist():
        action = every["action"].iat[row]
        text = every["refers_to_text"].iat[row]
        earlier = range(int(first_row[row]), row)
        if text is None or pd.isna(text) or not str(text).strip():
            if action in REFERRING and len(earlier):
                refers[row] = earlier[-1]
            continue
        wanted = str(text).strip()
        matches = [
            r for r in earlier if wanted in (str(every["date"].iat[r]), str(every["year"].iat[r]))
        ]
        if matches:
            refers[row] = matches[-1]
        else:
            problems.append(
                Problem.of(
                    display,
                    int(every["line"].iat[row]),
                    "refers_to",
                    "instrument.refers_unknown",
                    found=wanted,
                )
            )
    return refers, problems


def status_in(instruments: pd.DataFrame, row: int, year: int) -> tuple[str, int | None]:
    """An instrument's state in `year`, with the year it changed: ("later", None) if signed
    after it; ("renewed" | "replaced", Y) once superseded; ("ended", Y) once lapsed or ended
    (whichever came first); else ("in_force", None)."""
    if int(instruments["year"].iat[row]) > year:
        return "later", None
    changes: list[tuple[int, str]] = []
    ended = instruments["ended"].iat[row]
    if pd.notna(ended):
        changes.append((int(ended), "ended"))
    by = int(instruments["superseded_by"].iat[row])
    if by >= 0:
        verb = "renewed" if instruments["action"].iat[by] == "renews" else "replaced"
        changes.append((int(instruments["year"].iat[by]), verb))
    past = sorted(change for change in changes if change[0] <= year)
    if past:
        return past[0][1], past[0][0]
    return "in_force", None
