"""Exports for other tools: GDELT 2.0 rows, POLECAT-style JSON lines, CSV, Parquet."""

from .formats import FORMATS, export

__all__ = ["export", "FORMATS"]
