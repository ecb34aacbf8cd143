#!/usr/bin/env bash
# HTTP plaintext keep-alive: wrk against Switchboard's HTTP service, Netty's HTTP codec and nginx
# (same bytes, same loop/worker count: 1 and 2), one server at a time on 127.0.0.1; writes
# docs/http-comparison.md and prints it. About 8 minutes on 2 cores (`--quick`: about 1).
# Installs wrk and nginx with apt-get when missing. Waits (at most 15 minutes) while another
# benchmark holds /tmp/bench.lock, holds it while measuring, and stops every process it started,
# by PID, on any exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK=/tmp/bench.lock

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    echo "run-http: installing ${missing[*]}" >&2
    apt-get install -y "${missing[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi
export PATH="$PATH:/usr/sbin"

WORK="$(mktemp -d /tmp/run-http.XXXXXX)" # the PID list and the servers' temporary files
PIDS="$WORK/pids"
: > "$PIDS"
DRIVER=""
cleanup() {
    status=$?
    trap - EXIT INT TERM
    [ -n "$DRIVER" ] && kill "$DRIVER" 2>/dev/null && wait "$DRIVER" 2>/dev/null || true
    # Only processes the driver started and had not stopped yet; children first (nginx's workers).
    while read -r pid; do
        [ -n "$pid" ] || continue
        for child in $(pgrep -P "$pid" 2>/dev/null); do
            kill -9 "$child" 2>/dev/null || true
        done
        kill -9 "$pid" 2>/dev/null || true
    done < "$PIDS"
    rm -rf "$WORK"
    if [ -f "$LOCK" ] && [ "$(cat "$LOCK" 2>/dev/null)" = "$$" ]; then
        rm -f "$LOCK"
    fi
    exit "$status"
}
trap cleanup EXIT INT TERM

waited=0
while [ -e "$LOCK" ]; do
    if [ "$waited" -ge 900 ]; then
        echo "run-http: $LOCK still held (by PID $(cat "$LOCK" 2>/dev/null)) after 15 minutes; giving up" >&2
        exit 1
    fi
    [ "$waited" -eq 0 ] && echo "run-http: waiting while $LOCK exists (PID $(cat "$LOCK" 2>/dev/null))" >&2
    sleep 5
    waited=$((waited + 5))
done
echo "$$" > "$LOCK"
echo "run-http: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Build first (bench-java.sh builds, then execs the JVM, whose PID is the driver's).
BENCH_PIDS="$PIDS" BENCH_TMP="$WORK" "$ROOT/bench/bench-java.sh" HttpComparison "$@" --out "$ROOT/docs" &
DRIVER=$!
wait "$DRIVER"
DRIVER=""
cat "$ROOT/docs/http-comparison.md"
