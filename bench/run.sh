#!/usr/bin/env bash
# Sluice's benchmarks, one command: gateway against nginx and a worker directly (TLS on and off; a constant
# scorer, then ONNX models behind it), the model path against ONNX Runtime in-process, and Python. Prints one markdown table; see bench/README.md.
#
#   bench/run.sh [--rounds N] [--duration SECONDS]
#                [--suites gateway-tls,gateway-plain,onnx-quickstart,onnx-mlp,model,python]
#                [--quick] [--build] [--keep]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
DURATION=10
WARMUP=5
SUITES="gateway-tls,gateway-plain,onnx-quickstart,onnx-mlp,model,python"
BUILD=""
KEEP=""
COMMAND="bench/run.sh $*"

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --suites) SUITES="$2"; shift 2 ;;
    --quick) ROUNDS=1; DURATION=5; WARMUP=3; shift ;;
    --build) BUILD=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (expected: --rounds N, --duration S, --suites LIST, --quick, --build, --keep)" >&2
       exit 2 ;;
  esac
done

for tool in java mvn wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: '$tool' is missing (Debian: apt-get install wrk nginx python3 curl; a JDK 17+ and Maven)" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")"
RESULTS="$WORK/results.jsonl"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"

# shellcheck source=lib/common.sh
source "$ROOT/bench/lib/common.sh"
# shellcheck source=lib/nginx.sh
source "$ROOT/bench/lib/nginx.sh"
# shellcheck source=lib/bare.sh
source "$ROOT/bench/lib/bare.sh"
# shellcheck source=lib/gateway.sh
source "$ROOT/bench/lib/gateway.sh"
# shellcheck source=lib/model.sh
source "$ROOT/bench/lib/model.sh"
# shellcheck source=lib/onnx.sh
source "$ROOT/bench/lib/onnx.sh"
# shellcheck source=lib/python.sh
source "$ROOT/bench/lib/python.sh"

cleanup() {
  local status=$?
  stop_nginx
  stop_bare_proxy
  stop_server
  if [ "$status" -ne 0 ] && [ -s "$RESULTS" ]; then
    # The runs measured so far are worth keeping: bench/report.py makes a table of them.
    cp "$RESULTS" "$OUT/results-partial-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
    log "kept the runs measured so far in bench/out/ (exit status $status)"
  fi
  if [ -z "$KEEP" ]; then
    rm -rf "$WORK"
  else
    log "kept $WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dist="$ROOT/sluice-server/target/dist/lib"
if [ -n "$BUILD" ] || ! ls "$dist"/sluice-server-*-dist.jar >/dev/null 2>&1; then
  # install, not only package: bench/jmh builds against the installed sluice-worker.
  log "building the distribution (mvn -B -q -DskipTests install)"
  (cd "$ROOT" && mvn -B -q -DskipTests install) >"$WORK/build.log" 2>&1 || die "build failed: $(tail -30 "$WORK/build.log")"
elif [ -n "$(find "$ROOT"/sluice-*/src/main -newer "$(ls "$dist"/sluice-server-*-dist.jar)" -type f | head -1)" ]; then
  log "note: sources are newer than the distribution in $dist; pass --build to rebuild it first"
fi

record_meta command "$COMMAND"
record_meta date "$(date -u +%Y-%m-%dT%H:%MZ)"
record_meta machine "$(nproc) CPUs, $(uname -sr)"
record_meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
record_meta memory "$(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
record_meta java "$(java -version 2>&1 | head -1)"
record_meta wrk "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
record_meta nginx "$(nginx -v 2>&1 | sed 's/^nginx version: //')"
record_meta rounds "$ROUNDS rounds of ${DURATION} s per target and concurrency, after ${WARMUP} s of warm-up"
record_meta duration "$DURATION"
record_meta "run.loadavg.start" "$(loadavg)"
log "results in $RESULTS; load average $(loadavg)"

IFS=',' read -r -a selected <<<"$SUITES"
for suite in "${selected[@]}"; do
  case "$suite" in
    gateway-tls) gateway_suite tls ;;
    gateway-plain) gateway_suite plain ;;
    onnx-quickstart) onnx_suite quickstart ;;
    onnx-mlp) onnx_suite mlp ;;
    model) model_suite ;;
    python) python_suite ;;
    *) die "unknown suite '$suite' (expected: gateway-tls, gateway-plain, onnx-quickstart, onnx-mlp, model, python)" ;;
  esac
done

record_meta "run.loadavg.end" "$(loadavg)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
cp "$RESULTS" "$OUT/results-$stamp.jsonl"
python3 "$ROOT/bench/report.py" "$RESULTS" | tee "$OUT/table-$stamp.md"
log "table saved as bench/out/table-$stamp.md (raw runs: bench/out/results-$stamp.jsonl)"
