"""docs/tour.ipynb runs from top to bottom in a real Jupyter kernel (nbclient), so it never rots."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_tour_notebook_runs(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "docs" / "tour.ipynb", as_version=4)
    # cwd: a fresh folder, so the notebook's out/ is written there and not into the checkout
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for o in outputs)
    assert "triples in" in text
    assert "letter-of-interest" in text          # the pandas table of financiers
    assert (tmp_path / "out" / "betweenness.png").stat().st_size > 1000
    assert list((tmp_path / "out" / "brief").glob("*.md"))
