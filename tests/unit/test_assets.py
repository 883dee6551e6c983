"""The page's scripts in assets/ name components by their ids: each one must exist."""

from __future__ import annotations

import re
from pathlib import Path

from components import ids

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_asset001_every_id_a_script_uses_is_a_component_id():
    known = {value for name, value in vars(ids).items() if name.isupper()}
    used = set()
    for script in ASSETS.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:click|getElementById)\("([\w-]+)"\)', text))
        used |= set(re.findall(r"querySelectorAll?\(\"#([\w-]+)", text))
    assert used, "the scripts were expected to name components"
    assert used <= known, f"not in components/ids.py: {sorted(used - known)}"
