"""The focus's view state: filters, periods and the map's view in the address, both ways, and
the zoom presets and "fit to these points"."""

from __future__ import annotations

import contextlib
import math
import re
import urllib.parse
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citylinks.dataset.schemas import AGREEMENT_TYPES
from citylinks.i18n.catalogue import catalogue, texts
from citylinks.model.filter_choices import filter_choices
from citylinks.model.filters import REGIONS, TIME_MODES, Filters, Period
from citylinks.model.viewstate import ViewState, parse_args, parse_query, to_query
from citylinks.model.zoom import (
    PRESET_NAMES,
    PRESETS,
    Bounds,
    Camera,
    fit_points,
    parse_camera,
)
from citylinks.settings import LIMITS

NETWORKS = ["uclg", "aimf", "c40"]
FIRST, LAST = 1956, 2026
NBSP = "\u00a0"


def parse(query: str, lang: str = "en", choices=None) -> ViewState:
    return parse_query(query, NETWORKS, FIRST, LAST, texts(lang), choices=choices)


def strict(query: str, choices=None) -> ViewState:
    params = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True)
    return parse_args(params, NETWORKS, FIRST, LAST, choices=choices)


@pytest.fixture(scope="module")
def choices(dataset):
    return filter_choices(dataset)


FULL = ViewState(
    year=2005,
    networks=("c40",),
    mode="any",
    city="São Paulo",
    country_code="BR",
    filters=Filters.of(
        kinds=["twinning", "memorandum"],
        regions=["419", "EU"],
        countries=["JP", "BR"],
        themes=["heritage", "culture"],
    ),
    period=Period("signed", 1990),
    preset="europe",
)
FULL_QUERY = (
    "?year=2005&time=signed&from=1990&network=c40&mode=any"
    "&kind=twinning&kind=memorandum&region=EU&region=419&in_country=BR&in_country=JP"
    "&topic=culture&topic=heritage&city=S%C3%A3o+Paulo&country=BR&view=europe"
)


def test_foc001_defaults_are_todays_view_and_address():
    state = ViewState(year=LAST)
    assert (state.filters, state.period, state.preset, state.camera) == (
        Filters(),
        Period(),
        None,
        None,
    )
    assert parse("") == state
    assert to_query(state, LAST) == ""
    old = ViewState(
        year=1997, networks=("uclg", "c40"), mode="any", city="Tokyo", country_code="JP"
    )
    query = "?year=1997&network=uclg&network=c40&mode=any&city=Tokyo&country=JP"
    assert to_query(old, LAST) == query
    assert parse(query) == old
    assert strict(query) == replace(old, lang="en")
    assert hash(old) == hash(parse(query))


def test_foc002_every_new_field_round_trips(choices):
    assert to_query(FULL, LAST) == FULL_QUERY
    for reading in (None, choices):
        state = parse(FULL_QUERY, choices=reading)
        assert state == FULL
        assert state.problems == ()
        assert strict(FULL_QUERY, choices=reading) == replace(FULL, lang="en")
    # hashable, for the routes' answer caches
    assert len({FULL, parse(FULL_QUERY)}) == 1


@pytest.mark.parametrize(
    ("state", "query"),
    [
        (ViewState(year=LAST, period=Period("new", 2015)), "?time=new&from=2015"),
        (ViewState(year=2000, period=Period("signed", 2000)), "?year=2000&time=signed&from=2000"),
        (ViewState(year=LAST, filters=Filters(regions=("SA",))), "?region=SA"),
        (ViewState(year=LAST, filters=Filters(kinds=("twinning",))), "?kind=twinning"),
        (ViewState(year=LAST, preset="world"), "?view=world"),
        (ViewState(year=LAST, camera=Camera(2.3488, 48.85341, 4)), "?view=2.35%2C48.85%2C4"),
        (ViewState(year=LAST, camera=Camera(-71.2, -33.45, 2.5)), "?view=-71.2%2C-33.45%2C2.5"),
        (
            ViewState(year=LAST, lang="fr", present=True, filters=Filters(themes=("water",))),
            "?topic=water&present=1&lang=fr",
        ),
    ],
)
def test_foc003_each_field_alone(state, query):
    assert to_query(state, LAST) == query
    assert parse(query) == state
    # the routes take every field but `present` (theirs is the snapshot route's own)
    assert strict(query.lstrip("?") + f"&year={state.year}") == replace(
        state, lang=state.lang or "en", present=False
    )


def test_foc004_the_camera_wins_over_a_preset_and_is_rounded():
    both = ViewState(year=LAST, preset="asia", camera=Camera(100, 30, 3))
    assert to_query(both, LAST) == "?view=100%2C30%2C3"
    assert Camera(2.34567, 48.85341, 4.0004) == Camera(2.35, 48.85, 4)
    assert Camera(500, -100, 1000) == Camera(180, -90, 100)  # kept within range
    with pytest.raises(ValueError):
        Camera(float("nan"), 0, 1)


def test_foc005_values_are_read_as_the_data_writes_them(choices):
    state = parse(
        "?kind=Jumelage&region=Am%C3%A9rique+latine&in_country=jp&topic=Patrimoine",
        choices=choices,
    )
    assert state.problems == ()
    assert state.filters == Filters(
        kinds=("twinning",), regions=("419",), countries=("JP",), themes=("heritage",)
    )
    assert to_query(state, LAST) == "?kind=twinning&region=419&in_country=JP&topic=heritage"
    # repeats and order do not matter
    assert parse("?kind=memorandum&kind=twinning&kind=memorandum") == parse(
        "?kind=twinning&kind=memorandum"
    )


PROBLEMS = [
    ("?time=later", "time 'later' is not one of in_force, signed, new"),
    ("?time=signed", "time=signed needs the first year of its period (from=…)"),
    ("?from=1990", "from '1990' counts only with time=signed or time=new"),
    ("?time=in_force&from=1990", "from '1990' counts only with time=signed or time=new"),
    ("?year=2000&time=new&from=2001", "from '2001' is not a year from 1956 to 2000"),
    ("?time=new&from=abc", "from 'abc' is not a year from 1956 to 2026"),
    ("?kind=alliance", "kind 'alliance' is not an agreement type of this map's data"),
    ("?region=ME", "region 'ME' is not one of AF, AS, EU, NA, SA, OC, AN, 419"),
    ("?in_country=XX", "in_country 'XX' is not a country of this map's data"),
    ("?topic=--", "topic '--' is not a theme of this map's data"),
    (
        "?view=mars",
        "view 'mars' is neither one of world, europe, africa, americas, asia, middle_east "
        "nor a centre and zoom (longitude,latitude,scale)",
    ),
    ("?view=world&view=asia", "view was given 2 times; the first one is used"),
]


@pytest.mark.parametrize(("query", "problem"), PROBLEMS)
def test_foc006_bad_values_fall_back_and_say_so(query, problem):
    state = parse(query)
    assert state.problems == (problem,)
    kept = {"?view=world&view=asia": ViewState(year=LAST, preset="world")}
    expected = kept.get(query, ViewState(year=2000 if "year=2000" in query else LAST))
    assert state == expected


def test_foc007_problems_in_french():
    said = {
        "?kind=alliance": "le type d’accord 'alliance' ne figure pas dans les données de "
        "cette carte",
        "?topic=--": "le thème '--' ne figure pas dans les données de cette carte",
        "?view=mars": "la vue 'mars' n’est ni l’une de world, europe, africa, americas, asia, "
        "middle_east ni un centre et un zoom (longitude,latitude,échelle)",
    }
    for query, problem in said.items():
        assert parse(query, "fr").problems == (problem,)
    many = "&".join(f"kind=k{i}" for i in range(LIMITS.list_items + 1))
    assert parse(many, "fr").problems[0] == (
        f"kind figure {LIMITS.list_items + 1} fois{NBSP}; seules les "
        f"{LIMITS.list_items} premières occurrences sont prises en compte"
    )
    # French typography in the new texts: a no-break space before ; : ? !, never a plain one
    fr = catalogue("fr")
    for key in [k for k in catalogue("en") if k.startswith(("link.", "view.preset."))]:
        assert not re.search(r" [;:?!]", fr[key]), key
        assert set(re.findall(r"\{(\w+)", fr[key])) == set(
            re.findall(r"\{(\w+)", catalogue("en")[key])
        )


def test_foc008_values_not_in_the_data(choices):
    state = parse("?region=AN&in_country=IS&topic=knitting&kind=twinning", choices=choices)
    assert state.filters == Filters(kinds=("twinning",))
    assert state.problems == (
        "region 'AN' is not one of AF, AS, EU, NA, SA, OC, 419",
        "in_country 'IS' is not a country of this map's data",
        "topic 'knitting' is not a theme of this map's data",
    )
    with pytest.raises(ValueError, match=r"^unknown in_country: 'IS'$"):
        strict("year=2000&in_country=IS", choices=choices)


def test_foc009_bounded():
    limit = LIMITS.list_items
    many = "&".join(f"in_country={code}" for code in ["JP"] * (limit + 5))
    state = parse(many)
    assert state.filters == Filters(countries=("JP",))
    assert state.problems == (
        f"in_country was given {limit + 5} times; only the first {limit} are used",
    )
    # a long value is quoted short
    (problem,) = parse("?topic=" + "%21" * 150).problems
    assert len(problem) < 120
    # an address longer than LIMITS.query_chars: the parameters that fit whole are read
    long = "year=2000&" + "&".join(["kind=twinning"] * 400) + "&mode=any"
    assert len(long) > LIMITS.query_chars
    state = parse(long)
    assert state.year == 2000
    assert state.mode == "show"  # beyond the limit
    assert state.problems[0] == (
        f"the address is longer than {LIMITS.query_chars} characters; only the settings "
        "that fit are read"
    )
    with pytest.raises(ValueError, match=f"^kind may be given at most {limit} times$"):
        strict("year=2000&" + "&".join(["kind=twinning"] * (limit + 1)))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=2000&time=later", "time must be one of in_force, signed, new"),
        ("year=2000&time=signed", "from must be a whole number from 1956 to the year, 2000"),
        ("year=2000&time=new&from=2001", "from must be a whole number from 1956 to the year"),
        ("year=2000&from=1990", "from needs time=signed or time=new"),
        ("year=2000&time=new&from=1990&from=1991", "from must be given once"),
        ("year=2000&kind=alliance", "unknown kind: 'alliance'"),
        ("year=2000&region=ME", "unknown region: 'ME'"),
        ("year=2000&topic=%21", "unknown topic: '!'"),
        ("year=2000&view=mars", "view must be one of world, europe, africa, americas, asia"),
        ("year=2000&view=0,0,1000", "view must be one of"),
    ],
)
def test_foc010_strict_reading_says_what_is_wrong(query, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        strict(query)


def test_foc011_the_routes_leave_the_colour_theme_alone():
    # `theme` is the snapshot's and the script's colour theme, not a filter
    assert strict("year=2000&theme=dark") == ViewState(year=2000, lang="en")
    assert parse("?theme=dark").problems == ("'theme' is not a setting of this page",)


# --- zoom presets and fitting ----------------------------------------------------------------


def test_zoom001_presets():
    assert PRESET_NAMES == ("world", "europe", "africa", "americas", "asia", "middle_east")
    for name, bounds in PRESETS.items():
        west, east = bounds.lon
        south, north = bounds.lat
        assert -180 <= west < east <= 180 and -90 <= south < north <= 90, name
        for lang in ("en", "fr"):
            assert texts(lang)(f"view.preset.{name}")
    assert texts("fr")("view.preset.middle_east") == "Moyen-Orient"
    world = PRESETS["world"].camera()
    assert world.scale == pytest.approx(1, abs=0.1)
    assert world.lon == 0
    europe = PRESETS["europe"].camera()
    assert 3 < europe.scale < 8
    assert europe.lon == pytest.approx(10) and europe.lat == pytest.approx(52.5)
    middle_east = PRESETS["middle_east"]
    lon, lat = middle_east.centre
    assert 40 < lon < 50 and 20 < lat < 35  # around Riyadh, Baghdad, Amman


def test_zoom002_fit_to_points():
    assert fit_points([], []) is None
    assert fit_points([float("nan")], [10]) is None
    # one point: at least the least span, centred on it
    paris = fit_points([2.35], [48.85])
    assert paris.centre == pytest.approx((2.35, 48.85))
    assert paris.span == pytest.approx((12, 8))
    # several: their range with a margin on each side
    tokyo_kyoto_seoul = fit_points([139.69, 135.75, 126.98], [35.69, 35.02, 37.57])
    assert tokyo_kyoto_seoul.lon[0] < 126.98 and tokyo_kyoto_seoul.lon[1] > 139.69
    assert tokyo_kyoto_seoul.lat[0] < 35.02 and tokyo_kyoto_seoul.lat[1] > 37.57
    europe = fit_points([-9.14, 2.35, 37.62, 23.72], [38.72, 48.85, 55.75, 37.98])
    margin = (37.62 + 9.14) * 0.12
    assert europe.lon == pytest.approx((-9.14 - margin, 37.62 + margin))
    # latitudes are kept within the poles
    assert fit_points([0, 10], [-89, 89]).lat == (-90, 90)
    # the wide world: the whole range of longitudes
    assert fit_points([-120, -60, 0, 60, 120, 180], [0] * 6).lon == (-180, 180)
    # ... but not when a wide ocean is left out
    assert fit_points([-170, -60, 0, 60, 170], [0] * 5).lon == pytest.approx((-90, 220))


def test_zoom003_fit_across_the_antimeridian():
    # Tokyo and Los Angeles: the short way round is across the Pacific
    pacific = fit_points([139.69, -118.24], [35.69, 34.05])
    west, east = pacific.lon
    assert west < 139.69 and east > 180 and east - 360 > -118.24
    assert pacific.span[0] < 140
    lon, _ = pacific.centre
    assert lon > 160 or lon < -160  # in the middle of the Pacific
    camera = pacific.camera()
    assert -180 <= camera.lon <= 180
    # Auckland and Santiago: the same
    assert fit_points([174.76, -70.65], [-36.85, -33.45]).lon[1] > 180
    # Lisbon and Tokyo: the short way is over Europe and Asia
    assert fit_points([-9.14, 139.69], [38.72, 35.69]).lon[1] < 180


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1,2",
        "1,2,3,4",
        "nan,0,1",
        "inf,0,1",
        "1e2,0,1",
        "181,0,1",
        "0,91,1",
        "0,0,0.1",
        "0,0,101",
        " ,0,1",
        "0x10,0,1",
        "1.1234567,0,1",
    ],
)
def test_zoom004_a_camera_from_outside_is_plain_numbers_within_range(text):
    assert parse_camera(text) is None


def test_zoom005_a_camera_reads_back_the_same():
    for camera in (Camera(0, 0, 1), Camera(-180, -90, 0.5), Camera(139.6917, 35.6895, 12.345)):
        assert parse_camera(camera.to_text()) == camera
    assert Camera(-0.001, 0, 1).to_text() == "0,0,1"
    assert Bounds((0, 10), (0, 10)).camera().scale > 10


# --- any state, any address ------------------------------------------------------------------

STATES = st.builds(
    lambda year, start, mode, kinds, regions, countries, themes, view: ViewState(
        year=year,
        period=Period() if mode == "in_force" else Period(mode, min(start, year)),
        filters=Filters.of(kinds=kinds, regions=regions, countries=countries, themes=themes),
        **view,
    ),
    year=st.integers(FIRST, LAST),
    start=st.integers(FIRST, LAST),
    mode=st.sampled_from(TIME_MODES),
    kinds=st.lists(st.sampled_from(AGREEMENT_TYPES), max_size=4),
    regions=st.lists(st.sampled_from(REGIONS), max_size=3),
    countries=st.lists(st.sampled_from(["JP", "BR", "FR", "ZA", "US"]), max_size=3),
    themes=st.lists(st.sampled_from(["heritage", "culture and sport", "water"]), max_size=3),
    view=st.one_of(
        st.just({}),
        st.sampled_from(PRESET_NAMES).map(lambda name: {"preset": name}),
        st.builds(
            lambda lon, lat, scale: {"camera": Camera(lon, lat, scale)},
            st.floats(-180, 180),
            st.floats(-90, 90),
            st.floats(0.5, 100),
        ),
    ),
)


@settings(max_examples=150, deadline=None)
@given(STATES)
def test_foc012_any_state_reads_back_the_same_both_ways(state):
    query = to_query(state, LAST)
    assert parse(query) == state
    assert parse(query).problems == ()
    assert strict(query.lstrip("?") + f"&year={state.year}") == replace(state, lang="en")


NAMES = st.sampled_from(["time", "from", "kind", "region", "in_country", "topic", "view", "year"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(NAMES, st.text(max_size=30)), max_size=12))
def test_foc013_any_address_is_read_without_error(pairs):
    query = urllib.parse.urlencode(pairs)
    state = parse(query)  # never raises
    assert parse(to_query(state, LAST)) == state  # what was kept is written back the same
    with contextlib.suppress(ValueError):  # says what is wrong, or reads it
        strict(query + "&year=2000")


def test_zoom006_a_range_is_shown_whole_in_the_maps_frame():
    """A range's camera shows it whole: projected as plotly projects it (natural earth), at
    that scale it fills the frame's width or its height and passes neither. Lyon's partners
    (Birmingham, Turin) were drawn on the frame's edge: the camera took a degree of latitude
    at 50° for one at the equator, and the frame for 180° high (it is 142°, WORLD_LATITUDES)."""
    from citylinks.model.zoom import FRAME, _earth_height, _earth_width

    def projected(bounds):
        south, north = (math.radians(v) for v in bounds.lat)
        nearest = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
        width = math.radians(bounds.span[0]) * _earth_width(nearest)
        return width, _earth_height(north) - _earth_height(south)

    lyon = fit_points([-1.9, 7.69, 4.83], [52.48, 45.07, 45.76])
    cases = [lyon, *PRESETS.values(), Bounds((100, 150), (-10, 45)), Bounds((-80, -30), (-60, 5))]
    for bounds in cases:
        width, height = projected(bounds)
        scale = bounds.camera().scale
        fills = max(width * scale / FRAME[0], height * scale / FRAME[1])
        assert fills == pytest.approx(1, abs=0.01), bounds  # whole, and no smaller than need be
    # the points themselves, inside the fit's margins
    width, height = projected(Bounds((-1.9, 7.69), (45.07, 52.48)))
    assert height * lyon.camera().scale < 0.85 * FRAME[1]
    assert PRESETS["world"].camera().scale == 1
