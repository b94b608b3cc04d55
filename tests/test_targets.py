"""The other side of a one-sided verb event (detente/coding/targets.py): the sentences are written
here after kinds seen in real news, where the frame of the verb found the source and the target
sat in the object's phrase, in the clause saying what the addressee must do, on the verb's
preposition or where force fell."""

from __future__ import annotations

import pytest

import detente


def coded(text: str) -> set[tuple[str, str, str, str]]:
    "(source, target, CAMEO, how the target was found) of every event."
    return {
        (
            "+".join(a.code for a in e.source),
            "+".join(a.code for a in e.target),
            e.cameo,
            e.rule.split("+target:")[1] if "+target:" in e.rule else "",
        )
        for e in detente.code_text(text, published="2020-05-04")
    }


@pytest.mark.parametrize(
    "text, event",
    [
        # inside the object: its by-agent, its possessor
        ("The Iraqi government praised the assistance provided by the United States.", ("IRQGOV", "USA", "051", "object")),
        ("The Syrian government rejected every offer made by Turkey.", ("SYRGOV", "TUR", "125", "object")),
        # the clause that says what the addressee must do, or on what condition
        ("Washington demanded that Hamas renounce its armed struggle against Israel.", ("USAGOV", "PSEREBHMS", "100", "clause")),
        ("The US has long insisted that Assad needs to go.", ("USA", "SYRGOV", "100", "clause")),
        ("Russia threatened to stop negotiations if the United States goes ahead with the deployment.", ("RUS", "USA", "130", "clause")),
        ("Turkey allowed Syrian refugees to return home.", ("TUR", "SYRREF", "080", "clause")),
        # the verb's own aimed preposition
        ("Germany lifted its embargo on arms sales to Saudi Arabia.", ("DEU", "SAU", "085", "verb")),
    ],
)  # fmt: skip
def test_the_target_is_found_where_the_frame_did_not_look(text: str, event: tuple[str, str, str, str]) -> None:
    assert event in coded(text)


@pytest.mark.parametrize(
    "text, source, cameo",
    [
        # a that-clause stating what is, not what must be done: a claim about Japan, no demand on it
        ("Trump insisted the United States and Japan have never been closer.", "USAGOV", "100"),
        # an actor deep inside the object, behind a participle: not the one ties are restored with
        ("US Secretary of State Mike Pompeo sought to restore ties with a workforce alienated by Rex Tillerson.", "USAGOV", "032"),
        # fighting alongside others in a country is not fighting that country
        ("Russian forces fought alongside Syrian troops in Syria.", "RUSMIL", "190"),
    ],
)  # fmt: skip
def test_no_target_is_invented(text: str, source: str, cameo: str) -> None:
    events = [e for e in coded(text) if e[0] == source and e[2] == cameo]
    assert events and all(target == "" for _, target, _, _ in events)


def test_troops_sent_are_the_senders_own_not_the_target() -> None:
    "The frame of sending names its target ('to Syria'); the object moved is never taken for it."
    assert ("USAMIL", "SYR", "154", "") in coded("The US military sent 200 troops to Syria.")
    assert all(target != "MIL" for _, target, _, _ in coded("The UN withdrew peacekeepers from Sinai."))


def test_a_country_is_one_side_with_its_state_not_with_its_society() -> None:
    "sectors.tsv's `state`: Croatia and its police are one side; Croatia and Croatian extremists two."
    from detente.coding.candidates import same_actor
    from detente.models import Actor
    from detente.tables.sectors import load_sectors

    sectors = load_sectors()
    croatia = Actor("Croatia", "Croatia", "HRV", "HRV", None)
    police = Actor("Croatian police", "Croatia", "HRVCOP", "HRV", "COP")
    extremists = Actor("Croatian extremists", "Croatia", "HRVREB", "HRV", "REB")
    assert same_actor(croatia, police, sectors) and same_actor(police, croatia, sectors)
    assert not same_actor(croatia, extremists, sectors) and not same_actor(extremists, croatia, sectors)
    assert not same_actor(police, extremists, sectors)  # two sectors: a domestic event
    assert ("HRV", "HRVREB", "090", "verb") in coded(
        "Croatia is investigating alleged war crimes by Croatian extremists."
    )


def test_an_official_facing_only_his_own_rebels_is_of_their_country() -> None:
    "A titled stranger is placed in the country of the rebels, protesters or opposition he faces."
    assert ("FJIREB", "FJIGOV", "0841", "") in coded("The Fijian rebels released Prime Minister Mahendra Chaudhry.")
    # facing another state's forces, a stranger stays nobody's: the soldiers' country is not his
    assert all(not target.startswith("ISR") for _, target, _, _ in coded("Israeli soldiers arrested Mayor Abu Saleh."))


def test_a_counterpart_holds_the_other_sides_office() -> None:
    "words.tsv counterpart: a defence minister's counterpart is of the military too, a president's of the government."
    defence = coded("India's Defence Minister Rajnath Singh met his Australian counterpart Richard Marles in New Delhi on Tuesday.")
    assert ("INDMIL", "AUSMIL", "040", "") in defence
    assert ("CHNGOV", "USAGOV", "040", "") in coded("Chinese President Xi Jinping met his American counterpart on Friday.")


def test_a_protest_is_aimed_at_whom_it_demands_of() -> None:
    "A protest's target named only in its purpose: what it demands, and of whom."
    found = coded("Kurdish protesters marched in Berlin to demand the release of prisoners from Turkey.")
    assert any(target == "TUR" and cameo == "141" and how == "purpose" for _, target, cameo, how in found)


@pytest.mark.parametrize(
    "text, event",
    [
        # the object of a coordinated verb that has none of its own
        ("Iranian forces had killed or wounded over 2,600 Iraqis in their new offensive.", ("IRNMIL", "IRQ", "190", "shared")),
        # what the act is for: a clause with no event of its own
        ("Iraq said its forces were battling to dislodge Iranian troops from the territory.", ("IRQMIL", "IRNMIL", "190", "purpose")),
    ],
)  # fmt: skip
def test_the_target_of_a_coordinated_or_purposeful_act(text: str, event: tuple[str, str, str, str]) -> None:
    assert event in coded(text)


def test_a_name_the_tables_do_not_know_is_placed_by_its_apposition() -> None:
    found = coded("Bolivia's ambassador to the UN, Sacha Llorenti, who criticized the US, spoke on Monday.")
    assert any(source == "BOLGOV" and target == "USA" for source, target, _, _ in found)


@pytest.mark.parametrize(
    "text, event",
    [
        # what is threatened is aimed at someone
        ("Al-Qaeda has threatened to deliver devastating blows to the United States.", ("IMGMUSALQ", "USA", "130", "clause")),
        # a subjunctive that-clause the parser tags as present tense
        ("Palestinian officials demanded Friday that the United States match Europe's support.", ("PSEGOV", "USA", "100", "clause")),
        # a protest named by a noun of its own, and whom it is against
        ("An Algerian activist staged a hunger strike in protest against abuses by Algerian security forces.",
         ("DZAOPP", "DZACOP", "142", "purpose")),
    ],
)  # fmt: skip
def test_the_target_of_what_is_threatened_demanded_or_protested(text: str, event: tuple[str, str, str, str]) -> None:
    assert event in coded(text)


def test_a_titled_official_in_one_countrys_politics_is_of_that_country() -> None:
    "One country named, its civil state on the other side: domestic politics; an envoy serves abroad."
    found = coded("Iceland's president on Tuesday refused a request from Prime Minister Sigmundur Gunnlaugsson to dissolve parliament.")
    assert any(source == "ISLGOV" and target == "ISLGOV" for source, target, _, _ in found)
    summoned = coded("China's foreign ministry summoned Ambassador Terry Branstad on Sunday.")
    assert all(not target.startswith("CHN") for _, target, _, _ in summoned)
