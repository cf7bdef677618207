# Python-level control flow on values the capture knows: specialized int,
# float, bool, str and None inputs, sizes of the tensors, constants; if/elif
# chains, conditional expressions, and/or, comparison chains, membership in
# constant tuples, for loops over range(), tuples, lists and shapes (nested,
# with branches, with continue), early returns. Each specialization of a
# scalar is a separate case of the same kind of entry. Tables at the end (see
# harness.py).

import torch
import torch.nn.functional as F


def if_int(x, n):
    if n > 2:
        return x * n
    return x - n


def if_int_other_arm(x, n):
    if n > 2:
        return x * n
    return x - n


def elif_chain(x, mode):
    if mode == 0:
        y = torch.relu(x)
    elif mode == 1:
        y = torch.sigmoid(x)
    elif mode == 2:
        y = torch.tanh(x)
    else:
        y = x
    return y


def if_bool(x, flag):
    if flag:
        x = x + 1
    if not flag:
        x = x * 10
    return x


def if_str(x, act):
    if act == "relu":
        return torch.relu(x)
    if act == "gelu":
        return F.gelu(x)
    return x


def if_none(x, bias):
    if bias is None:
        return x * 2
    return x + bias


def if_not_none(x, bias):
    if bias is not None:
        return x + bias
    return x


def if_float(x, p):
    if p > 0.5:
        return x * p
    return x / p


def conditional_expression(x, n):
    scale = 2.0 if n % 2 == 0 else 0.5
    return x * scale, "even" if n % 2 == 0 else "odd"


def and_or_on_constants(x, a, b):
    if a and b:
        return x + 1
    if a or b:
        return x + 2
    return x + 3


def or_default_value(x, scale):
    s = scale or 1.5
    return x * s


def comparison_chain(x, n):
    if 0 < n < 5:
        return x + n
    return -x


def membership(x, act):
    if act in ("relu", "silu"):
        return torch.relu(x) if act == "relu" else F.silu(x)
    return x


def branch_on_rank(x):
    if x.ndim == 3:
        return x.sum(dim=0)
    return x


def branch_on_size(x):
    if x.shape[0] > x.shape[1]:
        return x.t()
    return x * 1.0


def branch_on_dtype_size(x):
    if x.dim() > 1 and x.size(-1) % 2 == 0:
        return x.reshape(-1, 2)
    return x.reshape(1, -1)


def for_range(x, n):
    for i in range(n):
        x = x * 0.5 + i
    return x


def for_range_start_stop_step(x):
    for i in range(10, 0, -3):
        x = x + i
    return x


def for_tuple(x):
    for scale in (0.5, 2.0, -1.0):
        x = x * scale
    return x


def for_list_of_inputs(a, b, c):
    total = a
    for t in [b, c]:
        total = total + t
    return total


def for_over_shape(x):
    y = x
    for size in x.shape:
        y = y / size
    return y


def nested_loops(x):
    for i in range(2):
        for j in range(3):
            x = x + i * j
    return x


def loop_with_branch(x):
    for i in range(4):
        if i % 2 == 0:
            x = torch.relu(x + i)
        else:
            x = x - 1
    return x


def loop_with_continue(x):
    for i in range(5):
        if i == 2:
            continue
        x = x + i
    return x


def loop_accumulates_int(x):
    total = 0
    for s in x.shape:
        total = total + s
    return x * total, total


def loop_over_functions(x):
    outs = (torch.relu(x), torch.tanh(x))
    for f in (torch.sigmoid, F.silu):
        x = f(x)
    return x, outs


def early_return_in_loop_body_constant(x, n):
    if n == 0:
        return x
    for _ in range(n):
        x = x + 1
    return x


def depth_and_width(x, w, depth, residual):
    for _ in range(depth):
        h = torch.tanh(F.linear(x, w))
        x = x + h if residual else h
    return x


def python_arithmetic_folds(x, n):
    k = (n * 3 + 1) // 2
    m = n ** 2 % 7
    f = n / 4
    return x * k + m - f, k, m, f


def int_float_bool_results(x, n):
    return x, n > 2, n * 0.5, n // 2, -n, n == 3.0, n != 3


def swap_two(a, b):
    a, b = b, a * 2
    return a - b


def try_except_not_raising(x):
    try:
        y = torch.relu(x) + 1
    except RuntimeError:
        y = x
    return y


def try_finally(x):
    try:
        y = x * 2
    finally:
        z = 3
    return y + z


def assert_on_constant(x, n):
    assert n > 0, "n must be positive"
    return x * n


def return_inside_loop(x):
    for i in range(4):
        x = x + i
        if i == 2:
            return x
    return -x


def while_counter(x):
    i = 0
    while i < 3:
        x = x * 2
        i += 1
    return x


def loop_with_break(x):
    for i in range(5):
        if i == 3:
            break
        x = x + i
    return x


def enumerate_loop(a, b):
    out = a
    for i, t in enumerate((a, b)):
        out = out + t * i
    return out


def zip_loop(a, b, c, d):
    out = 0
    for x, y in zip((a, b), (c, d)):
        out = out + x * y
    return out


def list_comprehension(a, b):
    return torch.stack([torch.relu(t) for t in (a, b)])


def list_append(a, b):
    outs = []
    for t in (a, b):
        outs.append(t * 2)
    return torch.cat(outs)


def isinstance_check(x, n):
    if isinstance(n, int):
        return x + n
    return x


def builtin_min_max(x, n):
    return x * max(n, 2) + min(n, 1) + abs(-n)


def while_true_break(x):
    i = 0
    while True:
        x = x * 2 - i
        i += 1
        if i >= 3:
            break
    return x, i


def nested_loops_break(x):
    for i in range(3):
        for j in range(3):
            if j > i:
                break
            x = x + j * i
    return x


def list_append_then_stack(x):
    outs = []
    for i in range(3):
        outs.append(x * i)
    outs.extend((x, -x))
    return torch.stack(outs), len(outs), outs[-2]


def comprehension_over_enumerate(x, y):
    return torch.cat([t * i for i, t in enumerate((x, y), 1)], 0)


def builtin_sum_of_tensors(x, y):
    return sum([x, y, x * 2])


CASES = [
    ("if_int", ["f32[3,4]", "int=3"]),
    ("if_int_other_arm", ["f32[3,4]", "int=1"]),
    ("elif_chain", ["f32[3,4]", "int=2"]),
    ("if_bool", ["f32[3,4]", "bool=false"]),
    ("if_str", ["f32[3,4]", "str=gelu"]),
    ("if_float", ["f32[3,4]", "float=0.25"]),
    ("conditional_expression", ["f32[3,4]", "int=4"]),
    ("and_or_on_constants", ["f32[3,4]", "bool=false", "bool=true"]),
    ("or_default_value", ["f32[3,4]", "float=0.0"]),
    ("comparison_chain", ["f32[3,4]", "int=3"]),
    ("branch_on_rank", ["f32[2,3,4]"]),
    ("branch_on_size", ["f32[5,3]"]),
    ("branch_on_dtype_size", ["f32[3,4]"]),
    ("for_range", ["f32[3,4]", "int=4"]),
    ("for_range_start_stop_step", ["f32[3,4]"]),
    ("for_tuple", ["f32[3,4]"]),
    ("for_list_of_inputs", ["f32[3,4]", "f32[3,4]", "f32[4]"]),
    ("for_over_shape", ["f32[2,3,4]"]),
    ("loop_with_branch", ["f32[3,4]"]),
    ("loop_with_continue", ["f32[3,4]"]),
    ("loop_accumulates_int", ["f32[2,3,4]"]),
    ("loop_over_functions", ["f32[3,4]"]),
    ("early_return_in_loop_body_constant", ["f32[3,4]", "int=0"]),
    ("depth_and_width", ["f32[3,4]|unit", "f32[4,4]|unit", "int=3", "bool=true"]),
    ("python_arithmetic_folds", ["f32[3,4]", "int=5"]),
    ("int_float_bool_results", ["f32[3,4]", "int=3"]),
    ("swap_two", ["f32[3,4]", "f32[3,4]"]),
    ("assert_on_constant", ["f32[3,4]", "int=2"]),
    ("nested_loops", ["f32[3,4]"]),
    ("if_none", ["f32[3,4]", "none"]),
    ("if_not_none", ["f32[3,4]", "f32[4]"]),
    ("membership", ["f32[3,4]", "str=silu"]),
    ("isinstance_check", ["f32[3,4]", "int=3"]),
    ("try_finally", ["f32[3,4]"]),
    ("loop_with_break", ["f32[3,4]"]),
    ("return_inside_loop", ["f32[3,4]"]),
    ("enumerate_loop", ["f32[3,4]", "f32[3,4]"]),
    ("zip_loop", ["f32[3,4]", "f32[3,4]", "f32[3,4]", "f32[3,4]"]),
    ("list_comprehension", ["f32[3,4]", "f32[3,4]"]),
    ("list_append", ["f32[3,4]", "f32[3,4]"]),
    ("builtin_min_max", ["f32[3,4]", "int=3"]),
    ("try_except_not_raising", ["f32[3,4]"]),
    ("while_counter", ["f32[3,4]"]),
    ("while_true_break", ["f32[3,4]"]),
    ("nested_loops_break", ["f32[3,4]"]),
    ("list_append_then_stack", ["f32[3,4]"]),
    ("comprehension_over_enumerate", ["f32[3,4]", "f32[2,4]"]),
    ("builtin_sum_of_tensors", ["f32[3,4]", "f32[3,4]"]),
]

KNOWN_GAPS = [
]
