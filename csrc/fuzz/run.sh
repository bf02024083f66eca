#!/bin/sh
# run.sh — run libFuzzer targets one after another (used by `make fuzz`).
#
#   FUZZ_DIR=build/fuzz FUZZ_SECONDS=60 sh csrc/fuzz/run.sh fuzz_normalize ...
#
# Each target runs alone (no -jobs/-workers) for FUZZ_SECONDS seconds on a
# scratch copy of its seed corpus (FUZZ_DIR/work/<target>/, kept between
# runs), with its dictionary when there is one. Prints one line a target
# and "N passed, N failed"; exits 1 when a target failed.
set -u
dir=${FUZZ_DIR:-build/fuzz}
secs=${FUZZ_SECONDS:-60}
flags=${FUZZ_RUN_FLAGS:--rss_limit_mb=2048 -timeout=10 -print_final_stats=1}
src=$(dirname "$0")
pass=0
fail=0
report=""
nl='
'
for t in "$@"; do
    bin="$dir/$t"
    work="$dir/work/$t"
    art="$dir/artifacts/$t/"
    log="$dir/logs/$t.log"
    mkdir -p "$work" "$art" "$dir/logs"
    if [ -d "$src/corpus/$t" ]; then cp -R "$src/corpus/$t/." "$work/"; fi
    case $t in
        fuzz_regex) dict="$src/regex.dict" ;;
        fuzz_gazfile) dict="" ;;
        fuzz_tsv) dict="$src/tsv.dict" ;;
        *) dict="$src/arabic.dict" ;;
    esac
    dictopt=""
    if [ -n "$dict" ] && [ -f "$dict" ]; then dictopt="-dict=$dict"; fi
    echo "== $t: $secs s (log: $log)"
    start=$(date +%s)
    if [ ! -x "$bin" ]; then
        echo "missing $bin (make fuzz-build)" >"$log"
        rc=127
    else
        # shellcheck disable=SC2086
        "$bin" $flags -max_total_time="$secs" -artifact_prefix="$art" $dictopt "$work" >"$log" 2>&1
        rc=$?
    fi
    took=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ -z "$execs" ]; then
        execs=$(grep -o '^#[0-9][0-9]*' "$log" | tail -n 1 | tr -d '#')
    fi
    [ -n "$execs" ] || execs=0
    if [ "$rc" -eq 0 ]; then
        pass=$((pass + 1))
        line="$t: $execs execs in $took s: ok"
    else
        fail=$((fail + 1))
        why=""
        for pat in 'oracle failed' 'Lua error' 'ERROR: AddressSanitizer' 'runtime error' \
                   'ERROR: LeakSanitizer' 'ERROR: libFuzzer' 'missing '; do
            why=$(grep -m 1 -A 1 "$pat" "$log" | tr '\n' ' ' | sed -e 's/^[^:]*: //' -e 's/ *==[0-9]*==.*$//' | cut -c 1-200)
            [ -n "$why" ] && break
        done
        unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        line="$t: $execs execs in $took s: FAILED (exit $rc) ${why:-see $log}${unit:+ [input: $unit]}"
    fi
    echo "$line"
    report="$report$line$nl"
done
echo
echo "== fuzz results"
printf '%s' "$report"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
