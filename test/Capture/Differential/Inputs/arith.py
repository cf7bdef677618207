# Operators and elementwise binary ops: + - * / // % ** @ & | ^ ~ and
# comparisons on tensors and Python numbers, broadcasting, type promotion
# between dtypes and with Python scalars, torch.where, maximum, minimum and
# the logical ops. Tables at the end (see harness.py).

import torch


def operators_with_scalars(x):
    return x + 1, 2 - x, x * 0.5, 1 / (x * x + 1), x ** 2, 3.0 ** x


def operators_broadcast(x, row, col):
    return x + row, x * col, (x - row) / (col * col + 1)


def torch_binary_functions(a, b):
    return torch.add(a, b), torch.sub(a, b), torch.mul(a, b), torch.div(a, b + 3)


def floor_divide_remainder(a, b):
    return a // b, a % b, torch.floor_divide(a * 3, b), torch.remainder(a + 5, b)


def floor_divide_remainder_float(a, b):
    return a // b, a % b, torch.remainder(a, 0.75)


def pow_forms(x, y):
    return torch.pow(x, 2), x ** y, torch.pow(x, 0.5), x.pow(3)


def maximum_minimum(a, b):
    return torch.maximum(a, b), torch.minimum(a, b), a.maximum(b * 2)


def comparisons(a, b):
    return a < b, a <= b, a > 0, a >= b, a == b, a != 0.5, 0 < b, 1.5 >= a


def where_forms(c, a, b):
    return torch.where(c, a, b), torch.where(c, a, 0.0), torch.where(a > b, 1.0, b)


def logical_ops(a, b):
    return (torch.logical_and(a, b), torch.logical_or(a, b), torch.logical_xor(a, b),
            torch.logical_not(a), ~b)


def bitwise_bool_int(a, b, i, j):
    return a & b, a | b, a ^ b, i & j, i | j, i ^ j


def int_arithmetic(a, b, c):
    return a + b, a * b - 3, a * 2, a - b, -a, a / c, a / 2


def int_float_promotion(i, f):
    return i + f, i * 1.5, f * i


def bool_arithmetic(m, x):
    return m * x, x + m, m + m


def float_promotion_f64(a, b):
    return a + b, a * b, torch.maximum(a, b)


def scalar_tensor_promotion(x, s):
    return x * s, s + x, x / s


def f64_scalar_keeps_f32(x):
    return x * 3.141592653589793, x + 1e-3


def matmul_forms(a, b, c, v):
    return a @ b, torch.matmul(c, b), a @ v, v @ b


def matmul_batched_broadcast(a, b):
    return a @ b, torch.bmm(a, b.expand(2, 4, 5))


def mm_int(a, b):
    return torch.mm(a, b), a @ b


def method_binary_ops(a, b):
    return a.add(b), a.sub(b), a.mul(b), a.div(b * b + 1), a.matmul(b.t())


def expression_tree(a, b, c):
    return (a * b + c) * (a - c) / (b * b + 1) - torch.abs(a) * 0.25


def polynomial(x):
    return 1 + x * (2 + x * (3 + x * 4))


def clamp_int(x):
    return torch.clamp(x, -2, 3), x.clamp(min=0)


def in_place_add(x, y):
    x = x.clone()
    x += y
    return x


def bitwise_not_int(x):
    return ~x


def in_place_on_clone(x, y):
    h = x.clone()
    h += y
    h *= 2
    h -= 1
    return h


def in_place_on_view_of_temporary(x):
    h = x * 2
    v = h.view(-1)
    v += 1
    return v


CASES = [
    ("bitwise_not_int", ["i64[3,4]"]),
    ("operators_with_scalars", ["f32[3,4]"]),
    ("operators_broadcast", ["f32[3,4]", "f32[4]", "f32[3,1]"]),
    ("torch_binary_functions", ["f32[3,4]", "f32[3,4]|pos"]),
    ("floor_divide_remainder", ["i64[3,4]", "i64[3,4]|pos"]),
    ("floor_divide_remainder_float", ["f32[3,4]", "f32[3,4]|pos"]),
    ("pow_forms", ["f32[3,4]|pos", "f32[3,4]|unit"]),
    ("maximum_minimum", ["f32[3,4]", "f32[4]"]),
    ("comparisons", ["f32[3,4]", "f32[3,4]"]),
    ("where_forms", ["bool[3,4]", "f32[3,4]", "f32[3,4]"]),
    ("logical_ops", ["bool[3,4]", "bool[3,4]"]),
    ("bitwise_bool_int", ["bool[3,4]", "bool[4]", "i32[3,4]", "i32[3,4]"]),
    ("int_arithmetic", ["i64[3,4]", "i64[4]", "i64[3,4]|pos"]),
    ("int_float_promotion", ["i32[3,4]", "f32[3,4]"]),
    ("bool_arithmetic", ["bool[3,4]", "f32[3,4]"]),
    ("float_promotion_f64", ["f32[3,4]", "f64[3,4]"]),
    ("scalar_tensor_promotion", ["i64[3,4]", "f32[]"]),
    ("f64_scalar_keeps_f32", ["f32[3,4]"]),
    ("matmul_forms", ["f32[3,4]", "f32[4,5]", "f32[2,3,4]", "f32[4]"]),
    ("matmul_batched_broadcast", ["f32[2,3,4]", "f32[4,5]"]),
    ("mm_int", ["i64[3,4]", "i64[4,2]"]),
    ("method_binary_ops", ["f32[3,4]", "f32[3,4]"]),
    ("expression_tree", ["f32[3,4]", "f32[3,4]", "f32[3,4]"]),
    ("polynomial", ["f32[10]"]),
    ("clamp_int", ["i64[3,4]"]),
    ("in_place_add", ["f32[3,4]", "f32[3,4]"]),
    ("in_place_on_clone", ["f32[3,4]", "f32[4]"]),
    ("in_place_on_view_of_temporary", ["f32[3,4]"]),
]

KNOWN_GAPS = [
]
