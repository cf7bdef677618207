# Graph breaks are reported at the user's line with Dynamo's gb_type, from the
# bytecode of each supported CPython; with fullgraph=true they are errors.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[4]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture --verify-each -o /dev/null 2>&1 | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture --verify-each -o /dev/null 2>&1 | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[4]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture --verify-each -o /dev/null 2>&1 | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4]' --mlir-print-debuginfo \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULLGRAPH
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=f --input='f32[4]' --mlir-print-debuginfo \
# RUN:   | dynamir-opt --dynamir-capture=explain=true -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=EXPLAIN
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=f --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>/dev/null | FileCheck %s --check-prefix=SPLIT

import torch


def f(x):
    y = torch.relu(x)
    if y.sum() > 0:
        y = y * 2
    z = x.backward()
    return y, z

# CHECK: graph-breaks.py:22:8: warning: graph break: Data-dependent branching
# CHECK: graph-breaks.py:22:8: note: Explanation: Detected data-dependent branching
# CHECK: graph-breaks.py:24:9: warning: graph break: Unsupported Tensor.backward() call

# FULLGRAPH: graph-breaks.py:22:8: error: graph break: Data-dependent branching
# FULLGRAPH: graph-breaks.py:24:9: error: graph break: Unsupported Tensor.backward() call

# EXPLAIN:      Graph Count: 2
# EXPLAIN-NEXT: Graph Break Count: 2
# EXPLAIN-NEXT: Op Count: 4
# EXPLAIN:        Break Reason 1:
# EXPLAIN-NEXT:     Reason: Data-dependent branching
# EXPLAIN-NEXT:     User Stack: loc("{{.*}}graph-breaks.py":22:8)
# EXPLAIN:        Break Reason 2:
# EXPLAIN-NEXT:     Reason: Unsupported Tensor.backward() call
# EXPLAIN:      Ops per Graph:
# EXPLAIN-NEXT:   Ops 1:
# EXPLAIN-NEXT:     tg.relu
# EXPLAIN-NEXT:     tg.sum
# EXPLAIN-NEXT:     tg.cmp
# EXPLAIN-NEXT:   Ops 2:
# EXPLAIN-NEXT:     tg.mul
# EXPLAIN:      Out Guards:
# EXPLAIN-DAG:    TENSOR_MATCH: L['x'] (dtype=torch.float32, device=cpu, size=[4], stride=[1], requires_grad=False)
# EXPLAIN-DAG:    ID_MATCH: G['torch'] (is torch)

# Without fullgraph the entry is split: each graph a function, called by the
# residual Python around the breaks.
# SPLIT-LABEL: py.func @f(
# SPLIT:         %[[G0:.*]]:2 = func.call @f.graph0(%{{.*}}) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<i1>)
# SPLIT:         py.truth
# SPLIT:         cf.cond_br
# SPLIT:         func.call @f.graph1(%[[G0]]#0) : (tensor<4xf32>) -> tensor<4xf32>
# SPLIT:         py.getattr %{{.*}}["backward"]
# SPLIT:       func.func private @f.graph0(%{{.*}}: tensor<4xf32>) -> (tensor<4xf32>, tensor<i1>) attributes {tg.graph} {
# SPLIT-NEXT:    arith.constant 0
# SPLIT-NEXT:    tg.relu
# SPLIT-NEXT:    tg.sum
# SPLIT-NEXT:    tg.cmp gt
# SPLIT:       func.func private @f.graph1(%{{.*}}: tensor<4xf32>) -> tensor<4xf32> attributes {tg.graph} {
# SPLIT-NEXT:    arith.constant 2
# SPLIT-NEXT:    tg.mul
