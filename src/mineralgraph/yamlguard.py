"""What a data file may hold before its records are built: no control characters (raw or
escaped), only finite numbers, no YAML aliases, no deep nesting. Each finding is a
:class:`~mineralgraph.errors.Problem` with the line, so the loader reports it like any other.

These guard the loader itself: a ten-line alias bomb expanded into billions of values and
hung it, a recursive alias or ``? [a, b]`` key crashed it, ``.inf`` crashed the build and
``.nan`` made invalid JSON (issue #18 item 7).

Also here: the line of a YAML error or of a field, and :func:`quick_records`, which reads a
well-formed file in one walk and leaves every finding to the careful reading.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping

import yaml

from .errors import Problem
from .textsafe import first_control

# Control characters a data file may not hold (tab and line breaks are text).
FILE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def value_problems(value: object, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, what is wrong) for every text holding a control character and every number
    that is not finite (``.inf``, ``.nan``, ``1e400``), keys included."""
    if isinstance(value, str):
        at = first_control(value)
        if at is not None:
            yield loc, (f"holds the control character U+{ord(value[at]):04X} (written as an "
                        "escape in the YAML text); remove it")
    elif isinstance(value, float) and not math.isfinite(value):
        yield loc, f"{value} is not a finite number"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from value_problems(key, (*loc, key))
            yield from value_problems(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from value_problems(item, (*loc, i))


def file_control(text: str, shown: str) -> Problem | None:
    """The first raw control character of a file's text, with its line and column."""
    bad = FILE_CONTROL.search(text)
    if not bad:
        return None
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    return Problem(shown, line, None, f"holds the control character U+{ord(bad.group()):04X} "
                                      f"at column {column}; remove it")


def yaml_problem(exc: yaml.YAMLError, shown: str, record: str | None = None) -> Problem:
    """A YAML syntax error as a problem at the line where the user must look."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(shown, None, record, f"is not valid YAML: {exc}")
    # The context mark is where the broken construct began (an unclosed bracket), which
    # is where the user must look; the problem mark may be the end of the file.
    mark = exc.context_mark or exc.problem_mark
    line = mark.line + 1 if mark else None
    what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    if exc.context_mark and exc.problem_mark and exc.problem_mark.line != mark.line:
        what += f" (noticed at line {exc.problem_mark.line + 1})"
    return Problem(shown, line, record, f"is not valid YAML: {what}")


def field_line(node: yaml.MappingNode, loc: tuple) -> int:
    """Best line for a pydantic error location inside a record node."""
    line = node.start_mark.line + 1
    current: yaml.Node = node
    for part in loc:
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                if k.value == part:
                    line, current = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(current.value):
                return line
            current = current.value[part]
            line = current.start_mark.line + 1
        else:
            return line
    return line


MAX_DEPTH = 20  # records are shallow: a deeper value is a mistake (or an attack on the parser)


def shape_problem(root: yaml.Node, shown: str) -> Problem | None:
    """The first alias (``*name``: a repeated or recursive node, which could expand a few
    lines into billions of values) or too-deep nesting in the node tree, walked without
    recursion."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int, int]] = [(root, 1, root.start_mark.line + 1)]
    while stack:
        node, depth, line = stack.pop()
        if id(node) in seen:
            return Problem(shown, line, None, "anchors and aliases (&name, *name) are not "
                                              "allowed in data files; write the value out")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return Problem(shown, line, None, f"values are nested more than {MAX_DEPTH} deep")
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1, key.start_mark.line + 1))
                stack.append((value, depth + 1, key.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                stack.append((item, depth + 1, node.start_mark.line + 1))
    return None


# -- the quick reading of a well-formed file ------------------------------------------------
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_PLAIN_SCALARS = frozenset(_TAG + t for t in ("int", "float", "bool", "null"))
_EMPTY_SECTION = ("", "null", "~")


class _Careful(Exception):
    """The file holds something the careful reading must judge, and report with its line."""


def quick_records(root: yaml.Node, sections: Mapping[str, type], constructor: yaml.BaseConstructor,
                  text: str) -> list[tuple[str, type, yaml.MappingNode, dict]] | None:
    """(section, record class, record node, values) of every record of a file, read in one walk
    of its node tree — or None when the file holds anything that the careful reading (above:
    :func:`shape_problem`, :func:`value_problems`, the loader's constructor) refuses, turns into
    a problem, or builds differently: an alias, nesting past ``MAX_DEPTH``, an unknown or
    repeated section or key, a key that is not a scalar, a tag other than the core ones (merge
    keys ``<<`` included), a control character, a number that is not finite or not readable.
    The caller then reads the file the careful way, so every message stays the same; on a
    well-formed file both readings give equal values, with three tree walks saved."""
    # Only an escape (after a backslash) can put a control character into a value: a raw one
    # is refused for the whole file, except CR and NEL, which YAML reads as line breaks.
    check_text = "\\" in text or "\r" in text or "\x85" in text
    seen: set[int] = set()
    constructors = constructor.yaml_constructors

    def value(node: yaml.Node, depth: int) -> object:
        if id(node) in seen or depth > MAX_DEPTH:
            raise _Careful
        seen.add(id(node))
        kind, tag = node.__class__, node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                if check_text and first_control(node.value) is not None:
                    raise _Careful
                return node.value
            if tag not in _PLAIN_SCALARS:
                raise _Careful
            found = constructors[tag](constructor, node)
            if found.__class__ is float and not math.isfinite(found):
                raise _Careful
            return found
        if kind is yaml.MappingNode and tag == _MAP:
            mapping: dict = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode:
                    raise _Careful
                key = value(key_node, depth + 1)
                if key in mapping:
                    raise _Careful
                mapping[key] = value(value_node, depth + 1)
            return mapping
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [value(item, depth + 1) for item in node.value]
        raise _Careful

    if not isinstance(root, yaml.MappingNode):
        return None
    seen.add(id(root))
    found: list[tuple[str, type, yaml.MappingNode, dict]] = []
    names: set[str] = set()
    try:
        for key_node, section_node in root.value:
            section = key_node.value
            if (key_node.__class__ is not yaml.ScalarNode or section not in sections
                    or section in names or id(key_node) in seen or id(section_node) in seen):
                raise _Careful
            names.add(section)
            seen.update((id(key_node), id(section_node)))
            if section_node.__class__ is yaml.ScalarNode and section_node.value in _EMPTY_SECTION:
                continue
            if section_node.__class__ is not yaml.SequenceNode:
                raise _Careful
            for item in section_node.value:
                if item.__class__ is not yaml.MappingNode:
                    raise _Careful
                found.append((section, sections[section], item, value(item, 3)))  # type: ignore[misc]
    except (_Careful, yaml.YAMLError, ValueError, TypeError):
        return None
    return found
