# `Fn.apply(...)` of a torch.autograd.Function where no input requires grad
# runs the forward inlined with a fresh context, under CLOSURE_MATCH on
# `Fn.forward` (Dynamo's AutogradFunctionVariable): the graph is the
# forward's ops; the context and what forward set on it go. With an input
# that requires grad, the call stays for now (a graph break): building
# `tg.autograd_function` is issue 6's next step.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=f --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s \
# RUN:   || exit 1; done
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input='f32[4]:grad' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 | FileCheck %s --check-prefix=GRAD

import torch


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, factor):
        ctx.factor = factor
        ctx.save_for_backward(x)
        ctx.mark_non_differentiable()
        return x * factor + len(ctx.saved_tensors)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.factor, None


def f(x):
    return Scale.apply(x, 3.0)

# CHECK-LABEL: py.func @f(
# CHECK:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK:         %[[C:.*]] = tg.guard_id %{{.*}} at "G['Scale']" is @"G['Scale']"
# CHECK-NEXT:    %[[FWD:.*]] = py.getattr %[[C]]["forward"]
# CHECK-NEXT:    %[[G:.*]] = tg.guard_closure %[[FWD]] at "G['Scale'].forward" code @Scale.forward
# CHECK-NEXT:    tg.assume %[[G]]
# CHECK:         tg.mul %[[X]], %cst
# CHECK-NOT:     py.new_object
# CHECK-NOT:     py.object_setattr

# GRAD: warning: graph break: Unsupported function call
