# The gateway suite: a constant Java scorer on two instances (deployments blue and green, one instance each)
# and a mirror target, shadow. Measured side by side, alternating in every round:
#   direct  one instance (blue's), plain HTTP
#   sluice  Sluice's gateway: key auth, 50/50 split over blue and green (TLS in the tls suite)
#   nginx   nginx: key check, split_clients 50/50 over the same two instances, upstream keep-alive (TLS likewise)
#   bare    a bare Netty proxy doing what nginx does (bench/lib/bare.sh): the floor of a JVM gateway here
#   mirror  Sluice as above with 10% of the traffic mirrored to shadow
# Sourced by bench/run.sh; gateway_suite tls|plain. bench/lib/onnx.sh measures the same targets but mirror with
# ONNX models behind them.

gateway_suite() {
  local mode="$1" suite="gateway-$1"
  local flags=()
  [ "$mode" = "tls" ] || flags=(--tls=off)
  log "== $suite: starting a server, deploying blue, green (50/50) and the mirror target shadow"
  record_meta "$suite.loadavg.start" "$(loadavg)"
  start_server "$suite" "${flags[@]}"
  local deploy="$ROOT/bench/deploy"
  sluice_cli online-endpoint create -f "$deploy/endpoint.yml" >/dev/null || die "endpoint create failed"
  sluice_cli online-deployment create -f "$deploy/blue.yml" --all-traffic >/dev/null || die "deployment blue failed"
  sluice_cli online-deployment create -f "$deploy/green.yml" >/dev/null || die "deployment green failed"
  sluice_cli online-deployment create -f "$deploy/shadow.yml" >/dev/null || die "deployment shadow failed"
  sluice_cli online-endpoint update -n bench --traffic "blue=50 green=50" >/dev/null || die "traffic update failed"

  local body="$ROOT/bench/deploy/constant-request.json"
  start_split_targets "$mode" bench "$body"
  WORKER_PIDS="$WORKER_PIDS $(instance_pid bench shadow)"

  local round conns
  for round in $(seq 1 "$ROUNDS"); do
    split_round "$suite" "$round" "$body"
    # Mirroring is an endpoint setting: switched on for its two runs only, then off again.
    sluice_cli online-endpoint update -n bench --mirror-traffic "shadow=10" >/dev/null || die "mirror on failed"
    [ "$round" -gt 1 ] || warm_up "$SPLIT_SLUICE" "$body" "$SPLIT_KEY"
    for conns in 16 64; do
      PROXY_PIDS="$SERVER_PID" run_wrk "$suite" mirror "$conns" "$round" "$SPLIT_SLUICE" "$body" "$SPLIT_KEY"
    done
    sluice_cli online-endpoint update -n bench --mirror-traffic "shadow=0" >/dev/null || die "mirror off failed"
  done

  stop_nginx
  stop_bare_proxy
  stop_server
  WORKER_PIDS=""
  record_meta "$suite.loadavg.end" "$(loadavg)"
}

# start_split_targets tls|plain ENDPOINT BODY: for an endpoint whose deployments blue and green split its traffic
# 50/50 on the current server, starts nginx and the bare Netty proxy over the same two instances and sets
# SPLIT_DIRECT (blue's worker), SPLIT_SLUICE, SPLIT_NGINX, SPLIT_BARE (the URLs of POST /score through each),
# SPLIT_KEY, WORKER_PIDS; checks that each answers 2xx and warms each up.
start_split_targets() {
  local mode="$1" endpoint="$2" body="$3"
  local key2 url_a url_b nginx_port bare_port nginx_scheme=http cert="" certkey=""
  SPLIT_KEY=$(endpoint_key "$endpoint")
  key2=$(sluice_cli online-endpoint get-credentials -n "$endpoint" | json_get - '["secondaryKey"]')
  url_a=$(instance_url "$endpoint" blue)
  url_b=$(instance_url "$endpoint" green)
  WORKER_PIDS="$(instance_pid "$endpoint" blue) $(instance_pid "$endpoint" green)"
  nginx_port=$(free_port)
  if [ "$mode" = "tls" ]; then
    nginx_scheme=https
    cert="$SERVER_DATA/tls/server.pem"
    certkey="$SERVER_DATA/tls/server-key.pem"
  fi
  start_nginx "$WORK/nginx-$endpoint-$mode" "$nginx_port" "$SPLIT_KEY" "$key2" "$url_a" "$url_b" "$cert" "$certkey"
  bare_port=$(free_port)
  start_bare_proxy "$bare_port" "$SPLIT_KEY" "$key2" "$url_a" "$url_b" "${cert:--}" "${certkey:--}"
  SPLIT_DIRECT="$url_a/score"
  SPLIT_SLUICE="$(gateway_url)/endpoints/$endpoint/score"
  SPLIT_NGINX="$nginx_scheme://localhost:$nginx_port/endpoints/$endpoint/score"
  SPLIT_BARE="$nginx_scheme://localhost:$bare_port/endpoints/$endpoint/score"
  check_ok "$SPLIT_DIRECT" "$body" ""
  check_ok "$SPLIT_SLUICE" "$body" "$SPLIT_KEY"
  check_ok "$SPLIT_NGINX" "$body" "$SPLIT_KEY"
  check_ok "$SPLIT_BARE" "$body" "$SPLIT_KEY"
  log "targets: direct $SPLIT_DIRECT | sluice $SPLIT_SLUICE | nginx $SPLIT_NGINX | bare $SPLIT_BARE"
  local url
  for url in "$SPLIT_DIRECT" "$SPLIT_SLUICE" "$SPLIT_NGINX" "$SPLIT_BARE"; do
    warm_up "$url" "$body" "$SPLIT_KEY"
  done
}

# split_round SUITE ROUND BODY: direct, Sluice, nginx and the bare proxy one after the other, at 16 and then 64
# connections.
split_round() {
  local suite="$1" round="$2" body="$3" conns
  for conns in 16 64; do
    PROXY_PIDS="" run_wrk "$suite" direct "$conns" "$round" "$SPLIT_DIRECT" "$body" ""
    PROXY_PIDS="$SERVER_PID" run_wrk "$suite" sluice "$conns" "$round" "$SPLIT_SLUICE" "$body" "$SPLIT_KEY"
    PROXY_PIDS="$(nginx_pids)" run_wrk "$suite" nginx "$conns" "$round" "$SPLIT_NGINX" "$body" "$SPLIT_KEY"
    PROXY_PIDS="$BARE_PID" run_wrk "$suite" bare "$conns" "$round" "$SPLIT_BARE" "$body" "$SPLIT_KEY"
  done
}
