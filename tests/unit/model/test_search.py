"""Finding a city by typing: accents, both languages, prefixes, countries, ties and bounds."""

from __future__ import annotations

import dataclasses
import time

import pytest

from citylinks.geo.names import normalize_name
from citylinks.model.search import MAX_LIMIT, MAX_QUERY, SearchIndex
from citylinks.settings import LIMITS


@pytest.fixture(scope="module")
def index(dataset):
    return SearchIndex.build(dataset)


def _labels(index, text, lang="en", limit=10):
    return [m.label for m in index.search(text, lang, limit)]


def test_sea001_without_accents_or_case(index):
    for text in ("sao paulo", "SAO PAULO", "São Paulo", "sao-paulo", "  são   paulo "):
        (match,) = index.search(text, "en")
        assert match.key == ("São Paulo", "BR")
        assert match.label == "São Paulo (Brazil)"
        assert match.how == "exact"
    assert _labels(index, "belem") == ["Belém (Brazil)"]
    assert _labels(index, "ndjamena") == ["N'Djamena (Chad)"]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("text", "key", "en", "fr"),
    [
        ("Pékin", ("Beijing", "CN"), "Beijing (China)", "Pékin (Chine)"),
        ("beijing", ("Beijing", "CN"), "Beijing (China)", "Pékin (Chine)"),
        ("Le Caire", ("Cairo", "EG"), "Cairo (Egypt)", "Le Caire (Égypte)"),
        ("cairo", ("Cairo", "EG"), "Cairo (Egypt)", "Le Caire (Égypte)"),
        ("Londres", ("London", "GB"), "London (United Kingdom)", "Londres (Royaume-Uni)"),
        ("london", ("London", "GB"), "London (United Kingdom)", "Londres (Royaume-Uni)"),
    ],
)
def test_sea002_either_language_on_either_page(index, lang, text, key, en, fr):
    match = index.search(text, lang)[0]
    assert match.key == key
    assert match.how == "exact"
    assert match.label == (fr if lang == "fr" else en)
    assert normalize_name(match.matched) == normalize_name(text)  # the name, as written


def test_sea003_what_matched_is_the_name_in_the_language_it_matched_in(index):
    assert index.search("Londres", "en")[0].matched == "Londres"
    assert index.search("london", "fr")[0].matched == "London"
    # both names start with "wash": the page's language's is said
    assert index.search("wash", "en")[0].matched == "Washington, D.C."
    assert index.search("wash", "fr")[0].matched == "Washington"


def test_sea004_prefix_of_the_name_or_of_a_later_word(index):
    (tokyo,) = index.search("tok", "en")
    assert (tokyo.key, tokyo.how, tokyo.kind) == (("Tokyo", "JP"), "prefix", "partner")
    assert tokyo.city_key == {"city": "Tokyo", "country_code": "JP"}
    (rio,) = index.search("janeiro", "fr")
    assert (rio.label, rio.how) == ("Rio de Janeiro (Brésil)", "word")
    assert _labels(index, "le ca", "fr") == ["Le Caire (Égypte)", "Le Cap (Afrique du Sud)"]
    # "cap" starts a word of Le Cap, and no name
    assert index.search("cap", "fr")[0].label == "Le Cap (Afrique du Sud)"


def test_sea005_country_names_in_both_languages(index):
    japanese = ["Tokyo (Japan)", "Kyoto (Japan)", "Yokohama (Japan)"]
    assert _labels(index, "japan") == japanese
    assert _labels(index, "japon") == japanese
    assert _labels(index, "japon", "fr") == ["Tokyo (Japon)", "Kyoto (Japon)", "Yokohama (Japon)"]
    matches = index.search("japon", "en")
    assert {m.how for m in matches} == {"country"}
    assert {m.matched for m in matches} == {"Japon"}
    # a word of the country's name: "Royaume-Uni", "United Kingdom"
    assert "London (United Kingdom)" in _labels(index, "uni")
    assert _labels(index, "royaume", "fr") == ["Londres (Royaume-Uni)"]


def test_sea006_order_exact_then_prefix_then_word_then_country(index):
    # "mo" starts Moscow, Montreal…, and Morocco's name: its cities come after the names.
    hows = [m.how for m in index.search("mo", "fr", limit=MAX_LIMIT)]
    assert hows == sorted(hows, key=["exact", "prefix", "word", "country"].index)
    assert "country" in hows and "prefix" in hows
    matches = index.search("mexico", "en", limit=MAX_LIMIT)
    # Mexico City's French name is exactly "Mexico"; then the country's other cities
    assert matches[0].key == ("Mexico City", "MX")
    assert matches[0].how == "exact"
    assert [m.how for m in matches[1:]] == ["country"] * (len(matches) - 1)
    assert {m.key[1] for m in matches} == {"MX"}


def test_sea007_ties_partners_then_home_members_events_recent_first(index):
    # Partners in the United States, the latest signed first (2017, 2000, 1996 and 1996
    # alphabetically), then the members by how many networks they are in, then A to Z.
    labels = _labels(index, "etats unis", "en", limit=MAX_LIMIT)
    assert labels[:5] == [
        "Los Angeles (United States)",
        "Washington, D.C. (United States)",
        "Chicago (United States)",
        "San Francisco (United States)",
        "Austin (United States)",
    ]
    kinds = [m.kind for m in index.search("etats unis", "en", limit=MAX_LIMIT)]
    assert kinds == sorted(kinds, key=["partner", "home", "member", "event"].index)
    members = labels[4:]
    assert members == sorted(members, key=str.casefold)  # all in one network: A to Z
    # The home city and an event place: one place, its first kind "home" (the home's own
    # memberships do not make it a member).
    (paris,) = index.search("paris", "fr")
    assert paris.kind == "home"
    assert paris.kinds == ("home", "event")
    # An event place that is nothing else.
    (abu_dhabi,) = index.search("abu dhabi", "en")
    assert (abu_dhabi.kind, abu_dhabi.kinds) == ("event", ("event",))
    # A partner that is a network member too.
    (istanbul,) = index.search("istanbul", "en")
    assert istanbul.kinds == ("partner", "member")


def test_sea008_ties_alphabetical_in_the_page_language(index):
    # Members of C40 alone, in China: the same kind and weight, so by name in the language.
    en = [m for m in _labels(index, "china", "en", limit=MAX_LIMIT) if "Beijing" not in m]
    fr = [m for m in _labels(index, "chine", "fr", limit=MAX_LIMIT) if "Pékin" not in m]
    assert en == sorted(en, key=str.casefold)
    assert en.index("Guangzhou (China)") > en.index("Dalian (China)")
    assert fr.index("Canton (Chine)") < fr.index("Dalian (Chine)")  # Guangzhou is "Canton"


def test_sea009_empty_and_long_queries(index):
    for text in ("", "   ", "'", "-", "()"):
        assert index.search(text, "en") == []
    long = "tokyo" + "o" * 10_000
    assert index.search(long, "en") == []  # read up to MAX_QUERY characters, finding nothing
    assert LIMITS.name_chars == MAX_QUERY
    # what lies beyond is not read
    assert _labels(index, "sao paulo" + " " * MAX_QUERY + "zzz") == ["São Paulo (Brazil)"]
    start = time.perf_counter()
    index.search("a" * 50_000, "en")
    assert time.perf_counter() - start < 0.05
    assert index.search(None, "en") == []  # type: ignore[arg-type]


def test_sea010_limits(index):
    assert len(index.search("a", "en")) == 10
    assert len(index.search("a", "en", limit=3)) == 3
    assert index.search("a", "en", limit=0) == []
    assert index.search("a", "en", limit=-5) == []
    assert len(index.search("a", "en", limit=10_000)) <= MAX_LIMIT
    with pytest.raises(ValueError, match="unknown language"):
        index.search("tokyo", "de")


def test_sea011_every_place_is_found_by_each_of_its_names(index, dataset):
    for place in index.places:
        for name in place.names.values():
            keys = [m.key for m in index.search(name, "en", limit=MAX_LIMIT)]
            assert place.key in keys, name
    partners = set(zip(dataset.partners["city"], dataset.partners["country_code"], strict=True))
    assert partners <= {place.key for place in index.places}
    assert len(index) == len({place.key for place in index.places})


def test_sea012_fast(index):
    queries = ["s", "a", "tok", "japon", "sao paulo", "le caire", "zzz", "united"]
    start = time.perf_counter()
    rounds = 50
    for _ in range(rounds):
        for text in queries:
            index.search(text, "fr")
    per_search = (time.perf_counter() - start) / (rounds * len(queries))
    assert per_search < 0.001


def test_sea013_a_match_is_a_plain_value(index):
    match = index.search("tokyo", "en")[0]
    assert dataclasses.is_dataclass(match)
    assert match.lat == pytest.approx(35.6895)
    assert match.lon == pytest.approx(139.69171)
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.label = "x"  # type: ignore[misc]
