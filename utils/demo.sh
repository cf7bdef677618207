#!/usr/bin/env bash
# Installs what is missing, builds Dynamir, and runs its main job on the
# bundled example: import examples/mlp.py, compiled by CPython 3.12, into the
# py dialect and print it.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages "${DYNAMIR_PACKAGES[@]}"
require_tools
configure_and_build

python=$(find_cpython 12)
example="$DYNAMIR_ROOT/utils/examples/mlp.py"
say "importing $example with $python"
"$BUILD_DIR/bin/dynamir-translate" --import-py "$example" --python="$python" \
  --entry=run --input=f32[4,8] \
  | "$BUILD_DIR/bin/dynamir-opt" --verify-each
