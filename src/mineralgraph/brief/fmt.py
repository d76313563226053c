"""How numbers, money, ranges and statuses read in a brief.

>>> money(900_000_000, "USD", "up-to")
'up to US$900M'
>>> money(1_100_000_000, "USD", "about")
'~US$1.1B'
>>> number(106696), number(0.005), number(2.70)
('106,696', '0.005', '2.7')
>>> value_text(1138, None, None, "exact"), value_text(None, 1138, 1200, "range")
('1,138', '1,138–1,200')
>>> [text for text, whole in unbroken("up to US$900M from 2025-11-20 on 3.3 Mt ore") if whole]
['US$900M', '2025-11-20', '3.3 Mt']
>>> label_case("esg and capex")
'ESG and capex'
"""

from __future__ import annotations

import re
from ..kinds import ENTITY_KINDS, MEASURES, RELATION_KINDS, RELATION_STATUSES

CURRENCY_SIGNS = {"USD": "US$", "EUR": "€", "GBP": "£", "CNY": "CN¥", "JPY": "¥"}
QUALIFIER_WORDS = {"exact": "", "about": "~", "over": "over ", "under": "under ",
                   "up-to": "up to ", "at-least": "at least ", "range": ""}


def number(value: float | int) -> str:
    """A number with thousands separators and no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def short_amount(value: float) -> str:
    """900000000 → ``900M``; 1.1e9 → ``1.1B``; small amounts in full."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{number(round(value / size, 2))}{suffix}"
    return number(value)


def money(amount: float | None, currency: str | None, qualifier: str | None = None) -> str:
    """An amount as an analyst writes it: ``up to US$900M``."""
    if amount is None:
        return "amount not stated"
    cur = currency or ""
    sign = CURRENCY_SIGNS.get(cur)
    core = f"{sign}{short_amount(amount)}" if sign else f"{cur} {short_amount(amount)}".strip()
    return QUALIFIER_WORDS.get(qualifier or "exact", "") + core


def value_text(value: float | None, low: float | None, high: float | None,
               qualifier: str | None) -> str:
    """A figure's value or range with its qualifier (``~400``, ``over 60,000``, ``2–5``)."""
    if value is not None:
        return QUALIFIER_WORDS.get(qualifier or "exact", "") + number(value)
    if low is not None and high is not None:
        return f"{number(low)}–{number(high)}"
    if low is not None:
        return f"at least {number(low)}"
    if high is not None:
        return f"up to {number(high)}"
    return ""


#: Units kept on the line of their number (``3.3 Mt``, ``900,000,000 USD``, ``12–18 months``).
UNITS = ("USD", "EUR", "GBP", "CNY", "KZT", "t", "kt", "Mt", "Mtpa", "tpa", "t/yr", "kt/yr",
         "Mt/yr", "g/t",
         "km", "ha", "%", "months", "years", "yr")
#: A number, amount, range or date that must not break across lines.
UNBROKEN = re.compile(
    r"(?<![A-Za-z0-9_$¥€£~.,])~?(?:(?:US\$|CN¥|€|£|¥)~?)?\d[\d,.]*(?:[–-]\d[\d,.]*)*[BMKT]?\b%?"
    r"(?:[ \u00a0](?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?![\w/]))?")
#: Words printed in capitals wherever a label is built from a data value.
ACRONYMS = {"esg": "ESG", "ipo": "IPO", "jv": "JV", "llp": "LLP", "msp": "MSP", "usd": "USD",
            "dfc": "DFC", "exim": "EXIM", "eu": "EU", "us": "US", "uk": "UK"}


def unbroken(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces; ``True`` marks a number, amount or date (with its unit) that
    renderers keep on one line (CSS ``nowrap``, no-break space and hyphen)."""
    pieces, at = [], 0
    for m in UNBROKEN.finditer(text):
        if m.start() > at:
            pieces.append((text[at:m.start()], False))
        pieces.append((m.group(), True))
        at = m.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def no_break(text: str) -> str:
    """``text`` with a no-break space and no-break hyphen inside each number, amount and
    date, for formats without a ``nowrap`` style (Word)."""
    return "".join(t.replace(" ", "\u00a0").replace("-", "\u2011") if whole else t
                   for t, whole in unbroken(text))


def label_case(text: str) -> str:
    """A label from a data value: first letter capitalised, acronyms in capitals."""
    words = [ACRONYMS.get(w.lower(), w) for w in re.split(r"(\W+)", text)]
    out = "".join(words)
    return out[:1].upper() + out[1:]


def with_unit(text: str, unit: str | None) -> str:
    if not unit or not text:
        return text
    if unit == "%":
        return f"{text}%"
    if unit in ("USD", "EUR", "GBP", "CNY"):
        return f"{text} {unit}"
    return f"{text} {unit}"


def kind_label(kind: str) -> str:
    ek = ENTITY_KINDS.get(kind)
    return ek.label if ek else kind


def relation_label(kind: str) -> str:
    """``owns``, ``finances``, ``buys output of`` … without the table's explanations."""
    rk = RELATION_KINDS.get(kind)
    if rk is None:
        return kind
    return rk.label.split(" (")[0].split(" / ")[0]


def status_label(status: str) -> str:
    return RELATION_STATUSES.get(status, status)


def measure_label(measure: str) -> str:
    return MEASURES.get(measure, measure).split(" (")[0]


def join_words(items: list[str], conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
