#!/bin/sh
# The browser test of `rmsim serve`: Debian's chromium, headless, driven by
# puppeteer-core (installed from the lockfile into build/e2e). Prints its
# results the way cmocka does, so tests/run.sh counts them; skips with the
# reason when chromium, node or the npm packages are not to be had.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${E2E_DIR:-$root/build/e2e}
chromium=${CHROMIUM:-/usr/bin/chromium}
skip() {
    echo "e2e: SKIPPED, $1"
    echo "[  PASSED  ] 0 test(s)."
    exit 0
}
[ -x "$chromium" ] || skip "no chromium at $chromium (make deps installs Debian's chromium)"
command -v node >/dev/null 2>&1 || skip "no node (make deps installs nodejs)"
command -v npm >/dev/null 2>&1 || skip "no npm (make deps installs npm)"
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/puppeteer-core" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$work/"
    (cd "$work" && npm ci --no-audit --no-fund --silent >npm.log 2>&1) ||
        { rm -f "$work/package-lock.json"; skip "npm ci failed (no registry?), see $work/npm.log"; }
fi
NODE_PATH="$work/node_modules" CHROMIUM="$chromium" E2E_DIR="$work" \
    RMSIM="${RMSIM:-$root/build/rmsim}" exec node "$here/classroom.test.js"
