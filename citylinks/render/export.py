"""The partners a view shows, as a file to take away: CSV that Excel and LibreOffice open
with the accents right (UTF-8 with a byte-order mark), safe against formula injection (each
text cell through citylinks/dataset/spreadsheet.py's `safe_cell`).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from citylinks.dataset.spreadsheet import safe_cell
from citylinks.model.details import later_agreements
from citylinks.model.explorer import Explorer

COLUMNS = [
    "city",
    "city_fr",
    "country",
    "country_code",
    "year",
    "date_signed",
    "agreement",
    "ended",
    "themes",
    "notes",
    "lat",
    "lon",
    "source",
]
OPTIONAL_COLUMNS = ["confidence"]  # partners.csv's optional columns, when the data has them


def shown_partners(explorer: Explorer, shown: np.ndarray, year: int | None = None) -> pd.DataFrame:
    """The rows of partners.csv that the map shows, in the file's order, with how sure each
    is and its later agreements signed by `year` ("2014-10-01 declaration; 2022-07-07
    letter_of_intent")."""
    data = explorer.data
    columns = COLUMNS + [c for c in OPTIONAL_COLUMNS if c in data.partners.columns]
    frame = data.partners.loc[shown, columns]
    later = later_agreements(data, year)
    frame["later_agreements"] = [
        "; ".join(f"{date} {kind}" for date, kind in later.get(int(row), []))
        for row in np.flatnonzero(shown)
    ]
    return frame.reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell, na_action="ignore")
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
