"""A store of a synthetic data set without the slow parts of the real path.

Records are validated from the generator's dicts (no YAML parse), their triples come from the
model's own mapping (``build.record_triples``), are written as N-Triples and bulk-loaded into
Oxigraph: the same default graph that ``build`` writes, without the TriG file and the ontology
graph. ``tests/test_benchmarks_smoke.py`` checks that the triples are identical. Used where a
stage needs a store at a size whose full build would not fit the time budget.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path


def make_store(actors: int, seed: int, out_dir: str, keep_ntriples: bool = False) -> dict:
    """Write ``OUT/store`` (and ``OUT/data.nt`` + ``OUT/dataset.nq`` if ``keep_ntriples``)
    for a generated set."""
    import pyoxigraph
    from mineralgraph.build import record_triples
    from mineralgraph.load import Dataset, Located
    from mineralgraph.model import SECTIONS
    from synth import iter_records, make_world

    t0 = time.perf_counter()
    world = make_world(actors=actors, seed=seed)
    ds = Dataset([Located(SECTIONS[section].model_validate(rec), "<synthetic>", 0)
                  for section, rec in iter_records(world)])
    out = Path(out_dir)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    nt = out / "data.nt"
    with nt.open("w", encoding="utf-8") as fh:
        fh.writelines(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in record_triples(ds))
    store = pyoxigraph.Store(str(out / "store"))
    store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    triples = len(store)
    del store
    if keep_ntriples:
        # one line per distinct triple, as the build's N-Quads has them
        lines = sorted(set(nt.read_text(encoding="utf-8").splitlines(True)))
        nt.write_text("".join(lines), encoding="utf-8")
        # the store's quads as N-Quads beside it, as a build leaves them: what the embedded
        # store loads into memory when it opens
        shutil.copyfile(nt, out / "dataset.nq")
    else:
        nt.unlink()
    return {"seconds": time.perf_counter() - t0, "records": len(ds), "triples": triples}
