"""What a data file may hold before its records are built: no control characters (raw or
escaped), only finite numbers, no YAML aliases, no deep nesting. Each finding is a
:class:`~mineralgraph.errors.Problem` with the line, so the loader reports it like any other.

These guard the loader itself: a ten-line alias bomb expanded into billions of values and
hung it, a recursive alias or ``? [a, b]`` key crashed it, ``.inf`` crashed the build and
``.nan`` made invalid JSON (issue #18 item 7).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

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
