# Classes and methods: module-level instances of user classes (their
# __init__ run ahead of time, super().__init__() chains), methods found
# through the MRO (single and multiple inheritance), staticmethods,
# classmethods, properties, class and instance attributes, nn.Module
# subclasses whose forward is inlined, and parameter-free torch.nn modules.
# Tables at the end (see harness.py).

import torch
import torch.nn as nn
import torch.nn.functional as F


class Scaler:
    factor = 2.0

    def __init__(self, shift):
        self.shift = shift

    def apply(self, x):
        return x * self.factor + self.shift

    @staticmethod
    def clip(x):
        return torch.clamp(x, -1.0, 1.0)

    @classmethod
    def make_factor(cls):
        return cls.factor * 10

    @property
    def doubled_shift(self):
        return self.shift * 2


class Tripler(Scaler):
    factor = 3.0

    def __init__(self):
        super().__init__(0.5)
        self.extra = 1.0

    def apply(self, x):
        return self.clip(x) * self.factor + self.extra


class Left:
    def tag(self):
        return 1.0

    def name(self):
        return "left"


class Right:
    def tag(self):
        return 2.0

    def other(self):
        return 3.0


class Both(Left, Right):
    pass


class Gated(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.act = act
        self.norm_eps = 1e-5

    def forward(self, x, y):
        h = self.act(x) * torch.sigmoid(y)
        return h / (h.abs().sum(dim=-1, keepdim=True) + self.norm_eps)


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Identity()])
        self.head = nn.Sequential(nn.GELU(), nn.Softmax(dim=-1))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x) + x
        return self.head(x)


scaler = Scaler(0.25)
tripler = Tripler()
both = Both()
gated = Gated(nn.SiLU())
stack = Stack()


def method_call(x):
    return scaler.apply(x)


def inherited_override(x):
    return tripler.apply(x), tripler.shift


def staticmethod_call(x):
    return Scaler.clip(x * 3), scaler.clip(x)


def classmethod_call(x):
    return x * Scaler.make_factor() + Tripler.make_factor()


def property_read(x):
    return x + scaler.doubled_shift + tripler.doubled_shift


def multiple_inheritance(x):
    return x * both.tag() + both.other(), both.name()


def module_forward(x, y):
    return gated(x, y)


def module_containers(x):
    return stack(x)


def attributes(x):
    return x * scaler.factor - tripler.extra + Tripler.factor


CASES = [
    ("method_call", ["f32[3,4]"]),
    ("inherited_override", ["f32[3,4]"]),
    ("staticmethod_call", ["f32[3,4]"]),
    ("classmethod_call", ["f32[3,4]"]),
    ("property_read", ["f32[3,4]"]),
    ("multiple_inheritance", ["f32[3,4]"]),
    ("module_forward", ["f32[2,5]", "f32[2,5]"]),
    ("module_containers", ["f32[2,6]"]),
    ("attributes", ["f32[3,4]"]),
]

BREAKS = []

KNOWN_GAPS = [
]
