# Shared by utils/demo.sh and utils/check.sh: install what a fresh Debian 12
# machine lacks, find the tools, and configure and build Dynamir.
# Sourced, not run.

DYNAMIR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${DYNAMIR_BUILD_DIR:-$DYNAMIR_ROOT/build}
LLVM_ROOT=/usr/lib/llvm-19

die() { echo "error: $*" >&2; exit 1; }
say() { echo "== $*"; }

# Debian packages the build and the tests need.
DYNAMIR_PACKAGES=(
  cmake ninja-build ccache git python3
  clang-19 lld-19 libclang-rt-19-dev
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  libgtest-dev libbenchmark-dev
  libzstd-dev libmimalloc-dev python3-torch python3-numpy
)

install_missing_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    sudo=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || die "apt-get update failed"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
}

# CPython 3.<minor>: $DYNAMIR_PYTHON3<minor>, pyenv's versions, or PATH.
find_cpython() {
  local minor=$1 var="DYNAMIR_PYTHON3$1" root candidates
  if [ -n "${!var:-}" ]; then echo "${!var}"; return 0; fi
  for root in "${PYENV_ROOT:-}" "$(pyenv root 2>/dev/null)" "$HOME/.pyenv"; do
    [ -n "$root" ] || continue
    candidates=$(ls -d "$root"/versions/3."$minor".*/bin/python3."$minor" 2>/dev/null \
                 | sort -t. -k3 -n | tail -1)
    if [ -n "$candidates" ] && [ -x "$candidates" ]; then echo "$candidates"; return 0; fi
  done
  command -v "python3.$minor" && return 0
  return 1
}

require_tools() {
  for minor in 11 12 13; do
    find_cpython "$minor" >/dev/null \
      || die "CPython 3.$minor not found (pyenv root, ~/.pyenv or PATH); set DYNAMIR_PYTHON3$minor"
  done
  [ -x "$LLVM_ROOT/bin/FileCheck" ] || die "FileCheck not found in $LLVM_ROOT/bin (llvm-19-tools)"
  [ -f "$LLVM_ROOT/build/utils/lit/lit.py" ] || die "lit not found at $LLVM_ROOT/build/utils/lit/lit.py"
  [ -x "$LLVM_ROOT/bin/mlir-opt" ] || die "mlir-opt not found in $LLVM_ROOT/bin (mlir-19-tools)"
}

configure_and_build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    say "configuring in $BUILD_DIR"
    cmake -G Ninja -S "$DYNAMIR_ROOT" -B "$BUILD_DIR" \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER="$LLVM_ROOT/bin/clang" \
      -DCMAKE_CXX_COMPILER="$LLVM_ROOT/bin/clang++" \
      -DLLVM_USE_LINKER=lld \
      -DMLIR_DIR="$LLVM_ROOT/lib/cmake/mlir" \
      -DLLVM_EXTERNAL_LIT="$LLVM_ROOT/build/utils/lit/lit.py" \
      -DDYNAMIR_ENABLE_FUZZER=ON \
      "${launcher[@]}" || die "cmake configuration failed"
  fi
  say "building"
  # mlir-doc: the generated dialect and pass references the docs test compares.
  cmake --build "$BUILD_DIR" -j "${DYNAMIR_JOBS:-$(nproc)}" --target all mlir-doc \
    || die "build failed"
}
