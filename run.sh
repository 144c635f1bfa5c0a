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
  libhyphen-dev hyphen-sv libcmocka-dev
  fonts-liberation2 fonts-noto-core fonts-noto-color-emoji fontconfig
  poppler-utils qpdf xsltproc libxml2-utils
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
    echo "run.sh: results are in out/ (warnings about the samples: ./build/iopreport summary --remarks)"
    exit $status
    ;;
  test)
    install_missing
    werror=OFF
    [ "${CI:-}" = true ] && werror=ON
    build build -DIOPREPORT_WERROR=$werror
    ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
    ;;
  *) usage ;;
esac
