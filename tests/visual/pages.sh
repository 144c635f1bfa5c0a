# The reference pages of the visual regression test and how each is made.
# Sourced by tests/e2e/visual.sh (renders them again and compares) and by
# tests/visual/update (rewrites the references); both set IOPREPORT and
# IOP_SOURCE_DIR and call visual_env first.

VISUAL_DPI=50 # small files, still enough to see a line move

# NAME-PAGE: page PAGE of tests/documents/NAME.xml through `iopreport render`
# (the engine's own PNG output), or of the annual report of
# samples/malmo-2018 through `iopreport build` (a PDF, rasterised with
# pdftoppm: the whole path a council's report takes).
VISUAL_PAGES="tjansteskrivelse-1 styles-2 scripts-1 long-report-42 arsrapport-malmo-2018-1"

# The pinned fonts, locale, time zone and date the references were made with.
visual_env() {
  export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=1700000000
  export FONTCONFIG_FILE=$IOP_SOURCE_DIR/tests/fonts/fonts.conf
}

# visual_build_arsrapport NAME DIR: the annual report of samples/malmo-2018
# as DIR/malmo-asn-arsrapport-2018.pdf (NAME for the messages).
visual_build_arsrapport() {
  local name=$1 work=$2
  if ! "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 \
      --template arsrapport --date 2019-03-20 --case-number ASN-2019-1234 \
      --out "$work" --jobs 1 --quiet >"$work/out" 2>"$work/err"; then
    echo "$name: iopreport build failed:" >&2
    head -5 "$work/err" >&2
    return 1
  fi
  if [ ! -s "$work/malmo-asn-arsrapport-2018.pdf" ]; then
    echo "$name: no malmo-asn-arsrapport-2018.pdf" >&2
    return 1
  fi
}

# The structure goldens: NAME.structure.txt is the structure tree of a PDF
# as tests/tools/pdf_structure.py prints it (element types, nesting, Scope,
# Alt, OBJR; no MCIDs or object numbers). tests/e2e/pdfua.sh compares.
STRUCTURE_GOLDENS="arsrapport-malmo-2018"

# structure_render NAME DIR: write DIR/NAME.structure.txt. The Python is
# $IOP_PYTHON3 (Debian's /usr/bin/python3, which has python3-pikepdf).
structure_render() {
  local name=$1 dir=$2
  local work=$dir/work-$name.structure
  rm -rf "$work"
  mkdir -p "$work"
  case $name in
    arsrapport-malmo-2018)
      visual_build_arsrapport "$name" "$work" || return 1
      if ! "${IOP_PYTHON3:-/usr/bin/python3}" "$IOP_SOURCE_DIR/tests/tools/pdf_structure.py" \
          "$work/malmo-asn-arsrapport-2018.pdf" >"$dir/$name.structure.txt" 2>"$work/err"; then
        echo "$name: pdf_structure.py failed:" >&2
        head -5 "$work/err" >&2
        return 1
      fi
      ;;
    *) echo "$name: no such structure golden" >&2; return 1 ;;
  esac
  rm -rf "$work"
}

# visual_render NAME DIR: write page NAME as DIR/NAME.png. Messages go to
# stderr; non-zero status when the page could not be made.
visual_render() {
  local name=$1 dir=$2
  local work=$dir/work-$name page=${name##*-}
  rm -rf "$work"
  mkdir -p "$work"
  case $name in
    arsrapport-malmo-2018-*)
      visual_build_arsrapport "$name" "$work" || return 1
      local pdf=$work/malmo-asn-arsrapport-2018.pdf
      pdftoppm -r "$VISUAL_DPI" -f "$page" -l "$page" -singlefile -png "$pdf" "$work/page" ||
        { echo "$name: pdftoppm failed" >&2; return 1; }
      ;;
    *)
      local doc=$IOP_SOURCE_DIR/tests/documents/${name%-*}.xml
      if ! "$IOPREPORT" render "$doc" -o "$work/out.png" --dpi "$VISUAL_DPI" 2>"$work/err"; then
        echo "$name: iopreport render failed:" >&2
        head -5 "$work/err" >&2
        return 1
      fi
      # one page: out.png; several: out-N.png
      if [ -e "$work/out-$page.png" ]; then
        mv "$work/out-$page.png" "$work/page.png"
      elif [ "$page" = 1 ] && [ -e "$work/out.png" ]; then
        mv "$work/out.png" "$work/page.png"
      else
        echo "$name: the document has no page $page" >&2
        return 1
      fi
      ;;
  esac
  mv "$work/page.png" "$dir/$name.png"
  rm -rf "$work"
}
