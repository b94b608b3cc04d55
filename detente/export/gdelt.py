"""GDELT 2.0 event rows: one tab-separated row of GDELT's 61 columns per incident, no header.

`GDELT_COLUMNS` are the columns in GDELT's order; `GDELT_FILLED` says which ones detente fills
and from what (every other column is written empty). `global_event_id` is the stable integer id
an incident gets in GDELT's GLOBALEVENTID column (the CSV and Parquet exports carry it too).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pycountry

from ..models import Actor, Incident, Location
from ..store import EventFilter, Store
from ..tables.countries import load_countries
from .common import country_name, first_added, replacing

__all__ = ["GDELT_COLUMNS", "GDELT_FILLED", "global_event_id", "export_gdelt"]


def global_event_id(incident_id: str) -> int:
    """A stable, positive integer that fits a signed 64-bit column (GDELT's GLOBALEVENTID).

    detente's incident ids are "i" + 15 hex digits (60 bits): read as a number, so the id can be
    turned back into the incident's. Any other id takes 62 bits of its SHA-256 with bit 62 set,
    a range the first kind never reaches, so the two kinds cannot collide."""
    if re.fullmatch(r"i[0-9a-f]{15}", incident_id):
        return int(incident_id[1:], 16)
    digest = int.from_bytes(hashlib.sha256(incident_id.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    return (1 << 62) | (digest >> 2)


# The 61 columns of a GDELT 2.0 Events export file, in its order (tab-separated, no header).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code",
    )),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
    )),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# What detente fills, and from what. Every other column is written empty:
# - Actor*KnownGroupCode, EthnicCode, Religion*Code, Type2Code, Type3Code: detente codes one
#   sector per actor and no ethnicity or religion;
# - AvgTone: detente measures no tone;
# - Actor1Geo_*, Actor2Geo_*: detente places the event, not where each actor was mentioned;
# - ActionGeo_ADM2Code: the gazetteer has no second-level subdivisions.
GDELT_FILLED: dict[str, str] = {
    "GLOBALEVENTID": "global_event_id(incident id): the incident id's 60 bits as a number",
    "SQLDATE": "the incident's date (its representative report's), YYYYMMDD; a month- or year-precise "
    "date is its first day, as detente stores it",
    "MonthYear": "the incident's date, YYYYMM",
    "Year": "the incident's date, YYYY",
    "FractionDate": "year + (day of year - 1) / days in the year, four decimals",
    "Actor1Code": "the first source actor's CAMEO code (CHNMIL, IGOWSTNAT)",
    "Actor1Name": "the first source actor's canonical name, upper-cased as GDELT writes names",
    "Actor1CountryCode": "the first source actor's country, ISO 3166 alpha-3 (empty for international bodies)",
    "Actor1Type1Code": "the first source actor's sector (GOV, MIL, IGO, ...)",
    "Actor2Code": "the first target actor's CAMEO code",
    "Actor2Name": "the first target actor's canonical name, upper-cased",
    "Actor2CountryCode": "the first target actor's country, ISO 3166 alpha-3",
    "Actor2Type1Code": "the first target actor's sector",
    "IsRootEvent": "1: every incident is a happening in its own right",
    "EventCode": "the CAMEO code (3 or 4 digits)",
    "EventBaseCode": "the CAMEO code's first 3 digits",
    "EventRootCode": "the CAMEO root (2 digits)",
    "QuadClass": "GDELT's quad class of the CAMEO code (1-4)",
    "GoldsteinScale": "GDELT's Goldstein weight of the CAMEO code",
    "NumMentions": "the incident's reports (events), across sentences and articles",
    "NumSources": "the incident's articles, syndicated copies counted once",
    "NumArticles": "the incident's distinct articles",
    "ActionGeo_Type": "from the location's precision and country: 1 country, 2 US state, 3 US city, "
    "4 world city, 5 world state (first-level subdivision)",
    "ActionGeo_FullName": "'place, subdivision, country' from the gazetteer (parts it does not know left out)",
    "ActionGeo_CountryCode": "the location's country as a FIPS 10-4 code (table in this module; "
    "Palestine is WE, or GZ for a place named Gaza); empty for a country not in the table",
    "ActionGeo_ADM1Code": "for a country-level place its FIPS code; for a US state or a US city "
    "'US' + the state's postal code (USTX); empty elsewhere (the gazetteer knows subdivisions by "
    "name, not by FIPS code)",
    "ActionGeo_Lat": "the location's latitude (empty for a subdivision known by name only)",
    "ActionGeo_Long": "the location's longitude",
    "ActionGeo_FeatureID": "the location's GeoNames id; for a country-level place without one, its "
    "FIPS code (as GDELT does)",
    "DATEADDED": "when detente first stored an article of the incident (UTC), YYYYMMDDHHMMSS",
    "SOURCEURL": "the representative report's article URL, else its document id",
}

# ISO 3166 alpha-3 → FIPS 10-4, the country codes GDELT's geography uses (countries.tsv: fips).
_FIPS = {iso3: country.fips for iso3, country in load_countries().items() if country.fips}


def _fips_country(location: Location) -> str | None:
    "The FIPS 10-4 code of a location's country; FIPS splits Palestine into the West Bank and Gaza."
    names = (location.name, location.admin1)
    if location.country == "PSE" and any("gaza" in (name or "").casefold() for name in names):
        return "GZ"
    return _FIPS.get(location.country or "")


def _gdelt_geo_type(location: Location) -> int:
    us = location.country == "USA"
    if location.precision == "country":
        return 1
    if location.precision == "city":
        return 3 if us else 4
    return 2 if us else 5


def _us_state_code(name: str | None) -> str | None:
    if not name:
        return None
    for subdivision in pycountry.subdivisions.get(country_code="US") or ():
        if subdivision.name.casefold() == name.casefold():
            return str(subdivision.code).split("-")[1]
    return None


def _gdelt_geo(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {}
    fips = _fips_country(location)
    country = country_name(location.country)
    parts = [location.name]
    if location.precision != "country":
        parts += [location.admin1 if location.admin1 != location.name else None, country]
    adm1 = None
    if location.precision == "country":
        adm1 = fips
    elif location.country == "USA":
        state = _us_state_code(location.name if location.precision == "admin1" else location.admin1)
        adm1 = f"US{state}" if state else None
    return {
        "ActionGeo_Type": _gdelt_geo_type(location),
        "ActionGeo_FullName": ", ".join(p for p in parts if p),
        "ActionGeo_CountryCode": fips,
        "ActionGeo_ADM1Code": adm1,
        "ActionGeo_Lat": location.lat,
        "ActionGeo_Long": location.lon,
        "ActionGeo_FeatureID": location.geonameid if location.geonameid is not None else (
            fips if location.precision == "country" else None),
    }  # fmt: skip


def _gdelt_actor(n: int, actors: Sequence[Actor]) -> dict[str, Any]:
    if not actors:
        return {}
    actor = actors[0]
    return {
        f"Actor{n}Code": actor.code,
        f"Actor{n}Name": actor.name.upper(),
        f"Actor{n}CountryCode": actor.country,
        f"Actor{n}Type1Code": actor.sector,
    }


def _gdelt_row(incident: Incident, added: datetime | None) -> dict[str, Any]:
    event = incident.event
    row: dict[str, Any] = {"GLOBALEVENTID": global_event_id(incident.id)}
    if event.date:
        day = date.fromisoformat(event.date)
        days_in_year = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
        fraction = day.year + (day.timetuple().tm_yday - 1) / days_in_year
        row.update(SQLDATE=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=day.year,
                   FractionDate=f"{fraction:.4f}")  # fmt: skip
    row.update(_gdelt_actor(1, event.source))
    row.update(_gdelt_actor(2, event.target))
    row.update(
        IsRootEvent=1, EventCode=event.cameo, EventBaseCode=event.cameo[:3], EventRootCode=event.cameo_root,
        QuadClass=event.quad_class, GoldsteinScale=float(event.goldstein), NumMentions=incident.num_mentions,
        NumSources=incident.num_sources, NumArticles=incident.num_articles,
    )  # fmt: skip
    row.update(_gdelt_geo(event.location))
    if added is not None:
        row["DATEADDED"] = added.strftime("%Y%m%d%H%M%S")
    row["SOURCEURL"] = incident.source_url or event.doc_id
    return row


def _gdelt_field(value: Any) -> str:
    # GDELT's files are not quoted: a tab or a line break inside a field would shift the columns
    return "" if value is None else re.sub(r"[\t\r\n]+", " ", str(value))


def export_gdelt(store: Store, out: Path, where: EventFilter) -> int:
    found = store.incidents(where)
    added = first_added(store, [i.id for i in found])
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        for incident in found:
            row = _gdelt_row(incident, added.get(incident.id))
            f.write("\t".join(_gdelt_field(row.get(column)) for column in GDELT_COLUMNS) + "\n")
    return len(found)
