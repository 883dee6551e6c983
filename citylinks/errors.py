"""The one error type for bad data: every problem names the file, the line and the column, and
says what is wrong as a code with parameters, never as a sentence.

`Problem.of("partners.csv", 3, "year", "value.not_a_year", value="19x8")` is a problem; its
texts, in English and French, are the `problem.<code>` keys of the language catalogues
(citylinks/i18n/locales), rendered by `Texts.problem` (citylinks/i18n/catalogue.py). Code that
reacts to a problem compares its `code`, never its wording.

`str(problem)`, what the command line and the log print, is its English from the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, total_ordering

from citylinks.i18n.catalogue import Param, Params, texts


def english(code: str, params: Params) -> str:
    """The English of a code with its parameters."""
    return texts("en").problem_text(code, dict(params))


def _params(values: Mapping[str, Param]) -> Params:
    return tuple(sorted(values.items()))


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file. `line` counts from 1, the header being line 1; `column`
    is "" when the problem is the line's or the file's. Problems sort by file, line, column
    and then their English text."""

    file: str
    line: int
    column: str
    code: str
    params: Params = ()

    @classmethod
    def of(cls, file: str, line: int, column: str, code: str, /, **params: Param) -> Problem:
        """`Problem.of(file, line, column, "value.not_a_year", value="19x8")`."""
        return cls(file, line, column, code, _params(params))

    @property
    def values(self) -> dict[str, Param]:
        return dict(self.params)

    @property
    def message(self) -> str:
        """What is wrong, in English (the command line's and the log's language)."""
        return english(self.code, self.params)

    @cached_property
    def _key(self) -> tuple[str, int, str, str, str, str]:
        return (self.file, self.line, self.column, self.message, self.code, repr(self.params))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._key < other._key

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when data files are wrong; `problems` lists every bad cell, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        files = sorted({p.file for p in self.problems})
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {', '.join(files)}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class InvalidInput(ValueError):
    """A value a person typed (not a cell of a file) that cannot be used, said as a problem
    is: a code and its parameters. `str()` is its English."""

    def __init__(self, code: str, /, **params: Param) -> None:
        self.code = code
        self.params = _params(params)
        super().__init__(code)

    @property
    def message(self) -> str:
        return english(self.code, self.params)

    def __str__(self) -> str:
        return self.message
