# Subclasses of tuple, list, dict and set made in the entry (and a tuple
# subclass's instance the module makes), the same from the bytecode of each
# supported CPython: the builtin's `__new__` and
# `__init__` make and fill the instance's contents, the builtin's methods
# (reached through super(), or inherited) act on them, the class's own
# `__getitem__` / `__setitem__` / `__contains__` are inlined, and the
# instance and its contents are gone from the captured code, leaving the
# tensor work and the guards on the class (ID_MATCH) and on the methods it
# ran (CLOSURE_MATCH). A dict subclass with `__missing__` keeps its
# subscript, and the instance is a graph break at the class call.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=stack --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=STACK < %t && FileCheck %s --check-prefix=STACKGONE < %t \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=registry --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=REGISTRY < %t && FileCheck %s --check-prefix=REGISTRYGONE < %t \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=pair --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=PAIR < %t && FileCheck %s --check-prefix=PAIRGONE < %t \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=tags --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=TAGS < %t || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=module_size --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=SIZE < %t || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=missing --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=MISSING \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=negative_len --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=NEGLEN \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=no_dict --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 | FileCheck %s --check-prefix=NODICT \
# RUN:   || exit 1; done

import torch


class Stack(list):
    def __init__(self, first):
        super().__init__()
        super().append(first)

    def push(self, x):
        self.append(x)
        return len(self)

    def __getitem__(self, i):
        return super().__getitem__(i) * 2


def stack(x):
    s = Stack(x)
    n = s.push(x + 1)
    return s[0] + s[-1], n, isinstance(s, list)

# STACK-LABEL: py.func @stack(
# STACK-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
# STACK-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# STACK-DAG:     tg.guard_id %{{.*}} at "G['Stack']" is @"G['Stack']"
# STACK-DAG:     tg.guard_closure %{{.*}} at "G['Stack'].__init__" code @Stack.__init__
# STACK-DAG:     tg.guard_closure %{{.*}} at "G['Stack'].push" code @Stack.push
# STACK-DAG:     tg.guard_closure %{{.*}} at "G['Stack'].__getitem__" code @Stack.__getitem__
# STACK-DAG:     %[[X1:.*]] = tg.add %[[X]], %{{.*}}
# STACK-DAG:     %[[FIRST:.*]] = tg.mul %[[X]], %{{.*}}
# STACK-DAG:     %[[LAST:.*]] = tg.mul %[[X1]], %{{.*}}
# STACK:         %[[SUM:.*]] = tg.add %[[FIRST]], %[[LAST]]
# STACK:         py.build_tuple(%{{.*}}, %[[TWO]], %true)

# The instance, its contents and every call are gone.
# STACKGONE-LABEL: py.func @stack(
# STACKGONE-NOT:     py.new_object
# STACKGONE-NOT:     py.build_list
# STACKGONE-NOT:     py.call
# STACKGONE:         py.return


class Registry(dict):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.reads = 0

    def __getitem__(self, key):
        self.reads += 1
        return super().__getitem__(key)

    def __setitem__(self, key, value):
        super().__setitem__(key, value * 2)

    def __contains__(self, key):
        return super().__contains__(key)


def registry(x):
    r = Registry(w=x)
    r["b"] = x + 1
    return r["w"] * r["b"], r.reads, len(r), "b" in r, "c" not in r, r.get("c", 3)

# REGISTRY-LABEL: py.func @registry(
# REGISTRY-DAG:     %[[TRUE:.*]] = py.constant true
# REGISTRY-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
# REGISTRY-DAG:     %[[THREE:.*]] = py.constant #py.int<3>
# REGISTRY-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# REGISTRY-DAG:     tg.guard_closure %{{.*}} at "G['Registry'].__setitem__" code @Registry.__setitem__
# REGISTRY-DAG:     %[[B:.*]] = tg.mul %{{.*}}, %{{.*}}
# REGISTRY:         tg.mul %[[X]], %[[B]]
# REGISTRY:         tg.guard_closure %{{.*}} at "G['Registry'].__contains__" code @Registry.__contains__
# REGISTRY:         py.build_tuple(%{{.*}}, %[[TWO]], %[[TWO]], %[[TRUE]], %[[TRUE]], %[[THREE]])

# REGISTRYGONE-LABEL: py.func @registry(
# REGISTRYGONE-NOT:     py.new_object
# REGISTRYGONE-NOT:     py.build_dict
# REGISTRYGONE-NOT:     py.call
# REGISTRYGONE:         py.return


class Pair(tuple):
    __slots__ = ()

    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))

    @property
    def second(self):
        return self[1]


def pair(x):
    p = Pair(x, x * 3)
    a, b = p
    return a + p.second, len(p), isinstance(p, tuple)

# PAIR-LABEL: py.func @pair(
# PAIR-DAG:     %[[TRUE:.*]] = py.constant true
# PAIR-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
# PAIR-DAG:     tg.guard_closure %{{.*}} at "G['Pair'].__new__" code @Pair.__new__
# PAIR-DAG:     %[[X:.*]] = tg.guard_tensor %x at "L['x']"
# PAIR-DAG:     %[[X3:.*]] = tg.mul %[[X]], %{{.*}}
# PAIR:         tg.add %[[X]], %[[X3]]
# PAIR:         py.build_tuple(%{{.*}}, %[[TWO]], %[[TRUE]])

# PAIRGONE-LABEL: py.func @pair(
# PAIRGONE-NOT:     py.new_object
# PAIRGONE-NOT:     py.call
# PAIRGONE:         py.return


class Tags(set):
    def __init__(self, *items):
        super().__init__(items)

    def mark(self, tag):
        super().add(tag)
        return len(self)


def tags(x):
    t = Tags("a", "b")
    n = t.mark("c")
    t.discard("a")
    return x * n, len(t), "a" in t, "c" in t

# The set's contents are constants, and so is every answer.
# TAGS-LABEL: py.func @tags(
# TAGS-DAG:     %[[TRUE:.*]] = py.constant true
# TAGS-DAG:     %[[FALSE:.*]] = py.constant false
# TAGS-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
# TAGS-DAG:     %[[THREE:.*]] = arith.constant 3 : i64
# TAGS-DAG:     tg.guard_closure %{{.*}} at "G['Tags'].__init__" code @Tags.__init__
# TAGS-DAG:     tg.guard_closure %{{.*}} at "G['Tags'].mark" code @Tags.mark
# TAGS:         tg.mul %{{.*}}, %[[THREE]]
# TAGS-NOT:     py.build_set
# TAGS-NOT:     py.new_object
# TAGS:         py.build_tuple(%{{.*}}, %[[TWO]], %[[FALSE]], %[[TRUE]])


class Size(tuple):
    def numel(self):
        n = 1
        for d in self:
            n = n * d
        return n

    def last(self):
        return super().__getitem__(-1)


SIZE = Size((2, 3, 4))


def module_size(x):
    first, *rest = SIZE
    return x * SIZE.numel(), SIZE.last(), len(rest), SIZE.index(3), first

# A tuple subclass's instance the module made: its ID_MATCH fixes its
# contents, its TYPE_MATCH the methods called on it, and the rest is
# constants.
# SIZE-LABEL: py.func @module_size(
# SIZE-DAG:     %[[TWO:.*]] = py.constant #py.int<2>
# SIZE-DAG:     %[[ONE:.*]] = py.constant #py.int<1>
# SIZE-DAG:     %[[FOUR:.*]] = py.constant #py.int<4>
# SIZE-DAG:     %[[N:.*]] = arith.constant 24 : i64
# SIZE-DAG:     tg.guard_id %{{.*}} at "G['SIZE']" is @"G['SIZE']"
# SIZE-DAG:     tg.guard_type %{{.*}} at "G['SIZE']" is @"G['Size']"
# SIZE:         tg.mul %{{.*}}, %[[N]]
# SIZE-NOT:     py.call
# SIZE:         py.build_tuple(%{{.*}}, %[[FOUR]], %[[TWO]], %[[ONE]], %[[TWO]])


class Defaults(dict):
    def __missing__(self, key):
        return 0.0


def missing(x):
    d = Defaults()
    return x + d["a"]

# MISSING: error: graph break: Unsupported function call
# MISSING-NEXT: py.call %Defaults()
# MISSING: Explanation: Dynamir models an instance of `Defaults` that the captured function creates only while it stays inside it


class Fixed(tuple):
    __slots__ = ()


def no_dict(x):
    f = Fixed((x, 1))
    f.extra = 2
    return f[0]

# NODICT: error: graph break: Observed exception
# NODICT-NEXT: py.call %Fixed(
# NODICT: Explanation: `Fixed` and its bases set `__slots__ = ()`: its instances have no `__dict__`, and CPython raises AttributeError ("'Fixed' object has no attribute 'extra'").
# NODICT: Developer debug context: STORE_ATTR extra


class Broken(list):
    def __len__(self):
        return super().__len__() - 1


def negative_len(x):
    return x * len(Broken())

# NEGLEN: error: graph break: Observed exception
# NEGLEN: Explanation: The class's `__len__` returns what Dynamir cannot show to be an int of at least 0, for which CPython raises TypeError or ValueError
# NEGLEN: Developer debug context: len() __len__ result
