#!/usr/bin/env bash
# Debian packages the test suite uses: PostgreSQL (store tests) and Chromium (browser tests).
# Installs what is missing when it can (root or sudo, apt reachable); otherwise says so and
# the tests that need them skip with a visible reason.
set -u
want=()
command -v /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql)
[ -x /usr/bin/chromium ] || want+=(chromium)
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
  echo "system-deps: cannot install ${want[*]} (not root, no sudo); tests needing them will skip"; exit 0
fi
echo "system-deps: installing ${want[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; }; then
  echo "system-deps: apt-get failed; tests needing ${want[*]} will skip"
fi
exit 0
