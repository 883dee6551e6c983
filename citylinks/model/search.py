"""Finding a city by typing: the partners, network members, event places and the home city,
by their names in English or French and by their country's names, as people type them.

`SearchIndex.build(data)` is made once per dataset; `index.search(text, lang)` then answers
in microseconds (sorted lists and bisection, nothing scanned), so the page can ask at every
key press.

Matching (text and names compared without accents, case or punctuation, `normalize_name`):
1. *exact*: the text is one of the city's names ("paris", "pekin");
2. *prefix*: a name starts with it ("tok" → Tokyo, "le ca" → Le Caire);
3. *word*: a later word of a name starts with it ("janeiro" → Rio de Janeiro);
4. *country*: the country's name, or one of its words, starts with it ("japon", "japan").
The names are the city's English and French ones whatever the page's language (`Londres`
finds London on the English page), the countries' names CLDR's in both languages and the
data's own `country` column.
Order: by how it matched (as above), then partners, home, members, event places, then the
more recent or important first (partners by the year of their first agreement, latest
first; members by how many networks they are in; event places by their latest event), then
alphabetically in the page's language.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from citylinks.dataset.loading import Dataset
from citylinks.geo.names import normalize_name
from citylinks.i18n.catalogue import LANGUAGES, texts
from citylinks.settings import LIMITS

# What a place is, in the order of the ties.
KINDS = ("partner", "home", "member", "event")
# How a place matched, best first.
HOW = ("exact", "prefix", "word", "country")
DEFAULT_LIMIT = 10
MAX_LIMIT = LIMITS.list_items
MAX_QUERY = LIMITS.name_chars
_END = "\U0010ffff"  # after every character: the end of a prefix's range

CityKey = tuple[str, str]  # (city, country_code), as the data names a city


@dataclass(frozen=True)
class Match:
    """One city found: its key (the data's name and country code, as a click on the map
    gives), its label in the page's language ("Tokyo (Japan)"), what it is (its first kind,
    and every kind), how it matched and the name that matched (in the language it matched
    in: "Londres" on the English page), and where it is."""

    key: CityKey
    label: str
    kind: str
    kinds: tuple[str, ...]
    how: str
    matched: str
    lat: float
    lon: float

    @property
    def city_key(self) -> dict[str, str]:
        """{"city", "country_code"} as the page stores a selected city."""
        return {"city": self.key[0], "country_code": self.key[1]}


@dataclass
class _Place:
    key: CityKey
    names: dict[str, str]  # by language
    lat: float
    lon: float
    kinds: set[str] = field(default_factory=set)
    # the higher, the earlier among ties, for each kind the place is
    weight: dict[str, float] = field(default_factory=dict)

    def add(self, kind: str, weight: float) -> None:
        self.kinds.add(kind)
        self.weight[kind] = max(self.weight.get(kind, -math.inf), weight)

    @property
    def kind(self) -> str:
        return min(self.kinds, key=KINDS.index)


class SearchIndex:
    """The searchable names of a dataset's places (build it with `SearchIndex.build`)."""

    def __init__(self, places: list[_Place], country_aliases: dict[str, set[str]]) -> None:
        self.places = places
        en, fr = texts("en"), texts("fr")
        self._labels = {
            lang: [f"{place.names[lang]} ({t.country(place.key[1])})" for place in places]
            for lang, t in (("en", en), ("fr", fr))
        }
        self._order = {
            lang: [normalize_name(place.names[lang]) for place in places] for lang in LANGUAGES
        }
        self._kind = [KINDS.index(place.kind) for place in places]
        self._weight = [-place.weight[place.kind] for place in places]
        # (normalised name, place, the name as written): whole names, and from each later word
        names: list[tuple[str, int, str]] = []
        words: list[tuple[str, int, str]] = []
        for i, place in enumerate(places):
            for written in dict.fromkeys(place.names.values()):
                key = normalize_name(written)
                if not key:
                    continue
                names.append((key, i, written))
                words += [(tail, i, written) for tail in _word_tails(key)[1:]]
        self._names = sorted(names)
        self._name_keys = [n[0] for n in self._names]
        self._words = sorted(words)
        self._word_keys = [w[0] for w in self._words]
        # (normalised country name from one of its words, country code, the name as written)
        by_country: dict[str, list[int]] = {}
        for i, place in enumerate(places):
            by_country.setdefault(place.key[1], []).append(i)
        self._by_country = by_country
        countries: list[tuple[str, str, str]] = []
        for code in by_country:
            written_names = {en.country(code), fr.country(code), *country_aliases.get(code, ())}
            for written in written_names:
                key = normalize_name(written)
                countries += [(tail, code, written) for tail in _word_tails(key)]
        self._countries = sorted(set(countries))
        self._country_keys = [c[0] for c in self._countries]

    @classmethod
    def build(cls, data: Dataset) -> SearchIndex:
        """The index of a dataset's partners, network members, event places and home."""
        places: dict[CityKey, _Place] = {}

        def place(city: str, city_fr: object, code: str, lat: object, lon: object) -> _Place:
            key = (str(city), str(code))
            if key not in places:
                french = str(city_fr) if isinstance(city_fr, str) and city_fr else key[0]
                places[key] = _Place(key, {"en": key[0], "fr": french}, _float(lat), _float(lon))
            return places[key]

        home = data.home
        place(home.city, home.city_fr, home.country_code, home.lat, home.lon).add("home", 0.0)
        partners = data.partners
        for row in partners.itertuples(index=False):
            place(row.city, row.city_fr, row.country_code, row.lat, row.lon).add(
                "partner", float(row.year)
            )
        members = data.memberships[~data.memberships["is_home"].astype(bool)]
        networks = members.groupby(["city", "country_code"], sort=False)["network_id"].nunique()
        for row in members.itertuples(index=False):
            place(row.city, row.city_fr, row.country_code, row.lat, row.lon).add(
                "member", float(networks[(row.city, row.country_code)])
            )
        for row in data.events.itertuples(index=False):
            year = float(row.year) if pd.notna(row.year) else -math.inf
            place(row.city, row.city_fr, row.country_code, row.lat, row.lon).add("event", year)
        aliases: dict[str, set[str]] = {}
        if "country" in partners.columns:
            for code, name in zip(partners["country_code"], partners["country"], strict=True):
                if isinstance(name, str) and name:
                    aliases.setdefault(str(code), set()).add(name)
        return cls(list(places.values()), aliases)

    def __len__(self) -> int:
        return len(self.places)

    def search(self, text: str, lang: str = "en", limit: int = DEFAULT_LIMIT) -> list[Match]:
        """The places `text` finds, best first (see the module's docstring), at most `limit`
        of them (and never more than MAX_LIMIT). Only the first MAX_QUERY characters of the
        text are read; a text without letters or digits finds nothing."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
        limit = max(0, min(int(limit), MAX_LIMIT))
        query = normalize_name(str(text)[:MAX_QUERY]) if isinstance(text, str) else ""
        if not query or not limit:
            return []
        found: dict[int, tuple[int, str]] = {}  # place -> (how, name matched)

        def note(place: int, how: int, written: str) -> None:
            # the best way it matched; at one level, its name in the page's language
            if (
                place not in found
                or how < found[place][0]
                or (how == found[place][0] and written == self.places[place].names[lang])
            ):
                found[place] = (how, written)

        for key, i, written in _starting(self._names, self._name_keys, query):
            note(i, 0 if key == query else 1, written)
        for _key, i, written in _starting(self._words, self._word_keys, query):
            note(i, 2, written)
        for _key, code, written in _starting(self._countries, self._country_keys, query):
            for i in self._by_country[code]:
                note(i, 3, written)
        order = self._order[lang]
        best = heapq.nsmallest(
            limit,
            found,
            key=lambda i: (found[i][0], self._kind[i], self._weight[i], order[i], i),
        )
        return [self._match(i, lang, *found[i]) for i in best]

    def _match(self, i: int, lang: str, how: int, written: str) -> Match:
        place = self.places[i]
        return Match(
            key=place.key,
            label=self._labels[lang][i],
            kind=place.kind,
            kinds=tuple(k for k in KINDS if k in place.kinds),
            how=HOW[how],
            matched=written,
            lat=place.lat,
            lon=place.lon,
        )


def _word_tails(key: str) -> list[str]:
    """A normalised name from each of its words on: "rio de janeiro", "de janeiro", "janeiro"."""
    words = key.split(" ")
    return [" ".join(words[i:]) for i in range(len(words))]


def _starting(rows: list, keys: list[str], prefix: str) -> Iterable:
    """The rows (sorted by their first item, `keys`) whose key starts with `prefix`."""
    start = bisect.bisect_left(keys, prefix)
    end = bisect.bisect_left(keys, prefix + _END, lo=start)
    return rows[start:end]


def _float(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number
