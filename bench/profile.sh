#!/usr/bin/env bash
# Profiles the gateway and a worker under load with JFR (async-profiler is not needed): starts a server,
# deploys the constant scorer as blue/green 50/50 (or the MLP with --model), records the server JVM and one
# worker JVM while wrk drives the gateway, then prints hot methods and allocation sites of both.
#
#   bench/profile.sh [--tls=off] [--model | --batched] [--binary] [--seconds N] [--connections N] [--keep]
# --batched records only the worker: the MLP with sluice.batching (deploy/mlp-batched.yml), wrk on its own port;
# --binary sends the MLP's row as KServe v2 binary tensor data instead of JSON.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RECORD=20
CONNS=64
TLS_FLAG=()
MODEL=""
KEEP=""
BINARY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tls=off) TLS_FLAG=(--tls=off); shift ;;
    --model) MODEL=1; shift ;;
    --batched) MODEL=batched; shift ;;
    --binary) BINARY=1; shift ;;
    --seconds) SECONDS_TO_RECORD="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "bench/profile.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-profile.XXXXXX")"
RESULTS="$WORK/results.jsonl"
DURATION="$SECONDS_TO_RECORD"
WARMUP=5
# shellcheck source=lib/common.sh
source "$ROOT/bench/lib/common.sh"
# shellcheck source=lib/model.sh
source "$ROOT/bench/lib/model.sh"

cleanup() {
  stop_server
  if [ -z "$KEEP" ]; then rm -rf "$WORK"; else log "kept $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server profile "${TLS_FLAG[@]}"
if [ "$MODEL" = batched ]; then
  sluice_cli online-endpoint create -f "$ROOT/bench/deploy/mlp-endpoint.yml" >/dev/null
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/mlp-batched.yml" --all-traffic >/dev/null
  endpoint=benchmlp deployment=mlpbatch path=/v2/models/mlp/infer body="$WORK/mlp-request.json"
  model_request "$body"
elif [ -n "$MODEL" ]; then
  sluice_cli online-endpoint create -f "$ROOT/bench/deploy/mlp-endpoint.yml" >/dev/null
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/mlp.yml" --all-traffic >/dev/null
  endpoint=benchmlp deployment=mlp path=/v2/models/mlp/infer body="$WORK/mlp-request.json"
  model_request "$body"
else
  sluice_cli online-endpoint create -f "$ROOT/bench/deploy/endpoint.yml" >/dev/null
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/blue.yml" --all-traffic >/dev/null
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/green.yml" >/dev/null
  sluice_cli online-endpoint update -n bench --traffic "blue=50 green=50" >/dev/null
  endpoint=bench deployment=blue path=/score body="$ROOT/bench/deploy/constant-request.json"
fi
key=$(endpoint_key "$endpoint")
url="$(gateway_url)/endpoints/$endpoint$path"
if [ "$MODEL" = batched ]; then
  url="$(instance_url "$endpoint" "$deployment")$path" key=""
fi
if [ -n "$BINARY" ]; then
  [ -n "$MODEL" ] || die "--binary needs --model or --batched"
  BENCH_HEADER_LENGTH=$(model_request_binary "$body" "$WORK/mlp-request.bin")
  body="$WORK/mlp-request.bin"
  export BENCH_HEADER_LENGTH
fi
worker_pid=$(instance_pid "$endpoint" "$deployment")
check_ok "$url" "$body" "$key"
warm_up "$url" "$body" "$key"

settings="$WORK/profile.jfc"
# The default settings plus allocation sampling at a useful rate and 10 ms CPU sampling.
jfr configure --input default.jfc --output "$settings" method-profiling=high allocation-profiling=medium >/dev/null 2>&1 \
  || cp "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" "$settings"
for pid in "$SERVER_PID" "$worker_pid"; do
  jcmd "$pid" JFR.start name=bench settings="$settings" filename="$WORK/$pid.jfr" >/dev/null
done
log "recording server (pid $SERVER_PID) and worker (pid $worker_pid) for ${SECONDS_TO_RECORD} s at c=$CONNS"
PROXY_PIDS="$SERVER_PID" WORKER_PIDS="$worker_pid" run_wrk profile gateway "$CONNS" 1 "$url" "$body" "$key"
for pid in "$SERVER_PID" "$worker_pid"; do
  jcmd "$pid" JFR.stop name=bench >/dev/null
done
python3 - "$RESULTS" <<'EOF'
import json, sys
run = [json.loads(l) for l in open(sys.argv[1]) if '"wrk"' in l][-1]
w, c = run["wrk"], run["cpu"]
per = lambda ticks: ticks * 1e6 / c["ticks_per_s"] / w["requests"]
print(f'{w["rps"]:.0f} req/s, p50 {w["p50_us"]} us, p99 {w["p99_us"]} us, non-2xx {w["non2xx"]}; '
      f'CPU per request: server {per(c["proxy"]):.0f} us, worker {per(c["workers"]):.0f} us')
EOF
echo; echo "=== server JVM (gateway) ==="
python3 "$ROOT/bench/jfr_top.py" "$WORK/$SERVER_PID.jfr" 30
echo; echo "=== worker JVM ($deployment) ==="
python3 "$ROOT/bench/jfr_top.py" "$WORK/$worker_pid.jfr" 30
