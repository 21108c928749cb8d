#!/usr/bin/env bash
# B2 per policy event kind, two agent jars side by side: for each kind, runs PolicyKindThroughputRun under jar A
# and jar B in alternation (ROUNDS times each), checks from agent.stop that every event was written, and prints the
# median events/s of each and the ratio B/A.
#   benchmarks/policy-kind-throughput.sh <agent jar A> <agent jar B> [rounds, default 3]
# Needs benchmarks/target/benchmarks.jar (mvn -B -q -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$(realpath "$1"); B=$(realpath "$2"); ROUNDS=${3:-3}
JAR=benchmarks/target/benchmarks.jar
KINDS="rate_limiter.acquire circuit_breaker.rejected circuit_breaker.state_change retry.attempt fallback.invoke bulkhead.rejected time_limiter.timeout"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
run() { # jar kind -> events/s
    local out="$work/events.jsonl"; rm -f "$work"/events*
    local line
    line=$(EVENTWEAVE_OUTPUT_PATH="$out" EVENTWEAVE_OUTPUT_MAX_FILE_SIZE=1000GB EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP=2000GB \
        EVENTWEAVE_STARTUP_MESSAGE=false java -Xms512m -Xmx512m -javaagent:"$1" -cp "$JAR" \
        io.eventweave.benchmarks.pipeline.PolicyKindThroughputRun "$2" 300000 2000000)
    local stop; stop=$(tail -1 "$out")
    local emitted written dropped
    emitted=$(grep -o '"emitted":[0-9]*' <<<"$stop" | cut -d: -f2)
    written=$(grep -o '"written":[0-9]*' <<<"$stop" | cut -d: -f2)
    dropped=$(grep -o '"dropped":[0-9]*' <<<"$stop" | head -1 | cut -d: -f2)
    if [[ "$emitted" != "$written" || "$dropped" != 0 ]]; then echo "events lost under $1: $stop" >&2; exit 1; fi
    grep -o 'events_per_s=[0-9]*' <<<"$line" | cut -d= -f2
}
printf '%-30s %14s %14s %8s\n' kind "A events/s" "B events/s" "B/A"
for kind in $KINDS; do
    : > "$work/a"; : > "$work/b"
    for ((r = 0; r < ROUNDS; r++)); do
        run "$A" "$kind" >> "$work/a"
        run "$B" "$kind" >> "$work/b"
    done
    a=$(median < "$work/a"); b=$(median < "$work/b")
    printf '%-30s %14.0f %14.0f %8.2f\n' "$kind" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print b / a}')"
done
