"""Every callback endpoint and the view routes, sent generated values (wrong types, NaN, huge
numbers, long lists, unknown ids, unicode) through Flask's test client: never a 500."""

from __future__ import annotations

import urllib.parse

from dashrequests import post_callback
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=300),
    st.sampled_from(["c40", "aimf", "show", "any", "all", "Tokyo", "JP", "<img src=x>"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=80),
        st.dictionaries(
            st.sampled_from(["city", "country_code", "points", "customdata", "x", "y"]) | st.text(),
            children,
            max_size=6,
        ),
    ),
    max_leaves=40,
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _server_callbacks(app) -> dict[str, dict]:
    return {key: spec for key, spec in app.callback_map.items() if "callback" in spec}


def test_fuzz000_all_server_callbacks_are_fuzzed(app):
    # playback, select_city, close, show, download_csv (the map: through its route), the
    # import panel's show_file, ambiguous_places, analyse, open_map and download, and the saved
    # maps' save, rename, delete and reopening a saved map's file, the stories' save, export,
    # import and delete, and a story's offline deck and slides (pattern ids)
    assert len(_server_callbacks(app)) == 20


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_fuzz001_callbacks_never_answer_500(app, data):
    callbacks = _server_callbacks(app)
    key = data.draw(st.sampled_from(sorted(callbacks)), label="callback")
    spec = callbacks[key]
    n_in, n_state = len(spec["inputs"]), len(spec.get("state", []))
    inputs = data.draw(st.lists(VALUES, min_size=n_in, max_size=n_in), label="inputs")
    state = data.draw(st.lists(VALUES, min_size=n_state, max_size=n_state), label="state")
    response = post_callback(app.server.test_client(), app, key, inputs, state)
    assert response.status_code in (200, 204), (key, response.data[:300])


QUERY_VALUES = st.one_of(
    st.text(max_size=250),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        ["1956", "2004", "2026", "NaN", "1e308", "c40", "any", "all", "show", "", "fr", "en"]
    ),
)


@FUZZ
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                ["year", "network", "mode", "city", "country", "country_code", "lang", "theme", "x"]
            ),
            QUERY_VALUES,
        ),
        max_size=90,
    ),
    route=st.sampled_from(["view", "table", "snapshot", "state"]),
)
def test_fuzz002_the_view_routes_answer_200_or_400(app, params, route):
    query = urllib.parse.urlencode(params)
    response = app.server.test_client().get(f"/_citylinks/{route}?{query}")
    assert response.status_code in (200, 400), (params, response.data[:300])
