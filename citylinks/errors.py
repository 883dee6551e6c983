"""The one error type for bad data: every problem names the file, the line and the column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file. `line` counts from 1, the header being line 1."""

    file: str
    line: int
    column: str
    message: str

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
