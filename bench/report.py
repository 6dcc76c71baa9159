#!/usr/bin/env python3
"""Turns the JSON lines of one bench/run.sh run into the markdown tables it prints.

Every figure is a median over the rounds. Ratios are taken per round first (the runs of one round are
back to back, so they share the machine's mood) and then their median is shown. Only the standard library.
Usage: report.py RESULTS.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict

GATEWAY_TARGETS = ["direct", "sluice", "nginx", "bare", "mirror"]
TARGET_LABEL = {
    "direct": "(a) one instance directly",
    "sluice": "(b) Sluice gateway, key auth, 50/50",
    "nginx": "(c) nginx, key check, split_clients 50/50",
    "bare": "(c') a bare Netty proxy doing what (c) does (bench/bare-proxy)",
    "mirror": "(d) Sluice, as (b) + 10% mirrored",
    "inproc": "(a) ONNX Runtime in-process (JMH)",
    "inproc-batch": "(a) ONNX Runtime in-process, batches of 32 rows, one thread (JMH; rows/s)",
    "runner": "(a') the worker's ONNX runner in-process: JSON + ONNX Runtime (JMH)",
    "runner-batched": "(a') the runner in-process with sluice.batching (max 32), 32 threads (JMH)",
    "worker": "(b) worker directly (HTTP)",
    "worker-bin": "(b) worker directly, binary tensor data (HTTP)",
    "batched": "(b) worker with sluice.batching (max 32, delay 0) directly (HTTP)",
    "batched-bin": "(b) worker with sluice.batching (max 32, delay 0), binary tensor data (HTTP)",
    "batched-wait": "(b) worker with sluice.batching (max 32, delay 2 ms) directly (HTTP)",
    "noop": "(b) worker's GET /v2/health/ready: HTTP, no model (HTTP)",
    "gateway": "(c) through the gateway (TLS, key auth)",
    "floor": "(d) nginx answering a constant to the same POST: the floor of one HTTP exchange here",
    "python-worker": "worker directly",
    "python-gateway": "through the gateway",
}


def load(path):
    runs, meta = [], {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            doc = json.loads(line)
            if "meta" in doc:
                meta[doc["meta"]] = doc["value"]
            else:
                runs.append(doc)
    return runs, meta


def index(runs):
    """(suite, target, conns) -> {round: run}"""
    out = defaultdict(dict)
    for r in runs:
        out[(r["suite"], r["target"], r["conns"])][r["round"]] = r
    return out


def rps(run):
    """Requests per second; for JMH, operations per second times the rows each operation ran."""
    return run["wrk"]["rps"] if "wrk" in run else run["jmh"]["ops"] * run["jmh"].get("rows", 1)


def median_of(rounds, fn):
    values = [fn(r) for r in rounds.values()]
    return statistics.median(values) if values else None


def paired(a, b, fn):
    """Median over the rounds that both have of fn(run_a, run_b)."""
    values = [fn(a[k], b[k]) for k in sorted(set(a) & set(b))]
    return statistics.median(values) if values else None


def errors(rounds):
    bad = sum(r["wrk"]["non2xx"] + r["wrk"]["socket_errors"] for r in rounds.values() if "wrk" in r)
    total = sum(r["wrk"]["requests"] for r in rounds.values() if "wrk" in r)
    return "0" if bad == 0 else f"**{bad} of {total}**"


def cpu_us(run, part):
    """CPU time per request of the proxy (gateway or nginx) or the workers, in microseconds."""
    cpu = run.get("cpu")
    if cpu is None or run["wrk"]["requests"] == 0:
        return None
    return cpu[part] * 1e6 / cpu["ticks_per_s"] / run["wrk"]["requests"]


def median_cpu(rounds, part):
    values = [v for v in (cpu_us(r, part) for r in rounds.values()) if v is not None]
    return statistics.median(values) if values else None


def paired_cpu(a, b):
    """Median over shared rounds of proxy CPU per request of a over b."""
    values = []
    for k in sorted(set(a) & set(b)):
        x, y = cpu_us(a[k], "proxy"), cpu_us(b[k], "proxy")
        if x is not None and y:
            values.append(x / y)
    return statistics.median(values) if values else None


def ms(us):
    return "–" if us is None else f"{us / 1000:.2f}"


def num(x, fmt="{:,.0f}"):
    return "–" if x is None else fmt.format(x)


def verdict(ok):
    return "meets" if ok else "**misses**"


SPLIT_SUITES = {
    "gateway-tls": ("Gateway, TLS on (Sluice and nginx serve HTTPS; direct is the worker's plain HTTP)", 0.8),
    "gateway-plain": ("Gateway, TLS off (--tls=off; nginx plain HTTP too)", None),
    "onnx-quickstart": ("ONNX, the quickstart's iris classifier (blue v1, green v2), its 2-row sample request, TLS on",
                        1.0),
    "onnx-mlp": ("ONNX, the 256-512-256-10 MLP on blue and green, one row of 256 floats, TLS on", 1.0),
}


def split_tables(idx, suite, lines):
    """direct / Sluice / nginx / bare Netty (/ mirror) over the same two instances; `minimum` is the Sluice/nginx
    target."""
    if not any(k[0] == suite for k in idx):
        return
    title, minimum = SPLIT_SUITES[suite]
    lines += [f"### {title}", "",
              "| connections | target | req/s | p50 ms | p99 ms | errors | proxy CPU µs/req | workers CPU µs/req |",
              "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for conns in (16, 64):
        for t in GATEWAY_TARGETS:
            rounds = idx.get((suite, t, conns))
            if not rounds:
                continue
            proxy = "–" if t == "direct" else num(median_cpu(rounds, "proxy"))
            lines.append(f"| {conns} | {TARGET_LABEL[t]} | {num(median_of(rounds, rps))} "
                         f"| {ms(median_of(rounds, lambda r: r['wrk']['p50_us']))} "
                         f"| {ms(median_of(rounds, lambda r: r['wrk']['p99_us']))} | {errors(rounds)} "
                         f"| {proxy} | {num(median_cpu(rounds, 'workers'))} |")
    lines += ["", "| connections | Sluice/nginx req/s (rounds) | Sluice/direct req/s | Sluice p99 − direct p99 (ms) "
                  "| Sluice p99 − nginx p99 (ms) | mirror/Sluice req/s | Sluice/nginx proxy CPU per request "
                  "| bare/nginx req/s | bare/nginx proxy CPU per request |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    checks = []
    for conns in (16, 64):
        s = idx.get((suite, "sluice", conns), {})
        n = idx.get((suite, "nginx", conns), {})
        d = idx.get((suite, "direct", conns), {})
        m = idx.get((suite, "mirror", conns), {})
        b = idx.get((suite, "bare", conns), {})
        vs_nginx = paired(s, n, lambda a, b: rps(a) / rps(b))
        each = ", ".join(f"{rps(s[k]) / rps(n[k]):.2f}" for k in sorted(set(s) & set(n)))
        vs_direct = paired(s, d, lambda a, b: rps(a) / rps(b))
        added = paired(s, d, lambda a, b: a["wrk"]["p99_us"] - b["wrk"]["p99_us"])
        added_nginx = paired(s, n, lambda a, b: a["wrk"]["p99_us"] - b["wrk"]["p99_us"])
        mirror = paired(m, s, lambda a, b: rps(a) / rps(b))
        cpu = paired_cpu(s, n)
        bare = paired(b, n, lambda x, y: rps(x) / rps(y))
        lines.append(f"| {conns} | {num(vs_nginx, '{:.2f}')} ({each}) | {num(vs_direct, '{:.2f}')} | {ms(added)} "
                     f"| {ms(added_nginx)} | {num(mirror, '{:.2f}')} | {num(cpu, '{:.2f}')} "
                     f"| {num(bare, '{:.2f}')} | {num(paired_cpu(b, n), '{:.2f}')} |")
        if minimum is not None and vs_nginx is not None and (suite != "gateway-tls" or conns == 64):
            checks.append(f"- Target: Sluice ≥ {minimum} × nginx req/s at {conns} connections: "
                          f"{vs_nginx:.2f} — {verdict(vs_nginx >= minimum)}")
        if suite == "gateway-tls" and conns == 16 and added is not None:
            checks.append(f"- Target: ≤ 1 ms added p99 over direct at 16 connections: {added / 1000:.2f} ms — "
                          f"{verdict(added <= 1000)}")
    lines += [""] + checks + ([""] if checks else [])


MODEL_TARGETS = ["inproc", "inproc-batch", "runner", "runner-batched", "worker", "worker-bin", "batched", "batched-bin",
                 "batched-wait", "noop", "gateway", "floor"]


def model_table(idx, lines):
    if not any(k[0] == "model" for k in idx):
        return
    lines += ["### Model: 256-512-256-10 MLP (ONNX Runtime), one row of 256 floats per request", "",
              "| concurrency | target | req/s | p50 ms | p99 ms | errors | µs/request over ONNX Runtime "
              "| µs/request over the runner in-process | gateway (nginx) CPU µs/req | worker CPU µs/req |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for conns in (1, 32):
        raw = idx.get(("model", "inproc", conns), {})
        runner = idx.get(("model", "runner", conns), {})
        for t in MODEL_TARGETS:
            rounds = idx.get(("model", t, conns)) or (idx.get(("model", t, 1)) if t == "inproc-batch" and conns == 32
                                                     else None)
            if not rounds:
                continue
            if t == "inproc-batch" and conns == 1:
                continue
            over_raw = "–" if t in ("inproc", "inproc-batch", "noop", "floor") else num(paired(rounds, raw, per_request_gap), "{:.0f}")
            over_runner = "–" if t in ("inproc", "inproc-batch", "runner", "runner-batched", "noop", "floor") \
                else num(paired(rounds, runner, per_request_gap), "{:.0f}")
            if "jmh" in next(iter(rounds.values())):
                threads = 1 if t == "inproc-batch" else conns
                mean_ms = num(threads * 1e3 / (median_of(rounds, rps) / rows(rounds)), "{:.3f}")
                lines.append(f"| {conns} | {TARGET_LABEL[t]} | {num(median_of(rounds, rps))} | {mean_ms} (mean) "
                             f"| – | – | {over_raw} | {over_runner} | – | – |")
                continue
            gateway_cpu = num(median_cpu(rounds, "proxy")) if t in ("gateway", "floor") else "–"
            lines.append(f"| {conns} | {TARGET_LABEL[t]} | {num(median_of(rounds, rps))} "
                         f"| {ms(median_of(rounds, lambda r: r['wrk']['p50_us']))} "
                         f"| {ms(median_of(rounds, lambda r: r['wrk']['p99_us']))} | {errors(rounds)} "
                         f"| {over_raw} | {over_runner} | {gateway_cpu} | {num(median_cpu(rounds, 'workers'))} |")
    lines += ["", "µs/request over X = 1/throughput(target) − 1/throughput(X), per round, then the median: at "
                  "concurrency 1 the added latency, at 32 the added cost per request on the shared cores. "
                  "The runner in-process is ONNX Runtime plus the KServe v2 JSON; over it, the worker adds HTTP, "
                  "its admission control and, for a model too slow to run on the event loop, the hand-off to a scoring "
                  "thread and back. For the batch rows, "
                  "req/s counts rows (one row is one request).", ""]
    checks = []
    pair = lambda a, b, c: paired(idx.get(("model", a, c), {}), idx.get(("model", b, c), {}),
                                  lambda x, y: rps(x) / rps(y))
    for target, delay in (("batched", 0), ("batched-wait", 2)):
        ratio = pair(target, "worker", 32)
        if ratio is None:
            continue
        cpu = paired(idx.get(("model", target, 32), {}), idx.get(("model", "worker", 32), {}),
                     lambda x, y: cpu_us(x, "workers") / cpu_us(y, "workers"))
        p99 = paired(idx.get(("model", target, 1), {}), idx.get(("model", "worker", 1), {}),
                     lambda x, y: x["wrk"]["p99_us"] - y["wrk"]["p99_us"])
        checks.append(f"- Batching, max_queue_delay_ms {delay}: req/s over the unbatched worker at 32 callers "
                      f"{ratio:.2f} (target ≥ 3: {verdict(ratio >= 3)}), worker CPU per request "
                      f"{num(cpu, '{:.2f}')} × the unbatched one's; p99 at concurrency 1 over unbatched "
                      f"{ms(p99)} ms (target: at most {delay} ms)")
    binary = pair("batched-bin", "worker-bin", 32)
    if binary is not None:
        checks.append(f"- Batching with binary tensor data (delay 0): req/s over the unbatched worker with binary "
                      f"tensor data at 32 callers {binary:.2f} (target ≥ 3: {verdict(binary >= 3)}); over the "
                      f"unbatched worker with JSON {num(pair('batched-bin', 'worker', 32), '{:.2f}')}; binary over "
                      f"JSON, unbatched {num(pair('worker-bin', 'worker', 32), '{:.2f}')}, batched "
                      f"{num(pair('batched-bin', 'batched', 32), '{:.2f}')}")
    ceiling = pair("noop", "worker", 32)
    if ceiling is not None:
        checks.append(f"- HTTP ceiling at 32 connections: the no-op route on the same worker serves {ceiling:.2f} × "
                      f"the unbatched worker's req/s; batching over HTTP cannot pass it, so ≥ 3 is reachable here "
                      f"only if this is ≥ 3")
    floor = pair("floor", "worker", 32)
    if floor is not None:
        checks.append(f"- HTTP floor at 32 connections: nginx answering a constant to the same POST serves {floor:.2f} × "
                      f"the unbatched worker's req/s; no server that speaks HTTP to wrk on these two cores passes it")
    checks.append(f"- In-process, without HTTP: the runner batched/unbatched at 32 threads "
                  f"{num(pair('runner-batched', 'runner', 32), '{:.2f}')}; ONNX Runtime alone, 32-row batches over "
                  f"single rows at 32 threads "
                  f"{num(paired(idx.get(('model', 'inproc-batch', 1), {}), idx.get(('model', 'inproc', 32), {}), lambda x, y: rps(x) / rps(y)), '{:.2f}')}")
    raw1, worker1, noop1, bin1 = (idx.get(("model", t, 1), {}) for t in ("inproc", "worker", "noop", "worker-bin"))
    overhead = paired(worker1, raw1, lambda a, b: (1 / rps(a) - 1 / rps(b)) * rps(b))
    if overhead is not None:
        checks.append(f"- Target: worker overhead over in-process ONNX Runtime at concurrency 1 ≤ 10%: "
                      f"{overhead * 100:.0f}% — {verdict(overhead <= 0.10)}; of its "
                      f"{num(paired(worker1, raw1, per_request_gap), '{:.0f}')} µs per request, the HTTP round trip "
                      f"of a no-op route on the same worker takes {num(median_of(noop1, lambda r: 1e6 / rps(r)), '{:.0f}')} µs; "
                      f"with binary tensor data the worker adds "
                      f"{num(paired(bin1, raw1, per_request_gap), '{:.0f}')} µs; nginx answering a constant takes "
                      f"{num(median_of(idx.get(('model', 'floor', 1), {}), lambda r: 1e6 / rps(r)), '{:.0f}')} µs per "
                      f"request at concurrency 1, against ONNX Runtime's "
                      f"{num(median_of(raw1, lambda r: 1e6 / rps(r)), '{:.0f}')} µs")
    lines += checks + ([""] if checks else [])


def rows(rounds):
    return next(iter(rounds.values()))["jmh"].get("rows", 1)


def per_request_gap(a, b):
    return 1e6 / rps(a) - 1e6 / rps(b)


def python_table(idx, meta, lines):
    lines += ["### Python: score.py returning a constant", ""]
    if not any(k[0] == "python" for k in idx):
        lines += ["*Not measured in this run:* the python suite was not selected.", ""]
        return
    lines += ["| connections | target | req/s | p50 ms | p99 ms | errors | gateway CPU µs/req "
              "| worker + Python CPU µs/req |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for conns in (16, 64):
        for t in ("python-worker", "python-gateway"):
            rounds = idx.get(("python", t, conns))
            if rounds:
                gateway_cpu = num(median_cpu(rounds, "proxy")) if t == "python-gateway" else "–"
                lines.append(f"| {conns} | {TARGET_LABEL[t]} | {num(median_of(rounds, rps))} "
                             f"| {ms(median_of(rounds, lambda r: r['wrk']['p50_us']))} "
                             f"| {ms(median_of(rounds, lambda r: r['wrk']['p99_us']))} | {errors(rounds)} "
                             f"| {gateway_cpu} | {num(median_cpu(rounds, 'workers'))} |")
    lines.append("")


def main():
    runs, meta = load(sys.argv[1])
    idx = index(runs)
    lines = ["## Sluice benchmark", ""]
    for key in ("command", "date", "machine", "cpu", "memory", "java", "wrk", "nginx", "rounds", "duration"):
        if key in meta:
            lines.append(f"- {key}: {meta[key]}")
    for key in sorted(k for k in meta if "loadavg" in k or k.endswith("intra_op_threads")):
        lines.append(f"- {key}: {meta[key]}")
    lines += ["", "Medians over the rounds; runs alternate target by target within each round (A B A B); "
                  "ratios are per round, then the median. CPU µs/req: user + system CPU time of the proxy's "
                  "processes (the Sluice server JVM, or nginx's master and workers) and of the worker JVMs during "
                  "the run, divided by the requests answered; it is steadier than req/s on a shared machine.", ""]
    for suite in SPLIT_SUITES:
        split_tables(idx, suite, lines)
    model_table(idx, lines)
    python_table(idx, meta, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
