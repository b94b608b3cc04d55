"""The library's front door: code_text, and the evidence offsets every event carries."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import detente
from detente.ingest import read_inputs
from detente.models import RawArticle

REPO = Path(__file__).resolve().parent.parent


def comparable(event: dict) -> tuple:
    codes = lambda actors: tuple(a["code"] for a in actors)  # noqa: E731
    return (event["sentence_index"], event["char_start"], event["char_end"], codes(event["source"]),
            codes(event["target"]), event["cameo"], event["date"], event["location"] and event["location"]["name"])  # fmt: skip


def test_code_text_matches_the_cli(example_article: Path, tmp_path: Path) -> None:
    body = example_article.read_text(encoding="utf-8").split("2024-03-15 ", 1)[1]
    library = [e.to_dict() for e in detente.code_text(body, published="2024-03-15")]
    db = tmp_path / "cli.duckdb"
    subprocess.run([sys.executable, "-m", "detente", "code", str(example_article), "--db", str(db)], check=True, capture_output=True)
    cli = json.loads(
        subprocess.run([sys.executable, "-m", "detente", "events", "--db", str(db), "--format", "json"], check=True, capture_output=True, text=True).stdout
    )
    assert library and sorted(map(comparable, library)) == sorted(map(comparable, cli))


def articles(shared: Path) -> list[RawArticle]:
    found = [item for item in read_inputs([str(shared / "examples"), str(REPO / "examples")])]
    assert all(isinstance(item, RawArticle) for item in found)
    return found  # type: ignore[return-value]


def test_evidence_offsets_slice_the_sentence(shared: Path) -> None:
    pipeline = detente.Pipeline()
    events = [e for article in pipeline.code_articles(articles(shared)) for e in article.events]
    assert len(events) > 10
    for article in articles(shared):
        for event in pipeline.code_article(article).events:
            assert article.text[event.char_start : event.char_end] == event.sentence


def test_published_date_anchors_weekdays() -> None:
    events = detente.code_text("On Wednesday, Beijing hosted the talks between China and NATO.", published="2024-03-15")
    assert events
    for event in events:
        assert (event.date, event.date_precision, event.date_source) == ("2024-03-13", "day", "stated")


def test_without_a_stated_date_the_publication_date_is_used() -> None:
    [event] = detente.code_text("China accused NATO of distorting its position.", published="2024-03-15")
    assert (event.date, event.date_source) == ("2024-03-15", "publication")


def test_no_publication_date_no_guess() -> None:
    [event] = detente.code_text("China accused NATO of distorting its position.")
    assert event.date is None


def test_bad_published_date_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2024-02-30"):
        detente.code_text("China accused NATO.", published="2024-02-30")


def test_public_surface() -> None:
    assert set(detente.__all__) >= {"code_text", "Pipeline", "Store", "Event", "Actor", "Location", "DetenteError"}
    for name in detente.__all__:
        assert getattr(detente, name) is not None


def test_user_tables_extend_actors_and_patterns(tmp_path: Path) -> None:
    (tmp_path / "organizations.tsv").write_text(
        "code\tname\taliases\tsector\nNGOXYZWTC\tWorld Tea Council\tWTC\tNGO\n", encoding="utf-8"
    )
    (tmp_path / "verbs.tsv").write_text("cameo\tverb\tobject\tsource\ttarget\n111\thector\t-\tsubj\tdobj\n", encoding="utf-8")
    pipeline = detente.Pipeline(tables=[tmp_path])
    [event] = detente.code_text("The World Tea Council hectored India on Monday.", published="2024-05-10", pipeline=pipeline)
    assert (event.source[0].code, event.target[0].code, event.cameo) == ("NGOXYZWTC", "IND", "111")
    assert detente.code_text("The World Tea Council hectored India on Monday.", published="2024-05-10") == []


def test_an_article_the_coder_fails_on_is_a_reject_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("China accused NATO of lying.", encoding="utf-8")
    (inbox / "b.txt").write_text("Russia attacked Ukraine.", encoding="utf-8")
    pipeline = detente.Pipeline()
    real_find = pipeline.finder.find

    def fragile(sent, day=None, introductions=None):  # a stand-in for a coder defect triggered by one article
        if "Russia" in sent.text:
            raise RuntimeError("boom")
        return real_find(sent, day, introductions)

    monkeypatch.setattr(pipeline.finder, "find", fragile)
    with detente.Store(tmp_path / "x.duckdb") as store:
        summary = pipeline.run([str(inbox)], store)
        assert summary.articles == 1 and store.counts()["events"] == 1
        [reject] = store.rejects()
    assert reject.input.endswith("b.txt") and "RuntimeError: boom" in reject.reason
    with pytest.raises(RuntimeError):
        pipeline.code_article(RawArticle(doc_id="b", text="Russia attacked Ukraine.", origin="b"))


@pytest.mark.parametrize(
    "sentence, source, target, cameo",
    [
        # an arrest or an investigation nobody is named for is by the authorities of the place
        ("A US national has been put under investigation in Italy for her role in rioting.", "ITAGOV", "USA", "090"),
        ("A Christian missionary from Calgary was arrested in Lebanon for collaborating with Israel.", "LBNGOV", "CANREL", "173"),
        # an attack nobody is named for, with the place deep in the phrase
        ("Three US servicemen were killed by a roadside bomb outside of the Iraqi city of Basra.", "IRQUAF", "USAMIL", "190"),
        # (a bomb killing a journalist, no state force in sight: unconventional violence, CAMEO 18)
        ("A journalist was killed in a car bomb explosion in a residential district of eastern Beirut.", "LBNUAF", "LBNMED", "180"),
    ],
)
def test_unnamed_state_acts_and_attacks_are_of_the_place(sentence: str, source: str, target: str, cameo: str) -> None:
    coded = {(e.source[0].code if e.source else None, e.target[0].code if e.target else None, e.cameo)
             for e in detente.code_text(sentence, published="2001-08-01")}  # fmt: skip
    assert (source, target, cameo) in coded


def test_an_official_known_only_by_title_is_of_the_place_where_they_act() -> None:
    [event] = [e for e in detente.code_text(
        "President Laurent Gbagbo announced on Sunday that he will extend the night-time curfew in Abidjan.",
        published="2004-11-01") if e.source]  # fmt: skip
    assert event.source[0].code == "CIVGOV" and event.source[0].text == "President Laurent Gbagbo"


def test_an_official_known_only_by_title_is_dropped_where_no_place_says_whose() -> None:
    for event in detente.code_text("President Laurent Gbagbo met the French ambassador in Paris.", published="2004-11-01"):
        assert all(a.country for a in event.source + event.target)


@pytest.mark.parametrize(
    "sentence, published, source",
    [
        # no place in the event's clause: the one other country the sentence names
        # (whether or not the people table knows the person, the country is Kyrgyzstan's)
        ("Ousted President Askar Akayev has agreed to resign without returning to Kyrgyzstan.", "2005-04-02", "KGZ"),
        ("Lt. Gen. Prosper Avril resigned yesterday to allow Haiti's first democratic elections to take place.", "1990-03-11", "HTI"),
    ],
)
def test_an_official_known_only_by_title_takes_the_one_country_the_sentence_names(
    sentence: str, published: str, source: str
) -> None:
    assert source in {a.country for e in detente.code_text(sentence, published=published) for a in e.source}


def test_the_other_sides_country_is_not_the_officials() -> None:
    # de Klerk is South Africa's: the welcoming president is not placed there
    events = detente.code_text("President Francois Mitterand gave a warm welcome to South African leader F.W. de Klerk.")
    assert not any(a.country == "ZAF" for e in events for a in e.source)


def test_an_ethnic_people_acting_in_a_country_is_coded_by_residence() -> None:
    events = detente.code_text("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.", published="1999-03-02")
    assert "SRBCVL" in {a.code for e in events for a in e.source}


def test_a_sector_based_in_a_town_is_of_its_country() -> None:
    events = detente.code_text("Police based in Hebron arrested two Palestinian activists.", published="2003-03-02")
    assert "PSECOP" in {a.code for e in events for a in e.source}


def test_a_planned_visit_keeps_its_future_date_and_says_so() -> None:
    [visit] = detente.code_text("Xi Jinping will visit Paris next Tuesday.", published="2024-03-15")
    assert (visit.date, visit.future, visit.cameo) == ("2024-03-19", True, "036")  # an intention to meet
    [done] = detente.code_text("Xi Jinping visited Paris on Tuesday.", published="2024-03-15")
    assert (done.date, done.future) == ("2024-03-12", False)


def test_what_a_party_says_another_did_is_attributed_not_an_accusation() -> None:
    "Blind judges read 'X said Y shelled…' as the reported act; an accusation is what a verb of accusing says."
    events = detente.code_text("Russia said Ukraine shelled Donetsk on Tuesday.", published="2024-03-15")
    [shelling] = [e for e in events if e.plover_type == "ASSAULT"]
    assert shelling.source[0].code == "UKR" and [a.code for a in shelling.attributed_to] == ["RUS"]
    assert shelling.date == "2024-03-12"
    assert not [e for e in events if e.cameo == "112"]
    accused = detente.code_text("Russia accused Ukraine of shelling Donetsk on Tuesday.", published="2024-03-15")
    assert [(e.source[0].code, e.target[0].code) for e in accused if e.cameo == "112"] == [("RUS", "UKR")]


def test_a_wire_reports_source_is_attribution_not_accusation() -> None:
    events = detente.code_text("Irish nationalist guerrillas wounded two British soldiers in a bomb attack, police said.")
    assert [e.cameo[:2] for e in events] == ["18"]
    assert [a.code for a in events[0].attributed_to] == ["COP"]


def test_a_statement_about_another_actor_is_dated_by_its_sentence() -> None:
    [statement] = detente.code_text(
        "Last year, NATO clarified that while China is not seen as an adversary, its ambitions pose a challenge.",
        published="2024-03-15",
    )
    assert (statement.cameo, statement.source[0].code, statement.target[0].code) == ("010", "IGOWSTNAT", "CHN")
    assert (statement.date, statement.date_precision, statement.date_source) == ("2023-01-01", "year", "stated")


def test_the_prefilter_parses_only_sentences_naming_an_actor_and_loses_no_event(
    example_article: Path, shared: Path
) -> None:
    """Only sentences naming an actor are parsed, and only those holding an event get entities;
    on the example article, three reports of one meeting and 200 news sentences from the PLV
    gold file, the events are exactly those of parsing and recognising everything."""
    import csv

    from test_incidents import REPORTS

    from detente.coding.pipeline import Pipeline

    text = example_article.read_text(encoding="utf-8")
    with open(shared / "eval" / "dev" / "PLV_train.tsv", encoding="utf-8") as handle:
        plv = [row["sentence"] for row, _ in zip(csv.DictReader(handle, delimiter="\t"), range(200))]
    raws = [
        RawArticle(doc_id="x", text=text.split(" ", 2)[2], origin="x", published=date(2024, 3, 15)),
        RawArticle(doc_id="plv", text="\n\n".join(plv), origin="plv", published=date(2019, 6, 1)),
        *(RawArticle(doc_id=r["id"], text=r["text"], origin="r", published=date.fromisoformat(r["published"])) for r in REPORTS),
    ]
    filtered, everything = Pipeline(), Pipeline(prefilter=False)
    kept = list(filtered.code_articles(raws))
    assert [a.events for a in kept] == [a.events for a in everything.code_articles(raws)]
    assert sum(len(a.events) for a in kept) > 100
    assert sum(a.n_sentences for a in kept) == filtered.filtered.sentences
    assert 0 < filtered.filtered.recognised < filtered.filtered.parsed < filtered.filtered.sentences
    assert everything.filtered.recognised == everything.filtered.parsed == everything.filtered.sentences


def test_two_workers_store_exactly_what_one_process_stores(tmp_path: Path, example_article: Path) -> None:
    from test_incidents import REPORTS, write_jsonl

    from detente.coding.pipeline import Pipeline
    from detente.run import run_parallel

    inputs = [str(example_article), str(REPO / "examples"), str(write_jsonl(tmp_path / "r.jsonl", REPORTS))]
    with detente.Store(tmp_path / "one.duckdb") as one, detente.Store(tmp_path / "two.duckdb") as two:
        single = Pipeline().run(inputs, one, batch_size=2)
        parallel = run_parallel(inputs, two, workers=2, batch_size=2)
        assert (single.articles, single.events) == (parallel.articles, parallel.events) and single.events > 10
        assert one.events() == two.events()
        assert one.incidents() == two.incidents()


def test_a_worker_that_cannot_start_is_its_error_not_a_hang(tmp_path: Path) -> None:
    "A user table that does not load fails every worker at start: the run says which, at once."
    from detente.errors import DataTableError
    from detente.run import run_parallel

    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "verbs.tsv").write_text("cameo\tverb\tobjects\tsource\ttarget\n999\tmeet\t-\tsubj\twith\n")
    (tmp_path / "a.txt").write_text("China met NATO in Beijing.")
    with detente.Store(tmp_path / "db.duckdb") as store, pytest.raises(DataTableError, match=r"verbs\.tsv"):
        run_parallel([str(tmp_path / "a.txt")], store, workers=2, tables=[tables])
