"""How numbers, money, ranges and statuses read in a brief.

>>> money(900_000_000, "USD", "up-to")
'up to US$900M'
>>> money(1_100_000_000, "USD", "about")
'~US$1.1B'
>>> number(106696), number(0.005), number(2.70)
('106,696', '0.005', '2.7')
>>> value_text(1138, None, None, "exact"), value_text(None, 1138, 1200, "range")
('1,138', '1,138–1,200')
"""

from __future__ import annotations

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
