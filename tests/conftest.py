"""Shared fixtures: the bundled corpus, indexed once per test session in a temp dir."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    """An index home built from the bundled corpus/ (the five seed articles)."""
    from searchapp.indexing.build import build_index

    home = tmp_path_factory.mktemp("seed-index")
    summary = build_index([str(CORPUS)], home, jobs=2)
    assert summary.indexed == 5 and summary.problems == []
    return home


@pytest.fixture(scope="session")
def engine(seed_index):
    from searchapp.search import SearchEngine

    return SearchEngine(seed_index)


@pytest.fixture()
def app(seed_index):
    from searchapp import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()
