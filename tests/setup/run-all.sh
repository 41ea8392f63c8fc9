#!/usr/bin/env bash
# `npm test`: every check, in order, stopping at the first that fails:
#   system packages → build → typecheck → lint → unit tests (vitest) → e2e tests (Playwright)
# The last line is the summary "N passed, N failed[, N skipped]" over the unit and e2e tests, taken
# from their JSON reports. If a step fails, the failed step is named; and if the failure is not
# already counted as a failed test (a build error, a crash, a reporter error), the summary counts it
# as one failure, so a failed run never ends with "…, 0 failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

reports="$(mktemp -d "${TMPDIR:-/tmp}/qyzmet-test-reports.XXXXXX")"
unit_json="$reports/vitest.json"
e2e_json="$reports/playwright.json"
current_step=""

summary() {
  node - "$unit_json" "$e2e_json" "$1" <<'EOF'
const fs = require('node:fs');
const [unitFile, e2eFile, failedStep] = process.argv.slice(2);
const read = (file) => {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return null; }
};
let passed = 0, failed = 0, skipped = 0;
const unit = read(unitFile);
if (unit) {
  passed += unit.numPassedTests ?? 0;
  failed += unit.numFailedTests ?? 0;
  skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
}
const e2e = read(e2eFile);
// Say why each skipped e2e test was skipped (e.g. no Electron binary), before the count.
const walk = (suite, titles) => {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status !== 'skipped') continue;
      const why = (t.annotations ?? []).filter((a) => a.type === 'skip' || a.type === 'fixme').map((a) => a.description).filter(Boolean);
      console.log(`skipped: ${[...titles, spec.title].join(' › ')}${why.length ? ` — ${why.join('; ')}` : ''}`);
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
};
if (e2e) for (const suite of e2e.suites ?? []) walk(suite, [suite.title]);
if (e2e && e2e.stats) {
  passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  failed += e2e.stats.unexpected ?? 0;
  skipped += e2e.stats.skipped ?? 0;
}
if (failedStep && failed === 0) failed = 1; // the failed step itself (see the header of run-all.sh)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
EOF
}

on_exit() {
  local status=$?
  trap - EXIT
  if ((status != 0)); then
    echo
    echo "npm test: FAILED at step \"${current_step:-?}\" (exit status $status)."
    summary "${current_step:-?}"
  fi
  rm -rf "$reports"
  exit "$status"
}
trap on_exit EXIT

step() {
  current_step="$1"
  shift
  echo
  echo "==> $current_step: $*"
  "$@"
}

step "system packages" bash tests/setup/system-packages.sh
step "build" npm run build
step "typecheck" npm run typecheck
step "lint" npm run lint
step "unit tests" npm run test:unit -- --reporter=default --reporter=json --outputFile.json="$unit_json"
PLAYWRIGHT_JSON_OUTPUT_NAME="$e2e_json" step "e2e tests" npm run test:e2e

echo
echo "npm test: all steps passed."
summary ""
trap - EXIT
rm -rf "$reports"
