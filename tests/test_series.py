"""Series: recurring named mechanisms found in text when it is coded, and built from a store with
their editions without a language model."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.analysis.series import Series, series
from detente.coding.pipeline import Pipeline
from detente.coding.resources import Resources
from detente.coding.series import SeriesReader, _trie, parse_ordinal
from detente.models import HistoryMention, SeriesMention
from detente.store import Store


def find_mentions(text: str) -> list[SeriesMention]:
    return Resources.shared().series.mentions(text)


def find_history(text: str) -> list[HistoryMention]:
    return Resources.shared().series.history(text)


# --- ordinals


@pytest.mark.parametrize(
    "word, expected",
    [
        ("first", 1), ("eighth", 8), ("Twelfth", 12), ("twentieth", 20), ("twenty-first", 21),
        ("thirty second", 32), ("hundredth", 100), ("inaugural", 1), ("1st", 1), ("2nd", 2), ("3rd", 3),
        ("8th", 8), ("11th", 11), ("12th", 12), ("13th", 13), ("21st", 21), ("22nd", 22), ("101st", 101),
        ("2th", None), ("11st", None), ("0th", None), ("eight", None), ("firstly", None),
    ],
)  # fmt: skip
def test_parse_ordinal(word: str, expected: int | None) -> None:
    assert parse_ordinal(word) == expected


@given(
    st.lists(st.text(alphabet="abfirst -", min_size=1, max_size=6), min_size=1, max_size=8),
    st.text(alphabet="abfirst -.", max_size=40),
)
def test_word_tree_matches_as_the_plain_alternation(words: list[str], text: str) -> None:
    "The prefix tree finds what the longest-first alternation of the same words finds."
    plain = "|".join(re.escape(w).replace(r"\ ", "[ ]") for w in sorted(words, key=len, reverse=True))
    def spans(body: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(rf"(?<![\w-])(?:{body})(?![\w-])", text)]
    assert spans(_trie(words)) == spans(plain)


# --- mentions in sentences

MENTIONS = [
    # sentence, name, ordinal, year, parties
    ("Seoul and Tokyo held the 12th round of talks between Japan and South Korea on fisheries.",
     "talks", 12, None, ("JPN", "KOR")),
    ("The fifth round of talks between Iran and the IAEA ended without agreement in Vienna.",
     "talks", 5, None, ("IGOUNOIAE", "IRN")),
    ("Leaders gathered in Rio de Janeiro for the 2024 G20 summit on Monday.",
     "g20 summit", None, 2024, ()),
    ("South Africa hosted the 15th BRICS summit in Johannesburg.",
     "brics summit", 15, None, ()),
    ("The third session of the strategic dialogue was held in Washington last week.",
     "strategic dialogue", 3, None, ()),
    ("Defence ministers met at the annual Shangri-La Dialogue in Singapore.",
     "shangri-la dialogue", None, None, ()),
    ("The twenty-first round of China-India Corps Commander-level talks took place at Chushul.",
     "corps commander-level talks", 21, None, ("CHN", "IND")),
    ("The 21st session of the Joint Commission between India and Russia convened in Moscow.",
     "joint commission", 21, None, ("IND", "RUS")),
    ("Officials from both sides prepared for the second summit between Kim Jong Un and Donald Trump.",
     "summit", 2, None, ("PRK", "USA")),
    ("The US-China Strategic and Economic Dialogue opened in Beijing on Tuesday.",
     "strategic and economic dialogue", None, None, ("CHN", "USA")),
    ("Delegates attended the inaugural Raisina Dialogue in New Delhi.",
     "raisina dialogue", 1, None, ()),
    ("Guterres addressed the 78th session of the UN General Assembly in New York.",
     "un general assembly", 78, None, ()),
    ("The Eleventh Ministerial Conference of the WTO ended in Buenos Aires.",
     "ministerial conference", 11, None, ()),
    ("Armenia and Azerbaijan began a fourth round of peace talks among Armenia, Azerbaijan and Russia in Moscow.",
     "peace talks", 4, None, ("ARM", "AZE", "RUS")),
    ("Washington and Beijing convened their 3rd maritime consultations in Hawaii.",
     "maritime consultations", 3, None, ()),
    ("Chinese and US generals met at the 2023 Xiangshan Forum in Beijing.",
     "xiangshan forum", None, 2023, ()),
    ("Officials attended the Munich Security Conference on Friday.",
     "munich security conference", None, None, ()),
]  # fmt: skip


@pytest.mark.parametrize("sentence, name, ordinal, year, parties", MENTIONS)
def test_mentions(sentence: str, name: str, ordinal: int | None, year: int | None, parties: tuple[str, ...]) -> None:
    mentions = find_mentions(sentence)
    assert [(m.name, m.ordinal, m.year, m.parties) for m in mentions] == [(name, ordinal, year, parties)]
    mention = mentions[0]
    assert sentence[mention.start : mention.end] == mention.text


def test_party_order_does_not_change_the_key() -> None:
    a = find_mentions("The ninth military staff dialogue between NATO and China was held in Brussels.")
    b = find_mentions("The eighth military staff dialogue between China and NATO was held in Beijing.")
    c = find_mentions("The seventh China-NATO military staff dialogue was held in Brussels.")
    assert a[0].key == b[0].key == c[0].key == ("military staff dialogue", ("CHN", "IGOWSTNAT"))


def test_parties_stop_where_the_clause_goes_on() -> None:
    [mention] = find_mentions(
        "The sixth strategic dialogue between Pakistan and China, which began in 2011, was held in Islamabad."
    )
    assert mention.parties_text == "Pakistan and China"
    assert mention.text == "sixth strategic dialogue between Pakistan and China"


def test_several_mentions_in_order() -> None:
    text = "After the 15th BRICS summit, Lula flew to the 2023 G20 summit in New Delhi."
    assert [(m.name, m.ordinal, m.year) for m in find_mentions(text)] == [
        ("brics summit", 15, None),
        ("g20 summit", None, 2023),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kharkiv is the second largest city in Ukraine.",
        "For the first time since 2019, the two ministers shook hands.",
        "The court heard from third-party witnesses on Monday.",
        "It was the first-ever visit by a Chinese leader.",
        "The first summit was a success, officials said.",  # no name, no parties: not a series
        "The annual meeting ended early.",
        "In 2024 summit diplomacy intensified across Asia.",  # a bare year is a date
        "He finished first in the race and won the 2nd prize.",
        "The second day of the conference was cancelled.",
        "Strategic Dialogue Amidst Global Tensions",  # a heading, not a named mechanism
        "On Wednesday, Beijing hosted a dialogue with NATO.",
        "More than 2,000 troops joined the exercise.",
    ],
)
def test_not_mentions(sentence: str) -> None:
    assert find_mentions(sentence) == []


def test_a_custom_party_coder() -> None:
    reader = SeriesReader(Resources.shared().words, lambda text: tuple(sorted(w[:3].upper() for w in text.split(" and "))))
    [mention] = reader.mentions("The fourth round of talks between Ruritania and Freedonia was held.")
    assert mention.parties == ("FRE", "RUR")


# --- history


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ongoing communication between China and NATO, initiated in 2010 but experiencing interruptions, "
         "resumed in earnest in 2018.", [("start", "initiated", 2010), ("resumed", "resumed", 2018)]),
        ("The talks were suspended in 2019.", [("suspended", "suspended", 2019)]),
        ("The dialogue was launched in 2009 and frozen in 2014.", [("start", "launched", 2009), ("suspended", "frozen", 2014)]),
        ("It was first held in 2002.", [("start", "first held", 2002)]),
        ("In 2021, the two countries restarted the consultations.", [("resumed", "restarted", 2021)]),
        ("The forum, established in March 2005, meets every year.", [("start", "established", 2005)]),
        ("Contacts have been halted since 2020.", [("suspended", "halted", 2020)]),
        # not history: the object is no mechanism, there is no year, or nothing is about a mechanism
        ("Russia launched its invasion of Ukraine in 2022, before the talks.", []),
        ("The talks resumed on Wednesday.", []),
        ("Construction of the dam began in 2015.", []),
    ],
)  # fmt: skip
def test_history(text: str, expected: list[tuple[str, str, int]]) -> None:
    found = find_history(text)
    assert [(h.kind, h.verb, h.year) for h in found] == expected
    for h in found:
        assert text[h.start : h.end] == h.text
        assert text[h.sentence_start : h.sentence_end] == h.sentence


# --- robustness

_PIECES = st.sampled_from(
    ["the", "eighth", "21st", "2024", "annual", "round", "of", "talks", "summit", "session", "between", "China",
     "and", "NATO", ",", ".", "-", "The", "Dialogue", "Shangri-La", "first", "resumed", "in", "2018", "twenty-first",
     "\n", "  ", "US-China", "(", ")", "largest", "initiated", "since", "2,000"]
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map(" ".join)))
def test_never_raises_and_offsets_slice(text: str) -> None:
    for mention in find_mentions(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.ordinal is None or mention.ordinal > 0
        assert list(mention.parties) == sorted(set(mention.parties))
    for statement in find_history(text):
        assert text[statement.start : statement.end] == statement.text
        assert text[statement.sentence_start : statement.sentence_end] == statement.sentence


# --- series from a store

SECOND = {
    "id": "ninth", "published": "2025-06-20",
    "text": "On Tuesday, NATO hosted the ninth military staff dialogue between NATO and China in Brussels. "
            "Officials from both sides discussed maritime security.",
}  # fmt: skip
TWO_SERIES = {
    "id": "two", "published": "2024-09-10",
    "text": "After the 16th BRICS summit, leaders prepared for the 2024 G20 summit. "
            "The talks were suspended in 2019.",  # which series? ambiguous, so dropped
}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, example_article: Path) -> Store:
    folder = tmp_path_factory.mktemp("series")
    jsonl = folder / "more.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in (SECOND, TWO_SERIES)), encoding="utf-8")
    db = Store(folder / "series.duckdb")
    Pipeline().run([example_article, jsonl], db)
    yield db
    db.close()


@pytest.fixture(scope="module")
def built(store: Store) -> list[Series]:
    return series(store)


def test_example_article_series(built: list[Series]) -> None:
    [dialogue] = [s for s in built if s.name == "military staff dialogue"]
    assert dialogue.parties == ("CHN", "IGOWSTNAT")
    eighth = next(e for e in dialogue.editions if e.ordinal == 8)
    assert (eighth.date, eighth.date_precision) == ("2024-03-13", "day")
    assert (eighth.place, eighth.country) == ("Beijing", "CHN")
    assert eighth.lat == pytest.approx(39.9, abs=0.2) and eighth.lon == pytest.approx(116.4, abs=0.2)
    assert eighth.event_ids and eighth.incident_id in eighth.incident_ids
    assert "eighth military staff dialogue" in eighth.evidence
    assert [(h.kind, h.year) for h in dialogue.history] == [("start", 2010), ("resumed", 2018)]
    assert all("initiated in 2010" in h.evidence for h in dialogue.history)


def test_editions_from_two_articles_join_one_series(built: list[Series]) -> None:
    [dialogue] = [s for s in built if s.name == "military staff dialogue"]
    assert [e.ordinal for e in dialogue.editions] == [8, 9]
    ninth = dialogue.editions[1]
    assert ninth.date == "2025-06-17"
    assert ninth.place == "Brussels"
    assert len(dialogue.article_ids) == 2


def test_ambiguous_history_is_dropped_and_year_editions_kept(built: list[Series]) -> None:
    by_name = {s.name: s for s in built}
    assert by_name["brics summit"].history == () and by_name["g20 summit"].history == ()
    [g20] = by_name["g20 summit"].editions
    [brics] = by_name["brics summit"].editions
    # the sentence's event is aimed at the G20, so it is the G20 edition's; dated by the named year,
    # not by the publication day
    assert (g20.year, g20.date, g20.date_precision) == (2024, "2024-01-01", "year")
    assert len(g20.event_ids) == 1 and brics.event_ids == ()
    assert (brics.ordinal, brics.date) == (16, None)


def test_series_are_sorted_and_json_ready(built: list[Series], store: Store) -> None:
    assert [s.key for s in built] == sorted(s.key for s in built)
    assert series(store) == built  # deterministic
    record = json.loads(json.dumps([s.to_dict() for s in built]))
    dialogue = next(r for r in record if r["name"] == "military staff dialogue")
    assert dialogue["parties"] == ["CHN", "IGOWSTNAT"]
    assert dialogue["editions"][0]["place"] == "Beijing"
    first = dialogue["history"][0]
    assert (first["kind"], first["year"], first["verb"]) == ("start", 2010, "initiated")
    assert first["article_id"] in dialogue["article_ids"]


def test_series_are_stored_when_coded(store: Store) -> None:
    named = store.series_mentions()
    assert store.unscanned_articles() == 0
    [(mentions, history)] = [found for found in named.values() if any(m.ordinal == 8 for m in found[0])]
    text = store.article_text(next(a for a, found in named.items() if found[0] == mentions)) or ""
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text and mention.text in mention.evidence
    assert [(h.kind, h.year) for h in history] == [("start", 2010), ("resumed", 2018)]


def test_reading_series_loads_no_language_model(store: Store) -> None:
    "`detente series` and GET /series read the database only: spaCy stays unimported."
    path = store.path
    store.release()
    program = f"""
import sys
from typer.testing import CliRunner
from fastapi.testclient import TestClient
from detente.cli import app
from detente.serve.api import create_app
result = CliRunner().invoke(app, ["series", "--db", {path!r}, "--format", "json"])
assert result.exit_code == 0, result.output
assert "military staff dialogue" in result.output
response = TestClient(create_app({path!r})).get("/series")
assert response.status_code == 200 and response.json()
print(sorted(m for m in sys.modules if m == "spacy" or m.startswith("spacy.")))
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_database_coded_before_series_were_stored(tmp_path: Path, example_article: Path) -> None:
    "An older database (no series tables, no series_scanned) still opens; `series` says why it is empty."
    from typer.testing import CliRunner

    from detente.cli import app

    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        Pipeline().run([example_article], store)
        store.execute("DROP TABLE series_mentions")
        store.execute("DROP TABLE series_history")
        store.execute("ALTER TABLE articles DROP COLUMN series_scanned")
    with Store(db, read_only=True) as store:
        assert series(store) == [] and store.unscanned_articles() == 1
    result = CliRunner().invoke(app, ["series", "--db", str(db)])
    assert result.exit_code == 0
    assert "1 articles" in result.output and "did not read series" in result.output
