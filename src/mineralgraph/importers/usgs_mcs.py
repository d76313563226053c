"""Import the USGS Mineral Commodity Summaries world-data release into data files.

>>> from mineralgraph.importers.usgs_mcs import import_usgs_mcs     # doctest: +SKIP
>>> result = import_usgs_mcs("MCS2025_World_Data.csv", out="data/usgs-mcs-2025")
>>> result.write()

One ``sources`` record cites the release (its DOI) with the SHA-256 of the CSV, which is kept
verbatim as the release's snapshot (``data/snapshots/<source-id>.txt``, public domain), so every
quote — a row of the file, as it stands — can be checked against it. Each figure becomes an
observation (``production``, ``capacity`` or ``reserves``) of a state, of ``world`` (the
world-total rows) or of ``other-countries`` (the rows for the rest of the world), in the
file's unit; the estimated columns get ``status: estimate``. Blank cells and W (withheld) /
NA markers never become numbers: they are counted. States and commodities missing from the
rest of ``data/`` are written beside the observations, with the row that names them as
evidence. The output depends only on the CSV and the ids already in ``data/``: importing the
same file again writes the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..atomic import write_atomic
from ..errors import DataError, MineralgraphError
from ..load import data_files
from . import usgs_tables as T
from .usgs_csv import NOTES_COLUMNS, Row, Table, figure, read_table

MEASURE_OF_COLUMN = {"PROD": "production", "CAP": "capacity", "RESERVES": "reserves"}
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class ImportResult:
    """What an import would write (``files``: path → text or bytes) and what it counted."""

    source_id: str
    files: dict[Path, str | bytes]
    out: Path
    rows: int = 0
    rows_by_class: Counter[str] = field(default_factory=Counter)
    observations: Counter[str] = field(default_factory=Counter)  # per commodity id
    countries: set[str] = field(default_factory=set)
    new_states: list[str] = field(default_factory=list)
    new_commodities: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # why a cell gave no figure

    def write(self) -> list[Path]:
        """Write every file (each atomically), and remove data files of an earlier import of
        the same release that this one no longer writes."""
        self.out.mkdir(parents=True, exist_ok=True)
        for path, content in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content)
        for old in sorted(self.out.rglob("*.yaml")):
            if old not in self.files:
                old.unlink()
        return list(self.files)


def import_usgs_mcs(csv_path: str | Path, *, out: str | Path,
                    data_dir: str | Path | None = None,
                    snapshots: str | Path | None = None) -> ImportResult:
    """Read the release's CSV and prepare the data files (call ``.write()`` to write them).

    ``out``: the folder for this release's data files (e.g. ``data/usgs-mcs-2025``);
    ``data_dir``: the data set whose ids are reused (default: the parent of ``out``);
    ``snapshots``: where the CSV is kept verbatim (default: ``<data_dir>/snapshots``).
    """
    out = Path(out)
    data_dir = Path(data_dir) if data_dir is not None else out.parent
    snapshots = Path(snapshots) if snapshots is not None else data_dir / "snapshots"
    table = read_table(Path(csv_path))
    release = _release(table)
    existing = _existing_ids(data_dir, exclude=out)
    builder = _Builder(table, release, existing)
    builder.run()
    snapshot = snapshots / f"{release.source_id}.txt"
    files: dict[Path, str | bytes] = {snapshot: table.raw}
    files[out / "source.yaml"] = _dump({"sources": [builder.source_record()],
                                        "places": builder.places})
    if builder.states:
        files[out / "states.yaml"] = _dump({"actors": builder.states})
    if builder.commodities:
        files[out / "commodities.yaml"] = _dump({"commodities": builder.commodities})
    for commodity, records in builder.observations.items():
        files[out / "observations" / f"{commodity}.yaml"] = _dump({"observations": records})
    return ImportResult(
        release.source_id, files, out, len(table.rows), builder.row_classes,
        Counter({c: len(r) for c, r in builder.observations.items()}), builder.countries,
        [s["id"] for s in builder.states], [c["id"] for c in builder.commodities],
        builder.skipped)


def _release(table: Table) -> T.Release:
    codes = sorted({r.name("SOURCE") for r in table.rows})
    unknown = [c for c in codes if c not in T.RELEASES]
    if unknown or not codes:
        raise MineralgraphError(
            f"{table.path}: unknown release {', '.join(unknown) or '(no SOURCE)'}: add its "
            "citation (title, year, DOI) to RELEASES in mineralgraph/importers/usgs_tables.py")
    if len(codes) > 1:
        raise MineralgraphError(f"{table.path}: rows of several releases ({', '.join(codes)}); "
                                "import one release at a time")
    return T.RELEASES[codes[0]]


def _existing_ids(data_dir: Path, *, exclude: Path) -> dict[str, str]:
    """id → section of every record in the data set outside this release's own folder."""
    if not data_dir.is_dir():
        raise MineralgraphError(f"data folder {data_dir} does not exist")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, str] = {}
    excluded = exclude.resolve()
    try:
        files = data_files(data_dir)
    except DataError:
        files = []  # a new data set: the import defines every id it uses
    for path in files:
        if excluded == path.resolve() or excluded in path.resolve().parents:
            continue
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise MineralgraphError(f"{path}: cannot read the data file ({exc}); run "
                                    "'mineralgraph validate' first") from None
        for section, records in (doc or {}).items():
            for rec in records or []:
                if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                    found[rec["id"]] = section
    return found


class _Builder:
    """Turns rows into records; remembers the first row that named each state and commodity."""

    def __init__(self, table: Table, release: T.Release, existing: dict[str, str]):
        self.table, self.release, self.existing = table, release, existing
        self.tag = release.source_id.removeprefix("usgs-").removesuffix("-world-data")
        self.observations: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.states: list[dict[str, Any]] = []
        self.commodities: list[dict[str, Any]] = []
        self.places: list[dict[str, Any]] = []
        self.countries: set[str] = set()
        self.row_classes: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self._ids: set[str] = set()
        self._defined: set[str] = set()

    def run(self) -> None:
        for row in self.table.rows:
            self._row(row)
        # a broader commodity with no figures of its own in the file, and not in data/,
        # is not named
        for rec in self.commodities:
            if rec.get("broader") not in (None, *self.existing, *self._defined):
                del rec["broader"]

    def source_record(self) -> dict[str, Any]:
        r = self.release
        header = self.table.raw.decode("utf-8-sig").splitlines()[0]
        return {
            "id": r.source_id, "kind": "database", "label": r.label, "title": r.title,
            "publisher": T.PUBLISHER, "date": int(r.date), "url": r.url,
            "sha256": hashlib.sha256(self.table.raw).hexdigest(),
            "note": ("The release's world-data CSV, kept verbatim as this "
                     "source's snapshot; every quote is one of its rows. Columns: "
                     f"{header}. Imported by 'mineralgraph import usgs-mcs'."),
        }

    # -- one row ---------------------------------------------------------------------------
    def _row(self, row: Row) -> None:
        commodity_name, country_cell = row.name("COMMODITY"), row.name("COUNTRY")
        product = self._product(row, commodity_name, country_cell)
        subject, qualifier, row_class = self._subject(row, country_cell)
        self.row_classes[row_class] += 1
        if subject is None:
            self.skipped["row names a group of countries"] += 1
            return
        unit, unit_note = self._unit(row)
        made = 0
        for col in self.table.value_columns:
            if product.measure == "reserves" and col.kind != "RESERVES":
                continue  # a type that is only reserves (potash ore)
            measure = product.measure if col.kind == "PROD" else MEASURE_OF_COLUMN[col.kind]
            if col.kind == "RESERVES" and commodity_name in T.NO_RESERVES:
                if row.cells[col.name].strip():
                    self.skipped["reserves column not imported (NO_RESERVES)"] += 1
                continue
            notes = row.name(NOTES_COLUMNS[col.kind])
            cell = row.cells[col.name]
            fig = figure(cell)
            if fig is None:
                self.skipped[_why_blank(cell, notes)] += 1
                continue
            if col.kind == "RESERVES":
                unit_here = T.RESERVES_UNITS.get(commodity_name, unit)
            else:
                unit_here = unit
            self._observation(row, product, subject, qualifier, measure, col, fig, unit_here,
                              notes, unit_note)
            made += 1
        if made:
            self._define(row, product, subject)

    def _unit(self, row: Row) -> tuple[str, str]:
        """The row's unit; a blank one is the unit every other row of the same commodity and
        type gives (said in the note), else the row cannot be imported."""
        unit = row.name("UNIT_MEAS")
        if unit:
            return unit, ""
        key = (row.name("COMMODITY"), row.name("TYPE"))
        others = {r.name("UNIT_MEAS") for r in self.table.rows
                  if (r.name("COMMODITY"), r.name("TYPE")) == key} - {""}
        if len(others) != 1:
            raise MineralgraphError(f"{self.table.path}:{row.line}: UNIT_MEAS is blank and "
                                    "the other rows of this commodity and type do not agree "
                                    "on one unit")
        return others.pop(), ("UNIT_MEAS is blank in this row; the unit is the one every other "
                              "row of this commodity and type gives.")

    def _product(self, row: Row, commodity: str, country: str) -> T.Product:
        found = (T.ROW_PRODUCTS.get((commodity, country))
                 or T.PRODUCTS.get((commodity, row.name("TYPE")))
                 or T.COMMODITIES.get(commodity))
        if found is None:
            raise MineralgraphError(
                f"{self.table.path}:{row.line}: unknown commodity {commodity!r} (type "
                f"{row.name('TYPE')!r}): add it to COMMODITIES (or PRODUCTS, for one of "
                "several product types) in mineralgraph/importers/usgs_tables.py")
        return found

    def _subject(self, row: Row, cell: str) -> tuple[str | None, str, str]:
        """(subject id, qualifier text, row class) of a country cell."""
        low = cell.lower()
        if low.startswith(T.WORLD_PREFIX):
            return T.WORLD_ID, cell, "world total"
        if low.startswith(T.OTHERS_PREFIX):
            return T.OTHERS.id, cell, "other countries"
        if cell in T.GROUPS:
            return None, cell, "group of countries"
        name, _, rest = cell.partition(" (")
        country = T.COUNTRIES.get(cell) or T.COUNTRIES.get(name)
        if country is None:
            raise MineralgraphError(
                f"{self.table.path}:{row.line}: unknown country {cell!r}: add it to COUNTRIES "
                "in mineralgraph/importers/usgs_tables.py")
        qualifier = "" if cell in T.COUNTRIES else rest.removesuffix(")")
        return country.id, qualifier, "country"

    def _observation(self, row: Row, product: T.Product, subject: str, qualifier: str,
                     measure: str, col, fig, unit: str, notes: str, unit_note: str) -> None:
        part = _slug(qualifier) if qualifier and subject not in (T.WORLD_ID, T.OTHERS.id) else ""
        rid = "-".join(filter(None, [product.id, subject, part, measure, col.year, self.tag]))
        if rid in self._ids:
            raise MineralgraphError(f"{self.table.path}:{row.line}: a second {measure} figure "
                                    f"for {product.id}, {row.name('COUNTRY')!r}, {col.year}")
        self._ids.add(rid)
        rec: dict[str, Any] = {"id": rid, "measure": measure, "subject": subject,
                               "commodity": product.id, "value": _number(fig.value)}
        if fig.qualifier != "exact":
            rec["qualifier"] = fig.qualifier
        rec.update(unit=unit, date=int(col.year), status=_status(row, col, notes))
        what = "" if col.kind == "PROD" else f"{measure} on the row of: "
        rec["scope"] = what + "; ".join(filter(None, [row.name("TYPE"), qualifier]))
        note = [f"USGS note ({NOTES_COLUMNS[col.kind]}): {notes}"] if _is_note(notes) else []
        if unit_note:
            note.append(unit_note)
        if note:
            rec["note"] = " ".join(note)
        rec["evidence"] = [{"source": self.release.source_id, "quote": row.quote}]
        self.observations[product.id].append(rec)
        if subject not in (T.WORLD_ID, T.OTHERS.id):
            self.countries.add(subject)

    def _define(self, row: Row, product: T.Product, subject: str) -> None:
        evidence = [{"source": self.release.source_id, "quote": row.quote}]
        if self._new(product.id, "commodities", row):
            rec: dict[str, Any] = {"id": product.id, "kind": "commodity",
                                   "label": product.label}
            usgs_name = row.name("COMMODITY")
            if usgs_name.lower() != product.label.lower():
                rec["aliases"] = [usgs_name]
            if product.broader:
                rec["broader"] = product.broader
            rec["evidence"] = evidence
            self.commodities.append(rec)
        if subject == T.OTHERS.id and self._new(subject, "places", row):
            self.places.append({"id": subject, "kind": "region", "label": T.OTHERS.label,
                                "description": T.OTHERS.description, "evidence": evidence})
        if subject == T.WORLD_ID and self._new(subject, "places", row):
            self.places.append({"id": subject, "kind": "region", "label": "World",
                                "evidence": evidence})
        country = next((c for c in T.COUNTRIES.values() if c.id == subject), None)
        if country is not None and self._new(subject, "actors", row):
            rec = {"id": subject, "kind": "state", "label": country.label}
            if country.aliases:
                rec["aliases"] = list(country.aliases)
            if country.description:
                rec["description"] = country.description
            rec["evidence"] = evidence
            self.states.append(rec)

    def _new(self, rid: str, section: str, row: Row) -> bool:
        """True the first time an id this import must define is seen (not already in data/)."""
        if rid in self._defined:
            return False
        if rid in self.existing:
            if self.existing[rid] != section:
                raise MineralgraphError(
                    f"{self.table.path}:{row.line}: id {rid!r} is a record of "
                    f"'{self.existing[rid]}' elsewhere in the data, not of '{section}'")
            return False
        self._defined.add(rid)
        return True


_MARKERS = {"na", "w", "xx", "nan", "--", "—"}


def _why_blank(cell: str, notes: str) -> str:
    text = (cell.strip() or notes).lower()
    if cell.strip() and cell.strip().lower() not in _MARKERS:
        return f"not a figure: {cell.strip()!r}"
    if text.startswith(T.WITHHELD_NOTES) or text == "w":
        return "W (withheld)"
    if text.split(" ")[0] in T.NOT_AVAILABLE_NOTES:
        return "NA (not available)"
    return "blank"


def _is_note(notes: str) -> bool:
    return bool(notes) and notes.lower().strip(" .") not in _MARKERS


def _status(row: Row, col, notes: str) -> str:
    if col.estimated or "estimated" in row.name("TYPE").lower():
        return "estimate"
    low = notes.lower()
    if f"estimated {col.year}" in low or f"estimated for {col.year}" in low or low == "estimated":
        return "estimate"
    return "actual"


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _slug(text: str) -> str:
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


def _dump(doc: dict[str, Any]) -> str:
    doc = {k: v for k, v in doc.items() if v}
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
