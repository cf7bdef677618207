"""Random nestings of try/except/else/finally and raise for the exception
differential test.

    generate_exceptions.py --seed N --count N --per-module N --outdir DIR

Writes corpus modules in harness.py's format (DIR/exceptions_gen_NNN.py,
CASES only) and prints the seed and the counts.

Each entry is a random statement tree of depth at most three, inside one
`try` whose `except BaseException as e` returns the exception: harness.py
then compares its whole chain (type, `args`, `__context__`, `__cause__`,
`__suppress_context__`, recursively) as well as `log`, a tuple each
statement extends with its own tag (which handler ran, in which order the
`finally` blocks ran), and a tensor computed on the way. The statements:

* `log = log + ("sN",)` and `x = x * 2.0 + N` (the tensor work);
* `raise C("mN", N)`, `raise C` and `raise C("mN") from F`, where `C` is a
  builtin exception class or one of the module's user classes, and `F` is
  None, another instance, a class, or the exception an enclosing handler
  caught;
* inside a handler: a bare `raise`, and `raise eK` of the exception the
  handler (or an enclosing one) caught;
* an operation that raises: a division by zero, a missing key, a tuple
  index out of range, an operator or a builtin on values of types that
  lack it, `int()` and `float()` of text that is no number, a builtin
  given no argument, calling None, unpacking into another number of
  targets;
* a call of a helper that raises (`_boom`), or that raises from inside its
  own handler (`_recover`), which the inliner inlines under the caller's
  `try`;
* `try` with one or two `except` clauses (a class, or a tuple of two,
  with or without `as eK`), an optional `else` and an optional `finally`;
* `for iK in range(N)` loops around such statements (the capture unrolls
  them), and in a loop: `break`, `continue`, a raise and a log entry under
  `if iK == M:`, so that handlers run in some iterations, `break` and
  `continue` leave handlers and `finally` blocks, and exceptions leave the
  loop.

Every program runs here first (in this Python), so every case is real
Python; the expected results come from PyTorch eager when harness.py runs
the modules.
"""

import argparse
import os
import random

# Classes a `raise` makes or an `except` names; the user classes are the
# module's (CLASSES below).
RAISED = ["ValueError", "KeyError", "IndexError", "TypeError", "RuntimeError",
          "ZeroDivisionError", "GenError", "SubError", "KeyedError"]
CAUGHT = RAISED + ["LookupError", "ArithmeticError", "Exception"]

CLASSES = '''
class GenError(Exception):
    pass


class SubError(GenError):
    pass


class KeyedError(KeyError):
    pass


def _boom(n):
    raise SubError("boom", n)


def _recover(n):
    try:
        raise KeyedError(n)
    except KeyError as e:
        raise ValueError("recovered") from e
'''


class Generator:
    def __init__(self, rng):
        self.rng = rng
        self.tags = 0
        self.names = 0

    def tag(self):
        self.tags += 1
        return "s%d" % self.tags

    def block(self, depth, caught, indent, loop=None):
        """A list of source lines: one to three statements."""
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            lines += self.statement(depth, caught, indent, loop)
        return lines

    def statement(self, depth, caught, indent, loop):
        rng = self.rng
        pad = "    " * indent
        roll = rng.random()
        if depth > 0 and roll < 0.3:
            return self.try_statement(depth - 1, caught, indent, loop)
        if depth > 0 and roll < 0.38:
            self.names += 1
            var = "i%d" % self.names
            return ([pad + "for %s in range(%d):" % (var, rng.randint(1, 3))]
                    + self.block(depth - 1, caught, indent + 1, var))
        if loop and roll < 0.48:
            action = rng.choice(["break", "continue", 'log = log + ("%s", %s)' % (self.tag(), loop),
                                 'raise %s("m%s", %s)' % (rng.choice(RAISED), self.tag(), loop)])
            return [pad + "if %s == %d:" % (loop, rng.randint(0, 2)), pad + "    " + action]
        if roll < 0.55:
            return [pad + 'log = log + ("%s",)' % self.tag()]
        if roll < 0.6:
            return [pad + "%s(%d)" % (rng.choice(["_boom", "_recover"]), rng.randint(0, 9))]
        if roll < 0.65:
            n = rng.randint(1, 9)
            # Calling and subscripting go through a local: CPython warns
            # of a literal that cannot be called or subscripted.
            return [pad + "k = None" if rng.random() < 0.5 else pad + "k = %d" % n,
                    pad + "n = " + rng.choice(
                        ["%d // 0" % n, "%d %% 0" % n, "%d.5 / 0" % n, '{"a": 1}["k%d"]' % n,
                         "(1, 2)[%d]" % rng.randint(2, 5), '"s" + %d' % n, "None < %d" % n,
                         '-"s%d"' % n, 'int("x%d")' % n, 'float("%d.x")' % n, "abs()",
                         "len(%d)" % n, "k(%d)" % n, "range(%d.5)" % n, "k[0]"])]
        if roll < 0.67:
            return [pad + rng.choice(["a, b = (1,)", "a, b = (1, 2, 3)", "a, b = 7"])]
        if roll < 0.72:
            return [pad + "x = x * 2.0 + %d" % rng.randint(-3, 3)]
        return [pad + self.raise_statement(caught)]

    def raise_statement(self, caught):
        rng = self.rng
        cls = rng.choice(RAISED)
        tag = self.tag()
        roll = rng.random()
        names = [name for name in caught if name != "__bare__"]
        if caught and roll < 0.15:
            return "raise"
        if names and roll < 0.25:
            return "raise %s" % rng.choice(names)
        if roll < 0.4:
            return "raise %s" % cls
        if roll < 0.7:
            source = rng.choice(["None", "%s(\"c%s\")" % (rng.choice(RAISED), tag),
                                 rng.choice(RAISED)] + names)
            return "raise %s(\"m%s\") from %s" % (cls, tag, source)
        return "raise %s(\"m%s\", %d)" % (cls, tag, rng.randint(0, 9))

    def try_statement(self, depth, caught, indent, loop):
        rng = self.rng
        pad = "    " * indent
        lines = [pad + "try:"]
        lines += self.block(depth, caught, indent + 1, loop)
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.3:
                match = "(%s, %s)" % tuple(rng.sample(CAUGHT, 2))
            else:
                match = rng.choice(CAUGHT)
            if rng.random() < 0.6:
                self.names += 1
                name = "e%d" % self.names
                lines.append(pad + "except %s as %s:" % (match, name))
                inner = caught + [name]
            else:
                lines.append(pad + "except %s:" % match)
                # A bare raise needs a handled exception, which any
                # handler has: `__bare__` stands for the unnamed one.
                inner = caught + ["__bare__"]
            lines.append(pad + '    log = log + ("%s",)' % self.tag())
            if rng.random() < 0.6:
                lines += self.block(depth, inner, indent + 1, loop)
        if rng.random() < 0.3:
            lines.append(pad + "else:")
            lines += self.block(depth, caught, indent + 1, loop)
        if rng.random() < 0.4:
            lines.append(pad + "finally:")
            lines += self.block(depth, caught, indent + 1, loop)
        return lines


def program(rng, index):
    gen = Generator(rng)
    body = gen.block(3, [], 2)
    lines = ["def entry_%d(x):" % index,
             "    log = ()",
             "    try:"]
    lines += body
    lines += ["    except BaseException as e:",
              "        return x, log, e",
              "    return x, log, None"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--per-module", type=int, default=25)
    parser.add_argument("--outdir", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    namespace = {}
    exec(compile(CLASSES, "<classes>", "exec"), namespace)
    modules, current, cases, raised = 0, [], [], 0

    def flush():
        nonlocal modules, current, cases
        if not current:
            return
        path = os.path.join(args.outdir, "exceptions_gen_%03d.py" % modules)
        with open(path, "w") as f:
            f.write("# Generated by generate_exceptions.py --seed %d\n\nimport torch\n\n"
                    % args.seed)
            f.write(CLASSES + "\n\n")
            f.write("\n\n".join(current))
            f.write("\n\nCASES = [\n%s]\n" % "".join(
                "    (%r, %r),\n" % case for case in cases))
        modules += 1
        current, cases = [], []

    for index in range(args.count):
        source = program(rng, index)
        # Real Python: it compiles and runs (the top-level handler catches
        # what the body raises).
        local = dict(namespace)
        exec(compile(source, "<entry %d>" % index, "exec"), local)
        _, _, e = local["entry_%d" % index](1.5)
        raised += e is not None
        current.append(source)
        cases.append(("entry_%d" % index, ["f32[3]"]))
        if len(current) == args.per_module:
            flush()
    flush()
    print("seed %d: %d programs in %d modules, %d ending in an exception"
          % (args.seed, args.count, modules, raised))


if __name__ == "__main__":
    main()
