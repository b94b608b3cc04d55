from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.ingest.clean import BOILERPLATE, CleanText, clean, content_id, is_boilerplate


@pytest.fixture(scope="module")
def article_text(example_article) -> str:
    return example_article.read_text(encoding="utf-8")


def test_example_article_loses_its_advertisment_lines(article_text):
    cleaned = clean(article_text)
    assert "Advertisment" not in cleaned.text
    assert "Advertisment" in article_text
    assert "\n\n" not in cleaned.text
    # Eight paragraphs: four body paragraphs between headings, the ads gone.
    paragraphs = [cleaned.text[s:e] for s, e in cleaned.paragraphs()]
    assert paragraphs[1] == "Strategic Dialogue Amidst Global Tensions"
    assert paragraphs[3] == "Engagement and Concerns"
    assert paragraphs[4].startswith("Both sides acknowledged")
    assert len(paragraphs) == 8


def test_example_article_spans_map_back_exactly(article_text):
    cleaned = clean(article_text)
    for start, end in cleaned.paragraphs():
        s, e = cleaned.original_span(start, end)
        source = article_text[s:e]
        assert source == source.strip() and "\n" not in source
        assert clean(source).text == cleaned.text[start:end]
    needle = "Sweden's recent decision to join NATO"
    start = cleaned.text.index(needle)
    s, e = cleaned.original_span(start, start + len(needle))
    assert article_text[s:e] == "Sweden\u2019s recent decision to join NATO"
    needle = "China has accused NATO of distorting its position"
    start = cleaned.text.index(needle)
    s, e = cleaned.original_span(start, start + len(needle))
    assert article_text[s:e] == needle


def test_curly_quotes_become_straight_and_map_to_the_curly_original():
    original = "Sweden\u2019s \u201crecent\u201d decision"
    cleaned = clean(original)
    assert cleaned.text == "Sweden's \"recent\" decision"
    s, e = cleaned.original_span(0, len("Sweden's"))
    assert original[s:e] == "Sweden\u2019s"


def test_whitespace_collapses_and_paragraphs_are_trimmed():
    original = "  One\t\t two   three  \r\n\r\n\r\n   Four\u00a0\u00a0five \n"
    cleaned = clean(original)
    assert cleaned.text == "One two three\nFour five"
    assert cleaned.paragraphs() == [(0, 13), (14, 23)]
    s, e = cleaned.original_span(14, 23)
    assert original[s:e] == "Four\u00a0\u00a0five"
    s, e = cleaned.original_span(0, 23)
    assert original[s:e] == original.strip()


def test_zero_width_and_control_characters_are_removed():
    original = "NA\u200bTO\u00ad met\x07 in Bei\ufeffjing"
    cleaned = clean(original)
    assert cleaned.text == "NATO met in Beijing"
    s, e = cleaned.original_span(0, 4)
    assert original[s:e] == "NA\u200bTO"


def test_nfkc_expansions_map_to_their_single_source_character():
    original = "The \ufb01nal talks\u2026 in \uff2e\uff21\uff34\uff2f"
    cleaned = clean(original)
    assert cleaned.text == "The final talks... in NATO"
    assert cleaned.original_span(4, 5) == (4, 5)  # "f" of "fi" comes from "ﬁ"
    s, e = cleaned.original_span(4, 9)
    assert original[s:e] == "\ufb01nal"


@pytest.mark.parametrize(
    "line",
    [
        "Advertisment",
        "Advertisement",
        "ADVERTISEMENT",
        "  — Advertisement —  ",
        "[Advertisement]",
        "Sponsored",
        "Share this article",
        "Share on Facebook",
        "Share on X",
        "Share on Twitter",
        "Facebook Twitter Email",
        "Subscribe to our newsletter",
        "Sign up for our daily World Briefing newsletter",
        "Click here to read the full report",
        "Read more: China and NATO hold talks in Beijing",
        "READ MORE",
        "Related: NATO chief visits Kyiv",
        "Related stories",
        "Follow us on Twitter and Facebook",
        "Copyright 2024 Reuters. All rights reserved.",
        "© 2024 The Associated Press",
        "(c) 2024 World News",
        "All rights reserved.",
        "Story continues below advertisement",
        "The Associated Press contributed to this report.",
        "– CNN's Jim Acosta, Ashley Killough and Tom Cohen contributed to this report.",
        "Associated Press writer Joan Lowy in Washington contributed reporting.",
        "Contributing: David Jackson of USA TODAY",
        "(Reporting by Tom Miles; Editing by Alison Williams)",
        "Additional reporting by Andrew Osborn in Moscow",
    ],
)
def test_boilerplate_lines_are_dropped(line):
    assert is_boilerplate(line)
    cleaned = clean(f"NATO met China.\n{line}\nChina met NATO.")
    assert cleaned.text == "NATO met China.\nChina met NATO."


@pytest.mark.parametrize(
    "line",
    [
        "The advertisement campaign was paid for by the Russian embassy.",
        "Share prices in Moscow fell after the sanctions were announced.",
        "Related talks were held in Geneva on Tuesday.",
        "Copyright infringement was at the heart of the dispute between the US and China.",
        "China said NATO should read more carefully what Beijing has said.",
        "The sponsored delegation arrived in Kyiv on Monday.",
        "Subscribers in Ukraine lost access to the service.",
        "China contributed to the report's findings, the panel said.",
        "Reporting by state media said the talks had failed.",
        "* * *",
    ],
)
def test_real_sentences_that_mention_the_words_are_kept(line):
    assert not is_boilerplate(line)
    assert clean(line).text == line


def test_boilerplate_is_data_in_the_module():
    assert isinstance(BOILERPLATE, tuple) and all(isinstance(p, str) for p in BOILERPLATE)


def test_empty_and_boilerplate_only_text():
    assert clean("").text == ""
    assert clean("").paragraphs() == []
    assert clean("").original_span(0, 0) == (0, 0)
    only_ads = clean("Advertisement\n\n  \nShare this article\n")
    assert only_ads.text == ""
    assert list(only_ads.offsets) == [len("Advertisement\n\n  \nShare this article\n")]


def test_original_span_rejects_spans_outside_the_text():
    cleaned = clean("NATO met China.")
    with pytest.raises(IndexError, match="outside the cleaned text"):
        cleaned.original_span(3, 99)
    with pytest.raises(IndexError):
        cleaned.original_span(5, 3)


def test_clean_text_is_frozen_and_hashable():
    cleaned = clean("NATO met China.")
    with pytest.raises(AttributeError):
        cleaned.text = "x"  # type: ignore[misc]
    assert hash(cleaned) == hash(clean("NATO met China."))
    assert cleaned == clean("NATO met China.")


def test_content_id_is_stable_and_short():
    a = content_id("China and NATO held talks.\nBoth sides agreed.")
    assert a == content_id("  china AND nato held   talks. Both\tsides agreed.\n")
    assert a != content_id("China and NATO held talks. Both sides disagreed.")
    assert len(a) == 16 and int(a, 16) >= 0


def test_rereading_the_example_gives_the_same_content_id(article_text):
    first = content_id(clean(article_text).text)
    reflowed = article_text.replace("\n\n", "\n").replace(". ", ".  ")
    assert content_id(clean(reflowed).text) == first


# --- properties -----------------------------------------------------------------------------

_boilerplate_lines = st.sampled_from(
    ["Advertisment", "ADVERTISEMENT", "Share this article", "Read more: talks", "© 2024 AP", ""]
)
_text_lines = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
)
_line_breaks = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028", "\x0c"])


@st.composite
def _articles(draw) -> str:
    lines = draw(st.lists(st.one_of(_text_lines, _boilerplate_lines), max_size=12))
    out = []
    for line in lines:
        out.append(line)
        out.append(draw(_line_breaks))
    return "".join(out)


_CURLY_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033"


def _check_offsets(original: str, cleaned: CleanText) -> None:
    text, offsets = cleaned.text, cleaned.offsets
    assert len(offsets) == len(text) + 1
    assert offsets[len(text)] == len(original)
    assert list(offsets[:-1]) == sorted(offsets[:-1])
    for i, char in enumerate(text):
        source = original[offsets[i]]
        if char == "\n":
            assert source in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
        elif char == " ":
            assert any(c.isspace() for c in unicodedata.normalize("NFKC", source))
        else:
            assert char in unicodedata.normalize("NFKC", source) or source in _CURLY_QUOTES


@given(_articles())
def test_every_cleaned_character_maps_to_its_source(original):
    _check_offsets(original, clean(original))


@given(st.text())
def test_any_text_cleans_without_error_and_maps_back(original):
    _check_offsets(original, clean(original))


@given(_articles())
def test_paragraph_spans_slice_their_source(original):
    cleaned = clean(original)
    for start, end in cleaned.paragraphs():
        s, e = cleaned.original_span(start, end)
        source = original[s:e]
        # Cleaning the exact source of a paragraph gives back that paragraph.
        assert clean(source).text == cleaned.text[start:end]
        assert "\n" not in cleaned.text[start:end]
    assert "\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()


@given(_articles(), st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\n\n  "]))
def test_content_id_ignores_whitespace_changes(original, gap):
    words = original.split()
    assert content_id(" ".join(words)) == content_id(gap.join(words))
    assert content_id(clean(original).text) == content_id(clean(clean(original).text).text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # wire copy wrapped at a fixed width: one sentence over two lines
        (
            "US and British activists staged a dramatic protest in Beijing on Wednesday, scaling a pole and\n"
            "unfurling giant banners close to the stadium.",
            "US and British activists staged a dramatic protest in Beijing on Wednesday, scaling a pole and "
            "unfurling giant banners close to the stadium.",
        ),
        # a short line without final punctuation is a heading, not a wrapped line
        ("Strategic Dialogue Amidst Global Tensions\nThe dialogue comes at a critical juncture.",
         "Strategic Dialogue Amidst Global Tensions\nThe dialogue comes at a critical juncture."),
        # a line that ends a sentence ends its paragraph
        ("China accused NATO.\nNATO denied it.", "China accused NATO.\nNATO denied it."),
        # a blank line or a dropped boilerplate line always breaks the paragraph
        ("A long line of wire copy that stops in the middle of a sentence because of the\n\nnext",
         "A long line of wire copy that stops in the middle of a sentence because of the\nnext"),
    ],
)
def test_hard_wrapped_lines_are_joined(text: str, expected: str) -> None:
    cleaned = clean(text)
    assert cleaned.text == expected
    start, end = cleaned.original_span(0, len(cleaned.text))
    assert (start, end) == (0, len(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NAIROBI, Kenya (AP) — Kenyan police arrested two men.", "Kenyan police arrested two men."),
        ("WASHINGTON, March 31 - The United States said it would act.", "The United States said it would act."),
        ("WASHINGTON (Reuters) - U.S. Secretary of State Mike Pompeo said.", "U.S. Secretary of State Mike Pompeo said."),
        ("ADDIS ABABA, May 15 (Xinhua) -- Ethiopia's minister spoke.", "Ethiopia's minister spoke."),
        ("Cairo (CNN) -- Egypt said it would reopen the crossing.", "Egypt said it would reopen the crossing."),
        ("LA PAZ, Bolivia -- Bolivia's government said.", "Bolivia's government said."),
        ("Kabul attack\nKABUL, Afghanistan (AP) - The Taliban attacked.", "Kabul attack\nThe Taliban attacked."),
        # no dateline: a short capitalised word, title case without an agency, a later paragraph
        ("US - China talks resumed on Monday.", "US - China talks resumed on Monday."),
        ("Washington - the capital - was quiet.", "Washington - the capital - was quiet."),
        ("One.\nTwo.\nThree.\nBEIRUT - Four.", "One.\nTwo.\nThree.\nBEIRUT - Four."),
    ],
)
def test_a_wire_dateline_is_no_part_of_the_text(text: str, expected: str) -> None:
    "Where the reporter filed from is not an actor: 'NAIROBI, Kenya (AP) — Kenyan police…'."
    cleaned = clean(text)
    assert cleaned.text == expected
    start, end = cleaned.original_span(0, len(cleaned.text))
    assert text[start:end].endswith(expected.rsplit("\n", 1)[-1])  # the evidence maps back
