"""An import made a data folder the app serves (`make run DATA=folder`), checked by loading it
back: home.csv, partners.csv (the good rows), empty networks, memberships and events files, and
rejected.csv beside them when rows were rejected or are waiting for a choice of place; and
those files as a ZIP to download, each safe to open in a spreadsheet."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from citylinks.dataset import schemas
from citylinks.dataset.loading import FILES, Dataset, load_dataset
from citylinks.dataset.spreadsheet import safe_csv
from citylinks.errors import DataError, Problem
from citylinks.geo.countries import country_name
from citylinks.importing.places import HomeCity
from citylinks.importing.prepare import ImportResult

REJECTED = "rejected.csv"


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    path.write_bytes(frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))


def _home_frame(result: ImportResult, home: HomeCity) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "city": home.city,
                "city_fr": "",
                "country": country_name(home.country_code),
                "country_code": home.country_code,
                "lat": f"{home.lat:.5f}",
                "lon": f"{home.lon:.5f}",
                "coord_source": home.source,
                "source": f"import of {result.source.name}: home city given as {home.city}, "
                f"{home.country_code}",
            }
        ]
    )


def write_folder(result: ImportResult, home: HomeCity, out: Path) -> Dataset:
    """The import's data folder, loaded back (DataError when no row could be imported)."""
    if result.partners.empty:
        raise DataError([Problem.of(result.source.name, 1, "", "import.nothing_imported")])
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / FILES["home"], _home_frame(result, home))
    _write_csv(out / FILES["partners"], result.partners.reset_index(drop=True))
    for table, spec in (
        ("networks", schemas.networks_spec(2000)),
        ("memberships", schemas.memberships_spec(2000, [])),
        ("events", schemas.events_spec(2000, [])),
    ):
        required = [c for c, col in spec.columns.items() if not col.optional]
        _write_csv(out / FILES[table], pd.DataFrame(columns=required))
    rejected = out / REJECTED
    if result.rejected or result.pending:
        rejected.write_bytes(result.rejected_csv())
    elif rejected.exists():
        rejected.unlink()
    return load_dataset(out)


def folder_files(result: ImportResult, home: HomeCity) -> tuple[Dataset, dict[str, bytes]]:
    """`write_folder` into a private temporary folder: the data, and its files by name (what
    the store keeps of an import)."""
    with tempfile.TemporaryDirectory(prefix="citylinks-import-") as root:
        folder = Path(root) / "import"
        data = write_folder(result, home, folder)
        files = {path.name: path.read_bytes() for path in folder.glob("*.csv")}
    return data, files


def zip_folder(folder: Path) -> bytes:
    """A folder's CityLinks files as a ZIP (`zip_files`)."""
    return zip_files({path.name: path.read_bytes() for path in folder.glob("*.csv")})


def zip_files(files: dict[str, bytes]) -> bytes:
    """An import's CityLinks files as a ZIP, each safe to open in a spreadsheet (formula
    cells written as text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, safe_csv(files[name]))
    return buffer.getvalue()
