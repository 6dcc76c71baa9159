# The Python suite: a score.py returning a constant (bench/deploy/pyconstant), against the worker directly and
# through the gateway (TLS, key auth), at 16 and 64 connections, alternating in every round.
# Sourced by bench/run.sh; python_suite. bench/python-overhead.sh isolates the worker + runner cost further.

python_suite() {
  local suite=python
  log "== python: starting a server (TLS), deploying score.py"
  record_meta "python.loadavg.start" "$(loadavg)"
  start_server "$suite"
  sluice_cli online-endpoint create -f "$ROOT/bench/deploy/py-endpoint.yml" >/dev/null || die "endpoint create failed"
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/py.yml" --all-traffic >/dev/null \
    || die "score.py deployment failed: $(tail -5 "$SERVER_DATA/cli.log")"
  local key worker gw body="$ROOT/bench/deploy/constant-request.json"
  key=$(endpoint_key benchpy)
  worker="$(instance_url benchpy pyconst)/score"
  gw="$(gateway_url)/endpoints/benchpy/score"
  local worker_pid
  worker_pid=$(instance_pid benchpy pyconst)
  check_ok "$worker" "$body" ""
  check_ok "$gw" "$body" "$key"
  warm_up "$worker" "$body" ""
  warm_up "$gw" "$body" "$key"
  # The worker JVM and its Python processes.
  WORKER_PIDS="$worker_pid $(pgrep -P "$worker_pid" | tr '\n' ' ')"
  local round conns
  for round in $(seq 1 "$ROUNDS"); do
    for conns in 16 64; do
      PROXY_PIDS="" run_wrk "$suite" python-worker "$conns" "$round" "$worker" "$body" ""
      PROXY_PIDS="$SERVER_PID" run_wrk "$suite" python-gateway "$conns" "$round" "$gw" "$body" "$key"
    done
  done
  WORKER_PIDS=""
  stop_server
  record_meta "python.loadavg.end" "$(loadavg)"
}
