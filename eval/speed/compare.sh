#!/usr/bin/env bash
# compare.sh: slant score (stance, target and sentiment) against VADER's
# JavaScript port (npm vader-sentiment, sentiment alone) on the same
# sentences, side by side, on this machine.
#
#   eval/speed/compare.sh [ARTICLES] [REPEAT]
#
# It builds slant, installs vader-sentiment (version pinned in package.json)
# with npm into a temporary directory, makes the sentences with
# `slant bench speed --articles ARTICLES` (default 1000: the claims slant run
# finds in a synthetic corpus shuffled from the sample corpus's paragraphs;
# this also prints the whole pipeline's speed), then times each scorer
# REPEAT times (default 3; the two alternate) with /usr/bin/time and
# prints the median (and best) wall and CPU times and the ratio of the
# medians. slant score uses all CPUs (--workers defaults to NumCPU). Needs go, node + npm, python3 and /usr/bin/time.
# KEEP=DIR keeps the work files in DIR. Nothing is written into the repo.
set -euo pipefail

ARTICLES=${1:-1000}
REPEAT=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/eval/speed"

for tool in go node npm python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "compare.sh: $tool not found" >&2; exit 2; }
done

if [ -n "${KEEP:-}" ]; then
  WORK=$KEEP
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
echo "== work dir: $WORK"

echo "== building slant"
(cd "$ROOT" && go build -o "$WORK/slant" ./cmd/slant)

echo "== installing vader-sentiment (npm)"
mkdir -p "$WORK/node"
cp "$HERE/package.json" "$HERE/vader.js" "$WORK/node/"
(cd "$WORK/node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
echo "vader-sentiment $(node -p "require('$WORK/node/node_modules/vader-sentiment/package.json').version"), node $(node --version)"

echo "== sentences: claims of slant run on a synthetic corpus of $ARTICLES articles"
"$WORK/slant" bench speed --articles "$ARTICLES" --keep "$WORK/speed"
python3 - "$WORK/speed/out/claims.csv" "$WORK/sentences.jsonl" <<'PY'
import csv, json, sys
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in csv.DictReader(f):
        text = row["text"]
        # undo the CSV export's spreadsheet guard (export.Unneutralise)
        if text.startswith("'") and text[1:].lstrip("'")[:1] in ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"):
            text = text[1:]
        out.write(json.dumps({"id": row["claim_id"], "text": text}, ensure_ascii=False) + "\n")
        n += 1
print(f"{n} sentences, {sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[2], encoding='utf-8'))} bytes")
PY
SENT="$WORK/sentences.jsonl"
N=$(wc -l < "$SENT")

# timeit NAME I CMD...: runs CMD once (run I), appending
# "wall cpu maxrss_kB" to $WORK/NAME.all.
timeit() {
  local name=$1 i=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" \
    || { echo "compare.sh: $name failed:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time.txt"
  cpu=$(python3 -c "print(round($user + $sys, 2))")
  echo "  $name run $i: wall ${wall}s, cpu ${cpu}s, max RSS $((rss / 1024)) MB" >&2
  echo "$wall $cpu $rss" >> "$WORK/$name.all"
}

echo "== timing ($REPEAT runs each, alternating; median and best reported)"
: > "$WORK/slant.all"; : > "$WORK/vader.all"
for i in $(seq "$REPEAT"); do
  # alternate the two so that a change in the machine's load hits both
  timeit slant "$i" "$WORK/slant" score --in "$SENT" --out "$WORK/slant-scores.csv"
  timeit vader "$i" node "$WORK/node/vader.js" "$SENT"
done
cp "$WORK/vader.out" "$WORK/vader-scores.csv"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

rows_s=$(($(wc -l < "$WORK/slant-scores.csv") - 1))
rows_v=$(wc -l < "$WORK/vader-scores.csv")
if [ "$rows_s" != "$N" ] || [ "$rows_v" != "$N" ]; then
  echo "compare.sh: row counts differ: $N sentences, slant $rows_s, vader $rows_v" >&2
  exit 1
fi

python3 - "$N" "$WORK/slant.all" "$WORK/vader.all" <<'PY'
import statistics, sys
n = int(sys.argv[1])
def load(path):
    runs = [list(map(float, l.split())) for l in open(path) if l.strip()]
    wall = [r[0] for r in runs]
    cpu = [r[1] for r in runs]
    rss = max(r[2] for r in runs)
    return statistics.median(wall), statistics.median(cpu), min(wall), min(cpu), rss
sw, sc, sbw, sbc, sr = load(sys.argv[2])
vw, vc, vbw, vbc, vr = load(sys.argv[3])
print(f"\n{n} sentences, median (best) of {len(open(sys.argv[2]).readlines())} runs")
print(f"{'':34}{'wall s':>15}{'cpu s':>15}{'sent/s':>10}{'max RSS':>10}")
print(f"{'slant score (stance+sentiment)':34}{sw:8.2f} ({sbw:5.2f}){sc:8.2f} ({sbc:5.2f}){n / sw:10.0f}{int(sr) // 1024:8d}MB")
print(f"{'vader-sentiment (sentiment only)':34}{vw:8.2f} ({vbw:5.2f}){vc:8.2f} ({vbc:5.2f}){n / vw:10.0f}{int(vr) // 1024:8d}MB")
print(f"ratio vader/slant (medians): wall {vw / sw:.2f}x, cpu {vc / sc:.2f}x (target: at least 4x wall)")
PY
