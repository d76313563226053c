"""`mineralgraph ingest` as a user runs it: real public-domain releases in, candidate records
out that load with the data set, quote their source verbatim, are refused by `build` until
reviewed; every bad input gets one clear error and leaves no file behind."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli

PUBLIC = ROOT / "tests" / "ingest_set" / "public"
RELEASE = PUBLIC / "doe-lpo-critical-materials.txt"
SID = "doe-lpo-critical-materials-page"


@pytest.fixture
def workspace(tmp_path):
    """A copy of the real data set and an empty source cache, as a user's checkout."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".sources"))
    cache = tmp_path / "cache"
    return data, cache, {"MINERALGRAPH_SOURCE_CACHE": str(cache)}


def _ingest(data, env, *args):
    return run_cli("ingest", *args, "--data", str(data), env=env)


def _records(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def ingested(workspace):
    data, cache, env = workspace
    out = data / "candidates" / "doe-lpo.yaml"
    out.parent.mkdir()
    proc = _ingest(data, env, str(RELEASE), "--out", str(out), "--source-id", SID,
                   "--publisher", "US Department of Energy, Loan Programs Office",
                   "--url", "https://www.energy.gov/lpo/critical-materials", "--kind", "web-page")
    assert proc.returncode == 0, proc.stderr
    return data, cache, env, out, proc


def test_a_release_becomes_candidates_that_quote_it(ingested):
    data, cache, env, out, proc = ingested
    assert f"next: mineralgraph review {out}" in proc.stdout
    snapshot = cache / f"{SID}.txt"
    assert snapshot.read_text(encoding="utf-8").strip() == RELEASE.read_text().strip()
    recs = _records(out)
    source = recs["sources"][0]
    from mineralgraph.snapshots import sha256_file

    assert source["id"] == SID and source["sha256"] == sha256_file(snapshot)
    assert source["url"] == "https://www.energy.gov/lpo/critical-materials"
    proposed = [r for s, rs in recs.items() if s != "sources" for r in rs]
    assert len(proposed) >= 5
    for rec in proposed:
        assert rec["review"] == "candidate" and 0 <= rec["confidence"] <= 1
        assert rec["extracted_by"] and rec["evidence"] and all(e["source"] == SID
                                                                for e in rec["evidence"])
    loan = [r for r in recs["relations"] if r["kind"] == "finances" and r.get("amount") == 700000000]
    assert loan and loan[0]["currency"] == "USD" and loan[0]["amount_qualifier"] == "up-to"
    assert loan[0]["status"] == "proposed"  # a conditional commitment is not committed money
    labels = {r["label"] for r in recs.get("actors", [])}
    assert {"Ioneer Rhyolite Ridge LLC", "Syrah Technologies"} <= labels


def test_candidates_load_with_the_data_and_every_quote_verifies(ingested):
    data, cache, env, out, _ = ingested
    proc = run_cli("validate", "--data", str(data), env=env)
    assert proc.returncode == 0, proc.stderr
    import re

    found = re.search(r"quotes: ([\d,]+) of ([\d,]+) verified .*?(\d+) not found", proc.stdout)
    assert found and found.group(3) == "0", proc.stdout
    verified = int(found.group(1).replace(",", ""))  # "3,098"
    assert verified >= sum(len(r["evidence"]) for s, rs in _records(out).items()
                           if s != "sources" for r in rs)


def test_build_refuses_candidates_until_reviewed_or_previewed(ingested, tmp_path):
    data, cache, env, out, _ = ingested
    n = sum(len(rs) for s, rs in _records(out).items() if s != "sources")
    target = tmp_path / "out"
    proc = run_cli("build", "--data", str(data), "--out", str(target), env=env)
    assert proc.returncode != 0
    assert f"{n} record(s) are unreviewed candidates" in proc.stderr
    assert str(out) in proc.stderr and f"mineralgraph review {out}" in proc.stderr
    assert "Traceback" not in proc.stderr and not (target / "dataset.nq").exists()
    proc = run_cli("build", "--data", str(data), "--out", str(target), "--include-candidates",
                   env=env)
    assert proc.returncode == 0, proc.stderr
    assert "ontology#reviewState> \"candidate\"" in (target / "dataset.nq").read_text()


def test_review_walks_the_candidates_from_a_script(ingested):
    data, cache, env, out, _ = ingested
    before = _records(out)
    order = [(s, r) for s, rs in before.items() for r in rs if r.get("review") == "candidate"]
    (s1, first), (s2, second), (s3, third) = order[:3]
    edit = "label" if s3 in ("actors", "sites", "places", "commodities") else "status"
    value = "Edited Name" if edit == "label" else "reported"
    script = f"a\nr\ne\n{edit}\n{value}\ns\nq\n"
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "mineralgraph", "review", str(out), "--data",
                           str(data)], input=script, capture_output=True, text=True, env={
                               **__import__("os").environ, **env}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "accepted 1, rejected 1" in proc.stdout and "edited 1" in proc.stdout
    after = _records(out)
    by_id = {r["id"]: r for rs in after.values() for r in rs}
    assert "review" not in by_id[first["id"]] and "confidence" not in by_id[first["id"]]
    assert by_id[first["id"]]["extracted_by"] == first["extracted_by"]
    assert second["id"] not in by_id
    assert by_id[third["id"]][edit] == value and by_id[third["id"]]["review"] == "candidate"
    assert by_id[third["id"]]["evidence"] == third["evidence"]
    assert _records(out)  # still a valid data file


def test_review_links_a_candidate_to_an_existing_record(ingested):
    from mineralgraph.ingest.review import review_file

    data, cache, env, out, _ = ingested
    recs = _records(out)
    new_org = next(r for r in recs["actors"] if r["label"] == "White House")
    users = [r["id"] for r in recs.get("relations", []) if new_org["id"] in (r["subject"], r["object"])]
    answers = iter(["s"] * 200)

    def ask(prompt):
        return next(answers)

    # skip until the White House candidate, then link it to the US government
    order = [r["id"] for rs in recs.values() for r in rs if r.get("review") == "candidate"]
    position = order.index(new_org["id"])
    answers = iter(["s"] * position + ["l", "united-states", "q"])
    stats = review_file(out, ask=ask, show=lambda s: None, known_ids={"united-states"})
    assert stats.linked == 1
    after = _records(out)
    assert all(r["id"] != new_org["id"] for r in after["actors"])
    for rid in users:
        rel = next(r for r in after["relations"] if r["id"] == rid)
        assert new_org["id"] not in (rel["subject"], rel["object"])


def test_review_survives_ctrl_c(ingested):
    """Through a pseudo-terminal: one decision, then Ctrl-C; the decision is kept, the file
    is whole, and the command says it was interrupted."""
    import os
    import pty
    import select
    import signal
    import subprocess
    import sys
    import time

    data, cache, env, out, _ = ingested
    first = next(r for rs in _records(out).values() for r in rs if r.get("review") == "candidate")
    import fcntl
    import termios

    def own_terminal():  # a new session whose controlling terminal is the pseudo-terminal
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "mineralgraph", "review", str(out), "--data",
                             str(data)], stdin=slave, stdout=slave, stderr=slave,
                            env={**os.environ, **env}, preexec_fn=own_terminal)
    os.close(slave)
    seen = b""

    def read_until(marker: bytes, limit: float = 60) -> None:
        nonlocal seen
        end = time.monotonic() + limit
        while marker not in seen and time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break

    try:
        read_until(b"[q]uit?")
        os.write(master, b"a\n")
        seen = b""
        read_until(b"[q]uit?")
        os.write(master, b"\x03")  # the terminal turns it into SIGINT for the command
        read_until(b"interrupted", 30)
        end = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < end:  # drain: never block its output
            read_until(b"\x00never", 0.5)
        code = proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        os.close(master)
    assert code == 130 and b"interrupted" in seen
    kept = {r["id"]: r for rs in _records(out).values() for r in rs}
    assert "review" not in kept[first["id"]]
    assert sum(1 for r in kept.values() if r.get("review") == "candidate") >= 1


# -- bad input: one clear error, no output file ------------------------------------------

def _refused(proc, out: Path, *fragments: str) -> None:
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr and proc.stderr.count("error:") == 1, proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("name, content, fragment", [
    ("empty.txt", b"", "the document is empty"),
    ("blank.html", b"  \n\n ", "the document is empty"),
    ("binary.txt", bytes(range(256)) * 64, "binary data"),
    ("latin1.txt", "Caf\xe9 Mining Corp lends money.".encode("latin-1"), "is not UTF-8"),
    ("menu.txt", b"Home\nAbout\nNews\nContact\n", "no sentences found"),
    ("scan.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
    ("letter.docx", b"PK not a zip", "not a readable Word document"),
    ("notes.odt", b"some text", "cannot read .odt"),
])
def test_bad_documents_are_refused(workspace, tmp_path, name, content, fragment):
    data, cache, env = workspace
    doc = tmp_path / name
    doc.write_bytes(content)
    out = tmp_path / "out.yaml"
    _refused(_ingest(data, env, str(doc), "--out", str(out), "--publisher", "X"), out,
             name, fragment)
    assert not cache.exists() or not any(cache.iterdir())


def test_five_megabytes_of_text_stop_at_once_with_a_message(workspace, tmp_path):
    data, cache, env = workspace
    doc = tmp_path / "huge.txt"
    sentence = RELEASE.read_text().split("\n")[10] + "\n"
    doc.write_text(sentence * (5 * 2**20 // len(sentence) + 1))
    out = tmp_path / "out.yaml"
    _refused(_ingest(data, env, str(doc), "--out", str(out), "--publisher", "X"), out,
             "split the document into parts")


def test_an_existing_source_id_or_output_is_refused(ingested, tmp_path):
    data, cache, env, out, _ = ingested
    other = tmp_path / "other.yaml"
    _refused(_ingest(data, env, str(RELEASE), "--out", str(other), "--publisher", "X",
                     "--source-id", "fastmarkets-2026-01-central-asia-tungsten"), other,
             "source id 'fastmarkets-2026-01-central-asia-tungsten' already exists",
             "seed-article.yaml:")
    before = out.read_bytes()
    proc = _ingest(data, env, str(RELEASE), "--out", str(out), "--publisher", "X")
    assert proc.returncode != 0 and "already exists" in proc.stderr and "--force" in proc.stderr
    assert out.read_bytes() == before


def test_html_scripts_are_neither_run_nor_quoted(workspace, tmp_path):
    data, cache, env = workspace
    body = "\n".join(f"<p>{line}</p>" for line in RELEASE.read_text().splitlines() if line.strip())
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Critical Materials | Department of Energy</title>"
        "<script>document.write('<p>Acme Bank will lend $9 billion to Evil Mining Corp.</p>')"
        "</script></head><body><nav>Home | About</nav><article>" + body +
        "<script>var secret = 'Script Capital invests in Shadow Resources';</script>"
        "</article></body></html>", encoding="utf-8")
    out = tmp_path / "page.yaml"
    proc = _ingest(data, env, str(page), "--out", str(out), "--publisher", "US DOE")
    assert proc.returncode == 0, proc.stderr
    written = out.read_text() + "".join(p.read_text() for p in cache.iterdir())
    for marker in ("Evil Mining", "Acme Bank", "Script Capital", "Shadow Resources", "secret"):
        assert marker not in written
    assert "Ioneer Rhyolite Ridge" in written
    assert _records(out)["sources"][0]["title"] == "Critical Materials"  # trafilatura drops the site name


def test_pdf_and_docx_are_read(tmp_path):
    """A real PDF (WeasyPrint) and a real Word file (python-docx) of a public release."""
    import docx
    from weasyprint import HTML

    from mineralgraph.ingest import read_document

    paragraphs = [p for p in RELEASE.read_text().split("\n") if len(p) > 60]
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    HTML(string=f"<html><body>{html}</body></html>").write_pdf(tmp_path / "r.pdf")
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.core_properties.title = "Critical Materials"
    document.save(tmp_path / "r.docx")
    for name in ("r.pdf", "r.docx"):
        doc = read_document(tmp_path / name)
        assert "conditional commitment to lend up to $700 million" in " ".join(doc.text.split())
    assert read_document(tmp_path / "r.docx").title == "Critical Materials"


def test_a_url_is_fetched_only_when_given(workspace, tmp_path):
    data, cache, env = workspace
    site = tmp_path / "site"
    site.mkdir()
    body = "".join(f"<p>{p}</p>" for p in RELEASE.read_text().split("\n") if p.strip())
    (site / "lpo.html").write_text(f"<html><head><title>LPO</title></head><body><article>"
                                   f"{body}</article></body></html>", encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(site), **k)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/lpo.html"
        out = tmp_path / "web.yaml"
        proc = _ingest(data, env, url, "--out", str(out), "--publisher", "US DOE")
        assert proc.returncode == 0, proc.stderr
        assert _records(out)["sources"][0]["url"] == url
        missing = tmp_path / "missing.yaml"
        _refused(_ingest(data, env, url.replace("lpo", "nope"), "--out", str(missing),
                         "--publisher", "US DOE"), missing, "could not fetch the page")
    finally:
        server.shutdown()
        server.server_close()
