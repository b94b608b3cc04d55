"""Relations over time, read from the stored incidents: dyads by period, the busiest actors, the
actor network, and recurring named mechanisms (series). Reads the database only; never loads a
language model. Import from here; the modules inside may move.
"""

from .relations import PERIODS, ActorCount, DyadPeriod, Network, dyad, network, table_rows, to_graphml, to_json, top_actors

__all__ = ["PERIODS", "ActorCount", "DyadPeriod", "Network", "dyad", "network", "table_rows", "to_graphml", "to_json", "top_actors"]
