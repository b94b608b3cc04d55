"""Where events happened, read from whole news sentences: the place in the event's clause,
homonyms settled by the actors' countries, and metonyms that are actors, not places."""

from __future__ import annotations

import unicodedata

import pytest

import detente

PUBLISHED = "2024-03-15"

# (sentence, expected location name, its country); None when no event should carry a place
CASES: list[tuple[str, str | None, str | None]] = [
    # a place in the event's clause
    ("Chinese and Russian diplomats met in Moscow on Tuesday.", "Moscow", "RUS"),
    ("The foreign ministers of Iran and Saudi Arabia held talks in Beijing.", "Beijing", "CHN"),
    ("Israeli troops raided a refugee camp in Jenin overnight.", "Janin", "PSE"),  # GeoNames spells it Janīn
    ("Russian forces shelled Kharkiv on Thursday, Ukrainian officials said.", "Kharkiv", "UKR"),
    ("Police arrested dozens of protesters in Tbilisi on Saturday.", "Tbilisi", "GEO"),
    ("Thousands of Kenyans protested in Nairobi against the finance bill.", "Nairobi", "KEN"),
    ("Gunmen attacked a church in Ouagadougou, killing five worshippers.", "Ouagadougou", "BFA"),
    ("The Pakistani army clashed with militants near Peshawar.", "Peshawar", "PAK"),
    ("Turkish jets struck Kurdish militants in northern Iraq.", "Iraq", "IRQ"),
    ("Sudanese paramilitaries attacked civilians in El Fasher.", "El Fasher", "SDN"),
    ("French President Emmanuel Macron met Chinese President Xi Jinping in Paris on Monday.", "Paris", "FRA"),
    ("The United States and Japan signed a defence pact in Tokyo.", "Tokyo", "JPN"),
    ("Indian and Chinese troops clashed in the Galwan Valley in Ladakh.", "Ladakh", "IND"),
    ("Hamas fighters fired rockets at Israeli towns from the Gaza Strip.", "Gaza Strip", "PSE"),
    ("Egyptian mediators hosted talks between Israel and Hamas in Cairo.", "Cairo", "EGY"),
    ("NATO defence ministers met at the alliance's headquarters in Brussels.", "Brussels", "BEL"),
    ("Venezuelan police arrested Colombian smugglers in Zulia state.", "Zulia", "VEN"),
    ("Police detained opposition activists in Minsk ahead of the vote.", "Minsk", "BLR"),
    ("Iranian forces seized an oil tanker off the port of Bandar Abbas.", "Bandar Abbas", "IRN"),
    ("A roadside bomb killed three soldiers near the town of Samarra.", "Samarra", "IRQ"),
    ("Unidentified gunmen killed two policemen outside the city of Quetta.", "Quetta", "PAK"),
    ("A journalist was killed in a car bomb explosion in a residential district of Beirut.", "Beirut", "LBN"),
    ("Russia's defence minister visited Havana on Tuesday.", "Havana", "CUB"),
    ("The Ethiopian government signed a peace deal with Tigrayan forces in Pretoria.", "Pretoria", "ZAF"),
    ("German police raided homes in Bavaria in a probe into far-right groups.", "Bavaria", "DEU"),
    ("The Saudi crown prince received the Iranian foreign minister in Riyadh.", "Riyadh", "SAU"),
    # homonyms: the actors' countries choose among places of one name
    ("Libyan militias clashed in Tripoli on Sunday.", "Tripoli", "LBY"),
    ("Lebanese soldiers arrested two gunmen in Tripoli.", "Tripoli", "LBN"),
    ("Texas state police arrested two migrants in Paris.", "Paris", "USA"),
    ("French police arrested two migrants in Paris.", "Paris", "FRA"),
    ("Venezuelan police detained opposition students in Valencia.", "Valencia", "VEN"),
    ("Spanish police detained separatist students in Valencia.", "Valencia", "ESP"),
    ("Pakistani police arrested five militants in Hyderabad.", "Hyderabad", "PAK"),
    ("Indian police arrested five militants in Hyderabad.", "Hyderabad", "IND"),
    ("Russian troops attacked villages in Georgia in 2008.", "Georgia", "GEO"),
    ("Argentine police detained union leaders in Cordoba.", "Córdoba", "ARG"),
    # metonyms: a capital that acts is an actor, not where the event happened
    ("Beijing accused Washington of interfering in its internal affairs.", None, None),
    ("Moscow condemned the sanctions imposed by Brussels.", None, None),
    ("The Kremlin rejected the proposal from Kyiv.", None, None),
    # a capital hosting the event is both: the actor and the place
    ("On Wednesday, Beijing hosted the eighth military staff dialogue between China and NATO.", "Beijing", "CHN"),
    # a place in another clause is not the event's
    ("China criticized Japan after a Japanese ship was seen near the Senkaku Islands.", None, None),
    ("The EU imposed sanctions on Russia following developments in Ukraine.", None, None),
]


def located(sentence: str) -> list[tuple[str, str | None]]:
    return [(folded(e.location.name), e.location.country) for e in detente.code_text(sentence, published=PUBLISHED) if e.location]


def folded(name: str) -> str:
    "GeoNames writes Janīn and Sāmarrā’: compare letters without accents or apostrophes."
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isalnum() or c == " ").lower()


@pytest.mark.parametrize(("sentence", "name", "country"), CASES)
def test_event_places(sentence: str, name: str | None, country: str | None) -> None:
    places = located(sentence)
    if name is None:
        assert places == []
    else:
        assert (folded(name), country) in places


def test_the_table_is_big_enough() -> None:
    # the issue asks for 40 place mentions in sentences, homonyms and metonyms among them
    assert len(CASES) >= 40


def test_the_article_settles_a_homonym_its_sentence_leaves_open() -> None:
    article = (
        "Spanish ministers met Catalan leaders in Madrid on Monday. "
        "Police arrested two students in Valencia on Tuesday."
    )
    places = {(e.location.name, e.location.country) for e in detente.code_text(article, published=PUBLISHED) if e.location}
    assert ("Valencia", "ESP") in places
    # alone, the bigger Valencia (Venezuela's) wins
    assert ("valencia", "VEN") in located("Police arrested two students in Valencia on Tuesday.")
