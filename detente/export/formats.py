"""Exports of a detente database to the formats other tools read.

    export(store, "gdelt", "out.tsv")            one GDELT 2.0 event row per incident
    export(store, "plover", "out.jsonl")         one POLECAT/PLOVER-style JSON line per event
    export(store, "csv", "events.csv")           one row per event, with a header
    export(store, "incidents-csv", "inc.csv")    one row per incident, with a header
    export(store, "parquet", "out/")             out/events.parquet and out/incidents.parquet

Every format reads the same filter as `Store.events` (`where=EventFilter(...)`); the incident
formats keep the incidents whose representative report passes it (`Store.incidents`).

Each format is a writer registered by name in `FORMATS`. A writer never leaves a half-written
file: it writes a temporary file beside the target and renames it over the target at the end,
so a reader sees the old file or the new one, never a mix.

The columns and keys of each format are documented next to the code that fills them:
`GDELT_COLUMNS`/`GDELT_FILLED`, `PLOVER_KEYS`, `EVENTS_CSV_COLUMNS`, `INCIDENTS_CSV_COLUMNS`,
`EVENTS_PARQUET_SCHEMA` and `INCIDENTS_PARQUET_SCHEMA`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pycountry

from ..errors import InputError
from ..models import Actor, Event, Incident, Location
from ..store.dialects import DuckDB
from ..store import EVENT_COLUMNS, TABLES, EventFilter, Store

__all__ = [
    "export",
    "FORMATS",
    "global_event_id",
    "GDELT_COLUMNS",
    "GDELT_FILLED",
    "PLOVER_KEYS",
    "PLOVER_ACTOR_KEYS",
    "EVENTS_CSV_COLUMNS",
    "INCIDENTS_CSV_COLUMNS",
    "EVENTS_PARQUET_SCHEMA",
    "INCIDENTS_PARQUET_SCHEMA",
]


def export(store: Store, format: str, out: Path | str, *, where: EventFilter = EventFilter()) -> int:
    """Write the events or incidents of `store` that pass `where` to `out` in `format`; return
    the number of rows written (for `parquet`, events and incidents together).

    `out` is a file, or for `parquet` a directory; missing parent directories are created.
    An unknown format raises InputError naming the choices."""
    writer = FORMATS.get(format)
    if writer is None:
        raise InputError(f"export format {format!r}", f"unknown format; choose one of {', '.join(sorted(FORMATS))}")
    return writer(store, Path(out), where)


def global_event_id(incident_id: str) -> int:
    """A stable, positive integer that fits a signed 64-bit column (GDELT's GLOBALEVENTID).

    detente's incident ids are "i" + 15 hex digits (60 bits): read as a number, so the id can be
    turned back into the incident's. Any other id takes 62 bits of its SHA-256 with bit 62 set,
    a range the first kind never reaches, so the two kinds cannot collide."""
    if re.fullmatch(r"i[0-9a-f]{15}", incident_id):
        return int(incident_id[1:], 16)
    digest = int.from_bytes(hashlib.sha256(incident_id.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    return (1 << 62) | (digest >> 2)


# --- GDELT 2.0 event table

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

# ISO 3166 alpha-3 → FIPS 10-4, the country codes GDELT's geography uses. Written for detente
# from the published FIPS 10-4 list; Åland, the Caribbean Netherlands and the US minor outlying
# islands have no single FIPS code and are left out.
_FIPS = dict(
    pair.split(":")
    for pair in """
    ABW:AA AFG:AF AGO:AO AIA:AV ALB:AL AND:AN ARE:AE ARG:AR ARM:AM ASM:AQ ATA:AY ATF:FS ATG:AC
    AUS:AS AUT:AU AZE:AJ BDI:BY BEL:BE BEN:BN BFA:UV BGD:BG BGR:BU BHR:BA BHS:BF BIH:BK BLM:TB
    BLR:BO BLZ:BH BMU:BD BOL:BL BRA:BR BRB:BB BRN:BX BTN:BT BVT:BV BWA:BC CAF:CT CAN:CA CCK:CK
    CHE:SZ CHL:CI CHN:CH CIV:IV CMR:CM COD:CG COG:CF COK:CW COL:CO COM:CN CPV:CV CRI:CS CUB:CU
    CUW:UC CXR:KT CYM:CJ CYP:CY CZE:EZ DEU:GM DJI:DJ DMA:DO DNK:DA DOM:DR DZA:AG ECU:EC EGY:EG
    ERI:ER ESH:WI ESP:SP EST:EN ETH:ET FIN:FI FJI:FJ FLK:FK FRA:FR FRO:FO FSM:FM GAB:GB GBR:UK
    GEO:GG GGY:GK GHA:GH GIB:GI GIN:GV GLP:GP GMB:GA GNB:PU GNQ:EK GRC:GR GRD:GJ GRL:GL GTM:GT
    GUF:FG GUM:GQ GUY:GY HKG:HK HMD:HM HND:HO HRV:HR HTI:HA HUN:HU IDN:ID IMN:IM IND:IN IOT:IO
    IRL:EI IRN:IR IRQ:IZ ISL:IC ISR:IS ITA:IT JAM:JM JEY:JE JOR:JO JPN:JA KAZ:KZ KEN:KE KGZ:KG
    KHM:CB KIR:KR KNA:SC KOR:KS KWT:KU LAO:LA LBN:LE LBR:LI LBY:LY LCA:ST LIE:LS LKA:CE LSO:LT
    LTU:LH LUX:LU LVA:LG MAC:MC MAF:RN MAR:MO MCO:MN MDA:MD MDG:MA MDV:MV MEX:MX MHL:RM MKD:MK
    MLI:ML MLT:MT MMR:BM MNE:MJ MNG:MG MNP:CQ MOZ:MZ MRT:MR MSR:MH MTQ:MB MUS:MP MWI:MI MYS:MY
    MYT:MF NAM:WA NCL:NC NER:NG NFK:NF NGA:NI NIC:NU NIU:NE NLD:NL NOR:NO NPL:NP NRU:NR NZL:NZ
    OMN:MU PAK:PK PAN:PM PCN:PC PER:PE PHL:RP PLW:PS PNG:PP POL:PL PRI:RQ PRK:KN PRT:PO PRY:PA
    PSE:WE PYF:FP QAT:QA REU:RE ROU:RO RUS:RS RWA:RW SAU:SA SDN:SU SEN:SG SGP:SN SGS:SX SHN:SH
    SJM:SV SLB:BP SLE:SL SLV:ES SMR:SM SOM:SO SPM:SB SRB:RI SSD:OD STP:TP SUR:NS SVK:LO SVN:SI
    SWE:SW SWZ:WZ SXM:NN SYC:SE SYR:SY TCA:TK TCD:CD TGO:TO THA:TH TJK:TI TKL:TL TKM:TX TLS:TT
    TON:TN TTO:TD TUN:TS TUR:TU TUV:TV TWN:TW TZA:TZ UGA:UG UKR:UP URY:UY USA:US UZB:UZ VAT:VT
    VCT:VC VEN:VE VGB:VI VIR:VQ VNM:VM VUT:NH WLF:WF WSM:WS XKX:KV YEM:YM ZAF:SF ZMB:ZA ZWE:ZI
    """.split()
)


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


def _country_name(iso3: str | None) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def _gdelt_geo(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {}
    fips = _fips_country(location)
    country_name = _country_name(location.country)
    parts = [location.name]
    if location.precision != "country":
        parts += [location.admin1 if location.admin1 != location.name else None, country_name]
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


def _write_gdelt(store: Store, out: Path, where: EventFilter) -> int:
    found = store.incidents(where)
    added = _first_added(store, [i.id for i in found])
    with _replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        for incident in found:
            row = _gdelt_row(incident, added.get(incident.id))
            f.write("\t".join(_gdelt_field(row.get(column)) for column in GDELT_COLUMNS) + "\n")
    return len(found)


# --- PLOVER / POLECAT JSON lines

# One JSON object per event. PLOVER's field names where PLOVER has one (the PLOVER manual's
# "PLOVER JSON" table; `event_type`/`event_mode` as POLECAT names them), detente's own otherwise.
PLOVER_KEYS: dict[str, str] = {
    "id": "detente's event id",
    "date": "the event date, YYYY-MM-DD (null for background references)",
    "date_precision": "day, month or year (a month or year is stored as its first day)",
    "date_source": "stated (in the sentence) or publication (the article's date)",
    "actor": "list of actor objects (PLOVER_ACTOR_KEYS): detente's source actors",
    "recipient": "list of actor objects: detente's target actors",
    "event_type": "the PLOVER event type (null for CAMEO public statements, which PLOVER does not code)",
    "event_mode": "the PLOVER mode, or null",
    "context": "PLOVER contexts: always an empty list, detente codes none",
    "quad_code": "GDELT's quad class of the CAMEO code (1-4)",
    "event_scale": "GDELT's Goldstein weight of the CAMEO code",
    "cameo": "the CAMEO code",
    "cameo_root": "the CAMEO root",
    "cameo_name": "the CAMEO code's name",
    "event_loc": "null, or the location object: resolved_place, geonameid, lat, lon, province "
    "(admin1 name), country (name), country_code (ISO alpha-3), resolution (4 city, 2 province, 1 country)",
    "event_text": "the evidence sentence",
    "text_info": "{sequence: sentence index, start, end: character offsets in the article text}",
    "cite_info": "{citation: the input's document id, url, title, publication (the outlet), "
    "published (YYYY-MM-DD or null)}",
    "coder": "'detente'",
    "coded_date": "when detente stored the article, YYYY-MM-DD (UTC)",
    "article_id": "detente's article id (a hash of its normalised content)",
    "incident_id": "the incident this event reports, or null (negated, hypothetical, future, background)",
    "negated": "true for 'did not attack'",
    "hypothetical": "true for threats, intentions, plans, requests, conditions",
    "background": "true for a reference to a known situation",
    "future": "true when stated to happen after publication",
    "attributed_to": "list of actor objects: who claims the event",
    "confidence": "0-1",
    "rule": "the pattern row that coded it",
    "trigger": "the words that triggered it",
}
PLOVER_ACTOR_KEYS: dict[str, str] = {
    "entity_text": "the words in the sentence",
    "entity_name": "detente's canonical name",
    "code": "PLOVER's top-level entity code: the ISO alpha-3 country, else the CAMEO code (IGOWSTNAT)",
    "cameo_code": "the full CAMEO-style code (CHNMIL)",
    "country_code": "ISO 3166 alpha-3, null for international bodies",
    "country_name": "the country's name, or null",
    "sector": "the sector code (GOV, MIL, IGO, ...)",
}

_RESOLUTION = {"city": 4, "admin1": 2, "country": 1}


def _plover_actor(actor: Actor) -> dict[str, Any]:
    return {
        "entity_text": actor.text,
        "entity_name": actor.name,
        "code": actor.country or actor.code,
        "cameo_code": actor.code,
        "country_code": actor.country,
        "country_name": _country_name(actor.country),
        "sector": actor.sector,
    }


def _plover_location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "resolved_place": location.name,
        "geonameid": location.geonameid,
        "lat": location.lat,
        "lon": location.lon,
        "province": location.admin1 if location.precision != "admin1" else location.name,
        "country": _country_name(location.country),
        "country_code": location.country,
        "resolution": _RESOLUTION.get(location.precision),
    }


def _plover_record(event: Event, article: dict[str, Any], incident: str | None) -> dict[str, Any]:
    coded_at = article.get("coded_at")
    published = article.get("published")
    record = {
        "id": event.id,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "actor": [_plover_actor(a) for a in event.source],
        "recipient": [_plover_actor(a) for a in event.target],
        "event_type": event.plover_type,
        "event_mode": event.plover_mode,
        "context": [],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "cameo": event.cameo,
        "cameo_root": event.cameo_root,
        "cameo_name": event.cameo_name,
        "event_loc": _plover_location(event.location),
        "event_text": event.sentence,
        "text_info": {"sequence": event.sentence_index, "start": event.char_start, "end": event.char_end},
        "cite_info": {
            "citation": event.doc_id, "url": article.get("url"), "title": article.get("title"),
            "publication": article.get("source"), "published": published.isoformat() if published else None,
        },  # fmt: skip
        "coder": "detente",
        "coded_date": coded_at.date().isoformat() if coded_at else None,
        "article_id": event.article_id,
        "incident_id": incident,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "background": event.background,
        "future": event.future,
        "attributed_to": [_plover_actor(a) for a in event.attributed_to],
        "confidence": event.confidence,
        "rule": event.rule,
        "trigger": event.trigger,
    }
    assert record.keys() == PLOVER_KEYS.keys()  # the documentation and the records cannot drift
    return record


def _write_plover(store: Store, out: Path, where: EventFilter) -> int:
    found = store.events(where)
    articles = _articles(store, {e.article_id for e in found})
    incident_of = _incident_of(store, [e.id for e in found])
    with _replacing(out) as tmp, tmp.open("w", encoding="utf-8") as f:
        for event in found:
            record = _plover_record(event, articles.get(event.article_id, {}), incident_of.get(event.id))
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(found)


# --- CSV: events and incidents, one file per call, with a header row

def _codes(actors: Sequence[Actor]) -> str:
    return "+".join(a.code for a in actors)


def _location_columns(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {}
    return {"location": location.name, "location_country": location.country, "lat": location.lat, "lon": location.lon,
            "location_precision": location.precision}  # fmt: skip


# name → meaning. Several actors are joined with "+" (CHN+RUS); booleans are true/false; a
# missing value is an empty field.
EVENTS_CSV_COLUMNS: dict[str, str] = {
    "id": "detente's event id",
    "incident_id": "the incident the event reports, or empty",
    "date": "YYYY-MM-DD",
    "date_precision": "day, month or year",
    "date_source": "stated or publication",
    "source": "source actors' CAMEO codes",
    "target": "target actors' CAMEO codes",
    "cameo": "CAMEO code",
    "cameo_name": "CAMEO code's name",
    "plover_type": "PLOVER type",
    "plover_mode": "PLOVER mode",
    "quad_class": "GDELT quad class (1-4)",
    "goldstein": "GDELT Goldstein weight",
    "location": "the gazetteer's place name",
    "location_country": "the place's country, ISO alpha-3",
    "lat": "latitude",
    "lon": "longitude",
    "location_precision": "city, admin1 or country",
    "negated": "true/false",
    "hypothetical": "true/false",
    "background": "true/false",
    "future": "true/false",
    "attributed_to": "codes of who claims the event",
    "confidence": "0-1",
    "rule": "the pattern row that coded it",
    "doc_id": "the input's document id",
    "article_id": "detente's article id",
    "sentence_index": "the sentence's index in the article",
    "char_start": "offset of the sentence in the article text",
    "char_end": "end offset of the sentence",
    "sentence": "the evidence sentence",
}
INCIDENTS_CSV_COLUMNS: dict[str, str] = {
    "id": "detente's incident id",
    "global_event_id": "the GDELT export's GLOBALEVENTID for the incident",
    "num_mentions": "reports (events) of the incident",
    "num_articles": "distinct articles reporting it",
    "num_sources": "articles, syndicated copies counted once",
    "event_id": "the representative report's event id",
    **{k: v for k, v in EVENTS_CSV_COLUMNS.items() if k in (
        "date", "date_precision", "date_source", "source", "target", "cameo", "cameo_name", "plover_type",
        "plover_mode", "quad_class", "goldstein", "location", "location_country", "lat", "lon", "location_precision",
        "doc_id", "sentence",
    )},
    "source_url": "the representative report's article URL",
    "event_ids": "every report's event id, space-separated",
}  # fmt: skip


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _event_csv_row(event: Event, incident: str | None) -> dict[str, Any]:
    return {
        "id": event.id, "incident_id": incident, "date": event.date, "date_precision": event.date_precision,
        "date_source": event.date_source, "source": _codes(event.source), "target": _codes(event.target),
        "cameo": event.cameo, "cameo_name": event.cameo_name, "plover_type": event.plover_type,
        "plover_mode": event.plover_mode, "quad_class": event.quad_class, "goldstein": event.goldstein,
        **_location_columns(event.location), "negated": event.negated, "hypothetical": event.hypothetical,
        "background": event.background, "future": event.future, "attributed_to": _codes(event.attributed_to),
        "confidence": event.confidence, "rule": event.rule, "doc_id": event.doc_id, "article_id": event.article_id,
        "sentence_index": event.sentence_index, "char_start": event.char_start, "char_end": event.char_end,
        "sentence": event.sentence,
    }  # fmt: skip


def _incident_csv_row(incident: Incident) -> dict[str, Any]:
    reported = _event_csv_row(incident.event, incident.id)
    return {
        "id": incident.id, "global_event_id": global_event_id(incident.id), "num_mentions": incident.num_mentions,
        "num_articles": incident.num_articles, "num_sources": incident.num_sources, "event_id": incident.event.id,
        **{k: reported.get(k) for k in INCIDENTS_CSV_COLUMNS if k in reported and k not in ("id",)},
        "source_url": incident.source_url, "event_ids": " ".join(incident.event_ids),
    }  # fmt: skip


def _write_csv(out: Path, columns: Sequence[str], rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    with _replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        # extrasaction="raise": a row with a column the documentation does not list is a bug
        writer = csv.DictWriter(f, fieldnames=list(columns), extrasaction="raise", restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(v) for k, v in row.items()})
            n += 1
    return n


def _write_events_csv(store: Store, out: Path, where: EventFilter) -> int:
    found = store.events(where)
    incident_of = _incident_of(store, [e.id for e in found])
    return _write_csv(out, tuple(EVENTS_CSV_COLUMNS), (_event_csv_row(e, incident_of.get(e.id)) for e in found))


def _write_incidents_csv(store: Store, out: Path, where: EventFilter) -> int:
    found = store.incidents(where)
    return _write_csv(out, tuple(INCIDENTS_CSV_COLUMNS), (_incident_csv_row(i) for i in found))


# --- Parquet, written by DuckDB (from PostgreSQL too: through an in-memory copy of the rows, _in_duckdb)

ACTORS = 'STRUCT("text" VARCHAR, "name" VARCHAR, code VARCHAR, country VARCHAR, sector VARCHAR)[]'
_ACTORS_JSON = '[{"text": "VARCHAR", "name": "VARCHAR", "code": "VARCHAR", "country": "VARCHAR", "sector": "VARCHAR"}]'


def _actors_sql(column: str) -> str:
    return f"from_json(coalesce({column}, '[]'), '{_ACTORS_JSON}')"


# (column, DuckDB type, SQL over e = events, a = articles, x = the exported ids, meaning).
# Flat: scalar columns, actors as lists of {text, name, code, country, sector} structs (DuckDB
# STRUCT[], polars List(Struct)), one row per event. Both files share the event columns' names.
_EVENT_PART = (
    ("date", "DATE", "e.date", "the event date"),
    ("date_precision", "VARCHAR", "e.date_precision", "day, month or year"),
    ("date_source", "VARCHAR", "e.date_source", "stated or publication"),
    ("source", ACTORS, _actors_sql("e.source"), "source actors"),
    ("target", ACTORS, _actors_sql("e.target"), "target actors"),
    ("source_code", "VARCHAR", "e.source_code", "the first source actor's code"),
    ("target_code", "VARCHAR", "e.target_code", "the first target actor's code"),
    ("cameo", "VARCHAR", "e.cameo", "CAMEO code"),
    ("cameo_root", "VARCHAR", "e.cameo_root", "CAMEO root"),
    ("cameo_name", "VARCHAR", "e.cameo_name", "CAMEO code's name"),
    ("plover_type", "VARCHAR", "e.plover_type", "PLOVER type"),
    ("plover_mode", "VARCHAR", "e.plover_mode", "PLOVER mode"),
    ("quad_class", "INTEGER", "e.quad_class", "GDELT quad class"),
    ("goldstein", "DOUBLE", "e.goldstein", "GDELT Goldstein weight"),
    ("location_name", "VARCHAR", "e.location_name", "the gazetteer's place name"),
    ("location_country", "VARCHAR", "e.location_country", "ISO alpha-3"),
    ("location_admin1", "VARCHAR", "e.location_admin1", "first-level subdivision's name"),
    ("location_lat", "DOUBLE", "e.location_lat", "latitude"),
    ("location_lon", "DOUBLE", "e.location_lon", "longitude"),
    ("location_precision", "VARCHAR", "e.location_precision", "city, admin1 or country"),
    ("location_geonameid", "BIGINT", "e.location_geonameid", "GeoNames id"),
    ("doc_id", "VARCHAR", "e.doc_id", "the input's document id"),
    ("article_id", "VARCHAR", "e.article_id", "detente's article id"),
    ("url", "VARCHAR", "a.url", "the article's URL"),
    ("outlet", "VARCHAR", "a.source", "the article's outlet"),
    ("published", "DATE", "a.published", "the article's publication date"),
    ("sentence_index", "INTEGER", "e.sentence_index", "the sentence's index in the article"),
    ("char_start", "INTEGER", "e.char_start", "the sentence's offset in the article text"),
    ("char_end", "INTEGER", "e.char_end", "the sentence's end offset"),
    ("sentence", "VARCHAR", "e.sentence", "the evidence sentence"),
)
EVENTS_PARQUET_SCHEMA: tuple[tuple[str, str, str, str], ...] = (
    ("id", "VARCHAR", "e.id", "detente's event id"),
    ("incident_id", "VARCHAR", "(SELECT ie.incident_id FROM incident_events ie WHERE ie.event_id = e.id)",
     "the incident the event reports, or null"),
    *_EVENT_PART,
    ("attributed_to", ACTORS, _actors_sql("e.attributed_to"), "who claims the event"),
    ("negated", "BOOLEAN", "e.negated", "'did not attack'"),
    ("hypothetical", "BOOLEAN", "e.hypothetical", "threat, intention, plan, request, condition"),
    ("background", "BOOLEAN", "e.background", "a reference to a known situation"),
    ("future", "BOOLEAN", "e.future", "stated to happen after publication"),
    ("confidence", "DOUBLE", "e.confidence", "0-1"),
    ("rule", "VARCHAR", "e.rule", "the pattern row that coded it"),
    ("trigger", "VARCHAR", "e.trigger", "the words that triggered it"),
)  # fmt: skip
# One row per incident: its counts, then its representative report's event columns.
INCIDENTS_PARQUET_SCHEMA: tuple[tuple[str, str, str, str], ...] = (
    ("id", "VARCHAR", "i.id", "detente's incident id"),
    ("global_event_id", "BIGINT", "x.global_event_id", "the GDELT export's GLOBALEVENTID"),
    ("num_mentions", "INTEGER", "i.num_mentions", "reports (events) of the incident"),
    ("num_articles", "INTEGER", "i.num_articles", "distinct articles"),
    ("num_sources", "INTEGER", "i.num_sources", "articles, syndicated copies counted once"),
    ("event_id", "VARCHAR", "i.event_id", "the representative report's event id"),
    ("event_ids", "VARCHAR[]", "(SELECT list(ie.event_id ORDER BY ie.event_id) FROM incident_events ie "
     "WHERE ie.incident_id = i.id)", "every report's event id"),
    ("first_added", "TIMESTAMP", "(SELECT min(fa.coded_at) FROM incident_events ie JOIN events fe ON "
     "fe.id = ie.event_id JOIN articles fa ON fa.id = fe.article_id WHERE ie.incident_id = i.id)",
     "when detente first stored a report of it (UTC)"),
    *_EVENT_PART,
)  # fmt: skip


def _select(schema: Sequence[tuple[str, str, str, str]]) -> str:
    return ", ".join(f"CAST({sql} AS {kind}) AS {name}" for name, kind, sql, _ in schema)


def _write_parquet(store: Store, out: Path, where: EventFilter) -> int:
    events = [e.id for e in store.events(where)]
    incidents = [i.id for i in store.incidents(where)]
    out.mkdir(parents=True, exist_ok=True)
    with (
        _in_duckdb(store, events, incidents) as duck,
        _ids_table(duck, events) as event_ids,
        _ids_table(duck, incidents, with_gid=True) as incident_ids,
        _replacing(out / "events.parquet") as events_tmp,
        _replacing(out / "incidents.parquet") as incidents_tmp,
    ):
        duck.execute(
            f"COPY (SELECT {_select(EVENTS_PARQUET_SCHEMA)} FROM {event_ids} x JOIN events e ON e.id = x.id "
            f"LEFT JOIN articles a ON a.id = e.article_id ORDER BY x.pos) TO '{_sql_path(events_tmp)}' "
            "(FORMAT PARQUET)"
        )
        duck.execute(
            f"COPY (SELECT {_select(INCIDENTS_PARQUET_SCHEMA)} FROM {incident_ids} x JOIN incidents i ON i.id = x.id "
            "JOIN events e ON e.id = i.event_id LEFT JOIN articles a ON a.id = e.article_id ORDER BY x.pos) "
            f"TO '{_sql_path(incidents_tmp)}' (FORMAT PARQUET)"
        )  # fmt: skip
    return len(events) + len(incidents)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


@contextmanager
def _in_duckdb(store: Store, event_ids: Sequence[str], incident_ids: Sequence[str]) -> Iterator[Store]:
    """A DuckDB store holding what the Parquet export reads: `store` itself, or for a PostgreSQL
    store an in-memory copy of the exported events and incidents (with every report and article
    they refer to), so that one COPY writes the files, with one schema, from either database."""
    if not isinstance(store.db, DuckDB):
        with Store(":memory:") as copy:
            _copy_rows(store, copy, event_ids, incident_ids)
            yield copy
        return
    yield store


def _copy_rows(store: Store, copy: Store, event_ids: Sequence[str], incident_ids: Sequence[str]) -> None:
    def copied(table: str, columns: Sequence[str], where: str, *ids: Iterable[str]) -> list[tuple[Any, ...]]:
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {where}"
        rows = [tuple(row) for row in store.execute(sql, [sorted(set(i)) for i in ids]).fetchall()]
        copy.insert(table, rows, columns=columns)
        return rows

    among = "IN (SELECT unnest(?::VARCHAR[]))"
    incidents = copied("incidents", tuple(TABLES["incidents"]), f"id {among}", incident_ids)
    links = copied("incident_events", ("event_id", "incident_id"), f"incident_id {among} OR event_id {among}",
                   incident_ids, event_ids)  # fmt: skip
    reported = {row[0] for row in links} | {row[1] for row in incidents}  # every report, the representative too
    events = copied("events", EVENT_COLUMNS, f"id {among}", {*event_ids, *reported})
    copied("articles", ("id", "url", "source", "published", "coded_at"), f"id {among}", {row[1] for row in events})


@contextmanager
def _ids_table(store: Store, ids: Sequence[str], *, with_gid: bool = False) -> Iterator[str]:
    """A temporary table of the ids to export, in order: COPY takes no parameters, and the ids
    come from the Store's own filtering, so the export selects exactly what Store reads."""
    name = f"export_ids_{uuid.uuid4().hex[:12]}"
    store.execute(f"CREATE TEMP TABLE {name} (id VARCHAR, pos INTEGER, global_event_id BIGINT)")
    try:
        if ids:
            store.execute(
                f"INSERT INTO {name} SELECT unnest(?), unnest(?), unnest(?)",
                [list(ids), list(range(len(ids))), [global_event_id(i) if with_gid else None for i in ids]],
            )
        yield name
    finally:
        store.execute(f"DROP TABLE IF EXISTS {name}")


# --- what the formats share


def _first_added(store: Store, incident_ids: Sequence[str]) -> dict[str, datetime]:
    "When each incident's first article was stored."
    if not incident_ids:
        return {}
    rows = store.execute(
        "SELECT ie.incident_id, min(a.coded_at) FROM incident_events ie JOIN events e ON e.id = ie.event_id "
        "JOIN articles a ON a.id = e.article_id WHERE ie.incident_id IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY ie.incident_id",
        [list(incident_ids)],
    ).fetchall()
    return {row[0]: row[1] for row in rows if row[1] is not None}


def _incident_of(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    if not event_ids:
        return {}
    rows = store.execute(
        "SELECT event_id, incident_id FROM incident_events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(event_ids)],
    ).fetchall()
    return dict(rows)  # type: ignore[arg-type]


def _articles(store: Store, article_ids: set[str]) -> dict[str, dict[str, Any]]:
    if not article_ids:
        return {}
    columns = ("id", "url", "title", "source", "published", "coded_at")
    rows = store.execute(
        f"SELECT {', '.join(columns)} FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(article_ids)]
    ).fetchall()
    return {row[0]: dict(zip(columns, row)) for row in rows}


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it when the block ends without an error,
    and is removed when it raises: readers never see a half-written export."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)  # read it back (the only way to read it); restored at once
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


FORMATS: dict[str, Callable[[Store, Path, EventFilter], int]] = {
    "gdelt": _write_gdelt,
    "plover": _write_plover,
    "csv": _write_events_csv,
    "incidents-csv": _write_incidents_csv,
    "parquet": _write_parquet,
}
