"""Evaluation: the gold readers on the real files, the metrics on hand-computed cases, and the
`detente eval` command end to end on a slice of each format, so the harness itself cannot rot."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import InputError
from detente.evaluation import (
    FORMATS,
    PLOVER_05B1,
    PLOVER_QUAD,
    PLV_ROOTS,
    Confusion,
    Counts,
    GoldActor,
    GoldEvent,
    GoldSentence,
    GoldSet,
    read_petrarch_xml,
    read_plover_gsr,
    read_plv_tsv,
    score,
)
from detente.evaluation.readers import _phoenix_actor
from detente.evaluation.scoring import joins_dyad
from detente.models import Actor, Event
from detente.tables.codebook import PLOVER_TYPES, load_codebook, quad_class_of

PETR = "eval/dev/PETR2_GSR_validation.xml"
GSR = "eval/dev/PLOVER_GSR_CAMEO.json"
PLV = "eval/dev/PLV_train.tsv"


@pytest.fixture(scope="module")
def petr(shared: Path) -> GoldSet:
    return read_petrarch_xml(shared / PETR)


@pytest.fixture(scope="module")
def gsr(shared: Path) -> GoldSet:
    return read_plover_gsr(shared / GSR)


@pytest.fixture(scope="module")
def plv(shared: Path) -> GoldSet:
    return read_plv_tsv(shared / PLV)


def by_id(gold: GoldSet) -> dict[str, GoldSentence]:
    return {s.id: s for s in gold.sentences}


# --- PETRARCH-2 validation XML


def test_petr_reads_every_record_despite_the_comment_blocks(petr: GoldSet) -> None:
    # 78 <Sentence>s; one has an empty <Text>. The '#' block's "<EventCoding...>" is no record.
    assert len(petr.sentences) == 77
    assert petr.skipped == (("abc12_3", "empty <Text>"),)
    assert sum(len(s.events) for s in petr.sentences) == 79
    assert Counter(s.meta["category"] for s in petr.sentences)["AFP"] == 18
    assert {"VERB_6", "VERB_8"} <= set(by_id(petr))


def test_petr_record(petr: GoldSet) -> None:
    first = petr.sentences[0]
    assert first.id == "AFP0808020625_4"
    assert first.text.startswith("The stopover came as the US leader prepared") and "\n" not in first.text
    assert first.published == date(2008, 8, 4)
    [event] = first.events
    assert (event.cameo, event.plover_type, event.quad_class) == ("042", "CONSULT", 1)
    assert (event.source[0].code, event.target[0].code) == ("USA", "CHN")
    assert by_id(petr)["AFP0808020742_2"].events == ()  # noevents="True"
    odd = by_id(petr)["AFP0808020905_1"]  # date="121108"
    assert odd.published is None and odd.meta["date_unreadable"] == "121108"


@pytest.mark.parametrize(
    "code, country, sector",
    [
        ("USAGOV", "USA", "GOV"), ("USA", "USA", None), ("---REB", None, "REB"), ("---", None, None),
        ("PSEGZACVL", "PSE", "CVL"), ("PSEREBHMSGOV", "PSE", "REB"), ("IGOUNOMIL", "IGO", "MIL"),
        ("IGOCOPITP", "IGO", "IGO"), ("IGOWSTNAT", "IGO", "IGO"), ("IMGMUSISI", "IMG", None),
        ("KSVGOV", "XKX", "GOV"),
    ],
)  # fmt: skip
def test_phoenix_codes(code: str, country: str | None, sector: str | None) -> None:
    actor = _phoenix_actor(code)
    assert (actor.code, actor.country, actor.sector) == (code, country, sector)


SENTENCE = '<Sentence id="S1" date="20150609" category="AFP">\n'


@pytest.mark.parametrize(
    "body, message",
    [
        ('<EventCoding eventcode="040" sourcecode="USA" targetcode="RUS"/>', "before any <Sentence>"),
        (SENTENCE + '<EventCoding eventcode="040" sourcecode="USA" targetcode="RUS"/>\n</Sentence>', "S1): no <Text>"),
        (SENTENCE + '<EventCoding eventcode="4x" sourcecode="USA" targetcode="RUS"/><Text>x</Text>', "'4x' is not a CAMEO code"),
        (SENTENCE + '<EventCoding eventcode="040" sourcecode="USA"/><Text>x</Text>', "lacks targetcode"),
        (SENTENCE + "<Text>a</Text><Text>b</Text>", "second <Text>"),
        ("<Validation>nothing here</Validation>", "no <Sentence> records"),
    ],
)  # fmt: skip
def test_petr_malformed_records_name_file_and_record(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "gold.xml"
    path.write_text(f"<Validation>\n{body}\n</Validation>\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(str(path))) as caught:
        read_petrarch_xml(path)
    assert message in str(caught.value)


# --- PLOVER gold standard JSON


def test_gsr_maps_plover_05b1_to_current_plover(gsr: GoldSet) -> None:
    assert len(gsr.sentences) == 322  # the DOCUMENT record is not an event
    types = Counter(s.events[0].plover_type for s in gsr.sentences)
    assert set(types) <= set(PLOVER_TYPES)
    assert types["ASSAULT"] == 15 + 17  # ASSAULT + FIGHT
    assert types["ACCUSE"] == 16 + 9  # DISAPPROVE + INVESTIGATE
    assert types["REQUEST"] == 34  # DEMAND
    fight = next(s for s in gsr.sentences if s.meta["plover_0.5b1"] == "FIGHT")
    assert fight.events[0].plover_type == "ASSAULT" and fight.events[0].quad_class == 4


def test_gsr_actors(gsr: GoldSet) -> None:
    records = by_id(gsr)
    agree = records["PLOVER-GSR01-AGREE-0001"].events[0]  # "(SRC/TAR: Hungarian) and (SRC/TAR: Romanian)"
    assert agree.reciprocal and agree.target == ()
    assert [(a.text, a.country, a.sector) for a in agree.source] == [("Hungarian", "HUN", "GOV"), ("Romanian", "ROU", "GOV")]
    tokyo = records["PLOVER-GSR01-AGREE-0002"].events[0]
    assert tokyo.source[0].country == "IGO" and tokyo.target[0].country == "JPN"  # gold writes JAP
    assert records["PLOVER-GSR01-AGREE-0007"].meta["target_unreadable"] == "diplomatic"
    assert "PLOVER-GSR01-COERCE-0004#2" in records  # the gold repeats an id
    sectors = {a.sector for s in gsr.sentences for a in s.events[0].source + s.events[0].target}
    assert {"CVL", "HLH", "MED"} <= sectors and not sectors & {"***", "JRN", "CIV", "CVLalb"}


@pytest.mark.parametrize(
    "content, message",
    [
        ("[{", "not JSON"),
        ('{"event": "AGREE"}', "expected a JSON array"),
        ('[{"id": "R1", "event": "HUG", "text": "x"}]', "R1): unknown event type 'HUG'"),
        ('[{"id": "R1", "event": "AGREE", "text": " "}]', "R1): no text"),
        ('[{"id": "R1", "event": "AGREE", "text": "x", "source": [{"actorText": "x"}]}]', "needs a string 'code'"),
    ],
)  # fmt: skip
def test_gsr_malformed(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_plover_gsr(path)


# --- PLV TSV


def test_plv_rows(plv: GoldSet) -> None:
    assert len(plv.sentences) == 1050
    assert Counter(s.events[0].plover_type for s in plv.sentences)["YIELD"] == 141
    first = plv.sentences[0].events[0]
    assert first.source[0].text == "Iranian Foreign Minister Mohammad Javad Zarif"
    assert first.target[0].text == "a U.S. Supreme Court decision"
    assert (first.plover_type, first.quad_class) == ("ACCUSE", 3)
    assert "<s>" not in plv.sentences[0].text  # the unmarked sentence is what gets coded
    assert sum(not s.events[0].target for s in plv.sentences) == 20  # no <t>: no target
    assert "788#6" in by_id(plv)  # one sentence, six marked dyads


def test_plv_malformed(tmp_path: Path) -> None:
    header = "sentence_id\tsentence\tmarked_sentence\tgold_root\tgold_penta\n"
    path = tmp_path / "plv.tsv"
    path.write_text("sentence_id\tsentence\n1\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column.*marked_sentence"):
        read_plv_tsv(path)
    path.write_text(header + "1\tx\t<s>x</s>\tCONCEDE\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"plv\.tsv:2: gold_root 'CONCEDE' is not a PLV root"):
        read_plv_tsv(path)


PIECES = list('<>/="#[]{},:\n\t -abcST0123456789') + [
    "<Sentence id=", "<Text>", "</Text>", "<EventCoding ", 'eventcode="', "<!--", "-->", '"event": ',
    "sentence_id\tsentence\tmarked_sentence\tgold_root\tgold_penta\n", "YIELD", "<s>", "</s>",
]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_readers_raise_only_input_errors(garbage: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "gold"
        path.write_text(garbage, encoding="utf-8")
        for read in (read_petrarch_xml, read_plover_gsr, read_plv_tsv):
            try:
                read(path)
            except InputError:
                pass


# --- label mappings


def test_label_mappings_land_in_current_plover() -> None:
    assert set(PLOVER_05B1.values()) == set(PLOVER_TYPES)
    assert set(PLOVER_TYPES) | {"YIELD"} == set(PLOVER_QUAD)
    assert len(PLV_ROOTS) == 15 and "YIELD" in PLV_ROOTS and "CONCEDE" not in PLV_ROOTS
    label = FORMATS["plv-tsv"].label
    assert (label("CONCEDE"), label("RETREAT"), label("ACCUSE")) == ("YIELD", "YIELD", "ACCUSE")


# --- metrics, by hand


def test_counts_precision_recall_f1() -> None:
    counts = Counts()
    counts.add({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert (counts.tp, counts.fp, counts.fn) == (2, 2, 1)
    assert counts.precision == 0.5 and counts.recall == pytest.approx(2 / 3) and counts.f1 == pytest.approx(4 / 7)
    counts.add(["x"], ["x", "x"])  # sets: a triple coded twice is one prediction
    assert (counts.tp, counts.fp, counts.fn) == (3, 2, 1)  # micro: summed over sentences
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)


def test_confusion_accuracy_and_macro_f1() -> None:
    confusion = Confusion()
    for gold, predicted in [("A", "A"), ("A", "A"), ("A", "B"), ("B", "B"), ("B", None), ("C", "A")]:
        confusion.add(gold, predicted)
    assert confusion.accuracy == 0.5
    per = confusion.per_class()
    assert per["A"].f1 == pytest.approx(2 / 3)  # tp 2, fp 1 (C→A), fn 1 (A→B)
    assert per["B"].f1 == pytest.approx(1 / 2)  # tp 1, fp 1 (A→B), fn 1 (B→NONE)
    assert per["C"].f1 == 0.0 and "NONE" not in per
    assert confusion.macro_f1 == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)
    assert confusion.to_dict()["none"] == 1


def actor(code: str, country: str | None = None, sector: str | None = None, text: str | None = None) -> Actor:
    return Actor(text or code, code, code, country, sector)


def event(cameo: str, source: list[Actor], target: list[Actor], **flags: bool) -> Event:
    code = load_codebook()[cameo]
    return Event(
        id=cameo, article_id="a", sentence_index=0, sentence="s", char_start=0, char_end=1,
        source=tuple(source), target=tuple(target), cameo=cameo, cameo_root=cameo[:2], cameo_name=code.name,
        quad_class=code.quad_class, goldstein=code.goldstein, plover_type=code.plover_type,
        plover_mode=code.plover_mode, date=None, date_precision=None, date_source=None, location=None,
        negated=flags.get("negated", False), hypothetical=flags.get("hypothetical", False),
        background=False, confidence=1.0, rule="test:1", trigger="t",
    )  # fmt: skip


def petr_gold(*events: tuple[str, str, str]) -> GoldSentence:
    return GoldSentence(
        "S", "text", None,
        tuple(GoldEvent((_phoenix_actor(s),), (_phoenix_actor(t),), cameo=c, quad_class=quad_class_of(c[:2])) for s, t, c in events),
        {"category": "AFP"},
    )  # fmt: skip


def test_triples_exact_and_country_level() -> None:
    brazil, usa, usagov = actor("BRA", "BRA"), actor("USA", "USA"), actor("USAGOV", "USA", "GOV")
    gold = GoldSet("g", "petrarch-xml", (
        petr_gold(("BRA", "USA", "031"), ("USA", "BRA", "031")),  # symmetric: CAMEO codes both ways
        petr_gold(("USAGOV", "RUS", "190")),
        petr_gold(("---REB", "SYR", "040")),
        petr_gold(),  # noevents
    ))  # fmt: skip
    predicted = [
        [event("031", [brazil], [usa])],
        [event("190", [usa], [actor("RUS", "RUS")])],  # USA, not USAGOV: a country-level hit only
        [event("04", [actor("REB", None, "REB")], [actor("SYR", "SYR")])],  # "REB" is Phoenix's ---REB, 04 is 040
        [event("112", [usagov], [brazil]), event("190", [usagov], [brazil], negated=True)],
    ]
    report = score(gold, predicted)
    all_ = report.subsets["all"]
    assert (all_["triples"]["tp"], all_["triples"]["fp"], all_["triples"]["fn"]) == (2, 2, 2)
    assert (all_["triples_country"]["tp"], all_["triples_country"]["fp"], all_["triples_country"]["fn"]) == (3, 1, 1)
    assert all_["triples"]["precision"] == 0.5 and all_["triples"]["recall"] == 0.5
    assert all_["cameo_root"]["tp"] == 3 and all_["cameo_root"]["fp"] == 1  # per sentence sets
    assert report.headline == "AFP" and report.predictions == {"kept": 4, "excluded": {"negated": 1}}
    # BRA, USA (sentence 1) and USA (2) have countries; ---REB has none. USA→BRA was not coded.
    assert all_["actors"]["source_country"] == {"accuracy": 0.6667, "correct": 2, "n": 3}
    kinds = Counter(e["kind"] for e in report.errors)
    assert kinds == {"miss": 1, "wrong": 1, "false_positive": 1}
    wrong = next(e for e in report.errors if e["kind"] == "wrong")
    assert wrong["wrong"] == ["source"] and wrong["predicted"]["rule"] == "test:1"
    assert score(gold, predicted, keep="all").predictions["kept"] == 5


def test_triples_within_the_gold_code_accept_a_sub_code_only() -> None:
    israel, palestine = actor("ISR", "ISR"), actor("PSEGOV", "PSE", "GOV")
    gold = GoldSet("g", "petrarch-xml", (petr_gold(("ISR", "PSEGOV", "084"), ("ISR", "PSEGOV", "040")),))
    # 0841 is under 084: a hit here, a miss and a false positive for the exact triples; 042 is not under 040
    predicted = [[event("0841", [israel], [palestine]), event("042", [israel], [palestine])]]
    all_ = score(gold, predicted).subsets["all"]
    assert (all_["triples"]["tp"], all_["triples"]["fp"], all_["triples"]["fn"]) == (0, 2, 2)
    nested = all_["triples_within_gold_code"]
    assert (nested["tp"], nested["fp"], nested["fn"]) == (1, 1, 1)


def plv_gold(source: str, target: str | None, root: str, quad: int) -> GoldSentence:
    def spans(text: str | None) -> tuple[GoldActor, ...]:
        return (GoldActor(text=text),) if text else ()

    return GoldSentence("S", "text", None, (GoldEvent(spans(source), spans(target), plover_type=root, quad_class=quad),))


def test_record_level_classification_picks_the_event_of_the_marked_dyad() -> None:
    ukraine, russia = actor("UKR", "UKR", text="Ukraine"), actor("RUS", "RUS", text="Russia")
    gold = GoldSet("g", "plv-tsv", (
        plv_gold("Ukraine", "Russia", "ACCUSE", 3),
        plv_gold("the Russian army", None, "YIELD", 2),
        plv_gold("Ukraine", "Russia", "ASSAULT", 4),
        plv_gold("Ukraine", "Russia", "REJECT", 3),
    ))  # fmt: skip
    predicted = [
        [event("190", [russia], [ukraine]), event("112", [ukraine], [russia])],  # the second is the dyad
        [event("0874", [actor("RUSMIL", "RUS", "MIL", "Russian army")], [ukraine])],  # RETREAT is YIELD
        [],  # NONE
        [event("010", [ukraine], [russia])],  # no PLOVER type: not a prediction here
    ]
    report = score(gold, predicted)
    plover = report.subsets["all"]["classification"]["plover_type"]
    assert (plover["accuracy"], plover["correct"], plover["none"]) == (0.5, 2, 2)
    assert plover["macro_f1"] == pytest.approx(0.5)  # ACCUSE 1, YIELD 1, ASSAULT 0, REJECT 0
    assert report.predictions["excluded"] == {"no PLOVER type": 1}
    spans = report.subsets["all"]["spans"]
    assert spans["dyad_found"] == {"accuracy": 0.5, "correct": 2, "n": 4}
    assert report.subsets["all"]["classification"]["quad_class"]["correct"] == 2  # 112 → 3, 0874 → 2
    assert Counter(e["kind"] for e in report.errors) == {"miss": 2, "extra": 1}


def test_dyad_recall_asks_for_any_event_joining_the_marked_pair() -> None:
    ukraine, russia = actor("UKR", "UKR", text="Ukraine"), actor("RUS", "RUS", text="Russia")
    gold = GoldSet("g", "plv-tsv", (
        plv_gold("Ukraine", "Russia", "ACCUSE", 3),
        plv_gold("Ukraine", "Russia", "ASSAULT", 4),
        plv_gold("Ukraine", "Russia", "REJECT", 3),
        plv_gold("the Russian army", None, "YIELD", 2),
    ))  # fmt: skip
    predicted = [
        [event("190", [russia], [ukraine]), event("112", [ukraine], [russia])],  # the pair, with its type
        [event("111", [ukraine], [russia])],  # the pair, another type
        [event("120", [ukraine], [])],  # no target: the pair is not coded
        [event("0874", [actor("RUSMIL", "RUS", "MIL", "Russian army")], [])],  # no gold target: not counted
    ]
    spans = score(gold, predicted).subsets["all"]["spans"]
    assert spans["dyad_recall"] == {"accuracy": round(2 / 3, 4), "correct": 2, "n": 3}
    assert spans["triple_recall"] == {"accuracy": round(1 / 3, 4), "correct": 1, "n": 3}


def test_a_reciprocal_gold_joins_an_event_with_one_party_on_each_side() -> None:
    "The GSR lists both parties of a meeting as sources (SRC/TAR) and no target."
    us, russia = actor("USAGOV", "USA", "GOV", "Warren Christopher"), actor("RUSGOV", "RUS", "GOV", "Andrei Kozyrev")
    parties = (GoldActor(text="Warren Christopher"), GoldActor(text="Andrei Kozyrev"))
    met = GoldEvent(parties, (), plover_type="CONSULT", reciprocal=True)
    assert joins_dyad(met, event("041", [us], [russia]))
    assert joins_dyad(met, event("041", [russia], [us]))
    assert not joins_dyad(met, event("040", [us], []))  # one side only
    assert not joins_dyad(met, event("041", [us], [actor("CHN", "CHN", text="China")]))  # another party


# --- the command, end to end


def detente(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "gold, format, headline, keys",
    [
        (PETR, "petrarch-xml", "AFP", ["triples", "triples_country", "dyads", "cameo_root", "plover_types", "actors"]),
        (GSR, "plover-gsr", "all", ["triples_country", "dyads_country", "classification", "actors", "spans"]),
        (PLV, "plv-tsv", "all", ["classification", "spans"]),
    ],
)  # fmt: skip
def test_eval_command(shared: Path, tmp_path: Path, gold: str, format: str, headline: str, keys: list[str]) -> None:
    errors = tmp_path / "errors.jsonl"
    result = detente("eval", str(shared / gold), "--format", format, "--json", "--limit", "8", "--errors", str(errors))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["format"], report["headline"], report["scored"], report["keep"]) == (format, headline, 8, "stated")
    subset = report["subsets"][headline]
    assert set(keys) <= set(subset) and subset["records"] <= 8
    if "classification" in keys:
        plover = subset["classification"]["plover_type"]
        assert {"accuracy", "macro_f1", "per_class", "confusion"} <= set(plover) and plover["n"] == 8
    lines = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert all({"id", "text", "kind", "gold", "predicted"} <= set(line) for line in lines)
    assert f"{len(lines)} errors" in result.stderr


def test_eval_prints_a_table(shared: Path) -> None:
    result = detente("eval", str(shared / PLV), "--format", "plv-tsv", "--limit", "3")
    assert result.returncode == 0, result.stderr
    assert "plover type" in result.stdout and "3 records scored" in result.stdout


def test_eval_has_help() -> None:
    result = detente("eval", "--help")
    assert result.returncode == 0 and "--format" in result.stdout and "--errors" in result.stdout


def test_eval_errors_are_one_line(shared: Path, tmp_path: Path) -> None:
    wrong_format = detente("eval", str(shared / PLV), "--format", "petrarch-xml")
    assert wrong_format.returncode == 2
    assert wrong_format.stderr.strip().endswith("no <Sentence> records: is this a PETRARCH validation file?")
    assert len(wrong_format.stderr.strip().splitlines()) == 1
    missing = detente("eval", str(tmp_path / "nope.json"), "--format", "plover-gsr")
    assert missing.returncode == 2 and "nope.json: no such file" in missing.stderr
