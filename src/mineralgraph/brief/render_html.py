"""The brief as one standalone HTML page (figures embedded as data URIs, no external
requests), also the input of the PDF renderer."""

from __future__ import annotations

import base64
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup, escape

from ..textsafe import isolate

from .document import Brief
from .fmt import no_break, unbroken


def keep_numbers(text: str) -> Markup:
    """Escaped ``text`` with every number, amount and date in a ``nowrap`` span."""
    return Markup("").join(Markup('<span class="nb">{}</span>').format(piece) if whole
                           else escape(piece) for piece, whole in unbroken(str(text)))


@pass_context
def _numbers_kept(context, text: str) -> Markup:
    """``nowrap`` spans on screen; for WeasyPrint (``nb_spans`` false) no-break spaces and
    hyphens instead: an inline span there can push all but the first word of a list item to
    the next line ("• Not" / "committed — …")."""
    if context.get("nb_spans", True):
        return keep_numbers(text)
    return escape(no_break(str(text)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the brief templates: autoescaped HTML, strict variables."""
    env = Environment(loader=PackageLoader("mineralgraph.brief", "templates"),
                      autoescape=select_autoescape(("html", "html.j2"), default=False),
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                      keep_trailing_newline=True, finalize=_contained)
    env.filters["nb"] = _numbers_kept
    return env


def _contained(value):
    """Every printed value keeps its bidi controls to itself (the data strings are already
    isolated one by one; this closes anything else before the next value is written)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return isolate(value)
    return value


def data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def render_html(brief: Brief, figures: dict[str, dict[str, bytes]], *,
                image_format: str = "svg", created: str = "", nb_spans: bool = True) -> str:
    """The HTML text of ``brief``; ``image_format`` picks the embedded figure format (SVG for
    screens, PNG for the PDF); ``nb_spans`` false keeps numbers whole with no-break
    characters instead of spans (the PDF)."""
    media = {"svg": "image/svg+xml", "png": "image/png"}[image_format]
    images = {key: data_uri(files[image_format], media) for key, files in figures.items()}
    env = environment()
    css = (env.loader.get_source(env, "brief.css")[0])  # type: ignore[union-attr]
    return env.get_template("brief.html.j2").render(b=brief, images=images, css=css,
                                                    created=created, nb_spans=nb_spans)
