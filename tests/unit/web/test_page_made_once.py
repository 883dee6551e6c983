"""The main map's page is made once per language (app.py `page`): Dash asks for it when the app
is made, at the first request and at every visit (/_dash-layout). Only the main map's is kept
(a saved map or a story may change while the server runs)."""

from __future__ import annotations

import app as app_module
from components import ids


def test_page001_the_main_page_is_made_once_per_language(monkeypatch):
    made: list[str] = []
    real = app_module.page_layout

    def counted(served, t, *args, **kwargs):
        made.append(f"{served.key.kind} {t.lang}")
        return real(served, t, *args, **kwargs)

    monkeypatch.setattr(app_module, "page_layout", counted)
    dash_app = app_module.create_app(imports=False)
    client = dash_app.server.test_client()
    answers = {}
    for _ in range(3):
        for lang in ("en", "fr"):
            client.get("/", headers={"Accept-Language": lang})
            layout = client.get("/_dash-layout", headers={"Accept-Language": lang})
            assert layout.status_code == 200
            answers.setdefault(lang, set()).add(layout.data)
    assert sorted(made) == ["main en", "main fr"]
    assert all(len(bodies) == 1 for bodies in answers.values())
    assert answers["en"] != answers["fr"]  # each in its language
    assert f'"{ids.MAP}"'.encode() in next(iter(answers["fr"]))
