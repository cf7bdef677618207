"""The modules whose classes have no consistent MRO, against CPython.

    check_mro_errors.py --python311 P --python312 P --python313 P
                        --translate T --opt O MODULE.py ...

For each module and each CPython version: importing it with that CPython
raises TypeError with some message; `dynamir-translate --import-py` (with
that CPython) then `dynamir-opt --py-build-environment` must fail with
`error: TypeError: <the same message>` (3.11 and 3.12 break the message over
two lines, 3.13 does not: each version is compared with its own). Prints a
MISMATCH line per problem and `N modules x 3 versions, M mismatches`.
"""

import argparse
import json
import os
import subprocess
import sys

IMPORT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("m", sys.argv[1])
module = importlib.util.module_from_spec(spec)
try:
    spec.loader.exec_module(module)
except TypeError as error:
    print(json.dumps(str(error)))
else:
    print(json.dumps(None))
"""


def main():
    parser = argparse.ArgumentParser()
    for version in ("311", "312", "313"):
        parser.add_argument("--python" + version, required=True)
    parser.add_argument("--translate", required=True)
    parser.add_argument("--opt", required=True)
    parser.add_argument("modules", nargs="*")
    args = parser.parse_args()
    mismatches = 0
    for module in args.modules:
        for version in ("311", "312", "313"):
            python = getattr(args, "python" + version)
            ran = subprocess.run([python, "-B", "-c", IMPORT, module],
                                 capture_output=True, text=True)
            message = json.loads(ran.stdout) if ran.returncode == 0 else None
            if message is None:
                print("MISMATCH %s [%s]: CPython did not raise TypeError: %s"
                      % (module, version, ran.stderr.strip()[-300:]))
                mismatches += 1
                continue
            imported = subprocess.run([args.translate, "--import-py", module,
                                       "--python=" + python], capture_output=True, text=True)
            built = subprocess.run([args.opt, "--py-build-environment"], input=imported.stdout,
                                   capture_output=True, text=True)
            want = "error: TypeError: " + message
            if imported.returncode != 0 or built.returncode == 0 or want not in built.stderr:
                print("MISMATCH %s [%s]: want failure with `%s`, got status %d: %s"
                      % (module, version, want, built.returncode, built.stderr.strip()[-300:]))
                mismatches += 1
    print("%d modules x 3 versions, %d mismatches" % (len(args.modules), mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
