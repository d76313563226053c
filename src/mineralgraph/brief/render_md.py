"""The brief in Markdown, with its figures as files next to it (relative links).

Text from the data is escaped so that it can never become Markdown or HTML markup: a
company called ``<script>`` or ``*bold*`` is shown as written, and only http(s) addresses
become links.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .cite import Para
from .document import Brief, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def md_escape(value: Any) -> str:
    """One line of text with Markdown and HTML metacharacters backslash-escaped."""
    if isinstance(value, Markup):
        return str(value)
    text = re.sub(r"\s+", " ", str(value))  # one line; inner spacing kept
    return _SPECIAL.sub(r"\\\1", text)


def cited(p: Para) -> Markup:
    """A paragraph with ``[n]`` after each cited run."""
    out = []
    for run in p:
        out.append(md_escape(run.text))
        if run.cites:
            marks = ", ".join(str(n) for n in run.cites)
            out.append((" " if run.text else "") + f"\\[{marks}\\]")
    return Markup("".join(out))


def md_table(t: Table) -> Markup:
    """A pipe table (with its title as a heading and its note below)."""
    lines = [f"### {md_escape(t.title)}", ""]
    lines.append("| " + " | ".join(md_escape(c) for c in t.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in t.columns) + "|")
    for row in t.rows:
        lines.append("| " + " | ".join(str(cited(c)) or " " for c in row) + " |")
    if not t.rows:
        lines.append("| " + " | ".join(["—"] * len(t.columns)) + " |")
    if t.note:
        lines.extend(["", f"_{md_escape(t.note)}_"])
    return Markup("\n".join(lines))


def autolink(url: str) -> Markup:
    """``<https://…>`` for a safe http(s) address, else the escaped text."""
    return Markup(f"<{url}>") if _SAFE_URL.match(url) else Markup(md_escape(url))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("mineralgraph.brief", "templates"),
                      autoescape=False, finalize=md_escape, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    env.filters.update(cited=cited, md_table=md_table, autolink=autolink)
    return env


def render_markdown(brief: Brief, files: dict[str, str]) -> str:
    """The Markdown text; ``files`` maps a figure key to its relative file name."""
    text = environment().get_template("brief.md.j2").render(b=brief, files=files)
    return re.sub(r"\n{3,}", "\n\n", text)
