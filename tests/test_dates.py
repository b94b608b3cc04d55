"""Date expressions in news sentences, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.coding.dates import DateMention, find_dates

FRI = date(2024, 3, 15)  # a Friday: Mon 11, Tue 12, Wed 13, Thu 14; the Sunday before is the 10th

# (sentence, published, expected date, precision, future, kind)
CASES = [
    ("On Wednesday, Beijing hosted the eighth military staff dialogue between China and NATO.",
     FRI, date(2024, 3, 13), "day", False, "weekday"),
    ("Protesters gathered outside the Russian embassy on Friday.", FRI, date(2024, 3, 15), "day", False, "weekday"),
    ("The prime minister said on Thursday he would not resign.", FRI, date(2024, 3, 14), "day", False, "weekday"),
    ("Israel struck targets in southern Lebanon on Sunday night.", FRI, date(2024, 3, 10), "day", False, "weekday"),
    ("Seoul said on Monday morning that it had tracked the launch.", FRI, date(2024, 3, 11), "day", False, "weekday"),
    ("Last Monday, China summoned the Japanese ambassador.", FRI, date(2024, 3, 11), "day", False, "weekday"),
    ("The foreign ministers will meet next Tuesday in Brussels.", FRI, date(2024, 3, 19), "day", True, "weekday"),
    ("On Sunday, voters in Portugal went to the polls.", date(2024, 3, 11), date(2024, 3, 10), "day", False, "weekday"),
    ("Foreign ministers met in Munich on Saturday.", date(2024, 2, 18), date(2024, 2, 17), "day", False, "weekday"),
    ("Iran's foreign minister arrived in Beirut yesterday.", FRI, date(2024, 3, 14), "day", False, "relative"),
    ("Police fired tear gas at demonstrators in Tbilisi today.", FRI, date(2024, 3, 15), "day", False, "relative"),
    ("Japan's cabinet approved the defence plan this morning.", FRI, date(2024, 3, 15), "day", False, "relative"),
    ("The delegation is due to arrive in Kyiv tomorrow.", FRI, date(2024, 3, 16), "day", True, "relative"),
    ("North Korea fired two ballistic missiles last night, Seoul said.", FRI, date(2024, 3, 14), "day", False, "relative"),
    ("Two days ago, the army said it had repelled an attack near Avdiivka.", FRI, date(2024, 3, 13), "day", False, "relative"),
    ("Three weeks ago, the ceasefire collapsed.", FRI, date(2024, 2, 23), "day", False, "relative"),
    ("The European Union agreed new sanctions against Iran last week.", FRI, date(2024, 3, 8), "day", False, "relative"),
    ("Turkish forces launched the operation over the weekend.", date(2024, 3, 18), date(2024, 3, 16), "day", False, "relative"),
    ("Talks are expected to resume in two weeks, a diplomat said.", FRI, date(2024, 3, 29), "day", True, "relative"),
    ("Last month, Hungary dropped its veto on Sweden's membership.", FRI, date(2024, 2, 1), "month", False, "relative"),
    ("Earlier this month, Sweden formally joined NATO.", FRI, date(2024, 3, 1), "month", False, "relative"),
    ("The talks will resume next month in Geneva, officials said.", FRI, date(2024, 4, 1), "month", True, "relative"),
    ("The blockade of the port began six months ago.", FRI, date(2023, 9, 1), "month", False, "relative"),
    ("Last year, NATO said it would open a liaison office in Tokyo.", FRI, date(2023, 1, 1), "year", False, "relative"),
    ("This year, India hosts the summit of the Group of 20.", FRI, date(2024, 1, 1), "year", False, "relative"),
    ("Earlier this year, the two sides signed a trade pact.", FRI, date(2024, 1, 1), "year", False, "relative"),
    ("The president will travel to Beijing later this year.", FRI, date(2024, 1, 1), "year", True, "relative"),
    ("The summit will be held next year in Brazil.", FRI, date(2025, 1, 1), "year", True, "relative"),
    ("The two countries restored diplomatic relations a year ago.", FRI, date(2023, 1, 1), "year", False, "relative"),
    ("Russian troops crossed into Ukraine on Feb. 24, 2022, starting the war.",
     FRI, date(2022, 2, 24), "day", False, "absolute"),
    ("The agreement was signed on March 7, 2024, in Riyadh.", FRI, date(2024, 3, 7), "day", False, "absolute"),
    ("The ceasefire took effect on the 7th of March 2023.", FRI, date(2023, 3, 7), "day", False, "absolute"),
    ("Elections are scheduled for 7 November 2024, the commission said.", FRI, date(2024, 11, 7), "day", True, "absolute"),
    ("The ministry said in a statement dated 2024-03-07 that talks had failed.",
     FRI, date(2024, 3, 7), "day", False, "absolute"),
    ("In March 2022, Turkey hosted talks between the two foreign ministers.",
     FRI, date(2022, 3, 1), "month", False, "absolute"),
    ("The summit is set for June 2025.", FRI, date(2025, 6, 1), "month", True, "absolute"),
    ("Russia annexed Crimea in 2014.", FRI, date(2014, 1, 1), "year", False, "absolute"),
    ("The war, which began in 2022, has killed thousands.", FRI, date(2022, 1, 1), "year", False, "absolute"),
    ("Leaders pledged to reach net zero emissions by 2050.", FRI, date(2050, 1, 1), "year", True, "absolute"),
    ("The two presidents spoke by phone on 24 February.", FRI, date(2024, 2, 24), "day", False, "partial"),
    ("Kenya's president said on March 7 that police would deploy to Haiti.", FRI, date(2024, 3, 7), "day", False, "partial"),
    ("The minister visited Tehran in March.", date(2024, 1, 20), date(2023, 3, 1), "month", False, "partial"),
    ("Ukraine's forces recaptured Kherson in November.", FRI, date(2023, 11, 1), "month", False, "partial"),
    ("Clashes broke out in mid-March, the UN said.", date(2024, 4, 2), date(2024, 3, 1), "month", False, "partial"),
    ("The rally took place in May.", date(2024, 5, 20), date(2024, 5, 1), "month", False, "partial"),
    ("Negotiators met last March in Doha.", FRI, date(2023, 3, 1), "month", False, "partial"),
    ("The deal was struck on Feb. 29.", date(2025, 1, 10), date(2024, 2, 29), "day", False, "partial"),
    ("Washington has imposed sanctions on the company since 2018.", FRI, date(2018, 1, 1), "year", False, "since"),
    ("The rebels have controlled the city since March.", FRI, date(2024, 3, 1), "month", False, "since"),
    ("The embassy has been closed since Feb. 24, 2022.", FRI, date(2022, 2, 24), "day", False, "since"),
]


@pytest.mark.parametrize(("sentence", "published", "expected", "precision", "future", "kind"), CASES)
def test_resolves_news_sentences(sentence, published, expected, precision, future, kind):
    mentions = find_dates(sentence, published)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert (mention.date, mention.precision, mention.future, mention.kind) == (expected, precision, future, kind)
    assert sentence[mention.start : mention.end] == mention.text


def test_the_mention_covers_the_words():
    [mention] = find_dates("On Wednesday, Beijing hosted the dialogue.", FRI)
    assert mention == DateMention(0, 12, "On Wednesday", date(2024, 3, 13), "day", False, "weekday")
    [mention] = find_dates("He arrived on 24 February.", FRI)
    assert mention.text == "on 24 February"  # the full stop ends the sentence, not an abbreviation


def test_several_mentions_in_order():
    sentence = "Since 2018 the two met often, last on Tuesday, and will meet again next month."
    found = [(m.text, m.date, m.kind) for m in find_dates(sentence, FRI)]
    assert found == [
        ("Since 2018", date(2018, 1, 1), "since"),
        ("on Tuesday", date(2024, 3, 12), "weekday"),
        ("next month", date(2024, 4, 1), "relative"),
    ]


def test_future_tense_resolves_forwards():
    [mention] = find_dates("The court will deliver its ruling on Tuesday.", FRI, tense_past=False)
    assert (mention.date, mention.future) == (date(2024, 3, 19), True)
    [mention] = find_dates("The vote will take place in January.", FRI, tense_past=False)
    assert (mention.date, mention.precision, mention.future) == (date(2025, 1, 1), "month", True)
    [mention] = find_dates("The leaders will meet on Friday.", FRI, tense_past=False)
    assert (mention.date, mention.future) == (FRI, False)  # same day: not after publication


def test_without_publication_date_only_absolute_dates_resolve():
    sentence = "On Wednesday, a year after talks in March 2022 and two days ago, they met on 5 May."
    assert [(m.text, m.date) for m in find_dates(sentence, None)] == [("in March 2022", date(2022, 3, 1))]
    assert find_dates("The invasion began on Feb. 24, 2022.", None)[0].future is False


@pytest.mark.parametrize(
    "sentence",
    [
        "The treaty was signed on February 30, 2024.",  # no such day
        "The treaty was signed on Feb 30.",
        "The deadline was 2024-02-30.",
        "The talks were held on April 31.",
        "The meeting took place on February 29, 2023.",  # 2023 was not a leap year
        "The economy grew strongly in the 1990s.",  # a decade: no single year
        "More than 2,000 troops were deployed.",
        "May I ask a question, Mr Secretary?",  # a modal verb, not the month
        "The Sunday Times reported the story.",
        "Churches were full on Good Friday.",
        "The march on the capital drew thousands.",
    ],
)
def test_not_dates(sentence):
    assert find_dates(sentence, FRI) == []


def test_weekday_on_publication_day_is_that_day_and_last_is_a_week_before():
    assert find_dates("Officials met on Friday.", FRI)[0].date == FRI
    assert find_dates("Officials met last Friday.", FRI)[0].date == date(2024, 3, 8)
    assert find_dates("Officials meet next Friday.", FRI)[0].date == date(2024, 3, 22)


def test_month_without_year_never_lands_after_a_past_report():
    for month in range(1, 13):
        published = date(2024, month, 10)
        for name in ("January", "June", "December"):
            [mention] = find_dates(f"They met in {name}.", published)
            assert mention.date <= published and not mention.future


_FRAGMENTS = st.sampled_from(
    ["on", "in", "since", "last", "next", "this", "the", "of", "ago", "two", "a", "Monday", "Friday",
     "March", "May", "Feb.", "Sept", "7", "24", "31", "30th", "2024", "1990s", "9999", "0000", "2024-02-30",
     "yesterday", "tomorrow", "week", "weekend", "month", "year", "earlier", "later", ",", ".", "-", "mid-",
     "early", "over", "999", "days", "weeks", "years", "months", "night", "é", "\n", "Good"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=12).map(" ".join), st.none() | st.dates())
def test_date_like_text_never_raises_and_offsets_hold(text, published):
    for mention in find_dates(text, published):
        assert text[mention.start : mention.end] == mention.text
        assert mention.precision in ("day", "month", "year")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.none() | st.dates(), st.booleans())
def test_any_text_never_raises(text, published, tense_past):
    for mention in find_dates(text, published, tense_past=tense_past):
        assert text[mention.start : mention.end] == mention.text


def test_the_table_is_big_enough() -> None:
    # the dates issue asks for at least 40 expressions, each in a news sentence
    assert len(CASES) >= 40 and all(len(sentence.split()) >= 4 for sentence, *_ in CASES)
