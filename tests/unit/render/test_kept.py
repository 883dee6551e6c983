"""citylinks/render/kept.py: the bounded memo of shared traces, and its keys."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from citylinks.render.kept import Kept, digest


def test_kept001_bounded_least_recently_used_first():
    kept: Kept[str] = Kept(2)
    made: list[str] = []

    def make(value: str) -> Callable[[], str]:
        def made_now() -> str:
            made.append(value)
            return value

        return made_now

    assert kept.get("a", make("a")) == "a"
    assert kept.get("b", make("b")) == "b"
    assert kept.get("a", make("again")) == "a"  # kept, and now the most recent
    kept.get("c", make("c"))  # "b" goes
    assert len(kept) == 2
    assert kept.get("b", make("b2")) == "b2"
    assert made == ["a", "b", "c", "b2"]


def test_kept002_digest_tells_contents_dtypes_and_shapes_apart():
    rows = np.array([1, 2, 3])
    assert digest(rows) == digest(np.array([1, 2, 3]))
    assert digest(rows) != digest(np.array([1, 2, 4]))
    assert digest(rows) != digest(rows.astype(np.int32))
    assert digest(np.zeros(4, bool)) != digest(np.zeros(2, bool), np.zeros(2, bool))
    assert len(digest(np.arange(100_000))) == 16
