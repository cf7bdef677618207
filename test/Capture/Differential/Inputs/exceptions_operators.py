"""Operators on builtin values whose types lack them: CPython's TypeError,
caught by the program's handlers (the messages of abstract.c's PyNumber_*,
the sequence slots' concatenation and repetition, rich comparison and the
unary operators), and the same operators where the types do have them.
Tables at the end (see harness.py).
"""

import torch

VALUES = (None, True, 3, 2.5, "s", (1,))
NOT_STR = (None, True, 3, 2.5, (1,))


def add_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            try:
                out.append(a + b)
            except TypeError as e:
                out.append(e.args[0])
    return x, out


def sub_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            try:
                out.append(a - b)
            except TypeError as e:
                out.append(e.args[0])
    return x + 1, out


def mul_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            try:
                out.append(a * b)
            except TypeError as e:
                out.append(e.args[0])
    return x, out


def div_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            try:
                out.append((a / b, a // b))
            except TypeError as e:
                out.append(e.args[0])
    return x, out


def mod_pow_types(x):
    out = []
    for a in NOT_STR:
        for b in VALUES:
            try:
                out.append(a % b)
            except TypeError as e:
                out.append(e.args[0])
            try:
                out.append(a ** b)
            except TypeError as e:
                out.append(e.args[0])
    return x, out


def bitwise_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            try:
                out.append((a << b, a >> b))
            except TypeError as e:
                out.append(e.args[0])
            try:
                out.append((a & b, a | b, a ^ b))
            except TypeError as e:
                out.append(e.args[0])
    return x * 2, out


def matmul_types(x):
    out = []
    for a in VALUES:
        try:
            out.append(a @ 3)
        except TypeError as e:
            out.append(e.args[0])
    return x, out


def in_place_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            y = a
            try:
                y += b
                out.append(y)
            except TypeError as e:
                out.append(e.args[0])
            y = a
            try:
                y *= b
                out.append(y)
            except TypeError as e:
                out.append(e.args[0])
            y = a
            try:
                y -= b
            except TypeError as e:
                out.append(e.args[0])
    return x, out


def in_place_other(x):
    out = []
    for b in VALUES:
        for a in (3, 2.5, None):
            y = a
            try:
                y /= b
            except TypeError as e:
                out.append(e.args[0])
            y = a
            try:
                y **= b
            except TypeError as e:
                out.append(e.args[0])
            y = a
            try:
                y <<= b
            except TypeError as e:
                out.append(e.args[0])
            y = a
            try:
                y @= b
            except TypeError as e:
                out.append(e.args[0])
            y = a
            try:
                y |= b
            except TypeError as e:
                out.append(e.args[0])
    return x, out


def list_operands(x):
    out = []
    for b in VALUES:
        try:
            out.append([2] + b)
        except TypeError as e:
            out.append(e.args[0])
        try:
            out.append(b + [2])
        except TypeError as e:
            out.append(e.args[0])
        try:
            out.append(len([2] * b))
        except TypeError as e:
            out.append(e.args[0])
        try:
            out.append([2] < b)
        except TypeError as e:
            out.append(e.args[0])
    return x, out


def compare_types(x):
    out = []
    for a in VALUES:
        for b in VALUES:
            try:
                out.append((a < b, a >= b))
            except TypeError as e:
                out.append(e.args[0])
            try:
                out.append((a > b, a <= b))
            except TypeError as e:
                out.append(e.args[0])
            out.append((a == b, a != b))
    return x, out


def unary_types(x):
    out = []
    for a in VALUES:
        try:
            out.append(-a)
        except TypeError as e:
            out.append(e.args[0])
        try:
            out.append(+a)
        except TypeError as e:
            out.append(e.args[0])
        try:
            out.append(~a if a is not True else 0)
        except TypeError as e:
            out.append(e.args[0])
        out.append(not a)
    return x, out


def operator_error_escapes(x):
    y = x * 2
    return y, "count: " + 3


def operator_error_in_helper(x):
    def scale(factor):
        return factor * 2 + "bias"

    try:
        return x * scale(2)
    except TypeError as e:
        return x - 1, str(e), type(e).__name__


def operator_error_chained(x):
    try:
        try:
            None < 1
        except TypeError as e:
            raise ValueError("compare failed") from e
    except ValueError as v:
        return x, v.args, v.__cause__.args, v.__suppress_context__


CASES = [
    ("add_types", ["f32[4]"]),
    ("sub_types", ["f32[4]"]),
    ("mul_types", ["f32[4]"]),
    ("div_types", ["f32[4]"]),
    ("mod_pow_types", ["f32[4]"]),
    ("bitwise_types", ["f32[4]"]),
    ("matmul_types", ["f32[4]"]),
    ("in_place_types", ["f32[4]"]),
    ("in_place_other", ["f32[4]"]),
    ("list_operands", ["f32[4]"]),
    ("compare_types", ["f32[4]"]),
    ("unary_types", ["f32[4]"]),
    ("operator_error_escapes", ["f32[4]"], {"raises": True}),
    ("operator_error_in_helper", ["f32[4]"]),
    ("operator_error_chained", ["f32[4]"]),
]

BREAKS = []

KNOWN_GAPS = []
