# Calls of user functions: module-level helpers inlined with default
# arguments (omitted, given by position, given by keyword, in any order),
# keyword-only parameters, chains of helpers, recursion on a constant,
# module-level lambdas and closures made by a factory, module constants;
# *args of the entry (iterated, measured, stacked, returned, mixed with
# scalars) and **kwargs; closures defined in the entry and the other forms
# of functions Dynamo inlines, most of which Dynamir does not yet
# (KNOWN_GAPS). Tables at the end (see harness.py).

import functools

import torch
import torch.nn.functional as F

SCALE = 0.5


def _scale(x, factor=2.0):
    return x * factor


def _affine(x, w=1.5, b=-0.5):
    return x * w + b


def _act(x, kind="relu", slope=0.1):
    if kind == "relu":
        return torch.relu(x)
    if kind == "leaky":
        return torch.where(x > 0, x, x * slope)
    return torch.tanh(x)


def _reduce(x, dims=(0, 1), keepdim=False):
    return x.sum(dim=dims, keepdim=keepdim)


def _block(x, w, act="relu"):
    return _act(F.linear(x, w), kind=act)


def _two_outputs(x):
    return x + 1, x * 2


_square = lambda t: t * t  # noqa: E731


def default_omitted(x):
    return _scale(x)


def default_positional(x):
    return _scale(x, 3)


def default_keyword(x):
    return _scale(x, factor=-1.0)


def defaults_partially_overridden(x):
    return _affine(x, b=2.0), _affine(x, 0.5), _affine(x)


def keywords_out_of_order(x):
    return _affine(b=1.0, w=-2.0, x=x)


def string_default_selects_branch(x):
    return _act(x), _act(x, "leaky"), _act(x, kind="leaky", slope=0.3), _act(x, "tanh")


def tuple_default(x):
    return _reduce(x), _reduce(x, (1, 2)), _reduce(x, dims=(0,), keepdim=True)


def chained_helpers(x, w1, w2):
    return _block(_block(x, w1), w2, act="tanh")


def helper_result_indexed(x):
    return _two_outputs(x)[1] - 1


def helper_called_in_loop(x):
    for factor in (1.0, 2.0, 3.0):
        x = _scale(x, factor)
    return x


def module_lambda(x):
    return _square(x) + 1


def entry_with_defaults(x, factor=2.0, shift=1):
    return x * factor + shift


def varargs_sum(*args):
    total = args[0]
    for t in args:
        total = total + t
    return total - args[0]


def varargs_len_and_index(x, *rest):
    return x * len(rest) + rest[0] - rest[-1]


def varargs_iterate(*tensors):
    out = tensors[0] * 0
    for t in tensors:
        out = out + torch.relu(t)
    return out


def varargs_stack(*tensors):
    return torch.stack(tensors), torch.cat(tensors, dim=-1)


def varargs_with_scalars(x, *args):
    return x * args[0] + args[1]


def varargs_loop_only(*tensors):
    out = 0
    for t in tensors:
        out = out + torch.relu(t)
    return out


def varargs_scalars_loop(x, *factors):
    for f in factors:
        x = x * f
    return x


def varargs_len(x, *rest):
    return x * len(rest), len(rest)


def varargs_returned(*args):
    return args


def varargs_empty(x, *args):
    return x * (len(args) + 1)


def _helper_varargs(*ts):
    return ts[0] + ts[1]


def _helper_kwonly(x, *, scale=2.0):
    return x * scale


def closure_local_def(x, w):
    def inner(t):
        return F.linear(t, w)
    return inner(x)


def closure_over_int(x, n):
    def add_n(t):
        return t + n
    return add_n(x)


def local_def_no_free_vars(x):
    def double(t):
        return t * 2
    return double(x)


def local_lambda(x):
    f = lambda t: torch.relu(t) * 2  # noqa: E731
    return f(x)


def closure_from_factory(x):
    return _triple(x)


def partial_function(x):
    return _partial_scale(x)


def decorated_helper(x):
    return _decorated(x)


def helper_with_varargs(a, b):
    return _helper_varargs(a, b)


def helper_with_kwonly(x):
    return _helper_kwonly(x, scale=3.0)


def star_call(a, b):
    ts = (a, b)
    return torch.add(*ts)


def global_constant(x):
    return x * SCALE


def tuple_unpack_of_helper(x):
    a, b = _two_outputs(x)
    return a * b


def recursive_helper(x):
    return _recurse(x, 3)


def _recurse(x, n):
    if n == 0:
        return x
    return _recurse(x * 2, n - 1)


def varkw_entry(x, **kwargs):
    return x * 2


def helper_after_partial(x):
    return _late_helper(x)


# Module-level objects made by calls: closures from a factory, a
# functools.partial, a decorated function. They come last, so that the
# helpers above are not affected by how the capture treats them; the one
# helper below them is (helper_after_partial).

def _make_scaler(factor):
    def scaler(x):
        return x * factor
    return scaler


_triple = _make_scaler(3.0)
_partial_scale = functools.partial(_scale, factor=4.0)


def _decorate(fn):
    return fn


@_decorate
def _decorated(x):
    return x - 1


def _late_helper(x):
    return x * 3 - 1


def lambda_with_default(x):
    k = 3
    scale = lambda t, s=k: t * s
    return scale(x) + scale(x, 0.5)


def closure_in_inlined_function(x):
    def outer(a):
        def inner(b):
            return a + b
        return inner(x)
    return outer(x * 2)


CASES = [
    ("partial_function", ["f32[3,4]"]),
    ("varargs_len_and_index", ["f32[3,4]", "f32[4]", "f32[3,1]", "f32[3,4]"]),
    ("default_omitted", ["f32[3,4]"]),
    ("default_positional", ["f32[3,4]"]),
    ("default_keyword", ["f32[3,4]"]),
    ("defaults_partially_overridden", ["f32[3,4]"]),
    ("keywords_out_of_order", ["f32[3,4]"]),
    ("string_default_selects_branch", ["f32[3,4]"]),
    ("tuple_default", ["f32[2,3,4]"]),
    ("chained_helpers", ["f32[3,4]", "f32[5,4]", "f32[2,5]"]),
    ("helper_called_in_loop", ["f32[3,4]"]),
    ("module_lambda", ["f32[3,4]"]),
    ("entry_with_defaults", ["f32[3,4]", "float=0.5", "int=2"]),
    ("varargs_loop_only", ["f32[2,3]", "f32[2,3]", "f32[3]"]),
    ("varargs_scalars_loop", ["f32[3,4]", "float=1.5", "int=-2", "int=3"]),
    ("varargs_len", ["f32[3,4]", "f32[4]", "f32[3,1]"]),
    ("varargs_stack", ["f32[2,3]", "f32[2,3]"]),
    ("recursive_helper", ["f32[3,4]"]),
    ("helper_with_kwonly", ["f32[3,4]"]),
    ("global_constant", ["f32[3,4]"]),
    ("closure_from_factory", ["f32[3,4]"]),
    ("varargs_returned", ["f32[3]", "int=7", "f32[2]"]),
    ("varargs_empty", ["f32[3,4]"]),
    ("varkw_entry", ["f32[3,4]"]),
    ("decorated_helper", ["f32[3,4]"]),
    ("helper_after_partial", ["f32[3,4]"]),
    ("helper_with_varargs", ["f32[3,4]", "f32[3,4]"]),
    ("tuple_unpack_of_helper", ["f32[3,4]"]),
    ("helper_result_indexed", ["f32[3,4]"]),
    ("varargs_sum", ["f32[3,4]", "f32[3,4]", "f32[4]"]),
    ("varargs_iterate", ["f32[2,3]", "f32[2,3]", "f32[2,3]"]),
    ("varargs_with_scalars", ["f32[3,4]", "float=1.5", "int=-2"]),
    ("closure_local_def", ["f32[3,4]", "f32[5,4]"]),
    ("closure_over_int", ["f32[3,4]", "int=3"]),
    ("local_def_no_free_vars", ["f32[3,4]"]),
    ("local_lambda", ["f32[3,4]"]),
    ("lambda_with_default", ["f32[3,4]"]),
    ("closure_in_inlined_function", ["f32[3,4]"]),
    ("star_call", ["f32[3,4]", "f32[3,4]"]),
]

KNOWN_GAPS = [
]
