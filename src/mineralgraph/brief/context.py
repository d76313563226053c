"""What the content builders share: the data, the scope, the citations, and site helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..kinds import SITE_STAGES
from .cite import Citations, Run
from .data import Evidence, GraphData, Observation, Statement
from .scope import Scope

#: Site kinds that stand for a mining venture (a bare deposit only when it has a stage past
#: exploration).
VENTURE_KINDS = frozenset({"project", "mine", "facility"})
ADVANCED_STAGES = frozenset({"feasibility", "development", "construction", "production"})
#: Relations through which a company runs a site: its figures are the site's figures.
RUNS_SITE = frozenset({"holds-licence", "develops", "operates"})
#: Which of an actor's relations say most about its role, first to last.
ROLE_ORDER = ("finances", "owns", "controls", "offtake", "backs", "develops", "operates",
              "partner-in", "holds-licence", "invests-in", "acquires", "applies-to", "issues",
              "signs", "party-to", "contractor-for", "advises", "holds-role")


@dataclass
class Ctx:
    data: GraphData
    scope: Scope
    cites: Citations = field(default_factory=Citations)

    def label(self, slug: str) -> str:
        return self.data.label(slug)

    def run(self, text: str, sources: Iterable[str]) -> Run:
        return self.cites.run(text, sources)

    def said(self, evidence: Iterable[Evidence]) -> str:
        """``per Pini Althaus`` when every supporting quote is attributed to one speaker."""
        who = {e.said_by or e.attribution for e in evidence}
        if len(who) == 1 and None not in who:
            name = next(iter(who))
            return f"per {self.label(name)}"
        return ""

    # -- sites ----------------------------------------------------------------------------
    @cached_property
    def sites(self) -> list[str]:
        """Sites the brief covers, most advanced first, then by name."""
        found = [m for m in self.scope.members if self.scope.inner(m)
                 and self.data.entities.get(m) is not None
                 and self.data.entities[m].category == "site"]
        return sorted(found, key=lambda s: (-_stage_rank(self.data.entities[s].stage),
                                            self.label(s)))

    @cached_property
    def parent_of(self) -> dict[str, str]:
        """Site → the site it is part of (when that one is covered too)."""
        out = {}
        for s in self.data.statements:
            if s.kind == "part-of" and s.subject in self.sites and s.object in self.sites:
                out.setdefault(s.subject, s.object)
        return out

    @cached_property
    def ventures(self) -> list[str]:
        """Top-level sites that are ventures (projects, mines, advanced deposits)."""
        out = []
        for site in self.sites:
            ent = self.data.entities[site]
            if site in self.parent_of:
                continue
            if ent.kind in VENTURE_KINDS or ent.stage in ADVANCED_STAGES:
                out.append(site)
        return out

    def family(self, site: str) -> list[str]:
        """The site, its parts, and the companies that hold its licence, develop or operate
        it (their figures, such as a capex estimate, describe the site)."""
        members = [site] + sorted(p for p, parent in self.parent_of.items() if parent == site)
        runners = set()
        for s in self.data.statements:
            if (s.kind in RUNS_SITE and s.object in members and s.subject not in members
                    and self.data.entities.get(s.subject) is not None
                    and self.data.entities[s.subject].category == "actor"
                    and self.data.kind(s.subject) != "state"):
                runners.add(s.subject)
        return members + sorted(runners)

    def into(self, slugs: Iterable[str], kinds: Iterable[str]) -> list[Statement]:
        """Statements of these kinds whose object is one of ``slugs``."""
        wanted, targets = set(kinds), set(slugs)
        return [s for s in self.data.statements if s.kind in wanted and s.object in targets]

    def roles(self, slug: str) -> list[Statement]:
        """The scope's statements at ``slug``, most telling first (:data:`ROLE_ORDER`)."""
        stmts = [s for s in self.scope.statements if slug in (s.subject, s.object)]
        return sorted(stmts, key=lambda s: (ROLE_ORDER.index(s.kind) if s.kind in ROLE_ORDER
                                            else len(ROLE_ORDER), -s.strength, s.id))

    def figures_of(self, slugs: Iterable[str], measures: Iterable[str]) -> list[Observation]:
        wanted, subjects = set(measures), set(slugs)
        return sorted((o for o in self.data.observations
                       if o.measure in wanted and o.entity in subjects),
                      key=lambda o: (o.date or o.as_of or "", o.id))


def _stage_rank(stage: str | None) -> int:
    order = {"production": 9, "construction": 8, "development": 7, "feasibility": 6,
             "resource-definition": 5, "exploration": 4, "mothballed": 3, "undeveloped": 2,
             "closed": 1}
    return order.get(stage or "", 0) if stage in SITE_STAGES or stage is None else 0
