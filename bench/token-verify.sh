#!/usr/bin/env bash
# JMH: what checking a credential costs on the gateway's request path (bench/auth-jmh/TokenVerifyBenchmark.java):
# an aml_token seen before (the cached path), one seen for the first time (ES256 verification), and a key.
# Builds against the distribution's jars (sluice-server/target/dist/lib); fetches JMH with Maven; installs nothing.
#
#   bench/token-verify.sh [extra JMH options, such as -f 2 -i 10]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/sluice-server/target/dist/lib"
if ! ls "$LIB"/sluice-gateway-*.jar >/dev/null 2>&1; then
  echo "[bench] building the distribution (mvn -DskipTests package)" >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-token-jmh.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
for artifact in org.openjdk.jmh:jmh-core:1.37 org.openjdk.jmh:jmh-generator-annprocess:1.37 \
                net.sf.jopt-simple:jopt-simple:5.0.4 org.apache.commons:commons-math3:3.6.1; do
  mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$WORK/jmh" >&2
done
# -processorpath takes no wildcards: name each jar.
processors=$(printf '%s:' "$WORK"/jmh/*.jar)
javac -d "$WORK/classes" -cp "$LIB/*:$WORK/jmh/*" -processorpath "${processors%:}" \
  "$ROOT/bench/auth-jmh/TokenVerifyBenchmark.java"
java -XX:+UseSerialGC -cp "$WORK/classes:$LIB/*:$WORK/jmh/*" org.openjdk.jmh.Main TokenVerifyBenchmark \
  -jvmArgsAppend "-XX:+UseSerialGC" "$@"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
