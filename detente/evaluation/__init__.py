"""Accuracy against gold standards: gold files read into one shape, coded, and scored
(`detente eval`). Import from here; the modules inside may move.

    gold       the gold in one shape (GoldSet, GoldSentence, GoldEvent, GoldActor), label mappings
    readers    the three gold formats read into that shape
    formats    FORMATS: how each format is read and scored; read_gold
    metrics    Counts, Confusion, Accuracy: the numbers a score is made of
    alignment  which predicted event answers which gold event
    scoring    score: gold + predicted events in, a Report out; KEEP
    runner     evaluate: read, code with one Pipeline, score
"""

from .formats import FORMATS, read_gold
from .gold import PLOVER_05B1, PLOVER_QUAD, PLV_ROOTS, GoldActor, GoldEvent, GoldSentence, GoldSet
from .metrics import Confusion, Counts
from .readers import read_petrarch_xml, read_plover_gsr, read_plv_tsv
from .runner import evaluate
from .scoring import KEEP, Report, score

__all__ = [
    "FORMATS",
    "KEEP",
    "PLOVER_05B1",
    "PLV_ROOTS",
    "PLOVER_QUAD",
    "GoldActor",
    "GoldEvent",
    "GoldSentence",
    "GoldSet",
    "Counts",
    "Confusion",
    "Report",
    "read_gold",
    "read_petrarch_xml",
    "read_plover_gsr",
    "read_plv_tsv",
    "score",
    "evaluate",
]
