"""The plain values (text as it is, not HTML) of every row of a dataset in one language:
names, countries, themes, years and network acronyms, computed once per dataset and
language. The map escapes them for its hover texts; the table view writes them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.render.wording import city_names, country_names


@dataclass(frozen=True)
class RowValues:
    """Row i of each partner, member or event list is row i of the data's table of the same
    name (partners, memberships, events)."""

    partner_names: list[str]
    partner_countries: list[str]
    partner_themes: list[str]  # "culture, sport" ("" when none)
    member_names: list[str]
    member_countries: list[str]
    member_since: np.ndarray  # the year a membership began, NaN when unknown
    event_names: list[str]
    event_countries: list[str]
    event_year: np.ndarray
    network_acronyms: dict[str, str]  # network id -> acronym in the language


def row_values(data: Dataset, t: Texts) -> RowValues:
    partners, members, events = data.partners, data.memberships, data.events
    return RowValues(
        partner_names=city_names(t, partners),
        partner_countries=country_names(t, partners),
        partner_themes=[
            t.pick(en, fr).replace(";", ", ")
            for en, fr in zip(partners["themes"], partners["themes_fr"], strict=True)
        ],
        member_names=city_names(t, members),
        member_countries=country_names(t, members),
        member_since=members["since"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        event_names=city_names(t, events),
        event_countries=country_names(t, events),
        event_year=events["year"].to_numpy(dtype=float),
        network_acronyms={
            row.id: t.pick(row.acronym, row.acronym_fr) for row in data.networks.itertuples()
        },
    )
