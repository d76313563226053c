"""Graphs for the explorer tests, built directly in NetworkX with the attributes of
:func:`mineralgraph.network.project` (invented names; no store needed)."""

from __future__ import annotations

import random

import networkx as nx

from mineralgraph.kinds import ENTITY_KINDS, RELATION_KINDS, TENTATIVE_STATUSES

BASE = "https://w3id.org/mineralgraph/id/"
HOSTILE = "<img src=x onerror=alert(1)>"
TRICKY = ['Quote "double" and \'single\'', "Back\\slash \\u0041 \\n", "\u202eRTL override\u202c mark",
          "</script><script>alert(2)</script>", "Line\u2028sep\u2029para & amp;"]


def _node(G: nx.MultiDiGraph, slug: str, label: str, kind: str, country: str | None = None,
          aliases: tuple[str, ...] = ()) -> None:
    G.add_node(slug, iri=f"{BASE}x/{slug}", label=label, kind=kind,
               category=ENTITY_KINDS[kind].category, country=country, aliases=list(aliases),
               stage=None, identifiers={}, located_in=[], listed_on=[], produces=[],
               contains=[])


def _edge(G: nx.MultiDiGraph, u: str, v: str, key: str, kind: str, status: str, *,
          evidence: list[dict], contested: bool = False, share: float | None = None) -> None:
    strength = (share / 100 if share else 0.5) * (0.5 if status in TENTATIVE_STATUSES else 1)
    G.add_edge(u, v, key=key, kind=kind, label=RELATION_KINDS[kind].label, status=status,
               tentative=status in TENTATIVE_STATUSES, start="2025-11", end=None, as_of=None,
               qualifiers={"share_pct": share} if share else {}, evidence=evidence,
               contests=["other-claim"] if contested else [], contested=contested,
               strength=strength, distance=1 / strength, mutual=False, subject=u, object=v,
               statement=f"{BASE}statement/{key}", announced_at=None, note=None)


def _evidence(quote: str, url: str | None = "https://example.org/a") -> dict:
    return {"source": "test-source", "source_label": "Test source <b>bold</b>",
            "source_url": url, "source_date": "2026-01", "publisher": "Test & Co",
            "quote": quote, "said_by": None, "attribution": None, "basis": "stated"}


def hostile_graph() -> nx.MultiDiGraph:
    """A small graph whose labels, aliases, quotes and URLs try to break out of the page."""
    G = nx.MultiDiGraph(as_of="2026-06-30", kinds=["owns", "finances"])
    _node(G, "ruritania", "Ruritania", "state", "ruritania")
    _node(G, "evil-co", HOSTILE, "company", "ruritania", aliases=("Evil Co",))
    _node(G, "big-hill", "Big Hill", "deposit", "ruritania", aliases=("Bakuta Hill",))
    _node(G, "state-bank", "State Bank", "financial-institution", "ruritania")
    for i, label in enumerate(TRICKY):
        _node(G, f"tricky-{i}", label, "company", None)
        _edge(G, f"tricky-{i}", "big-hill", f"tricky-{i}-owns", "owns", "active",
              evidence=[_evidence(label, url="javascript:alert(3)")], share=10)
    _edge(G, "ruritania", "evil-co", "ruritania-owns-evil", "owns", "active",
          evidence=[_evidence(f"quote {HOSTILE}")], share=60)
    _edge(G, "evil-co", "big-hill", "evil-owns-hill", "owns", "signed",
          evidence=[_evidence("Evil holds 70% of Big Hill")], share=70, contested=True)
    _edge(G, "state-bank", "big-hill", "bank-finances-hill", "finances", "letter-of-interest",
          evidence=[_evidence("a letter of interest", url="JaVaScRiPt:alert(4)")])
    return G


def synthetic_graph(n: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """``n`` invented entities joined by preferential attachment (about 1.5 edges each)."""
    rng = random.Random(seed)
    kinds = ["company", "company", "company", "mine", "deposit", "financial-institution",
             "person", "state", "joint-venture", "project"]
    G = nx.MultiDiGraph(as_of="2026-06-30", kinds=["owns", "finances", "operates"])
    pool: list[str] = []
    for i in range(n):
        slug = f"synth-{i:05d}"
        _node(G, slug, f"Synth entity {i:05d}", kinds[i % len(kinds)], None)
        targets = rng.sample(pool, min(len(pool), 1 + (i % 2))) if pool else []
        for j, other in enumerate(targets):
            status = "letter-of-interest" if (i + j) % 5 == 0 else "active"
            _edge(G, other, slug, f"e-{i:05d}-{j}", ["owns", "finances", "operates"][j % 3],
                  status, evidence=[_evidence(f"quote {i}")], share=50)
        pool.extend([slug, *targets])
    return G
