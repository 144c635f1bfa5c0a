#!/usr/bin/env bash
# Every PDF that iopreport writes conforms to PDF/UA-1 and PDF/A-2a as far
# as tests/tools/pdfua_check.py can tell (issue 11): every built-in template
# (arsrapport, tjansteskrivelse, exempelsamling, faktablad) on every sample
# under samples/, the catalogue over all samples and the user's own template
# as `run.sh demo` makes them, and `iopreport render` of every document in
# tests/documents/. Any finding fails the test; a count per check ends the
# output. PDFBox Preflight (tests/tools/preflight.sh) looks at one PDF of
# each template too and is printed, never gated: it validates PDF/A-1b. The structure
# tree of the Malmö 2018 annual report equals the golden
# tests/visual/arsrapport-malmo-2018.structure.txt (tests/visual/update
# arsrapport-malmo-2018.structure rewrites it after a deliberate change).
. "$(dirname "$0")/lib.sh"
: "${IOP_PYTHON3:=/usr/bin/python3}"
TOOLS=$IOP_SOURCE_DIR/tests/tools
V=$IOP_SOURCE_DIR/tests/visual
. "$V/pages.sh"
visual_env

# --- the checker needs pikepdf: without it the test fails, it does not skip --
require_pikepdf

# --- the PDFs ---------------------------------------------------------------------
# Every sample folder with a demo.args: its year, case number and date from
# there, every built-in template.
mkdir -p "$TMP/pdf"
n_sets=0
for set in "$IOP_SOURCE_DIR"/samples/*/; do
  name=$(basename "$set")
  [ -f "$set/demo.args" ] || continue
  n_sets=$((n_sets + 1))
  read -r -a args <"$set/demo.args"
  year= case_number= date=
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    case ${args[i]} in
      --year) year=${args[i + 1]} ;;
      --case-number) case_number=${args[i + 1]} ;;
      --date) date=${args[i + 1]} ;;
    esac
  done
  if [ -z "$year" ]; then
    fail "$name: demo.args has no --year"; continue
  fi
  extra=()
  [ -n "$case_number" ] && extra+=(--case-number "$case_number")
  [ -n "$date" ] && extra+=(--date "$date")
  run "$IOPREPORT" build "$set" --year "$year" "${extra[@]}" \
    --template arsrapport --template tjansteskrivelse --template exempelsamling \
    --template faktablad --out "$TMP/pdf/$name" --quiet
  expect_rc 0
  for t in arsrapport tjansteskrivelse exempelsamling faktablad; do
    if ls "$TMP/pdf/$name"/*-"$t"-"$year".pdf >/dev/null 2>&1 ||
       [ -s "$TMP/pdf/$name/$t-$year.pdf" ]; then pass; else fail "$name: no PDF of $t"; fi
  done
done
if [ "$n_sets" -ge 2 ]; then pass; else fail "only $n_sets sample folders with a demo.args"; fi
# the catalogue over every municipality and a municipality's own template
run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" "$IOP_SOURCE_DIR/samples/linkoping-2021" \
  --year 2019 --template exempelsamling --out "$TMP/pdf/exempelsamling" --quiet
expect_rc 0
run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 --committee malmo-asn \
  --template "$IOP_SOURCE_DIR/samples/user-template/exempelkommun-faktablad.xsl" --combine \
  --date 2019-03-20 --out "$TMP/pdf/user-template" --quiet
expect_rc 0
# the year over year against an earlier export: the table of edits
run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/exempelkommun-2021" --year 2021 \
  --compare-with "$IOP_SOURCE_DIR/samples/exempelkommun-2021-tidigare" --date 2022-02-10 \
  --template arsrapport --template tjansteskrivelse --out "$TMP/pdf/compare-with" --quiet
expect_rc 0
# the engine's own documents
mkdir -p "$TMP/pdf/render"
for doc in "$IOP_SOURCE_DIR"/tests/documents/*.xml; do
  run "$IOPREPORT" render "$doc" -o "$TMP/pdf/render/$(basename "$doc" .xml).pdf"
  expect_rc 0
done

find "$TMP/pdf" -name '*.pdf' | sort >"$TMP/pdfs"
n_pdfs=$(wc -l <"$TMP/pdfs")
if [ "$n_pdfs" -ge 25 ]; then pass; else fail "only $n_pdfs PDFs made"; fi

# --- our own checker: no finding on any PDF --------------------------------------
"$IOP_PYTHON3" "$TOOLS/pdfua_check.py" --list >"$TMP/checks" 2>"$TMP/list.err"
if [ "$(wc -l <"$TMP/checks")" -ge 30 ]; then pass; else
  fail "pdfua_check.py --list: $(cat "$TMP/list.err")"; fi
: >"$TMP/findings"
while read -r pdf; do
  short=${pdf#"$TMP/pdf/"}
  set +e
  "$IOP_PYTHON3" "$TOOLS/pdfua_check.py" "$pdf" >"$TMP/check.out" 2>"$TMP/check.err"
  rc=$?
  set -e
  sed "s|$TMP/pdf/||" "$TMP/check.out" >>"$TMP/findings"
  if [ "$rc" -eq 0 ]; then pass; continue; fi
  if [ "$rc" -ne 1 ]; then
    fail "$short: pdfua_check.py exit $rc: $(head -3 "$TMP/check.err")"; continue
  fi
  fail "$short: $(wc -l <"$TMP/check.out") findings in $(cut -d: -f2 "$TMP/check.out" | sort -u | wc -l) checks:"
  # the first finding of each failed check
  sed "s|$TMP/pdf/||" "$TMP/check.out" | awk -F': ' '!seen[$2]++' | sed 's/^/    /' >&2
done <"$TMP/pdfs"
if [ -s "$TMP/findings" ]; then
  echo "pdfua_check.py findings per check over $n_pdfs PDFs (check: findings in PDFs):" >&2
  awk -F': ' '{n[$2]++; if (!seen[$2 FS $1]++) f[$2]++}
    END {for (c in n) printf "  %-22s %6d in %d\n", c, n[c], f[c]}' "$TMP/findings" | sort >&2
fi

# --- PDFBox Preflight: a second opinion, printed, never gated -------------------
set +e
# (one PDF of each template and the images of the test documents: Preflight
# takes a second a file and says much the same of every PDF of a template)
bash "$TOOLS/preflight.sh" "$TMP/pdf/malmo-2018/malmo-asn-arsrapport-2018.pdf" \
  "$TMP/pdf/malmo-2018/malmo-asn-tjansteskrivelse-2018.pdf" \
  "$TMP/pdf/malmo-2018/exempelsamling-2018.pdf" \
  "$TMP/pdf/malmo-2018/malmo-uvas-faktablad-2018.pdf" \
  "$TMP/pdf/render/scripts.pdf" >"$TMP/preflight" 2>"$TMP/preflight.err"
rc=$?
set -e
if [ "$rc" -eq 0 ]; then
  sed "s|$TMP/pdf/||" "$TMP/preflight"
elif [ "$rc" -eq 77 ]; then
  echo "PDFBox Preflight skipped: $(cat "$TMP/preflight.err")"
else
  fail "tests/tools/preflight.sh exit $rc: $(head -3 "$TMP/preflight.err")"
fi

# --- the structure golden of the annual report -----------------------------------
golden=$V/arsrapport-malmo-2018.structure.txt
if ! structure_render arsrapport-malmo-2018 "$TMP" 2>"$TMP/structure.err"; then
  fail "the structure tree of the annual report could not be made: $(cat "$TMP/structure.err")"
elif [ ! -s "$golden" ]; then
  fail "no golden $golden (tests/visual/update arsrapport-malmo-2018.structure)"
elif diff -u "$golden" "$TMP/arsrapport-malmo-2018.structure.txt" >"$TMP/structure.diff"; then
  pass
else
  mkdir -p "$IOP_BUILD_DIR/visual-failures"
  cp "$TMP/arsrapport-malmo-2018.structure.txt" "$IOP_BUILD_DIR/visual-failures/"
  fail "the annual report's structure tree differs from tests/visual/arsrapport-malmo-2018.structure.txt
  (new: $IOP_BUILD_DIR/visual-failures/arsrapport-malmo-2018.structure.txt;
   if the change is meant: tests/visual/update arsrapport-malmo-2018.structure):
$(head -40 "$TMP/structure.diff")"
fi

finish
