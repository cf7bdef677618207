"""Random class hierarchies for the super() differential test.

    generate_super.py --seed N --count N --per-module N --outdir DIR

Writes corpus modules in harness.py's format (DIR/super_gen_NNN.py, CASES
only) and, for the hierarchies whose method resolution order CPython rejects,
one module each (DIR/super_mro_NNN.py, at most --max-mro of them) with the
classes alone, for check_mro_errors.py. Prints the seed and the counts.

A hierarchy has two to six classes, each with up to three earlier classes as
bases in a random order (single and multiple inheritance, diamonds, deep
chains; some orders have no C3 linearization: those are the MRO modules).
Each class may define, independently:

* a class attribute `k` (an int or a float), overriding its bases';
* a method `f(self, x)`: `x * self.k + c`, `super().f(x) * c + d`,
  `super().f(x) + self.k` or `x - c`;
* a staticmethod `s(x)` and a classmethod `cm(cls, x)` (`x * cls.k`, or
  `super().cm(x) + c`);
* an `__init__` that sets `self.v`, or cooperates: `super().__init__()`
  then `self.v = self.v * c + d` (where the chain leaves `v` unset, the
  hierarchy is kept without its `__init__`s).

A quarter of the hierarchies derive their first class from `list`,
`dict`, `set` or `tuple` (whose `__new__` then gives the contents
`(1.0, 2.5)`); the entry makes their instance, fills the contents, and
adds expressions on the container: `len(obj)`, `obj[i]`,
`super(Cj, obj).__getitem__(i)`, `super(Cj, obj).__len__()`, `obj.get`,
`obj.index`, `in`.

The module makes one instance of the last class, or (half of the
hierarchies) the entry makes it itself, then sometimes stores an instance
attribute `k` on it that shadows the classes'; the entry returns a
tuple of expressions on it and on a tensor `x`: `obj.f(x)`, `obj.s(x)`,
`obj.cm(x)`, `Cls.cm(x)`, `super(Cj, obj).f(x)`, `super(Cj, obj).k`,
`super(Cj, Cls).cm(x)`, `super(Cj, obj).__getattribute__('k')`, `obj.v`, ... Which expressions appear is decided by
running them here on a float: one that raises (no such attribute along that
MRO) is left out, so every case is real Python. The expected values come
from PyTorch eager when harness.py runs the modules.
"""

import argparse
import os
import random
import sys


def number(rng):
    if rng.random() < 0.5:
        return rng.randint(-3, 5)
    return round(rng.uniform(-2.0, 3.0), 2)


def literal(value):
    return repr(value)


class Hierarchy:
    def __init__(self, rng, index):
        self.index = index
        self.names = ["H%dC%d" % (index, j) for j in range(rng.randint(2, 6))]
        self.bases = [[]]
        for j in range(1, len(self.names)):
            count = min(j, rng.choice([1, 1, 1, 2, 2, 3]))
            chosen = rng.sample(range(j), count)
            self.bases.append(chosen)
        self.container = None
        if rng.random() < 0.25:
            self.container = rng.choice(["list", "dict", "set", "tuple"])
        self.members = []
        for j in range(len(self.names)):
            self.members.append(self.make_members(rng, j))
        if self.container == "tuple":
            self.members[0] += ["", "def __new__(cls):",
                                "    return super().__new__(cls, (1.0, 2.5))"]

    def make_members(self, rng, j):
        lines = []
        if rng.random() < 0.5:
            lines.append("k = %s" % literal(number(rng)))
        if rng.random() < 0.7:
            body = rng.choice([
                "return x * self.k + %s" % literal(number(rng)),
                "return super().f(x) * %s + %s" % (literal(number(rng)), literal(number(rng))),
                "return super().f(x) + self.k",
                "return x - %s" % literal(number(rng)),
            ])
            lines += ["", "def f(self, x):", "    " + body]
        if rng.random() < 0.3:
            lines += ["", "@staticmethod", "def s(x):",
                      "    return x * %s + %s" % (literal(number(rng)), literal(number(rng)))]
        if rng.random() < 0.35:
            body = rng.choice(["return x * cls.k",
                               "return super().cm(x) + %s" % literal(number(rng))])
            lines += ["", "@classmethod", "def cm(cls, x):", "    " + body]
        if rng.random() < 0.5:
            if rng.random() < 0.6:
                lines += ["", "def __init__(self):", "    super().__init__()",
                          "    self.v = self.v * %s + %s"
                          % (literal(number(rng)), literal(number(rng)))]
            else:
                lines += ["", "def __init__(self):", "    self.v = %s" % literal(number(rng))]
        return lines

    def class_source(self, with_init=True):
        out = []
        for name, bases, members in zip(self.names, self.bases, self.members):
            base_names = ", ".join(self.names[b] for b in bases) or self.container or "object"
            body = members
            if not with_init:
                body = strip_init(members)
            out.append("class %s(%s):" % (name, base_names))
            out += ["    " + line if line else "" for line in (body or ["pass"])]
            out.append("")
            out.append("")
        return "\n".join(out)


def strip_init(lines):
    out, skip = [], False
    for line in lines:
        if line.startswith("def __init__"):
            skip = True
            continue
        if skip and line.startswith("    "):
            continue
        skip = False
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


# What the entry does to a container's contents after making it, and the
# expressions on them (`%s` is a class of the hierarchy).
FILL = {
    "list": ["    obj.append(x)", "    obj.extend((1.0, 2.5))"],
    "dict": ["    obj['a'] = x", "    obj['b'] = 2.5"],
    "set": ["    obj.add(1.0)", "    obj.update((2.5, 4))"],
    "tuple": [],
}
CONTAINER_EXPRS = {
    "list": ["len(obj)", "obj[0] * 2", "obj[-1] + x", "super(%s, obj).__getitem__(1) * x",
             "super(%s, obj).__len__() * x"],
    "dict": ["len(obj)", "obj['a'] * 2", "super(%s, obj).__getitem__('b') * x",
             "x * obj.get('c', 4)", "x * ('a' in obj)", "super(%s, obj).get('b') + x"],
    "set": ["len(obj)", "x * (2.5 in obj)", "super(%s, obj).__len__() * x",
            "x * super(%s, obj).__contains__(4)", "x * (3 not in obj)"],
    "tuple": ["len(obj)", "obj[1] * x", "super(%s, obj).__getitem__(0) + x",
              "x * obj.index(2.5)", "x * (2.5 in obj)", "super(%s, obj).__len__() * x"],
}


def candidates(rng, h):
    leaf = h.names[-1]
    exprs = ["obj.f(x)", "obj.s(x)", "obj.cm(x)", "%s.cm(x)" % leaf, "obj.v", "x * obj.k"]
    if h.container:
        for expr in CONTAINER_EXPRS[h.container]:
            exprs.append(expr % rng.choice(h.names) if "%s" in expr else expr)
    for name in rng.sample(h.names, min(3, len(h.names))):
        exprs += ["super(%s, obj).f(x)" % name, "super(%s, obj).k" % name,
                  "x * super(%s, obj).k" % name, "super(%s, obj).s(x)" % name,
                  "super(%s, obj).cm(x)" % name, "super(%s, %s).cm(x)" % (name, leaf),
                  "x * super(%s, obj).__getattribute__('k')" % name,
                  "%s.cm(x)" % name]
    return exprs


def works(namespace, expr):
    """Whether `expr` evaluates to a number with x a float (the entry's
    tensor then flows through the same arithmetic)."""
    try:
        value = eval(expr, dict(namespace, x=1.5))
    except Exception:
        return False
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--per-module", type=int, default=20)
    parser.add_argument("--max-mro", type=int, default=40,
                        help="at most this many modules with no consistent MRO")
    parser.add_argument("--outdir", required=True)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    rng = random.Random(args.seed)

    modules, current, cases = [], [], []
    mro_errors = []
    index = 0
    consistent = 0
    while consistent < args.count:
        h = Hierarchy(rng, index)
        index += 1
        source = h.class_source()
        namespace = {}
        try:
            exec(compile(source, "<hierarchy %d>" % h.index, "exec"), namespace)
        except TypeError:
            # No C3 linearization: a module of its own, whose import fails.
            if len(mro_errors) < args.max_mro:
                mro_errors.append(h)
            continue
        leaf = h.names[-1]
        try:
            namespace["obj"] = namespace[leaf]()
        except Exception:
            # An __init__ chain that does not run: the classes without them.
            source = h.class_source(with_init=False)
            namespace = {}
            exec(compile(source, "<hierarchy %d>" % h.index, "exec"), namespace)
            namespace["obj"] = namespace[leaf]()
        # The entry makes the instance (and may shadow `k` on it), or reads
        # the module's.
        # A module-level instance of a container subclass is unknown to
        # Dynamir: the entry makes those.
        make = ["    obj = OBJ_%d" % h.index]
        if h.container or rng.random() < 0.5:
            make = ["    obj = %s()" % leaf]
            if h.container:
                make += FILL[h.container]
                exec("\n".join(line.strip() for line in FILL[h.container]),
                     dict(namespace, x=1.5))
            if rng.random() < 0.4:
                shadow = literal(number(rng))
                make.append("    obj.k = %s" % shadow)
                namespace["obj"].k = eval(shadow)
        exprs = [e for e in candidates(rng, h) if works(namespace, e)]
        if not exprs:
            continue
        consistent += 1
        entry = "entry_%d" % h.index
        body = make + ["    return (%s,)" % ", ".join(exprs)]
        current.append("%s\nOBJ_%d = %s()\n\n\ndef %s(x):\n%s\n"
                       % (source, h.index, leaf, entry, "\n".join(body)))
        cases.append((entry, ["f32[2,3]"]))
        if len(current) == args.per_module:
            modules.append((current, cases))
            current, cases = [], []
    if current:
        modules.append((current, cases))

    header = ("# Generated by generate_super.py --seed %d: random class hierarchies and\n"
              "# entries that reach their methods and attributes through super().\n\n"
              "import torch\n\n\n" % args.seed)
    for number_, (parts, module_cases) in enumerate(modules):
        path = os.path.join(args.outdir, "super_gen_%03d.py" % number_)
        with open(path, "w") as f:
            f.write(header)
            f.write("\n\n".join(parts))
            f.write("\n\nCASES = [\n")
            for entry, specs in module_cases:
                f.write("    (%r, %r),\n" % (entry, specs))
            f.write("]\n\nKNOWN_GAPS = [\n]\n")
    for number_, h in enumerate(mro_errors):
        with open(os.path.join(args.outdir, "super_mro_%03d.py" % number_), "w") as f:
            f.write(h.class_source())
    print("seed %d: %d hierarchies in %d modules, %d with no consistent MRO"
          % (args.seed, consistent, len(modules), len(mro_errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
