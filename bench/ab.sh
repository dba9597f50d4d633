#!/usr/bin/env bash
# Interleaved A/B benchmark: bash bench/ab.sh REV_A REV_B [RUNS]
# Builds each git revision's jar in a scratch worktree, then runs bench/run.sh (this checkout's) for scenarios
# 1 and 2 on each jar in turn, A, B, A, B, ... RUNS times each (default 3), so both meet the same machine
# weather. Prints and writes bench/results/<date>-ab-<A>-<B>.md: the medians side by side. Every BENCH_*
# variable of run.sh applies to each run (e.g. BENCH_DURATION, BENCH_THREADING).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bash bench/ab.sh REV_A REV_B [runs]" >&2; exit 2; }
runs=${3:-3}
declare -A rev=([A]=$(git rev-parse --short "$1") [B]=$(git rev-parse --short "$2"))
work=$(mktemp -d)
cleanup() { for side in A B; do git worktree remove --force "$work/$side" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

for side in A B; do
  echo "== building $side = ${rev[$side]}"
  git worktree add -q --detach "$work/$side" "${rev[$side]}"
  (cd "$work/$side" && { mvn -q -B -o -DskipTests package || mvn -q -B -DskipTests package; }) >"$work/build-$side.log" 2>&1 \
    || { tail -30 "$work/build-$side.log"; exit 1; }
  cp "$work/$side/target/partnerhub.jar" "$work/$side.jar"
done

rows=$work/rows
: >"$rows"
for i in $(seq 1 "$runs"); do
  for side in A B; do
    echo "== run $i of $runs: $side (${rev[$side]})"
    BENCH_JAR=$work/$side.jar BENCH_ONLY="1 2" BENCH_OUT=$work/$side-$i.md bash bench/run.sh >"$work/$side-$i.log" 2>&1 \
      || { tail -30 "$work/$side-$i.log"; exit 1; }
    # results rows: | scenario | wrk peak | wrk p50 | wrk p99 | non-2xx | open loop p50 / p99 / p99.9, errors / sent | limit |
    grep -E '^\| [12] ' "$work/$side-$i.md" | sed "s/^/$side|$i/" >>"$rows"
  done
done

mkdir -p bench/results
out=bench/results/$(date -u +%Y-%m-%d)-ab-${rev[A]}-${rev[B]}.md
python3 - "$rows" "${rev[A]}" "${rev[B]}" "$runs" >"$out" <<'PY'
import re, statistics, sys
rows, a, b, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

def ms(text):  # wrk prints 812.00us, 3.21ms or 1.02s
    value, unit = re.match(r'([0-9.]+)(us|ms|s)', text.strip()).groups()
    return float(value) * {'us': 0.001, 'ms': 1, 's': 1000}[unit]

samples = {}
for line in open(rows):
    cells = [c.strip() for c in line.split('|')]
    side, scenario = cells[0], cells[2]
    open_loop_p99 = float(cells[7].split('/')[1])
    samples.setdefault(scenario, {}).setdefault(side, []).append((float(cells[3]), ms(cells[5]), open_loop_p99))

def median(scenario, side, column):
    return statistics.median(s[column] for s in samples[scenario][side])

print(f"# A/B benchmark: A = {a}, B = {b}, medians of {runs} interleaved runs each\n")
print("| scenario | A peak req/s | B peak req/s | B / A | A wrk p99 ms | B wrk p99 ms | A open-loop p99 ms | B open-loop p99 ms |")
print("|---|---|---|---|---|---|---|---|")
for scenario in sorted(samples):
    ra, rb = median(scenario, 'A', 0), median(scenario, 'B', 0)
    print(f"| {scenario} | {ra:.0f} | {rb:.0f} | {rb / ra:.2f} | {median(scenario, 'A', 1):.2f} | {median(scenario, 'B', 1):.2f}"
          f" | {median(scenario, 'A', 2):.2f} | {median(scenario, 'B', 2):.2f} |")
print("\nEvery run (side, run, scenario, peak req/s, wrk p99 ms, open-loop p99 ms):\n")
for scenario in sorted(samples):
    for side in ('A', 'B'):
        for n, (rps, p99, olp99) in enumerate(samples[scenario][side], 1):
            print(f"- {side}{n} scenario {scenario}: {rps:.0f} req/s, {p99:.2f} ms, {olp99:.2f} ms")
PY
cat "$out"
