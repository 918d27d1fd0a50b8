#!/usr/bin/env bash
# Times whole `brief` commands against `grep -rlF` and `rg -l` over the same synthetic
# library, in one hyperfine run each, with a warm page cache and an up-to-date index, then
# with the library's files (and brief's cache files) dropped from the page cache:
#
#   bash benches/vs-grep.sh [N...]     sizes (default 10000), each made once by `brief synth`
#
# For each size: `brief search 新能源汽车 --limit 50`, grep, rg; the same for a term no briefing
# holds (`量子计算`: the most a search reads, every body, against rg); `brief list --json`,
# `brief show ID`, the freshness check alone (`brief index`); the same search cold (files
# evicted with posix_fadvise before each run, which needs no root and touches no other
# files); peak memory of search and list (/usr/bin/time -v); and the index's size on disk
# against the library's text. Runs: 10 warm and 5 cold below 50,000 briefings, 5 and 3 above.
# The index goes to a cache folder of its own under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine rg python3; do
  command -v "$tool" >/dev/null || { echo "vs-grep: $tool is needed" >&2; exit 1; }
done
cargo build --release --quiet
BRIEF=$PWD/target/release/brief
export XDG_CACHE_HOME=$PWD/target/bench-cache
mkdir -p "$XDG_CACHE_HOME"
Q=新能源汽车
NONE=量子计算
OUT=target/bench-vs-grep
mkdir -p "$OUT"
# hyperfine, then the medians with their ratios to grep and rg in the same run.
timed() {
  local name=$1
  shift
  hyperfine --style basic --export-json "$OUT/$name.json" "$@" >"$OUT/$name.txt"
  python3 benches/medians.py "$OUT/$name.json" "$BRIEF"
}
"$BRIEF" --library briefings index >/dev/null 2>&1
echo "shipped library (warm, 20 runs):"
timed shipped -N --warmup 3 --runs 20 "$BRIEF --library briefings search $Q --limit 50" \
  "grep -rlF $Q briefings" "rg -l $Q briefings"
for N in "${@:-10000}"; do
  LIB=target/synth/$N
  if [ ! -e "$LIB/.complete" ]; then
    rm -rf "$LIB"
    "$BRIEF" --library briefings synth --count "$N" --to "$LIB"
    touch "$LIB/.complete"
  fi
  echo "library: $N briefings, $(du -sh --apparent-size "$LIB" | cut -f1) of text"
  "$BRIEF" --library "$LIB" index >/dev/null 2>&1
  runs=10; cold=5; [ "$N" -ge 50000 ] && runs=5 && cold=3
  ID=$("$BRIEF" --library "$LIB" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  echo "warm, $runs runs:"
  timed "warm-$N" -N -i --warmup 1 --runs "$runs" \
    "$BRIEF --library $LIB search $Q --limit 50" \
    "grep -rlF $Q $LIB" \
    "rg -l $Q $LIB" \
    "$BRIEF --library $LIB search $NONE --limit 50" \
    "rg -l $NONE $LIB" \
    "$BRIEF --library $LIB list --json" \
    "$BRIEF --library $LIB show $ID" \
    "$BRIEF --library $LIB index"
  echo "cold (files evicted before each run), $cold runs:"
  timed "cold-$N" -i --runs "$cold" --prepare "python3 benches/evict.py $LIB $XDG_CACHE_HOME" \
    "$BRIEF --library $LIB search $Q --limit 50 >/dev/null" \
    "grep -rlF $Q $LIB >/dev/null" \
    "rg -l $Q $LIB >/dev/null"
  for cmd in "search $Q --limit 50" "search $NONE --limit 50" "list --json"; do
    # shellcheck disable=SC2086
    # A search that finds nothing exits 1: its memory counts all the same.
    rss=$({ /usr/bin/time -v "$BRIEF" --library "$LIB" $cmd 2>&1 >/dev/null || true; } | awk '/Maximum resident/ {print $6}')
    echo "peak RSS of brief $cmd: $((rss / 1024)) MB"
  done
  text=$(du -s --apparent-size --block-size=1 "$LIB" | cut -f1)
  kept=$("$BRIEF" --library "$LIB" index 2>&1 | grep -o 'catalog-[0-9a-f]*' | head -1 || true)
  index=$(du -c --apparent-size --block-size=1 "$XDG_CACHE_HOME"/brief/"${kept:-none}".* 2>/dev/null | tail -1 | cut -f1)
  python3 -c "print(f'index on disk: {$index/1e6:.0f} MB for {$text/1e6:.0f} MB of text ({$index/$text:.2f}x)')"
done
