"""How the network commands print their results: Rich tables for the terminal, flat rows for
CSV, the full structures for JSON. Every relation shown carries its status and its source."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from ..errors import MineralgraphError
from ..names import REPORT_FORMATS
from ..tabular import csv_text, markdown_table, write_xlsx
from ..textsafe import terminal_text
from ._common import console, write_out

def check_format(fmt: str, output: Path | None = None) -> str:
    fmt = fmt.lower()
    if fmt not in REPORT_FORMATS:
        raise MineralgraphError(f"unknown --format {fmt!r}: use {', '.join(REPORT_FORMATS)}")
    if fmt == "xlsx" and output is None:
        raise MineralgraphError("--format xlsx writes a workbook: give its file with "
                                "--output FILE.xlsx")
    if fmt == "table" and output is not None:
        raise MineralgraphError("--output writes csv, json, md or xlsx: add --format")
    return fmt


def report(fmt: str, output: Path | None, *, data: Any, rows: Sequence[dict[str, Any]],
           columns: Sequence[str], sheet: str) -> bool:
    """Write the result as ``fmt`` (json: ``data`` whole; csv, md, xlsx: the flat ``rows``)
    to ``output`` or standard output; False for ``table`` (the caller prints it)."""
    if fmt == "table":
        return False
    if fmt == "json":
        write_out(json.dumps(plain(data), ensure_ascii=False, indent=2) + "\n", output)
        return True
    columns = list(columns) or list(dict.fromkeys(k for row in rows for k in row))
    flat = [[_cell(row.get(c)) for c in columns] for row in rows]
    if fmt == "xlsx":
        write_xlsx(output, {sheet: (columns, flat)})  # type: ignore[arg-type]
        console.print(f"wrote {len(flat)} rows to {output}")
    elif fmt == "md":
        write_out(markdown_table(columns, flat), output)
    else:
        write_out(csv_text(columns, flat), output)
    return True


def plain(data: Any) -> Any:
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        out = {f.name: plain(getattr(data, f.name)) for f in dataclasses.fields(data)}
        for name in ("bloc", "states", "hhi", "covered_pct", "lower_bound", "hops", "found"):
            if hasattr(type(data), name) and isinstance(getattr(type(data), name), property):
                out[name] = plain(getattr(data, name))
        return out
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [plain(v) for v in data]
    return data


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return quals(value)
    if isinstance(value, (list, tuple)):
        return "|".join(map(str, value))
    return "" if value is None else value


def quals(q: dict[str, Any]) -> str:
    """Qualifiers as a person reads them: 'up-to 900,000,000 USD, letter of interest'."""
    parts = []
    if "share_pct" in q:
        parts.append(f"{q['share_pct']:g}%")
    if "amount" in q:
        amount = q["amount"]
        text = f"{amount:,.0f}" if isinstance(amount, (int, float)) else str(amount)
        parts.append(" ".join(filter(None, [q.get("amount_qualifier"), text, q.get("currency")])))
    for key in ("instrument", "commodity", "role", "ticker", "price_terms"):
        if q.get(key):
            parts.append(str(q[key]))
    if "volume" in q:
        parts.append(f"{q['volume']:g} {q.get('volume_unit', '')}".strip())
    if "duration_years" in q:
        parts.append(f"{q['duration_years']:g} years")
    return ", ".join(parts)


def source_text(source: str | None, quote: str | None) -> str:
    if not source:
        return ""
    return f"{source}: “{quote}”" if quote else source


# Below this terminal width, long columns (quotes, terms) go under the row's first column
# instead of being squeezed into columns of a few characters each.
WIDE = 120


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]],
          caption: str | None = None, stack: Sequence[str] = ()) -> None:
    """Print a table; on a narrow terminal the ``stack`` columns become one column whose
    cell holds the first one's value with the others below it, each on its own line."""
    columns = list(columns)
    rows = [list(row) for row in rows]
    if stack and console.width < WIDE:
        columns, rows = _stacked(columns, rows, [c for c in columns if c in stack])
    t = Table(header_style="bold", show_lines=bool(stack) and console.width < WIDE)
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*(v if isinstance(v, Text) else "" if v is None else str(v) for v in row))
    # Title and caption as lines of their own: inside the table they would wrap at the
    # table's width, which may be much narrower than the terminal.
    console.print(title, style="italic")
    console.print(t)
    if caption:
        console.print(caption, style="dim")


def _stacked(columns: list[str], rows: list[list[Any]], stack: list[str]):
    at = [columns.index(c) for c in stack]
    head = " / ".join(stack)
    out_columns = [head if i == at[0] else c for i, c in enumerate(columns) if i not in at[1:]]
    out_rows = []
    for row in rows:
        cell = Text()
        for n, i in enumerate(at):
            value = row[i]
            if value is None or value == "":
                continue
            if cell:
                cell.append("\n")
            if n:
                cell.append(f"{columns[i]}: ", style="dim")
            cell.append(value if isinstance(value, Text) else Text(terminal_text(value)))
        out_rows.append([cell if i == at[0] else v for i, v in enumerate(row)
                         if i not in at[1:]])
    return out_columns, out_rows


# --------------------------------------------------------------------------- rank
def rank_rows(rows: list) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        row = {"rank": r.rank, "node": r.node, "label": r.label, "kind": r.kind,
               "country": r.country, "measure": r.measure, "score": r.score}
        row.update({f"score_{m}": v for m, v in r.scores.items()})
        for i, c in enumerate(r.why, start=1):
            row[f"why_{i}"] = (f"{_arrow(r.node, c)} [{c.status}] {quals(c.qualifiers)} "
                               f"— {source_text(c.source, c.quote)}").strip()
        out.append(row)
    return out


def _arrow(node: str, c) -> str:
    """The carrying relation as its source states it (influence may run the other way:
    a forum influences its members, who are the subjects of "member-of")."""
    return c.stated


def print_rank(rows: list, *, measure: str, as_of: str, why_top: int = 5) -> None:
    if not rows:
        console.print("no nodes of that kind in the projection")
        return
    measures = list(rows[0].scores)
    table(f"Ranking by {measure} (as of {as_of})",
          ["#", "entity", "kind", "country", *measures] if len(measures) > 1
          else ["#", "entity", "kind", "country", measure],
          [[r.rank, f"{r.label} ({r.node})", r.kind, r.country or "",
            *(f"{r.scores[m]:.4f}" for m in measures)] for r in rows],
          caption=rows[0].method)
    lines = []
    for r in rows[:why_top]:
        for c in r.why:
            lines.append([r.rank, r.label, f"{_arrow(r.node, c)}", c.status,
                          quals(c.qualifiers), source_text(c.source, c.quote)])
    if lines:
        table("Why: the strongest relations of the top entities",
              ["#", "entity", "relation", "status", "terms", "source"], lines,
              stack=("relation", "terms", "source"))


# --------------------------------------------------------------------------- paths
HOP_COLUMNS = ("path", "path_distance", "hop", "from", "to", "relation", "as_stated", "status",
               "qualifiers", "distance", "statement", "source", "source_url", "quote",
               "said_by")


def hop_rows(result) -> list[dict[str, Any]]:
    out = []
    for i, path in enumerate(result.paths, start=1):
        for j, h in enumerate(path.hops, start=1):
            ev = h.evidence[0] if h.evidence else {}
            out.append({"path": i, "path_distance": path.distance, "hop": j, "from": h.source,
                        "to": h.target, "relation": h.kind, "as_stated": h.as_stated,
                        "status": h.status, "qualifiers": h.qualifiers,
                        "distance": h.distance, "statement": h.key,
                        "source": ev.get("source"), "source_url": ev.get("source_url"),
                        "quote": ev.get("quote"), "said_by": ev.get("said_by")})
    return out


def print_paths(result, *, labels: tuple[str, str], max_hops: int, as_of: str) -> None:
    a, b = labels
    if not result.found:
        console.print(Text.assemble(("No influence path", "bold"), terminal_text(
            f" from {a} to {b} within {max_hops} hops (as of {as_of}).")))
        if result.undirected:
            _print_path(result.undirected, "Connected when direction is ignored")
        for title, near in (("Nearest entities that reach " + b, result.reaches_target),
                            (f"Nearest entities {a} reaches", result.reached_from_source)):
            if near:
                table(title, ["entity", "distance", "hops"],
                      [[f"{n.label} ({n.node})", f"{n.distance:.2f}", n.hops] for n in near])
            else:
                console.print(f"{title}: none")
        return
    for i, path in enumerate(result.paths, start=1):
        _print_path(path, f"Path {i}: {a} → {b}, {len(path.hops)} hop(s), "
                          f"distance {path.distance:.2f} (as of {as_of})")


def _print_path(path, title: str) -> None:
    rows = []
    for j, h in enumerate(path.hops, start=1):
        ev = h.evidence[0] if h.evidence else {}
        status = h.status + (" (tentative)" if h.tentative else "")
        rows.append([j, h.as_stated, status, quals(h.qualifiers),
                     source_text(ev.get("source"), ev.get("quote"))])
    table(title, ["hop", "relation as stated", "status", "terms", "source and quote"], rows,
          stack=("relation as stated", "terms", "source and quote"))


# --------------------------------------------------------------------------- offtake
CHAIN_COLUMNS = ("project", "project_label", "country", "stage", "commodities", "role",
                 "entity", "entity_label", "relation", "via", "status", "qualifiers",
                 "statement", "source", "quote")


def chain_rows(chains: list) -> list[dict[str, Any]]:
    out = []
    for c in chains:
        base = {"project": c.project, "project_label": c.label, "country": c.country,
                "stage": c.stage, "commodities": c.commodities}
        for role, links in (("financier", c.financiers), ("supporter", c.supporters),
                            ("owner/operator", c.owners), ("offtaker", c.offtakers)):
            for link in links:
                out.append({**base, "role": role if not link.depth or link.depth == 1
                            else f"{role} (level {link.depth})",
                            "entity": link.node, "entity_label": link.label,
                            "relation": link.relation, "via": link.via,
                            "status": link.status, "qualifiers": link.qualifiers,
                            "statement": link.key, "source": link.source,
                            "quote": link.quote})
        for gap in c.gaps:
            out.append({**base, "role": "gap", "entity_label": gap})
        for what, n in c.omitted.items():
            out.append({**base, "role": "not listed", "entity_label": f"{n} more {what}"})
    return out


def print_chains(chains: list, *, as_of: str) -> None:
    if not chains:
        console.print("no project matches")
        return
    for c in chains:
        rows = []
        for row in chain_rows([c]):
            if row["role"] in ("gap", "not listed"):
                style = "red" if row["role"] == "gap" else "dim"
                rows.append([Text(row["role"], style=style),
                             Text(terminal_text(row["entity_label"]), style=style),
                             "", "", "", ""])
                continue
            rows.append([row["role"], f"{row['entity_label']} ({row['entity']})",
                         f"{row['relation']} → {row['via']}", row["status"],
                         quals(row["qualifiers"]), source_text(row["source"], row["quote"])])
        stage = f", stage {c.stage}" if c.stage else ""
        parts = f"; deposits: {', '.join(c.members[1:])}" if len(c.members) > 1 else ""
        table(f"{c.label} ({c.project}) — {c.country or 'country unknown'}{stage}; "
              f"{', '.join(c.commodities) or 'commodity unknown'}{parts} (as of {as_of})",
              ["role", "entity", "relation", "status", "terms", "source"], rows,
              stack=("entity", "relation", "status", "terms", "source"))


# --------------------------------------------------------------------------- blocs
BLOC_COLUMNS = ("project", "project_label", "country", "bloc", "state", "via", "origin",
                "hops", "chain", "statements", "sources")


def bloc_rows(blocs: list) -> list[dict[str, Any]]:
    out = []
    for b in blocs:
        base = {"project": b.project, "project_label": b.label, "country": b.country,
                "bloc": b.bloc}
        if not b.backers:
            out.append(base)
        for k in b.backers:
            out.append({**base, "state": k.state, "via": k.via, "origin": k.origin,
                        "hops": k.hops, "chain": " | ".join(h.as_stated for h in k.chain),
                        "statements": [h.key for h in k.chain],
                        "sources": [h.evidence[0]["source"] for h in k.chain if h.evidence]})
    return out


def print_blocs(blocs: list, communities: list, *, as_of: str) -> None:
    rows = []
    for b in blocs:
        first = True
        for k in b.backers or [None]:
            chain = "" if k is None else "\n".join(
                f"{h.as_stated} [{h.status}] — {h.evidence[0]['source'] if h.evidence else ''}"
                for h in k.chain)
            rows.append([f"{b.label} ({b.project})" if first else "", b.bloc if first else "",
                         "" if k is None else f"{k.state_label} ({k.via})", chain])
            first = False
    table(f"States backing each project (as of {as_of})",
          ["project", "bloc", "backer", "chain (evidence)"], rows,
          stack=("project", "bloc", "backer", "chain (evidence)"),
          caption="state: the chain starts at the state; home country: at an actor based there")
    if communities:
        table("Communities (Louvain, seeded)", ["#", "size", "hubs", "states"],
              [[c.id, len(c.members), ", ".join(c.hubs), ", ".join(c.states)]
               for c in communities])


# --------------------------------------------------------------------------- concentration
CONC_COLUMNS = ("commodity", "measure", "year", "source", "source_label", "unit", "basis",
                "total", "hhi", "covered_pct", "lower_bound", "country", "label", "value",
                "share_pct", "observation", "note", "quote")


def conc_rows(results: list) -> list[dict[str, Any]]:
    out = []
    for c in results:
        base = {"commodity": c.commodity, "measure": c.measure, "year": c.year,
                "source": c.source, "source_label": c.source_label, "unit": c.unit,
                "basis": c.basis, "total": c.total, "hhi": c.hhi,
                "covered_pct": c.covered_pct, "lower_bound": c.lower_bound}
        for s in c.shares:
            out.append({**base, "country": s.country, "label": s.label, "value": s.value,
                        "share_pct": s.share_pct, "observation": s.observation,
                        "note": s.note, "quote": s.quote})
    return out


def print_concentration(results: list, *, threshold: float) -> None:
    if not results:
        console.print("no country figures for that commodity, measure and year")
        return
    for c in results:
        level = "highly concentrated" if c.hhi >= threshold else "not highly concentrated"
        bound = f"; lower bound, listed countries cover {c.covered_pct:.1f}%" \
            if c.lower_bound else ""
        total = f", total {c.total:,.0f} {c.unit}" if c.total else ""
        table(f"{c.commodity} {c.measure} {c.year} — {c.source_label}: HHI {c.hhi:,.0f} "
              f"({level}{bound})",
              ["country", f"value ({c.unit})" if c.unit else "value", "share %", "figure",
               "note"],
              [[f"{s.label} ({s.country})", "" if s.value is None else f"{s.value:,.0f}",
                f"{s.share_pct:.1f}", s.observation, s.note] for s in c.shares],
              stack=("country", "figure", "note"),
              caption=f"shares of {c.basis}{total}; source {c.source}"
                      f"{' (' + c.source_date + ')' if c.source_date else ''}"
                      f"{'; contested: ' + ', '.join(c.contested) if c.contested else ''}")
