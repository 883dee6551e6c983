"""Fast answers for the page's questions ("what is in force in 1997, in C40?") on numpy arrays.

An `Explorer` is built once per dataset; every slider step or filter change then costs a few
vectorised comparisons instead of pandas operations, so a callback stays well under the 20 ms
budget with the bundled data and scales to tens of thousands of cities.

Rules (documented in the README):
- A partner is *in force* in year Y when at least one of its instruments is: signed in or
  before Y, not ended by Y (an instrument ended in year E counts up to E-1) and not renewed
  or replaced by Y (citylinks/dataset/instruments.py works out each instrument's life).
- A network membership counts in year Y when `from_year <= Y` (its `since`, else the network's
  founding year) and, if it has an end (`until`, else `last_seen`, never past the network's
  `ended_year`), `Y <= end`.
- Network filter modes: "show" draws the selected networks' members and leaves the partners as
  they are; "any" keeps the partners that share at least one selected network with the home city
  in year Y; "all" keeps those that share every selected network with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts, texts

MODES = ("show", "any", "all")


def _years(series: pd.Series, missing: float) -> np.ndarray:
    return series.astype("Float64").fillna(missing).to_numpy(dtype=float)


@dataclass(frozen=True)
class Summary:
    year: int
    partners: int
    countries: int
    continents: int
    networks: int
    signed_this_year: int

    def sentence(self, home: str, t: Texts | None = None) -> str:
        """ "Paris: 38 partners in 32 countries as of 2004", in the language of `t`."""
        t = t or texts("en")
        return t(
            "summary.sentence",
            home=home,
            partners=t.count("count.partners", self.partners),
            countries=t.count("count.countries", self.countries),
            year=self.year,
        )


class Explorer:
    """A dataset with its year and network columns as arrays, for per-year queries."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        partners, members = data.partners, data.memberships
        self.network_ids: list[str] = data.network_ids
        self._network_index = {nid: i for i, nid in enumerate(self.network_ids)}
        self.partner_year = partners["year"].to_numpy(dtype=float)
        instruments = data.instruments
        self.instrument_partner = instruments["partner"].to_numpy(dtype=int)
        self.instrument_year = instruments["year"].to_numpy(dtype=float)
        self.instrument_to = _years(instruments["in_force_to"], np.inf)
        # Whether every partner has one instrument that never ends (the common case, and any
        # one-row-per-partner data): then "in force" is just "signed by then".
        self._simple = len(instruments) == len(partners) and bool(
            np.isinf(self.instrument_to).all()
        )
        self.partner_country = pd.factorize(partners["country_code"])[0]
        self.partner_continent = pd.factorize(partners["continent"])[0]
        self.member_from = _years(members["from_year"], -np.inf)
        self.member_to = _years(members["to_year"], np.inf)
        self.member_network = members["network_id"].map(self._network_index).to_numpy(dtype=int)
        self.member_home = members["is_home"].to_numpy(dtype=bool)
        partner_row = {
            key: i
            for i, key in enumerate(zip(partners["city"], partners["country_code"], strict=True))
        }
        self.member_partner = np.array(
            [
                partner_row.get(key, -1)
                for key in zip(members["city"], members["country_code"], strict=True)
            ],
            dtype=int,
        )

    def network_codes(self, network_ids: list[str] | None) -> list[int]:
        """Positions of known network ids, in networks.csv order; unknown ids are ignored."""
        wanted = set(network_ids or [])
        return [i for i, nid in enumerate(self.network_ids) if nid in wanted]

    def in_force(self, year: int) -> np.ndarray:
        """Partner rows with an instrument in force in `year` (a boolean mask)."""
        if self._simple:
            return self.partner_year <= year
        live = (self.instrument_year <= year) & (self.instrument_to > year)
        mask = np.zeros(len(self.partner_year), dtype=bool)
        mask[self.instrument_partner[live]] = True
        return mask

    def members(self, year: int, network_ids: list[str] | None = None) -> np.ndarray:
        """Membership rows that count in `year`, of the given networks (all when None)."""
        mask = (self.member_from <= year) & (self.member_to >= year)
        if network_ids is not None:
            mask &= np.isin(self.member_network, self.network_codes(network_ids))
        return mask

    def home_networks(self, year: int) -> list[str]:
        """Networks the home city belongs to in `year`, in networks.csv order."""
        codes = set(self.member_network[self.members(year) & self.member_home].tolist())
        return [nid for i, nid in enumerate(self.network_ids) if i in codes]

    def shown(self, year: int, network_ids: list[str], mode: str) -> np.ndarray:
        """Partner rows shown for a year, network selection and mode (see module docstring)."""
        mask = self.in_force(year)
        if mode == "show" or not network_ids:
            return mask  # no network filter: nothing to combine
        return mask & self.sharing(year, network_ids, mode)

    def sharing(self, year: int, network_ids: Sequence[str], mode: str) -> np.ndarray:
        """Partner rows that pass the network filter in `year`, in force or not."""
        size = len(self.partner_year)
        codes = self.network_codes(list(network_ids))
        if mode == "show" or not codes:
            return np.ones(size, dtype=bool)
        home = set(self.network_codes(self.home_networks(year)))
        shared = [c for c in codes if c in home]
        members = self.members(year) & (self.member_partner >= 0)
        # How many of the selected networks each partner shares with home this year (a
        # partner listed twice in one network counts once).
        counts = np.zeros(size, dtype=int)
        for code in shared:
            in_network = np.zeros(size, dtype=bool)
            in_network[self.member_partner[members & (self.member_network == code)]] = True
            counts += in_network
        needed = len(codes) if mode == "all" else 1
        return counts >= needed

    def summary(self, shown: np.ndarray, year: int) -> Summary:
        return Summary(
            year=year,
            partners=int(shown.sum()),
            countries=_distinct(self.partner_country[shown]),
            continents=_distinct(self.partner_continent[shown]),
            networks=len(self.home_networks(year)),
            signed_this_year=int((shown & (self.partner_year == year)).sum()),
        )


def _distinct(codes: np.ndarray) -> int:
    """How many different codes (pd.factorize's: -1 for a missing value, counted as one):
    `len(np.unique(codes))` by counting, not sorting."""
    return int(np.count_nonzero(np.bincount(codes + 1))) if len(codes) else 0
