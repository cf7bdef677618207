# Every op carries the position of its instruction from the location table:
# file, line, and 1-based column (CPython stores 0-based columns).
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s

# CHECK-LABEL: py.func @located(%x: !py.object
# CHECK:         py.getattr %x["shape"] loc("{{.*}}locations.py":[[# @LINE + 5]]:9)
# CHECK:         py.binop add {{.*}} loc("{{.*}}locations.py":[[# @LINE + 4]]:9)
# CHECK:         py.call {{.*}} loc("{{.*}}locations.py":[[# @LINE + 4]]:12)
# CHECK:         py.return {{.*}} loc("{{.*}}locations.py":[[# @LINE + 3]]:5)
def located(x):
    y = x.shape + 1
    return g(y)
