#!/usr/bin/env bash
# The workbook's test command (`npm test`): builds d2lzh, type-checks and lints everything, runs every uvu
# suite (`*.test.ts` under lib/, autograder/, bench/, scripts/ and test/) and ends with one line
# `N passed, N failed`. Extra arguments narrow the run to files whose path matches a pattern.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  echo "usage: npm test [-- 'regex of test file paths']   build, type-check, run the uvu suites; the last line is 'N passed, N failed'"
  echo "  The notebook tests use this checkout's private kernel (.jupyter-data) and are skipped, with one line"
  echo "  saying what to install, where Jupyter is missing (outside CI)."
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! npm run -s build; then
  echo "the d2lzh build failed"; echo "0 passed, 1 failed"; exit 1
fi
if ! npx tsc -p tsconfig.json; then
  echo "type-checking failed"; echo "0 passed, 1 failed"; exit 1
fi
# Style (STYLE.md's checkable rules, eslint.config.mjs) and formatting (.prettierrc.json): npm run lint
# reports the same, npm run format fixes what prettier can.
if ! npx eslint --max-warnings 0 .; then
  echo "lint failed (npm run lint)"; echo "0 passed, 1 failed"; exit 1
fi
if ! npx prettier --check . >/dev/null; then
  npx prettier --list-different .
  echo "formatting differs (npm run format)"; echo "0 passed, 1 failed"; exit 1
fi

tests='^(lib|autograder|bench|scripts|test)/test/.*\.test\.ts$|^test/.*\.test\.ts$'
# A pattern narrows the test files; it never adds other files (uvu would run `bench/bench.ts` for 'bench/').
if [ -n "${1:-}" ]; then pattern="^(?=.*(${1}))(${tests})"; else pattern=$tests; fi
node --import tsx node_modules/uvu/bin.js . "$pattern" -i node_modules -i dist 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
total=$(printf '%s\n' "$plain" | awk '/Total:/ {print $2}' | tail -1)
passed=$(printf '%s\n' "$plain" | awk '/Passed:/ {print $2}' | tail -1)
if [ -z "$total" ] || [ -z "$passed" ]; then
  echo "the test runner stopped before its summary (exit $status)"
  echo "${passed:-0} passed, 1 failed"; exit 1
fi
if [ "$total" -eq 0 ] && [ -n "${1:-}" ]; then
  echo "no test file matches the pattern '${1}' (test files: lib/test, autograder/test, bench/test, scripts/test, test)"
  echo "0 passed, 1 failed"; exit 1
fi
failed=$((total - passed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
