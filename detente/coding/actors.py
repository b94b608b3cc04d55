"""Who: find actor mentions in a parsed sentence and code them.

An actor is named by a country (name, alias, demonym), a metonym (Beijing, the Kremlin), or an
organisation (NATO), optionally refined by a sector word (military, police, rebels). The coder
asks for the actors at one argument of an event (a subject, an object); this module looks at the
noun phrase around that word:

    "China's Office of International Military Cooperation"  → CHNMIL (country by the possessive,
                                                              sector by a word inside the name)
    "representatives from China and NATO"                   → CHN, IGOWSTNAT (through "from")
    "the French president"                                  → FRAGOV
    "China and Russia"                                      → CHN, RUS (coordination)
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token
from spacy.util import filter_spans

from ..models import Actor, actor_code
from ..tables.actors import (
    ActorTables,
    AgentEntry,
    ArmedGroupEntry,
    CountryEntry,
    Kind,
    MetonymEntry,
    OrganizationEntry,
    Person,
    Phrase,
    load_actor_tables,
    phrases,
)
from ..tables.sectors import Sectors, load_sectors
from ..tables.words import Words, load_words
from .nlp import with_entities

if TYPE_CHECKING:
    from .introductions import Introductions

__all__ = ["ActorMatcher", "Name", "SectorWord", "Term", "Terms", "is_name"]

# "anti-Syria", "pro-Western": a name after these says whom the actor is for or against.
STANCE_PREFIXES = {"anti", "pro"}

# Dependency relations that stay inside one actor's noun phrase.
CLOSE_DEPS = {"compound", "amod", "poss", "nmod", "appos", "flat", "nummod", "det", "case", "punct"}
# Prepositions through which a phrase names its actor ("officials from China", "Ministry of Defence").
NAMING_PREPS = {"of", "from"}
# Prepositions that place a sector word alone: "protesters in Kenya", "students throughout Indonesia".
PLACING_PREPS = {"in", "throughout", "across"}


@dataclass(frozen=True)
class Name:
    "What a matched name stands for: a country, a people, a capital, an organisation, a person."

    kind: Kind  # COUNTRY, DEMONYM, METONYM, ORGANIZATION, ARMED_GROUP or PERSON
    name: str
    country: str | None
    code: str | None  # organisations carry their own code
    sector: str | None


@dataclass(frozen=True)
class SectorWord:
    "A word that says which part of a state or society acts, not whose: 'troops' (MIL), 'police' (COP)."

    sector: str


# What a word of the sentence names: an actor the tables know, or a sector.
Term = Name | SectorWord
# Token index → what the word at it names (the words of one sentence that are actors' words).
Terms = dict[int, Term]


class ActorMatcher:
    "Built once per process from the actor tables; `actors_at` codes the actors at one word."

    def __init__(
        self,
        nlp: Language,
        tables: ActorTables | None = None,
        place_country: Callable[[str], str | None] | None = None,
        words: Words | None = None,
        sectors: Sectors | None = None,
    ) -> None:
        """`place_country` maps a place name to its country (ISO3), so that a sector word is
        placed by a town too: "protesters in Hebron" → PSE (the pipeline gives the gazetteer).
        `words`: the word lists (words.tsv: government-word, based); `sectors`: sectors.tsv, whose
        priorities say which of several sector words is the actor's ("military officials": MIL)."""
        tables = tables or load_actor_tables()
        self._tables = tables
        self._words = words or load_words()
        self._sectors = sectors or load_sectors()
        self._place_country = place_country
        # names with a capital match exactly ("US" is not "us"); lower-case ones in any case
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        # match key → Name, sector word, Person (whose role depends on the day), or None (blocker)
        self._meaning: dict[str, Name | str | Person | None] = {}
        self._lemma_agents: dict[str, str] = {}  # single-word sector words by lemma: "soldiers"
        for phrase in phrases(tables):
            meaning = _meaning(phrase)
            key = f"{phrase.kind}:{phrase.text}"
            self._meaning[key] = meaning
            matcher = self._exact if phrase.case_sensitive else self._any_case
            matcher.add(key, [nlp.make_doc(phrase.text)])
            if phrase.kind is Kind.AGENT and " " not in phrase.text:
                self._lemma_agents[phrase.text.lower()] = meaning  # type: ignore[assignment]
        # surname → people, for a title before a name the tables only know in full:
        # "President Bush" is whichever Bush was in office on the article's day
        self._surnames: dict[str, list[Person]] = {}
        for person in tables.people:
            for text in {_surname(name) for name in (person.name, *person.aliases)}:
                if person not in self._surnames.setdefault(text, []):
                    self._surnames[text].append(person)

    @property
    def sectors(self) -> Sectors:
        return self._sectors

    def in_country(self, actor: Actor, iso3: str) -> Actor:
        "A sector actor placed in a country: 'police' at an event in Tbilisi → GEOCOP."
        entry = self._tables.country(iso3)
        return Actor(actor.text, entry.name if entry else iso3, actor_code(iso3, actor.sector), iso3, actor.sector)

    # --- annotation: which tokens are names and sector words

    def annotate(self, sent: Span, day: date | None = None, introductions: Introductions | None = None) -> Terms:
        """Token index → the Name or SectorWord the word belongs to, longest match first.

        A non-actor phrase ("South China Sea") wins over the name inside it and is dropped.
        A person is coded by the role they held on `day` (the article's date): Medvedev is
        Russia's government in 2010 and 2015; a former official is one of the country's elite
        (ELI), as CAMEO codes them."""
        doc = sent.doc
        strings = doc.vocab.strings
        spans = [
            Span(doc, start, end, label=key)  # a matcher run on a span gives doc offsets
            for matcher in (self._exact, self._any_case)
            for key, start, end in matcher(sent)
        ]
        found: Terms = {}
        blocked: set[int] = set()  # the words of non-actor phrases: "General Motors" is no general
        for span in filter_spans(spans):
            if _after_stance(doc[span.start]):
                continue  # "an anti-Syria journalist" is not Syrian; "pro-Russian separatists" not Russian
            meaning = self._meaning[strings[span.label]]
            if isinstance(meaning, Person):
                meaning = _person_on(meaning, day)
            if meaning is None:
                blocked.update(range(span.start, span.end))
                continue
            term = meaning if isinstance(meaning, Name) else SectorWord(meaning)
            for token in span:
                found[token.i] = term
        for token in sent:
            if token.i not in found and token.i not in blocked and token.pos_ in ("NOUN", "PROPN"):
                sector = self._lemma_agents.get(token.lemma_.lower())
                if sector:
                    found[token.i] = SectorWord(sector)
        _newspapers(sent, found, self._words)
        _the_country(sent, found, self._words)
        self._titled_people(sent, day, found)
        if introductions is not None:
            introductions.read(sent, found, self)
        return found

    def _titled_people(self, sent: Span, day: date | None, found: Terms) -> None:
        """A name the matcher did not know, next to a title: "President Bush", "President Omar
        El Bashir", "the Bush administration", "the Assad regime". The name's last word is looked
        up among the people with a role on `day`; when exactly one fits (and the first names
        agree), the name is theirs."""
        tokens = list(sent)
        for k, title in enumerate(tokens):
            word = found.get(title.i)
            if not isinstance(word, SectorWord):
                continue
            if title.text[:1].isupper() and k + 1 < len(tokens):
                run = []  # after a capitalised title: "President Omar El Bashir"
                for token in tokens[k + 1 :]:
                    if token.i in found or not (token.pos_ == "PROPN" and token.text[:1].isupper() or run and token.text == "-"):
                        break
                    run.append(token)
                self._name_run(run, day, found)
            if word.sector == "GOV" and title.lower_ in self._words.government_word:
                run = []  # before "administration", "government", "regime": "the Bush administration"
                for token in reversed(tokens[:k]):
                    if token.i in found or not (token.pos_ == "PROPN" and token.text[:1].isupper()):
                        break
                    run.insert(0, token)
                self._name_run(run, day, found)

    def _name_run(self, run: list[Token], day: date | None, found: Terms) -> None:
        while run and run[-1].text == "-":
            run.pop()
        if not run:
            return
        words = [t.text for t in run]
        fits = {
            (person, meaning)
            for person in self._surnames.get(_surname(" ".join(words)), [])
            if (meaning := _person_on(person, day)) is not None
            and (len(words) == 1 or _fold(words[0]) in {_fold(n.split()[0]) for n in (person.name, *person.aliases)})
        }
        # one in office that day wins over namesakes who held it before (the Bushes in 2005)
        serving = {(person, meaning) for person, meaning in fits if person.role_on(day) is not None}
        for candidates in (serving, fits):
            if len({person for person, _ in candidates}) == 1:
                meaning = next(iter(candidates))[1]
                for token in run:
                    found[token.i] = meaning
                return

    def names_any(self, sent: Span) -> bool:
        """Whether a sentence names an actor or a sector at all: the parser's pre-filter (a
        sentence without one cannot hold an event). Works on an unparsed sentence."""
        if self._exact(sent) or self._any_case(sent):
            return True
        return any(token.lower_ in self._lemma_agents or token.lower_.rstrip("s") in self._lemma_agents for token in sent)

    # --- coding the actors at one argument

    def actors_at(self, token: Token, terms: Terms) -> list[Actor]:
        "The actors named by the phrase headed by `token` and its coordinated phrases."
        actors: list[Actor] = []
        found = self._resolve_with_conj(token, terms, None)
        if not found and token.pos_ == "NOUN" and token.i not in terms:
            # "asked four countries, including the United States and the Soviet Union": the
            # examples stand for the group
            for example in _examples(token, self._words):
                found += self._resolve_with_conj(example, terms, None)
        for actor in found:
            if all(actor.code != seen.code for seen in actors):
                actors.append(actor)
        return actors

    def _resolve(self, node: Token, terms: Terms, sector: str | None) -> list[Actor]:
        phrase = _close_phrase(node)
        names = [t for t in phrase if is_name(t, terms)]
        sectors: list[str] = [w.sector for t in phrase if isinstance(w := terms.get(t.i), SectorWord)]
        # a sector word alone is placed by "in" too: "protesters in Kenya", "officials in Kyiv"
        preps = NAMING_PREPS | (PLACING_PREPS if not names else set())
        named_through = [
            pobj
            for prep in node.children
            if prep.dep_ == "prep" and prep.lower_ in preps
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ] + (_based_in(node, self._words.based) if not names else [])
        if sector:
            sectors.append(sector)
        if not names:
            # "officials from China", "representatives of NATO": the actor is named further in
            best = self._sectors.best(sectors)
            inner = [a for pobj in named_through for a in self._resolve_with_conj(pobj, terms, best)]
            if inner:
                return inner
            placed = self._placed(node, named_through, best, phrase, terms)
            if placed is not None:
                return [placed]
            # "its sailors" is an anaphor: their country is elsewhere in the text. "The
            # government" (GOV without a country) is kept: the coder anchors it to the other
            # side's country ("protesters in Kenya demonstrated against the government").
            anaphoric = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in node.children)
            # "Judge Alejandro Rivera": a named person with a title is an actor of that sector
            titled = node.pos_ == "PROPN" and any(isinstance(terms.get(t.i), SectorWord) for t in phrase if t.dep_ == "compound")
            if best and not anaphoric and (isinstance(terms.get(node.i), SectorWord) or titled):
                # a sector word heading the phrase names an actor of its own: "the rebels"; with
                # a name we do not know it is someone's ("the Maduro government"), kept by name
                unknown = " ".join(t.text for t in phrase if t.pos_ == "PROPN" and t.i not in terms)
                actor = _make_actor(_span_text(phrase), None, best)
                return [dataclasses.replace(actor, name=unknown) if unknown else actor]
            return []
        if node.pos_ == "NOUN" and node.i not in terms and node.lemma_.lower() in self._words.thing:
            return []  # "the U.S. economy", "Trump's effort": a thing of an actor's is no actor
        # "Ministry of Defence of Russia": sector words may sit inside an of-phrase of the name
        for pobj in named_through:
            for t in _close_phrase(pobj):
                if isinstance(word := terms.get(t.i), SectorWord):
                    sectors.append(word.sector)
        head_name = _head_most(phrase, terms)
        residence = self._residence(node, head_name, phrase, terms)
        if residence is not None:
            head_name = residence
            sectors.append("CVL")  # a people where it lives, not that country's state
        # "a protest in Beijing": a capital reached as a place is its country, not its government
        located = node.dep_ == "pobj" and node.head.lower_ in PLACING_PREPS | {"at", "near", "into"}
        # "Indian and Pakistani troops": coordinated names inside one phrase are two actors
        name_tokens = [head_name] + [
            c for c in head_name.conjuncts if head_name.i != node.i and is_name(c, terms)
        ]
        actors = []
        for token in name_tokens:
            name = terms[token.i]
            assert isinstance(name, Name)
            if located and name.kind is Kind.METONYM:
                name = Name(Kind.COUNTRY, name.name, name.country, None, None)
            # "Pentagon officials": the metonym's own sector (MIL) competes with the words'
            best = self._sectors.best([*sectors, name.sector] if name.sector else sectors)
            actors.append(_make_actor(_span_text(phrase), name, best))
        return actors

    def _residence(self, node: Token, head_name: Token, phrase: list[Token], terms: Terms) -> Token | None:
        """A people named by a demonym is coded by where they live when the phrase says so:
        "Bosnian Serbs" → Bosnia, "ethnic Albanians in Serbia" → Serbia."""
        entry = terms[head_name.i]
        if not (isinstance(entry, Name) and entry.kind is Kind.DEMONYM):
            return None
        ethnic = any(t.lower_ == "ethnic" for t in phrase)
        if head_name.i == node.i:
            modifiers = [t for t in phrase if t.i != node.i and is_name(t, terms) and t.dep_ in ("amod", "compound")]
            if modifiers:
                return modifiers[0]
            # "the Albanians of southern Serbia"
            for place in (g for p in node.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children):
                if place.dep_ == "pobj" and is_name(place, terms):
                    return place
        if ethnic:
            # "ethnic Albanians in Serbia", "ethnic Albanian guerrillas operating in Macedonia"
            # (but "Americans in Iraq" are Americans)
            places = [g for p in node.children if p.dep_ == "prep" and p.lower_ in PLACING_PREPS for g in p.children]
            for place in places + _based_in(node, self._words.based):
                if place.dep_ == "pobj" and is_name(place, terms):
                    return place
        return None

    def _placed(
        self, node: Token, places: list[Token], sector: str | None, phrase: list[Token], terms: Terms
    ) -> Actor | None:
        """A sector in or of a place the gazetteer knows is of that place's country:
        "demonstrators in Hebron" → PSECVL, "the Punjab government" → a GOV of Punjab's country."""
        if self._place_country is None or sector is None:
            return None
        located = [p for p in places if p.head.lower_ in PLACING_PREPS | {"from", "at"}]  # "a missionary from Calgary"
        modifiers = [t for t in phrase if t.i != node.i and t.dep_ in ("compound", "nmod", "poss", "amod")]
        for place in located + modifiers:
            if place.i in terms or _after_stance(place):
                continue  # a title is no place: "Vice-President Moody Awori" is not in Vice, Peru
            span = next((ent for ent in with_entities(place.doc).ents if ent.start <= place.i < ent.end), None)
            if span is not None and span.label_ in ("GPE", "LOC"):
                text = span.text
            elif span is None and place.text[:1].isupper() and node.pos_ != "PROPN":
                # the small model misses many regions: "Punjab government"; but the words before
                # a person's name are names and titles, not places
                text = place.text
            else:
                continue
            country = self._place_country(text)
            entry = self._tables.country(country) if country else None
            if entry is not None:
                name = Name(Kind.COUNTRY, entry.name, entry.iso3, None, None)
                return _make_actor(_span_text(phrase), name, sector)
        return None

    def _resolve_with_conj(
        self, token: Token, terms: Terms, sector: str | None
    ) -> list[Actor]:
        actors = []
        # conjuncts are listed from the first one; only look forward from this token
        for node in (token, *[c for c in token.conjuncts if c.i > token.i], *_listed(token)):
            actors += self._resolve(node, terms, sector)
        return actors


def _person_on(person: Person, day: date | None) -> Name | None:
    role = person.role_on(day)
    if role is not None:
        return Name(Kind.PERSON, person.name, role.country, role.code, role.sector)
    former = person.previous_role(day) if day is not None else None
    if former is not None and former.country:
        return Name(Kind.PERSON, person.name, former.country, None, "ELI")
    return None


def _based_in(node: Token, based: frozenset[str]) -> list[Token]:
    "Where a phrase says its actor is: 'a group based in Trinidad', 'guerrillas operating in Macedonia'."
    return [
        pobj
        for acl in node.children
        if acl.dep_ == "acl" and acl.lemma_.lower() in based
        for prep in acl.children
        if prep.dep_ == "prep" and prep.lower_ in PLACING_PREPS | {"at"}
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _after_stance(token: Token) -> bool:
    "The name in 'anti-Syria', 'pro-Russian': whom an actor is for or against, not whose it is."
    doc, i = token.doc, token.i
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in STANCE_PREFIXES


def _fold(text: str) -> str:
    "Lower case without accents: 'François' and 'Francois' are one name."
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Arabic article prefixes written joined or apart: "al-Bashir", "El Bashir", "Bashir".
_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-")


def _surname(name: str) -> str:
    "The folded last word of a name, without an Arabic article: 'Omar el-Bashir' → 'bashir'."
    last = _fold(name.split()[-1]) if name.split() else ""
    for particle in _PARTICLES:
        if last.startswith(particle) and len(last) > len(particle):
            return last[len(particle) :]
    return last


def _meaning(phrase: Phrase) -> Name | str | Person | None:
    entry = phrase.entry
    if isinstance(entry, Person):
        return entry
    if isinstance(entry, CountryEntry):
        kind = Kind.DEMONYM if phrase.kind is Kind.DEMONYM else Kind.COUNTRY
        return Name(kind, entry.name, entry.iso3, None, None)
    if isinstance(entry, MetonymEntry):
        return Name(Kind.METONYM, entry.name, entry.country, None, entry.sector)
    if isinstance(entry, OrganizationEntry):
        return Name(Kind.ORGANIZATION, entry.name, None, entry.code, entry.sector)
    if isinstance(entry, ArmedGroupEntry):
        return Name(Kind.ARMED_GROUP, entry.name, entry.country, entry.code, entry.sector)
    if isinstance(entry, AgentEntry):
        return entry.sector
    return None  # a non-actor phrase: it only blocks the names inside it


def _listed(token: Token) -> list[Token]:
    """The rest of a list the parser hung on its first item as an apposition: in "The US,
    Russia, and Switzerland met", Russia is the US's appos and Switzerland Russia's conjunct."""
    return [
        item
        for appos in token.children
        if appos.dep_ == "appos" and any(c.dep_ == "cc" for c in appos.children)
        for item in (appos, *[c for c in appos.conjuncts if c.i > appos.i])
    ]


def _close_phrase(node: Token) -> list[Token]:
    "The node and its modifiers that belong to the same name (not clauses, not other preps)."
    listed = {t.i for t in _listed(node)}
    phrase, stack = [node], [node]
    while stack:
        for child in stack.pop().children:
            if child.i in listed:
                continue
            # "Saudi-led coalition" is Saudi Arabia's (but "US-backed fighters" are not the US)
            led_by = child.dep_ == "npadvmod" and child.head.lemma_.lower() == "lead"
            if child.dep_ in CLOSE_DEPS or led_by:
                phrase.append(child)
                stack.append(child)
    # punctuation belongs to the phrase only inside it: not the sentence's full stop
    words = [t.i for t in phrase if t.dep_ != "punct"]
    if not words:
        return [node]  # a name the parser took for punctuation
    return sorted((t for t in phrase if t.dep_ != "punct" or min(words) < t.i < max(words)), key=lambda t: t.i)


def _span_text(tokens: Sequence[Token]) -> str:
    doc = tokens[0].doc
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    while start < end and doc[start].pos_ in ("DET", "PUNCT"):
        start += 1
    while end > start and doc[end - 1].pos_ == "PUNCT" or (end > start and doc[end - 1].dep_ == "case"):
        end -= 1
    return doc[start:end].text if end > start else tokens[0].text


def is_name(token: Token, terms: Terms) -> bool:
    "Whether the word is (part of) a name the actor tables know."
    return isinstance(terms.get(token.i), Name)


def _head_most(phrase: list[Token], terms: Terms) -> Token:
    "Of several names in one phrase, the one nearest the head in the tree (the possessor first)."
    names = [token for token in phrase if is_name(token, terms)]
    return min(names, key=lambda token: sum(1 for _ in token.ancestors))


def _make_actor(text: str, name: Name | None, sector: str | None) -> Actor:
    if name is None:
        assert sector is not None
        return Actor(text=text, name=sector, code=sector, country=None, sector=sector)
    if name.code:  # organisations, armed groups, officials who speak for them
        return Actor(text=text, name=name.name, code=name.code, country=name.country, sector=name.sector)
    return Actor(text=text, name=name.name, code=actor_code(name.country, sector), country=name.country, sector=sector)


def _newspapers(sent: Span, found: Terms, words: Words) -> None:
    "'The Washington Post', 'China Daily': a paper named after its country's capital or name is its media."
    for token in sent:
        name = found.get(token.i)
        after = token.nbor() if token.i + 1 < sent.end else None
        if (
            isinstance(name, Name) and name.kind in (Kind.METONYM, Kind.COUNTRY) and name.country
            and after is not None and after.i not in found and after.text[:1].isupper()
            and after.lower_ in words.newspaper_word
        ):  # fmt: skip
            for i in range(sent.start, token.i + 1):
                if found.get(i) is name:
                    found[i] = Name(Kind.COUNTRY, name.name, name.country, None, None)
            found[after.i] = SectorWord("MED")


def _the_country(sent: Span, found: Terms, words: Words) -> None:
    "'A Moroccan jet went missing, the country's military said': the country named before it."
    for token in sent:
        if token.i in found or token.lower_ not in words.country_noun or token.dep_ != "poss":
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            continue
        named = [t for i, t in sorted(found.items()) if i < token.i and isinstance(t, Name) and t.country and t.sector is None]
        if named and named[-1].kind in (Kind.COUNTRY, Kind.DEMONYM):
            found[token.i] = Name(Kind.COUNTRY, named[-1].name, named[-1].country, None, None)


def _examples(noun: Token, words: Words) -> list[Token]:
    "The objects of 'including', 'like', 'such as' on a noun."
    return [
        pobj
        for prep in noun.children
        if prep.dep_ == "prep"
        and (prep.lower_ in words.example_word or f"{prep.doc[prep.i - 1].lower_} {prep.lower_}" in words.example_word)
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
