# Shared helpers of bench/run.sh: temp folder, a Sluice server's life, the CLI, wrk runs, results.
# Sourced, not run. Expects ROOT (the checkout), WORK (this run's temp folder) and RESULTS (JSON lines).

SLUICE="$ROOT/bin/sluice"
SERVER_PID=""
SERVER_DATA=""

log() {
  printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

# A free TCP port on loopback (for nginx, which cannot pick one itself). The tiny race is harmless here.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# json_get FILE_OR_- EXPR: a value out of a JSON document, EXPR being Python subscripts such as '["a"][0]'.
json_get() {
  python3 -c 'import json, sys
src = sys.argv[1]
doc = json.load(sys.stdin if src == "-" else open(src))
print(eval("doc" + sys.argv[2], {"doc": doc}))' "$1" "$2"
}

loadavg() {
  cut -d' ' -f1-3 /proc/loadavg
}

# start_server NAME [server flags...]: a Sluice server on free ports in $WORK/NAME; waits for server.json.
# SLUICE_JAVA_OPTS passes through (e.g. a JFR recording for profiling).
start_server() {
  local name="$1"
  shift
  SERVER_DATA="$WORK/$name"
  mkdir -p "$SERVER_DATA"
  "$SLUICE" server --data-dir "$SERVER_DATA" --api-port 0 --gateway-port 0 "$@" >"$SERVER_DATA/server.log" 2>&1 &
  SERVER_PID=$!
  local waited=0
  while [ ! -s "$SERVER_DATA/server.json" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$SERVER_DATA/server.log" >&2; die "the server did not start"; }
    sleep 0.2
    waited=$((waited + 1))
    [ "$waited" -lt 300 ] || die "the server did not write server.json within 60 s"
  done
  log "server $name up: gateway $(json_get "$SERVER_DATA/server.json" '["gatewayUrl"]') (pid $SERVER_PID)"
}

# Stops the server (SIGTERM: it stops its workers too) and waits for it.
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# The CLI against the current server, output on stdout; progress on stderr goes to the suite's log.
sluice_cli() {
  SLUICE_HOME="$SERVER_DATA" "$SLUICE" "$@" 2>>"$SERVER_DATA/cli.log"
}

gateway_url() {
  json_get "$SERVER_DATA/server.json" '["gatewayUrl"]'
}

# endpoint_key ENDPOINT: its primary key.
endpoint_key() {
  sluice_cli online-endpoint get-credentials -n "$1" | json_get - '["primaryKey"]'
}

# instance_url ENDPOINT DEPLOYMENT: the worker address of the deployment's first instance.
instance_url() {
  sluice_cli online-deployment show -n "$2" -e "$1" | json_get - '["instances"][0]["url"]'
}

# instance_pid ENDPOINT DEPLOYMENT
instance_pid() {
  sluice_cli online-deployment show -n "$2" -e "$1" | json_get - '["instances"][0]["pid"]'
}

# cpu_ticks PID...: user + system CPU of the processes (all their threads), in clock ticks.
cpu_ticks() {
  local total=0 pid fields
  for pid in "$@"; do
    # Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may contain spaces).
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f12,13) || continue
    [ -n "$fields" ] || continue
    total=$((total + ${fields% *} + ${fields#* }))
  done
  echo "$total"
}

# run_wrk SUITE TARGET CONNECTIONS ROUND URL BODY_FILE KEY: one measured wrk run, appended to $RESULTS.
# A run with any non-2xx answer or socket error is kept but flagged; report.py shows the flag.
# PROXY_PIDS (the gateway's or nginx's processes) and WORKER_PIDS are charged CPU time per request: on a shared
# machine that is steadier than throughput.
run_wrk() {
  local suite="$1" target="$2" conns="$3" round="$4" url="$5" body="$6" key="$7"
  local threads=$((conns < 2 ? 1 : 2))
  local out proxy_before worker_before proxy_after worker_after
  # shellcheck disable=SC2086
  proxy_before=$(cpu_ticks ${PROXY_PIDS:-})
  # shellcheck disable=SC2086
  worker_before=$(cpu_ticks ${WORKER_PIDS:-})
  out=$(BENCH_BODY="$body" BENCH_AUTH="$key" wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s \
        -s "$ROOT/bench/wrk/post.lua" "$url" 2>&1) || die "wrk failed against $url: $out"
  local line
  line=$(printf '%s\n' "$out" | sed -n 's/^BENCH //p')
  # shellcheck disable=SC2086
  proxy_after=$(cpu_ticks ${PROXY_PIDS:-})
  # shellcheck disable=SC2086
  worker_after=$(cpu_ticks ${WORKER_PIDS:-})
  [ -n "$line" ] || die "wrk printed no result for $url: $out"
  printf '{"suite":"%s","target":"%s","conns":%d,"round":%d,"wrk":%s,"cpu":{"ticks_per_s":%d,"proxy":%d,"workers":%d}}\n' \
    "$suite" "$target" "$conns" "$round" "$line" "$(getconf CLK_TCK)" "$((proxy_after - proxy_before))" \
    "$((worker_after - worker_before))" >>"$RESULTS"
  log "$(printf '%-14s %-8s c=%-3d round %d: %s' "$suite" "$target" "$conns" "$round" \
    "$(json_get - '["rps"]' <<<"$line") req/s, p50 $(json_get - '["p50_us"]' <<<"$line") us, p99 $(json_get - '["p99_us"]' <<<"$line") us, non-2xx $(json_get - '["non2xx"]' <<<"$line")")"
}

# jit_ticks PID...: CPU time of the JIT compiler threads of these JVMs (none for other processes), in clock ticks.
jit_ticks() {
  local total=0 pid task fields
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      case "$(cat "$task/comm" 2>/dev/null)" in
        C1\ Compiler*|C2\ Compiler*)
          fields=$(sed 's/^.*) //' "$task/stat" 2>/dev/null | cut -d' ' -f12,13) || continue
          [ -z "$fields" ] || total=$((total + ${fields% *} + ${fields#* })) ;;
      esac
    done
  done
  echo "$total"
}

# warm_up URL BODY KEY: load until throughput stops climbing and the JIT compilers of the server and the workers
# (SERVER_PID, WORKER_PIDS) have gone quiet, at least WARMUP seconds, at most 24 rounds of WARMUP seconds. On two
# busy cores a fresh server's and worker's C2 compilers take 30 s or more of load, and while they compile they
# take half of the CPU: a measurement then compares a compiling Sluice with a compiled nginx.
warm_up() {
  local url="$1" body="$2" key="$3" best=0 rps tries=0 out jit_before jit
  while [ "$tries" -lt 24 ]; do
    tries=$((tries + 1))
    # shellcheck disable=SC2086
    jit_before=$(jit_ticks $SERVER_PID ${WORKER_PIDS:-})
    out=$(BENCH_BODY="$body" BENCH_AUTH="$key" wrk -t2 -c64 -d"${WARMUP}s" --timeout 10s -s "$ROOT/bench/wrk/post.lua" \
      "$url" 2>&1) || die "warm-up against $url failed: $out"
    # shellcheck disable=SC2086
    jit=$(( $(jit_ticks $SERVER_PID ${WORKER_PIDS:-}) - jit_before ))
    rps=$(printf '%s\n' "$out" | sed -n 's/^BENCH //p' | json_get - '["rps"]' | cut -d. -f1)
    # Steady once a round gains less than 5% over the best so far and the compilers used under 1% of it.
    if [ "$rps" -le $((best + best / 20)) ] && [ "$jit" -le $(( $(getconf CLK_TCK) * WARMUP / 100 )) ]; then
      break
    fi
    [ "$rps" -le "$best" ] || best="$rps"
  done
  log "warmed up $url: $tries x ${WARMUP} s, last $rps req/s, JIT $((jit * 1000 / $(getconf CLK_TCK))) ms of CPU in the last round"
}

# check_ok URL BODY KEY: one request must answer 2xx before anything is measured. With BENCH_HEADER_LENGTH set,
# the body is KServe v2 binary tensor data (as for post.lua).
check_ok() {
  local url="$1" body="$2" key="$3" status
  local auth=() type=(-H 'Content-Type: application/json')
  [ -z "$key" ] || auth=(-H "Authorization: Bearer $key")
  [ -z "${BENCH_HEADER_LENGTH:-}" ] || type=(-H 'Content-Type: application/octet-stream' \
    -H "Inference-Header-Content-Length: $BENCH_HEADER_LENGTH")
  status=$(curl -sk -o "$WORK/check.out" -w '%{http_code}' -X POST "${type[@]}" \
    "${auth[@]}" --data-binary "@$body" "$url") || true
  [ "${status:0:1}" = "2" ] || die "$url answered $status: $(head -c 300 "$WORK/check.out")"
}

# record_meta KEY VALUE: machine facts for the report.
record_meta() {
  python3 -c 'import json, sys; print(json.dumps({"meta": sys.argv[1], "value": sys.argv[2]}))' "$1" "$2" >>"$RESULTS"
}
