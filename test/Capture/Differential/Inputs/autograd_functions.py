# torch.autograd.Function. Applied to inputs that do not require grad: as
# Dynamo does, `Fn.apply(...)` runs the forward inlined with a fresh
# context (under CLOSURE_MATCH on `Fn.forward`), whose attributes,
# `save_for_backward` (`to_save`; `saved_tensors` is empty until forward
# returns), `needs_input_grad` and `mark_*` methods behave as PyTorch's.
# The `_grad` entries apply them to inputs that require grad: the capture
# builds `tg.autograd_function`, and `dynamir-runner --grad` runs its
# backward region; the gradients are eager's. Tables at the end (see
# harness.py).

import torch


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g


class Scaled(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale=3.0):
        ctx.scale = scale
        return x * scale

    @staticmethod
    def backward(ctx, g):
        return g * ctx.scale, None


class ClampedRelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, low, high):
        ctx.low, ctx.high = low, high
        return torch.clamp(torch.relu(x), low, high)

    @staticmethod
    def backward(ctx, g):
        return g, None, None


class StraightThrough(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return (x > 0).float() * 2 - 1

    @staticmethod
    def backward(ctx, g):
        return g


class TwoOutputs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        total = x + y
        mask = total > 0
        ctx.mark_non_differentiable(mask)
        ctx.save_for_backward(x, y)
        return total, mask

    @staticmethod
    def backward(ctx, g, gmask):
        return g, g


class SavedTwice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        ctx.save_for_backward(x * 2)
        # What forward saves is packed when it returns: here it reads ().
        return x + len(ctx.saved_tensors), len(ctx.to_save)

    @staticmethod
    def backward(ctx, g, count):
        return g * 2


class NeedsGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        first, second = ctx.needs_input_grad
        return x - y, first, second

    @staticmethod
    def backward(ctx, g, a, b):
        return g, -g


class ClassForward(torch.autograd.Function):
    factor = 5.0

    @classmethod
    def forward(cls, ctx, x):
        return x * cls.factor

    @staticmethod
    def backward(ctx, g):
        return g * 5.0


class Outer(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return Square.apply(x) + Scaled.apply(x, 2.0)

    @staticmethod
    def backward(ctx, g):
        return g


class Materialize(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        # Where the backward is traced, False is refused.
        ctx.set_materialize_grads(False)  # BREAK for materialize_grad
        ctx.mark_dirty()
        return torch.sigmoid(x)

    @staticmethod
    def backward(ctx, g):
        return g


class Materialized(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(True)
        return torch.sigmoid(x), x * 2

    @staticmethod
    def backward(ctx, g, g2):
        return g + g2 * 2


def materialized_grad(x):
    # The second output gets no gradient: backward sees zeros.
    return Materialized.apply(x)[0]


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = 0.5

    def forward(self, x):
        return Scaled.apply(x, self.scale) + Square.apply(x)


_block = Block()


def square(x):
    return Square.apply(x)


def scaled_default(x):
    return Scaled.apply(x), Scaled.apply(x, 0.25)


def clamped_relu(x):
    return ClampedRelu.apply(x, 0.1, 0.9)


def straight_through(x):
    return StraightThrough.apply(x)


def two_outputs(x, y):
    total, mask = TwoOutputs.apply(x, y)
    return total * 2, mask


def saved_twice(x):
    return SavedTwice.apply(x)


def needs_input_grad(x, y):
    return NeedsGrad.apply(x, y)


def class_forward(x):
    return ClassForward.apply(x)


def nested_functions(x):
    return Outer.apply(x)


def materialize(x):
    return Materialize.apply(x)


def inside_module(x):
    return _block(x)


def composed(x, y):
    return Square.apply(Scaled.apply(x, 2.0) - y).sum()


# The same with inputs that require grad: `tg.autograd_function`, whose
# backward region `dynamir-runner --grad` runs.
def square_grad(x):
    return square(x)


def scaled_default_grad(x):
    return scaled_default(x)


def clamped_relu_grad(x):
    return clamped_relu(x)


def straight_through_grad(x):
    return straight_through(x)


def two_outputs_grad(x, y):
    return two_outputs(x, y)


def saved_twice_grad(x):
    return SavedTwice.apply(x)[0]


def needs_input_grad_grad(x, y):
    return needs_input_grad(x, y)


def needs_input_grad_mixed(x, y):
    return NeedsGrad.apply(x, y)


def class_forward_grad(x):
    return class_forward(x)


def nested_functions_grad(x):
    return nested_functions(x)


def materialize_grad(x):
    return materialize(x)


def inside_module_grad(x):
    return inside_module(x)


def composed_grad(x, y):
    return composed(x, y)


def mixed_inputs_grad(x, y):
    # Only x requires grad; y's gradient is not wanted.
    return Square.apply(x * y) + TwoOutputs.apply(x, y)[0]


class SetupStyle(torch.autograd.Function):
    # PyTorch 2's style: forward takes no context; setup_context fills it.
    @staticmethod
    def forward(x, scale):
        return torch.tanh(x) * scale

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, scale = inputs
        ctx.scale = scale
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * (ctx.scale - out * out / ctx.scale), None


class SetupStyleEquivalent(torch.autograd.Function):
    # SetupStyle as PyTorch 1.13 can run it: the eager reference.
    @staticmethod
    def forward(ctx, x, scale):
        out = torch.tanh(x) * scale
        ctx.scale = scale
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * (ctx.scale - out * out / ctx.scale), None


class Keywords(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale, shift=1.0):
        ctx.scale = scale
        return x * scale + shift

    @staticmethod
    def backward(ctx, g):
        return g * ctx.scale, None, None


class PlainForward(torch.autograd.Function):
    # A forward without @staticmethod: Fn.forward is a plain function.
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.exp(x)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * torch.exp(x)


class WithVjp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2

    @staticmethod
    def vjp(ctx, g):
        return g * 2


class WithJvp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2

    @staticmethod
    def jvp(ctx, t):
        return t * 2


class CallableForward:
    def __call__(self, ctx, x):
        return x * 2


class NotAFunction(torch.autograd.Function):
    forward = CallableForward()

    @staticmethod
    def backward(ctx, g):
        return g * 2


class SavesForForward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_forward(x)  # BREAK for save_for_forward
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2


class AddOneInPlace(torch.autograd.Function):
    # Changes its input in place and says so; its output is the input.
    @staticmethod
    def forward(ctx, x):
        x.add_(1)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g * 2


class ScaleInPlace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, factor):
        ctx.factor = factor
        x.mul_(factor).relu_()
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g * ctx.factor, None


def mark_dirty(x):
    y = x * 2
    z = AddOneInPlace.apply(y)
    # y is z: the change is seen through both.
    return z * 3, y


def mark_dirty_grad(x):
    y = x * 2
    return AddOneInPlace.apply(y) * 3


def scale_in_place_grad(x, w):
    return ScaleInPlace.apply(x + w, 0.5).sum()


def setup_style(x):
    return SetupStyle.apply(x, 2.0)


def _setup_style_equivalent(x):
    return SetupStyleEquivalent.apply(x, 2.0)


def setup_style_grad(x):
    return SetupStyle.apply(x, 2.0) * x


def _setup_style_equivalent_grad(x):
    return SetupStyleEquivalent.apply(x, 2.0) * x


def keywords_grad(x):
    return Keywords.apply(x, scale=3.0) + Keywords.apply(x, 0.5, shift=-1.0)


def _keywords_positional_grad(x):
    return Keywords.apply(x, 3.0) + Keywords.apply(x, 0.5, -1.0)


def plain_forward(x):
    return PlainForward.apply(x)


def plain_forward_grad(x):
    return PlainForward.apply(x).sum()


def custom_vjp(x):
    return WithVjp.apply(x)  # BREAK


def custom_jvp(x):
    return WithJvp.apply(x)  # BREAK


def custom_vjp_without_grad(x):
    # Without grad, the forward is inlined: vjp does not matter.
    return WithVjp.apply(x)


def not_a_function(x):
    return NotAFunction.apply(x)  # BREAK


def save_for_forward(x):
    return SavesForForward.apply(x)


CASES = [
    ("square", ["f32[4]"]),
    ("scaled_default", ["f32[2,3]"]),
    ("clamped_relu", ["f32[8]"]),
    ("straight_through", ["f32[4]"]),
    ("two_outputs", ["f32[4]", "f32[4]"]),
    ("saved_twice", ["f32[4]"]),
    ("needs_input_grad", ["f32[4]", "f32[4]"]),
    ("class_forward", ["f32[4]"]),
    ("nested_functions", ["f32[4]"]),
    ("materialize", ["f32[4]"]),
    ("inside_module", ["f32[4]"]),
    ("composed", ["f32[3,4]", "f32[3,4]"]),
] + [(entry + "_grad", [spec + ":grad" for spec in specs], {"grad": True}) for entry, specs in [
    ("square", ["f32[4]"]),
    ("scaled_default", ["f32[2,3]"]),
    ("clamped_relu", ["f32[8]"]),
    ("straight_through", ["f32[4]"]),
    ("two_outputs", ["f32[4]", "f32[4]"]),
    ("class_forward", ["f32[4]"]),
    ("nested_functions", ["f32[4]"]),
    ("inside_module", ["f32[4]"]),
    ("composed", ["f32[3,4]", "f32[3,4]"]),
]] + [
    ("materialized_grad", ["f32[4]:grad"], {"grad": True}),
    ("mixed_inputs_grad", ["f32[4]:grad", "f32[4]"], {"grad": True}),
    ("setup_style", ["f32[4]"],
     {"reference": "_setup_style_equivalent", "why": "torch 1.13 has no setup_context"}),
    ("setup_style_grad", ["f32[4]:grad"],
     {"grad": True, "reference": "_setup_style_equivalent_grad",
      "why": "torch 1.13 has no setup_context"}),
    ("keywords_grad", ["f32[4]:grad"],
     {"grad": True, "reference": "_keywords_positional_grad",
      "why": "torch 1.13's Function.apply takes no keyword arguments"}),
    ("plain_forward", ["f32[4]"]),
    ("plain_forward_grad", ["f32[4]:grad"], {"grad": True}),
    ("custom_vjp_without_grad", ["f32[4]"]),
    # Python values returned beside the tensors: backward gets None for them.
    ("saved_twice_grad", ["f32[4]:grad"], {"grad": True}),
    ("needs_input_grad_grad", ["f32[4]:grad", "f32[4]:grad"], {"grad": True}),
    ("needs_input_grad_mixed", ["f32[4]:grad", "f32[4]"], {"grad": True}),
    ("mark_dirty", ["f32[4]"]),
    ("mark_dirty_grad", ["f32[4]:grad"], {"grad": True}),
    ("scale_in_place_grad", ["f32[4]:grad", "f32[4]:grad"], {"grad": True}),
]

BREAKS = [
    ("custom_vjp", ["f32[4]:grad"], "Unsupported custom vjp"),
    ("custom_jvp", ["f32[4]:grad"], "Unsupported custom jvp"),
    ("not_a_function", ["f32[4]"], "Non-function or method in subclass of torch.autograd.Function"),
    ("save_for_forward", ["f32[4]"], "Unsupported autograd.Function context method"),
    ("materialize_grad", ["f32[4]:grad"], "Unsupported autograd.Function context method"),
]
