"""Shared fixtures: a private PostgreSQL server (started on first use) and a store on each backend."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings
from pgserver import PgServer, find_bindir

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of our own for the session (skips when PostgreSQL is not installed)."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (make setup installs them)")
    server = PgServer(bindir).start()
    yield server
    server.stop()


@pytest.fixture()
def pg_url(pg_server):
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A database location for each backend: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return request.getfixturevalue("pg_url")


# ---- quality gates: `pytest --update-floors` re-pins tests/quality_floors.json at the measured figures
def pytest_addoption(parser):
    parser.addoption("--update-floors", action="store_true", default=False,
                     help="re-pin quality floors at the measured figures (say why in the commit)")


@pytest.fixture()
def update_floors(request) -> bool:
    return bool(request.config.getoption("--update-floors"))


# CI runs the property tests with fixed examples, so a green main stays green; locally they explore freely.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="module")
def pipeline():
    """The real pipeline without places (the coder's tests; a module may define its own)."""
    from eventwire.pipeline import Pipeline

    return Pipeline(use_geo=False, errors="raise")
