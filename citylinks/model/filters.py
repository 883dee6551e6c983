"""Focus on part of the map: filters by agreement kind, region, country and theme, and the
three ways of looking at time, as boolean masks over the explorer's arrays.

Rules (the README should say the same):
- **Filters** keep the partners that match every filter given (kind AND region AND country
  AND theme), a filter matching when the partner matches any of its values (twinning OR
  memorandum); an empty filter keeps everything. They combine with the network filter
  (`Explorer.shown`) by AND.
  - *kind*: one of the partner's instruments (its first agreement, partners.csv's
    `agreement`, or a later one, instruments.csv's `kind`) is of that kind;
  - *region*: the partner's country is on that continent (GeoNames' continents, the
    `continent` column), or for "419", in Latin America (UN M49 / CLDR region 419: South
    America, Central America with Mexico, and the Caribbean);
  - *country*: the partner's country code;
  - *theme*: one of the themes of the partner's instruments (split as `split_themes` does,
    the first agreement's included) holds the theme's words, compared without accents or
    case: "heritage" keeps "heritage", "heritage conservation" and "culture and heritage".
    A theme is looked for in English, in French or in both, as it is one of the data's
    English themes, French themes or both ("patrimoine" is looked for in the French texts,
    so "heritage" does not match "héritage des jeux", the French of "games legacy").
  Kinds and themes count only the instruments of the time window: signed by the year ("in
  force" and "new since"), or signed in the window ("signed between").
  Region and country filters also apply to network members and event places
  (`Filters.member_mask`, `Filters.event_mask`); kinds and themes are the partners' only.
- **Time** (`Period`): "in force as of year Y" (the default, `Explorer.in_force`); "signed
  between A and Y": the partners with an instrument signed from A to Y, first agreement or
  later one; "new since X": the partners in force in Y, those whose first agreement was
  signed from X to Y being *new* and the others *earlier* (among which *renewed*: an
  instrument signed from X to Y). "In force" is "new since Y": its new ones are the year's.
  In "signed between", the network filter is asked about the window's last year.

`focus(...)` gives all of it at once: what is shown, and which of it is new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from citylinks.dataset.loading import Dataset, split_themes
from citylinks.dataset.schemas import AGREEMENT_TYPES
from citylinks.geo.countries import country_continents
from citylinks.geo.names import normalize_name
from citylinks.i18n.catalogue import texts
from citylinks.model.explorer import MODES, Explorer

if TYPE_CHECKING:
    from citylinks.model.filter_choices import FilterChoices
    from citylinks.model.viewstate import ViewState

TIME_MODES = ("in_force", "signed", "new")
DEFAULT_TIME = "in_force"
CONTINENTS = ("AF", "AS", "EU", "NA", "SA", "OC", "AN")  # GeoNames' continent codes
LATIN_AMERICA = "419"  # UN M49 / CLDR
REGIONS = (*CONTINENTS, LATIN_AMERICA)
# Each region's CLDR territory, whose name Babel gives in every language.
REGION_TERRITORIES = {
    "AF": "002",
    "AS": "142",
    "EU": "150",
    "NA": "003",
    "SA": "005",
    "OC": "009",
    "AN": "AQ",
    LATIN_AMERICA: "419",
}
CENTRAL_AMERICA = frozenset({"BZ", "CR", "GT", "HN", "MX", "NI", "PA", "SV"})
CARIBBEAN = frozenset(
    {
        *("AG", "AI", "AW", "BB", "BL", "BQ", "BS", "CU", "CW", "DM", "DO", "GD", "GP", "HT"),
        *("JM", "KN", "KY", "LC", "MF", "MQ", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI"),
    }
)
FACETS = ("kinds", "regions", "countries", "themes")
MATCHES_KEPT = 256  # theme selections whose matching themes an index keeps


@cache
def latin_america() -> frozenset[str]:
    """The country codes of region 419: South America, Central America, the Caribbean."""
    south = {code for code, continent in country_continents().items() if continent == "SA"}
    return frozenset(south | CENTRAL_AMERICA | CARIBBEAN)


def region_label(region: str, lang: str) -> str:
    return texts(lang).country(REGION_TERRITORIES[region])


def theme_key(text: str) -> str:
    """A theme as it is compared: without accents, case or punctuation."""
    return normalize_name(text)


# --- time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """How the map looks at time: `mode` one of TIME_MODES; `start` the window's first year
    ("signed", "new"; None for "in_force"), the view's year being its last."""

    mode: str = DEFAULT_TIME
    start: int | None = None

    def __post_init__(self) -> None:
        if self.mode not in TIME_MODES:
            raise ValueError(f"time must be one of {', '.join(TIME_MODES)}")
        if (self.start is None) != (self.mode == DEFAULT_TIME):
            raise ValueError(f"a start year goes with time={' or time='.join(TIME_MODES[1:])}")

    def window(self, year: int) -> tuple[float, float]:
        """First and last year of the instruments this period counts (kinds, themes)."""
        if self.mode == "signed":
            return (float(self.start or 0), float(year))
        return (-np.inf, float(year))

    def new_from(self, year: int) -> int:
        """The first year whose agreements are new: the start ("new", "signed"), else the
        view's year itself ("in_force": the year's new agreements)."""
        return year if self.start is None else self.start


@dataclass(frozen=True)
class Focus:
    """Partner rows (boolean masks): shown, and how: new (first agreement in the window) or
    earlier (shown & ~new), renewed being the earlier ones with an instrument in the window."""

    shown: np.ndarray
    new: np.ndarray
    earlier: np.ndarray
    renewed: np.ndarray

    def __and__(self, keep: np.ndarray) -> Focus:
        return Focus(self.shown & keep, self.new & keep, self.earlier & keep, self.renewed & keep)


# --- the arrays, once per dataset ------------------------------------------------------------


@dataclass(frozen=True)
class _Theme:
    """One theme as the data writes it (English and French), its keys to compare."""

    en: str
    fr: str
    key_en: str
    key_fr: str


class FilterIndex:
    """A dataset's arrays for filtering: the partners' countries and regions, the
    instruments' partners, years, kinds and themes, the members' and events' countries."""

    def __init__(self, explorer: Explorer) -> None:
        self.explorer = explorer
        data = explorer.data
        partners, instruments = data.partners, data.instruments
        self.size = len(partners)
        self.partner_year = explorer.partner_year
        self.partner_country = partners["country_code"].astype(str).to_numpy(dtype=object)
        self.partner_regions = _region_masks(self.partner_country)
        self.member_country = data.memberships["country_code"].astype(str).to_numpy(dtype=object)
        self.member_regions = _region_masks(self.member_country)
        self.event_country = data.events["country_code"].astype(str).to_numpy(dtype=object)
        self.event_regions = _region_masks(self.event_country)
        self.instrument_partner = explorer.instrument_partner
        self.instrument_year = explorer.instrument_year
        self.instrument_kind = instruments["kind"].astype(str).to_numpy(dtype=object)
        # the data's themes, and which instrument has which (pairs of positions)
        themes: dict[tuple[str, str], int] = {}  # keys -> position in self.themes
        self.themes: list[_Theme] = []
        pairs: list[tuple[int, int]] = []
        for row, (en, fr) in enumerate(
            zip(instruments["themes"], instruments["themes_fr"], strict=True)
        ):
            for english, french in _theme_pairs(en, fr):
                keys = (theme_key(english), theme_key(french))
                if not (keys[0] or keys[1]):
                    continue
                if keys not in themes:
                    themes[keys] = len(self.themes)
                    self.themes.append(_Theme(english, french, *keys))
                pairs.append((row, themes[keys]))
        self.pair_instrument = np.array([p[0] for p in pairs], dtype=int)
        self.pair_theme = np.array([p[1] for p in pairs], dtype=int)
        self.english_keys = frozenset(t.key_en for t in self.themes if t.key_en)
        self.french_keys = frozenset(t.key_fr for t in self.themes if t.key_fr)
        self._matching: dict[tuple[str, ...], list[int]] = {}
        # each theme's keys between spaces, where a wanted theme's words are looked for
        self._spaced = [(f" {t.key_en} ", f" {t.key_fr} ") for t in self.themes]
        # filter_choices (citylinks/model/filter_choices.py), once asked for
        self.choices: FilterChoices | None = None

    def partners_of(self, instruments: np.ndarray) -> np.ndarray:
        """Partner rows having one of the given instruments (a mask over instruments)."""
        out = np.zeros(self.size, dtype=bool)
        out[self.instrument_partner[instruments]] = True
        return out

    def signed_in(self, first: float, last: float) -> np.ndarray:
        """Instrument rows signed from `first` to `last`."""
        return (self.instrument_year >= first) & (self.instrument_year <= last)

    def matching_themes(self, wanted: Iterable[str]) -> list[int]:
        """The data's themes (their positions) that hold one of the wanted themes' words."""
        asked = tuple(wanted)
        if asked not in self._matching:
            if len(self._matching) >= MATCHES_KEPT:
                self._matching.clear()
            self._matching[asked] = self._match_themes(asked)
        return self._matching[asked]

    def _match_themes(self, wanted: Iterable[str]) -> list[int]:
        found: list[int] = []
        for text in wanted:
            key = theme_key(text)
            if not key:
                continue
            in_english = key in self.english_keys or key not in self.french_keys
            in_french = key in self.french_keys or key not in self.english_keys
            needle = f" {key} "
            found += [
                i
                for i, (english, french) in enumerate(self._spaced)
                if (in_english and needle in english) or (in_french and needle in french)
            ]
        return sorted(set(found))

    def instruments_with_themes(self, wanted: Iterable[str]) -> np.ndarray:
        hits = np.zeros(len(self.instrument_year), dtype=bool)
        chosen = self.matching_themes(wanted)
        if chosen:
            hits[self.pair_instrument[np.isin(self.pair_theme, chosen)]] = True
        return hits


def _theme_pairs(en: object, fr: object) -> list[tuple[str, str]]:
    """A cell's themes paired with their French (by position; missing: the other language)."""
    english, french = split_themes(en), split_themes(fr)
    count = max(len(english), len(french))
    return [
        (
            english[i] if i < len(english) else french[i],
            french[i] if i < len(french) else english[i],
        )
        for i in range(count)
    ]


def _region_masks(countries: np.ndarray) -> dict[str, np.ndarray]:
    continents = country_continents()
    of_country = np.array([continents.get(code, "") for code in countries], dtype=object)
    masks = {region: of_country == region for region in CONTINENTS}
    masks[LATIN_AMERICA] = np.isin(countries, sorted(latin_america()))
    return masks


# Where a Dataset keeps its index once built (in its own __dict__, as
# functools.cached_property does: the index goes when the dataset goes).
_KEPT_AS = "_citylinks_filter_index"


def filter_index(source: FilterIndex | Explorer | Dataset) -> FilterIndex:
    """The filter arrays of a dataset, built on first use and kept with the dataset: one per
    map, whether asked for with the map's Explorer or its Dataset (an Explorer is made from
    its dataset alone, so the first one asked with serves them all)."""
    if isinstance(source, FilterIndex):
        return source
    data = source.data if isinstance(source, Explorer) else source
    index = data.__dict__.get(_KEPT_AS)
    if index is None:
        index = FilterIndex(source if isinstance(source, Explorer) else Explorer(source))
        object.__setattr__(data, _KEPT_AS, index)  # a Dataset is a frozen dataclass
    return index


Source = FilterIndex | Explorer | Dataset


# --- the filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the page keeps: agreement kinds (AGREEMENT_TYPES), regions (REGIONS), country
    codes, themes (their keys: `theme_key` of the English theme). `Filters.of` writes them
    in their canonical order, as the view state does."""

    kinds: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        kinds: Iterable[str] = (),
        regions: Iterable[str] = (),
        countries: Iterable[str] = (),
        themes: Iterable[str] = (),
    ) -> Filters:
        """The same filters whatever the order or repeats of the values."""
        kinds, regions = set(kinds), set(regions)
        return cls(
            kinds=tuple(k for k in AGREEMENT_TYPES if k in kinds)
            + tuple(sorted(kinds - set(AGREEMENT_TYPES))),
            regions=tuple(r for r in REGIONS if r in regions)
            + tuple(sorted(regions - set(REGIONS))),
            countries=tuple(sorted(set(countries))),
            themes=tuple(sorted(set(themes))),
        )

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.regions or self.countries or self.themes)

    def mask(self, source: Source, year: int, period: Period | None = None) -> np.ndarray:
        """Partner rows these filters keep in `year` (kinds and themes: the instruments of the
        period's window). All True when empty."""
        index = filter_index(source)
        keep = self._places(index.partner_country, index.partner_regions, index.size)
        if self.kinds or self.themes:
            window = index.signed_in(*(period or Period()).window(year))
            if self.kinds:
                kinds = window & np.isin(index.instrument_kind, list(self.kinds))
                keep &= index.partners_of(kinds)
            if self.themes:
                themes = window & index.instruments_with_themes(self.themes)
                keep &= index.partners_of(themes)
        return keep

    def member_mask(self, source: Source) -> np.ndarray:
        """Membership rows in the regions and countries asked for (all True without)."""
        index = filter_index(source)
        return self._places(index.member_country, index.member_regions, len(index.member_country))

    def event_mask(self, source: Source) -> np.ndarray:
        """Event rows in the regions and countries asked for (all True without)."""
        index = filter_index(source)
        return self._places(index.event_country, index.event_regions, len(index.event_country))

    def _places(
        self, countries: np.ndarray, regions: dict[str, np.ndarray], size: int
    ) -> np.ndarray:
        keep = np.ones(size, dtype=bool)
        if self.regions:
            in_region = np.zeros(size, dtype=bool)
            for region in self.regions:
                if region in regions:
                    in_region |= regions[region]
            keep &= in_region
        if self.countries:
            keep &= np.isin(countries, list(self.countries))
        return keep


def period_masks(source: Source, year: int, period: Period | None = None) -> Focus:
    """What a period shows in `year`, and which of it is new (before any filter)."""
    period = period or Period()
    index = filter_index(source)
    first = period.new_from(year)
    new_years = (index.partner_year >= first) & (index.partner_year <= year)
    in_window = index.partners_of(index.signed_in(first, year))
    shown = in_window if period.mode == "signed" else index.explorer.in_force(year)
    new = shown & new_years
    earlier = shown & ~new
    return Focus(shown=shown, new=new, earlier=earlier, renewed=earlier & in_window)


def focus(
    source: Source,
    year: int,
    network_ids: Sequence[str] = (),
    mode: str = "show",
    filters: Filters | None = None,
    period: Period | None = None,
) -> Focus:
    """Everything a view keeps of the partners: its period, its network filter and its
    filters, by AND. With the default period and no filter, `shown` is exactly
    `Explorer.shown(year, network_ids, mode)`."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    period = period or Period()
    filters = filters or Filters()
    index = filter_index(source)
    masks = period_masks(index, year, period)
    if period.mode == "signed":
        keep = index.explorer.sharing(year, network_ids, mode)
    else:  # in force in `year`: the explorer's own answer
        keep = index.explorer.shown(year, list(network_ids), mode)
    if not filters.empty:
        keep = keep & filters.mask(index, year, period)
    return masks & keep


# --- the timeline ----------------------------------------------------------------------------


def timeline_instruments(
    source: Source,
    year: int,
    network_ids: Sequence[str] = (),
    mode: str = "show",
    filters: Filters | None = None,
) -> np.ndarray | None:
    """The instrument rows the timeline counts under a view's filters: those of the partners
    the network filter keeps in `year` and the place filters keep, of the kinds and themes
    asked for; None when nothing is filtered (every instrument)."""
    filters = filters or Filters()
    index = filter_index(source)
    if filters.empty and (mode == "show" or not network_ids):
        return None
    partners = index.explorer.sharing(year, network_ids, mode) & filters.mask(index, 10**6)
    keep = partners[index.instrument_partner]
    if filters.kinds:
        keep &= np.isin(index.instrument_kind, list(filters.kinds))
    if filters.themes:
        keep &= index.instruments_with_themes(filters.themes)
    return keep


def shown_of(source: Source, state: ViewState) -> np.ndarray:
    """The partner rows a view shows (its period, networks and filters)."""
    return focus(source, state.year, state.networks, state.mode, state.filters, state.period).shown
