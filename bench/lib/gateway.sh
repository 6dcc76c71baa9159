# The gateway suite: a constant Java scorer on two instances (deployments blue and green, one instance each)
# and a mirror target, shadow. Measured side by side, alternating in every round:
#   direct  one instance (blue's), plain HTTP
#   sluice  Sluice's gateway: key auth, 50/50 split over blue and green (TLS in the tls suite)
#   nginx   nginx: key check, split_clients 50/50 over the same two instances, upstream keep-alive (TLS likewise)
#   mirror  Sluice as above with 10% of the traffic mirrored to shadow
# Sourced by bench/run.sh; gateway_suite tls|plain.

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

  local key key2 url_a url_b gw
  key=$(endpoint_key bench)
  key2=$(sluice_cli online-endpoint get-credentials -n bench | json_get - '["secondaryKey"]')
  url_a=$(instance_url bench blue)
  url_b=$(instance_url bench green)
  WORKER_PIDS="$(instance_pid bench blue) $(instance_pid bench green) $(instance_pid bench shadow)"
  gw="$(gateway_url)/endpoints/bench/score"

  local nginx_port nginx_scheme=http cert="" certkey=""
  nginx_port=$(free_port)
  if [ "$mode" = "tls" ]; then
    nginx_scheme=https
    cert="$SERVER_DATA/tls/server.pem"
    certkey="$SERVER_DATA/tls/server-key.pem"
  fi
  start_nginx "$WORK/nginx-$mode" "$nginx_port" "$key" "$key2" "$url_a" "$url_b" "$cert" "$certkey"
  local ngx="$nginx_scheme://localhost:$nginx_port/endpoints/bench/score"
  local direct="$url_a/score"
  local body="$ROOT/bench/deploy/constant-request.json"

  check_ok "$direct" "$body" ""
  check_ok "$gw" "$body" "$key"
  check_ok "$ngx" "$body" "$key"
  log "targets: direct $direct | sluice $gw | nginx $ngx"
  for url in "$direct" "$gw" "$ngx"; do
    warm_up "$url" "$body" "$key"
  done

  local round conns sluice_pids="$SERVER_PID" nginx_all
  nginx_all=$(nginx_pids)
  for round in $(seq 1 "$ROUNDS"); do
    for conns in 16 64; do
      PROXY_PIDS="" run_wrk "$suite" direct "$conns" "$round" "$direct" "$body" ""
      PROXY_PIDS="$sluice_pids" run_wrk "$suite" sluice "$conns" "$round" "$gw" "$body" "$key"
      PROXY_PIDS="$nginx_all" run_wrk "$suite" nginx "$conns" "$round" "$ngx" "$body" "$key"
    done
    # Mirroring is an endpoint setting: switched on for its two runs only, then off again.
    sluice_cli online-endpoint update -n bench --mirror-traffic "shadow=10" >/dev/null || die "mirror on failed"
    [ "$round" -gt 1 ] || warm_up "$gw" "$body" "$key"
    for conns in 16 64; do
      PROXY_PIDS="$sluice_pids" run_wrk "$suite" mirror "$conns" "$round" "$gw" "$body" "$key"
    done
    sluice_cli online-endpoint update -n bench --mirror-traffic "shadow=0" >/dev/null || die "mirror off failed"
  done

  stop_nginx
  stop_server
  WORKER_PIDS=""
  record_meta "$suite.loadavg.end" "$(loadavg)"
}
