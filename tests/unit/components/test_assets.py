"""The page's scripts in assets/: the ids they name are components/ids.py's (one definition),
they hold every clientside callback (none is written in Python), and each ClientsideFunction
a component names is defined by one of them."""

from __future__ import annotations

import re
from pathlib import Path

from app import create_app
from components import ids

ROOT = Path(__file__).resolve().parents[3]
ASSETS = ROOT / "assets"
DASH_IDS = {"_dash-config"}  # Dash's own elements of the page
ID_PATTERNS = (
    r'(?:click|getElementById|set_props|label)\("([\w-]+)"',
    r"querySelectorAll?\(\"#([\w-]+)",
    r"closest\(\"#([\w-]+)",
    r'trigger === "([\w-]+)"',
    r'\.id = "([\w-]+)"',
)


def _scripts() -> str:
    return "\n".join(s.read_text(encoding="utf-8") for s in sorted(ASSETS.glob("scripts/*.js")))


def test_asset001_every_id_a_script_uses_is_a_component_id():
    known = {value for name, value in vars(ids).items() if name.isupper()} | DASH_IDS
    text = _scripts()
    used = set()
    for pattern in ID_PATTERNS:
        used |= set(re.findall(pattern, text))
    assert {"prev-year", "import-button", "present-button", "theme-button"} <= used
    assert used <= known, f"not in components/ids.py: {sorted(used - known)}"


def test_asset002_no_clientside_callback_is_written_in_python(dataset):
    app = create_app(data=dataset, imports=False)
    inline = [spec for spec in app.callback_map.values() if "callback" not in spec]
    assert inline, "the app was expected to have clientside callbacks"
    for source in [*ROOT.glob("components/*.py"), ROOT / "app.py"]:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"clientside_callback\(\s*f?\"\"\"", text), source.name
    # Dash writes a clientside callback given as a string into the page, as an inline script.
    assert app._inline_scripts == []


def test_asset003_every_clientside_function_is_defined_in_assets(dataset):
    app = create_app(data=dataset)
    named = set()
    for source in ROOT.glob("components/*.py"):
        text = source.read_text(encoding="utf-8")
        named |= set(re.findall(r'function_name="(\w+)"', text))
        named |= set(re.findall(r'clientside\("(\w+)"\)', text))
    defined = set(re.findall(r"^\s{8}(\w+): (?:async )?function", _scripts(), flags=re.M))
    assert named and named <= defined, f"not in assets/: {sorted(named - defined)}"
    assert app.callback_map


def test_asset004_the_gif_encoder_comes_from_this_server_once_asked(dataset):
    """gifenc (vendor/gifenc) is served by the app, as an ES module, and is not in the page."""
    client = create_app(data=dataset, imports=False).server.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "gifenc" not in page
    module = client.get("/_citylinks/vendor/gifenc.esm.js")
    assert module.status_code == 200 and module.mimetype == "application/javascript"
    text = module.get_data(as_text=True)
    assert "GIFEncoder" in text and "sourceMappingURL" not in text
    again = client.get(
        "/_citylinks/vendor/gifenc.esm.js", headers={"If-None-Match": module.headers["ETag"]}
    )
    assert again.status_code == 304
    assert '"version": "1.0.3"' in (ROOT / "vendor" / "gifenc" / "package.json").read_text()
    assert "gifenc.esm.js" in (ASSETS / "scripts" / "exports.js").read_text(encoding="utf-8")
