"""Add or change texts of the language catalogues (citylinks/i18n/locales/<lang>.json) from the
command line, one key in every language at once, under a file lock (several people or scripts
may edit at the same time):

    python tools/catalogue.py set filters.clear --en "Clear filters" --fr "Effacer les filtres"
    python tools/catalogue.py get filters.clear
    python tools/catalogue.py drop filters.clear

The files keep their order (a new key goes after the last key of its prefix), two-space
indent, UTF-8 and a final newline.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import sys
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "citylinks" / "i18n" / "locales"
LANGUAGES = ("en", "fr")


def _insert(catalogue: dict[str, str], key: str, text: str) -> dict[str, str]:
    if key in catalogue:
        catalogue[key] = text
        return catalogue
    prefix = key.rsplit(".", 1)[0] + "."
    keys = list(catalogue)
    after = max((i for i, k in enumerate(keys) if k.startswith(prefix)), default=len(keys) - 1)
    items = list(catalogue.items())
    items.insert(after + 1, (key, text))
    return dict(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("set", "get", "drop"))
    parser.add_argument("key")
    for lang in LANGUAGES:
        parser.add_argument(f"--{lang}")
    args = parser.parse_args(argv)
    with (LOCALES / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for lang in LANGUAGES:
            path = LOCALES / f"{lang}.json"
            catalogue = json.loads(path.read_text(encoding="utf-8"))
            if args.action == "get":
                print(f"{lang}: {catalogue.get(args.key)!r}")
                continue
            if args.action == "drop":
                catalogue.pop(args.key, None)
            else:
                text = getattr(args, lang)
                if text is None:
                    print(f"--{lang} is required", file=sys.stderr)
                    return 2
                catalogue = _insert(catalogue, args.key, text)
            path.write_text(
                json.dumps(catalogue, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
