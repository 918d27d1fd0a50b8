#!/usr/bin/env bash
# Times `brief search` against `fzf --filter` over the same synthetic library, each briefing
# one line for fzf (id, title, regions and text), and prints the ratio of the medians.
#
#   bash benches/vs-fzf.sh [N]      N briefings (default 10000), made once by `brief synth`
#
# Both are whole commands from start to exit, timed by hyperfine; brief loads and indexes the
# library each time, fzf reads the prepared lines. Installs fzf and hyperfine if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10000}
need() {
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "$1" >/dev/null
  else
    echo "vs-fzf: $1 is needed (apt-get install $1)" >&2; exit 1
  fi
}
need fzf
need hyperfine

cargo build --release --quiet
BRIEF=target/release/brief
LIB=target/synth/$N
if [ ! -e "$LIB/.complete" ]; then
  rm -rf "$LIB"
  "$BRIEF" --library briefings synth --count "$N" --to "$LIB"
  touch "$LIB/.complete"
fi
LINES=target/synth/$N.lines
if [ ! -s "$LINES" ] || [ "$LINES" -ot "$LIB/.complete" ]; then
  # One line a briefing: the front matter and body with line breaks turned into spaces.
  for f in "$LIB"/*.md; do tr '\n' ' ' < "$f"; echo; done > "$LINES"
fi
echo "library: $N briefings, $(du -sh "$LIB" | cut -f1); as lines: $(du -h "$LINES" | cut -f1)"

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf '%-22s %12s %12s %8s\n' query "brief (ms)" "fzf (ms)" ratio
for q in liuzhou 新能源汽车 数字化; do
  hyperfine --style none --warmup 2 --runs 10 --export-json "$OUT/r.json" \
    "$BRIEF --library $LIB search '$q' --limit 20 >/dev/null || true" \
    "fzf --filter '$q' < $LINES >/dev/null || true" >/dev/null 2>&1
  python3 - "$OUT/r.json" "$q" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
b, f = r[0]["median"] * 1000, r[1]["median"] * 1000
print(f"{sys.argv[2]:<22} {b:12.1f} {f:12.1f} {b / f:7.2f}x")
PY
done
echo "(ratio = brief / fzf: below 1 means brief is faster)"
