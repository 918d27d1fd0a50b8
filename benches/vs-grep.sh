#!/usr/bin/env bash
# Times whole `brief` commands against `grep -rlF` and `rg -l` over the same synthetic
# library, in one hyperfine run, with a warm page cache and a warm catalog:
#
#   bash benches/vs-grep.sh [N...]     sizes (default 10000), each made once by `brief synth`
#
# For each size: `brief search 新能源汽车 --limit 50`, grep, rg, `brief list --json`, the
# catalog's freshness check alone (`brief index`), then peak memory of search and list
# (/usr/bin/time -v). The catalog goes to a cache folder of its own under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine rg; do
  command -v "$tool" >/dev/null || { echo "vs-grep: $tool is needed (apt-get install ${tool/rg/ripgrep})" >&2; exit 1; }
done
cargo build --release --quiet
BRIEF=$PWD/target/release/brief
export XDG_CACHE_HOME=$PWD/target/bench-cache
Q=新能源汽车
hyperfine -N --warmup 3 --runs 20 "$BRIEF --library briefings search $Q --limit 50"
for N in "${@:-10000}"; do
  LIB=target/synth/$N
  if [ ! -e "$LIB/.complete" ]; then
    rm -rf "$LIB"
    "$BRIEF" --library briefings synth --count "$N" --to "$LIB"
    touch "$LIB/.complete"
  fi
  echo "library: $N briefings, $(du -sh "$LIB" | cut -f1)"
  "$BRIEF" --library "$LIB" index >/dev/null
  runs=10; [ "$N" -ge 50000 ] && runs=3
  hyperfine -i --warmup 1 --runs "$runs" \
    "$BRIEF --library $LIB search $Q --limit 50 >/dev/null" \
    "grep -rlF $Q $LIB >/dev/null" \
    "rg -l $Q $LIB >/dev/null" \
    "$BRIEF --library $LIB list --json >/dev/null" \
    "$BRIEF --library $LIB index 2>/dev/null"
  for cmd in "search $Q --limit 50" "list --json"; do
    # shellcheck disable=SC2086
    rss=$(/usr/bin/time -v "$BRIEF" --library "$LIB" $cmd 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
    echo "peak RSS of brief $cmd: $((rss / 1024)) MB"
  done
done
