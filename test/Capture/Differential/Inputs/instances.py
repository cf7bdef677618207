# Instances the captured function creates (py-resolve-objects): classes
# called inside the entry, their __init__ chains through super() setting
# attributes, reads that see the stores, class attributes behind them,
# methods, staticmethods, classmethods, properties, __call__, __new__,
# __setattr__ and __delattr__ through super(), nn.Module subclasses made
# and called in the region. Tables at the end (see harness.py).

import torch
import torch.nn as nn


class Point:
    dims = 2
    scale = 1.0

    def __init__(self, x, y=3.0, *, z=0.5):
        self.x = x
        self.y = y
        self.z = z

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def scaled(self, t):
        return t * self.scale + self.x

    @staticmethod
    def helper(t):
        return t - 1

    @classmethod
    def make(cls, v):
        return cls(v, v)

    @property
    def total(self):
        return self.x + self.y + self.z


class Base:
    k = 2.0

    def __init__(self, a):
        self.a = a
        self.calls = 1

    def f(self, t):
        return t * self.a + self.k


class Left(Base):
    def __init__(self, a):
        super().__init__(a)
        self.calls = self.calls + 10
        self.left = True

    def f(self, t):
        return super().f(t) + 1


class Right(Base):
    k = 5.0

    def __init__(self, a):
        super().__init__(a * 2)
        self.calls = self.calls + 100

    def f(self, t):
        return super().f(t) * 3


class Diamond(Left, Right):
    def __init__(self, a):
        super().__init__(a)
        self.calls = self.calls + 1000

    def f(self, t):
        return super().f(t) - self.calls


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self, by=1):
        self.n = self.n + by
        return self


class Affine:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def __call__(self, t):
        return t * self.w + self.b


class Tagged:
    count = 0

    def __new__(cls, value):
        obj = super().__new__(cls)
        obj.tag = value * 2
        return obj

    def __init__(self, value):
        self.value = value


class NotMade:
    def __new__(cls, value):
        return value + 1

    def __init__(self, value):
        self.never = True


class Doubling:
    def __init__(self, v):
        self.v = v

    def __setattr__(self, name, value):
        super().__setattr__(name, value * 2)


class Frozen:
    def __init__(self, a, b):
        super().__setattr__("a", a)
        super().__setattr__("b", b)


class Shadow:
    k = 7

    def __init__(self):
        self.k = 1

    def drop(self):
        super().__delattr__("k")


class Net(nn.Module):
    def __init__(self, scale):
        super().__init__()
        self.scale = scale
        self.bias = 0.5

    def forward(self, t):
        return t * self.scale + self.bias


class ScaledNet(Net):
    def __init__(self, scale, shift):
        super().__init__(scale)
        self.shift = shift

    def forward(self, t):
        return super().forward(t) - self.shift


class Activation:
    def act(self, t):
        return torch.relu(t)


class Block(Activation, nn.Module):
    def __init__(self, gain):
        super().__init__()
        self.gain = gain

    def forward(self, t):
        return self.act(t) * self.gain


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Block(2.0)
        self.second = ScaledNet(3.0, 1.0)

    def forward(self, t):
        return self.second(self.first(t))


def point_attributes(t):
    p = Point(2.0, z=4.0)
    return t * p.x + p.y, p.z, p.dims, p.norm2()


def point_methods(t):
    p = Point(1.5)
    return p.scaled(t), p.helper(t), Point.make(3.0).norm2(), p.total


def class_attribute_shadowed(t):
    p = Point(1.0)
    p.scale = 4.0
    return p.scaled(t), Point.scale


def cooperative_diamond(t):
    d = Diamond(1.5)
    return d.f(t), d.a, d.calls, d.left, d.k


def chain_of_inits(t):
    left = Left(2.0)
    right = Right(2.0)
    return left.f(t) + right.f(t), left.calls, right.calls, right.a


def mutation_through_methods(t):
    c = Counter()
    c.bump()
    c.bump(by=5).bump()
    return t + c.n, c.n


def callable_instance(t):
    layer = Affine(2.0, 1.0)
    return layer(t), layer(layer(t))


def two_instances(t):
    a = Affine(2.0, 0.0)
    b = Affine(3.0, 1.0)
    return a(t) + b(t), a.w, b.w


def custom_new(t):
    obj = Tagged(3)
    return t * obj.tag + obj.value, obj.count


def new_returns_constant(t):
    r = NotMade(4)
    return t + r, r


def setattr_through_super(t):
    d = Doubling(1.5)
    d.w = 2.0
    return t * d.v + d.w, d.v


class Record:
    __frozen = False

    def __init__(self, a):
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", a * 2)
        object.__delattr__(self, "b")

    def __setattr__(self, name, value):
        raise AttributeError("frozen")


def object_slots_called_directly(t):
    r = Record(t)
    return r.a + 1, hasattr(r, "b")


def frozen_style(t):
    f = Frozen(t, 2.0)
    return f.a * f.b


def delattr_through_super(t):
    s = Shadow()
    before = s.k
    s.drop()
    return t + s.k, before, s.k


class Traced(nn.Module):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def __call__(self, t):
        return self.forward(t) * 2

    def forward(self, t):
        return t + 1


traced = Traced()


def module_with_own_call(t):
    return Traced()(t), traced(t)


def module_made_here(t):
    net = Net(2.0)
    return net(t), net.training, net.scale


def module_subclass_forward(t):
    net = ScaledNet(2.0, 0.25)
    return net(t), net.shift


def module_with_mixin(t):
    return Block(3.0)(t)


def module_of_modules(t):
    stack = Stack()
    return stack(t), stack.first.gain


def objects_in_a_loop(t):
    for gain in (1.0, 2.0, 3.0):
        t = Block(gain)(t)
    return t


class Config:
    def __init__(self, mode):
        if mode == "double":
            self.factor = 2.0
        else:
            self.factor = 0.5


def branch_in_init(t):
    return t * Config("double").factor, Config("half").factor


def accumulate_in_loop(t):
    c = Counter()
    for i in range(4):
        c.bump(i)
    return t * c.n, c.n


def identity_and_type(t):
    a = Point(1.0)
    b = Point(1.0)
    return t, a is b, a is a, a is not None, isinstance(a, Point), isinstance(b, Base), isinstance(Net(1.0), nn.Module)


class Temperature:
    def __init__(self, c):
        self.c = c

    @property
    def f(self):
        return self.c * 1.8 + 32


def property_after_store(t):
    temp = Temperature(10.0)
    before = temp.f
    temp.c = 20.0
    return t + before, temp.f, temp.c


def mutated_through_list(t):
    p = Point(1.0)
    items = [p]
    items[0].x = 5.0
    return t * p.x


def attribute_builtins(t):
    p = Point(1.0)
    setattr(p, "x", 5.0)
    kind = type(p)
    return (t * getattr(p, "x"), getattr(p, "missing", 7), getattr(p, "dims", 0),
            kind.dims, type(p) is Point, kind(2.0).norm2())


class SlotFreeModule(nn.Module):
    # Module's instances keep their __dict__: the empty slots change nothing.
    __slots__ = ()

    def __init__(self):
        super().__init__()
        self.scale = 2.0

    def forward(self, t):
        return t * self.scale


def module_with_empty_slots(t):
    return SlotFreeModule()(t)


def mutated_by_unknown_code(t):
    p = Point(1.0)  # BREAK
    p.__dict__["x"] = 5.0
    return t * p.x


def returns_instance(t):
    p = Point(1.0, 2.0)  # BREAK
    return p


def instance_seen_by_unknown_code(t):
    p = Point(1.0)  # BREAK
    return t + len(vars(p))


CASES = [
    ("point_attributes", ["f32[3,4]"]),
    ("point_methods", ["f32[3,4]"]),
    ("class_attribute_shadowed", ["f32[3,4]"]),
    ("cooperative_diamond", ["f32[3,4]"]),
    ("chain_of_inits", ["f32[3,4]"]),
    ("mutation_through_methods", ["f32[3,4]"]),
    ("callable_instance", ["f32[3,4]"]),
    ("two_instances", ["f32[3,4]"]),
    ("custom_new", ["f32[3,4]"]),
    ("new_returns_constant", ["f32[3,4]"]),
    ("setattr_through_super", ["f32[3,4]"]),
    ("frozen_style", ["f32[3,4]"]),
    ("object_slots_called_directly", ["f32[3,4]"]),
    ("delattr_through_super", ["f32[3,4]"]),
    ("module_made_here", ["f32[2,4]"]),
    ("module_subclass_forward", ["f32[2,4]"]),
    ("module_with_mixin", ["f32[2,4]"]),
    ("module_of_modules", ["f32[2,4]"]),
    ("objects_in_a_loop", ["f32[2,4]"]),
    ("branch_in_init", ["f32[2,4]"]),
    ("accumulate_in_loop", ["f32[2,4]"]),
    ("identity_and_type", ["f32[2,4]"]),
    ("property_after_store", ["f32[2,4]"]),
    ("mutated_through_list", ["f32[2,4]"]),
    ("attribute_builtins", ["f32[2,4]"]),
    ("module_with_own_call", ["f32[2,4]"]),
    ("module_with_empty_slots", ["f32[2,4]"]),
]

BREAKS = [
    ("mutated_by_unknown_code", ["f32[3]"], "Unsupported function call"),
    ("returns_instance", ["f32[3]"], "Unsupported function call"),
    ("instance_seen_by_unknown_code", ["f32[3]"], "Unsupported function call"),
]

KNOWN_GAPS = [
]
