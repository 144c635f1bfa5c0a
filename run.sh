#!/usr/bin/env bash
# The two commands of iopreport:
#   ./run.sh demo   install what is missing, build, render the samples into out/
#   ./run.sh test   install what is missing, build, run every test
# Anything after the command is passed on (e.g. ./run.sh test -R e2e).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential cmake pkg-config
  libxml2-dev libxslt1-dev libcairo2-dev libpango1.0-dev librsvg2-dev
  libhyphen-dev hyphen-sv libcmocka-dev zlib1g-dev libzip-dev colord-data
  fonts-liberation2 fonts-noto-core fonts-noto-color-emoji fontconfig
  poppler-utils qpdf xsltproc libxml2-utils unzip
)

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "run.sh: these Debian packages are missing; install them with:" >&2
      echo "  sudo apt-get update && sudo ${cmd[*]}" >&2
      exit 1
    fi
  fi
  echo "run.sh: installing ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
}

build() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
  # a warm fontconfig cache keeps the first real run from paying for it
  fc-cache >/dev/null 2>&1 || true
}

[ $# -ge 1 ] || usage
what=$1; shift
case "$what" in
  demo)
    install_missing
    build build
    mkdir -p out
    status=0
    iop=./build/iopreport
    # every folder of agreements: validate, summarise, and build its reports
    # with the templates and year in samples/<set>/demo.args
    for set in samples/*/; do
      name=$(basename "$set")
      [ -f "$set/demo.args" ] || continue
      args=()
      read -r -a args < "$set/demo.args"
      echo "== $name: ${args[*]}"
      "$iop" validate "$set" || status=1
      "$iop" summary "$set" "${args[@]:0:2}" > "out/$name-summary.txt" 2>/dev/null || status=1
      "$iop" build "$set" "${args[@]}" --out "out/$name" 2>/dev/null || status=1
    done
    # the catalogue over every municipality, and a user's own template
    echo "== exempelsamling over every sample, 2019"
    "$iop" build samples/malmo-2018 samples/linkoping-2021 --year 2019 \
      --template exempelsamling --out out/exempelsamling 2>/dev/null || status=1
    echo "== samples/user-template: a municipality's own fact sheet"
    "$iop" build samples/malmo-2018 --year 2018 --committee malmo-asn \
      --template samples/user-template/exempelkommun-faktablad.xsl --combine \
      --out out/user-template 2>/dev/null || status=1
    echo "== exempelkommun 2021 against its earlier export: what was edited since (--compare-with)"
    "$iop" build samples/exempelkommun-2021 --year 2021 --template arsrapport \
      --compare-with samples/exempelkommun-2021-tidigare --case-number SN-2022-0042 \
      --date 2022-02-10 --out out/exempelkommun-2021-jamforelse 2>/dev/null || status=1
    echo "== Linköping: the meeting packet, memo + annual report + fact sheets (docs/packet.md)"
    "$iop" build samples/linkoping-2021 --year 2020 --committee linkoping-an --packet handlingar \
      --case-number AN-2021-0123 --date 2021-02-15 --out out/linkoping-2021-handlingar \
      2>/dev/null || status=1
    echo "== Linköping: the memo as an OpenDocument text to edit (docs/odt.md)"
    "$iop" build samples/linkoping-2021 --year 2020 --committee linkoping-an \
      --template tjansteskrivelse --format odt --case-number AN-2021-0123 --date 2021-02-15 \
      --out out/linkoping-2021-odt 2>/dev/null || status=1
    echo "== verify: does the Malmö annual report still match its files? (docs/provenance.md)"
    "$iop" verify out/malmo-2018/malmo-asn-arsrapport-2018.pdf || status=1
    echo "run.sh: results are in out/ (warnings about the samples: ./build/iopreport summary --remarks)"
    exit $status
    ;;
  test)
    # the checks beyond the plain tests: memcheck, network tracing, fuzzing;
    # the PDF/UA and PDF/A checker (tests/tools/pdfua_check.py, on Debian's
    # python3) and PDFBox Preflight, whose jar needs two of Java's old XML
    # libraries that its package does not pull in; trang, to check that
    # schema/iopreport.rnc is the RNG converted (tests/e2e/new.sh)
    PACKAGES+=(valgrind strace python3-pikepdf
      default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java trang)
    [ -n "${IOPREPORT_FUZZ_SECONDS:-}" ] && PACKAGES+=(clang libclang-rt-dev)
    install_missing
    werror=OFF
    [ "${CI:-}" = true ] && werror=ON
    status=0
    build build -DIOPREPORT_WERROR=$werror
    ctest --test-dir build --output-on-failure -j "$(nproc)" "$@" || status=1
    # The same tests again under AddressSanitizer + UBSan (any error aborts)
    # and LeakSanitizer (tests/lsan.supp: the libraries' one-time
    # allocations). IOPREPORT_SANITIZE_RUN=0 skips it for a quick local run.
    if [ "${IOPREPORT_SANITIZE_RUN:-1}" != 0 ]; then
      echo "run.sh: the tests again with ASan + UBSan + LSan (build-asan)" >&2
      build build-asan -DIOPREPORT_WERROR=$werror -DIOPREPORT_SANITIZE=ON
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1 \
      LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
      IOP_HOSTILE_LIMIT_MS=5000 \
        ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E 'e2e\.valgrind' "$@" ||
        status=1
    fi
    # A short libFuzzer run of each harness (CI sets IOPREPORT_FUZZ_SECONDS).
    if [ -n "${IOPREPORT_FUZZ_SECONDS:-}" ]; then
      fuzz/run || status=1
    fi
    exit $status
    ;;
  *) usage ;;
esac
