#!/usr/bin/env bash
# The GitHub Action's check step (action.yml). `latstat check` judges the budgets on all the files together and,
# because the runner sets GITHUB_ACTIONS and GITHUB_STEP_SUMMARY, itself writes the ::error annotations and the
# job summary's table; with a base log, `latstat compare` adds its table to the summary. Then the step outputs:
#   passed   true / false
#   p50, p99 of all the files together, in ms (as `latstat report --json` gives them)
#   status   check's exit status, which the action's last step returns — so the outputs above are written by a
#            step that succeeds, whatever the budgets say
# A composite action gets no INPUT_* variables: action.yml passes its inputs in these.
#   LATSTAT_FILES         the logs, one per line; a line may be a glob pattern (results/*.csv)
#   LATSTAT_BUDGETS       budget expressions, one per line (a line may hold several, separated by commas)
#   LATSTAT_FORMAT        a format name for -f, or empty to detect it
#   LATSTAT_COMPARE_WITH  a base log to compare each file with, or empty
# Exit status 2 (the step fails, no outputs): an input is wrong, or latstat refused an input.
set -euo pipefail
: "${GITHUB_ACTION_PATH:?}" "${GITHUB_OUTPUT:?}" "${GITHUB_STEP_SUMMARY:?}"

latstat() {
  node "$GITHUB_ACTION_PATH/bin/latstat.js" "$@"
}

# An error about an input: an annotation on the run, and exit 2.
input_error() {
  echo "::error title=latstat::$1"
  exit 2
}

# The lines of $1 with surrounding blanks removed, empty lines dropped, one per line.
lines_of() {
  sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' <<<"$1"
}

# Arrays may be empty: "${a[@]+"${a[@]}"}" expands them under set -u in any bash (macOS runners have 3.2).
files=()
while IFS= read -r line; do
  if [[ $line == *[\*\?\[]* ]]; then
    matched=0
    while IFS= read -r match; do
      files+=("$match")
      matched=1
    done < <(compgen -G "$line" || true)
    [ "$matched" -eq 1 ] || input_error "files: no file matches $line"
  else
    files+=("$line")
  fi
done < <(lines_of "$LATSTAT_FILES")
[ ${#files[@]} -gt 0 ] || input_error "files: no log named (give one per line)"

# Flags every latstat command below gets: the format, when one is named.
format=()
[ -z "$LATSTAT_FORMAT" ] || format=(-f "$LATSTAT_FORMAT")
budgets=()
while IFS= read -r line; do budgets+=(--budget "$line"); done < <(lines_of "$LATSTAT_BUDGETS")

status=0
latstat check ${format[@]+"${format[@]}"} ${budgets[@]+"${budgets[@]}"} -- "${files[@]}" || status=$?
[ "$status" -le 1 ] || exit "$status"

# The figures for the outputs: report's stderr repeats check's notes, so it is shown only if report fails.
report_json=$(mktemp)
report_err=$(mktemp)
trap 'rm -f "$report_json" "$report_err"' EXIT
if ! latstat report ${format[@]+"${format[@]}"} -p 50,99 --json -- "${files[@]}" >"$report_json" 2>"$report_err"; then
  cat "$report_err" >&2
  exit 2
fi
read -r p50 p99 < <(node -e 'const { raw } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(raw.percentiles["50"], raw.percentiles["99"]);' "$report_json")

if [ -n "$LATSTAT_COMPARE_WITH" ]; then
  # Shown in the log too; compare exits 1 only on a --fail-if gate, which the action does not set.
  latstat compare ${format[@]+"${format[@]}"} -o markdown -- "$LATSTAT_COMPARE_WITH" "${files[@]}" | tee -a "$GITHUB_STEP_SUMMARY"
  echo >>"$GITHUB_STEP_SUMMARY"
fi

{
  echo "passed=$([ "$status" -eq 0 ] && echo true || echo false)"
  echo "p50=$p50"
  echo "p99=$p99"
  echo "status=$status"
} >>"$GITHUB_OUTPUT"
