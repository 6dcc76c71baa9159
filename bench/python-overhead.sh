#!/usr/bin/env bash
# The per-request overhead of the Python path (worker + runner), with no model time in it: a score.py that returns
# a constant and a Score.java that returns the same constant, each served by a worker started directly (no server,
# no gateway, plain HTTP on loopback), driven by wrk in turns within one run. Prints p50, p99 and requests/s of
# both and the Python path's extra latency per request.
#
#   bench/python-overhead.sh [--duration SECONDS] [--rounds N] [--python /usr/bin/python3]
#
# Scenarios: 1 connection against 1 runner (the latency of one request), and 4 connections against
# max_concurrent_requests_per_instance 4 with WORKER_COUNT 4 (runners in parallel; bounded by the machine's cores).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=10
ROUNDS=2
WARMUP=3
PYTHON=/usr/bin/python3

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench/python-overhead.sh: unknown option '$1' (expected: --duration S, --rounds N, --python PATH)" >&2
       exit 2 ;;
  esac
done

for tool in java mvn wrk curl "$PYTHON"; do
  command -v "$tool" >/dev/null || { echo "bench/python-overhead.sh: '$tool' is missing" >&2; exit 2; }
done

LIB="${SLUICE_LIB:-$ROOT/sluice-server/target/dist/lib}"
if ! ls "$LIB"/sluice-server-*-dist.jar >/dev/null 2>&1; then
  echo "[bench] building the distribution (mvn -DskipTests package)" >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-python-overhead.XXXXXX")"
PIDS=()
cleanup() {
  stop_workers
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/python" "$WORK/java"
cat >"$WORK/python/score.py" <<'EOF'
ANSWER = {"result": [0.5]}


def init():
    pass


def run(raw_data):
    return ANSWER
EOF
cat >"$WORK/java/Score.java" <<'EOF'
import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.scoring.ScoringScript;

public class Score implements ScoringScript {
    public void init(ScoringContext context) {
    }

    public ScoringResult run(ScoringRequest request) {
        return ScoringResult.json("{\"result\": [0.5]}");
    }
}
EOF
BODY="$WORK/request.json"
echo '{"data": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]}' >"$BODY"

# start_worker NAME SCRIPT CODE_DIR CONCURRENCY WORKER_COUNT: starts a worker and sets WORKER_PORT once it is Ready.
# (Not called in $(...): the worker's pid must be remembered by this shell, which stops it.)
start_worker() {
  local name="$1" script="$2" code="$3" concurrency="$4" runners="$5" dir="$WORK/$1"
  mkdir -p "$dir/work"
  cat >"$dir/worker.json" <<EOF
{"instanceId": "$name", "endpointName": "bench", "deploymentName": "$name", "generation": 1,
 "modelType": "custom_model", "modelDir": null, "codeDir": "$code", "scoringScript": "$script", "condaFile": null,
 "environmentVariables": {}, "requestTimeoutMs": 5000, "maxConcurrentRequests": $concurrency, "maxQueueWaitMs": 500,
 "host": "127.0.0.1", "port": 0, "addressFile": "$dir/address.json", "serverPid": 0, "workDir": "$dir/work",
 "pythonExecutable": "$PYTHON", "workerCount": $runners}
EOF
  java -XX:+UseSerialGC -cp "$LIB/*" dev.sluice.worker.WorkerMain "$dir/worker.json" >"$dir/console.log" 2>&1 &
  PIDS+=($!)
  local port="" tries=0
  while [ -z "$port" ] || [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/.sluice/ready")" != 200 ]; do
    [ -s "$dir/address.json" ] && port=$(sed -E 's/.*"port":([0-9]+).*/\1/' "$dir/address.json")
    tries=$((tries + 1))
    if [ "$tries" -gt 600 ]; then
      tail -20 "$dir/console.log" >&2
      echo "bench/python-overhead.sh: worker $name did not turn Ready within 60 s" >&2
      exit 1
    fi
    sleep 0.1
  done
  WORKER_PORT="$port"
}

stop_workers() {
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

# measure PORT CONNECTIONS SECONDS: one BENCH json line from bench/wrk/post.lua.
measure() {
  BENCH_BODY="$BODY" BENCH_AUTH="" wrk -t "$2" -c "$2" -d "${3}s" -s "$ROOT/bench/wrk/post.lua" \
    "http://127.0.0.1:$1/score" | grep '^BENCH ' | sed 's/^BENCH //'
}

RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
for scenario in "1 1" "4 4"; do
  read -r conns runners <<<"$scenario"
  start_worker "python-$conns" score.py "$WORK/python" "$conns" "$runners"
  py_port="$WORKER_PORT"
  start_worker "java-$conns" Score.java "$WORK/java" "$conns" 1
  java_port="$WORKER_PORT"
  curl -sf -X POST -H 'Content-Type: application/json' --data @"$BODY" "http://127.0.0.1:$py_port/score" >/dev/null
  curl -sf -X POST -H 'Content-Type: application/json' --data @"$BODY" "http://127.0.0.1:$java_port/score" >/dev/null
  measure "$py_port" "$conns" "$WARMUP" >/dev/null
  measure "$java_port" "$conns" "$WARMUP" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    echo "[bench] connections $conns, round $round/$ROUNDS" >&2
    printf '{"path":"python","conns":%s,"runners":%s,"round":%s,"m":%s}\n' "$conns" "$runners" "$round" \
      "$(measure "$py_port" "$conns" "$DURATION")" >>"$RESULTS"
    printf '{"path":"java","conns":%s,"runners":1,"round":%s,"m":%s}\n' "$conns" "$round" \
      "$(measure "$java_port" "$conns" "$DURATION")" >>"$RESULTS"
  done
  stop_workers
done

"$PYTHON" - "$RESULTS" "$PYTHON" "$DURATION" "$ROUNDS" <<'EOF'
import json, os, statistics, subprocess, sys

rows = [json.loads(line) for line in open(sys.argv[1])]
python = subprocess.run([sys.argv[2], "--version"], capture_output=True, text=True).stdout.strip()
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print("Python path overhead (worker + runner, constant answer), %s s x %s rounds, %s cores, load average %s, %s, %s"
      % (sys.argv[3], sys.argv[4], os.cpu_count(), " ".join(open("/proc/loadavg").read().split()[:3]), python, java))
print()
print("| connections | path | runners | p50 (ms) | p99 (ms) | requests/s | non-2xx |")
print("|---|---|---|---|---|---|---|")
summary = {}
for conns in sorted({r["conns"] for r in rows}):
    for path in ("java", "python"):
        runs = [r for r in rows if r["conns"] == conns and r["path"] == path]
        p50 = statistics.median(r["m"]["p50_us"] for r in runs) / 1000
        p99 = statistics.median(r["m"]["p99_us"] for r in runs) / 1000
        rps = statistics.median(r["m"]["rps"] for r in runs)
        bad = sum(r["m"]["non2xx"] + r["m"]["socket_errors"] for r in runs)
        summary[(conns, path)] = (p50, p99, rps)
        print("| %d | %s | %d | %.3f | %.3f | %.0f | %d |" % (conns, path, runs[0]["runners"], p50, p99, rps, bad))
print()
for conns in sorted({r["conns"] for r in rows}):
    j, p = summary[(conns, "java")], summary[(conns, "python")]
    print("%d connection(s): the Python path adds %.3f ms at p50 and %.3f ms at p99 per request; it serves %.0f%% of"
          " the Java path's requests/s" % (conns, p[0] - j[0], p[1] - j[1], 100 * p[2] / j[2]))
EOF
