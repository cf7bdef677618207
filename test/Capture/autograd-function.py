# `Fn.apply(...)` of a torch.autograd.Function where no input requires grad
# runs the forward inlined with a fresh context, under CLOSURE_MATCH on
# `Fn.forward` (Dynamo's AutogradFunctionVariable): the graph is the
# forward's ops; the context and what forward set on it go. With an input
# that requires grad, forward and backward are traced and become one
# `tg.autograd_function`: its forward region takes the tensor inputs and
# yields the outputs, then what the backward uses of the forward (here
# nothing: the factor is a constant); its backward region takes those and
# the output's gradient.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=f --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each | FileCheck %s \
# RUN:   || exit 1; done
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=f --input='f32[4]:grad' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each \
# RUN:   | FileCheck %s --check-prefix=GRAD || exit 1; done
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=saving --input='f32[4]:grad' --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each \
# RUN:   | FileCheck %s --check-prefix=SAVE || exit 1; done
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=setup --input='f32[4]:grad' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each \
# RUN:   | FileCheck %s --check-prefix=SETUP
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=setup --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each \
# RUN:   | FileCheck %s --check-prefix=SETUP-NOGRAD
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=kwonly --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 \
# RUN:   | FileCheck %s --check-prefix=KWONLY
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=engine_callback --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 \
# RUN:   | FileCheck %s --check-prefix=CALLBACK
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=engine_method --input='f32[4]' \
# RUN:   | dynamir-opt --dynamir-capture --verify-each 2>&1 \
# RUN:   | FileCheck %s --check-prefix=ENGINE

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


class Saving(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        p = x * y
        ctx.save_for_backward(y)
        ctx.p = p
        total = p + 1.0
        positive = total > 0
        ctx.mark_non_differentiable(positive)
        return total, positive

    @staticmethod
    def backward(ctx, g, g_positive):
        y, = ctx.saved_tensors
        return g * y, g * ctx.p



def saving(x, y):
    return Saving.apply(x, y)

# CHECK-LABEL: py.func @f(
# CHECK:         %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# CHECK:         %[[C:.*]] = tg.guard_id %{{.*}} at "G['Scale']" is @"G['Scale']"
# CHECK-NEXT:    %[[FWD:.*]] = py.getattr %[[C]]["forward"]
# CHECK-NEXT:    %[[G:.*]] = tg.guard_closure %[[FWD]] at "G['Scale'].forward" code @Scale.forward
# CHECK-NEXT:    tg.assume %[[G]]
# CHECK:         tg.mul %[[X]], %cst
# CHECK-NOT:     py.new_object
# CHECK-NOT:     py.object_setattr

# GRAD-LABEL: py.func @f(
# GRAD:         %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [1] requires_grad
# GRAD:         tg.guard_closure %{{.*}} at "G['Scale'].forward" code @Scale.forward
# GRAD:         %[[R:.*]] = tg.autograd_function(%[[X]]) : (tensor<4xf32>) -> tensor<4xf32> forward {
# GRAD-NEXT:    ^bb0(%[[A:.*]]: tensor<4xf32>):
# GRAD:           %[[M:.*]] = tg.mul %[[A]], %{{.*}} : tensor<4xf32>, f64
# GRAD:           %[[Y:.*]] = tg.add %[[M]], %{{.*}} : tensor<4xf32>, i64
# GRAD-NEXT:      tg.yield %[[Y]] : tensor<4xf32>
# GRAD-NEXT:    } backward {
# GRAD-NEXT:    ^bb0(%[[G:.*]]: tensor<4xf32>):
# GRAD:           %[[D:.*]] = tg.mul %[[G]], %{{.*}} : tensor<4xf32>, f64
# GRAD-NEXT:      tg.yield %[[D]] : tensor<4xf32>
# GRAD-NEXT:    }
# GRAD-NEXT:    %[[O:.*]] = py.tensor_object %[[R]]
# GRAD-NEXT:    py.return %[[O]]

# The saved tensors (y, saved for backward, and p, set on ctx), an output
# marked non-differentiable, and y, which does not require grad: its
# gradient is computed all the same, and nothing reads it.
# SAVE-LABEL: py.func @saving(
# SAVE:         %[[X:.*]] = tg.guard_tensor %x at "L['x']" strides [1] requires_grad
# SAVE:         %[[Y:.*]] = tg.guard_tensor %y at "L['y']" strides [1] :
# SAVE:         %[[R:.*]]:2 = tg.autograd_function(%[[X]], %[[Y]]) non_differentiable [1] : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) forward {
# SAVE-NEXT:    ^bb0(%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>):
# SAVE:           %[[P:.*]] = tg.mul %[[A]], %[[B]]
# SAVE:           %[[Q:.*]] = tg.add %[[P]], %{{.*}}
# SAVE:           %[[K:.*]] = tg.cmp gt %[[Q]]
# SAVE:           tg.yield %[[Q]], %[[K]], %[[B]], %[[P]] :
# SAVE-NEXT:    } backward {
# SAVE-NEXT:    ^bb0(%[[SB:.*]]: tensor<4xf32>, %[[SP:.*]]: tensor<4xf32>, %[[G:.*]]: tensor<4xf32>, %{{.*}}: tensor<4xi1>):
# SAVE-NEXT:      %[[GX:.*]] = tg.mul %[[G]], %[[SB]]
# SAVE-NEXT:      %[[GY:.*]] = tg.mul %[[G]], %[[SP]]
# SAVE-NEXT:      tg.yield %[[GX]], %[[GY]] :
# SAVE-NEXT:    }


# A Function of the setup_context style (PyTorch 2): with grad, forward
# runs without a context, then setup_context(ctx, inputs, output), both
# under CLOSURE_MATCH; without grad, Dynamo calls forward alone.
class Setup(torch.autograd.Function):
    @staticmethod
    def forward(x, scale):
        return x * scale

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, scale = inputs
        ctx.scale = scale
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * ctx.scale + out, None


def setup(x):
    return Setup.apply(x, 3.0)

# SETUP-LABEL: py.func @setup(
# SETUP:         tg.guard_closure %{{.*}} at "G['Setup'].forward" code @Setup.forward
# SETUP:         tg.guard_closure %{{.*}} at "G['Setup'].setup_context" code @Setup.setup_context
# SETUP:         tg.autograd_function(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32> forward {
# SETUP:           %[[Y:.*]] = tg.mul %{{.*}}, %{{.*}} : tensor<4xf32>, f64
# SETUP-NEXT:      tg.yield %[[Y]], %[[Y]] : tensor<4xf32>, tensor<4xf32>
# SETUP-NEXT:    } backward {
# SETUP-NEXT:    ^bb0(%[[OUT:.*]]: tensor<4xf32>, %[[G:.*]]: tensor<4xf32>):
# SETUP:           %[[S:.*]] = tg.mul %[[G]], %{{.*}} : tensor<4xf32>, f64
# SETUP-NEXT:      %[[D:.*]] = tg.add %[[S]], %[[OUT]]
# SETUP-NEXT:      tg.yield %[[D]]

# SETUP-NOGRAD-LABEL: py.func @setup(
# SETUP-NOGRAD:         tg.guard_closure %{{.*}} at "G['Setup'].forward" code @Setup.forward
# SETUP-NOGRAD-NOT:     setup_context
# SETUP-NOGRAD:         tg.mul
# SETUP-NOGRAD-NOT:     tg.autograd_function


# Keywords of apply must name positional parameters of forward (after
# ctx): a keyword-only one is refused, as Dynamo refuses it.
class KwOnly(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, *, scale):
        return x * scale

    @staticmethod
    def backward(ctx, g):
        return g


def kwonly(x):
    return KwOnly.apply(x, scale=2.0)

# KWONLY: warning: graph break: autograd_function_kwonly_args
# KWONLY: note: Explanation: autograd.Function.apply does not support keyword-only arguments in forward()
# KWONLY: note: Developer debug context: forward() has keyword-only args: scale


# The autograd engine (torch._C._ImperativeEngine) is refused as Dynamo
# refuses it outside Compiled Autograd.
def _callback():
    pass


def engine_callback(x):
    torch.autograd.Variable._execution_engine.queue_callback(_callback)
    return x * 2


def engine_method(x):
    y = x * 2
    torch.autograd.variable.Variable._execution_engine.run_backward(
        (y,), (y,), False, False, (), True, True)
    return y

# CALLBACK: warning: graph break: Unsupported torch._C._ImperativeEngine.queue_callback()
# CALLBACK: note: Developer debug context: call_method AutogradEngineVariable() queue_callback

# ENGINE: warning: graph break: Unsupported torch._C._ImperativeEngine method
# ENGINE: note: Explanation: Dynamir, like Dynamo, only supports the `queue_callback` method on a torch._C._ImperativeEngine instance, but found: `run_backward`.
