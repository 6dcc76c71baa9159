#!/usr/bin/env python3
"""Summarises a JFR recording: where the CPU samples are (self and inclusive, by method) and which stacks
allocate most. Used by bench/profile.sh; only the standard library and the JDK's `jfr` tool.
Usage: jfr_top.py RECORDING.jfr [TOP_N]
"""
import json
import subprocess
import sys
from collections import Counter


def events(recording, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    method = frame["method"]
    return f'{method["type"]["name"]}.{method["name"]}'


def top_cpu(recording, n):
    samples = events(recording, "jdk.ExecutionSample")
    self_counts, incl_counts, threads = Counter(), Counter(), Counter()
    for e in samples:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        if not frames:
            continue
        self_counts[frame_name(frames[0])] += 1
        for name in {frame_name(f) for f in frames}:
            incl_counts[name] += 1
        thread = e["values"].get("sampledThread") or {}
        threads[(thread.get("javaName") or thread.get("osName") or "?").rstrip("0123456789-")] += 1
    total = max(1, len(samples))
    print(f"CPU samples: {len(samples)}")
    print("\nby thread (name without its number):")
    for name, c in threads.most_common(8):
        print(f"  {100 * c / total:5.1f}%  {name}")
    print(f"\ntop {n} self:")
    for name, c in self_counts.most_common(n):
        print(f"  {100 * c / total:5.1f}%  {name}")
    print(f"\ntop {n} inclusive:")
    for name, c in incl_counts.most_common(n):
        print(f"  {100 * c / total:5.1f}%  {name}")


def top_alloc(recording, n):
    samples = events(recording, "jdk.ObjectAllocationSample")
    by_site, by_type = Counter(), Counter()
    for e in samples:
        v = e["values"]
        weight = v.get("weight", 0)
        by_type[v["objectClass"]["name"]] += weight
        frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
        # The first frame outside the JDK's collections says who asked for the memory.
        site = next((frame_name(f) for f in frames if not frame_name(f).startswith(("java.", "jdk."))),
                    frame_name(frames[0]) if frames else "?")
        by_site[site] += weight
    total = max(1, sum(by_type.values()))
    print(f"\nallocation samples: {len(samples)}, sampled weight {total / 1e6:.0f} MB")
    print(f"top {n} allocating sites (first non-JDK frame):")
    for name, w in by_site.most_common(n):
        print(f"  {100 * w / total:5.1f}%  {name}")
    print(f"top {n} allocated types:")
    for name, w in by_type.most_common(n):
        print(f"  {100 * w / total:5.1f}%  {name}")


def main():
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    top_cpu(sys.argv[1], n)
    top_alloc(sys.argv[1], n)


if __name__ == "__main__":
    main()
