"""The built wheel carries the ontology, the queries and the data, and finds them."""

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return next(out.glob("mineralgraph-*.whl"))


def test_wheel_contains_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ontology", "data", "queries"):
        assert any(n.startswith(f"mineralgraph/_resources/{folder}/") for n in names), folder
    assert "mineralgraph/_resources/ontology/mineralgraph.ttl" in names
    assert "mineralgraph/_resources/ontology/shapes.ttl" in names
    assert any(n.endswith(".yaml") for n in names)
    assert "mineralgraph/py.typed" in names


def test_wheel_never_ships_the_local_source_cache(wheel):
    """data/.sources/ holds copyrighted texts (CI puts the seed article there before the
    tests): every other data file is shipped, those never."""
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "/.sources/" in n]
    shipped = {n.split("_resources/data/", 1)[1] for n in names if "_resources/data/" in n}
    expected = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
                if p.is_file() and ".sources" not in p.parts}
    assert shipped == expected


def test_installed_wheel_finds_its_resources(wheel, tmp_path):
    """Unpacked first on sys.path (ahead of the editable install), the wheel's own
    ``_resources`` folders are found and the shipped data set loads."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (f"import sys; sys.path.insert(0, {str(site)!r}); "
            "import mineralgraph, mineralgraph.resources as r; "
            f"assert mineralgraph.__file__.startswith({str(site)!r}), mineralgraph.__file__; "
            "d, o, q = r.default_data_dir(), r.ontology_dir(), r.queries_dir(); "
            "assert all('_resources' in str(p) for p in (d, o, q)), (d, o, q); "
            "from mineralgraph.load import load_dataset; print(len(load_dataset()))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) > 500
