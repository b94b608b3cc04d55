"""Shared fixtures. The evaluation data and the example article live outside the repo, in
`shared/` beside the checkout; tests find it there or through $DETENTE_SHARED."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests derandomized, so a landing never hangs on a lucky draw; run them
# locally (without CI set) to keep searching new inputs.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    candidates = [os.environ.get("DETENTE_SHARED"), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "examples").is_dir():
            return Path(candidate)
    raise RuntimeError("shared/ not found beside the checkout: set DETENTE_SHARED to its path")


@pytest.fixture(scope="session")
def shared() -> Path:
    return shared_dir()


@pytest.fixture(scope="session")
def example_article(shared: Path) -> Path:
    return shared / "examples" / "china-nato-dialogue-2024-03-15.txt"


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory, example_article: Path) -> Path:
    "A database coded from the example article, once per test session (read it, do not write)."
    from detente.coding.pipeline import Pipeline
    from detente.store import Store

    db = tmp_path_factory.mktemp("example-store") / "example.duckdb"
    with Store(db) as store:
        Pipeline().run([str(example_article)], store)
    return db
