"""Accuracy against gold standards: gold files read into one shape, coded, and scored
(`detente eval`). Import from here; the modules inside may move."""

from .runner import FORMATS, KEEP, Report, evaluate, read_gold

__all__ = ["FORMATS", "KEEP", "Report", "evaluate", "read_gold"]
