"""The search box at the top of the page: a combobox that finds partners, network members,
event places and the home city as people type (citylinks/model/search.py), and selects the
chosen city exactly as a click on the map does (details, selected ring, `city=` in the
address).

The box and its list are made in their slot by assets/scripts/search.js (ARIA combobox with a
listbox, arrow keys, Enter, Escape, the number of results announced); it asks the search
route (web/routes.py) as the person types. Here: the slot with its texts, and the route's
answer.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from dash import html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.search import SearchIndex
from components import ids
from components.markup import attrs

RESULTS = 8  # suggestions shown


def layout(t: Texts, search_url: str) -> html.Div:
    source = {
        "url": search_url,
        "lang": t.lang,
        "label": t("search.label"),
        "placeholder": t("search.placeholder"),
        "none": t("search.none"),
        "one": t("search.results_one", n="{n}"),
        "other": t("search.results_other", n="{n}"),
    }
    return html.Div(
        id=ids.SEARCH_SLOT,
        className="search",
        role="search",
        **attrs({"data-source": json.dumps(source, ensure_ascii=False)}),
    )


class Search:
    """The search route's answers on one map's data; its index is built when first asked for
    (50 ms for the bundled data), not with the map."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def index(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                self._index = SearchIndex.build(self.data)
            return self._index

    def __call__(self, text: str, lang: str) -> list[dict[str, Any]]:
        t = texts(lang)
        return [
            {
                "label": match.label,
                "kind": t(f"search.kind.{match.kind}"),
                "matched": match.matched,
                "city": match.key[0],
                "country_code": match.key[1],
                "lat": match.lat,
                "lon": match.lon,
            }
            for match in self.index().search(text, lang, RESULTS)
        ]
