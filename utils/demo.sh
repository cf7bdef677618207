#!/usr/bin/env bash
# Installs what is missing, builds Dynamir, and runs its main job on the
# bundled example: capture utils/examples/mlp.py (an MLP written as nn.Module
# classes, called through a module-level instance) from CPython 3.12
# bytecode (graph, guards, an explain() summary), run the capture with
# dynamir-runner on random inputs and the model's own initial weights, and
# compare with PyTorch eager.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages "${DYNAMIR_PACKAGES[@]}"
require_tools
configure_and_build

python=$(find_cpython 12)
example="$DYNAMIR_ROOT/utils/examples/mlp.py"
capture="$BUILD_DIR/demo-capture.mlir"
specs=(--input=f32[4,8])

say "capturing $example (entry: run) from CPython 3.12 bytecode"
"$BUILD_DIR/bin/dynamir-translate" --import-py "$example" --python="$python" \
  --entry=run "${specs[@]}" --mlir-print-debuginfo \
  | "$BUILD_DIR/bin/dynamir-opt" --dynamir-capture='fullgraph=true explain=true' \
      --verify-each -o "$capture" || die "capture failed"

say "the captured entry: guards and the tensor graph"
sed -n '/py.func @run/,/^  }/p' "$capture"

say "running it with dynamir-runner and comparing with PyTorch eager"
/usr/bin/python3 "$DYNAMIR_ROOT/utils/examples/compare-with-eager.py" \
  --runner "$BUILD_DIR/bin/dynamir-runner" --capture "$capture" \
  --module "$example" --entry run --tensor x=4,8 \
  || die "the capture does not match PyTorch eager"
