#!/usr/bin/env bash
# Builds every fuzz target and runs each in turn for SECONDS (default 60), one job at a time.
#
#   fuzz/run.sh [SECONDS]          time-boxed (what `make fuzz` runs)
#   FUZZ_RUNS=10000000 fuzz/run.sh run each target for that many executions instead
#   FUZZ_TARGETS="spf_record dmarc_record" fuzz/run.sh 30    only those targets
#   FUZZ_SANITIZER=address fuzz/run.sh                       with AddressSanitizer
#
# Each target reads fuzz/seeds/<target> (committed) and grows fuzz/corpus/<target> (ignored), with
# the dictionary fuzz/dicts/<target>.dict when there is one. A crash, a timeout (10 s per input)
# or an out-of-memory leaves its input in fuzz/artifacts/<target>/ and makes the script exit 1
# after the remaining targets have run. Logs go to fuzz/logs/<target>.log; a table of executions,
# time, speed and coverage is printed at the end.
set -euo pipefail

seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi

# Debug assertions on: an integer overflow is a bug the fuzzer should report, not wrap past.
# No sanitizer by default: the engine is `forbid(unsafe_code)`, so what the fuzzer finds is
# panics, hangs and memory blow-ups, which need none; AddressSanitizer makes the runs about six
# times slower (the message target: 2,400 against 390 executions a second).
build_flags=(--debug-assertions --sanitizer "${FUZZ_SANITIZER:-none}")
cargo +nightly fuzz build "${build_flags[@]}"

targets=${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}
mkdir -p logs
failed=()
rows=()
for t in $targets; do
  mkdir -p "corpus/$t" "seeds/$t"
  # Whole messages and report files need room; a record or a header value does not.
  case $t in
    message | aggregate_xml | outlook_msg) max_len=65536 ;;
    *) max_len=4096 ;;
  esac
  args=(-max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  if [[ -n ${FUZZ_RUNS:-} ]]; then
    args+=(-runs="$FUZZ_RUNS")
  else
    args+=(-max_total_time="$seconds")
  fi
  [[ -f dicts/$t.dict ]] && args+=(-dict="dicts/$t.dict")
  echo "== $t: ${args[*]}"
  start=$(date +%s)
  if cargo +nightly fuzz run "${build_flags[@]}" "$t" "corpus/$t" "seeds/$t" -- "${args[@]}" \
    >"logs/$t.log" 2>&1; then
    result=ok
  else
    result=CRASH
    failed+=("$t")
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written' "logs/$t.log" | head -5 || true
  fi
  secs=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "logs/$t.log" | tail -1)
  cov=$({ grep -oE 'cov: [0-9]+' "logs/$t.log" || true; } | tail -1 | cut -d' ' -f2)
  rows+=("$(printf '%-24s %6s %12s %6s %9s %6s' "$t" "$result" "${execs:-?}" "${secs}s" "${speed:-?}/s" "${cov:-?}")")
done

printf '\n%-24s %6s %12s %6s %11s %6s\n' target result executions time speed cov
printf '%s\n' "${rows[@]}"
if ((${#failed[@]})); then
  echo "fuzz: crashes in ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
  exit 1
fi
