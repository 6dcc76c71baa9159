#!/usr/bin/env bash
# System calls and context switches per request of each proxy of the ONNX split suites: Sluice's server, nginx
# and the bare Netty proxy in front of the same two instances (TLS, key auth, 50/50), counted by `perf stat` over
# 8 s of a 12 s wrk run against each in turn. What a request costs the kernel is the largest part of a proxy's CPU
# here (about 45% of Sluice's server in perf), so these counts say which proxy pays it how often.
#
#   bench/syscalls.sh [--model mlp|quickstart] [--connections N] [--rounds N]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL=mlp
CONNS=16
ROUNDS=2
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --connections) CONNS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench/syscalls.sh: unknown option '$1' (expected: --model, --connections, --rounds)" >&2; exit 2 ;;
  esac
done
case "$MODEL" in
  mlp|quickstart) ;;
  *) echo "bench/syscalls.sh: --model $MODEL (expected: mlp | quickstart)" >&2; exit 2 ;;
esac
for tool in perf wrk nginx; do
  command -v "$tool" >/dev/null || { echo "bench/syscalls.sh: '$tool' is missing (Debian: apt-get install linux-perf wrk nginx)" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-syscalls.XXXXXX")"
RESULTS="$WORK/results.jsonl"
WARMUP=5
DURATION=12
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
cleanup() {
  stop_nginx
  stop_bare_proxy
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server syscalls
deploy_onnx_split "$MODEL" benchsys
body="$ONNX_BODY"
start_split_targets tls benchsys "$body"

# The calls a proxy makes per request, and raw_syscalls for all of them together.
events="raw_syscalls:sys_enter,context-switches"
for call in read write readv writev recvfrom sendto recvmsg sendmsg epoll_wait epoll_pwait epoll_pwait2 epoll_ctl \
            futex timerfd_settime; do
  events="$events,syscalls:sys_enter_$call"
done

# count TARGET URL PIDS...: perf stat over 8 s of a 12 s wrk run; prints each event per request answered.
count() {
  local target="$1" url="$2"
  shift 2
  local wrk_out="$WORK/wrk-$target.txt" perf_out="$WORK/perf-$target.txt" wrk_pid rps
  BENCH_BODY="$body" BENCH_AUTH="$SPLIT_KEY" wrk -t2 -c"$CONNS" -d12s --timeout 10s -s "$ROOT/bench/wrk/post.lua" \
    "$url" >"$wrk_out" 2>&1 &
  wrk_pid=$!
  sleep 2
  perf stat -x, -e "$events" -p "$(echo "$@" | tr ' ' ',')" -- sleep 8 2>"$perf_out"
  wait "$wrk_pid"
  rps=$(sed -n 's/^BENCH //p' "$wrk_out" | json_get - '["rps"]')
  python3 - "$target" "$rps" "$perf_out" <<'PY'
import sys
target, rps, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
requests = rps * 8
counts = []
for line in open(path):
    fields = line.strip().split(",")
    if len(fields) > 2 and fields[0].replace(".", "", 1).isdigit() and float(fields[0]) > 0:
        name = fields[2].split(":")[-1]
        name = "all calls" if name == "sys_enter" else name.replace("sys_enter_", "")
        counts.append(f"{name} {float(fields[0]) / requests:.2f}")
print(f"{target:7s} {rps:9,.0f} req/s | per request: " + ", ".join(counts))
PY
}

log "model $MODEL, $CONNS connections, $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  count sluice "$SPLIT_SLUICE" "$SERVER_PID"
  # shellcheck disable=SC2046
  count nginx "$SPLIT_NGINX" $(nginx_pids)
  count bare "$SPLIT_BARE" "$BARE_PID"
done
