"""Unit-test fixtures: one app on the bundled data per test module."""

from __future__ import annotations

import pytest

from app import create_app


@pytest.fixture(scope="module")
def app(dataset):
    return create_app(data=dataset)
