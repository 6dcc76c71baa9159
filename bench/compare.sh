#!/usr/bin/env bash
# Before/after of a change, side by side in one run: two servers, one per build (each a copy of
# sluice-server/target/dist/lib), with the same deployments; wrk alternates A B A B against the same target of
# each and the table gives medians, B/A ratios and CPU time per request (steadier than req/s on a shared box).
#
#   bench/compare.sh BEFORE_LIB AFTER_LIB [--model] [--rounds N] [--duration S] [--connections "16 64"]
#                    [--targets "gateway direct"]
# --model deploys the MLP (unbatched, and batched as deploy/mlp-batched.yml) and adds the targets `batched` (that
# worker directly) and `noop` (GET /v2/health/ready on the unbatched worker: the worker's fixed cost per request).
#
# JAVA_OPTS_A / JAVA_OPTS_B give each server JVM its own options, SERVER_FLAGS_A / SERVER_FLAGS_B each server its
# own `sluice server` flags (the same build twice, e.g. SERVER_FLAGS_B="--tls=off"), and JAVA_HOME_A / JAVA_HOME_B
# each its own Java runtime (its workers run on the same one).
# Keep a build for later with: cp -r sluice-server/target/dist/lib /tmp/sluice-before
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
LIB_A="$(cd "$1" && pwd)"
LIB_B="$(cd "$2" && pwd)"
shift 2
ROUNDS=5
DURATION=8
WARMUP=5
CONNECTIONS="16 64"
TARGETS="gateway direct"
MODEL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL=1; CONNECTIONS="1 32"; [ "$TARGETS" != "gateway direct" ] || TARGETS="gateway direct batched noop"; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --targets) TARGETS="$2"; shift 2 ;;
    *) echo "bench/compare.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for lib in "$LIB_A" "$LIB_B"; do
  ls "$lib"/sluice-server-*-dist.jar >/dev/null 2>&1 || { echo "$lib: no sluice-server-*-dist.jar (expected: a copy of sluice-server/target/dist/lib)" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-compare.XXXXXX")"
RESULTS="$WORK/results.jsonl"
# shellcheck source=lib/common.sh
source "$ROOT/bench/lib/common.sh"
# shellcheck source=lib/model.sh
source "$ROOT/bench/lib/model.sh"

SERVERS=()
cleanup() {
  for pid in "${SERVERS[@]}"; do
    SERVER_PID="$pid"
    stop_server
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# up NAME LIB: a server of that build with the suite's deployments; leaves NAME_* variables behind.
up() {
  local name="$1" lib="$2"
  SLUICE="$WORK/sluice-$name"
  local opts_var="JAVA_OPTS_$name" flags_var="SERVER_FLAGS_$name" home_var="JAVA_HOME_$name"
  # bin/sluice itself, so both servers get the JVM flags a user's server gets.
  printf '#!/usr/bin/env bash\nSLUICE_LIB=%q SLUICE_JAVA_OPTS=%q JAVA_HOME=%q exec %q "$@"\n' \
    "$lib" "${!opts_var:-}" "${!home_var:-${JAVA_HOME:-}}" "$ROOT/bin/sluice" >"$SLUICE"
  chmod +x "$SLUICE"
  # shellcheck disable=SC2086
  start_server "$name" ${!flags_var:-}
  SERVERS+=("$SERVER_PID")
  local endpoint deployment path body workers
  if [ -n "$MODEL" ]; then
    sluice_cli online-endpoint create -f "$ROOT/bench/deploy/mlp-endpoint.yml" >/dev/null || die "endpoint create failed"
    sluice_cli online-deployment create -f "$ROOT/bench/deploy/mlp.yml" --all-traffic >/dev/null || die "mlp failed"
    sluice_cli online-deployment create -f "$ROOT/bench/deploy/mlp-batched.yml" >/dev/null || die "mlpbatch failed"
    endpoint=benchmlp deployment=mlp path=/v2/models/mlp/infer body="$WORK/mlp-request.json"
    model_request "$body"
    workers=$(instance_pid benchmlp mlp)
    printf -v "${name}_batched" '%s' "$(instance_url benchmlp mlpbatch)$path"
    printf -v "${name}_workers_batched" '%s' "$(instance_pid benchmlp mlpbatch)"
    printf -v "${name}_noop" '%s' "$(instance_url benchmlp mlp)/v2/health/ready"
  else
    sluice_cli online-endpoint create -f "$ROOT/bench/deploy/endpoint.yml" >/dev/null || die "endpoint create failed"
    sluice_cli online-deployment create -f "$ROOT/bench/deploy/blue.yml" --all-traffic >/dev/null || die "blue failed"
    sluice_cli online-deployment create -f "$ROOT/bench/deploy/green.yml" >/dev/null || die "green failed"
    sluice_cli online-endpoint update -n bench --traffic "blue=50 green=50" >/dev/null || die "traffic failed"
    endpoint=bench deployment=blue path=/score body="$ROOT/bench/deploy/constant-request.json"
    workers="$(instance_pid bench blue) $(instance_pid bench green)"
  fi
  printf -v "${name}_gateway" '%s' "$(gateway_url)/endpoints/$endpoint$path"
  printf -v "${name}_direct" '%s' "$(instance_url "$endpoint" "$deployment")$path"
  printf -v "${name}_key" '%s' "$(endpoint_key "$endpoint")"
  printf -v "${name}_server" '%s' "$SERVER_PID"
  printf -v "${name}_workers" '%s' "$workers"
  printf -v "${name}_body" '%s' "$body"
}

# target_request NAME TARGET: sets url, body, key, method, server and workers for one target of one server.
target_request() {
  local url_var="${1}_${2}" key_var="${1}_key" body_var="${1}_body" server_var="${1}_server"
  local workers_var="${1}_workers_${2}"
  [ -n "${!workers_var:-}" ] || workers_var="${1}_workers"
  url="${!url_var}" body="${!body_var}" key="${!key_var}" method=POST server="${!server_var}" workers="${!workers_var}"
  [ "$2" = gateway ] || key=""
  if [ "$2" = noop ]; then
    body="" method=GET
  fi
}

up A "$LIB_A"
up B "$LIB_B"
for name in A B; do
  for target in $TARGETS; do
    target_request "$name" "$target"
    # A build that answers fast errors must not look faster: each target must answer 2xx first.
    if [ "$target" = noop ]; then
      curl -sf -o /dev/null "$url" || die "$url did not answer 2xx"
    else
      check_ok "$url" "$body" "$key"
    fi
    BENCH_METHOD="$method" SERVER_PID="$server" WORKER_PIDS="$workers" warm_up "$url" "$body" "$key"
  done
done

for round in $(seq 1 "$ROUNDS"); do
  for conns in $CONNECTIONS; do
    for target in $TARGETS; do
      for name in A B; do
        target_request "$name" "$target"
        BENCH_METHOD="$method" PROXY_PIDS="$server" WORKER_PIDS="$workers" \
          run_wrk "$name" "$target" "$conns" "$round" "$url" "$body" "$key"
      done
    done
  done
done

mkdir -p "$ROOT/bench/out"
TABLE="$ROOT/bench/out/compare-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$RESULTS" "$LIB_A" "$LIB_B" <<'EOF' | tee "$TABLE"
import json, statistics as st, sys
from collections import defaultdict
runs = [json.loads(l) for l in open(sys.argv[1]) if '"wrk"' in l]
by = defaultdict(dict)
for r in runs:
    by[(r["target"], r["conns"], r["suite"])][r["round"]] = r
def errors(rs):
    # wrk counts answers with status > 399 and socket errors; any at all makes the row suspect.
    return sum(r["wrk"]["non2xx"] + r["wrk"]["socket_errors"] for r in rs.values())
def cpu(r, part):
    return r["cpu"][part] * 1e6 / r["cpu"]["ticks_per_s"] / max(1, r["wrk"]["requests"])
print(f"A = {sys.argv[2]}\nB = {sys.argv[3]}\n")
print("| target | connections | A req/s | B req/s | B/A req/s | A p99 ms | B p99 ms "
      "| A server CPU µs/req | B server CPU µs/req | A workers CPU µs/req | B workers CPU µs/req | errors A/B |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for target, conns in sorted({(k[0], k[1]) for k in by}, key=lambda k: (k[0], k[1])):
    a, b = by[(target, conns, "A")], by[(target, conns, "B")]
    shared = sorted(set(a) & set(b))
    med = lambda rs, f: st.median(f(r) for r in rs.values())
    ratio = st.median(b[k]["wrk"]["rps"] / a[k]["wrk"]["rps"] for k in shared)
    print(f"| {target} | {conns} | {med(a, lambda r: r['wrk']['rps']):,.0f} | {med(b, lambda r: r['wrk']['rps']):,.0f} "
          f"| {ratio:.2f} | {med(a, lambda r: r['wrk']['p99_us']) / 1000:.2f} | {med(b, lambda r: r['wrk']['p99_us']) / 1000:.2f} "
          f"| {med(a, lambda r: cpu(r, 'proxy')):.0f} | {med(b, lambda r: cpu(r, 'proxy')):.0f} "
          f"| {med(a, lambda r: cpu(r, 'workers')):.0f} | {med(b, lambda r: cpu(r, 'workers')):.0f} "
          f"| {errors(a)}/{errors(b)} |")
print(f"\nMedians of {len(runs) // max(1, 2 * len({(k[0], k[1]) for k in by}))} alternating rounds; "
      "B/A is the median of the per-round ratios; load average now " + open("/proc/loadavg").read().split()[0])
EOF
log "table saved as ${TABLE#"$ROOT/"}"
