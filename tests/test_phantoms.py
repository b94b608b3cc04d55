"""No phantom events: what an article says that no state, armed group or organisation did is not
an event (the sentences are written here, after kinds seen in ordinary news: business, health,
markets, headlines), while the same acts by a country's actors still are. A part of a state
("police") is one even where no country is named, as GDELT codes it; a part of society ("the
company", "students") only with its country."""

from __future__ import annotations

import pytest

import detente
from detente.coding.events import headline_case
from detente.coding.nlp import load_nlp


def triples(text: str, published: str = "2020-05-04") -> set[tuple[str, str, str]]:
    return {
        ("+".join(a.code for a in e.source), "+".join(a.code for a in e.target), e.cameo)
        for e in detente.code_text(text, published=published)
    }


@pytest.mark.parametrize(
    "text",
    [
        "A company spokesperson declined to comment.",
        "The company said impacted employees will continue to receive benefits.",
        "Stocks rose as Wall Street applauded the partial reopening of the U.S. economy.",
        "The U.S. economy is stumbling, threatening to slow hiring.",
        "That is a far cry from the cuts needed to meet the Paris goals.",
        "Florida Governor Declares State Of Emergency",
        "Big Companies Scramble To Make Lofty Climate Promises",
        "General Motors and union leaders have reached a tentative deal on a new labor contract.",
        "Dollar General said every store offers its customers essentials.",
        "Chicago teachers strike enters 2nd week",  # society's violence against no one: another sense
        "Those iron men of Boston fought and died for the moral sentiment that all are equal.",
        "Police arrived in a convoy of buses near midnight.",  # a visit to no one
        "Japan cannot tolerate a further rise of the yen, Foreign Minister Tadashi Kuranari said.",  # no speaker placed
    ],
)
def test_nothing_any_state_did_is_no_event(text):
    assert triples(text) == set()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turkish police arrested dozens of protesters.", ("TURCOP", "CVL", "173")),
        ("Students staged a sit-in outside the Ministry of Education in Cairo.", ("EGYEDU", "", "141")),
        ("Amnesty International condemned the killings.", ("NGOHRIAMN", "", "111")),
        ("Rioters attacked police in Paris.", ("FRAUAF", "FRACOP", "190")),  # violence against someone
    ],
)
def test_the_same_acts_by_a_country_or_an_organisation_are_events(text, expected):
    assert expected in triples(text)


def test_police_take_the_country_the_article_is_about():
    article = (
        "Egypt's interior ministry defended the crackdown on Sunday. "
        "Police arrested dozens of protesters, the ministry said. "
        "Egypt has banned protests without a permit since 2013."
    )
    assert any(source == "EGYCOP" for source, _, _ in triples(article))


def test_a_side_of_the_other_country_is_not_placed_in_it():
    "'Israeli jets struck militants': the militants are not Israel's."
    coded = triples("Israeli jets struck militants, the army said.")
    assert all(not target.startswith("ISR") for _, target, _ in coded), coded


@pytest.mark.parametrize(
    "text, title",
    [
        ("Florida Governor Declares State Of Emergency", True),
        ("China Accuses US Of Spying On Its Embassy", True),
        ("China accused the Bank of America of spying.", False),
        ("Chicago teachers strike enters 2nd week", False),
        ("NATO And China Hold Talks", True),
        ("The United States Of America and China met.", False),
    ],
)
def test_a_title_case_headline_is_told_from_a_sentence(text, title):
    doc = load_nlp()(text)
    assert headline_case(doc[:]) is title


def test_who_can_act_alone_is_the_sector_tables_choice(tmp_path):
    from detente.errors import DataTableError
    from detente.tables.reader import DATA_DIR
    from detente.tables.sectors import load_sectors

    sectors = load_sectors()
    assert sectors.takes_part("TUR", "BUS") and sectors.takes_part(None, "COP") and sectors.takes_part(None, "IGO")
    assert not sectors.takes_part(None, "BUS") and not sectors.takes_part(None, "CVL")
    text = (DATA_DIR / "sectors.tsv").read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("BUS\t"))
    cells = lines[row].split("\t")
    lines[row] = "\t".join([*cells[:3], "sometimes", *cells[4:]])
    (tmp_path / "sectors.tsv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataTableError, match=rf"sectors\.tsv:{row + 1}: alone 'sometimes': yes or no"):
        load_sectors(tmp_path / "sectors.tsv")


@pytest.mark.parametrize(
    "text",
    [
        "Trump called the deal with Iran a disaster.",  # naming, not a phone call nor an appeal
        "The state's lawyers had called Johnson & Johnson an opioid kingpin.",
        "He works for a company called Acme Corp in Beijing.",
        "China considers Taiwan a breakaway province.",  # regarding, not considering a policy
    ],
)
def test_naming_is_no_call_and_regarding_no_consideration(text):
    assert triples(text) == set()


def asserted(text: str) -> set[tuple[str, str, str]]:
    "The events stated as having happened: not negated, hypothetical, background or future."
    return {
        ("+".join(a.code for a in e.source), "+".join(a.code for a in e.target), e.cameo)
        for e in detente.code_text(text, published="2020-05-04")
        if not (e.negated or e.hypothetical or e.background or e.future)
    }


@pytest.mark.parametrize(
    "text",
    [
        "In addition, the U.S. would deploy F-35A aircraft near Korea.",  # a conditional nobody reports
        "Congress should sign off on the deal with Iran.",  # an obligation the article states
        "The U.S. and Turkey have yet to agree on a plan for Syria.",  # not done so far
        "The official said ISIS tends to attack internationally known targets.",  # a habit, no act
        "One option is to arm the Syrian rebels directly.",  # an option
        "Merkel will still be smarting when she visits the White House on Friday.",  # future by its clause
        "Egypt will seek loans from Saudi Arabia after the agreement with the IMF is signed.",
        "Carter announced a special operations cell with the ability to capture ISIS leaders.",  # a capability
        "Davutoglu said red lines had been crossed without the United Nations taking action in Syria.",
        "Hollande will fly to Washington to meet with President Obama on Tuesday.",  # the purpose of a plan
        "The UN Security Council is to hold an emergency meeting on Syria on Monday.",  # "is to": planned
        "Russia has long supported the Assad government.",  # a standing position
        "Critics said the move made it difficult to blame Iran.",
        "The bill would require the president to retaliate against Japan.",
        "Instead of attacking Syria, the United States waited for the report.",  # the attack did not happen
        "Russia chose talks rather than invading Ukraine.",
        "The only option is retaliation to restrict Iran.",  # an option, through the noun it explains
        "NATO will stand with Ukraine and provide weapons to Kyiv.",  # the conjunct shares "will"
        "Britain is not a party to the talks, nor does it support the sanctions on Iran.",
        "China can play an important role by actively joining GATT discussions.",  # "can" above the act
        "Howard said that Britain would use its powers to ban Japanese banks from London.",
        "Publicly Turkey has so far stopped short of blaming Saudi Arabia for the killing.",
        "10,000 people have been killed by Boko Haram in Nigeria in the past year.",  # a tally, not one act
        "Kirkland said any agreement that Iran would sign with the United States is worthless.",
        "Obama has refrained from imposing sanctions on entire sectors of the Russian economy.",
        "Aid was flown to countries fighting ISIS.",  # a participle describing the countries
        "Russia has no plans to shut down U.S. companies in Russia, Finance Minister Anton Siluanov said.",
        "Diplomats said West Germany was close to agreeing to the compromise.",
        "He had wanted more immediate action on sending military aid to Ukraine.",
        "The next president must deal with the consequences of Bush's decision to invade Iraq.",  # what a noun names
    ],
)
def test_what_did_not_happen_is_not_asserted(text):
    assert triples(text), "the act is still coded, with its flag"
    assert asserted(text) == set()


@pytest.mark.parametrize(
    "text, kept_from_happening",
    [
        ("Pakistan's refusal to allow NATO forces to ship supplies through its territory angered Washington.", "073"),
        ("The US barred Iran from buying weapons from Russia.", "072"),
    ],
)
def test_what_was_refused_or_prevented_did_not_happen(text, kept_from_happening):
    "The refusal or the bar is the event; what it kept from happening is coded negated."
    assert any(cameo == kept_from_happening for *_, cameo in triples(text))
    assert not any(cameo == kept_from_happening for *_, cameo in asserted(text))


def test_reported_intentions_and_demands_stay_acts_of_saying():
    "'would' and 'must' reported from someone are an intention and a demand: asserted statements."
    assert ("IRN", "ISR", "1384") in asserted("Iran said it would retaliate against Israel.")
    assert ("GBR", "LBY", "1013") in asserted("Britain said Libya must hand over the suspects.")


def test_history_is_background_with_its_own_date():
    "A past episode the sentence dates, or a relative clause describing an actor, is no news of the day."
    events = detente.code_text(
        "The last installment of an aid package approved by the US Congress last year will reach the rebels.",
        published="1987-03-02",
    )
    approved = [e for e in events if e.cameo == "051"]
    assert approved and all(e.background and e.date == "1986-01-01" and e.date_precision == "year" for e in approved)
    described = detente.code_text("Iran, which has opposed US forces in Iraq, said on Monday it would stay.", published="2020-05-04")
    assert any(e.target and e.target[0].code == "USAMIL" and e.background for e in described)
    # a relative clause in the past with the day of the news is news
    news = detente.code_text("Israel, which struck Gaza on Monday, said it would continue.", published="2020-05-05")
    assert any(e.cameo.startswith("19") and not e.background for e in news)


def test_an_episode_named_with_its_year_dates_the_acts_inside_it():
    "'killed in a 2011 U.S. raid', 'the 2015 deal, which saw the US release…': that year, background."
    for text, cameo in [
        ("Bin Laden was buried at sea after he was killed in a 2011 U.S. raid in Pakistan.", "190"),
        ("Trump opposed the 2015 nuclear deal, which saw the US release frozen assets to Iran.", "084"),
    ]:
        events = [e for e in detente.code_text(text, published="2019-10-28") if e.cameo.startswith(cameo)]
        assert events and all(e.background and e.date_precision == "year" and e.date[:4] in text for e in events)
    # a count is no year: "2000 troops" were sent on the day of the news
    sent = detente.code_text("The US sent 2000 troops to Iraq.", published="2019-10-28")
    assert any(e.cameo == "154" and not e.background and e.date == "2019-10-28" for e in sent)


def test_armed_forces_destroying_military_targets_use_force():
    "Destroying gunboats or brigades is military force (19), destroying homes is property (1712)."
    assert ("USA", "IRN", "190") in triples("U.S. helicopters destroyed three Iranian gunboats in the Gulf.")
    assert ("ISRMIL", "PSE", "1712") in triples("Israeli forces destroyed the homes of two Palestinians.")


@pytest.mark.parametrize(
    "text",
    [
        "Hurricane Maria slammed Puerto Rico.",  # nature acts, nobody does
        "Ebola has killed more than 700 people in Guinea, Liberia and Sierra Leone.",
        "The court struck down the Texas statute.",  # a verb with a particle that is another verb
        "The head of the state rail authority fired back at Trump.",
        # a pronoun points back to an earlier sentence, not to the speaker named after it
        "It struck near the town of Ridgecrest at 8:20 p.m., the US Geological Survey said.",
        # what lawyers say about people is no statement about a party
        "More than 4,000 people died of opioid overdoses in Oklahoma, lawyers said.",
        "CAR-T therapies have been approved by the Food and Drug Administration.",
        "Contributing: Greg Toppo and Doyle Rice from McLean, Va., and the Associated Press.",  # a byline
    ],
)
def test_no_one_acting_is_no_event(text):
    assert triples(text) == set()


def test_the_same_verbs_are_acts_of_states():
    assert ("ISR", "PSE", "190") in triples("Israeli jets struck Gaza.")
    assert ("ISR", "PSE", "190") in triples("Israeli fire killed two Palestinians.")
    assert ("IGOWSTNAT", "CHN", "010") in triples("NATO clarified that China is not seen as an adversary.")


def test_workers_strike_on_their_own_but_do_not_cooperate_on_their_own():
    "cameo.tsv by_society: a protest or a strike kept up needs no country; a company's deal with no one named is no event."
    assert any(cameo.startswith("14") for _, _, cameo in triples("Teachers from Denver Public Schools went on strike for better pay."))
    assert triples("A tiny Montana company inked a $300 million contract.") == set()


def test_a_reporters_question_is_no_appeal():
    "'Asked whether…' opens what a reporter asked: neither an appeal nor the act asked about."
    assert asserted("Asked whether Iran would retaliate against Israel, the minister said no.") == set()
    assert ("RUSGOV", "USAGOV", "112") in asserted("Asked about the sanctions, Lavrov accused Washington of hypocrisy.")
    assert ("IRN", "RUS", "0232") in asserted("Iran asked Russia to deliver the missiles.")


@pytest.mark.parametrize(
    "text",
    [
        "Iran failed to meet the target for enrichment cuts, Reuters reported.",
        "The Chinese government struck a conciliatory tone on trade.",
        "China has flexed its muscle to exercise its authority over foreign brands.",
        "The US military is fighting the pandemic with field hospitals.",
        "Pyongyang hosted an international marathon on Monday.",
        "Officials said the raid on Iraq yielded intelligence, providing details on future operations.",
        "The Iraqi president, fighting to regain public trust, admitted the deal with Iran was a mistake.",
        "Egyptian prosecutors demonstrated that the company had bribed officials.",  # showed, no protest
        "Diplomatic sources in Kinshasa agreed that a compromise formula could be reached.",  # an opinion
        "Trump wanted a trade war with China.",  # a figure of speech, no force
        "China launched a charm offensive in Africa.",
        "Thank goodness Democrats are on the case.",  # an interjection
    ],
)
def test_a_verb_with_an_object_of_another_sense_is_no_event(text):
    "words.tsv other-sense: 'meet a target', 'strike a tone', 'exercise authority', 'fight the pandemic'."
    assert triples(text) == set()
