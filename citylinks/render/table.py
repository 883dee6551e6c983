"""What the map shows, as rows of a table (for screen readers, keyboards and a quick sort).

One row per marker the map draws for a view: the partners shown (as the map's legend names
them: an agreement type, or "Signed in 1997" for that year's new ones), the members of the
selected networks that are not shown partners, and the year's events. The texts are in the
language of the `MapFigures` given; `limit` keeps the answer small at tens of thousands of
cities (the CSV download has them all). The names, countries and years are the map's own
(`MapFigures.row_values`), computed once per dataset and language.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from citylinks.model.details import later_agreements
from citylinks.render.map import MapFigures, MapFocus
from citylinks.render.wording import agreement_label
from citylinks.settings import LIMITS

TABLE_LIMIT = LIMITS.table_rows


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[object]]  # name, country, on the map, year, later, shared networks, about
    total: int
    caption: str


def _shared_networks(maps: MapFigures, year: int, partner_rows: np.ndarray) -> dict[int, str]:
    """For each partner row, the networks it shares with the home city in `year`."""
    ex = maps.explorer
    home = set(ex.network_codes(ex.home_networks(year)))
    current = ex.members(year) & (ex.member_partner >= 0) & np.isin(ex.member_network, list(home))
    wanted = set(partner_rows.tolist())
    shared: dict[int, set[int]] = {}
    for partner, code in zip(
        ex.member_partner[current].tolist(), ex.member_network[current].tolist(), strict=True
    ):
        if partner in wanted:
            shared.setdefault(partner, set()).add(code)
    # In networks.csv order, as the filters list them.
    acronyms = maps.row_values.network_acronyms
    return {
        row: ", ".join(acronyms[ex.network_ids[code]] for code in sorted(codes))
        for row, codes in shared.items()
    }


def table_columns(maps: MapFigures) -> list[str]:
    """The table's column headers, in the map's language."""
    t, home = maps.texts, maps.data.home
    return [
        t("table.city"),
        t("table.country"),
        t("table.kind"),
        t("table.year"),
        t("table.later"),
        t("table.shared", home=t.pick(home.city, home.city_fr)),
        t("table.about"),
    ]


def map_table(
    maps: MapFigures,
    year: int,
    shown: np.ndarray,
    network_ids: list[str],
    limit: int = TABLE_LIMIT,
    focus: MapFocus | None = None,
) -> Table:
    """The rows of what the map shows for a view (at most `limit` of them); `focus`: the
    members and events the view's place filters keep (citylinks/render/map.py)."""
    focus = focus or MapFocus()
    t, data, ex, values = maps.texts, maps.data, maps.explorer, maps.row_values
    partners, events = data.partners, data.events
    rows: list[list[object]] = []

    partner_rows = np.flatnonzero(shown)
    shared = _shared_networks(maps, year, partner_rows)
    names, countries = values.partner_names, values.partner_countries
    themes = values.partner_themes
    later = later_agreements(data, year)
    for i in partner_rows.tolist():
        signed = int(ex.partner_year[i])
        kind = (
            t("map.signed_in_year", year=year)
            if signed == year
            else agreement_label(t, partners["agreement"].iat[i])
        )
        renewals = ", ".join(
            f"{agreement_label(t, what)} ({date[:4]})" for date, what in later.get(i, [])
        )
        rows.append([names[i], countries[i], kind, signed, renewals, shared.get(i, ""), themes[i]])

    current = ex.members(year) & ~ex.member_home
    if focus.members is not None:
        current &= focus.members
    is_shown_partner = (ex.member_partner >= 0) & shown[np.maximum(ex.member_partner, 0)]
    names, countries = values.member_names, values.member_countries
    for nid in network_ids:
        code = ex.network_codes([nid])[0]
        picked = np.flatnonzero(current & (ex.member_network == code) & ~is_shown_partner)
        kind = t("table.member", network=values.network_acronyms[nid])
        for i in picked.tolist():
            since = values.member_since[i]
            year_from = None if np.isnan(since) else int(since)
            rows.append([names[i], countries[i], kind, year_from, "", "", ""])

    names, countries = values.event_names, values.event_countries
    events_kept = values.event_year == year
    if focus.events is not None:
        events_kept &= focus.events
    for i in np.flatnonzero(events_kept).tolist():
        title = t.pick(events["title"].iat[i], events["title_fr"].iat[i])
        rows.append([names[i], countries[i], t("table.event"), year, "", "", title])

    total = len(rows)
    caption = t.count("table.caption", total, year=year)
    if total > limit:
        caption += " " + t("table.limited", limit=t.number(limit))
    return Table(
        columns=table_columns(maps),
        rows=rows[:limit],
        total=total,
        caption=caption,
    )
