#!/usr/bin/env bash
# Measures every poller with 10..10000 idle connections and writes docs/poller-scaling.md plus two
# SVG charts into docs/. About 7 minutes on 2 cores (`--quick`: about 1 minute). Loopback only.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" PollerScaling --out docs "$@"
