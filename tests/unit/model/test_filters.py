"""Filters (kind, region, country, theme) and time modes (in force, signed between, new since)
on the explorer's arrays, checked on the bundled data."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest

from citylinks.dataset.loading import load_dataset, split_themes
from citylinks.dataset.schemas import AGREEMENT_TYPES
from citylinks.geo.names import normalize_name
from citylinks.model.explorer import MODES, Explorer
from citylinks.model.filter_choices import filter_choices, read_filter_value, sort_choices
from citylinks.model.filters import (
    LATIN_AMERICA,
    REGIONS,
    Filters,
    Period,
    filter_index,
    focus,
    latin_america,
    period_masks,
)

NOW = 2026


@pytest.fixture(scope="module")
def ex(dataset):
    return Explorer(dataset)


def _cities(ex, mask):
    return set(ex.data.partners["city"][mask])


def _shown(ex, year=NOW, **filters):
    return _cities(ex, focus(ex, year, filters=Filters.of(**filters)).shown)


# --- each filter -----------------------------------------------------------------------------


def test_fil001_an_empty_filter_keeps_everything_and_changes_nothing(ex):
    assert Filters().empty
    assert Filters().mask(ex, NOW).all()
    assert Filters().member_mask(ex).all() and Filters().event_mask(ex).all()
    for year in (1955, 1958, 1990, 2004, 2011, 2019, 2020, NOW):
        for networks in ([], ["c40"], ["c40", "aimf"], ["uclg", "100rc"], ["nope"]):
            for mode in MODES:
                assert np.array_equal(
                    focus(ex, year, networks, mode).shown, ex.shown(year, networks, mode)
                ), (year, networks, mode)


def test_fil002_south_america_and_latin_america(ex):
    south = {"Belém", "Buenos Aires", "Porto Alegre", "Santiago de Chile", "São Paulo"}
    assert _shown(ex, regions=["SA"]) == south  # Rio de Janeiro's agreement ended in 2011
    assert _shown(ex, 2010, regions=["SA"]) == south - {"Belém"} | {"Rio de Janeiro"}
    # Latin America (UN M49 419) is South America, Central America with Mexico, the Caribbean
    assert _shown(ex, regions=[LATIN_AMERICA]) == south | {"Mexico City"}
    assert {"BR", "MX", "CU", "PA", "JM"} <= latin_america()
    assert not {"US", "CA", "ES", "PT"} & latin_america()
    # a region keeps the partners whose country is on it (GeoNames' continents)
    partners = ex.data.partners
    for region in REGIONS[:-1]:
        mask = Filters(regions=(region,)).mask(ex, NOW)
        assert np.array_equal(mask, (partners["continent"] == region).to_numpy()), region
    # regions are ORed: Europe or Oceania
    both = Filters.of(regions=["EU", "OC"]).mask(ex, NOW)
    assert both.sum() == (partners["continent"].isin(["EU", "OC"])).sum() == 18


def test_fil003_twinnings_only_and_other_kinds(ex):
    assert _shown(ex, kinds=["twinning"]) == {"Rome"}
    # a kind counts any instrument of the partner: Tokyo signed cooperation agreements in
    # 2015 and 2018 after its 1982 friendship pact
    assert "Tokyo" in _shown(ex, kinds=["cooperation_agreement"])
    assert "Tokyo" not in _shown(ex, 2014, kinds=["cooperation_agreement"])
    assert _shown(ex, kinds=["memorandum"]) == {"San Francisco", "Baghdad"}
    assert _shown(ex, 2010, kinds=["memorandum"]) == {"San Francisco"}
    # kinds are ORed
    assert _shown(ex, kinds=["twinning", "memorandum"]) == {"Rome", "San Francisco", "Baghdad"}
    friendship = _shown(ex, kinds=["friendship_cooperation"])
    assert {"Kyoto", "Tokyo", "Yerevan", "Montreal", "Rabat", "N'Djamena"} <= friendship
    assert not {"Rome", "Vienna", "Istanbul", "Baghdad", "Hamburg"} & friendship


def _reference_kind(ex, kind, year):
    """Partners with an instrument of `kind` signed by `year`, the slow way (pandas)."""
    ins = ex.data.instruments
    rows = ins[(ins["kind"] == kind) & (ins["year"] <= year)]["partner"]
    mask = np.zeros(len(ex.data.partners), dtype=bool)
    mask[rows.to_numpy(dtype=int)] = True
    return mask


def test_fil004_kinds_agree_with_the_instruments_every_year(ex):
    for kind in AGREEMENT_TYPES:
        for year in range(1955, NOW + 1, 3):
            assert np.array_equal(
                Filters(kinds=(kind,)).mask(ex, year), _reference_kind(ex, kind, year)
            ), (kind, year)


def test_fil005_country_filter(ex):
    assert _shown(ex, countries=["JP"]) == {"Tokyo", "Kyoto"}
    assert _shown(ex, countries=["JP", "CN"]) == {"Tokyo", "Kyoto", "Beijing"}
    assert _shown(ex, countries=["FR"]) == set()
    assert _shown(ex, 1970, countries=["JP"]) == {"Kyoto"}


def test_fil006_a_theme_matches_its_words_in_either_language(ex):
    heritage = {"Moscow", "Prague", "Rabat", "Ramallah", "Tel Aviv-Yafo", "Tokyo", "Baghdad"}
    heritage |= {"N'Djamena"}  # Rio de Janeiro's agreement ended in 2011
    assert _shown(ex, themes=["heritage"]) == heritage
    # the same theme in French, or written any way
    for written in ("patrimoine", "Patrimoine", "PATRIMOINE ", "héritage"):
        key = read_filter_value("themes", written, filter_choices(ex))
        assert key == "heritage", written
    assert _shown(ex, themes=["patrimoine"]) == heritage
    # "heritage" is an English theme: it is not looked for in the French "héritage des jeux"
    # (Tokyo's "games legacy", 2018); Tokyo's "heritage and crafts" came in 2021.
    assert "Tokyo" not in _shown(ex, 2020, themes=["heritage"])
    assert "Tokyo" in _shown(ex, 2021, themes=["heritage"])
    # whole words only
    assert _shown(ex, themes=["herit"]) == set()
    # themes are ORed
    assert _shown(ex, themes=["bicycles", "social housing"]) == {
        "Copenhagen",
        "London",
        "Tel Aviv-Yafo",
    }


def _reference_theme(ex, word, year):
    """Partners with an instrument signed by `year` having a theme with `word` in English."""
    ins = ex.data.instruments
    mask = np.zeros(len(ex.data.partners), dtype=bool)
    for partner, themes, signed in zip(ins["partner"], ins["themes"], ins["year"], strict=True):
        if signed <= year and any(
            word in normalize_name(theme).split() for theme in split_themes(themes)
        ):
            mask[partner] = True
    return mask


@pytest.mark.parametrize("word", ["culture", "water", "environment", "sport", "tourism"])
def test_fil007_themes_agree_with_the_instruments(ex, word):
    for year in (1990, 2005, 2015, NOW):
        assert np.array_equal(
            Filters(themes=(word,)).mask(ex, year), _reference_theme(ex, word, year)
        ), (word, year)


def test_fil008_filters_combine_by_and_with_each_other_and_the_networks(ex):
    assert _shown(ex, kinds=["cooperation_agreement"], regions=["EU"]) == {
        "Berlin",
        "Hamburg",
        "Lisbon",
    }
    assert _shown(ex, regions=["EU"], countries=["JP"]) == set()
    culture_africa = _shown(ex, themes=["culture"], regions=["AF"])
    assert culture_africa == _shown(ex, themes=["culture"]) & _shown(ex, regions=["AF"])
    assert culture_africa == {"Cotonou", "Kigali", "N'Djamena", "Rabat"}
    # with the network filter: Latin American partners sharing C40 with Paris
    latin = Filters.of(regions=[LATIN_AMERICA])
    got = focus(ex, NOW, ["c40"], "any", latin).shown
    assert np.array_equal(got, ex.shown(NOW, ["c40"], "any") & latin.mask(ex, NOW))
    assert _cities(ex, got) == {"Buenos Aires", "Mexico City", "Santiago de Chile", "São Paulo"}
    for year in (2000, 2010, 2016, NOW):
        for mode in MODES:
            filters = Filters.of(kinds=["friendship_cooperation"], regions=["EU", "AS"])
            assert np.array_equal(
                focus(ex, year, ["c40", "aimf"], mode, filters).shown,
                ex.shown(year, ["c40", "aimf"], mode) & filters.mask(ex, year),
            )


def test_fil009_members_and_event_places_by_region_and_country(ex):
    members, events = ex.data.memberships, ex.data.events
    europe = Filters(regions=("EU",))
    assert np.array_equal(
        europe.member_mask(ex), members["country_code"].map(_continent).eq("EU").to_numpy()
    )
    japan = Filters(countries=("JP",))
    assert set(members["city"][japan.member_mask(ex)]) == {"Kyoto", "Tokyo", "Yokohama"}
    assert set(events["city"][Filters(countries=("IT",)).event_mask(ex)]) == {"Rome"}
    # kinds and themes are the partners' only
    assert Filters(kinds=("twinning",), themes=("water",)).member_mask(ex).all()


def _continent(code):
    from citylinks.geo.countries import country_continents

    return country_continents()[code]


# --- time ------------------------------------------------------------------------------------


def test_tim001_in_force_is_todays_view_with_the_years_new_ones(ex):
    for year in (1956, 1997, 2004, 2019, NOW):
        masks = period_masks(ex, year)
        assert np.array_equal(masks.shown, ex.in_force(year))
        assert np.array_equal(masks.new, masks.shown & (ex.partner_year == year))
        assert not (masks.new & masks.earlier).any()
        assert np.array_equal(masks.new | masks.earlier, masks.shown)
    assert _cities(ex, period_masks(ex, 1997).new) == {
        "Beijing",
        "Prague",
        "Riyadh",
        "Saint Petersburg",
        "Santiago de Chile",
        "Tbilisi",
    }


def test_tim002_signed_between_1990_and_2005(ex):
    window = focus(ex, 2005, period=Period("signed", 1990))
    ins = ex.data.instruments
    signed = set(ins[(ins["year"] >= 1990) & (ins["year"] <= 2005)]["city"])
    assert _cities(ex, window.shown) == signed
    assert len(signed) == 32
    assert {"Seoul", "Moscow", "Beijing", "London", "Québec", "Copenhagen"} <= signed
    assert not {"Rome", "Kyoto", "Tokyo", "Berlin", "Montreal"} & signed
    # every one of them is a new partner in that window; none was renewed
    assert np.array_equal(window.new, window.shown)
    assert not window.renewed.any()


def test_tim003_signed_between_keeps_what_has_ended_since_and_later_instruments(ex):
    # Barcelona (2016-2019) and Phnom Penh (2016-2018) are no longer in force in 2020
    window = focus(ex, 2020, period=Period("signed", 2015))
    assert {"Barcelona", "Phnom Penh"} <= _cities(ex, window.shown)
    assert not {"Barcelona", "Phnom Penh"} & _cities(ex, ex.in_force(2020))
    # Tokyo (1982) signed in 2015, 2017 and 2018: shown, not new, renewed
    assert "Tokyo" in _cities(ex, window.renewed)
    assert "Tokyo" not in _cities(ex, window.new)
    assert np.array_equal(window.renewed, window.earlier)
    # a kind within the window: cooperation agreements signed in 2009-2010
    coop = focus(
        ex, 2010, period=Period("signed", 2009), filters=Filters(kinds=("cooperation_agreement",))
    )
    assert _cities(ex, coop.shown) == {"Berlin", "Istanbul", "Rio de Janeiro"}
    # Tokyo's cooperation agreements were signed later than 2010: not in 2009-2010
    assert "Tokyo" not in _cities(ex, coop.shown)
    # a theme within the window: heritage, 1990 to 2005
    heritage = focus(ex, 2005, period=Period("signed", 1990), filters=Filters(themes=("heritage",)))
    assert _cities(ex, heritage.shown) == {"Prague"}


def test_tim004_new_since(ex):
    since = focus(ex, NOW, period=Period("new", 2015))
    assert np.array_equal(since.shown, ex.in_force(NOW))
    assert _cities(ex, since.new) == {
        "Abidjan",
        "Baghdad",
        "Belém",
        "Brazzaville",
        "Cotonou",
        "Douala",
        "Hamburg",
        "Kigali",
        "Kyiv",
        "Los Angeles",
        "N'Djamena",
        "Nouakchott",
    }
    assert not (since.new & since.earlier).any()
    assert np.array_equal(since.new | since.earlier, since.shown)
    # what existed before 2015, among which those with an instrument signed since
    assert np.array_equal(since.earlier, ex.in_force(NOW) & (ex.partner_year < 2015))
    assert {"Tokyo", "Rome", "Lisbon", "Montreal", "Rabat"} <= _cities(ex, since.renewed)
    assert not since.renewed[~since.earlier].any()
    assert "Seoul" in _cities(ex, since.earlier) - _cities(ex, since.renewed)
    # new since 2015 as of 2020: Barcelona's 2016 agreement has ended by then
    assert "Barcelona" not in _cities(ex, focus(ex, 2020, period=Period("new", 2015)).shown)
    # new since Y as of Y is "in force" as of Y
    for year in (1997, 2004, NOW):
        same = focus(ex, year, period=Period("new", year))
        today = focus(ex, year)
        assert all(
            np.array_equal(getattr(same, f.name), getattr(today, f.name))
            for f in dataclasses.fields(same)
        )


def test_tim005_the_network_filter_in_a_window(ex):
    # "signed between" asks the network filter about the window's last year, in force or not
    window = focus(ex, 2016, ["c40"], "any", period=Period("signed", 2009))
    plain = focus(ex, 2016, period=Period("signed", 2009)).shown
    assert np.array_equal(window.shown, plain & ex.sharing(2016, ["c40"], "any"))
    assert "Rio de Janeiro" in _cities(ex, window.shown)  # ended 2011, Rio was in C40 in 2016
    # sharing is the explorer's filter without "in force"
    for year in (2000, 2005, 2010, 2016, 2020, NOW):
        for ids in (["c40"], ["c40", "aimf"], ["uclg"], ["100rc", "eurocities"], []):
            for mode in MODES:
                assert np.array_equal(
                    ex.in_force(year) & ex.sharing(year, ids, mode), ex.shown(year, ids, mode)
                ), (year, ids, mode)
    with pytest.raises(ValueError, match="mode must be one of"):
        focus(ex, NOW, ["c40"], "some")


def test_tim006_period_windows():
    assert Period().window(2000) == (-np.inf, 2000)
    assert Period("signed", 1990).window(2005) == (1990, 2005)
    assert Period("new", 2015).window(NOW) == (-np.inf, NOW)  # kinds, themes: by the year
    assert Period().new_from(2000) == 2000
    assert Period("new", 2015).new_from(NOW) == 2015
    for bad in (("later", None), ("signed", None), ("new", None), ("in_force", 1990)):
        with pytest.raises(ValueError):
            Period(*bad)


# --- what the page offers --------------------------------------------------------------------


def test_fil010_choices_offered(ex):
    choices = filter_choices(ex)
    assert filter_choices(ex) is choices  # once per dataset
    kinds = {c.value: c for c in choices.kinds}
    assert list(kinds) == list(AGREEMENT_TYPES)  # the bundled data has every kind
    assert (kinds["twinning"].en, kinds["twinning"].fr, kinds["twinning"].partners) == (
        "Twinning",
        "Jumelage",
        1,
    )
    regions = {c.value: (c.en, c.fr) for c in choices.regions}
    assert regions == {
        "AF": ("Africa", "Afrique"),
        "AS": ("Asia", "Asie"),
        "EU": ("Europe", "Europe"),
        "NA": ("North America", "Amérique du Nord"),
        "SA": ("South America", "Amérique du Sud"),
        "OC": ("Oceania", "Océanie"),
        LATIN_AMERICA: ("Latin America", "Amérique latine"),
    }
    assert {c.value: c.partners for c in choices.regions}[LATIN_AMERICA] == 7  # Rio included
    countries = {c.value: c for c in choices.countries}
    assert (countries["JP"].en, countries["JP"].fr, countries["JP"].partners) == (
        "Japan",
        "Japon",
        2,
    )
    # members' and event places' countries are offered too (no partner there)
    assert countries["ZA"].partners == 0
    assert countries["AE"].fr == "Émirats arabes unis"
    themes = {c.value: c for c in choices.themes}
    assert (themes["heritage"].en, themes["heritage"].fr) == ("heritage", "patrimoine")
    assert themes["heritage"].partners == 9
    assert themes["youth and start ups"].label("fr") == "jeunesse et start-up"
    assert all(c.partners >= 1 for c in choices.themes)
    # every choice keeps what it says it keeps
    assert Filters(themes=("heritage",)).mask(ex, 10**6).sum() == 9


def test_fil011_choices_in_the_page_language_order(ex):
    countries = filter_choices(ex).countries
    fr = [c.fr for c in sort_choices(countries, "fr")]
    assert fr.index("Égypte") < fr.index("Espagne") < fr.index("États-Unis")
    en = [c.en for c in sort_choices(countries, "en")]
    assert en.index("Egypt") < en.index("Spain") < en.index("United States")
    with pytest.raises(ValueError):
        sort_choices(countries, "de")


def test_fil012_reading_values_from_outside(ex):
    choices = filter_choices(ex)
    assert read_filter_value("kinds", "twinning", choices) == "twinning"
    assert read_filter_value("kinds", "Jumelage", choices) == "twinning"
    assert read_filter_value("kinds", "alliance", choices) is None
    assert read_filter_value("regions", "419", choices) == LATIN_AMERICA
    assert read_filter_value("regions", "Amérique latine", choices) == LATIN_AMERICA
    assert read_filter_value("regions", "AN", choices) is None  # no Antarctic city here
    assert read_filter_value("countries", "jp", choices) == "JP"
    assert read_filter_value("countries", "Japon", choices) == "JP"
    assert read_filter_value("countries", "NZ", choices) == "NZ"  # Auckland is in C40
    assert read_filter_value("countries", "IS", choices) is None  # no Icelandic city here
    assert read_filter_value("themes", "Conservation du patrimoine", choices) == (
        "heritage conservation"
    )
    assert read_filter_value("themes", "x" * 1000, choices) is None
    # without the data's choices: any valid value
    assert read_filter_value("regions", "AN") == "AN"
    assert read_filter_value("countries", "is") == "IS"
    assert read_filter_value("countries", "XX") is None
    assert read_filter_value("themes", "Héritage!") == "heritage"
    assert read_filter_value("themes", "--") is None
    with pytest.raises(ValueError):
        read_filter_value("colours", "red")


def test_fil013_canonical_filters():
    a = Filters.of(
        kinds=["memorandum", "twinning", "twinning"],
        regions=["419", "EU"],
        countries=["JP", "CN"],
        themes=["water", "culture"],
    )
    assert a == Filters(
        kinds=("twinning", "memorandum"),
        regions=("EU", "419"),
        countries=("CN", "JP"),
        themes=("culture", "water"),
    )
    assert hash(a) == hash(
        Filters.of(
            kinds=["twinning", "memorandum"],
            regions=["EU", "419"],
            countries=["CN", "JP"],
            themes=["culture", "water"],
        )
    )
    assert not a.empty


def test_fil014_fast_and_built_once(ex, dataset):
    index = filter_index(ex)
    assert filter_index(ex) is index is filter_index(index)
    assert filter_index(dataset) is filter_index(dataset)
    assert filter_index(dataset).explorer.data is dataset
    filters = Filters.of(
        kinds=["cooperation_agreement", "declaration"], regions=["EU", "AS"], themes=["culture"]
    )
    focus(ex, 2010, ["c40"], "any", filters, Period("signed", 1990))
    start = time.perf_counter()
    rounds = 200
    for year in range(rounds):
        focus(ex, 1900 + year % 127, ["c40"], "any", filters, Period("signed", 1900))
    assert (time.perf_counter() - start) / rounds < 0.01  # ~0.6 ms on a laptop


def test_fil015_each_choice_counts_the_partners_its_filter_keeps(ex, tmp_path):
    """The counts the page shows beside each choice are those of the filter it makes (the
    countries' and the themes' are counted at once, the others by their masks), on the
    bundled data and on generated data with countries that have members or events only."""
    from bench.generate import generate

    folder = tmp_path / "generated"
    generate(300, folder)
    for source in (ex, Explorer(load_dataset(folder))):
        choices = filter_choices(source)
        facets = {"kinds": choices.kinds, "regions": choices.regions}
        facets |= {"countries": choices.countries, "themes": choices.themes}
        assert source is not ex or all(facets.values())  # the bundled data has each facet
        for facet, offered in facets.items():
            for choice in offered:
                kept = Filters(**{facet: (choice.value,)}).mask(source, 10**6)
                assert choice.partners == int(kept.sum()), (facet, choice)
