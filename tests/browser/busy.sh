#!/usr/bin/env bash
# Run a command while two busy loops keep both cores of a 2-core machine busy, then stop them.
#   tests/browser/busy.sh .venv/bin/python -m pytest tests/browser -q
# The flaky-test hunt (issue 14 §5) ran the browser tests three times in a row under this.
set -u
loops=()
for _ in 1 2; do
  python3 -c 'while True: pass' &
  loops+=($!)
done
trap 'kill "${loops[@]}" 2>/dev/null' EXIT
"$@"
