"""What the store refuses, said as a code with parameters (as citylinks/errors.py says a
problem with data): code that reacts compares `code`, the page says it in its language from
the `problem.<code>` texts, and `str()` is the English the command line and the log print.
"""

from __future__ import annotations

from citylinks.i18n.catalogue import Param, Params

# The English of each code, for the command line and the log.
ENGLISH = {
    "storage.name_empty": "the name is empty",
    "storage.file_name": "'{name}' is not a file name the store keeps (letters, digits, . _ -)",
    "storage.too_many_files": "{files:,} files; the limit is {limit:,}",
    "storage.map_too_large": "the files take {size_mb:.1f} MB; the limit for one map is "
    "{limit_mb:.1f} MB",
    "storage.maps_full": "the saved maps take all the room the server gives them "
    "({limit_mb:.0f} MB): delete some first",
    "storage.backup_invalid": "not a backup of CityLinks' store: {reason}",
}


class StorageError(ValueError):
    """Something the store will not keep, and why: `code` and `params`."""

    def __init__(self, code: str, /, **params: Param) -> None:
        self.code = code
        self.params: Params = tuple(sorted(params.items()))
        super().__init__(code)

    @property
    def message(self) -> str:
        return ENGLISH[self.code].format(**dict(self.params))

    def __str__(self) -> str:
        return self.message


def megabytes(size: int) -> float:
    return size / (1024 * 1024)
