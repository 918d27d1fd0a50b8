#!/usr/bin/env python3
"""Prints the medians of a hyperfine --export-json file, each with its ratio to the grep and
rg runs in the same file: the figures benches/vs-grep.sh reports."""
import json
import sys

runs = json.load(open(sys.argv[1]))["results"]
peer = {}
for r in runs:
    for name in ("grep", "rg"):
        if r["command"].startswith(name + " "):
            peer[name] = r["median"]
for r in runs:
    ratios = "  ".join(
        f"{r['median'] / m:.2f}x {name}" for name, m in peer.items() if not r["command"].startswith(name + " ")
    )
    cmd = r["command"].split(" >")[0].replace(sys.argv[2] if len(sys.argv) > 2 else "\0", "brief")
    print(f"  {r['median'] * 1000:8.1f} ms  {cmd}  {ratios}")
