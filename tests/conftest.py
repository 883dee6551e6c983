"""Shared fixtures: the bundled data folder and a way to make small broken copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citylinks.dataset.loading import DEFAULT_DATA_DIR, load_dataset
from tests.postgres import postgres, postgres_url  # noqa: F401 (fixtures for every test)

# Asserts in the browser harness (PageLog.assert_clean) report what they found, as in tests.
pytest.register_assert_rewrite("harness")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DEFAULT_DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
