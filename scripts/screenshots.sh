#!/usr/bin/env bash
# Regenerate the dashboard's screenshots in docs/img at 1440x900 (NAME.png) and 390x844
# (phone-NAME.png), over the built-in case with its estimate, from the browser tests that
# check each page's layout at both sizes. Needs Debian's chromium (scripts/system-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
EMIGRE_SCREENSHOTS=docs/img .venv/bin/python -m pytest tests/web/test_browser.py -q \
  -p no:cacheprovider -k "fit_phone_and_desktop" "$@"
