#!/usr/bin/env bash
# Hand-off vs SO_REUSEPORT for spreading new connections: connections/s, 3 runs of 4 s each by
# default. About 1 minute on 2 cores. Loopback only; stops by itself. Arguments: [seconds] [runs]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" AcceptRate "$@"
