#!/usr/bin/env bash
# Write throughput of the output path: drainer + JSON encoding + file, with rotation and gzip on.
# Runs integration-tests' LoadApp under the packaged agent: 4 threads emit EVENTS events as fast as they can into a
# ring large enough for all of them; the drainer writes them while the producers are long done. Throughput is
# events written / (agent.stop's @timestamp - the first event's @timestamp), read from the files themselves.
#
#   mvn -B -q -DskipTests package && benchmarks/output-throughput.sh
#
# Settings: EVENTS (default 1000000), RUNS per configuration (default 3). Needs jq. Prints one line per run and the
# median per configuration. Quote medians: a 2-core machine is noisy.
set -eu  # no pipefail: "zcat | head" ends zcat with SIGPIPE on purpose
cd "$(dirname "$0")/.."
events=${EVENTS:-1000000}
runs=${RUNS:-3}
agent=agent/target/eventweave-agent.jar
classes=integration-tests/target/classes
[ -f "$agent" ] && [ -d "$classes" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 2; }

seconds() { # RFC 3339 with 9 fractional digits -> seconds since the epoch, as a decimal
  jq -r '.["@timestamp"] | (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601 | tostring) + "." + capture("\\.(?<f>[0-9]+)Z$").f'
}

run() { # $1 = label, then EVENTWEAVE_* settings
  local label=$1; shift
  local results=()
  for i in $(seq 1 "$runs"); do
    local dir; dir=$(mktemp -d)
    env "$@" EVENTWEAVE_OUTPUT_PATH="$dir/events.jsonl" EVENTWEAVE_QUEUE_SIZE=$((1 << 21)) \
      EVENTWEAVE_OUTPUT_MAX_FILES=100000 EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP=100GB EVENTWEAVE_SHUTDOWN_TIMEOUT=300s \
      java -javaagent:"$agent" -cp "$classes" io.eventweave.it.apps.LoadApp 4 $((events / 4)) 0 > /dev/null
    local first; first=$(ls "$dir" | grep -E '^events\.[0-9]{6}\.jsonl(\.gz)?$' | sort | head -1 || true)
    first=${first:-events.jsonl}
    local t0 t1 written files
    t0=$(zcat -f "$dir/$first" | head -3 | jq -c 'select(.event.name=="http.client.request")' | head -1 | seconds)
    t1=$(tail -1 "$dir/events.jsonl" | seconds)
    written=$(tail -1 "$dir/events.jsonl" | jq '.agent.events.written')
    files=$(ls "$dir" | wc -l)
    local rate; rate=$(echo "$written / ($t1 - $t0)" | bc)
    echo "$label run $i: $written events written in $(echo "$t1 - $t0" | bc) s = $rate events/s ($files files)"
    results+=("$rate")
    rm -rf "$dir"
  done
  printf '%s median: %s events/s\n' "$label" "$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
run "rotation 10MB + gzip" EVENTWEAVE_OUTPUT_MAX_FILE_SIZE=10MB EVENTWEAVE_OUTPUT_COMPRESS=gzip
run "rotation 10MB, no compression" EVENTWEAVE_OUTPUT_MAX_FILE_SIZE=10MB EVENTWEAVE_OUTPUT_COMPRESS=none
run "one file, fsync=interval" EVENTWEAVE_OUTPUT_MAX_FILE_SIZE=10GB EVENTWEAVE_OUTPUT_FSYNC=interval
run "one file, fsync=always" EVENTWEAVE_OUTPUT_MAX_FILE_SIZE=10GB EVENTWEAVE_OUTPUT_FSYNC=always
