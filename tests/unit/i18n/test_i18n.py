"""Languages: the catalogues agree, every text the code asks for exists, French formats, and
the language a request gets (link, cookie, browser)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np

from citylinks.dataset.schemas import AGREEMENT_CONFIDENCE, AGREEMENT_TYPES, INSTRUMENT_ACTIONS
from citylinks.i18n.catalogue import LANGUAGES, catalogue, texts
from citylinks.model.explorer import MODES, Explorer
from citylinks.model.viewstate import parse_query, to_query
from citylinks.render.map import MapFigures
from components.language import COOKIE
from components.summary import CARDS

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")  # {name}, or {name:,} for a number
# A problem's code: dotted words ("value.not_a_year"), as the modules that make problems write
# them; file names (partners.csv) are not codes.
PROBLEM_CODE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$")
FILE_NAME = re.compile(r"\.(?:csv|json|xlsx?|sqlite3)$")
PROBLEM_MAKERS = [
    "citylinks/dataset",
    "citylinks/geo",
    "citylinks/importing",
    "citylinks/model/story.py",
    "citylinks/model/story_checks.py",
    "citylinks/storage",
    "citylinks/__main__.py",
]


def test_i18n001_every_language_has_every_key_with_the_same_placeholders():
    english = catalogue("en")
    for lang in LANGUAGES:
        other = catalogue(lang)
        assert set(other) == set(english), f"{lang}: keys missing or extra"
        for key, text in english.items():
            assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), key
            assert other[key].strip(), f"{lang}: {key} is empty"


def _keys_used_in_code() -> set[str]:
    used = set()
    call = re.compile(r"""\b(?:t|self\.texts|texts\([^)]*\))(\.count)?\(\s*"([a-z_]+\.[a-z_]+)\"""")
    for path in [
        ROOT / "app.py",
        *(ROOT / "components").glob("*.py"),
        *(ROOT / "web").glob("*.py"),
        *(ROOT / "citylinks").rglob("*.py"),
    ]:
        for counted, key in call.findall(path.read_text(encoding="utf-8")):
            used.update({f"{key}_one", f"{key}_other"} if counted else {key})
    # Keys made from a value: one per value.
    used.update(f"agreement.{a}" for a in AGREEMENT_TYPES)
    used.update(f"confidence.{c}" for c in AGREEMENT_CONFIDENCE)
    used.update(f"instrument.{a}" for a in (*INSTRUMENT_ACTIONS, "first"))
    used.update(
        f"instrument.status.{s}" for s in ("in_force", "renewed", "replaced", "ended", "later")
    )
    used.update(f"mode.{m}" for m in MODES)
    used.update(f"card.{c}" for c in CARDS)
    used.update(f"confidence.{c}" for c in ("verified", "unverified"))
    used.update(f"status.empty_filter_{m}" for m in ("any", "all"))
    return used


def test_i18n002_every_text_the_code_asks_for_is_in_the_catalogues():
    used = _keys_used_in_code()
    assert len(used) > 60  # the scan finds the calls
    missing = sorted(used - set(catalogue("en")))
    assert missing == []
    raw = json.loads(
        (ROOT / "citylinks" / "i18n" / "locales" / "fr.json").read_text(encoding="utf-8")
    )
    assert set(raw) == set(catalogue("en"))


def _problem_codes_in_code() -> set[str]:
    """Every code the modules that make problems write (string constants of dotted words)."""
    codes = set()
    for place in PROBLEM_MAKERS:
        path = ROOT / place
        for module in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            tree = ast.parse(module.read_text(encoding="utf-8"))
            constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
            codes.update(
                text
                for text in constants
                if isinstance(text, str)
                and PROBLEM_CODE.match(text)
                and not FILE_NAME.search(text)
                # the store's tables' columns ("maps.id") are dotted words too
                and (place != "citylinks/storage" or text.startswith("storage."))
            )
    return codes


def test_i18n008_every_problem_code_has_its_texts_and_every_problem_text_is_used():
    codes = _problem_codes_in_code()
    assert len(codes) > 60  # the scan finds the codes
    for lang in LANGUAGES:
        missing = sorted(c for c in codes if f"problem.{c}" not in catalogue(lang))
        assert missing == [], lang
    keys = [k.removeprefix("problem.") for k in catalogue("en") if k.startswith("problem.")]
    # A list parameter's texts are `problem.<code>.<item>` (and `.separator`).
    unused = [k for k in keys if k not in codes and k.rpartition(".")[0] not in codes]
    assert unused == []
    # The page's parts say problems (Texts.problem), they make none.
    for module in (ROOT / "components").glob("*.py"):
        assert "Problem.of(" not in module.read_text(encoding="utf-8"), module.name


def test_i18n009_problems_in_both_languages():
    en, fr = texts("en"), texts("fr")
    assert en.problem_text("import.cell_too_long", {"length": 20_000, "limit": 10_000}) == (
        "this cell has 20,000 characters; the limit is 10,000"
    )
    assert fr.problem_text("import.cell_too_long", {"length": 20_000, "limit": 10_000}) == (
        "cette cellule a 20\u202f000 caractères\u00a0; la limite est de 10\u202f000"
    )
    # A number the English writes plain stays plain in French too.
    assert fr.problem_text("import.field_count", {"fields": 1200, "columns": 8}).startswith(
        "1200 champs"
    )
    assert en.problem_text("csv.not_utf8", {"byte": 0xE9}).startswith(
        "the file is not UTF-8: byte 0xe9 cannot be decoded"
    )
    # The wording of the loader's lists of allowed values follows the schemas.
    from citylinks.dataset.schemas import CONFIDENCE

    assert en.problem_text(
        "agreement.unknown", {"kinds": ", ".join(AGREEMENT_TYPES), "found": "x"}
    ).startswith(f"is not an agreement type ({', '.join(AGREEMENT_TYPES)})")
    assert " or ".join(CONFIDENCE) in catalogue("en")["problem.confidence.unknown"]


def test_i18n003_french_and_english_formats():
    fr, en = texts("fr"), texts("en")
    assert fr.number(9736) == "9\u202f736" and en.number(9736) == "9,736"
    assert fr.date("1982-07-14") == "14 juillet 1982" and en.date("1982-07-14") == "14 July 1982"
    assert fr.date("2002-08") == "août 2002" and fr.date("1958") == "1958"
    assert fr.count("count.partners", 0) == "0 partenaire"  # French counts 0 as one
    assert en.count("count.partners", 0) == "0 partners"
    assert fr.count("count.partners", 1500) == "1\u202f500 partenaires"
    assert fr.join(["C40", "AIMF"]) == "C40 et AIMF"
    assert fr.join(["C40", "AIMF"], "or") == "C40 ou AIMF"
    assert fr.country("GB") == "Royaume-Uni" and en.country("EG") == "Egypt"
    assert fr.country("XK", "Kosovo") in ("Kosovo",)


def test_i18n005_the_french_map(dataset):
    explorer = Explorer(dataset)
    maps = MapFigures(explorer, texts("fr"))
    shown = explorer.shown(2016, ["c40"], "show")
    traces = maps.traces(2016, shown, ["c40"])
    names = [t["name"] for t in traces if t.get("showlegend", True)]
    assert "Membres de C40\u00a0: 29 partenaires, 69 autres" in names
    french = {"Jumelage", "Accord d’amitié et de coopération", "Événements en 2016"}
    assert french <= set(names)
    partners = [t for t in traces if t["meta"].get("role") == "partners"]
    hovers = [h for t in partners for h in t.get("hovertext", [])]
    cairo = next(h for h in hovers if "Caire" in h)
    assert cairo.startswith("<b>Le Caire</b>, Égypte<br>Accord d’amitié et de coopération")
    rome = next(h for h in hovers if h.startswith("<b>Rome"))
    assert "Jumelage du 30 janvier 1956" in rome
    members = next(t for t in traces if t["meta"].get("role") == "members")
    assert any(text.startswith("<b>Singapour</b><br>Membre de C40") for text in members["text"])
    english = MapFigures(explorer).traces(2016, shown, ["c40"])
    assert "C40 members: 29 partners, 69 others" in [t["name"] for t in english]
    assert np.array_equal(shown, explorer.shown(2016, ["c40"], "show"))


def test_i18n006_a_link_keeps_its_language_and_a_bad_one_is_named_in_french():
    state = parse_query("year=2000&lang=fr", [], 1956, 2026)
    assert state.lang == "fr" and state.problems == ()
    assert to_query(state, 2026) == "?year=2000&lang=fr"
    bad = parse_query("lang=de&year=3000&colour=red", [], 1956, 2026, texts("fr"))
    assert bad.lang is None
    assert bad.problems == (
        "l’année '3000' n’est pas comprise entre 1956 et 2026",
        "la langue 'de' ne fait pas partie des langues disponibles (en, fr)",
        "'colour' n’est pas un réglage de cette page",
    )


def _layout_text(response) -> str:
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_i18n007_the_page_language_from_the_link_then_the_browser(app):
    client = app.server.test_client()
    page = client.get("/?lang=fr")
    assert '<html lang="fr">' in page.get_data(as_text=True)
    assert f"{COOKIE}=fr" in page.headers["Set-Cookie"]
    assert "HttpOnly" in page.headers["Set-Cookie"]
    assert "Réseaux de villes" in _layout_text(client.get("/_dash-layout"))
    # A page without `lang` forgets the link's language: the browser's chooses again.
    plain = client.get("/", headers={"Accept-Language": "en-GB,en"})
    assert '<html lang="en">' in plain.get_data(as_text=True)
    assert f"{COOKIE}=;" in plain.headers["Set-Cookie"]
    client.delete_cookie(COOKIE)
    layout = _layout_text(client.get("/_dash-layout", headers={"Accept-Language": "en-GB"}))
    assert "City networks" in layout and "Réseaux de villes" not in layout
    french = client.get("/_dash-layout", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert "Réseaux de villes" in _layout_text(french)
    # The view route answers in the language asked, and refuses one it does not know.
    view = client.get("/_citylinks/view?year=2000&mode=show&lang=fr").get_json()
    assert view["status"] == "Paris\u00a0: 29 partenaires dans 25 pays en 2000"
    assert client.get("/_citylinks/view?year=2000&lang=xx").status_code == 400
