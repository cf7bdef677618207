# Graph breaks: code that Dynamo does not put in a graph either (branches and
# loops on tensor values, Tensor.item(), Tensor.backward(), Python side
# effects, generators, methods that leave the tensor world). Each entry marks
# the line of its first break with `# BREAK` (or a helper's line with
# `# BREAK for <entry>`); the harness checks the gb_type and that line. Tables
# at the end (see harness.py).

import torch
import torch.nn.functional as F


def _positive_part(x):
    if x.sum() > 0:  # BREAK for break_in_helper
        return x
    return -x


def if_on_tensor(x):
    y = torch.relu(x)
    if y.sum() > 0:  # BREAK
        y = y * 2
    return y


def if_on_reduction_of_input(x, w):
    h = F.linear(x, w)
    if h.amax() > 1.0:  # BREAK
        return h / h.amax()
    return h


def while_on_tensor(x):
    while x.sum() > 0:  # BREAK
        x = x - 1
    return x


def conditional_expression_on_tensor(x):
    return x if x.mean() > 0 else -x  # BREAK


def and_with_tensor_condition(x, n):
    if n > 1 and x.sum() > 0:  # BREAK
        return x * n
    return x


def assert_on_tensor(x):
    assert (x * x).sum() >= 0  # BREAK
    return x + 1


def break_in_helper(x):
    return _positive_part(x * 2) + 1


def item_call(x):
    s = x.sum().item()  # BREAK
    return x * s


def item_in_expression(x):
    y = torch.tanh(x)
    return y / y.abs().amax().item()  # BREAK


def backward_call(x, w):
    loss = (F.linear(x, w) ** 2).sum()
    loss.backward()  # BREAK
    return loss


def print_call(x):
    y = x * 2
    print("y is", y.shape)  # BREAK
    return y


def open_call(x):
    with open("/dev/null") as f:  # BREAK
        f.read()
    return x


def tolist_call(x):
    values = x.tolist()  # BREAK
    return len(values)


def data_ptr_call(x):
    return x.data_ptr() != 0  # BREAK


def generator_entry(x):  # BREAK (RETURN_GENERATOR, before the first line of the body)
    yield x * 2
    yield x * 3


BREAKS = [
    ("if_on_tensor", ["f32[4]"], "Data-dependent branching"),
    ("if_on_reduction_of_input", ["f32[3,4]", "f32[5,4]"], "Data-dependent branching"),
    ("while_on_tensor", ["f32[4]"], "Data-dependent branching"),
    ("conditional_expression_on_tensor", ["f32[3,4]"], "Data-dependent branching"),
    ("and_with_tensor_condition", ["f32[3,4]", "int=2"], "Data-dependent branching"),
    ("assert_on_tensor", ["f32[3,4]"], "Data-dependent branching"),
    ("break_in_helper", ["f32[3,4]"], "Data-dependent branching"),
    ("item_call", ["f32[4]"],
     "Unsupported Tensor.item() call with capture_scalar_outputs=False"),
    ("item_in_expression", ["f32[3,4]"],
     "Unsupported Tensor.item() call with capture_scalar_outputs=False"),
    ("backward_call", ["f32[3,4]", "f32[2,4]:grad"], "Unsupported Tensor.backward() call"),
    ("print_call", ["f32[3,4]"], "Unsupported function call"),
    ("open_call", ["f32[3,4]"], "Unsupported function call"),
    ("tolist_call", ["f32[3,4]"], "Unsupported method call"),
    ("data_ptr_call", ["f32[3,4]"], "Unsupported method call"),
    ("generator_entry", ["f32[3,4]"], "Attempt to trace generator"),
]

CASES = [
]
