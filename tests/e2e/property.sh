#!/usr/bin/env bash
# The property of issue 12: what `validate` accepts, `build` turns into a
# report, for every template. tests/tools/gen_edges.c writes valid
# agreements at the edges of the format (longest titles and names, amounts
# and counts at the cap, the first and last dates, many parties and
# contributions, Latin-1, upper-case and 255-byte file names, deep folders);
# each seed is validated (exit 0) and built with every built-in template:
# exit 0, PDFs that qpdf accepts, and every title and idea-based party name
# in the text of the reports that hold its agreement.
#
# A fixed list of seeds runs in ctest (and under ASan+UBSan in
# ./run.sh test); fuzz/property runs random seeds with every limit for as
# long as it is given. IOP_PROPERTY_SEEDS, IOP_PROPERTY_PROFILE (ci|full)
# choose; a failing seed is named, and kept when IOP_PROPERTY_KEEP is set.
. "$(dirname "$0")/lib.sh"
GEN=${IOP_GEN_EDGES:-$IOP_BUILD_DIR/tests/iop_gen_edges}
SEEDS=${IOP_PROPERTY_SEEDS:-1 2 3 4 5 6 7 8}
PROFILE=${IOP_PROPERTY_PROFILE:-ci}
TEMPLATES=(arsrapport tjansteskrivelse exempelsamling faktablad)
if [ ! -x "$GEN" ]; then
  fail "the generator is missing: $GEN"
  finish
fi

# what a name looks like in pdftotext's text once line breaks, hyphens
# from hyphenation and spacing are taken out
squash() { tr -d ' \n\t\f-' | sed -e $'s/\u00ad//g' -e $'s/\u00a0//g' -e $'s/\u2010//g'; }

check_seed() {
  local seed=$1 dir=$TMP/seed-$1 bad=0
  "$GEN" "$seed" "$dir" "$PROFILE"
  local year
  year=$(cat "$dir/year")
  run "$IOPREPORT" validate "$dir/input"
  if [ "$RC" -ne 0 ]; then
    fail "seed $seed: validate refused a generated agreement (exit $RC)"
    grep -v ': warning: ' "$TMP/err" | head -5 >&2
    return 1
  fi
  pass
  for t in "${TEMPLATES[@]}"; do
    local out=$dir/out-$t
    run "$IOPREPORT" build "$dir/input" --year "$year" --template "$t" --out "$out" -j2
    if [ "$RC" -ne 0 ]; then
      fail "seed $seed: build --template $t --year $year: exit $RC"
      grep -E 'error|FAILED' "$TMP/err" "$TMP/out" | cut -c1-300 | head -5 >&2
      bad=1
      continue
    fi
    pass
    cp "$TMP/err" "$dir/$t.err"
    local why=
    if grep -q 'a table row is taller than a page' "$dir/$t.err"; then
      why=" (a table row was taller than a page: issue 12, finding 4)"
    fi
    : >"$dir/$t.txt"
    local pdf
    for pdf in "$out"/*.pdf; do
      if qpdf --check "$pdf" >/dev/null 2>&1; then pass; else fail "seed $seed: qpdf --check $pdf"; bad=1; fi
      pdftotext -raw "$pdf" - 2>/dev/null | squash >>"$dir/$t.txt"
    done
    # titles in every template; idea-based parties where a template lists them
    local kind id committees name
    while IFS=$'\t' read -r kind id committees name; do
      [ "$kind" = title ] || [ "$t" = arsrapport ] || [ "$t" = faktablad ] || continue
      if printf '%s' "$name" | squash | "$GEN" contains "$dir/$t.txt"; then pass; else
        fail "seed $seed: $t does not show the $kind of ${id:0:40}$why: ${name:0:80}…"
        bad=1
      fi
    done <"$dir/names"
  done
  if [ $bad = 0 ] && [ -z "${IOP_PROPERTY_KEEP:-}" ]; then rm -rf "$dir"; fi
  if [ $bad != 0 ] && [ -n "${IOP_PROPERTY_KEEP:-}" ]; then
    mkdir -p "$IOP_PROPERTY_KEEP" && cp -r "$dir" "$IOP_PROPERTY_KEEP/"
    echo "seed $seed kept in $IOP_PROPERTY_KEEP/seed-$seed" >&2
  fi
  return $bad
}

for seed in $SEEDS; do
  check_seed "$seed" || true
done
finish
