#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine, then run the whole suite.
# Used as-is by the README and by CI (.ci/run). Needs root (or sudo) for the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# System packages: headless Chromium for the explorer tests, Pango/fonts for WeasyPrint PDFs,
# poppler-utils (pdftoppm, pdftotext) to read PDFs back, LibreOffice Writer to lay out DOCX.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Chinese and Japanese source quotes (cited verbatim) need a CJK fallback font in PDFs
[ -e /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need+=(fonts-droid-fallback)
# LibreOffice lays out the Word brief (tests/test_brief_pages.py: its body fits four pages)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Virtuoso, the second SPARQL engine the tests compare with the embedded store
bash scripts/virtuoso.sh install

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"

# The seed article's text is copyrighted and never committed; CI has it beside the clone
# (../shared/sources/). Store it in the local source cache (data/.sources/, git-ignored) so that
# `mineralgraph validate` checks the seed article's quotes against it.
for shared in ../shared/sources ../../shared/sources; do
  seed="$shared/fastmarkets-central-asia-tungsten-2026-01.txt"
  if [ -f "$seed" ]; then
    # not fatal: a refused text is reported by tests/test_quotes.py, with the reason
    .venv/bin/mineralgraph sources add "$seed" \
      --source-id fastmarkets-2026-01-central-asia-tungsten >/dev/null \
      || echo "warning: the seed article's snapshot was not stored" >&2
    break
  fi
done

# pytest exits 5 when it collects no test: that must fail, never pass silently.
set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$code"
