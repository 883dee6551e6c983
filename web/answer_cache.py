"""The view and table routes' answers, encoded once: a bounded cache of the most recent views'
JSON, as bytes and gzipped, with an ETag.

An answer is a pure function of the view asked for (and of the data, which an app never
changes), so a view that many people look at (this year, with no filter) is built, encoded
and compressed once per process instead of at every request: ~3 ms of a worker's time each
(pandas and numpy, plotly's JSON encoder and gzip), against well under one on a hit. Under
`make load` most views asked are new ones (each person has filters of their own), so what a
miss costs matters as much: components/map_view.py keeps the parts that many views share (the
filtered timeline, the range of what is shown). Bounded in entries (each a view's traces:
~10 kB, ~3 kB gzipped); the least recently asked goes first. A browser that asks again with
the ETag gets 304 and no body.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Request, Response
from plotly.io.json import to_json_plotly

JSON = "application/json"
# zlib's fastest level: a view's ~13 kB of JSON in 0.15 ms to 2.7 kB, against 0.4 ms to
# 2.4 kB at level 6; under load most views are new ones (each person's filters), so the level
# is paid at nearly every answer.
GZIP_LEVEL = 1


@dataclass(frozen=True)
class Encoded:
    """One answer: its JSON, the same gzipped, and an ETag of the JSON."""

    body: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, payload: Any) -> Encoded:
        body = to_json_plotly(payload).encode("utf-8")
        etag = hashlib.blake2b(body, digest_size=12).hexdigest()
        return cls(body, gzip.compress(body, GZIP_LEVEL, mtime=0), etag)

    def response(self, request: Request) -> Response:
        """The answer to `request`: 304 when it has this ETag, gzipped when it takes gzip."""
        response = Response(mimetype=JSON)
        response.set_etag(self.etag)
        response.headers["Vary"] = "Accept-Encoding"
        # Revalidated at each use: the same address answers the same while the server runs.
        response.headers["Cache-Control"] = "no-cache"
        if self.etag in request.if_none_match:
            response.status_code = 304
            return response
        if "gzip" in request.accept_encodings:
            response.set_data(self.gzipped)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response.set_data(self.body)
        return response


class AnswerCache:
    """The `entries` most recently asked answers, by key; thread-safe (a worker's threads share
    it). Two threads missing the same key at once both build it: no lock is held while
    building, so a slow answer never holds up the others."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._answers: OrderedDict[Hashable, Encoded] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Encoded:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                return found
        encoded = Encoded.of(make())
        with self._lock:
            self._answers[key] = encoded
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)
        return encoded

    def __len__(self) -> int:
        return len(self._answers)
