"""Where the shipped resources (ontology, queries, default data) live.

In a wheel they are force-included under ``mineralgraph/_resources/``; in a source checkout
(editable install, tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _resource_dir(name: str) -> Path:
    packaged = resources.files("mineralgraph") / "_resources" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"mineralgraph's {name}/ folder is missing from the installation")


def default_data_dir() -> Path:
    return _resource_dir("data")


def ontology_dir() -> Path:
    return _resource_dir("ontology")


def queries_dir() -> Path:
    return _resource_dir("queries")
