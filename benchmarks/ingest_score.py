"""Score `mineralgraph ingest` on the hand-labelled test set (tests/ingest_set/).

Each document ``NAME.txt`` has a gold list ``NAME.gold.yaml`` made by hand from the text:
entities (actors, sites, places, commodities the text names), figures (money, percentages,
quantities, durations, dates) and relations (kind, subject, object, optionally status). The
extractor runs on the text against the project's data set (as `mineralgraph ingest` does) and
this script prints recall and precision per document and in total, the share of verbatim
quotes, records without a quote, letters of interest marked committed, and the time per
document. Public-domain texts are committed (tests/ingest_set/public/); copyrighted ones are
kept out of the repository (tests/ingest_set/private/*.txt, git-ignored) and are skipped when
absent.

    python benchmarks/ingest_score.py            # all documents present
    python benchmarks/ingest_score.py --public   # the committed ones only

Matching rules: an entity matches when a gold name (or one of its ``also`` names) equals, after
normalisation (case, accents, punctuation, legal suffixes, a site's cue word), the label or a
mention of an extracted entity, or is within rapidfuzz token-set 90 of it. A figure matches an
extracted figure of the same kind and unit (currency) whose value is within 0.5 %, a date the
same partial date. A relation matches an extracted one of the same kind (or one of the listed
kinds) whose subject and object entities match the gold names (``partner-in`` in either
order); a gold status, when given, must match too.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tests" / "ingest_set"


@dataclass
class Score:
    found: int = 0
    gold: int = 0
    correct: int = 0  # extracted items that match some gold item (precision numerator)
    extracted: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.gold += other.gold
        self.correct += other.correct
        self.extracted += other.extracted


@dataclass
class DocResult:
    name: str
    words: int
    seconds: float
    entities: Score
    figures: Score
    relations: Score
    quotes: int
    verbatim: int
    unquoted: int
    loi_committed: int


def documents(public_only: bool = False) -> list[tuple[Path, Path | None]]:
    """(gold file, text file or None when the text is not here), public ones first."""
    out = []
    folders = ["public"] + ([] if public_only else ["private"])
    for folder in folders:
        for gold in sorted((SET / folder).glob("*.gold.yaml")):
            text = gold.with_name(gold.name.replace(".gold.yaml", ".txt"))
            out.append((gold, text if text.is_file() else None))
    return out


def _names(item) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


def score_document(gold_path: Path, text_path: Path, linker_factory) -> DocResult:
    from mineralgraph.ingest.emit import build_records
    from mineralgraph.ingest.extract import extract
    from mineralgraph.ingest.linking import norm, site_core
    from mineralgraph.quotes import normalise, quote_in

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    text = text_path.read_text(encoding="utf-8")
    linker = linker_factory()
    start = time.perf_counter()
    ex = extract(text, linker)
    cands = build_records(ex, {"id": "doc", "kind": "news-article", "label": "doc",
                               "publisher": "test"})
    seconds = time.perf_counter() - start

    # every name each extracted entity goes by
    forms: dict[str, set[str]] = {}
    for n in ex.names:
        bag = forms.setdefault(n.link.id, set())
        for s in (n.mention.surface, n.mention.name, n.link.label, *n.link.aliases):
            bag.add(norm(s))
            bag.add(site_core(norm(s)))

    def ids_for(names: list[str]) -> set[str]:
        from rapidfuzz import fuzz

        wanted = {norm(x) for x in names} | {site_core(norm(x)) for x in names}
        hits = {i for i, bag in forms.items() if bag & wanted}
        if not hits:
            hits = {i for i, bag in forms.items()
                    if any(fuzz.token_set_ratio(w, b) >= 90 for w in wanted for b in bag
                           if len(w) > 3 and len(b) > 3)}
        return hits

    ents = Score(gold=len(gold.get("entities") or []), extracted=len(forms))
    matched_ids: set[str] = set()
    for e in gold.get("entities") or []:
        hits = ids_for([e["name"], *e.get("also", [])])
        if hits:
            ents.found += 1
            matched_ids |= hits
        else:
            ents.missed.append(e["name"])
    ents.correct = len(matched_ids & set(forms))
    ents.wrong = sorted(forms[i].__iter__().__next__() for i in set(forms) - matched_ids)

    figs = Score(gold=len(gold.get("figures") or []))
    extracted_figs = [f for f in ex.figures]
    figs.extracted = len(extracted_figs)
    used: set[int] = set()
    for g in gold.get("figures") or []:
        hit = next((i for i, f in enumerate(extracted_figs) if i not in used
                    and _figure_matches(g, f)), None)
        if hit is None:
            figs.missed.append(f"{g['kind']} {g['value']} {g.get('unit', '')}")
        else:
            used.add(hit)
            figs.found += 1
    figs.correct = sum(1 for f in extracted_figs
                       if any(_figure_matches(g, f) for g in gold.get("figures") or []))
    figs.wrong = [f.surface for i, f in enumerate(extracted_figs)
                  if not any(_figure_matches(g, f) for g in gold.get("figures") or [])]

    rels = Score(gold=len(gold.get("relations") or []))
    produced = cands.records.get("relations", [])
    rels.extracted = len(produced)
    golds = gold.get("relations") or []
    good: set[int] = set()
    for g in golds:
        hit = [i for i, r in enumerate(produced) if _relation_matches(g, r, ids_for)]
        if hit:
            rels.found += 1
            good.update(hit)
        else:
            rels.missed.append(f"{g['subject']} –{g['kind']}→ {g['object']}")
    rels.correct = len(good)
    rels.wrong = [f"{r['subject']} –{r['kind']}→ {r['object']}" for i, r in enumerate(produced)
                  if i not in good]

    plain = normalise(text)
    quotes = verbatim = unquoted = loi = 0
    for section, recs in cands.records.items():
        if section == "sources":
            continue
        for rec in recs:
            evidence = rec.get("evidence") or []
            if not evidence:
                unquoted += 1
            for ev in evidence:
                quotes += 1
                verbatim += quote_in(ev["quote"], plain)
            said = " ".join(ev["quote"] for ev in evidence).lower()
            if rec.get("status") == "committed" and (
                    "letter of interest" in said or "letters of interest" in said
                    or "expression of interest" in said or " loi" in said):
                loi += 1
    return DocResult(gold_path.name.replace(".gold.yaml", ""), len(text.split()), seconds,
                     ents, figs, rels, quotes, verbatim, unquoted, loi)


def _figure_matches(g: dict, f) -> bool:
    if g["kind"] != f.kind:
        return False
    if f.kind == "date":
        return str(g["value"]) == f.date or (f.date or "").startswith(str(g["value"]) + "/")
    if f.value is None:
        return False
    if g.get("unit") and g["unit"] != f.unit:
        return False
    want = float(g["value"])
    return abs(f.value - want) <= 0.005 * max(abs(want), 1e-9) or (
        f.value_max is not None and abs(f.value_max - want) <= 0.005 * abs(want))


def _relation_matches(g: dict, r: dict, ids_for) -> bool:
    kinds = _names(g["kind"])
    if r["kind"] not in kinds:
        return False
    subj, obj = ids_for(_names(g["subject"])), ids_for(_names(g["object"]))
    ok = r["subject"] in subj and r["object"] in obj
    if not ok and r["kind"] == "partner-in":
        ok = r["object"] in subj and r["subject"] in obj
    if ok and g.get("status"):
        ok = r.get("status") in _names(g["status"])
    return ok


def run(public_only: bool = False, *, verbose: bool = True) -> tuple[list[DocResult], list[str]]:
    from mineralgraph.ingest.linking import Linker
    from mineralgraph.load import load_dataset

    ds = load_dataset()
    results, skipped = [], []
    for gold, text in documents(public_only):
        if text is None:
            skipped.append(gold.name.replace(".gold.yaml", ""))
            continue
        results.append(score_document(gold, text, lambda: Linker.from_dataset(ds)))
    if verbose:
        report(results, skipped)
    return results, skipped


def totals(results: list[DocResult]) -> dict[str, Score]:
    out = {"entities": Score(), "figures": Score(), "relations": Score()}
    for r in results:
        out["entities"].add(r.entities)
        out["figures"].add(r.figures)
        out["relations"].add(r.relations)
    return out


def report(results: list[DocResult], skipped: list[str], out=sys.stdout) -> None:
    head = f"{'document':46} {'words':>5} {'s':>5}  {'ent R/P':>9}  {'fig R/P':>9}  {'rel R/P':>9}"
    print(head, file=out)
    for r in results:
        print(f"{r.name[:46]:46} {r.words:5d} {r.seconds:5.2f}  "
              f"{r.entities.recall:4.0%}/{r.entities.precision:<4.0%}  "
              f"{r.figures.recall:4.0%}/{r.figures.precision:<4.0%}  "
              f"{r.relations.recall:4.0%}/{r.relations.precision:<4.0%}", file=out)
    t = totals(results)
    print(f"{'TOTAL (micro)':46} {sum(r.words for r in results):5d} "
          f"{sum(r.seconds for r in results):5.2f}  "
          + "  ".join(f"{t[k].recall:4.0%}/{t[k].precision:<4.0%}" for k in t), file=out)
    quotes = sum(r.quotes for r in results)
    verbatim = sum(r.verbatim for r in results)
    print(f"quotes verbatim: {verbatim}/{quotes}; records without a quote: "
          f"{sum(r.unquoted for r in results)}; letters of interest marked committed: "
          f"{sum(r.loi_committed for r in results)}", file=out)
    if skipped:
        print(f"skipped (copyrighted text not present): {', '.join(skipped)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public", action="store_true", help="committed documents only")
    parser.add_argument("--misses", action="store_true", help="list what was missed")
    args = parser.parse_args(argv)
    results, _ = run(args.public)
    if args.misses:
        for r in results:
            print(f"\n{r.name}")
            for what in ("entities", "figures", "relations"):
                s = getattr(r, what)
                if s.missed:
                    print(f"  missed {what}: {s.missed}")
                if s.wrong:
                    print(f"  extra {what}: {s.wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
