"""What the numbers were measured on: cores, memory, CPU, Python and library versions."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

LIBRARIES = ("mineralgraph", "pyoxigraph", "oxigraph", "rdflib", "pydantic", "PyYAML",
             "networkx", "nx-parallel", "igraph", "pyvis", "playwright", "httpx", "jinja2",
             "weasyprint", "python-docx")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return None


def _git_commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %cs %s"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _chromium() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                             text=True, timeout=20)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


def describe(root: Path) -> dict[str, str]:
    """Machine and software facts, as label → text."""
    mem = _memory_gib()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    info = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": _git_commit(root),
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": f"{mem:.1f} GiB" if mem else "unknown",
        "load average at start": ", ".join(f"{x:.2f}" for x in load) if load else "unknown",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "chromium": _chromium(),
    }
    info.update({name: _version(name) for name in LIBRARIES})
    return info
