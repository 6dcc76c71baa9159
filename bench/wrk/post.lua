-- wrk script of bench/run.sh: POSTs the file $BENCH_BODY (JSON) with $BENCH_AUTH as a bearer key (if set), or
-- sends $BENCH_METHOD (such as GET) without a body, then prints one machine-readable line for bench/report.py:
--   BENCH {"requests":..,"seconds":..,"rps":..,"p50_us":..,"p99_us":..,"non2xx":..,"socket_errors":..}
-- wrk runs this file once per thread; each thread reads the body itself.

wrk.method = os.getenv("BENCH_METHOD") or "POST"
-- $BENCH_HEADER_LENGTH: the body is KServe v2 binary tensor data, its JSON that many bytes long.
local header_length = os.getenv("BENCH_HEADER_LENGTH")
if header_length ~= nil and header_length ~= "" then
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.headers["Inference-Header-Content-Length"] = header_length
elseif wrk.method == "POST" then
  wrk.headers["Content-Type"] = "application/json"
end

local body_file = os.getenv("BENCH_BODY")
if body_file ~= nil and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end

local key = os.getenv("BENCH_AUTH")
if key ~= nil and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,'
      .. '"max_us":%d,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
