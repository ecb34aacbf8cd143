#!/usr/bin/env bash
# File transfer on loopback: the files service's upload (PUT: hash, fsync, rename) and download (GET)
# under the reactor (epoll, nio; 1 loop), beside socat and nc moving the same file; writes
# docs/files-throughput.md. Installs socat and netcat-openbsd with apt-get when missing.
# About 2 minutes on 2 cores with the defaults, plus 2 GiB of disk under /tmp while it runs.
# Loopback only; stops by itself; every process it starts is stopped by PID, also on failure.
# Arguments: [MiB, default 1024] [runs, default 3]
set -euo pipefail
if ! command -v socat >/dev/null || ! command -v nc >/dev/null; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "bench: installing socat and netcat-openbsd" >&2
    $SUDO apt-get install -y -q socat netcat-openbsd >/dev/null \
        || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q socat netcat-openbsd >/dev/null; }
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r)"
"$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" FilesThroughput "$@" --out docs &
BENCH_PID=$!
# Ctrl-C or kill: stop the driver by its PID; its shutdown hook stops socat, nc and the servers by theirs.
trap 'kill -TERM "$BENCH_PID" 2>/dev/null || true; wait "$BENCH_PID" 2>/dev/null || true' INT TERM
trap 'kill -TERM "$BENCH_PID" 2>/dev/null || true' EXIT
wait "$BENCH_PID"
