"""Headers, request limits and error answers of the server, through Flask's test client."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from dashrequests import post_callback

from app import create_app
from web.security import MAX_REQUEST_BYTES


@pytest.fixture
def client(app):
    return app.server.test_client()


def test_sec001_page_has_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self' 'sha256-")
    assert "unsafe-eval" not in policy
    assert "unsafe-inline" not in directives["script-src"]
    for name in ("connect-src", "img-src", "font-src"):
        assert directives[name].split()[0] == "'self'"
        assert "http" not in directives[name]
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_sec002_every_inline_script_of_the_page_is_hashed(client, app):
    page = client.get("/").get_data(as_text=True)
    inline = page.count("<script>")
    assert inline >= 1
    assert len(app.csp_hashes()) >= inline


def test_sec002b_the_hashes_are_only_of_dashs_own_inline_scripts(client, app):
    """Every clientside callback is in assets/: the only inline script is Dash's renderer's
    start, and the page's constants are a JSON block that no browser runs."""
    page = client.get("/").get_data(as_text=True)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)  # Dash's note for Internet Explorer
    assert app._inline_scripts == []
    assert app.csp_hashes() == [f"'sha256-{_sha256(app.renderer)}'"]
    running = r"<script(?![^>]*(?:\bsrc=|application/json))[^>]*>(.*?)</script>"
    assert re.findall(running, page, flags=re.S) == [app.renderer]
    block = re.search(r'<script id="citylinks-constants" type="application/json">(.*?)</', page)
    assert block and json.loads(block.group(1))["first"] == 1956


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def test_sec003_oversized_body_gets_413_before_it_is_read(client):
    response = client.post(
        "/_dash-update-component",
        data=b"x" * (MAX_REQUEST_BYTES + 1),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.get_json() == {"error": f"request body over {MAX_REQUEST_BYTES:,} bytes"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "the body must be a JSON object"),
        ("[1, 2]", "the body must be a JSON object"),
        ('{"output": "nope.children"}', "unknown callback output"),
        ('{"output": "details-panel.title"}', "unknown callback output"),  # clientside
        ('{"output": "selected-city.data", "outputs": []}', "outputs do not match the callback"),
        (
            '{"output": "selected-city.data", "outputs": {"id": "selected-city", '
            '"property": "data"}, "inputs": []}',
            "inputs do not match the callback",
        ),
    ],
)
def test_sec004_malformed_callback_request_gets_400(client, body, message):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": f"invalid callback request: {message}"}


def test_sec005_errors_never_show_a_traceback_or_werkzeug_page(dataset):
    app = create_app(data=dataset)

    @app.server.route("/_test-boom")
    def boom():
        raise RuntimeError("secret detail /work/main/app.py")

    client = app.server.test_client()
    response = client.get("/_test-boom")
    assert response.status_code == 500
    assert response.get_json() == {"error": "Internal Server Error"}
    missing = client.get("/assets/no-such-file.css")
    assert missing.status_code == 404
    assert missing.get_json() == {"error": "Not Found"}
    for path in ("/_dash-component-suites/dash/nope.js", "/_dash-component-suites/x/y.js"):
        script = client.get(path)
        assert script.status_code == 404
        assert script.get_json() == {"error": "Not Found"}
    wrong_method = client.get("/_dash-update-component")
    assert wrong_method.status_code == 405
    pages = (response, missing, wrong_method)
    for text in (page.get_data(as_text=True) for page in pages):
        assert "Traceback" not in text and "/work" not in text and "Werkzeug" not in text


def test_sec006_callbacks_answer_forged_values_with_no_change(client, app):
    cases = [
        ("selected-city.data", [{"points": "nope"}], None),
        ("..year-slider.value", [1, "x", None], ["<script>", "yes", "xx"]),
        (
            "..details-body.children",
            [{"city": ["x"], "country_code": 5}, 1e308],
            [float("nan"), 0, ["fr"]],
        ),
    ]
    for prefix, inputs, state in cases:
        key = next(key for key in app.callback_map if key.startswith(prefix))
        response = post_callback(client, app, key, inputs, state or [])
        assert response.status_code in (200, 204), (prefix, response.get_data(as_text=True))
