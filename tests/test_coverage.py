"""Coverage of the pattern tables: news-style sentences for every CAMEO root, coded end to end.

Each sentence exercises a row (or a light verb and its noun) of detente/data/verbs.tsv or
nouns.tsv; the expected triple is (source codes, target codes, CAMEO code), compound actors
joined with "+". A target of None accepts any target: the row under test fixes the code and the
source, and who the target is there (a place, "the government") is the actor matcher's business.
The sentences were written for this test, in the style of wire copy.
"""

from __future__ import annotations

import pytest

import detente


def triples(sentence: str) -> set[tuple[str, str, str]]:
    return {
        ("+".join(a.code for a in e.source), "+".join(a.code for a in e.target), e.cameo)
        for e in detente.code_text(sentence)
    }


CASES: list[tuple[str, tuple[str, str | None, str]]] = [
    # --- 01 public statements
    ("Japan expressed concern over China's military buildup in the East China Sea.", ("JPN", "CHNMIL", "012")),
    ("Brazil expressed optimism about its trade talks with Argentina.", ("BRA", None, "013")),
    ("Hamas claimed responsibility for the rocket attack on Israel.", ("PSEREBHMS", None, "015")),
    ("The Philippine president expressed condolences to Indonesia after the earthquake.", ("PHLGOV", "IDN", "018")),
    # --- 02 appeals
    ("Kenya appealed to the United Nations for humanitarian aid.", ("KEN", "IGOUNO", "020")),
    ("The Arab League called on Israel to halt settlement construction.", ("IGOMEAARL", "ISR", "020")),
    ("Pakistan sought financial assistance from China.", ("PAK", "CHN", "023")),
    # --- 03 intentions
    ("Vietnam offered humanitarian aid to Myanmar.", ("VNM", "MMR", "033")),
    ("Germany pledged support for Moldova.", ("DEU", "MDA", "032")),
    ("Turkey offered to mediate between Russia and Ukraine.", ("TUR", "RUS+UKR", "039")),
    ("Canada agreed to a new framework for cooperation with Mexico.", ("CAN", None, "030")),
    ("Malaysia and Indonesia agreed to deepen trade ties.", ("MYS", "IDN", "0311")),  # economic: 031x, not 032
    ("The Georgian opposition agreed to postpone the rally in Tbilisi.", ("GEOOPP", None, "0352")),
    ("Egypt will allow Palestinians to cross into Sinai.", ("EGY", None, "035")),
    # --- 04 consult
    ("The Iranian foreign minister spoke by phone with his Saudi counterpart.", ("IRNGOV", "SAUGOV", "041")),
    ("The French president telephoned the German chancellor on Monday.", ("FRAGOV", "DEUGOV", "041")),
    ("The Indian prime minister paid a visit to Bangladesh.", ("INDGOV", "BGD", "042")),
    ("Egypt hosted talks between Israel and Hamas.", ("EGY", "ISR+PSEREBHMS", "043")),
    ("Norway brokered a ceasefire between Colombia and Venezuela.", ("NOR", "COL+VEN", "045")),
    # --- 05 diplomatic cooperation
    ("Chile restored diplomatic relations with Venezuela.", ("CHL", "VEN", "050")),
    ("The Polish president voiced strong support for Ukraine.", ("POLGOV", "UKR", "051")),
    ("The European Union welcomed the decision by Iran.", ("IGOEUREEC", "IRN", "051")),
    ("Sweden recognized Palestine as a state.", ("SWE", "PSE", "054")),
    ("Argentina apologized to Britain for the incident.", ("ARG", "GBR", "055")),
    ("Israel and the United Arab Emirates signed an agreement on trade.", ("ISR", "ARE", "057")),
    # --- 06 material cooperation
    ("India shared intelligence with the United States on the militants.", ("IND", "USA", "064")),
    ("Japan and Australia held joint naval exercises.", ("JPNMIL", "AUSMIL", "062")),
    ("South Korea strengthened energy cooperation with Kazakhstan.", ("KOR", "KAZ", "061")),
    # --- 07 aid
    ("Saudi Arabia donated $100 million to Yemen.", ("SAU", "YEM", "070")),
    ("The World Bank approved a loan for Egypt.", ("IGOUNODEVWBK", "EGY", "071")),
    ("Germany granted asylum to the Russian dissident.", ("DEU", "RUSOPP", "075")),
    ("Norway sent humanitarian aid to Syria.", ("NOR", "SYR", "073")),
    ("Ghanaian troops took part in peacekeeping operations in Lebanon.", ("GHAMIL", "LBN", "074")),
    ("Hungary opened its borders to Syrian refugees.", ("HUN", "SYRREF", "075")),  # admits refugees, not 0872
    # --- 08 yield
    ("Iran freed the British journalist.", ("IRN", "GBRMED", "0841")),
    ("Thailand lifted the state of emergency in Bangkok.", ("THA", None, "0814")),
    ("The United States lifted sanctions on Cuba.", ("USA", "CUB", "085")),
    ("Serbia reopened its border with Kosovo.", ("SRB", "XKX", "0872")),
    ("The Sudanese president resigned after weeks of protests.", ("SDNGOV", None, "0831")),
    ("The rebels declared a unilateral ceasefire with the Ethiopian army.", ("REB", "ETHMIL", "0871")),
    ("Ethiopia accepted the demands of Eritrea.", ("ETH", "ERI", "080")),
    ("Jordan cancelled restrictions on Syrian refugees.", ("JOR", "SYRREF", "081")),
    ("Serbia lifted censorship on the press.", ("SRB", None, "0811")),
    ("Germany paid compensation to Namibia.", ("DEU", "NAM", "0842")),
    ("Italy returned looted antiquities to Greece.", ("ITA", "GRC", "0842")),
    ("Italian police returned a stolen Roman coin to Greece.", ("ITACOP", "GRC", "0842")),
    ("The Ugandan president announced a three-day cease-fire with the rebels.", ("UGAGOV", "REB", "0871")),  # cease - fire
    ("Russia speeded up the withdrawal of its troops from Armenia.", ("RUS", "ARM", "087")),
    # --- 09 investigate
    ("The International Atomic Energy Agency inspected the nuclear plant in Iran.", ("IGOUNOIAE", "IRN", "090")),
    ("The United Nations launched an investigation into the killings in Ethiopia.", ("IGOUNO", "ETH", "090")),
    ("The International Atomic Energy Agency dispatched inspectors to Syria.", ("IGOUNOIAE", "SYR", "090")),
    # --- 10 demand
    ("The European Union demanded an explanation from Russia.", ("IGOEUREEC", "RUS", "100")),
    ("China demanded the withdrawal of American warships from the Taiwan Strait.", ("CHN", "USAMIL", "1056")),
    ("Protesters urged the Bulgarian prime minister to resign.", ("CVL", "BGRGOV", "0241")),
    # --- 11 disapprove
    ("Ireland voiced opposition to the trade deal with Brazil.", ("IRL", None, "110")),
    ("The Chinese minister launched a scathing attack on the United States.", ("CHNGOV", "USA", "111")),
    ("The Turkish president lashed out at France.", ("TURGOV", "FRA", "111")),
    ("The International Criminal Court indicted the former Sudanese president.", ("IGOJUDICC", "SDNGOV", "115")),
    ("A Turkish court convicted the German journalist.", ("TURJUD", "DEUMED", "116")),
    # --- 12 reject
    ("Russia rejected the peace plan proposed by Ukraine.", ("RUS", None, "127")),
    ("North Korea defied the United Nations Security Council.", ("PRK", "IGOUNO", "128")),
    ("The Chinese delegation snubbed the summit in Japan.", ("CHNGOV", None, "120")),
    ("Hungary refused to allow Ukrainian trucks to enter the country.", ("HUN", None, "124")),
    ("The Peruvian president refused to step down.", ("PERGOV", None, "1231")),
    ("Iran ignored the United Nations resolution.", ("IRN", "IGOUNO", "128")),
    # --- 13 threaten
    ("Britain gave Russia an ultimatum.", ("GBR", "RUS", "139")),
    ("Iran threatened to close the Strait of Hormuz.", ("IRN", None, "1381")),
    # --- 14 protest
    ("Iranian students burned an effigy of the Israeli prime minister.", ("IRNEDU", "ISRGOV", "141")),
    ("Thousands of Armenians demonstrated against the government outside the parliament in Yerevan.", ("ARM", "ARMLEG", "141")),
    ("Nigerian workers staged a strike against the government.", ("NGALAB", None, "143")),
    ("The Palestinian prisoners began a hunger strike against Israel.", ("PSE", "ISR", "142")),
    ("Thousands of Chileans took to the streets against the government in Santiago.", ("CHL", None, "141")),
    ("Students staged a sit-in outside the Ministry of Education in Cairo.", ("EGYEDU", None, "141")),
    ("Palestinian youths threw stones at Israeli soldiers in Hebron.", ("PSE", "ISRMIL", "145")),
    # --- 15 force posture
    ("Russia deployed troops near the border with Finland.", ("RUS", None, "154")),
    ("The Ethiopian army amassed troops near the border with Eritrea.", ("ETHMIL", None, "154")),
    ("Israel put its army on alert near the border with Lebanon.", ("ISR", None, "152")),
    ("North Korea launched a ballistic missile over Japan.", ("PRK", "JPN", "150")),
    # --- 16 reduce relations
    ("The Netherlands recalled its ambassador from Turkey.", ("NLD", "TUR", "161")),
    ("Canada suspended aid to Ethiopia.", ("CAN", "ETH", "162")),
    ("The European Union imposed sanctions on Belarus.", ("IGOEUREEC", "BLR", "163")),
    ("Iraq suspended talks with Turkey.", ("IRQ", "TUR", "164")),
    ("Lithuania expelled three Russian diplomats.", ("LTU", "RUSGOV", "166")),
    ("The United Nations withdrew its peacekeepers from Mali.", ("IGOUNO", "MLI", "1661")),
    # --- 17 coerce
    ("The Chinese authorities seized the Taiwanese fishing boat.", ("CHNGOV", "TWN", "171")),
    ("Rebels looted the town of Bunia.", ("CODREB", None, "171")),  # placed where they looted
    ("Iran imposed a news blackout on the protests.", ("IRN", None, "1721")),
    ("Pakistan banned the opposition party.", ("PAK", "PAKOPP", "1722")),  # a domestic opposition is the state's own
    ("Sudan imposed a curfew in Khartoum.", ("SDN", None, "1723")),
    ("Egypt declared a state of emergency in the Sinai.", ("EGY", None, "1724")),
    ("Russia deported the Moldovan diplomat.", ("RUS", "MDAGOV", "174")),
    ("Police teargassed protesters in Nairobi.", ("KENCOP", "KENCVL", "175")),
    ("Turkish police crushed the protest in Istanbul.", ("TURCOP", None, "175")),
    # --- 18 assault
    ("Gunmen kidnapped two Chinese engineers in Nigeria.", ("NGAUAF", "CHN", "181")),
    ("Al-Shabaab militants beheaded a Kenyan teacher.", ("SOMREBSHB", "KENEDU", "1823")),
    ("Islamic State fighters used villagers as human shields in Mosul.", ("IMGMUSISI", "IRQCVL", "184")),
    # --- 19 fight
    ("Islamist militants killed three French soldiers in Mali.", ("MLIREB", "FRAMIL", "190")),
    ("Azerbaijani troops stormed Armenian positions in Karabakh.", ("AZEMIL", "ARM", "190")),
    ("Indian and Chinese soldiers clashed in the Himalayas.", ("INDMIL", "CHNMIL", "190")),
    ("Russia closed its airspace to Polish airlines.", ("RUS", "POLBUS", "191")),
    ("Israel imposed a blockade on Gaza.", ("ISR", "PSE", "191")),
    ("Russia annexed Crimea.", ("RUS", None, "192")),
    ("Israeli artillery shelled Hezbollah positions in Lebanon.", ("ISRMIL", "LBNREBHEZ", "194")),
    ("Russian jets bombed rebel positions in Syria.", ("RUS", "SYRREB", "195")),
    ("Hamas broke the ceasefire with Israel.", ("PSEREBHMS", "ISR", "196")),
    # --- 20 mass violence
    ("Syrian forces used chemical weapons against civilians.", ("SYRMIL", None, "2041")),
    ("The Myanmar army massacred villagers in Sagaing.", ("MMRMIL", None, "202")),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[case[0][:48] for case in CASES])
def test_codes_the_sentence(sentence: str, expected: tuple[str, str | None, str]) -> None:
    source, target, code = expected
    found = triples(sentence)
    if target is None:
        assert (source, code) in {(s, c) for s, _, c in found}, found
    else:
        assert expected in found


def test_every_root_is_exercised() -> None:
    assert {code[:2] for _, (_, _, code) in CASES} == {f"{root:02d}" for root in range(1, 21)}


@pytest.mark.parametrize(
    "sentence, wrong",
    [
        # the frame, not the verb alone, decides
        ("Nigerian workers staged a strike against the government.", "190"),  # a labour strike, not an air strike
        ("The United Nations withdrew its peacekeepers from Mali.", "087"),  # peacekeepers: SANCTION, not RETREAT
        ("The Chinese minister launched a scathing attack on the United States.", "190"),  # a verbal attack
        ("Israel refused to lift the blockade of Gaza.", "1244"),  # a blockade is military, not a sanction
        ("The ministry released a statement on Iran.", "084"),  # a statement is not a prisoner
        ("Malaysia and Indonesia agreed to deepen trade ties.", "032"),  # trade ties: economic, not diplomatic
        ("Norway sent humanitarian aid to Syria.", "070"),  # humanitarian aid is 073
        ("Egypt opened the Rafah crossing to Palestinian trucks.", "075"),  # trucks are not refugees
        ("Ghanaian troops took part in military exercises in Lebanon.", "074"),  # exercises are not peacekeeping
        ("The Georgian opposition agreed to postpone the rally in Tbilisi.", "141"),  # postponing is not rallying
    ],
)
def test_frame_decides_the_code(sentence: str, wrong: str) -> None:
    assert wrong not in {code for _, _, code in triples(sentence)}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # "engaged in", "involved in": stative participles whose subject acts, with an event noun
        ("Serb forces were engaged in ethnic cleansing against the Albanian population.", ("SRBMIL", "ALBCVL", "203")),
        ("Serb forces were involved in attacks on Kosovo villages.", ("SRBMIL", "XKX", "190")),
    ],
)
def test_engaged_in_an_event_noun(sentence: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(sentence)
