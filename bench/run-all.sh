#!/usr/bin/env bash
# Regenerates the measurements issue #8 asks for, one after another on a quiet machine:
#   bench/run-netty.sh  echo ping-pong and stream, idle RSS, allocation vs Netty  -> docs/netty-comparison.md
#   bench/run-http.sh   HTTP plaintext under wrk vs Netty and nginx                -> docs/http-comparison.md
# About 18 minutes on 2 cores; `--quick` passes --quick to both (about 3 minutes). With `--extras`
# it also runs the pollers, accept, chat and files benches (about 11 minutes more).
# docs/performance.md quotes these generated files; update its tables from them after a run.
# Loopback only; every script stops what it started by PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=()
extras=false
for arg in "$@"; do
    case "$arg" in
        --quick) quick=(--quick) ;;
        --extras) extras=true ;;
        *) echo "usage: bench/run-all.sh [--quick] [--extras]" >&2; exit 2 ;;
    esac
done
started=$(date +%s)
step() {
    echo "== $* ($(( $(date +%s) - started )) s in)"
    "$@"
}
step bench/run-netty.sh "${quick[@]}"
step bench/run-http.sh "${quick[@]}"
if $extras; then
    step bench/run-pollers.sh "${quick[@]}"
    step bench/run-accept.sh
    step bench/run-chat.sh
    step bench/run-files.sh
fi
echo "== all done in $(( $(date +%s) - started )) s; see docs/netty-comparison.md and docs/http-comparison.md"
