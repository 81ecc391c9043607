#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted input (libFuzzer through cargo-fuzz, on
# stable Rust with `-s none`): runs each target of fuzz/ in turn for its share of MINUTES.
#
# Usage: scripts/fuzz.sh MINUTES [TARGET...]     (default: every target)
#
# Crashes, hangs (over 10 s) and inputs needing over 2 GB go to fuzz/artifacts/TARGET/; the run
# goes on after each (fork mode). Reproduce one with
#   cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…
# then fix it and copy the input into tests/fuzz_regressions/TARGET/, which `cargo test` runs.
# The corpus grows in fuzz/corpus/TARGET/ (not committed), seeded from fuzz/seeds/, the
# regression cases, tests/fixtures, tests/golden, projects/ and ../shared/corpora.
# Not part of CI. Runs at the lowest priority; one libFuzzer process at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

minutes=${1:?usage: scripts/fuzz.sh MINUTES [TARGET...]}
shift
corpora=${CORPORA:-$root/../shared/corpora}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# The parsers of third-party formats first: a crash found early can be fixed while the rest run.
all_targets="import_pdf import_docx import_html project_loader merge formats_w3c formats_hypothesis
  formats_label_studio formats_jsonl formats_brat import_markdown import_text"
targets=${*:-$all_targets}
count=$(wc -w <<<"$targets")
seconds=$(( minutes * 60 / count ))
(( seconds > 0 )) || { echo "fuzz.sh: $minutes minutes is less than a second a target" >&2; exit 2; }

echo "== building the fuzz targets (cargo fuzz build -s none)"
(cd fuzz && nice -n 19 cargo fuzz build -s none)

# Copies the files that match find's arguments $2... into the corpus of target $1 (small ones only).
seed() {
  local target=$1; shift
  local into=fuzz/corpus/$target
  mkdir -p "$into"
  find "$@" -type f -size -256k -print0 2>/dev/null | while IFS= read -r -d '' file; do
    cp "$file" "$into/seed-$(sha1sum "$file" | cut -c1-16)"
  done
}

# brat: the .txt beside an .ann, a NUL byte, then the .ann (see io::untrusted::import_annotations).
seed_brat() {
  local into=fuzz/corpus/formats_brat
  mkdir -p "$into"
  find "$corpora" tests -name '*.ann' -size -128k -print0 2>/dev/null | while IFS= read -r -d '' ann; do
    local txt=${ann%.ann}.txt out
    out=$into/seed-$(sha1sum "$ann" | cut -c1-16)
    if [[ -f $txt ]]; then
      { cat "$txt"; printf '\0'; cat "$ann"; } >"$out"
    else
      cp "$ann" "$out"
    fi
  done
}

for target in $targets; do
  [[ -d fuzz/seeds/$target ]] && seed "$target" "fuzz/seeds/$target"
  [[ -d tests/fuzz_regressions/$target ]] && seed "$target" "tests/fuzz_regressions/$target"
  case $target in
    project_loader) seed "$target" projects tests -name '*.ron' ;;
    import_text) seed "$target" tests/fixtures ../shared/seed "$corpora" -name '*.txt' ;;
    import_markdown) seed "$target" tests/fixtures "$corpora" -name '*.md' ;;
    import_html) seed "$target" tests/fixtures tests/golden "$corpora" -name '*.html' ;;
    import_docx) seed "$target" tests/fixtures -name '*.docx' ;;
    import_pdf) seed "$target" tests/fixtures -name '*.pdf' ;;
    formats_w3c) seed "$target" tests/golden "$corpora/w3c-web-annotation" \( -name '*.json' -o -name '*.jsonld' \) ;;
    formats_brat) seed_brat ;;
    formats_jsonl) seed "$target" tests/golden "$corpora/doccano" "$corpora/prodigy-spacy-jsonl" \( -name '*.jsonl' -o -name '*.json' \) ;;
    formats_label_studio) seed "$target" "$corpora/label-studio" -name '*.json' ;;
    formats_hypothesis) seed "$target" tests/fixtures/hypothesis -name '*.json' ;;
  esac
done

triple=$(rustc -vV | sed -n "s/^host: //p")
echo "== fuzzing $count targets for ${seconds} s each"
for target in $targets; do
  mkdir -p "fuzz/artifacts/$target"
  echo "== $target ($(ls "fuzz/corpus/$target" 2>/dev/null | wc -l) inputs in the corpus) $(date -u +%H:%M:%S)"
  # The binary built above, run directly: a change to the sources meanwhile rebuilds nothing.
  # fork=1: one worker at a time, restarted after a crash, so one bug does not end the run.
  (cd fuzz && nice -n 19 "target/$triple/release/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$root/fuzz/artifacts/$target/" "corpus/$target" >"$root/fuzz/artifacts/$target.log" 2>&1) || true
  # The last status line: inputs run, coverage, corpus, and the count of ooms/timeouts/crashes.
  echo "   $(grep -a '^#[0-9]' "fuzz/artifacts/$target.log" | tail -1)"
  echo "== $target done: $(ls "fuzz/artifacts/$target" | wc -l) artifacts"
done
echo "== done $(date -u +%H:%M:%S)"
