#!/usr/bin/env bash
# Shared by the bench/run-*.sh scripts: finds a JDK >= 25, builds core, services and bench once
# (no tests), and runs the given bench main class with the bench classpath and every further argument.
# Usage: bench/bench-java.sh MAIN_CLASS [ARGS...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/java" ] || ! "$JDK/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    JDK="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n1)"
fi
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/java" ]; then
    echo "bench: no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm/*25*)" >&2
    exit 1
fi
JAVA_HOME="$JDK" ./mvnw -B -q -ntp -Dmaven.test.skip=true package -pl bench -am dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ulimit -n 20000 2>/dev/null || true
MAIN="$1"
shift
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" "io.switchboard.bench.$MAIN" "$@"
