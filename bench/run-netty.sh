#!/usr/bin/env bash
# Switchboard vs Netty 4.2 (NIO and epoll) vs a JDK virtual-thread echo: writes docs/netty-comparison.md.
# About 10 minutes on 2 cores (`--quick`: about 2). Loopback only; stops by itself.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/bench-java.sh" NettyComparison "$@" --out docs
