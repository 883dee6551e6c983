"""Golden outputs: what the routes, the page layout, the command line and every problem
message say today, in English and French, with the date pinned. A redesign keeps them
byte-identical; a change of behaviour updates them on purpose, with
`CITYLINKS_GOLDEN=record .venv/bin/python -m pytest tests/golden` (then read the diff)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from app import create_app
from citylinks.__main__ import main
from tests.unit.importing.test_import_french import _messages, in_language

EXPECTED = Path(__file__).resolve().parent / "expected"
ROOT = Path(__file__).resolve().parents[2]
RECORD = os.environ.get("CITYLINKS_GOLDEN") == "record"
TODAY = "2026-12-01"
QUERIES = [
    "year=1956&mode=show",
    "year=1990&mode=show",
    "year=2004&mode=show&city=Casablanca&country_code=MA",
    "year=2016&network=c40&mode=any",
    "year=2026&network=c40&network=uclg&mode=all&city=Tokyo&country_code=JP",
    "year=2026&network=eurocities&mode=show&lang=fr",
    "year=1800&mode=show",
    "year=2000&network=nope&mode=odd",
]
STATE_QUERIES = [
    "",
    "?year=2010&network=c40&mode=any&city=Tokyo&country=JP&present=1&lang=fr",
    "?year=1700&network=nope&mode=x&city=Atlantis&country=ZZ",
]


def _check(name: str, text: str) -> None:
    path = EXPECTED / name
    if RECORD:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden output {name}: record them first"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden output"


@pytest.fixture
def client(monkeypatch, dataset):
    monkeypatch.setenv("CITYLINKS_TODAY", TODAY)
    return create_app(data=dataset, imports=False).server.test_client()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_gold001_view_table_and_snapshot_routes(client, lang):
    headers = {"Accept-Language": lang}
    for number, query in enumerate(QUERIES):
        for route in ("view", "table"):
            answer = client.get(f"/_citylinks/{route}?{query}", headers=headers)
            text = f"{answer.status_code}\n{answer.get_data(as_text=True)}\n"
            _check(f"{route}/{lang}-{number}.txt", text)
    for number, query in enumerate(QUERIES[2:4]):
        # The snapshot route takes its language from the link (the page puts lang= in it).
        answer = client.get(f"/_citylinks/snapshot?{query}&theme=dark&lang={lang}", headers=headers)
        page = answer.get_data(as_text=True)
        # plotly.js (3 MB) is the vendored bundle as it is: only the page around it is kept.
        page = re.sub(r"(<script>)/\*\*.*?(</script>)", r"\1[plotly.js]\2", page, flags=re.S)
        _check(f"snapshot/{lang}-{number}.html", f"{answer.status_code}\n{page}\n")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_gold002_state_route_and_layout(client, lang):
    headers = {"Accept-Language": lang}
    for number, query in enumerate(STATE_QUERIES):
        answer = client.get(f"/_citylinks/state{query}", headers=headers)
        _check(f"state/{lang}-{number}.txt", f"{answer.status_code}\n{answer.get_data(True)}\n")
    layout = client.get("/_dash-layout", headers=headers).get_json()
    _check(
        f"layout/{lang}.json",
        json.dumps(layout, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
    )


def test_gold003_every_problem_message_in_both_languages(monkeypatch):
    monkeypatch.setenv("CITYLINKS_TODAY", TODAY)
    messages = sorted(set(_messages()))
    lines = [f"{m}\n  fr: {in_language(m, 'fr')}" for m in messages]
    _check("problems.txt", "\n".join(lines) + "\n")


def test_gold004_the_command_lines_messages(monkeypatch, tmp_path, capsys, data_copy):
    monkeypatch.setenv("CITYLINKS_TODAY", TODAY)
    partners = data_copy / "partners.csv"
    text = partners.read_text(encoding="utf-8-sig")
    text = text.replace(",1958,", ",19x8,", 1).replace(",1982,", ",2091,", 1)
    partners.write_text(text, encoding="utf-8-sig")
    outputs = []
    for argv in (
        ["check"],
        ["check", str(data_copy)],
        ["import", "FILE", "--home", "Lyon, FR", "--out", "OUT"],
        ["import", "FILE", "--home", "Lyon, Atlantis", "--out", "OUT"],
    ):
        spreadsheet = tmp_path / "jumelages.csv"
        spreadsheet.write_text(
            "Ville;Pays;Année;Type\nTurin;Italie;1956;Jumelage\nSpringfield;États-Unis;2001;"
            "Amitié\nEdinbrugh;Royaume-Uni;1994;Jumelage\nAtlantisville;France;1990;vente\n",
            encoding="utf-8",
        )
        argv = [
            a.replace("FILE", str(spreadsheet)).replace("OUT", str(tmp_path / "o")) for a in argv
        ]
        status = main(argv)
        printed = capsys.readouterr()
        outputs.append(f"$ {' '.join(argv)}\nexit {status}\n{printed.out}{printed.err}")
    text = "\n".join(outputs).replace(str(tmp_path), "TMP").replace(str(ROOT), "ROOT")
    _check("cli.txt", text)
