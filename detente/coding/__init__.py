"""The coder: everything that reads language. Text in, events out — sentences, actors, events,
dates and places — on spaCy's small English pipeline and detente's tables.

This is the only package that imports spaCy (tests/test_layout.py checks it): reading the
database, analysing, exporting and serving never load a language model.
"""
