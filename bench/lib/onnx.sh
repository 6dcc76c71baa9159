# The ONNX suites: the gateway's comparison with nginx (bench/lib/gateway.sh) with real models behind the two
# instances instead of a constant, as a new user would try it: triton_model deployments blue and green
# (one instance each) at 50/50, KServe v2 JSON bodies on POST /score, TLS and key auth.
#   onnx-quickstart  the iris classifier of examples/quickstart (blue model v1, green v2), its sample request
#   onnx-mlp         the 256-512-256-10 MLP of testdata/onnx/mlp on both, one row of 256 floats
# Sourced by bench/run.sh (after gateway.sh and model.sh); onnx_suite quickstart|mlp.

# write_onnx_deployment FILE NAME ENDPOINT MODEL_PATH: a triton_model deployment with enough slots that neither
# the worker nor the gateway refuses anything at 64 connections, as bench/deploy/blue.yml has.
write_onnx_deployment() {
  cat >"$1" <<YAML
\$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: $2
endpoint_name: $3
model:
  path: $4
  type: triton_model
instance_type: Standard_DS3_v2
instance_count: 1
request_settings:
  request_timeout_ms: 5000
  max_concurrent_requests_per_instance: 64
YAML
}

# deploy_onnx_split MODEL ENDPOINT: on the running server, endpoint ENDPOINT with MODEL's triton_model deployments
# blue and green at 50/50; sets ONNX_BODY to the request file the suites send.
deploy_onnx_split() {
  local model="$1" endpoint="$2" blue_model green_model
  case "$model" in
    quickstart)
      blue_model="$ROOT/examples/quickstart/model-v1"
      green_model="$ROOT/examples/quickstart/model-v2"
      ONNX_BODY="$ROOT/examples/quickstart/sample-request.json" ;;
    mlp)
      blue_model="$ROOT/testdata/onnx/mlp"
      green_model="$blue_model"
      ONNX_BODY="$WORK/mlp-request.json"
      model_request "$ONNX_BODY" ;;
    *) die "unknown ONNX model '$model' (expected: quickstart | mlp)" ;;
  esac
  local deploy="$WORK/onnx-$endpoint-deploy"
  mkdir -p "$deploy"
  printf 'name: %s\nauth_mode: key\n' "$endpoint" >"$deploy/endpoint.yml"
  write_onnx_deployment "$deploy/blue.yml" blue "$endpoint" "$blue_model"
  write_onnx_deployment "$deploy/green.yml" green "$endpoint" "$green_model"
  sluice_cli online-endpoint create -f "$deploy/endpoint.yml" >/dev/null || die "endpoint create failed"
  sluice_cli online-deployment create -f "$deploy/blue.yml" --all-traffic >/dev/null || die "deployment blue failed"
  sluice_cli online-deployment create -f "$deploy/green.yml" >/dev/null || die "deployment green failed"
  sluice_cli online-endpoint update -n "$endpoint" --traffic "blue=50 green=50" >/dev/null || die "traffic update failed"
}

onnx_suite() {
  local model="$1" suite="onnx-$1" endpoint="bench$1"
  log "== $suite: starting a server (TLS), deploying blue and green (50/50)"
  record_meta "$suite.loadavg.start" "$(loadavg)"
  start_server "$suite"
  deploy_onnx_split "$model" "$endpoint"
  start_split_targets tls "$endpoint" "$ONNX_BODY"
  local round
  for round in $(seq 1 "$ROUNDS"); do
    split_round "$suite" "$round" "$ONNX_BODY"
  done
  stop_nginx
  stop_bare_proxy
  stop_server
  WORKER_PIDS=""
  record_meta "$suite.loadavg.end" "$(loadavg)"
}
