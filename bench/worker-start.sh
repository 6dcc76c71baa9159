#!/usr/bin/env bash
# What the worker class archive (AppCDS, WorkerClassArchive) saves on a worker's start, side by side in one run:
# the distribution's worker JVM serving the MLP of testdata/onnx/mlp (triton_model), started directly with the
# server's worker options, timed from exec to its "init complete" line; rounds alternate without and with the
# archive (recorded once at the start, as the server records it). Medians over the rounds.
#
#   bench/worker-start.sh [--rounds N]   (default 9)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=9
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench/worker-start.sh: unknown option '$1' (expected: --rounds N)" >&2; exit 2 ;;
  esac
done
LIB="$ROOT/sluice-server/target/dist/lib"
ls "$LIB"/sluice-worker-*.jar >/dev/null 2>&1 || { echo "bench/worker-start.sh: build first (mvn -DskipTests package)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-worker-start.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/work"
python3 - "$WORK" "$ROOT/testdata/onnx/mlp" <<'EOF'
import json, sys
work, model = sys.argv[1], sys.argv[2]
json.dump({"instanceId": "start-1", "endpointName": "bench", "deploymentName": "mlp", "generation": 1,
           "modelType": "triton_model", "modelDir": model, "codeDir": None, "scoringScript": None,
           "condaFile": None, "environmentVariables": {}, "requestTimeoutMs": 5000, "maxConcurrentRequests": 1,
           "maxQueueWaitMs": 500, "host": "127.0.0.1", "port": 0, "addressFile": work + "/address.json",
           "serverPid": 1, "workDir": work + "/work", "pythonExecutable": None, "workerCount": 1,
           "batching": None}, open(work + "/worker.json", "w"))
EOF

# start_ms [JVM options...]: ms from exec to "init complete"; the worker is stopped (SIGTERM) afterwards
start_ms() {
  local out="$WORK/out.txt" pid t0 t1
  rm -f "$WORK/address.json" "$out"
  t0=$(date +%s%3N)
  java -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xss512k -Xlog:cds=off -Xlog:cds+dynamic=off "$@" \
    -cp "$LIB/*" dev.sluice.worker.WorkerMain "$WORK/worker.json" >"$out" 2>&1 &
  pid=$!
  until grep -q "init complete" "$out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; echo "the worker exited before init" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(date +%s%3N)
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  echo $((t1 - t0))
}

start_ms -XX:ArchiveClassesAtExit="$WORK/worker.jsa" >/dev/null
[ -s "$WORK/worker.jsa" ] || { echo "bench/worker-start.sh: the JVM recorded no archive" >&2; exit 1; }
start_ms >/dev/null # one unmeasured start each, so that both find the files in the page cache
start_ms -XX:SharedArchiveFile="$WORK/worker.jsa" >/dev/null
: >"$WORK/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  echo "without $(start_ms)" >>"$WORK/results.txt"
  echo "with $(start_ms -XX:SharedArchiveFile="$WORK/worker.jsa")" >>"$WORK/results.txt"
done
python3 - "$WORK/results.txt" "$ROUNDS" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
without = [int(v) for k, v in rows if k == "without"]
with_ = [int(v) for k, v in rows if k == "with"]
ratios = [w / o for w, o in zip(with_, without)]
print(f"`bench/worker-start.sh --rounds {sys.argv[2]}` on {__import__('os').cpu_count()} cores, load after: {sys.argv[3]}")
print()
print("| worker JVM start to init complete (ONNX MLP) | rounds (ms) | median ms |")
print("|---|---|---:|")
print(f"| without the class archive | {', '.join(map(str, without))} | {statistics.median(without):.0f} |")
print(f"| with the class archive | {', '.join(map(str, with_))} | {statistics.median(with_):.0f} |")
print()
print(f"with/without, median of the per-round ratios: {statistics.median(ratios):.2f}")
EOF
