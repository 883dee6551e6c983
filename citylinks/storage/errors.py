"""What the store refuses, said as a code with parameters (as citylinks/errors.py says a
problem with data): code that reacts compares `code`, the page says it in its language from
the `problem.<code>` texts (citylinks/i18n/locales), and `str()` is their English, which the
command line and the log print.
"""

from __future__ import annotations

from citylinks.i18n.catalogue import Param, Params, texts


class StorageError(ValueError):
    """Something the store will not keep, and why: `code` and `params`."""

    def __init__(self, code: str, /, **params: Param) -> None:
        self.code = code
        self.params: Params = tuple(sorted(params.items()))
        super().__init__(code)

    @property
    def message(self) -> str:
        return texts("en").problem_text(self.code, dict(self.params))

    def __str__(self) -> str:
        return self.message


def megabytes(size: int) -> float:
    return size / (1024 * 1024)
