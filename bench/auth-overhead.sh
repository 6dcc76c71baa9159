#!/usr/bin/env bash
# The gateway's throughput with aml_token auth against key auth, side by side in one run: one TLS server, two
# endpoints with the same constant Java scorer on one instance each (bench: key; benchtok: aml_token, the token
# from get-credentials), wrk alternating the two targets within every round at 16 and 64 connections. Prints the
# medians over rounds and the token/key ratios (req/s, p50, p99, server CPU per request).
#
#   bench/auth-overhead.sh [--rounds N] [--duration SECONDS]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3
DURATION=10
WARMUP=5

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench/auth-overhead.sh: unknown option '$1' (expected: --rounds N, --duration S)" >&2; exit 2 ;;
  esac
done
for tool in java mvn wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench/auth-overhead.sh: '$tool' is missing" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-auth-bench.XXXXXX")"
RESULTS="$WORK/results.jsonl"
# shellcheck source=lib/common.sh
source "$ROOT/bench/lib/common.sh"
trap 'stop_server; rm -rf "$WORK"' EXIT

if ! ls "$ROOT"/sluice-server/target/dist/lib/sluice-server-*-dist.jar >/dev/null 2>&1; then
  log "building the distribution (mvn -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi

record_meta "loadavg.start" "$(loadavg)"
start_server auth
deploy="$ROOT/bench/deploy"
sluice_cli online-endpoint create -f "$deploy/endpoint.yml" >/dev/null || die "endpoint bench failed"
sluice_cli online-deployment create -f "$deploy/blue.yml" --all-traffic >/dev/null || die "deployment bench/blue failed"
sluice_cli online-endpoint create -f "$deploy/endpoint.yml" -n benchtok --auth-mode aml_token >/dev/null \
  || die "endpoint benchtok failed"
sluice_cli online-deployment create -f "$deploy/blue.yml" -e benchtok --all-traffic >/dev/null \
  || die "deployment benchtok/blue failed"

key=$(endpoint_key bench)
token=$(sluice_cli online-endpoint get-credentials -n benchtok | json_get - '["accessToken"]')
gw="$(gateway_url)/endpoints"
body="$deploy/constant-request.json"
WORKER_PIDS="$(instance_pid bench blue) $(instance_pid benchtok blue)"
check_ok "$gw/bench/score" "$body" "$key"
check_ok "$gw/benchtok/score" "$body" "$token"
warm_up "$gw/bench/score" "$body" "$key"
warm_up "$gw/benchtok/score" "$body" "$token"

for round in $(seq 1 "$ROUNDS"); do
  for conns in 16 64; do
    PROXY_PIDS="$SERVER_PID" run_wrk auth key "$conns" "$round" "$gw/bench/score" "$body" "$key"
    PROXY_PIDS="$SERVER_PID" run_wrk auth aml_token "$conns" "$round" "$gw/benchtok/score" "$body" "$token"
  done
done
record_meta "loadavg.end" "$(loadavg)"
stop_server

python3 - "$RESULTS" <<'PY'
import json, statistics, sys
runs, meta = {}, {}
for line in open(sys.argv[1]):
    doc = json.loads(line)
    if "meta" in doc:
        meta[doc["meta"]] = doc["value"]
        continue
    runs.setdefault((doc["conns"], doc["round"]), {})[doc["target"]] = doc
print("| connections | auth | req/s | p50 ms | p99 ms | server CPU us/req | non-2xx |")
print("|---:|---|---:|---:|---:|---:|---:|")
def cpu_us(d):
    w, c = d["wrk"], d["cpu"]
    return 1e6 * c["proxy"] / c["ticks_per_s"] / max(1, w["requests"])
ratios = {}
for conns in sorted({c for c, _ in runs}):
    rounds = [v for (c, _), v in sorted(runs.items()) if c == conns]
    for target in ("key", "aml_token"):
        ds = [r[target] for r in rounds]
        med = lambda f: statistics.median(f(d) for d in ds)
        print("| %d | %s | %.0f | %.2f | %.2f | %.1f | %d |" % (conns, target, med(lambda d: d["wrk"]["rps"]),
              med(lambda d: d["wrk"]["p50_us"]) / 1000, med(lambda d: d["wrk"]["p99_us"]) / 1000,
              med(cpu_us), sum(d["wrk"]["non2xx"] for d in ds)))
    per_round = [r["aml_token"]["wrk"]["rps"] / r["key"]["wrk"]["rps"] for r in rounds]
    ratios[conns] = (statistics.median(per_round), per_round)
for conns, (median, rounds) in ratios.items():
    print("aml_token/key req/s at %d connections: %.3f (rounds: %s)" % (conns, median,
          ", ".join("%.3f" % r for r in rounds)))
print("load average: start %s, end %s" % (meta.get("loadavg.start"), meta.get("loadavg.end")))
PY
