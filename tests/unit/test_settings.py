"""citylinks/settings.py: every setting documented in the README, the environment checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citylinks.settings import LIMITS, VARIABLES, Settings, limit_names

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_set001_every_variable_and_limit_is_in_the_readme():
    missing = [v.name for v in VARIABLES if f"`{v.name}`" not in README]
    missing += [name for name in limit_names() if f"`{name}`" not in README]
    assert not missing, f"not in the README's Settings section: {missing}"


def test_set002_the_environment_read_and_checked():
    settings = Settings.from_environment(
        {
            "HOST": "0.0.0.0",
            "PORT": "8080",
            "CITYLINKS_DATA": "/srv/data",
            "CITYLINKS_DEBUG": "1",
            "CITYLINKS_TODAY": "2026-12-01",
            "CITYLINKS_STATE_DIR": "/srv/state",
        }
    )
    assert settings == Settings(
        host="0.0.0.0",
        port=8080,
        data_dir=Path("/srv/data"),
        state_dir=Path("/srv/state"),
        debug=True,
        today=dt.date(2026, 12, 1),
    )
    assert Settings.from_environment({}) == Settings()
    with pytest.raises(ValueError, match="PORT must be a port number"):
        Settings.from_environment({"PORT": "80a"})
    with pytest.raises(ValueError, match="CITYLINKS_TODAY must be a date"):
        Settings.from_environment({"CITYLINKS_TODAY": "tomorrow"})
    assert LIMITS.import_bytes == 5 * 1024 * 1024
