#!/usr/bin/env bash
# Installs what is missing, builds Dynamir and runs every test: the lit suite
# (dialect, importer, per-version fixtures, the standard-library and PyTorch
# import sweeps, the unit tests and the fuzzer). Ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_missing_packages "${DYNAMIR_PACKAGES[@]}"
require_tools
configure_and_build

say "running the test suite"
results="$BUILD_DIR/test-results.xml"
rm -f "$results"
python3 "$LLVM_ROOT/build/utils/lit/lit.py" -sv --xunit-xml-output="$results" \
  "$BUILD_DIR/test"
status=$?
python3 - "$results" "$status" <<'PY'
import sys, xml.etree.ElementTree as ET
path, status = sys.argv[1], int(sys.argv[2])
try:
    root = ET.parse(path).getroot()
except (OSError, ET.ParseError) as e:
    print("error: no test results (%s)" % e)
    print("0 passed, 1 failed")
    sys.exit(1)
passed = failed = 0
for case in root.iter("testcase"):
    # Skipped (UNSUPPORTED) tests count as failures: nothing may skip silently.
    if case.find("failure") is not None or case.find("skipped") is not None \
            or case.find("error") is not None:
        failed += 1
    else:
        passed += 1
if status != 0 and failed == 0:
    failed = 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
