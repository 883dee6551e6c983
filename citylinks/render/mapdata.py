"""Everything the map draws of one dataset in one language, computed once: each table's
markers (position, escaped hover text, click key), the plain row values, the network
colours, and the limits past which the map thins out lines and groups markers.

A view (a year, the partners shown, the networks checked) then only indexes these arrays:
the functions of citylinks/render/traces/ turn a `MapData` and a view into plotly traces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.details import later_agreements
from citylinks.model.explorer import Explorer
from citylinks.render.kept import Kept
from citylinks.render.layers import Layer, layer_of
from citylinks.render.row_values import RowValues, row_values
from citylinks.render.styles import agreement_group, network_colors
from citylinks.render.wording import escape_html, escaped_array, signed_text
from citylinks.settings import LIMITS

LINE_LIMIT = LIMITS.map_lines  # lines to the most recent agreements only, past this many partners
MARKER_LIMIT = LIMITS.map_markers  # markers grouped by place, past this many in a trace
CELL_DEGREES = 3.0  # the size of a group's grid cell
KEPT_TRACES = 512  # traces shared between views (citylinks/render/kept.py), per map and language


@dataclass(frozen=True)
class MapLimits:
    """How much the map draws at scale (None: no limit)."""

    line_limit: int | None = LINE_LIMIT
    marker_limit: int | None = MARKER_LIMIT
    cell_degrees: float = CELL_DEGREES

    def too_many_markers(self, count: int) -> bool:
        return self.marker_limit is not None and count > self.marker_limit


@dataclass(frozen=True)
class MapData:
    """One dataset's map in one language, made by `build_map_data`; row i of each array is row i
    of the data's table (partners, memberships or events)."""

    explorer: Explorer
    texts: Texts
    limits: MapLimits
    rows: RowValues
    partners: Layer
    members: Layer
    events: Layer
    partner_agreement: np.ndarray  # each partner's group of agreement types (its first one's)
    partner_label: np.ndarray  # each partner's name, escaped, for its name label
    network_colors: dict[str, str]
    # the traces that many views share, made once (citylinks/render/kept.py)
    kept: Kept[dict[str, Any]] = field(
        default_factory=lambda: Kept(KEPT_TRACES), compare=False, repr=False
    )

    @property
    def data(self) -> Dataset:
        return self.explorer.data


def build_map_data(explorer: Explorer, t: Texts, limits: MapLimits) -> MapData:
    data = explorer.data
    rows = row_values(data, t)
    return MapData(
        explorer=explorer,
        texts=t,
        limits=limits,
        rows=rows,
        partners=layer_of(data.partners, partner_hover_texts(data, t, rows), "partner"),
        members=layer_of(data.memberships, escaped_array(rows.member_names), "member"),
        events=layer_of(data.events, event_hover_texts(data.events, t, rows), "event"),
        partner_agreement=np.array(
            [agreement_group(kind) for kind in data.partners["agreement"]], dtype=object
        ),
        partner_label=escaped_array(rows.partner_names),
        network_colors=network_colors(data.network_ids),
    )


def partner_hover_texts(data: Dataset, t: Texts, rows: RowValues) -> np.ndarray:
    """ "<b>Rome</b>, Italy<br>Twinning, signed 30 January 1956<br>and 2 later agreements, the
    latest in 2022<br>Themes: …", per partner."""
    e = escape_html
    partners = data.partners
    later = _later_agreements(data, t)
    return np.array(
        [
            f"<b>{e(city)}</b>, {e(country)}<br>"
            + e(signed_text(t, agreement, date, year))
            + (f"<br>{e(later[i])}" if i in later else "")
            + (f"<br>{e(t('map.themes', themes=theme))}" if theme else "")
            for i, (city, country, agreement, date, year, theme) in enumerate(
                zip(
                    rows.partner_names,
                    rows.partner_countries,
                    partners["agreement"],
                    partners["date_signed"],
                    partners["year"],
                    rows.partner_themes,
                    strict=True,
                )
            )
        ],
        dtype=object,
    )


def _later_agreements(data: Dataset, t: Texts) -> dict[int, str]:
    """ "and 2 later agreements, the latest in 2022", by partner row, for those that have any."""
    return {
        partner: t.count("map.later_agreements", len(signed), year=int(signed[-1][0][:4]))
        for partner, signed in later_agreements(data).items()
    }


def event_hover_texts(events: pd.DataFrame, t: Texts, rows: RowValues) -> np.ndarray:
    """ "<b>Title</b><br>City, 14 July 1982", per event."""
    e = escape_html
    return np.array(
        [
            f"<b>{e(t.pick(title, title_fr))}</b><br>{e(city)}, {e(t.date(date))}"
            for title, title_fr, city, date in zip(
                events["title"], events["title_fr"], rows.event_names, events["date"], strict=True
            )
        ],
        dtype=object,
    )
