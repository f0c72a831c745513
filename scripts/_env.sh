# Shared set-up for scripts/run and scripts/test: a virtual environment with everything.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r "${REQUIREMENTS:-requirements.txt}"
# Compiled message catalogues are build output: made here, never committed.
.venv/bin/pybabel compile --use-fuzzy -d portal/translations >/dev/null
# The Thai web font's subsets, built once here rather than in every worker.
[ -f static/fonts/sarabun-bold.woff2 ] || .venv/bin/python -m portal.fonts
source scripts/_apt.sh
# The report PDF (WeasyPrint) lays Thai out with the system's Pango and HarfBuzz.
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0
fi
