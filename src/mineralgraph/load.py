"""YAML data files → validated records, with errors that name the file, line and record.

>>> from mineralgraph.load import load_dataset
>>> ds = load_dataset()          # the data set shipped with the package
>>> ds.get("jiangxi-copper").label
'Jiangxi Copper'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import kinds as K
from .checks import run_checks
from .errors import DataError, Problem
from .gcpause import gc_paused
from .geo.check import location_problems
from .model import SECTIONS, Entity, Record, Relation, date_bounds
from .record_cache import cached
from .resources import default_data_dir
from .yamlguard import (
    field_line, file_control, quick_records, shape_problem, value_problems, yaml_problem,
)

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Located:
    """A record and where it was read from."""

    record: Record
    file: str
    line: int


@dataclass
class Dataset:
    """All records of a data set, by id, in a stable order (section, then id)."""

    items: list[Located] = field(default_factory=list)
    #: What the sanity checks warn about (:mod:`mineralgraph.checks`); errors stop the load.
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items.sort(key=lambda loc: (list(SECTIONS).index(loc.record.section),
                                         loc.record.id))
        self._by_id = {loc.record.id: loc for loc in self.items}

    def __len__(self) -> int:
        return len(self.items)

    def records(self, section: str | None = None) -> Iterator[Record]:
        for loc in self.items:
            if section is None or loc.record.section == section:
                yield loc.record

    def get(self, record_id: str) -> Record:
        return self._by_id[record_id].record

    def where(self, record_id: str) -> Located:
        return self._by_id[record_id]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def counts(self) -> dict[str, int]:
        """Records per section, and entities per kind (``kind:company``)."""
        c: Counter[str] = Counter()
        for rec in self.records():
            c[rec.section] += 1
            if isinstance(rec, Entity):
                c[f"kind:{rec.kind}"] += 1
        return dict(sorted(c.items()))


# libyaml's parser when present (several times faster); construction stays in Python.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that refuses duplicate keys (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain name, not a list or mapping ('? [a, b]')",
                    key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


# Dates stay text (2025-11, 2025-02-30…) so the model checks them and names the record;
# YAML's own timestamp parsing would crash on an impossible date before we could say where.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_text(path: Path, shown: str) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(shown, None, None,
                                 f"file is {size / 1e6:.1f} MB, over the "
                                 f"{MAX_FILE_BYTES // 2**20} MiB limit for one data file; "
                                 "split it into several files")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(shown, line, None,
                                 f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                                 f"{exc.start}); save the file as UTF-8")]) from None
    bad = file_control(text, shown)
    if bad:
        raise DataError([bad])
    return text


def _parse(path: Path, shown: str) -> tuple[yaml.Node | None, str]:
    """The file's node tree (composed, not constructed: records are built one by one) and
    its text."""
    text = _read_text(path, shown)
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise DataError([yaml_problem(exc, shown)]) from None
    finally:
        loader.dispose()
    return node, text


def _tree_problem(node: yaml.Node, shown: str) -> Problem | None:
    """What is wrong with a file's node tree as a whole (an alias, deep nesting, not a
    mapping), before its records are read the careful way."""
    shape = shape_problem(node, shown)
    if shape:
        return shape
    if not isinstance(node, yaml.MappingNode):
        return Problem(shown, node.start_mark.line + 1, None,
                       "must be a mapping of sections (sources:, actors:, relations:, …)")
    return None


def _format_error(err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown field (check the spelling; see docs/data-format.md)"
    return f"{loc}: {msg}" if loc else msg


def _records_of(node: yaml.MappingNode, shown: str) -> Iterator[Located | Problem]:
    constructor = _UniqueKeyLoader("")
    seen_sections: dict[str, int] = {}
    for key_node, section_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            yield Problem(shown, key_node.start_mark.line + 1, None,
                          "a section name must be a plain name, not a list or mapping")
            continue
        section = key_node.value
        if section in seen_sections:
            yield Problem(shown, key_node.start_mark.line + 1, None,
                          f"duplicate key {section!r} (first at line {seen_sections[section]})")
            continue
        seen_sections[section] = key_node.start_mark.line + 1
        cls = SECTIONS.get(section)
        if cls is None:
            yield Problem(shown, key_node.start_mark.line + 1, None,
                          f"unknown section {section!r}: use one of {', '.join(SECTIONS)}")
            continue
        if isinstance(section_node, yaml.ScalarNode) and section_node.value in ("", "null", "~"):
            continue
        if not isinstance(section_node, yaml.SequenceNode):
            yield Problem(shown, section_node.start_mark.line + 1, None,
                          f"section {section!r} must be a list of records (- id: …)")
            continue
        for item in section_node.value:
            line = item.start_mark.line + 1
            try:
                data = constructor.construct_document(item)
            except yaml.YAMLError as exc:
                yield yaml_problem(exc, shown)
                continue
            except ValueError as exc:  # an integer of more than 4,300 digits
                yield Problem(shown, line, None, "a number has too many digits (over 4,300)")
                continue
            if not isinstance(data, dict):
                yield Problem(shown, line, None, f"a record in {section!r} must be a mapping")
                continue
            rid = data.get("id") if isinstance(data.get("id"), str) else None
            unsafe = list(value_problems(data))
            for loc, what in unsafe:
                shown_loc = ".".join(map(str, loc))
                yield Problem(shown, field_line(item, loc), rid, f"{section}: {shown_loc}: {what}")
            if not unsafe:
                yield from _validated(section, cls, item, data, shown)


def _validated(section: str, cls: type[Record], item: yaml.MappingNode, data: dict,
               shown: str) -> Iterator[Located | Problem]:
    """The record the values of ``item`` make, or what is wrong with them, field by field."""
    try:
        yield Located(cls.model_validate(data), shown, item.start_mark.line + 1)
    except ValidationError as exc:
        rid = data.get("id") if isinstance(data.get("id"), str) else None
        for err in exc.errors():
            yield Problem(shown, field_line(item, err["loc"]), rid,
                          f"{section}: {_format_error(err)}")


def _load_file(path: Path, shown: str) -> tuple[list[Located], list[Problem]]:
    """One file's records and problems; the records of an unchanged file come from the
    record cache (:mod:`mineralgraph.record_cache`)."""

    def read() -> tuple[list[Located], list[Problem]]:
        try:
            node, text = _parse(path, shown)
        except DataError as exc:
            return [], list(exc.problems)
        if node is None:
            return [], []
        items: Iterable[Located | Problem]
        quick = quick_records(node, SECTIONS, _UniqueKeyLoader(""), text)
        if quick is not None:
            items = (r for q in quick for r in _validated(*q, shown))
        else:  # something to report: read it the careful way, which says what and where
            bad = _tree_problem(node, shown)
            if bad:
                return [], [bad]
            items = _records_of(node, shown)  # type: ignore[arg-type]
        found: list[Located] = []
        trouble: list[Problem] = []
        for item in items:
            (trouble if isinstance(item, Problem) else found).append(item)  # type: ignore[arg-type]
        return found, trouble

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return read()  # refused with its size; never read whole for a cache key
        data = path.read_bytes()
    except OSError:
        return read()
    return cached(data, shown, read)


def data_files(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, None, "is not a directory of data files")])
    files = sorted(p for p in data_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise DataError([Problem(str(data_dir), None, None, "holds no .yaml data files")])
    return files


def load_dataset(data_dir: str | Path | None = None, *, check: bool = True) -> Dataset:
    """Read every ``*.yaml`` under ``data_dir`` (default: the shipped data set).

    Raises :class:`DataError` listing every problem found (file, line, record id, what).
    """
    with gc_paused():
        return _load_dataset(Path(data_dir) if data_dir is not None else default_data_dir(),
                             check=check)


def _load_dataset(root: Path, *, check: bool) -> Dataset:
    problems: list[Problem] = []
    located: list[Located] = []
    for path in data_files(root):
        found, trouble = _load_file(path, str(path))
        located.extend(found)
        problems.extend(trouble)
    if problems:
        raise DataError(problems)
    warnings: list[Problem] = []
    if check:
        problems = list(cross_check(located))
        if not problems:
            problems, warnings = run_checks(located)
        if problems:
            raise DataError(problems)
    return Dataset(located, warnings)


def cross_check(located: Iterable[Located]) -> Iterator[Problem]:
    """Checks across records: unique ids, references that exist and have the right kind.
    The sanity checks of figures and dates (shares over 100%…) are :mod:`mineralgraph.checks`."""
    located = list(located)
    by_id: dict[str, Located] = {}
    for loc in located:
        first = by_id.get(loc.record.id)
        if first is not None:
            yield Problem(loc.file, loc.line, loc.record.id,
                          f"duplicate id (first defined at {first.file}:{first.line})")
        else:
            by_id[loc.record.id] = loc
    yield from location_problems(located)
    for loc in located:
        rec = loc.record
        for fld, ref in rec.refs():
            target = by_id.get(ref)
            if target is None:
                close = _close(ref, by_id)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                yield Problem(loc.file, loc.line, rec.id,
                              f"{fld} names {ref!r}, which no record defines{hint}")
                continue
            yield from _check_ref_kind(loc, fld, target.record)
        if isinstance(rec, Relation):
            yield from _check_relation(loc, by_id)


def _check_ref_kind(loc: Located, fld: str, target: Record) -> Iterator[Problem]:
    rec = loc.record
    want: set[str] | None = None
    if fld.endswith(".source"):
        if target.section != "sources":
            yield Problem(loc.file, loc.line, rec.id,
                          f"{fld} names {target.id!r}, which is not a source")
        return
    if target.section == "sources":
        yield Problem(loc.file, loc.line, rec.id,
                      f"{fld} names {target.id!r}, which is a source, not an entity")
        return
    if fld == "country":
        want = {"state"}
    elif fld in ("commodity", "broader"):
        want = {"commodity"}
    elif fld == "event":
        want = {"event"}
    elif fld.endswith("said_by"):
        want = set(K.ACTOR)
    if want is not None and getattr(target, "kind", None) not in want:
        yield Problem(loc.file, loc.line, rec.id,
                      f"{fld} names {target.id!r} ({getattr(target, 'kind', target.section)}), "
                      f"but must name a {' or '.join(sorted(want))}")


def _check_relation(loc: Located, by_id: dict[str, Located]) -> Iterator[Problem]:
    rel: Relation = loc.record  # type: ignore[assignment]
    rk = rel.relation_kind
    for end, allowed in (("subject", rk.subjects), ("object", rk.objects)):
        target = by_id.get(getattr(rel, end))
        if target is None:
            continue
        kind = getattr(target.record, "kind", None)
        if kind not in allowed:
            yield Problem(loc.file, loc.line, rel.id,
                          f"a '{rel.kind}' relation cannot have a {kind or target.record.section} "
                          f"({target.record.id}) as {end}; allowed: {', '.join(sorted(allowed))}")
    if rel.start and rel.as_of and date_bounds(rel.as_of)[1] < date_bounds(rel.start)[0]:
        yield Problem(loc.file, loc.line, rel.id, f"as_of {rel.as_of} is before start {rel.start}")


def _close(name: str, pool: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, list(pool), n=3, cutoff=0.6)
