"""Relations over time, read from the stored incidents: dyads by period, the busiest actors, the
actor network, and recurring named mechanisms (series). Reads the database only; never loads a
language model. Import from here; the modules inside may move.
"""

from .actors import ActorCount, top_actors
from .dyads import PERIODS, DyadPeriod, dyad
from .formatting import table_rows
from .network import Network, network, to_graphml, to_json

__all__ = ["PERIODS", "ActorCount", "DyadPeriod", "Network", "dyad", "network", "table_rows", "to_graphml", "to_json", "top_actors"]
