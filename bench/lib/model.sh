# The model suite: the 256-512-256-10 MLP (testdata/onnx/mlp, from models/generate_models.py), one request of
# one row at a time, at concurrency 1 and 32, measured side by side, alternating in every round:
#   inproc   ONNX Runtime called in-process (JMH, bench/jmh), with the session settings the worker uses
#   runner   the worker's ONNX runner called in-process with the same JSON body (JMH): ONNX Runtime + JSON
#   worker   the worker directly (KServe v2 JSON over HTTP)
#   gateway  through Sluice's gateway (TLS, key auth)
# Sourced by bench/run.sh; model_suite.

MODEL_FILE="$ROOT/testdata/onnx/mlp/mlp/1/model.onnx"

# The v2 infer body: one row of 256 floats (fixed seed, so every run sends the same bytes).
model_request() {
  python3 - "$1" <<'EOF'
import json, random, sys
random.seed(42)
row = [round(random.uniform(-1, 1), 6) for _ in range(256)]
body = {"inputs": [{"name": "input", "shape": [1, 256], "datatype": "FP32", "data": row}]}
with open(sys.argv[1], "w") as f:
    json.dump(body, f)
EOF
}

# bench/jmh depends on sluice-worker (its ONNX runner) as installed in the local Maven repository (~/.m2 unless
# settings.xml moves it: set M2_REPO then). It is installed again when it differs from the distribution's copy, so that
# JMH runs the same worker code as the worker over HTTP, and bench/jmh is rebuilt when its sources or that jar changed.
build_jmh() {
  local dist_jar version
  dist_jar=$(ls "$ROOT"/sluice-server/target/dist/lib/sluice-worker-*.jar)
  version=$(basename "$dist_jar" .jar | sed 's/^sluice-worker-//')
  JMH_JAR="$ROOT/bench/jmh/target/sluice-bench-jmh-$version.jar"
  local worker_jar="${M2_REPO:-$HOME/.m2/repository}/dev/sluice/sluice-worker/$version/sluice-worker-$version.jar"
  if ! cmp -s "$dist_jar" "$worker_jar"; then
    log "installing sluice-worker and what it needs into the local Maven repository for bench/jmh"
    (cd "$ROOT" && mvn -B -q -DskipTests -pl sluice-worker -am install) \
      >"$WORK/jmh-build.log" 2>&1 || die "installing the worker failed: $(tail -20 "$WORK/jmh-build.log")"
  fi
  if [ ! -f "$JMH_JAR" ] || [ "$worker_jar" -nt "$JMH_JAR" ] \
     || [ -n "$(find "$ROOT/bench/jmh/src" "$ROOT/bench/jmh/pom.xml" -newer "$JMH_JAR")" ]; then
    log "building the JMH benchmarks (bench/jmh)"
    (cd "$ROOT" && mvn -B -q -f bench/jmh/pom.xml package) >"$WORK/jmh-build.log" 2>&1 \
      || die "building bench/jmh failed: $(tail -20 "$WORK/jmh-build.log")"
  fi
}

# run_jmh THREADS ROUND INTRA_OP BODY: both in-process benchmarks (raw ONNX Runtime, the worker's runner) in one
# JMH run, appended to $RESULTS as ops/s. The forked JVM collects garbage as the worker JVMs do (serial GC).
run_jmh() {
  local threads="$1" round="$2" intra="$3" body="$4" out="$WORK/jmh-$1-$2.json"
  java -cp "$ROOT/bench/jmh/target/*:$ROOT/bench/jmh/target/lib/*" org.openjdk.jmh.Main \
    'OnnxInProcessBenchmark|OnnxRunnerBenchmark' -p model="$MODEL_FILE" -p modelRepository="$(dirname "$(dirname "$(dirname "$MODEL_FILE")")")" \
    -p body="$body" -p intraOpThreads="$intra" -p allowSpinning="$(worker_spinning 32)" -t "$threads" -f 1 -wi 1 -w 3s -i 1 \
    -jvmArgsAppend "-XX:+UseSerialGC" -r "${DURATION}s" -rf json -rff "$out" >"$WORK/jmh-$1-$2.log" 2>&1 || die "JMH failed: $(tail -20 "$WORK/jmh-$1-$2.log")"
  local i target ops
  for i in 0 1; do
    target=$(json_get "$out" "[$i][\"benchmark\"]")
    case "$target" in
      *OnnxInProcessBenchmark*) target=inproc ;;
      *) target=runner ;;
    esac
    ops=$(json_get "$out" "[$i][\"primaryMetric\"][\"score\"]")
    printf '{"suite":"model","target":"%s","conns":%d,"round":%d,"jmh":{"ops":%s,"intra_op_threads":%d}}\n' \
      "$target" "$threads" "$round" "$ops" "$intra" >>"$RESULTS"
    log "$(printf '%-14s %-8s c=%-3d round %d: %.0f ops/s' model "$target" "$threads" "$round" "$ops")"
  done
}

# The session settings the worker gives a deployment (SessionThreads in sluice-worker's runner/onnx): the cores
# shared among max_concurrent_requests_per_instance requests, at least one thread; pool threads spin only when
# one request runs at a time. bench/deploy/mlp.yml allows 32.
worker_intra_op_threads() {
  local concurrent="$1" cores
  cores=$(nproc)
  echo $(( cores / concurrent > 1 ? cores / concurrent : 1 ))
}

worker_spinning() {
  if [ "$1" -eq 1 ]; then echo true; else echo false; fi
}

model_suite() {
  local suite=model
  log "== model: starting a server (TLS), deploying the MLP"
  record_meta "model.loadavg.start" "$(loadavg)"
  build_jmh
  start_server "$suite"
  sluice_cli online-endpoint create -f "$ROOT/bench/deploy/mlp-endpoint.yml" >/dev/null || die "endpoint create failed"
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/mlp.yml" --all-traffic >/dev/null || die "deployment mlp failed"
  local key worker gw body="$WORK/mlp-request.json" intra
  model_request "$body"
  key=$(endpoint_key benchmlp)
  worker="$(instance_url benchmlp mlp)/v2/models/mlp/infer"
  gw="$(gateway_url)/endpoints/benchmlp/v2/models/mlp/infer"
  intra=$(worker_intra_op_threads 32)
  record_meta "model.intra_op_threads" "$intra"
  check_ok "$worker" "$body" ""
  check_ok "$gw" "$body" "$key"
  warm_up "$worker" "$body" ""
  warm_up "$gw" "$body" "$key"

  WORKER_PIDS=$(instance_pid benchmlp mlp)
  local round conns
  for round in $(seq 1 "$ROUNDS"); do
    for conns in 1 32; do
      run_jmh "$conns" "$round" "$intra" "$body"
      PROXY_PIDS="" run_wrk "$suite" worker "$conns" "$round" "$worker" "$body" ""
      PROXY_PIDS="$SERVER_PID" run_wrk "$suite" gateway "$conns" "$round" "$gw" "$body" "$key"
    done
  done
  WORKER_PIDS=""
  stop_server
  record_meta "model.loadavg.end" "$(loadavg)"
}
