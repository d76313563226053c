"""A synthetic world of mineral-supply actors, as plain record dicts in the data format.

Everything is invented and named so that nobody can take it for a fact ("Synth Mining 0042",
"Synthland 07"). The shape is meant to look like the real thing where it matters for cost:

- heavy-tailed degree: owners, financiers, buyers, forums and employers are picked by
  preferential attachment (the more ties a node has, the likelier it gets the next one);
- ownership chains several levels deep (holding → subsidiary → … → site), with joint
  ventures whose partner shares sum to at most 100 per asset;
- states grouped in blocs, agencies part of their state, state-owned enterprises owned by it;
- financing at every stage (letter of interest … disbursed), offtakes with volumes and terms;
- observations: production by country and year, monthly prices, site capacities, milestones;
- every record carries evidence: a source and a quote (some said by a person, some inferred).

The same ``seed`` gives the same records, in the same order.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

FINANCE_STAGES = ("letter-of-interest", "letter-of-intent", "under-negotiation", "signed",
                  "approved", "committed", "disbursed")
FINANCE_INSTRUMENTS = ("loan", "letter of interest", "equity", "grant", "guarantee",
                       "convertible note")
OWNERSHIP_DEPTH = 6  # levels of holding companies above the companies that own sites
ROLES = ("chief executive officer", "chair of the board", "chief financial officer",
         "director", "minister", "general manager", "non-executive director")
SOURCE_KINDS = ("news-article", "government-report", "company-filing", "press-release",
                "database", "web-page")
SITE_KINDS = ("deposit", "mine", "project", "facility", "ore-field")
SITE_STAGES = ("exploration", "resource-definition", "feasibility", "development",
               "construction", "production", "mothballed")
PRODUCTION_YEARS = range(2015, 2025)
PRICE_MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024, 2025) for m in range(1, 13)]


@dataclass
class _Picker:
    """Preferential attachment: each node is drawn with weight 1 + its degree so far."""

    rng: random.Random
    pool: list[str] = field(default_factory=list)

    def add(self, node: str) -> None:
        self.pool.append(node)

    def pick(self) -> str:
        node = self.rng.choice(self.pool)
        self.pool.append(node)  # one more tie: a little likelier next time
        return node


@dataclass
class World:
    """Records of one synthetic data set, by section, in generation order."""

    sections: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, section: str, record: dict) -> None:
        self.sections.setdefault(section, []).append(record)

    def count(self) -> int:
        return sum(len(v) for v in self.sections.values())


class _Maker:
    """Draws the world step by step; one instance per generated data set."""

    def __init__(self, actors: int, seed: int):
        if actors < 100:
            raise ValueError(f"--actors must be at least 100 (got {actors})")
        self.n = actors
        self.rng = random.Random(seed)
        self.world = World()
        self.width = _width(actors)
        self.labels: dict[str, str] = {}
        self.country: dict[str, str] = {}
        self.counter = 0
        self.sources: list[str] = []
        self.persons: list[str] = []

    # -- helpers ------------------------------------------------------------------------
    def _name(self, stem: str, i: int) -> tuple[str, str]:
        slug, label = name_of(stem, i, actors=self.n)
        self.labels[slug] = label
        return slug, label

    def _evidence(self, quote: str) -> list[dict]:
        rng = self.rng
        # Sources are cited with a heavy tail too: a few trackers are cited everywhere.
        src = self.sources[min(int(rng.paretovariate(1.2)) - 1, len(self.sources) - 1)
                           if rng.random() < 0.5 else rng.randrange(len(self.sources))]
        ev: dict = {"source": src, "quote": quote[:600]}
        roll = rng.random()
        if roll < 0.08 and self.persons:
            ev["said_by"] = rng.choice(self.persons)
        elif roll < 0.12:
            ev["attribution"] = "a synthetic industry source"
            ev["basis"] = "reported"
        elif roll < 0.14:
            ev["basis"] = "inferred"
            ev["note"] = "inferred by the generator from two synthetic statements"
        return [ev]

    def _entity(self, section: str, kind: str, stem: str, i: int, *,
                country: str | None = None, **extra) -> str:
        slug, label = self._name(stem, i)
        rec: dict = {"id": slug, "kind": kind, "label": label}
        if country:
            rec["country"] = self.country[slug] = country
        rec.update(extra)
        rec["evidence"] = self._evidence(f"{label} is a {kind.replace('-', ' ')}")
        self.world.add(section, rec)
        return slug

    def _relation(self, kind: str, subject: str, obj: str, **qualifiers) -> None:
        self.counter += 1
        rid = f"synth-rel-{self.counter:07d}"
        rec: dict = {"id": rid, "kind": kind, "subject": subject, "object": obj}
        rec.update({k: v for k, v in qualifiers.items() if v is not None})
        what = kind.replace("-", " ")
        extra = f" ({qualifiers['share_pct']:g}%)" if "share_pct" in qualifiers else ""
        rec["evidence"] = self._evidence(
            f"{self.labels[subject]} {what} {self.labels[obj]}{extra}")
        self.world.add("relations", rec)

    def _date(self, lo: int = 2010, hi: int = 2025) -> str:
        return f"{self.rng.randint(lo, hi)}-{self.rng.randint(1, 12):02d}"

    # -- the world -------------------------------------------------------------------------
    def make(self) -> World:
        rng, n = self.rng, self.n
        for i in range(1, max(20, n // 20) + 1):
            slug, label = self._name("Synth Source", i)
            self.world.add("sources", {
                "id": slug, "kind": SOURCE_KINDS[i % len(SOURCE_KINDS)], "label": label,
                "publisher": f"Synth Publisher {i % 37:02d}",
                "date": f"{2015 + i % 11}-{1 + i % 12:02d}",
                "url": f"https://example.org/synthetic/{slug}"})
            self.sources.append(slug)

        commodities = self._commodities()
        n_states = min(150, max(8, n // 100))
        states = [self._entity("actors", "state", "Synthland", i,
                               identifiers={"iso3166": _iso(i)})
                  for i in range(1, n_states + 1)]
        self.world_place = self._entity("places", "region", "Synth World", 1)
        regions = [self._entity("places", "region", "Synth Region", i)
                   for i in range(1, max(2, n_states // 10) + 1)]
        for r in regions:
            self._relation("part-of", r, self.world_place, status="active")
        for s in states:
            self._relation("located-in", s, rng.choice(regions), status="active")
        blocs = [self._entity("actors", "forum", "Synth Bloc", i)
                 for i in range(1, max(3, n_states // 8) + 1)]
        for s in states:
            for b in rng.sample(blocs, rng.randint(1, min(3, len(blocs)))):
                self._relation("member-of", s, b, status="active", start=self._date(1995))

        # Actor budget: the named kinds below, then companies for the rest.
        counts = {"government-agency": n // 20, "financial-institution": n // 25,
                  "forum": max(3, n // 100), "stock-exchange": max(3, n_states // 10),
                  "intergovernmental-organisation": max(2, n // 500), "person": n // 4}
        used = n_states + len(blocs) + sum(counts.values())
        n_companies = n - used
        agencies = [self._entity("actors", "government-agency", "Synth Agency", i,
                                 country=rng.choice(states))
                    for i in range(1, counts["government-agency"] + 1)]
        for a in agencies:
            self._relation("part-of", a, self.country[a], status="active")
        financiers = _Picker(rng)
        for i in range(1, counts["financial-institution"] + 1):
            financiers.add(self._entity("actors", "financial-institution", "Synth Bank", i,
                                        country=rng.choice(states)))
        forums = _Picker(rng)
        for i in range(1, counts["forum"] + 1):
            forums.add(self._entity("actors", "forum", "Synth Forum", i))
        exchanges = [self._entity("actors", "stock-exchange", "Synth Exchange", i,
                                  country=rng.choice(states))
                     for i in range(1, counts["stock-exchange"] + 1)]
        igos = [self._entity("actors", "intergovernmental-organisation", "Synth Union", i)
                for i in range(1, counts["intergovernmental-organisation"] + 1)]
        for igo in igos:
            for s in rng.sample(states, min(len(states), rng.randint(3, 12))):
                self._relation("member-of", s, igo, status="active")
        self.persons = [self._entity("actors", "person", "Synth Person", i)
                        for i in range(1, counts["person"] + 1)]

        companies = self._companies(n_companies, states, financiers, forums, exchanges)
        sites = self._sites(companies, states, commodities, financiers)
        self._people(companies)
        self._policy(states, commodities)
        self._observations(states, commodities, sites)
        return self.world

    def _commodities(self) -> list[str]:
        metals = [self._entity("commodities", "commodity", "Synth Metal", i) for i in range(1, 7)]
        products = [self._entity("commodities", "commodity", "Synth Concentrate", i,
                                 broader=metals[(i - 1) % len(metals)]) for i in range(1, 7)]
        return metals + products

    def _companies(self, count: int, states: list[str], financiers: _Picker, forums: _Picker,
                   exchanges: list[str]) -> list[list[str]]:
        """Companies by ownership level: level 0 are roots, each deeper level owned by the
        level above (majority owner by preferential attachment, sometimes a minority one)."""
        rng = self.rng
        levels: list[list[str]] = [[] for _ in range(OWNERSHIP_DEPTH)]
        owners = [_Picker(rng) for _ in range(OWNERSHIP_DEPTH)]
        for i in range(1, count + 1):
            roll = rng.random()
            kind, stem = (("state-owned-enterprise", "Synth State Mining") if roll < 0.10 else
                          ("joint-venture", "Synth Venture") if roll < 0.18 else
                          ("company", "Synth Holdings") if roll < 0.35 else
                          ("company", "Synth Mining"))
            country = rng.choice(states)
            listed = kind == "company" and rng.random() < 0.15
            extra = {"aliases": [f"SM{i:0{self.width}d}"]} if rng.random() < 0.2 else {}
            if listed:
                extra["identifiers"] = {"lei": f"SYNTH{i:013d}00"}
            slug = self._entity("actors", kind, stem, i, country=country, **extra)
            # Geometric depth: most companies sit near the bottom, a few holdings at the top.
            level = min(OWNERSHIP_DEPTH - 1, int(rng.expovariate(0.6)))
            level = OWNERSHIP_DEPTH - 1 - level if kind != "state-owned-enterprise" else 0
            if kind == "state-owned-enterprise":
                self._relation("owns", country, slug, status="active", share_pct=100.0,
                               start=self._date(1990))
            elif kind == "joint-venture" and level > 0 and owners[level - 1].pool:
                self._jv(slug, owners[level - 1])
            elif level > 0 and owners[level - 1].pool:
                self._ownership(slug, owners[level - 1])
            levels[level].append(slug)
            owners[level].add(slug)
            if listed:
                self._relation("listed-on", slug, rng.choice(exchanges), status="active",
                               ticker=f"SYN{i:0{self.width}d}", start=self._date(2000))
            if rng.random() < 0.3:
                self._relation("member-of", slug, forums.pick(), status="active",
                               start=self._date(2005))
            if rng.random() < 0.25:
                self._finance(financiers.pick(), slug)
        return levels

    def _ownership(self, slug: str, owners: _Picker) -> None:
        rng = self.rng
        major = owners.pick()
        share = float(rng.choice((100, 100, 100, 90, 75, 70, 60, 51)))
        as_of = self._date(2018)
        self._relation("owns", major, slug, status="active", share_pct=share, as_of=as_of)
        if share < 100 and rng.random() < 0.5:
            minor = owners.pick()
            if minor != major:
                self._relation("owns", minor, slug, status="active",
                               share_pct=float(rng.randint(1, int(100 - share))), as_of=as_of)

    def _jv(self, slug: str, partners: _Picker) -> None:
        """Two or three partners whose shares sum to at most 100."""
        rng = self.rng
        chosen = list(dict.fromkeys(partners.pick() for _ in range(rng.randint(2, 3))))
        remaining, as_of = 100, self._date(2015)
        for j, partner in enumerate(chosen):
            share = remaining if j == len(chosen) - 1 else rng.randint(10, remaining - 10 * (
                len(chosen) - j - 1))
            remaining -= share
            self._relation("owns", partner, slug, status="active", share_pct=float(share),
                           as_of=as_of)
            self._relation("partner-in", partner, slug, status="active", start=as_of)

    def _finance(self, financier: str, target: str) -> None:
        rng = self.rng
        stage = rng.choice(FINANCE_STAGES)
        amount = round(rng.paretovariate(1.1) * 5, 1) * 1_000_000
        self._relation("finances", financier, target, status=stage, amount=amount,
                       currency=rng.choice(("USD", "USD", "EUR", "CNY")),
                       amount_qualifier=rng.choice(("exact", "up-to", "about")),
                       instrument=rng.choice(FINANCE_INSTRUMENTS), start=self._date(2012))

    def _sites(self, levels: list[list[str]], states: list[str], commodities: list[str],
               financiers: _Picker) -> list[str]:
        rng = self.rng
        site_owners = _Picker(rng)
        for slug in levels[-1] + levels[-2]:
            site_owners.add(slug)
        buyers = _Picker(rng)
        for slug in levels[0] + levels[1]:
            buyers.add(slug)
        sites = []
        for i in range(1, self.n // 8 + 1):
            kind = SITE_KINDS[i % len(SITE_KINDS)]
            country = rng.choice(states)
            slug = self._entity("sites", kind, f"Synth {kind.replace('-', ' ').title()}", i,
                                country=country, stage=rng.choice(SITE_STAGES),
                                stage_as_of=self._date(2020))
            sites.append(slug)
            if rng.random() < 0.25:
                self._jv(slug, site_owners)
            else:
                self._ownership(slug, site_owners)
            commodity = rng.choice(commodities)
            self._relation("contains", slug, commodity, status="reported")
            if rng.random() < 0.4:
                self._relation("operates", site_owners.pick(), slug, status="operational",
                               start=self._date(2005))
            if rng.random() < 0.3:
                self._finance(financiers.pick(), slug)
            if rng.random() < 0.3:
                self._relation(
                    "offtake", buyers.pick(), slug, status=rng.choice(("signed", "active",
                                                                       "under-negotiation")),
                    commodity=commodity, volume=float(rng.randint(1, 400) * 100),
                    volume_unit="t", duration_years=float(rng.randint(2, 15)),
                    price_terms=rng.choice(("market-linked", "fixed floor", "cost plus")),
                    start=self._date(2016))
        return sites

    def _people(self, levels: list[list[str]]) -> None:
        rng = self.rng
        employers = _Picker(rng)
        for level in levels:
            for slug in level:
                employers.add(slug)
        for person in self.persons:
            for _ in range(1 + (rng.random() < 0.4)):
                self._relation("holds-role", person, employers.pick(), role=rng.choice(ROLES),
                               status=rng.choice(("active", "active", "historical")),
                               start=self._date(2000))

    def _policy(self, states: list[str], commodities: list[str]) -> None:
        rng = self.rng
        for i, state in enumerate(states, start=1):
            itype = ("export-control", "critical-minerals-list")[i % 2]
            slug = self._entity("instruments", "policy-instrument", "Synth Policy", i,
                                instrument_type=itype, date=self._date(2015))
            self._relation("issues", state, slug, status="active")
            for c in rng.sample(commodities, 3):
                self._relation("lists", slug, c, status="active")

    def _observations(self, states: list[str], commodities: list[str], sites: list[str]) -> None:
        rng = self.rng
        producers = rng.sample(states, max(3, len(states) // 3))
        output: dict[tuple[str, str, int], float] = {}
        for state in producers:
            commodity = rng.choice(commodities[:6])
            base = rng.paretovariate(1.3) * 500
            for year in PRODUCTION_YEARS:
                output[state, commodity, year] = round(base * rng.uniform(0.8, 1.2), 1)
                self._observation(measure="production", subject=state, commodity=commodity,
                                  value=output[state, commodity, year], unit="t",
                                  date=str(year), status="actual")
            self._observation(measure="reserves", subject=state, commodity=commodity,
                              value=round(base * rng.uniform(20, 60), -1), unit="t",
                              date="2024", status="estimate")
        world: dict[tuple[str, int], float] = {}
        for (_, commodity, year), value in output.items():
            world[commodity, year] = world.get((commodity, year), 0.0) + value
        for (commodity, year), total in sorted(world.items()):
            self._observation(measure="production", subject=self.world_place,
                              commodity=commodity, value=round(total, 1), unit="t",
                              date=str(year), status="actual")
        for (state, commodity, year), value in output.items():
            if year == PRODUCTION_YEARS[-1]:
                self._observation(measure="production-share", subject=state,
                                  commodity=commodity, unit="%", date=str(year),
                                  value=round(100 * value / world[commodity, year], 1),
                                  qualifier="about", status="estimate")
        for commodity in commodities[:6]:
            price = rng.uniform(200, 1500)
            for month in PRICE_MONTHS:
                price *= rng.uniform(0.95, 1.06)
                self._observation(measure="price", subject=commodity, commodity=commodity,
                                  value_min=round(price * 0.97, 2),
                                  value_max=round(price * 1.03, 2), qualifier="range",
                                  unit="USD/mtu", date=month, status="actual")
        for site in sites:
            roll = rng.random()
            if roll < 0.3:
                self._observation(measure="capacity", subject=site,
                                  value=float(rng.randint(1, 300) * 100), unit="t/year",
                                  date=self._date(2018), status="estimate")
            elif roll < 0.4:
                self._observation(measure="milestone", subject=site,
                                  milestone="first production", date=str(rng.randint(2026, 2032)),
                                  status="target")
            if rng.random() < 0.05:
                self.counter += 1
                self.world.add("risks", {
                    "id": f"synth-risk-{self.counter:07d}", "subject": site,
                    "category": rng.choice(("schedule", "financing", "permitting", "power")),
                    "description": f"a synthetic risk to {self.labels[site]}",
                    "evidence": self._evidence(f"risks to {self.labels[site]}")})

    def _observation(self, **fields) -> None:
        self.counter += 1
        rec = {"id": f"synth-obs-{self.counter:07d}", **fields}
        shown = fields.get("value", fields.get("value_min", fields.get("milestone")))
        rec["evidence"] = self._evidence(
            f"{fields['measure']} of {self.labels[fields['subject']]}: {shown}")
        self.world.add("observations", rec)


def _width(actors: int) -> int:
    return max(4, len(str(actors)))


def name_of(stem: str, i: int, *, actors: int) -> tuple[str, str]:
    """(id, label) of the ``i``-th entity named ``stem`` in a data set of ``actors`` actors:
    ``("synthland-0001", "Synthland 0001")``."""
    label = f"{stem} {i:0{_width(actors)}d}"
    return label.lower().replace(" ", "-"), label


def _iso(i: int) -> str:
    """Two letters, distinct for each state (synthetic codes, not real ISO assignments)."""
    i -= 1
    return chr(ord("A") + (i // 26) % 26) + chr(ord("A") + i % 26)


def make_world(*, actors: int, seed: int) -> World:
    """All records of a synthetic data set with ``actors`` actors (states, companies, people…)."""
    return _Maker(actors, seed).make()


def iter_records(world: World) -> Iterator[tuple[str, dict]]:
    for section, records in world.sections.items():
        for rec in records:
            yield section, rec
