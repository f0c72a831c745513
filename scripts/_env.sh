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
# The report PDF (WeasyPrint) lays Thai out with the system's Pango and HarfBuzz.
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi
