"""The one table of per-country facts (detente/data/countries.tsv): names, aliases and demonyms
(read by the actor tables), the names places are looked up by (the gazetteer), the FIPS 10-4
code (the GDELT export) and a representative point (events placed only to a country).

    >>> countries = load_countries()
    >>> countries["RUS"].fips, countries["COD"].places[-1]
    ('RS', 'Congo')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry

from ..errors import DataTableError
from .reader import DATA_DIR, read_rows, split_values

__all__ = ["COLUMNS", "Country", "EXTRA_COUNTRY_CODES", "ISO3_CODES", "country_rows", "is_country", "load_countries"]

COUNTRIES_FILE = DATA_DIR / "countries.tsv"
COLUMNS = ("iso3", "name", "aliases", "demonyms", "places", "fips", "lat", "lon")
# a user's countries.tsv may give the actor columns only (iso3, name, aliases, demonyms): it adds
# names to the shipped countries, whose facts stay
FACT_COLUMNS = 4

# Codes that news needs but ISO 3166-1 has not assigned. XKX is the user-assigned code that the
# EU, the IMF, GeoNames and PLOVER use for Kosovo.
EXTRA_COUNTRY_CODES: dict[str, str] = {"XKX": "Kosovo"}
ISO3_CODES: frozenset[str] = frozenset([c.alpha_3 for c in pycountry.countries] + list(EXTRA_COUNTRY_CODES))
_FIPS = re.compile(r"[A-Z]{2}")


def is_country(code: str) -> bool:
    "An ISO 3166-1 alpha-3 code, or one of EXTRA_COUNTRY_CODES."
    return code in ISO3_CODES


@dataclass(frozen=True)
class Country:
    "What detente knows of a country beyond its actor names."

    iso3: str
    name: str
    places: tuple[str, ...]  # gazetteer names; the first, when given, is the place's canonical name
    fips: str | None
    lat: float
    lon: float


def country_rows(path: Path = COUNTRIES_FILE) -> Iterator[tuple[int, dict[str, str]]]:
    "The rows of a countries.tsv with every column (facts a user's table leaves out read as '')."
    return read_rows(path, COLUMNS, optional=len(COLUMNS) - FACT_COLUMNS)


def load_countries(path: Path = COUNTRIES_FILE) -> dict[str, Country]:
    "Every country's facts by ISO3, checked: known codes, a FIPS code of two letters, a point on Earth."
    countries: dict[str, Country] = {}
    for line, row in country_rows(path):
        iso3 = row["iso3"]
        if not is_country(iso3):
            raise DataTableError(str(path), line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if iso3 in countries:
            raise DataTableError(str(path), line, f"{iso3} is given twice")
        fips = row["fips"] or None
        if fips is not None and not _FIPS.fullmatch(fips):
            raise DataTableError(str(path), line, f"fips {fips!r} is not two capital letters")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise DataTableError(str(path), line, "lat and lon must be decimal degrees") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataTableError(str(path), line, f"({lat}, {lon}) is not on Earth")
        countries[iso3] = Country(iso3, row["name"], split_values(row["places"]), fips, lat, lon)
    return countries
