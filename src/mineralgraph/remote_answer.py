"""Read a remote SPARQL endpoint's answer with a total deadline, a size cap and clear errors.

An endpoint may be slow, wrong or hostile: answer in HTML, stop half-way through the JSON,
stream gigabytes, drip one byte a second, or nest arrays a million deep. Whatever it does,
the caller gets rows or one :class:`~mineralgraph.errors.MineralgraphError` naming the
endpoint and what was wrong — within ``timeout`` seconds in all (not per read), holding at
most ``max_bytes`` of answer in memory.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from .errors import MineralgraphError

MAX_ANSWER_BYTES = 256 * 1024 * 1024
JSON_TYPES = ("application/sparql-results+json", "application/json")


def post_query(client, endpoint: str, form: dict[str, str], *, timeout: float,
               max_bytes: int | None = None) -> dict:
    """POST ``form`` to ``endpoint`` and return its SPARQL JSON answer as a dict.

    The request runs in a helper thread; the caller waits at most ``timeout`` seconds for
    the whole answer, and a late answer is dropped as it arrives."""
    outcome: list = []
    stop = threading.Event()
    limit = max_bytes or MAX_ANSWER_BYTES

    def fetch() -> None:
        try:
            outcome.append((True, _fetch(client, endpoint, form, limit, stop)))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller
            outcome.append((False, exc))

    worker = threading.Thread(target=fetch, name="sparql-remote", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        stop.set()
        raise MineralgraphError(f"{endpoint} did not answer in time ({timeout:g} s)")
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _fetch(client, endpoint: str, form: dict[str, str], max_bytes: int,
           stop: threading.Event) -> dict:
    import httpx

    chunks: list[bytes] = []
    try:
        with client.stream("POST", endpoint, data=form,
                           headers={"Accept": "application/sparql-results+json"}) as resp:
            if resp.status_code >= 400:
                head = _head(resp)
                raise MineralgraphError(
                    f"{endpoint} refused the query (HTTP {resp.status_code}): {head}")
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype not in JSON_TYPES:
                raise MineralgraphError(
                    f"{endpoint} did not answer with SPARQL JSON (content type "
                    f"{ctype or 'missing'}, expected application/sparql-results+json)")
            size = 0
            for chunk in resp.iter_bytes():
                if stop.is_set():
                    raise MineralgraphError(f"{endpoint} did not answer in time")
                size += len(chunk)
                if size > max_bytes:
                    raise MineralgraphError(
                        f"{endpoint} sent more than {max_bytes // (1024 * 1024)} MiB of "
                        "answer; narrow the query (LIMIT)")
                chunks.append(chunk)
    except httpx.TimeoutException:
        raise MineralgraphError(f"{endpoint} did not answer in time") from None
    except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
        raise MineralgraphError(f"cannot reach {endpoint}: {exc}") from None
    except httpx.HTTPError as exc:
        raise MineralgraphError(f"cannot read the answer of {endpoint}: {exc}") from None
    return _parse(b"".join(chunks), endpoint)


def _head(resp) -> str:
    """The first few hundred characters of an error answer (never the whole stream)."""
    got = b""
    for chunk in resp.iter_bytes():
        got += chunk
        if len(got) > 300:
            break
    return got[:300].decode("utf-8", errors="replace").strip()


def _parse(body: bytes, endpoint: str) -> dict:
    try:
        data: Any = json.loads(body)
    except RecursionError:
        raise MineralgraphError(f"{endpoint} answered with JSON nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise MineralgraphError(
            f"{endpoint} answered with malformed or truncated JSON ({exc})") from None
    if not isinstance(data, dict):
        raise MineralgraphError(f"{endpoint} answered with JSON that is not a SPARQL result")
    return data


def bindings(data: dict, endpoint: str) -> tuple[list[str], list[dict[str, dict]]]:
    """Variables and binding rows of a SELECT answer, each checked for its shape."""
    head, results = data.get("head"), data.get("results")
    rows = results.get("bindings") if isinstance(results, dict) else None
    names = head.get("vars", []) if isinstance(head, dict) else None
    if not isinstance(rows, list) or not isinstance(names, list):
        raise MineralgraphError(f"{endpoint} answered without SPARQL SELECT results "
                                "(head.vars and results.bindings)")
    for row in rows:
        if not isinstance(row, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("type"), str)
                and isinstance(v.get("value"), str) for v in row.values()):
            raise MineralgraphError(f"{endpoint} answered with a malformed result row: "
                                    f"{str(row)[:200]}")
    return [str(n) for n in names], rows
