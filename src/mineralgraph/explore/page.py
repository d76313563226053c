"""Write the explorer page: pyvis holds the network and renders our template, in which every
asset is inlined (vis-network from the pyvis package, our script and styles) and every data
string travels as escaped JSON.

Why not pyvis's own template: with ``cdn_resources="in_line"`` it still links Bootstrap and
tom-select on jsdelivr and ``../node_modules/vis`` — a page an air-gapped reader cannot open.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from typing import Any

from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup

from ..errors import MineralgraphError

VIS_DIR = "lib/vis-9.1.2"
TEMPLATE = "template.html.j2"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}
#: The explorer's script, in the order the page runs it. The files share one scope: the page
#: joins them into one inline script wrapped in a function (so nothing leaks to ``window``
#: but ``mgExplorer``), which the Content-Security-Policy allows by its hash.
APP_MODULES = ("core.js", "legend.js", "filters.js", "reveal.js", "overview.js", "search.js",
               "panel.js", "map.js", "time.js", "main.js")
_SOURCE_MAP = re.compile(r"^\s*//[#@]\s*sourceMappingURL=.*$", re.MULTILINE)


def json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes (so no ``</script>`` or ``<!--`` can end
    or bend the block), as do U+2028/U+2029; keys are sorted so the page is reproducible.

    >>> json_for_script({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _read(package: str, name: str) -> str:
    return (resources.files(package) / name).read_text(encoding="utf-8")


def _inline_safe(text: str, tag: str) -> str:
    """An asset to inline in ``<tag>``: it must not close the element early."""
    if re.search(rf"</{tag}", text, re.IGNORECASE) or "<!--" in text:
        raise MineralgraphError(f"an asset cannot be inlined in <{tag}>: it contains </{tag}")
    return text


def assets() -> dict[str, str]:
    """vis-network (JS and CSS, from the installed pyvis) and our script and styles."""
    try:
        vis_js = _read("pyvis", f"{VIS_DIR}/vis-network.min.js")
        vis_css = _read("pyvis", f"{VIS_DIR}/vis-network.css")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise MineralgraphError(
            f"the vis-network files of pyvis are missing ({exc}); reinstall pyvis 0.3.2") from None
    # a source map comment makes an open DevTools try to fetch the map: drop it
    vis_js = _SOURCE_MAP.sub("", vis_js)
    return {
        "vis_js": _inline_safe(vis_js, "script"), "vis_css": _inline_safe(vis_css, "style"),
        "app_js": _inline_safe(app_script(), "script"),
        "app_css": _inline_safe(_read(__package__, "style.css"), "style"),
    }


def app_script() -> str:
    """The explorer's modules (``js/*.js``) joined into one script."""
    body = "\n".join(_read(__package__, f"js/{name}") for name in APP_MODULES)
    return '(function () {\n"use strict";\n' + body + "}());\n"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(scripts: list[str]) -> str:
    """Nothing may be fetched, and only the given inline scripts (by hash) may run."""
    return ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts)
            + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")


def render(net: Any, *, title: str, data: dict[str, Any]) -> str:
    """The page of a pyvis ``Network`` (nodes, edges and options already set)."""
    parts = assets()
    env = Environment(loader=DictLoader({TEMPLATE: _read(__package__, TEMPLATE)}),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    env.filters["json_block"] = lambda v: Markup(
        json_for_script(json.loads(v) if isinstance(v, str) else v))
    env.globals.update(
        title=title, data=data,
        csp=content_security_policy([parts["vis_js"], parts["app_js"]]),
        **{k: Markup(v) for k, v in parts.items()})
    # pyvis renders through its own environment and template name: point both at ours
    net.templateEnv = env
    net.path = TEMPLATE
    return net.generate_html()
