"""The actor graph of the incidents: edges weighted by cooperation and conflict.

    network(store)               actors as nodes, directed edges source → target
    to_json(graph)               as JSON (the API's and the CLI's)
    to_graphml(graph, path)      as GraphML, for Gephi, Cytoscape and igraph
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store import Store

__all__ = ["Network", "network", "to_json", "to_graphml"]


@dataclass
class Network:
    "Actors as nodes, directed edges source → target with incident counts by kind."

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def network(store: Store) -> Network:
    """Every incident adds to the edge from each source to each target: `incidents`,
    `cooperation` (quad classes 1–2), `conflict` (3–4), and the mean Goldstein score."""
    graph = Network()
    for incident in store.incidents():
        event = incident.event
        for actor in (*event.source, *event.target):
            graph.nodes.setdefault(actor.code, {"name": actor.name, "country": actor.country or "", "sector": actor.sector or ""})
        for source in event.source:
            for target in event.target:
                if source.code == target.code:
                    continue
                edge = graph.edges.setdefault((source.code, target.code), {"incidents": 0, "cooperation": 0, "conflict": 0, "goldstein_sum": 0.0})
                edge["incidents"] += 1
                edge["cooperation" if event.quad_class <= 2 else "conflict"] += 1
                edge["goldstein_sum"] += event.goldstein
    for edge in graph.edges.values():
        edge["mean_goldstein"] = round(edge.pop("goldstein_sum") / edge["incidents"], 2)
    return graph


def to_json(graph: Network) -> str:
    return json.dumps(
        {
            "nodes": [{"id": code, **attrs} for code, attrs in sorted(graph.nodes.items())],
            "edges": [{"source": s, "target": t, **attrs} for (s, t), attrs in sorted(graph.edges.items())],
        },
        indent=2, ensure_ascii=False,
    )  # fmt: skip


def to_graphml(graph: Network, path: str | Path) -> None:
    "Write the graph as GraphML (networkx), readable by Gephi, Cytoscape and igraph."
    import networkx as nx

    g = nx.DiGraph()
    for code, attrs in graph.nodes.items():
        g.add_node(code, **attrs)
    for (source, target), attrs in graph.edges.items():
        g.add_edge(source, target, **attrs)
    nx.write_graphml(g, str(path))
