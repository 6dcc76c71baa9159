# The model suite: the 256-512-256-10 MLP (testdata/onnx/mlp, from models/generate_models.py), one request of
# one row at a time, at concurrency 1 and 32, measured side by side, alternating in every round:
#   inproc         ONNX Runtime called in-process (JMH, bench/jmh), with the session settings the worker uses
#   inproc-batch   (at 32) ONNX Runtime in-process on batches of 32 rows, one call at a time: what batching can gain
#   runner         the worker's ONNX runner called in-process with the same JSON body (JMH): ONNX Runtime + JSON
#   runner-batched (at 32) the same runner with sluice.batching, 32 calling threads (JMH)
#   worker         the worker directly (KServe v2 JSON over HTTP)
#   worker-bin     the same with KServe v2 binary tensor data (the row as 1 KiB of floats after a JSON header, the
#                  logits back the same way), as Triton's clients send it
#   batched        a worker of the same model with sluice.batching, no queue delay (bench/deploy/mlp-batched.yml)
#   batched-bin    the same with binary tensor data
#   batched-wait   the same with max_queue_delay_ms 2 (bench/deploy/mlp-batched-wait.yml)
#   noop           the worker's GET /v2/health/ready: the same HTTP path, no model, no JSON; at 1 the
#                  floor of the latency, at 32 the ceiling of the req/s any batching could reach over HTTP here
#   gateway        through Sluice's gateway (TLS, key auth)
#   floor          nginx answering a constant to the same POST (plain HTTP, no model, no proxying): the floor of
#                  one HTTP exchange with wrk on this machine, at 1 the least latency and at 32 the most req/s that
#                  any HTTP server reaches here, whatever it serves
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

# model_request_binary JSON_FILE FILE: the request of JSON_FILE (from model_request) as binary tensor data, asking for
# binary outputs; prints the length of the JSON header (the request's Inference-Header-Content-Length).
model_request_binary() {
  python3 - "$1" "$2" <<'EOF'
import json, struct, sys
request = json.load(open(sys.argv[1]))
raw = b""
for tensor in request["inputs"]:
    data = struct.pack("<%df" % len(tensor["data"]), *tensor.pop("data"))
    tensor["parameters"] = {"binary_data_size": len(data)}
    raw += data
request["parameters"] = {"binary_data_output": True}
head = json.dumps(request).encode()
with open(sys.argv[2], "wb") as f:
    f.write(head + raw)
print(len(head))
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

# jmh_run TARGET THREADS ROUND BENCHMARK [-p NAME=VALUE]...: one JMH benchmark, appended to $RESULTS as ops/s (rows
# per operation in "rows"). The forked JVM collects garbage as the worker JVMs do (serial GC).
jmh_run() {
  local target="$1" threads="$2" round="$3" benchmark="$4" out="$WORK/jmh-$1-$2-$3.json"
  shift 4
  # jmh.ignoreLock: on a shared machine another user's JMH run holds /tmp/jmh.lock.
  java -Djmh.ignoreLock=true -cp "$ROOT/bench/jmh/target/*:$ROOT/bench/jmh/target/lib/*" org.openjdk.jmh.Main "$benchmark" \
    -p model="$MODEL_FILE" -p modelRepository="$(dirname "$(dirname "$(dirname "$MODEL_FILE")")")" "$@" \
    -t "$threads" -f 1 -wi 1 -w 3s -i 1 -jvmArgsAppend "-XX:+UseSerialGC" -r "${DURATION}s" -rf json -rff "$out" \
    >"$WORK/jmh-$target-$threads-$round.log" 2>&1 || die "JMH failed: $(tail -20 "$WORK/jmh-$target-$threads-$round.log")"
  local ops rows
  ops=$(json_get "$out" '[0]["primaryMetric"]["score"]')
  rows=$(json_get "$out" '[0]["params"].get("rows", "1")')
  printf '{"suite":"model","target":"%s","conns":%d,"round":%d,"jmh":{"ops":%s,"rows":%d}}\n' \
    "$target" "$threads" "$round" "$ops" "$rows" >>"$RESULTS"
  log "$(printf '%-14s %-14s c=%-3d round %d: %.0f ops/s x %d rows' model "$target" "$threads" "$round" "$ops" "$rows")"
}

# run_jmh THREADS ROUND INTRA_OP BODY: the in-process baselines at this concurrency.
run_jmh() {
  local threads="$1" round="$2" intra="$3" body="$4" spin
  # The deployment allows 32 requests at once, so its sessions never spin, at any load (SessionThreads).
  spin=$(worker_spinning 32)
  jmh_run inproc "$threads" "$round" OnnxInProcessBenchmark -p intraOpThreads="$intra" -p allowSpinning="$spin"
  jmh_run runner "$threads" "$round" OnnxRunnerBenchmark -p body="$body" -p intraOpThreads="$intra" \
    -p allowSpinning="$spin"
  if [ "$threads" -gt 1 ]; then
    local batch_intra
    batch_intra=$(worker_batch_threads)
    jmh_run inproc-batch 1 "$round" OnnxInProcessBenchmark -p rows="$threads" -p intraOpThreads="$batch_intra" \
      -p allowSpinning=false
    jmh_run runner-batched "$threads" "$round" OnnxRunnerBenchmark -p body="$body" -p maxBatchSize="$threads" \
      -p intraOpThreads="$batch_intra" -p allowSpinning=false
  fi
}

# The session settings the worker gives a deployment (SessionThreads in sluice-worker's runner/onnx): the cores
# shared among max_concurrent_requests_per_instance requests, at least one thread; pool threads spin only when
# one request runs at a time. bench/deploy/mlp.yml allows 32.
worker_intra_op_threads() {
  local concurrent="$1" cores
  cores=$(nproc)
  echo $(( cores / concurrent > 1 ? cores / concurrent : 1 ))
}

# A batching worker runs one batch at a time, without spinning, on the cores its two HTTP event loops leave, at
# least one (SessionThreads).
worker_batch_threads() {
  local cores
  cores=$(nproc)
  echo $(( cores > 2 ? cores - 2 : 1 ))
}

worker_spinning() {
  if [ "$1" -eq 1 ]; then echo true; else echo false; fi
}

model_suite() {
  local suite=model
  log "== model: starting a server (TLS), deploying the MLP, unbatched and batched"
  record_meta "model.loadavg.start" "$(loadavg)"
  build_jmh
  start_server "$suite"
  sluice_cli online-endpoint create -f "$ROOT/bench/deploy/mlp-endpoint.yml" >/dev/null || die "endpoint create failed"
  sluice_cli online-deployment create -f "$ROOT/bench/deploy/mlp.yml" --all-traffic >/dev/null || die "deployment mlp failed"
  local file
  for file in mlp-batched mlp-batched-wait; do
    sluice_cli online-deployment create -f "$ROOT/bench/deploy/$file.yml" >/dev/null \
      || die "deployment $file failed: $(tail -5 "$SERVER_DATA/cli.log")"
  done
  local key worker batched waiting noop gw body="$WORK/mlp-request.json" intra worker_pid batched_pid waiting_pid
  model_request "$body"
  local bin="$WORK/mlp-request.bin" head_length
  head_length=$(model_request_binary "$body" "$bin")
  key=$(endpoint_key benchmlp)
  worker="$(instance_url benchmlp mlp)/v2/models/mlp/infer"
  batched="$(instance_url benchmlp mlpbatch)/v2/models/mlp/infer"
  waiting="$(instance_url benchmlp mlpbatchwait)/v2/models/mlp/infer"
  noop="$(instance_url benchmlp mlp)/v2/health/ready"
  gw="$(gateway_url)/endpoints/benchmlp/v2/models/mlp/infer"
  worker_pid=$(instance_pid benchmlp mlp)
  batched_pid=$(instance_pid benchmlp mlpbatch)
  waiting_pid=$(instance_pid benchmlp mlpbatchwait)
  local floor_port floor
  floor_port=$(free_port)
  start_nginx "$WORK/nginx-floor" "$floor_port" "$key" "unused-second-key" "$(instance_url benchmlp mlp)" "$(instance_url benchmlp mlp)"
  floor="http://127.0.0.1:$floor_port/floor"
  intra=$(worker_intra_op_threads 32)
  record_meta "model.intra_op_threads" "$intra"
  check_ok "$worker" "$body" ""
  check_ok "$batched" "$body" ""
  check_ok "$waiting" "$body" ""
  check_ok "$gw" "$body" "$key"
  check_ok "$floor" "$body" ""
  BENCH_HEADER_LENGTH="$head_length" check_ok "$worker" "$bin" ""
  BENCH_HEADER_LENGTH="$head_length" check_ok "$batched" "$bin" ""
  WORKER_PIDS="$worker_pid" warm_up "$worker" "$body" ""
  WORKER_PIDS="$batched_pid" warm_up "$batched" "$body" ""
  WORKER_PIDS="$waiting_pid" warm_up "$waiting" "$body" ""
  WORKER_PIDS="$worker_pid" warm_up "$gw" "$body" "$key"
  BENCH_HEADER_LENGTH="$head_length" WORKER_PIDS="$worker_pid" warm_up "$worker" "$bin" ""
  BENCH_HEADER_LENGTH="$head_length" WORKER_PIDS="$batched_pid" warm_up "$batched" "$bin" ""

  local round conns
  for round in $(seq 1 "$ROUNDS"); do
    for conns in 1 32; do
      run_jmh "$conns" "$round" "$intra" "$body"
      PROXY_PIDS="" WORKER_PIDS="$worker_pid" run_wrk "$suite" worker "$conns" "$round" "$worker" "$body" ""
      PROXY_PIDS="" WORKER_PIDS="$batched_pid" run_wrk "$suite" batched "$conns" "$round" "$batched" "$body" ""
      BENCH_HEADER_LENGTH="$head_length" PROXY_PIDS="" WORKER_PIDS="$worker_pid" \
        run_wrk "$suite" worker-bin "$conns" "$round" "$worker" "$bin" ""
      BENCH_HEADER_LENGTH="$head_length" PROXY_PIDS="" WORKER_PIDS="$batched_pid" \
        run_wrk "$suite" batched-bin "$conns" "$round" "$batched" "$bin" ""
      PROXY_PIDS="" WORKER_PIDS="$waiting_pid" run_wrk "$suite" batched-wait "$conns" "$round" "$waiting" "$body" ""
      BENCH_METHOD=GET PROXY_PIDS="" WORKER_PIDS="$worker_pid" run_wrk "$suite" noop "$conns" "$round" "$noop" "" ""
      PROXY_PIDS="$SERVER_PID" WORKER_PIDS="$worker_pid" run_wrk "$suite" gateway "$conns" "$round" "$gw" "$body" "$key"
      PROXY_PIDS="$(nginx_pids)" WORKER_PIDS="" run_wrk "$suite" floor "$conns" "$round" "$floor" "$body" ""
    done
  done
  WORKER_PIDS=""
  stop_nginx
  stop_server
  record_meta "model.loadavg.end" "$(loadavg)"
}
