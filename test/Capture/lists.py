# A list the entry builds, changes and reads is a value at each read
# (Dynamo's ListVariable): append and extend in a loop, len, subscripts,
# iteration and torch.cat see the list as it is at that point. A list that
# escapes to code Dynamir does not know stays a list, and that call is the
# graph break. The same from the bytecode of each supported CPython.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=grow --input='f32[3,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=grow --input='f32[3,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=grow --input='f32[3,4]' --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=escapes --input='f32[3,4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=ESCAPE

import torch


def grow(a, b):
    outs = [a]
    for i in range(2):
        outs.append(b * i)
    first = torch.cat(outs, 0)
    outs.extend((a, b))
    total = 0
    for t in outs:
        total = total + t
    return first, len(outs), outs[-1], total

# CHECK-LABEL: py.func @grow(
# CHECK-DAG:     %[[FIVE:.*]] = py.constant #py.int<5>
# CHECK-DAG:     %[[A:.*]] = tg.guard_tensor %a at "L['a']"
# CHECK-DAG:     %[[B:.*]] = tg.guard_tensor %b at "L['b']"
# CHECK-DAG:     %[[LAST:.*]] = py.tensor_object %[[B]]
# CHECK-DAG:     %[[B0:.*]] = tg.mul %[[B]], %c0
# CHECK-DAG:     %[[B1:.*]] = tg.mul %[[B]], %c1
# CHECK:         %[[CAT:.*]] = tg.cat %[[A]], %[[B0]], %[[B1]] dim 0 :
# CHECK:         %[[CATO:.*]] = py.tensor_object %[[CAT]]
# CHECK:         %[[S0:.*]] = tg.add %c0{{.*}}, %[[A]]
# CHECK:         %[[S1:.*]] = tg.add %[[S0]], %[[B0]]
# CHECK:         %[[S2:.*]] = tg.add %[[S1]], %[[B1]]
# CHECK:         %[[S3:.*]] = tg.add %[[S2]], %[[A]]
# CHECK:         %[[S4:.*]] = tg.add %[[S3]], %[[B]]
# CHECK:         %[[TOTAL:.*]] = py.tensor_object %[[S4]]
# CHECK:         %[[R:.*]] = py.build_tuple(%[[CATO]], %[[FIVE]], %[[LAST]], %[[TOTAL]])
# CHECK-NEXT:    py.return %[[R]]


def helper(xs):
    xs.append(1)


def escapes(a):
    outs = [a]
    helper.__call__(outs)
    outs.append(a)
    return torch.cat(outs)

# ESCAPE:      warning: graph break: Unsupported function call
# ESCAPE:      Developer debug context: call_function helper.__call__
# ESCAPE-LABEL: py.func @escapes(
# ESCAPE:        %[[L:.*]] = py.build_list(
# ESCAPE:        py.call %{{.*}}(%[[L]])
# ESCAPE:        %[[APPEND:.*]] = py.getattr %[[L]]["append"]
# ESCAPE:        py.call %[[APPEND]](
# ESCAPE:        py.call %{{.*}}(%[[L]])
