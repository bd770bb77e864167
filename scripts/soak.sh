#!/usr/bin/env bash
# soak.sh: the reliability soak. tenantleak must never panic, never hang,
# print the same output on every run, and stay near the SSA floor.
#
# usage: scripts/soak.sh [-ci] [-runs N] [-seqruns N] [-keep DIR] [SERVICE_DIR...]
#
#   -ci        the CI corpus: a part of the standard library and the
#              generated package at 1,000 helpers; .ci/run uses it
#   (default)  the full corpus: all of std, golang.org/x/tools/... from the
#              module cache, the generated package, and each SERVICE_DIR
#              (a Go module checked out outside this repository) as ./...
#   -runs N    runs per output mode for the determinism check (default 3)
#   -seqruns N sequential timing passes of each tool (default 2; the
#              generated package, one package against a tight bound, at
#              least 5)
#   -keep DIR  keep outputs and timings in DIR (default: a temporary dir)
#
# For each corpus, with zero configuration (the defaults; a service's own
# .tenantleak.yml is not read: -config points at an empty file):
#   - the SSA floor (scripts/floortime: buildssa plus a walk of every
#     instruction, loaded as tenantleak loads) once in parallel for wall
#     time and peak RSS;
#   - tenantleak N times in text mode and N times with -json: every run
#     must print the same bytes (stdout and stderr); the median of the
#     text runs gives wall time and peak RSS;
#   - the floor and tenantleak each sequentially with -timing, -seqruns
#     times (alternating): every tenantleak pass must print the same text
#     again, and each package's analysis time is set against its floor, each
#     the minimum over the passes (in one pass over hundreds of packages a GC
#     pause is charged to whichever package is running; floors under 10 ms
#     count as 10 ms, the timer's noise); the worst five are printed.
# It fails on a panic or fatal error, an internal error (category
# internal-error, exit 3), an exit status other than 0, 1, or 2 with only
# packages that do not type-check, output that differs between runs, or a
# package over 10x its floor. The generated package (internal/recgen: 2,000
# mutually recursive helpers; 1,000 in CI, since type-checking it is quadratic
# in go/types, about a minute for 2,000) must also stay under 3x its floor.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

ci=0; runs=3; seqruns=2; keep=""
while [ $# -gt 0 ]; do
  case $1 in
    -ci) ci=1; shift;;
    -runs) runs=$2; shift 2;;
    -seqruns) seqruns=$2; shift 2;;
    -keep) keep=$2; shift 2;;
    -h|-help|--help) sed -n '2,/^set /p' "$0" | sed '$d'; exit 0;;
    -*) echo "soak: unknown flag $1" >&2; exit 2;;
    *) break;;
  esac
done
case $seqruns in ''|*[!0-9]*|0) echo "soak: -seqruns needs a positive count" >&2; exit 2;; esac

if [ ! -x /usr/bin/time ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq time) >/dev/null 2>&1
  fi
  [ -x /usr/bin/time ] || { echo "soak: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
fi

if [ -n "$keep" ]; then mkdir -p "$keep"; work=$(cd "$keep" && pwd); else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
bin=$work/bin; mkdir -p "$bin"
go build -o "$bin/tenantleak" ./cmd/tenantleak || exit 2
go build -o "$bin/floortime" ./scripts/floortime || exit 2
go build -o "$bin/genrec" ./scripts/genrec || exit 2
: > "$work/empty.yml"   # zero configuration, whatever the corpus holds

# Corpora: name|dir|patterns
corpora=()
rec=$work/recursive; recn=2000
if [ $ci = 1 ]; then
  recn=1000
  corpora+=("std-subset|$root|database/sql/... encoding/json net/url text/template")
else
  corpora+=("std|$root|std")
  xt=$(go list -m -f '{{.Dir}}' golang.org/x/tools 2>/dev/null)
  if [ -n "$xt" ] && [ -d "$xt" ]; then
    # The module cache is read-only: analyse a copy, with its own go.mod.
    cp -r "$xt" "$work/x-tools" && chmod -R u+w "$work/x-tools"
    (cd "$work/x-tools" && go mod download >/dev/null 2>&1)
    corpora+=("x/tools@$(basename "$xt" | sed 's/.*@//')|$work/x-tools|./...")
  else
    echo "soak: golang.org/x/tools is not in the module cache (go mod download first)" >&2; exit 2
  fi
  for d in "$@"; do
    [ -f "$d/go.mod" ] || { echo "soak: $d is not a Go module" >&2; exit 2; }
    corpora+=("$(basename "$d")|$(cd "$d" && pwd)|./...")
  done
fi
"$bin/genrec" -n $recn "$rec" || exit 2
corpora+=("recursive-$recn|$rec|./...")

# timed NAME DIR OUT ERR CMD...: run CMD in DIR, record "wall rss_kb" and the status.
timed() {
  local name=$1 dir=$2 out=$3 err=$4; shift 4
  (cd "$dir" && /usr/bin/time -q -f "%e %M" -o "$work/$name.time" "$@" >"$out" 2>"$err")
  echo $? > "$work/$name.rc"
}

fail=0
failf() { echo "FAIL: $*"; fail=1; }
summary=()
worst_all=$work/worst.tsv; : > "$worst_all"

for c in "${corpora[@]}"; do
  IFS='|' read -r name dir pats <<<"$c"
  key=$(echo "$name" | tr '/@' '__')
  echo "== $name: $pats (in $dir)"
  # shellcheck disable=SC2086
  (cd "$dir" && go list $pats >/dev/null 2>&1)   # warm the build cache and the module cache
  # The sequential floor first: it also brings the sources into the page
  # cache, so that no timed run pays for cold reads.
  # shellcheck disable=SC2086
  timed "$key.floorseq.1" "$dir" /dev/null "$work/$key.floorseq.1.err" "$bin/floortime" -timing "$work/$key.floor.timing.1" $pats
  # shellcheck disable=SC2086
  timed "$key.floor" "$dir" "$work/$key.floor.out" "$work/$key.floor.err" "$bin/floortime" $pats
  for mode in text json; do
    flags=(-config "$work/empty.yml"); [ $mode = json ] && flags+=(-json)
    for i in $(seq "$runs"); do
      # shellcheck disable=SC2086
      timed "$key.$mode.$i" "$dir" "$work/$key.$mode.$i.out" "$work/$key.$mode.$i.err" "$bin/tenantleak" "${flags[@]}" $pats
    done
  done
  # The sequential timing passes, the floor's and tenantleak's alternating
  # so that both meet the same interference; per package, the minimum of
  # the passes is the best estimate of its cost.
  passes=$seqruns
  case $name in recursive-*) [ "$passes" -ge 5 ] || passes=5;; esac
  for i in $(seq "$passes"); do
    if [ "$i" -gt 1 ]; then
      # shellcheck disable=SC2086
      timed "$key.floorseq.$i" "$dir" /dev/null "$work/$key.floorseq.$i.err" "$bin/floortime" -timing "$work/$key.floor.timing.$i" $pats
    fi
    # shellcheck disable=SC2086
    timed "$key.seq.$i" "$dir" "$work/$key.seq.$i.out" "$work/$key.seq.$i.err" "$bin/tenantleak" -config "$work/empty.yml" -timing "$work/$key.timing.$i" $pats
  done
  for t in timing floor.timing; do
    for i in $(seq "$passes"); do cat "$work/$key.$t.$i" 2>/dev/null; done |
      awk -F'\t' '!($1 in m) || $2+0 < m[$1]+0 {m[$1]=$2} END {for (p in m) printf "%s\t%s\n", p, m[p]}' |
      LC_ALL=C sort -t $'\t' -k1,1 > "$work/$key.$t"
  done

  # Crashes, internal errors and exit statuses.
  panics=$(cat "$work/$key".*.err "$work/$key".text.*.out "$work/$key".seq.*.out 2>/dev/null | grep -cE '^panic:|^fatal error:|SIGSEGV|goroutine [0-9]+ \[' )
  internal=$(cat "$work/$key".text.1.out "$work/$key".text.1.err | grep -c 'internal error')
  [ "$panics" -eq 0 ] || failf "$name: $panics panic lines (see $work/$key.*.err)"
  [ "$internal" -eq 0 ] || failf "$name: $internal internal errors"
  loaderr=$(grep -c 'does not type-check' "$work/$key.text.1.err")
  for f in "$work/$key".text.*.rc "$work/$key".json.*.rc "$work/$key".seq.*.rc; do
    rc=$(cat "$f")
    case $rc in
      0|1) ;;
      2) if [ "$loaderr" -eq 0 ]; then failf "$name: $(basename "$f" .rc) exited 2 with no load error: $(head -c 300 "${f%.rc}.err")"; fi;;
      3) failf "$name: $(basename "$f" .rc) exited 3 (internal error)";;
      *) failf "$name: $(basename "$f" .rc) exited $rc";;
    esac
  done
  for f in "$work/$key".floor.rc "$work/$key".floorseq.*.rc; do
    [ "$(cat "$f")" = 0 ] || failf "$name: the floor ($(basename "$f" .rc)) exited $(cat "$f"): $(tail -c 300 "${f%.rc}.err")"
  done

  # Determinism: every run the same bytes, the sequential one too.
  same=yes
  for mode in text json; do
    for i in $(seq 2 "$runs"); do
      for s in out err; do
        cmp -s "$work/$key.$mode.1.$s" "$work/$key.$mode.$i.$s" || { same=no; failf "$name: $mode run $i $s differs from run 1"; diff "$work/$key.$mode.1.$s" "$work/$key.$mode.$i.$s" | head -5; }
      done
    done
  done
  for i in $(seq "$passes"); do
    for s in out err; do
      cmp -s "$work/$key.text.1.$s" "$work/$key.seq.$i.$s" || { same=no; failf "$name: sequential run $i's $s differs from the parallel one"; diff "$work/$key.text.1.$s" "$work/$key.seq.$i.$s" | head -5; }
    done
  done

  # Per-package times against the floor (each the minimum of its passes).
  LC_ALL=C join -t $'\t' "$work/$key.timing" "$work/$key.floor.timing" |
    awk -F'\t' -v c="$name" '{f=$3; if (f<0.01) f=0.01; printf "%.2f\t%s\t%s\t%.3f\t%.3f\n", $2/f, c, $1, $2, $3}' |
    sort -t $'\t' -k1,1 -rn > "$work/$key.ratio"
  cat "$work/$key.ratio" >> "$worst_all"
  pkgs=$(wc -l < "$work/$key.timing")
  over=$(awk -F'\t' '$1 > 10' "$work/$key.ratio" | wc -l)
  [ "$over" -eq 0 ] || failf "$name: $over packages over 10x their SSA floor"
  # tenantleak's wall time and peak RSS: the medians of the text runs.
  tw=$(for i in $(seq "$runs"); do cut -d' ' -f1 "$work/$key.text.$i.time"; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  tm=$(for i in $(seq "$runs"); do cut -d' ' -f2 "$work/$key.text.$i.time"; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  read -r fw fm < "$work/$key.floor.time"
  ids=$(grep -oE '^[^[:space:]].*: (TL00[0-9]): ' "$work/$key.text.1.out" | grep -oE 'TL00[0-9]' | sort | uniq -c | awk '{printf "%s%s=%s", (NR>1?" ":""), $2, $1}')
  [ -n "$ids" ] || ids="none"
  worst=$(head -1 "$work/$key.ratio" | cut -f1)
  line=$(awk -v n="$name" -v p="$pkgs" -v tw="$tw" -v fw="$fw" -v tm="$tm" -v fm="$fm" -v ids="$ids" -v pan="$panics" -v ie="$internal" -v le="$loaderr" -v same="$same" -v w="${worst:-0}" \
    'BEGIN { printf "%-16s %5d pkgs  wall %7.1fs vs floor %7.1fs (%.2fx)  rss %6.0f vs %6.0f MiB (%.2fx)  worst pkg %.2fx  panics %d  internal %d  load errors %d  identical %s  findings %s",
      n, p, tw, fw, tw/fw, tm/1024, fm/1024, tm/fm, w, pan, ie, le, same, ids }')
  echo "$line"
  summary+=("$line")
  if [ "$name" = recursive-2000 ]; then
    r=$(head -1 "$work/$key.ratio" | cut -f1)
    awk -v r="$r" 'BEGIN { exit !(r < 3) }' || failf "$name: ${r}x its SSA floor, over 3x"
  fi
done

echo
echo "== worst five packages by ratio to their SSA floor (ratio, corpus, package, tenantleak s, floor s)"
sort -t $'\t' -k1,1 -rn "$worst_all" | head -5
echo
echo "== summary"
printf '%s\n' "${summary[@]}"
if [ $fail = 0 ]; then echo "soak: PASS"; else echo "soak: FAIL"; fi
exit $fail
