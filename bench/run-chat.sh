#!/usr/bin/env bash
# Chat fan-out: lines delivered per second with 100 and 1 000 clients in one room, for the chat
# service under the reactor (nio, epoll; 2 loops) and on virtual threads, each server in its own JVM.
# About 1 minute on 2 cores. Loopback only; stops by itself. Arguments: [seconds per case] [clients...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/java" ] || ! "$JDK/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    JDK="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n1)"
fi
JAVA_HOME="$JDK" ./mvnw -B -q -ntp -Dmaven.test.skip=true package -pl bench -am dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ulimit -n 20000 2>/dev/null || true
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" io.switchboard.bench.ChatFanout "$@"
