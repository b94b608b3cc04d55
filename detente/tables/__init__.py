"""detente's knowledge as validated data tables (detente/data/*.tsv): the CAMEO/PLOVER codebook,
actors, countries, sectors, word lists. Each file documents itself in its header; every table is
checked when loaded, and a bad row is a `DataTableError` naming file, line and problem."""
