"""web/gunicorn_setup.py: import tokens are redacted from gunicorn's access log."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from gunicorn.config import Config

from web.gunicorn_setup import RedactingLogger, redact

TOKEN = "AbCdEfGhIjKlMnOpQrStUv"


def test_gun001_tokens_are_taken_out_of_paths_queries_and_referrers():
    assert redact(f"GET /imported/{TOKEN}/_dash-layout HTTP/1.1") == (
        "GET /imported/<token>/_dash-layout HTTP/1.1"
    )
    assert redact(f"year=2000&token={TOKEN}&lang=fr") == "year=2000&token=<token>&lang=fr"
    assert redact("/_citylinks/view?year=2000") == "/_citylinks/view?year=2000"


def test_gun002_the_access_log_atoms_carry_no_token():
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/imported/{TOKEN}/?token={TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/imported/{TOKEN}/",
        "QUERY_STRING": f"token={TOKEN}",
        "HTTP_REFERER": f"http://127.0.0.1/imported/{TOKEN}/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(0))
    assert TOKEN not in "".join(str(atoms[k]) for k in ("r", "U", "q", "f"))
    assert atoms["r"] == "GET /imported/<token>/?token=<token> HTTP/1.1"
