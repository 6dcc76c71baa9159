#!/usr/bin/env bash
# How fast autoscaling adds capacity, measured on one machine in one run (see bench/README.md):
#   step    an ONNX deployment (the MLP of testdata/onnx/mlp) with target_utilization 1..2 serves one wrk connection;
#           wrk steps to 8 connections (what admission takes for one instance of 4) for 30 s: seconds until a second instance is Ready in the routing (goal <=
#           10 s); every request of those 30 s must be answered 2xx, or the run fails
#   zero    a deployment scaled to zero gets one request (curl): seconds until it is answered, for the ONNX MLP
#           (goal <= 2 s) and for Azure's scikit-learn sample, score.py in Python (goal <= 3 s)
# Each is set beside the instance's own cold start (process start to Ready, as `show` reports it) measured in the
# same round: the peer a held request cannot beat, since it waits for exactly that. Medians over the rounds.
#
#   bench/autoscale.sh [--rounds N] [--keep]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
KEEP=""
COMMAND="bench/autoscale.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench/autoscale.sh: unknown option '$1' (expected: --rounds N, --keep)" >&2; exit 2 ;;
  esac
done
for tool in java mvn wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench/autoscale.sh: '$tool' is missing" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-autoscale.XXXXXX")"
RESULTS="$WORK/results.txt"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
# shellcheck source=lib/common.sh
source "$ROOT/bench/lib/common.sh"
# shellcheck source=lib/model.sh
source "$ROOT/bench/lib/model.sh"

WRK_PID=""
cleanup() {
  [ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null || true
  stop_server
  if [ -z "$KEEP" ]; then rm -rf "$WORK"; else log "kept $WORK"; fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# ready_count ENDPOINT DEPLOYMENT
ready_count() {
  sluice_cli online-deployment show -n "$2" -e "$1" \
    | python3 -c 'import json,sys; print(sum(i["state"] == "Ready" for i in json.load(sys.stdin)["instances"]))'
}

# instance_count ENDPOINT DEPLOYMENT: all instances, whatever their state
instance_count() {
  sluice_cli online-deployment show -n "$2" -e "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["instances"]))'
}

# newest_cold_start_ms ENDPOINT DEPLOYMENT: the cold start of the instance started last
newest_cold_start_ms() {
  sluice_cli online-deployment show -n "$2" -e "$1" | python3 -c '
import json, sys
instances = [i for i in json.load(sys.stdin)["instances"] if i.get("coldStartMs") is not None]
instances.sort(key=lambda i: i["startedAt"])
print(instances[-1]["coldStartMs"] if instances else "nan")'
}

# wait_until SECONDS COMMAND...: polls every 0.1 s; fails the run after SECONDS
wait_until() {
  local limit=$(( $1 * 10 )) tries=0
  shift
  until "$@"; do
    tries=$((tries + 1))
    [ "$tries" -lt "$limit" ] || die "waited too long for: $*"
    sleep 0.1
  done
}

# since_ms ENDPOINT DEPLOYMENT T0_MS: ms from T0 to the first instance Ready after it, and to the scale decision
# before that, as the server timestamped them (the CLI's own polling adds nothing to either)
since_ms() {
  local events history
  events=$(sluice_cli online-deployment show -n "$2" -e "$1")
  history=$(sluice_cli autoscale history -e "$1" -d "$2")
  python3 - "$3" "$events" "$history" <<'EOF'
import datetime, json, sys
t0 = int(sys.argv[1])
def ms(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)
ready = min(ms(e.split()[0]) for e in json.loads(sys.argv[2])["events"] if " Ready:" in e and ms(e.split()[0]) > t0)
decided = min(ms(d["time"]) for d in json.loads(sys.argv[3]) if d["outcome"] == "applied" and ms(d["time"]) > t0)
print(ready - t0, decided - t0)
EOF
}

ready_is() { [ "$(ready_count "$1" "$2")" -eq "$3" ]; }
instances_are() { [ "$(instance_count "$1" "$2")" -eq "$3" ]; }

# deployment_file NAME MODEL_YAML_PART MIN COUNT: a target_utilization deployment of endpoint "scale"
deployment_file() {
  local file="$WORK/$1.yml"
  {
    echo "name: $1"
    echo "endpoint_name: scale"
    echo "$2"
    echo "instance_count: $4"
    echo "request_settings: {request_timeout_ms: 30000, max_concurrent_requests_per_instance: 4}"
    echo "scale_settings: {type: target_utilization, min_instances: $3, max_instances: 2, polling_interval: 1, target_utilization_percentage: 70}"
  } >"$file"
  echo "$file"
}

step_suite() {
  local file body key url round t0 took decided failed
  file=$(deployment_file mlp-step "model: {path: $ROOT/testdata/onnx/mlp/, type: triton_model}" 1 1)
  sluice_cli online-deployment create -f "$file" --all-traffic >/dev/null
  body="$WORK/mlp-request.json"
  model_request "$body"
  key=$(endpoint_key scale)
  url="$(gateway_url)/endpoints/scale/score"
  check_ok "$url" "$body" "$key"
  for round in $(seq 1 "$ROUNDS"); do
    BENCH_BODY="$body" BENCH_AUTH="$key" wrk -t1 -c1 -d5s -s "$ROOT/bench/wrk/post.lua" "$url" >/dev/null 2>&1
    wait_until 120 instances_are scale mlp-step 1
    t0=$(now_ms)
    BENCH_BODY="$body" BENCH_AUTH="$key" wrk -t2 -c8 -d30s --timeout 10s -s "$ROOT/bench/wrk/post.lua" "$url" \
      >"$WORK/step-wrk-$round.txt" 2>&1 &
    WRK_PID=$!
    wait_until 30 ready_is scale mlp-step 2
    read -r took decided < <(since_ms scale mlp-step "$t0")
    echo "step onnx $round $took $(newest_cold_start_ms scale mlp-step) $decided" >>"$RESULTS"
    log "step round $round: scale-out decided $decided ms and second instance Ready $took ms after the load step"
    # The load runs on through the scale step: every one of its requests must have been answered 2xx.
    wait "$WRK_PID" || true
    WRK_PID=""
    failed=$(sed -n 's/^BENCH //p' "$WORK/step-wrk-$round.txt" \
      | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["non2xx"] + r["socket_errors"])')
    [ "$failed" = "0" ] || die "step round $round: $failed requests failed during the scale step"
    log "step round $round: $(sed -n 's/^BENCH //p' "$WORK/step-wrk-$round.txt" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])') requests, none failed"
  done
}

# zero_suite LABEL NAME MODEL_PART BODY_FILE: one request at a time to a deployment at zero
zero_suite() {
  local label="$1" name="$2" part="$3" body="$4" file key url round t0 t1 status
  file=$(deployment_file "$name" "$part" 0 0)
  sluice_cli online-deployment create -f "$file" >/dev/null
  key=$(endpoint_key scale)
  url="$(gateway_url)/endpoints/scale/score"
  for round in $(seq 1 "$ROUNDS"); do
    # Idle for a whole scale-down window (20 polling intervals), the deployment is back at zero.
    wait_until 180 instances_are scale "$name" 0
    t0=$(now_ms)
    status=$(curl -s -o "$WORK/zero-answer.txt" -w '%{http_code}' --cacert "$SERVER_DATA/tls/ca.pem" \
      -H "Authorization: Bearer $key" -H "Content-Type: application/json" -H "azureml-model-deployment: $name" \
      --data-binary "@$body" "$url")
    t1=$(now_ms)
    [ "$status" = "200" ] || die "$label: the held request got $status: $(head -c 300 "$WORK/zero-answer.txt")"
    echo "zero $label $round $((t1 - t0)) $(newest_cold_start_ms scale "$name") nan" >>"$RESULTS"
    log "zero $label round $round: answered $((t1 - t0)) ms after it was sent"
  done
}

report() {
  python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
groups = {}
for kind, label, rnd, took, cold, decided in rows:
    groups.setdefault((kind, label), []).append((float(took), float(cold), float(decided)))
goals = {("step", "onnx"): 10000, ("zero", "onnx"): 2000, ("zero", "python-sklearn"): 3000}
what = {"step": "load step → second instance Ready", "zero": "request to a deployment at zero → answer"}
print("| measure | model | rounds (ms) | median ms | decision after, median ms | instance cold start, median ms "
      "| all but the cold start, ms | goal |")
print("|---|---|---|---:|---:|---:|---:|---|")
for (kind, label), values in groups.items():
    took = statistics.median(v[0] for v in values)
    cold = statistics.median(v[1] for v in values)
    decided = statistics.median(v[2] for v in values)
    goal = goals.get((kind, label))
    verdict = "" if goal is None else ("≤ %d ms: %s" % (goal, "met" if took <= goal else "NOT met"))
    print("| %s | %s | %s | %.0f | %s | %.0f | %.0f | %s |" % (what[kind], label,
          ", ".join("%.0f" % v[0] for v in values), took, "–" if decided != decided else "%.0f" % decided, cold,
          took - cold, verdict))
EOF
}

log "machine: $(nproc) cores, load $(loadavg); java: $(java -version 2>&1 | head -1)"
start_server autoscale
printf 'name: scale\nauth_mode: key\n' >"$WORK/endpoint.yml"
sluice_cli online-endpoint create -f "$WORK/endpoint.yml" >/dev/null
step_suite
zero_suite onnx mlp-zero "model: {path: $ROOT/testdata/onnx/mlp/, type: triton_model}" "$WORK/mlp-request.json"
SKLEARN="$ROOT/examples/azure-sklearn/model-1"
zero_suite python-sklearn py-zero "model: {path: $SKLEARN/model/}
code_configuration: {code: $SKLEARN/onlinescoring/, scoring_script: score.py}
environment: {conda_file: $SKLEARN/environment/conda.yaml}" "$ROOT/examples/azure-sklearn/endpoints/sample-request.json"

TABLE="$OUT/autoscale-$(date +%Y%m%d-%H%M%S).md"
{
  echo "\`$COMMAND\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load after: $(loadavg)"
  echo
  report
} | tee "$TABLE"
log "table saved as $TABLE"
