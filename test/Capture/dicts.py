# Dicts the code builds with constant keys are values (Dynamo's
# ConstDictVariable): reads fold, each change in the building block makes a
# new dict for the code after it, `f(**d)` is a call with keywords, and a
# helper's `**kwargs` is the dict of the keywords it did not name. A dict
# that unknown code may see, a missing key, or a keyword given twice stay
# for Python: graph breaks. The same from the bytecode of each supported
# CPython.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=known --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s \
# RUN:   || exit 1; done
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=escapes --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=ESCAPES
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=missing_key --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=MISSING
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=twice --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=TWICE

import torch


def _scaled(x, scale=1.0, **rest):
    return x * scale + rest.get("shift", 0.0), len(rest)


def known(x):
    d = {"scale": 2.0}
    before = d["scale"]
    d["scale"] = 3.0
    d["shift"] = 1.0
    y, n = _scaled(x, **d)
    return y * before, n, "shift" in d, len(d)

# CHECK-LABEL: py.func @known(
# CHECK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK-DAG:     %[[SCALED:.*]] = tg.mul %[[X]], %{{.*}} : tensor<3xf32>, f64
# CHECK-DAG:     %[[Y:.*]] = tg.add %[[SCALED]], %{{.*}} : tensor<3xf32>, f64
# CHECK-DAG:     tg.mul %[[Y]], %{{.*}} : tensor<3xf32>, f64
# CHECK-DAG:     py.constant #py.int<1>
# CHECK-DAG:     py.constant true
# CHECK-DAG:     py.constant #py.int<2>
# CHECK-NOT:     py.build_dict
# CHECK-NOT:     py.call
# CHECK:         py.return


def escapes(x):
    d = {"scale": 2.0}
    torch._dynamir_unknown(d)
    return x * d["scale"]

# The dict went to unknown code: its read is not folded.
# ESCAPES: warning: graph break: Unsupported function call
# ESCAPES: py.func @escapes
# ESCAPES: py.getitem


def missing_key(x):
    d = {"scale": 2.0}
    return x * d["shift"]

# MISSING: warning: graph break: Missing bytecode handler
# MISSING-NEXT: py.getitem


def twice(x):
    d = {"scale": 2.0}
    return _scaled(x, scale=3.0, **d)

# TWICE: warning: graph break
# TWICE: py.dict_merge
