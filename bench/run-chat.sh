#!/usr/bin/env bash
# Chat fan-out: lines delivered per second with 100 and 1 000 clients in one room, for the chat
# service under the reactor (nio, epoll; 2 loops) and on virtual threads, each server in its own JVM.
# About 1 minute on 2 cores. Loopback only; stops by itself. Arguments: [seconds per case] [clients...]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" ChatFanout "$@"
