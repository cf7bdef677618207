"""Writes malformed .pyc files for test/Target/Pyc/bad-input.test and
unusual-input.test.

Usage: PYTHON make-bad-pyc.py OUTDIR

Run it with the interpreter whose bytecode is wanted (CPython 3.11, 3.12 or
3.13): every file starts as a real pyc of that interpreter (its magic number,
its marshal writer, its opcode numbers and inline caches) and is then corrupted
in one way. The files are named after the case (`<case>.pyc`).
OUTDIR/unusual/ gets the inputs of unusual-input.test, and
OUTDIR/valid/ gets `good.py` and `good.pyc` (a valid module, for the
command-line option tests) and `syntax-error.py`.

Bytecode-level cases replace the code object of `f` in the module below. Its
co_code is built from `opcode.opmap` of the running interpreter. CPython
rewrites co_code when a code object is created and writes it back de-optimized
(invalid opcodes would come out as CACHE), so the code object is created with a
placeholder co_code of NOPs of the same length, and the bytes are put in place
in the marshal data afterwards.
"""

import importlib.util
import marshal
import opcode
import os
import struct
import sys
import types

MAGIC = importlib.util.MAGIC_NUMBER
MINOR = sys.version_info[1]
if sys.version_info[0] != 3 or MINOR not in (11, 12, 13):
    sys.exit("make-bad-pyc.py: needs CPython 3.11, 3.12 or 3.13, not %s"
             % sys.version.split()[0])

MARKER = "dynamir_marker_constant"
SOURCE = '''\
def f(a):
    b = a
    return b


x = "%s"
''' % MARKER

GOOD_CODE = compile(SOURCE, "bad.py", "exec")
F_CODE = next(c for c in GOOD_CODE.co_consts if isinstance(c, types.CodeType))

#===----------------------------------------------------------------------===#
# Building blocks
#===----------------------------------------------------------------------===#


def header(magic=MAGIC, flags=0):
    """A pyc header: magic, flags, then source mtime and size (or hash)."""
    return magic + struct.pack("<I", flags) + b"\0" * 8


def magic_of(number):
    return struct.pack("<H", number) + b"\r\n"


def good_pyc():
    return header() + marshal.dumps(GOOD_CODE)


def find_once(data, needle, what):
    index = data.find(needle)
    if index < 0 or data.find(needle, index + 1) >= 0:
        sys.exit("make-bad-pyc.py: %s does not occur exactly once" % what)
    return index


def marker_object_span(data):
    """The [start, end) bytes of the marshalled marker string: a short ASCII
    string (type 'z' or 'Z', maybe with FLAG_REF), a length byte, the text."""
    text = MARKER.encode()
    index = find_once(data, text, "the marker string")
    start = index - 2
    if data[start] & 0x7F not in (ord("z"), ord("Z")) or \
            data[start + 1] != len(text):
        sys.exit("make-bad-pyc.py: unexpected marshal encoding of the marker")
    return start, index + len(text)


def replace_marker(replacement):
    """A pyc whose marker constant is replaced by raw marshal bytes."""
    data = good_pyc()
    start, end = marker_object_span(data)
    return data[:start] + replacement + data[end:]


def patch_f_counts(argcount=None, posonlyargcount=None, kwonlyargcount=None,
                   stacksize=None, flags=None):
    """The pyc of the module above with the five int32 fields that open f's
    code object (co_argcount, co_posonlyargcount, co_kwonlyargcount,
    co_stacksize, co_flags) patched: CPython will not build such a code
    object."""
    data = good_pyc()
    needle = struct.pack("<i", len(F_CODE.co_code)) + F_CODE.co_code
    # Type code 'c', the five fields, then co_code's type code and length.
    start = find_once(data, needle, "f's co_code") - 1 - 21
    if data[start] & 0x7F != ord("c"):
        sys.exit("make-bad-pyc.py: unexpected marshal encoding of f")
    fields = list(struct.unpack("<5i", data[start + 1:start + 21]))
    for i, value in enumerate((argcount, posonlyargcount, kwonlyargcount,
                               stacksize, flags)):
        if value is not None:
            fields[i] = value
    return data[:start + 1] + struct.pack("<5i", *fields) + data[start + 21:]


def op(name):
    return opcode.opmap[name]


def caches(name):
    entries = opcode._inline_cache_entries
    if isinstance(entries, dict):  # 3.13: keyed by name
        return entries.get(name, 0)
    return entries[op(name)]  # 3.11, 3.12: indexed by number


def ins(name, arg=0):
    """One instruction with its inline cache entries."""
    return bytes([op(name), arg]) + b"\0\0" * caches(name)


def raw(number, arg=0):
    return bytes([number, arg])


def units(code):
    return len(code) // 2


POP_JUMP_IF_FALSE = "POP_JUMP_FORWARD_IF_FALSE" if MINOR == 11 \
    else "POP_JUMP_IF_FALSE"


def return_none():
    return ins("LOAD_CONST", 0) + ins("RETURN_VALUE")


def exception_varint(value, entry_start):
    """Python/assemble.c's write_except_varint: 6-bit chunks, most
    significant first, bit 6 on all but the last; bit 7 starts an entry."""
    chunks = [value & 63]
    value >>= 6
    while value:
        chunks.append(value & 63)
        value >>= 6
    chunks.reverse()
    out = bytearray(c | (64 if i + 1 < len(chunks) else 0)
                    for i, c in enumerate(chunks))
    if entry_start:
        out[0] |= 128
    return bytes(out)


def exception_entry(start, length, target, depth, lasti=False):
    """One exception table entry, in code units."""
    return (exception_varint(start, True) + exception_varint(length, False) +
            exception_varint(target, False) +
            exception_varint(depth << 1 | int(lasti), False))


def with_f(code):
    """The pyc of the module above with `code` in place of f's code object."""
    module = GOOD_CODE.replace(co_consts=tuple(
        code if c is F_CODE else c for c in GOOD_CODE.co_consts))
    return header() + marshal.dumps(module)


def bad_function(co_code, exceptiontable=b"", consts=(None,), names=("g",),
                 flags=None):
    """A pyc of the module above whose `f` has the given co_code (and
    exception table, constants, names and flags) and no location table. `f`
    keeps its locals (a, b)."""
    assert len(co_code) % 2 == 0
    placeholder = ins("NOP") * units(co_code)
    data = with_f(F_CODE.replace(
        co_code=placeholder, co_consts=consts, co_names=names,
        co_exceptiontable=exceptiontable, co_linetable=b"", co_stacksize=8,
        co_flags=F_CODE.co_flags if flags is None else flags))
    # co_code is a bytes object: type 's' (maybe with FLAG_REF), length, data.
    needle = struct.pack("<i", len(placeholder)) + placeholder
    index = find_once(data, needle, "the placeholder co_code") + 4
    return data[:index] + co_code + data[index + len(co_code):]


#===----------------------------------------------------------------------===#
# The cases
#===----------------------------------------------------------------------===#

CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


# --- The header ---------------------------------------------------------------

@case("empty")
def _():
    return b""


@case("truncated-header")
def _():
    return good_pyc()[:10]


@case("header-only")
def _():
    return good_pyc()[:16]


@case("magic-310")
def _():
    return magic_of(3439) + good_pyc()[4:]


@case("magic-unknown")
def _():
    return magic_of(1234) + good_pyc()[4:]


@case("magic-prerelease-312")
def _():
    return magic_of(3525) + good_pyc()[4:]


@case("magic-no-crlf")
def _():
    return MAGIC[:2] + b"\n\n" + good_pyc()[4:]


@case("bad-flags")
def _():
    return header(flags=0x4) + marshal.dumps(GOOD_CODE)


# --- The marshal data ---------------------------------------------------------

@case("truncated-code")
def _():
    # Cut in the middle of f's co_code, deep inside the module's code object.
    data = good_pyc()
    needle = struct.pack("<i", len(F_CODE.co_code)) + F_CODE.co_code
    index = find_once(data, needle, "f's co_code") + 4
    return data[:index + len(F_CODE.co_code) // 2]


@case("truncated-last-byte")
def _():
    return good_pyc()[:-1]


@case("unknown-type-code")
def _():
    # 'W' is no marshal type code.
    data = good_pyc()
    start, _ = marker_object_span(data)
    return data[:start] + b"W" + data[start + 1:]


@case("ref-not-yet-read")
def _():
    return replace_marker(b"r" + struct.pack("<i", 1000000))


@case("ref-unfinished")
def _():
    # Reference 0 is the module's code object itself (FLAG_REF set, as
    # marshal.dumps writes it), still being read.
    data = good_pyc()
    if data[16] != ord("c") | 0x80:
        sys.exit("make-bad-pyc.py: the module code object has no FLAG_REF")
    return replace_marker(b"r" + struct.pack("<i", 0))


@case("negative-length")
def _():
    return replace_marker(b"a" + struct.pack("<i", -5))


@case("str-not-utf8")
def _():
    # The marker becomes a str (TYPE_UNICODE, keeping its FLAG_REF so that
    # later references still line up) whose bytes are not UTF-8.
    data = good_pyc()
    start, end = marker_object_span(data)
    code = ord("u") | (data[start] & 0x80)
    return (data[:start] + bytes([code]) + struct.pack("<i", 3) +
            b"\xff\xfe\x80" + data[end:])


@case("huge-tuple")
def _():
    return replace_marker(b"(" + struct.pack("<i", 0x7FFFFFFF))


@case("deep-nesting")
def _():
    return header() + b")\x01" * 3000 + b"N"


@case("bad-argument-counts")
def _():
    # co_posonlyargcount 5 > co_argcount 1.
    return patch_f_counts(posonlyargcount=5)


@case("not-code")
def _():
    return header() + marshal.dumps((1, 2, 3))


# --- Bytecode -----------------------------------------------------------------

INVALID_OPCODE = 230  # unassigned in 3.11, 3.12 and 3.13
assert opcode.opname[INVALID_OPCODE].startswith("<")


@case("invalid-opcode")
def _():
    return bad_function(ins("RESUME") + raw(INVALID_OPCODE) + return_none())


@case("instrumented-opcode")
def _():
    # INSTRUMENTED_LINE (254) in 3.12 and 3.13, unassigned in 3.11: either way
    # an opcode that never appears in a pyc.
    return bad_function(ins("RESUME") + raw(254) + return_none())


if hasattr(opcode, "_specialized_opmap"):  # 3.13
    @case("specialized-opcode")
    def _():
        number = opcode._specialized_opmap["LOAD_ATTR_INSTANCE_VALUE"]
        return bad_function(ins("RESUME") + ins("LOAD_FAST", 0) +
                            raw(number, 0) + b"\0\0" * caches("LOAD_ATTR") +
                            ins("RETURN_VALUE"))


@case("stray-cache")
def _():
    return bad_function(ins("RESUME") + ins("CACHE") + return_none())


@case("caches-past-end")
def _():
    # BINARY_OP without its inline cache entry at the end of the code.
    return bad_function(ins("RESUME") + ins("LOAD_FAST", 0) +
                        ins("LOAD_FAST", 0) + raw(op("BINARY_OP"), 0))


@case("jump-outside-forward")
def _():
    return bad_function(ins("RESUME") + ins("JUMP_FORWARD", 50) + return_none())


@case("jump-outside-backward")
def _():
    return bad_function(ins("RESUME") + ins("JUMP_BACKWARD", 10) +
                        return_none())


@case("jump-into-caches")
def _():
    # JUMP_FORWARD lands on the inline cache entry of BINARY_OP.
    tail = ins("LOAD_FAST", 0) + ins("LOAD_FAST", 0) + raw(op("BINARY_OP"), 0)
    assert caches("BINARY_OP") >= 1
    return bad_function(ins("RESUME") + ins("JUMP_FORWARD", units(tail)) +
                        tail + b"\0\0" * caches("BINARY_OP") +
                        ins("RETURN_VALUE"))


@case("stack-join")
def _():
    # The fall-through path reaches the join with one more value (None) than
    # the jump:
    #     LOAD_FAST a; POP_JUMP_IF_FALSE join; LOAD_CONST None
    #   join:
    #     LOAD_CONST None; RETURN_VALUE
    skipped = ins("LOAD_CONST", 0)
    return bad_function(ins("RESUME") + ins("LOAD_FAST", 0) +
                        ins(POP_JUMP_IF_FALSE, units(skipped)) + skipped +
                        return_none())


@case("extended-arg-last")
def _():
    return bad_function(ins("RESUME") + return_none() + ins("EXTENDED_ARG", 1))


@case("stack-underflow")
def _():
    return bad_function(ins("RESUME") + ins("POP_TOP") + return_none())


@case("stack-underflow-binary-op")
def _():
    return bad_function(ins("RESUME") + ins("LOAD_FAST", 0) +
                        ins("BINARY_OP", 0) + ins("RETURN_VALUE"))


@case("falls-off-end")
def _():
    # No RETURN_VALUE: control runs off the end of the code.
    return bad_function(ins("RESUME") + ins("LOAD_CONST", 0) + ins("POP_TOP"))


@case("local-out-of-range")
def _():
    return bad_function(ins("RESUME") + ins("LOAD_FAST", 7) +
                        ins("RETURN_VALUE"))


@case("store-local-out-of-range")
def _():
    return bad_function(ins("RESUME") + ins("LOAD_CONST", 0) +
                        ins("STORE_FAST", 7) + return_none())


@case("name-out-of-range")
def _():
    # LOAD_GLOBAL's oparg is namei << 1 | push_null.
    return bad_function(ins("RESUME") + ins("LOAD_GLOBAL", 5 << 1) +
                        ins("RETURN_VALUE"))


@case("const-out-of-range")
def _():
    return bad_function(ins("RESUME") + ins("LOAD_CONST", 9) +
                        ins("RETURN_VALUE"))


@case("too-many-parameters")
def _():
    # Three parameters (a, *args, **kwargs by the flags) and two locals.
    return patch_f_counts(flags=F_CODE.co_flags | 0x4 | 0x8)


@case("argcount-overflow")
def _():
    # co_argcount + co_kwonlyargcount overflows int32 (undefined behaviour in
    # the importer; see bad-input.test).
    return patch_f_counts(argcount=0x7FFFFFFF, kwonlyargcount=0x7FFFFFFF)


@case("unknown-code-flags")
def _():
    return bad_function(ins("RESUME") + return_none(),
                        flags=F_CODE.co_flags | 0x4000000)


if MINOR >= 13:  # SET_FUNCTION_ATTRIBUTE
    INNER_CODE = next(c for c in compile("def g():\n    pass\n", "bad.py",
                                         "exec").co_consts
                      if isinstance(c, types.CodeType))

    @case("function-attribute-of-itself")
    def _():
        # COPY makes the new function the defaults of itself.
        return bad_function(ins("RESUME") + ins("LOAD_CONST", 1) +
                            ins("MAKE_FUNCTION") + ins("COPY", 1) +
                            ins("SET_FUNCTION_ATTRIBUTE", 1) +
                            ins("RETURN_VALUE"), consts=(None, INNER_CODE))

    @case("function-kept-before-attribute")
    def _():
        # b keeps the function that SET_FUNCTION_ATTRIBUTE then completes,
        # and is returned.
        return bad_function(ins("RESUME") + ins("LOAD_CONST", 1) +
                            ins("MAKE_FUNCTION") + ins("COPY", 1) +
                            ins("STORE_FAST", 1) + ins("LOAD_CONST", 0) +
                            ins("SWAP", 2) + ins("SET_FUNCTION_ATTRIBUTE", 1) +
                            ins("POP_TOP") + ins("LOAD_FAST", 1) +
                            ins("RETURN_VALUE"), consts=(None, INNER_CODE))


if MINOR < 13:  # 3.13's MAKE_FUNCTION has no oparg
    @case("make-function-flags")
    def _():
        # MAKE_FUNCTION's oparg has four flag bits (defaults, kwdefaults,
        # annotations, closure); 0x10 is none of them.
        return bad_function(ins("RESUME") + ins("LOAD_CONST", 0) +
                            ins("MAKE_FUNCTION", 0x10) + ins("RETURN_VALUE"))


# --- The location and exception tables ---------------------------------------

@case("bad-location-table")
def _():
    # f's location table starts with a byte that does not start an entry
    # (bit 7 clear).
    return with_f(F_CODE.replace(co_linetable=b"\x00\x01\x02"))


def four_units():
    # RESUME; NOP; LOAD_CONST None; RETURN_VALUE: offsets 0-8.
    code = ins("RESUME") + ins("NOP") + return_none()
    assert units(code) == 4
    return code


@case("exception-entry-outside")
def _():
    return bad_function(four_units(), exception_entry(1, 50, 2, 0))


@case("exception-handler-outside")
def _():
    return bad_function(four_units(), exception_entry(1, 1, 40, 0))


@case("exception-entry-in-caches")
def _():
    # The protected range starts on BINARY_OP's inline cache entry.
    code = (ins("RESUME") + ins("LOAD_FAST", 0) + ins("LOAD_FAST", 0) +
            ins("BINARY_OP", 0) + ins("RETURN_VALUE"))
    return bad_function(code, exception_entry(4, 1, 0, 0))


@case("exception-table-malformed")
def _():
    # An entry cut after its start.
    return bad_function(four_units(), exception_varint(1, True))


@case("exception-entries-overlap")
def _():
    return bad_function(four_units(), exception_entry(1, 2, 3, 0) +
                        exception_entry(2, 1, 3, 0))


@case("exception-depth")
def _():
    # The handler expects 3 values below it; the protected NOP runs on an
    # empty stack.
    code = four_units() + ins("POP_TOP") + return_none()
    return bad_function(code, exception_entry(1, 1, 4, 3))


@case("exception-handler-at-entry")
def _():
    # The handler is the function's first instruction, entered with the
    # exception on the stack where the function's entry has none. (Found by
    # the fuzzer: the entry block became a landing pad.)
    return bad_function(four_units(), exception_entry(1, 1, 0, 0))


#===----------------------------------------------------------------------===#
# Unusual but valid inputs
#===----------------------------------------------------------------------===#
#
# pycs the compiler does not write but CPython loads and runs; they must
# import (unusual-input.test). Written to OUTDIR/unusual/, out of the way of
# bad-input.test's sweep. They once crashed the importer or made it print IR
# that did not parse.

UNUSUAL = {}


def unusual(name):
    def register(fn):
        UNUSUAL[name] = fn
        return fn
    return register


OTHER_CODE = compile("def g():\n    return 1\n", "other.py",
                     "exec").co_consts[0]
assert isinstance(OTHER_CODE, types.CodeType)


@unusual("code-in-tuple-constant")
def _():
    # A code object inside a tuple constant (not a direct constant of any
    # code object), loaded by LOAD_CONST. CPython loads and runs this.
    return bad_function(ins("RESUME") + ins("LOAD_CONST", 1) +
                        ins("RETURN_VALUE"), consts=(None, (OTHER_CODE,)))


@unusual("code-in-frozenset-constant")
def _():
    # The same, in a frozenset constant.
    return bad_function(ins("RESUME") + ins("LOAD_CONST", 1) +
                        ins("RETURN_VALUE"),
                        consts=(None, frozenset([OTHER_CODE])))


@unusual("empty-qualname")
def _():
    # f with an empty co_name and co_qualname (CPython accepts it); a symbol
    # cannot be empty.
    return with_f(F_CODE.replace(co_name="", co_qualname=""))


#===----------------------------------------------------------------------===#
# Valid inputs for the command-line tests
#===----------------------------------------------------------------------===#

SYNTAX_ERROR = '''\
def f(a):
    return a +
'''


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-bad-pyc.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in CASES.items():
        with open(os.path.join(out, name + ".pyc"), "wb") as f:
            f.write(make())
    unusual_dir = os.path.join(out, "unusual")
    os.makedirs(unusual_dir, exist_ok=True)
    for name, make in UNUSUAL.items():
        with open(os.path.join(unusual_dir, name + ".pyc"), "wb") as f:
            f.write(make())
    valid = os.path.join(out, "valid")
    os.makedirs(valid, exist_ok=True)
    with open(os.path.join(valid, "good.pyc"), "wb") as f:
        f.write(good_pyc())
    with open(os.path.join(valid, "good.py"), "w") as f:
        f.write(SOURCE)
    with open(os.path.join(valid, "syntax-error.py"), "w") as f:
        f.write(SYNTAX_ERROR)


if __name__ == "__main__":
    main()
