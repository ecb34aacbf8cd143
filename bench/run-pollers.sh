#!/usr/bin/env bash
# Measures every poller with 10..10000 idle connections and writes docs/poller-scaling.md plus two
# SVG charts into docs/. About 7 minutes on 2 cores (`--quick`: about 1 minute). Loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/java" ] || ! "$JDK/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    JDK="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n1)"
fi
# One reactor build: compiles core, services and bench, and writes each module's classpath file.
JAVA_HOME="$JDK" ./mvnw -B -q -ntp -Dmaven.test.skip=true package -pl bench -am dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ulimit -n 20000 2>/dev/null || true
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" io.switchboard.bench.PollerScaling --out docs "$@"
