"""A bounded, thread-safe memo for the parts of a map that many views share (a network's
members as of a year hardly change over a slider sweep): the `entries` most recently used
values by key, the least recently used going first.

Values are shared between the answers that use them: whoever gets one must not change it
(citylinks/render/map.py copies each trace before naming it).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import numpy as np

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """The `entries` most recently used values, by key. Two threads missing the same key at
    once both make it (no lock is held while making): the last one made is kept."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                return found
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.entries:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


def digest(*arrays: np.ndarray) -> bytes:
    """A key for the contents of some arrays (their bytes, dtypes and shapes), 16 bytes
    however large they are."""
    hashed = hashlib.blake2b(digest_size=16)
    for array in arrays:
        hashed.update(f"{array.dtype.str}{array.shape};".encode())
        hashed.update(np.ascontiguousarray(array).tobytes())
    return hashed.digest()
