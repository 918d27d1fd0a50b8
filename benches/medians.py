#!/usr/bin/env python3
"""Prints the medians of a hyperfine --export-json file, each with its ratio to the grep and
rg runs in the same file: the figures benches/vs-grep.sh reports."""
import json
import sys

runs = json.load(open(sys.argv[1]))["results"]
# Each peer run by the term it looks for (the word after its options): a command is compared
# with the peers that look for a term it holds, or with the first of each peer when it holds
# none (list, show, index).
peers = {}
for r in runs:
    for name in ("grep", "rg"):
        if r["command"].startswith(name + " "):
            words = [w for w in r["command"].split()[1:] if not w.startswith("-")]
            peers.setdefault(name, []).append((words[0] if words else "", r["median"]))


def peer_of(command, name):
    found = [m for term, m in peers[name] if term and term in command.split()]
    return found[0] if found else peers[name][0][1]


for r in runs:
    ratios = "  ".join(
        f"{r['median'] / peer_of(r['command'], name):.2f}x {name}"
        for name in peers
        if not r["command"].startswith(name + " ")
    )
    cmd = r["command"].split(" >")[0].replace(sys.argv[2] if len(sys.argv) > 2 else "\0", "brief")
    print(f"  {r['median'] * 1000:8.1f} ms  {cmd}  {ratios}")
