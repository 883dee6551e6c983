"""Imported cities' names in both languages (citylinks/importing/prepare.py's `city_names`):
a French file's names as typed are the French ones and the gazetteer's the English ones, an
English file's names as typed the English ones; and how a file's language is known
(citylinks/importing/columns.py's `file_language`)."""

from __future__ import annotations

import datetime as dt

import pytest

from citylinks.i18n.catalogue import texts
from citylinks.importing.columns import file_language, guess_mapping
from citylinks.importing.folder import write_folder
from citylinks.importing.places import parse_home
from citylinks.importing.prepare import prepare
from citylinks.importing.source import read_source
from citylinks.render.wording import city_names

TODAY = dt.date(2026, 11, 22)
FRENCH = (
    "Ville;Pays;Année;Type d'accord\n"
    "Francfort-sur-le-Main;Allemagne;1960;Jumelage\n"
    "Erevan;Arménie;1998;Amitié\n"
    "Canton;Chine;1997;Amitié\n"
    "Turin;Italie;1956;Jumelage\n"
)
ENGLISH = (
    "City,Country,Year,Agreement\n"
    "Frankfurt,Germany,1960,twinning\n"
    "Yerevan,Armenia,1998,friendship\n"
    "Guangzhou,China,1997,friendship\n"
)


def _prepare(text: str, name: str = "partners.csv", **options):
    return prepare(read_source(name, text.encode("utf-8")), today=TODAY, **options)


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (["Ville", "Pays", "Année"], [], "fr"),
        (["Nom", "Code pays", "Date de signature", "Type"], [], "fr"),
        (["City", "Country", "Year"], [], "en"),
        (["Partner city", "Country code", "Date signed", "Source"], [], "en"),
        # Headers of both languages (or of neither): the country and agreement cells say.
        (["City", "Pays", "Date"], [["Turin", "Italie", "1956"]], "fr"),
        (["City", "Pays", "Date"], [["Turin", "Italy", "1956"]], "en"),
        (["City", "Pays", "Date"], [["Lyon", "France", "1956"]], "en"),  # nothing says
        (["Ville", "Country", "Type"], [["Turin", "IT", "Jumelage"]], "fr"),
    ],
)
def test_imn001_the_language_of_a_file(header, rows, expected):
    mapping = guess_mapping(header)
    column_of = {target: column for target, column in mapping.items() if column}
    assert file_language(header, rows, column_of) == expected


def test_imn002_a_french_files_names_are_the_french_ones():
    result = _prepare(FRENCH)
    assert result.language == "fr" and result.rejected == [] and result.pending == []
    partners = result.partners
    assert list(partners["city"]) == ["Frankfurt am Main", "Yerevan", "Guangzhou", "Turin"]
    assert list(partners["city_fr"]) == ["Francfort-sur-le-Main", "Erevan", "Canton", "Turin"]
    assert "Frankfurt am Main, DE" in partners.iloc[0]["coord_source"]


def test_imn003_each_page_shows_its_languages_name(tmp_path):
    data = write_folder(_prepare(FRENCH), parse_home("Lyon, FR"), tmp_path / "lyon")
    english = city_names(texts("en"), data.partners)
    french = city_names(texts("fr"), data.partners)
    assert sorted(english) == ["Frankfurt am Main", "Guangzhou", "Turin", "Yerevan"]
    assert sorted(french) == ["Canton", "Erevan", "Francfort-sur-le-Main", "Turin"]


def test_imn004_an_english_files_names_are_the_english_ones():
    result = _prepare(ENGLISH)
    assert result.language == "en" and result.rejected == []
    assert list(result.partners["city"]) == ["Frankfurt", "Yerevan", "Guangzhou"]
    assert list(result.partners["city_fr"]) == ["", "", ""]  # the French page shows these
    assert "Frankfurt am Main, DE" in result.partners.iloc[0]["coord_source"]
    # With a column of French names, they are the French ones.
    named = _prepare("City,French name,Country,Year\nFrankfurt,Francfort,Germany,1960\n")
    assert (named.partners.iloc[0]["city"], named.partners.iloc[0]["city_fr"]) == (
        "Frankfurt",
        "Francfort",
    )


def test_imn005_the_caller_may_say_the_language():
    as_english = _prepare(FRENCH, language="en")
    assert as_english.language == "en"
    assert list(as_english.partners["city"])[:3] == ["Francfort-sur-le-Main", "Erevan", "Canton"]
    as_french = _prepare(ENGLISH, language="fr")
    assert list(as_french.partners["city"]) == ["Frankfurt am Main", "Yerevan", "Guangzhou"]
    assert list(as_french.partners["city_fr"]) == ["Frankfurt", "Yerevan", "Guangzhou"]


def test_imn006_two_spellings_of_one_city_are_one_city():
    result = _prepare(
        "Ville;Pays;Année\nFrancfort-sur-le-Main;Allemagne;1960\nFrancfort;Allemagne;1961\n"
    )
    assert list(result.partners["city"]) == ["Frankfurt am Main"]
    [problem] = result.problems
    assert (problem.line, problem.code) == (3, "row.same_city")


def test_imn007_names_the_gazetteer_did_not_give_stay_as_typed():
    # Coordinates from the file: no gazetteer name, the name as typed in both languages.
    given = _prepare("Ville;Pays;Année;Latitude;Longitude\nErevan;Arménie;1998;40,18;44,51\n")
    assert (given.partners.iloc[0]["city"], given.partners.iloc[0]["city_fr"]) == (
        "Erevan",
        "Erevan",
    )
    # A place chosen among several: the gazetteer's name for English.
    content = "Ville;Pays;Année\nSpringfield;États-Unis;2001\n"
    [pending] = _prepare(content).pending
    chosen = _prepare(content, choices={2: pending.candidates[0].geonameid})
    assert list(chosen.partners["city"]) == [pending.candidates[0].name]
    assert list(chosen.partners["city_fr"]) == ["Springfield"]
