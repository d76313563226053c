"""Wheel build hook: ship the data set (data/) without the local source cache.

`data/.sources/` holds the texts of copyrighted sources for quote verification; it is
git-ignored and must never be packaged. Hatch's force-include cannot exclude a sub-folder, so
the data files are listed here one by one instead.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCAL_CACHE = ".sources"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        data = Path(self.root) / "data"
        for path in sorted(data.rglob("*")):
            rel = path.relative_to(data)
            if path.is_file() and LOCAL_CACHE not in rel.parts:
                build_data["force_include"][str(path)] = f"mineralgraph/_resources/data/{rel.as_posix()}"
