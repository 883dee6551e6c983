"""The home city (a star with its name) and the ring around the selected city."""

from __future__ import annotations

from typing import Any

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.render.mapdata import MapData
from citylinks.render.styles import HOME_COLOR
from citylinks.render.wording import escape_html


def home_trace(map_data: MapData) -> dict[str, Any]:
    home, t = map_data.data.home, map_data.texts
    name = escape_html(t.pick(home.city, home.city_fr))
    return {
        "type": "scattergeo",
        "mode": "markers+text",
        "name": name,
        "lat": [home.lat],
        "lon": [home.lon],
        "text": [f"<b>{name}</b>"],
        "textposition": "top center",
        "textfont": {"size": 13, "color": HOME_COLOR},
        "marker": {
            "symbol": "star",
            "size": 22,
            "color": HOME_COLOR,
            "line": {"width": 1.5, "color": "#ffffff"},
        },
        "hovertext": [
            f"<b>{name}</b>, {escape_html(t.country(home.country_code, home.country))}"
            f"<br>{escape_html(t('map.home'))}"
        ],
        "hoverinfo": "text",
        "customdata": [[home.city, home.country_code, "home"]],
        "meta": {"role": "home"},
    }


def selected_trace(map_data: MapData, selected: tuple[str, str] | None) -> dict[str, Any]:
    """A ring around the selected city (`selected`: city and country code), labelled with its
    name in the page's language (in presentation mode the details panel is hidden), or
    nothing."""
    place = place_of(map_data.data, *selected) if selected else None
    trace: dict[str, Any] = {
        "type": "scattergeo",
        "mode": "markers",
        "name": map_data.texts("map.selected"),
        "lat": [place[0]] if place else [],
        "lon": [place[1]] if place else [],
        "marker": {
            "symbol": "circle-open",
            "size": 30,
            "color": HOME_COLOR,
            "line": {"width": 3, "color": HOME_COLOR},
        },
        "hoverinfo": "skip",
        "showlegend": False,
        "meta": {"role": "selected"},
    }
    if place and selected:
        name = _name_of(map_data.data, *selected, map_data.texts)
        trace.update(
            mode="markers+text",
            text=[f"<b>{escape_html(name)}</b>"],
            textposition="bottom center",
            textfont={"size": 13, "color": HOME_COLOR},
        )
    return trace


def _name_of(data: Dataset, city: str, country_code: str, t: Texts) -> str:
    """A city's name in the language of `t` (its `city_fr` where the data has one)."""
    for frame in (data.partners, data.memberships, data.events):
        rows = frame[(frame["city"] == city) & (frame["country_code"] == country_code)]
        if not rows.empty and "city_fr" in rows:
            return t.pick(city, rows["city_fr"].iloc[0])
    return city


def place_of(data: Dataset, city: str, country_code: str) -> tuple[float, float] | None:
    """Where a city of the data is (home, a partner, a member or an event's place)."""
    if (city, country_code) == (data.home.city, data.home.country_code):
        return data.home.point
    for frame in (data.partners, data.memberships, data.events):
        rows = frame[(frame["city"] == city) & (frame["country_code"] == country_code)]
        if not rows.empty:
            return float(rows["lat"].iloc[0]), float(rows["lon"].iloc[0])
    return None
