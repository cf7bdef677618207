# Exceptions the program's own operations raise while it is captured, as
# CPython raises them, caught by the program's handlers or escaping the
# entry: a missing attribute of an instance or a class (AttributeError with
# `name` and `obj`), a call
# whose arguments do not bind (TypeError, with each message of CPython's
# `initialize_locals`, and 3.13's "Did you mean" for a misspelt keyword), a
# list index out of range, and the UnboundLocalError of the name an
# `except ... as e:` handler deleted. Tables at the end (see harness.py).

import torch


class Point:
    def __init__(self, x):
        self.x = x

    def scale(self, factor):
        return self.x * factor


class PointChild(Point):
    pass


class Lazy:
    def __getattr__(self, name):
        return len(name)


class Failure(Exception):
    pass


def _two(a, b):
    return a + b


def _defaulted(a, b=1, c=2):
    return a + b + c


def _keyword_only(a, *, scale, shift=0):
    return a * scale + shift


def _positional_only(a, b, /, c=0):
    return a + b + c


def _one(a):
    return a


def _nothing():
    return 0


def _many(alpha, beta, gamma, delta):
    return alpha


def _config(learning_rate=0.1, momentum=0.0, weight_decay=0.0, nesterov=False,
            dampening=0.0):
    return learning_rate


def _variadic(a, *rest, **options):
    return a


def _type_error(call):
    try:
        call()
    except TypeError as e:
        return e.args
    return None


# --- AttributeError -----------------------------------------------------------

def missing_attribute(x):
    p = Point(2)
    try:
        return x + p.y
    except AttributeError as e:
        return x - 1, e.args, e.name, e.obj is p


def missing_attribute_base_class(x):
    p = Point(1)
    try:
        p.missing
    except Exception as e:
        return x, type(e).__name__, e.args


def deleted_attribute(x):
    p = Point(3)
    del p.x
    try:
        return p.x
    except AttributeError as e:
        return x * 2, e.args, e.name


def attribute_of_exception(x):
    try:
        raise ValueError("v")
    except ValueError as e:
        try:
            e.code
        except AttributeError as inner:
            return x, inner.args, inner.name, inner.obj is e, inner.__context__ is e


def getattr_fallback_runs(x):
    # A class with `__getattr__` does not raise.
    return x + Lazy().abc


def hasattr_after_missing(x):
    p = Point(1)
    try:
        p.q
    except AttributeError:
        return x, hasattr(p, "q"), hasattr(p, "x"), hasattr(p, "scale")


def missing_method_called(x):
    p = Point(1)
    try:
        p.grow(2)
    except AttributeError as e:
        return x + 3, e.args


def escape_missing_attribute(x):
    p = Point(1)
    try:
        pass
    except AttributeError:
        pass
    return x + p.z


def missing_class_attribute(x):
    try:
        return Point.origin
    except AttributeError as e:
        return x, e.args, e.name, e.obj is Point


def class_attribute_through_subclass(x):
    try:
        PointChild.scale
        return x + 1, PointChild.nothing
    except AttributeError as e:
        return x, e.args


def exception_has_attributes(x):
    e = KeyError("k")
    return x, hasattr(e, "args"), hasattr(e, "with_traceback"), hasattr(e, "nope")


# --- TypeError from argument binding -----------------------------------------

def too_many_positional(x):
    return x, _type_error(lambda: _two(1, 2, 3))


def too_many_with_defaults(x):
    return x, _type_error(lambda: _defaulted(1, 2, 3, 4))


def too_many_one(x):
    return x, _type_error(lambda: _one(1, 2))


def too_many_none(x):
    return x, _type_error(lambda: _nothing(1))


def too_many_with_keyword_only(x):
    return x, _type_error(lambda: _keyword_only(1, 2, scale=3))


def missing_one(x):
    return x, _type_error(lambda: _two(1))


def missing_two(x):
    return x, _type_error(lambda: _two())


def missing_three(x):
    return x, _type_error(lambda: _many(1))


def missing_four(x):
    return x, _type_error(lambda: _many())


def missing_keyword_only(x):
    return x, _type_error(lambda: _keyword_only(1))


def unexpected_keyword(x):
    return x, _type_error(lambda: _two(1, c=2))


def unexpected_keyword_close(n):
    # 3.13 suggests `scale`.
    return n, _type_error(lambda: _keyword_only(1, scael=2))


def unexpected_keyword_case(n):
    return n, _type_error(lambda: _keyword_only(1, SCALE=2))


def unexpected_keyword_far(n):
    return n, _type_error(lambda: _keyword_only(1, zzzzzz=2))


def unexpected_keyword_prefix(n):
    return n, _type_error(lambda: _many(1, 2, 3, delt=4))


def unexpected_keywords_suggested(n):
    # Misspellings near and far from the parameters' names: which ones 3.13
    # suggests (by its weighted Levenshtein distance) must match.
    return n, (_type_error(lambda: _config(learning_rte=1)),
               _type_error(lambda: _config(Momentum=1)),
               _type_error(lambda: _config(weightdecay=1)),
               _type_error(lambda: _config(nestrov=1)),
               _type_error(lambda: _config(lr=1)),
               _type_error(lambda: _config(mom=1)),
               _type_error(lambda: _config(weight_decays=1)),
               _type_error(lambda: _config(MOMENTUM=1)),
               _type_error(lambda: _config(dampening_factor=1)),
               _type_error(lambda: _config(learning_rate_warmup_steps_per_epoch_count=1)))


def multiple_values(x):
    return x, _type_error(lambda: _two(1, a=2))


def positional_only_as_keyword(x):
    return x, _type_error(lambda: _positional_only(a=1, b=2))


def positional_only_one_as_keyword(x):
    return x, _type_error(lambda: _positional_only(1, b=2))


def method_missing_argument(x):
    p = Point(1)
    try:
        return p.scale()
    except TypeError as e:
        return x, e.args


def method_too_many(x):
    p = Point(1)
    try:
        return p.scale(1, 2)
    except TypeError as e:
        return x, e.args


def init_missing_argument(x):
    return x, _type_error(lambda: Point())


def variadic_binds(x):
    return x + _variadic(1, 2, 3, k=4)


def variadic_missing(x):
    return x, _type_error(lambda: _variadic())


def type_error_caught_by_base(x):
    try:
        _two(x)
    except Exception as e:
        return x + 1, type(e).__name__, e.args


def type_error_escapes(x):
    try:
        pass
    except TypeError:
        pass
    return _two(x, x, x)


def type_error_context(x):
    try:
        raise Failure("first")
    except Failure:
        try:
            _one()
        except TypeError as e:
            return x, e.args, type(e.__context__).__name__


# --- IndexError on lists ------------------------------------------------------

def list_index(x):
    items = [1, 2, 3]
    try:
        return items[3]
    except IndexError as e:
        return x + 1, e.args


def list_negative_index(x):
    try:
        return [x][-2]
    except IndexError as e:
        return x - 1, e.args


def list_index_in_range(x):
    try:
        return [x, x * 2][-1]
    except IndexError:
        return x


def empty_list_index(x):
    try:
        return x + [][0]
    except LookupError as e:
        return x, type(e).__name__, e.args


# --- UnboundLocalError --------------------------------------------------------

def handler_name_deleted(x):
    try:
        raise ValueError("v")
    except ValueError as e:
        pass
    try:
        return e
    except UnboundLocalError as u:
        return x, u.args


def handler_name_deleted_escapes(x):
    try:
        raise KeyError("k")
    except KeyError as e:
        y = x + 1
    return y, e


def unbound_local_is_name_error(x):
    try:
        raise ValueError
    except ValueError as err:
        pass
    try:
        err
    except NameError as e:
        return x, type(e).__name__, e.args


class _BadStr:
    def __str__(self):
        return 42


class _BadRepr:
    def __repr__(self):
        return None


class _GoodStr:
    def __str__(self):
        return f"good {len('abc')}"


def str_returns_int(x):
    try:
        return str(_BadStr())
    except TypeError as e:
        return x + 1, e.args


def repr_returns_none(x):
    try:
        return f"<{_BadRepr()!r}>"
    except TypeError as e:
        return x - 1, str(e)


def str_returns_str(x):
    return x, str(_GoodStr()), f"{_GoodStr()}!"


def len_of_int(x):
    try:
        return len(5)
    except TypeError as e:
        return x + 1, e.args


def len_of_none_in_helper(x):
    def size(value):
        return len(value)
    try:
        return size(None)
    except TypeError as e:
        return x * 2, str(e)


def len_arity(x):
    try:
        return len([1], [2])
    except TypeError as e:
        first = e.args
    try:
        return len()
    except TypeError as e:
        return x, first, e.args


def list_assignment(x):
    items = [x, x * 2, 3]
    items[1] = x + 1
    items[-1] = items[0] * 4
    items.append(x)
    items[3] = x - 1
    return items


def list_assignment_out_of_range(x):
    items = [x, 2]
    try:
        items[5] = x
    except IndexError as e:
        return x * 2, e.args
    return x


def list_assignment_negative_out_of_range(x):
    items = [x]
    try:
        items[-2] = x * 3
        return items
    except IndexError as e:
        return str(e), x + 1



def _type_error(call):
    try:
        call()
    except TypeError as e:
        return e.args[0]
    return "no error"


def builtin_arity_one(x):
    # METH_O builtins: "abs() takes exactly one argument (2 given)".
    return x, [_type_error(lambda: abs()), _type_error(lambda: abs(x, x)),
               _type_error(lambda: all()), _type_error(lambda: any(1, 2, 3)),
               _type_error(lambda: ascii()), _type_error(lambda: bin(1, 2)),
               _type_error(lambda: callable()), _type_error(lambda: chr()),
               _type_error(lambda: hash(1, 2)), _type_error(lambda: hex()),
               _type_error(lambda: id(x, x)), _type_error(lambda: oct()),
               _type_error(lambda: ord()), _type_error(lambda: repr())]


def builtin_arity_expected(x):
    # "isinstance expected 2 arguments, got 1", "at least", "at most".
    return x * 2, [_type_error(lambda: isinstance(x)),
                   _type_error(lambda: isinstance(x, int, float)),
                   _type_error(lambda: issubclass(int)), _type_error(lambda: hasattr(x)),
                   _type_error(lambda: divmod(7)), _type_error(lambda: getattr(x)),
                   _type_error(lambda: getattr(x, "a", 1, 2)),
                   _type_error(lambda: setattr(x, "a")), _type_error(lambda: delattr(x)),
                   _type_error(lambda: range()), _type_error(lambda: range(1, 2, 3, 4)),
                   _type_error(lambda: iter()), _type_error(lambda: next()),
                   _type_error(lambda: min()), _type_error(lambda: max())]


def builtin_arity_other(x):
    return x + 1, (_type_error(lambda: type()), _type_error(lambda: type(x, 1)),
                   _type_error(lambda: type(1, 2, 3, 4)), _type_error(lambda: sum()),
                   _type_error(lambda: sum([x], 0, 1)))


def builtin_keywords(x):
    # Keywords come first: "range() takes no keyword arguments" even with
    # a wrong number of positional arguments.
    return x, (_type_error(lambda: abs(x=x)), _type_error(lambda: len([1], key=1)),
               _type_error(lambda: isinstance(x, float, y=1)),
               _type_error(lambda: range(stop=3)), _type_error(lambda: getattr(x, name="a")),
               _type_error(lambda: repr(obj=x)))


def builtin_arity_in_loop(x):
    results = []
    for i in range(3):
        try:
            if i == 1:
                divmod(i)
            results.append(i)
        except TypeError as e:
            results.append(str(e))
            x = x * 2
    return x, results


def builtin_arity_escapes(x):
    y = x + 1
    return isinstance(y)


def builtin_arity_caught_by_base(x):
    try:
        hasattr(x, "a", "b")
    except Exception as e:
        return x - 1, type(e).__name__, e.args



def conversions(x):
    # int(), float(), bool(), str() and repr() of constants, as CPython
    # computes them.
    scale = float(4) ** -0.5
    return x * scale, (int(3.7), int(-2.5), int(True), int(" 7 "), int("1_000"), int("-12"),
                       float("2.5"), float(" 1_0.5 "), float("-inf"), bool(0), bool("a"),
                       bool(()), str(5), str(2.5), repr("q"), str(None), int(), float(), str())


def conversion_errors(x):
    out = []
    for v in (None, (1,), "12x", "", " 7_0 ", "1__0", "1.5", "inf", "_1", float("inf"),
              float("nan"), 2.5, True):
        try:
            out.append(int(v))
        except (TypeError, ValueError, OverflowError) as e:
            out.append((type(e).__name__, e.args))
        try:
            out.append(float(v))
        except (TypeError, ValueError) as e:
            out.append((type(e).__name__, e.args))
    return x, out


def conversion_error_long_text(x):
    # int()'s message keeps 200 characters of the repr.
    try:
        return int("x" * 300)
    except ValueError as e:
        return x, len(e.args[0]), e.args[0]


def not_callable(x):
    out = []
    for f in (None, 5, 2.5, True, "s", (1,)):
        try:
            out.append(f(1))
        except TypeError as e:
            out.append(str(e))
    return x, out


def not_subscriptable(x):
    out = []
    for v in (None, 5, 2.5, False):
        try:
            out.append(v[0])
        except TypeError as e:
            out.append(str(e))
    return x + 1, out


def item_assignment(x):
    out = []
    for v in ((1, 2), "ab", 3, None):
        try:
            v[0] = x
        except TypeError as e:
            out.append(e.args[0])
        try:
            del v[0]
        except TypeError as e:
            out.append(e.args[0])
    return x, out


def not_iterable(x):
    out = []
    for v in (5, None, 2.5):
        try:
            for item in v:
                out.append(item)
        except TypeError as e:
            out.append(e.args)
    return x, out


def unpack_counts(x):
    out = []
    try:
        a, b = (1, 2, 3)
    except ValueError as e:
        out.append(str(e))
    try:
        a, b, c = (x, x)
    except ValueError as e:
        out.append(str(e))
    try:
        a, b = "abc"
    except ValueError as e:
        out.append(str(e))
    try:
        a, b, *rest = (1,)
    except ValueError as e:
        out.append(str(e))
    try:
        a, b = 7
    except TypeError as e:
        out.append(str(e))
    a, *rest = "xy"
    return x, out, a, rest


def unpack_changed_list(x):
    # The list has two items when it is unpacked, not the one it was built
    # with.
    items = [x]
    items.append(x * 2)
    a, b = items
    return a + b


def protocol_error_escapes(x):
    value = None
    return x, value[0]



def conversion_error_caught_by_base(x):
    # ValueError is nowhere in the code: the capture makes the class.
    try:
        return int("abc")
    except Exception as e:
        return x, type(e).__name__, str(e)


def overflow_caught_by_base(x):
    try:
        return int(float("inf"))
    except ArithmeticError as e:
        return x * 3, type(e).__name__, e.args



def builtin_argument_types(x):
    # Arguments of a type the builtin refuses, whatever their value.
    return x, [_type_error(lambda: abs("a")), _type_error(lambda: abs(None)),
               _type_error(lambda: isinstance(x, 2)), _type_error(lambda: isinstance(x, (2,))),
               _type_error(lambda: isinstance(x, None)), _type_error(lambda: issubclass(1, int)),
               _type_error(lambda: issubclass(int, 2)), _type_error(lambda: issubclass(None, 2)),
               _type_error(lambda: getattr(x, 2)), _type_error(lambda: hasattr(x, None)),
               _type_error(lambda: setattr(x, 2.5, 1)), _type_error(lambda: delattr(x, (1,))),
               _type_error(lambda: range(1.5)), _type_error(lambda: range(0, "a")),
               _type_error(lambda: range(0, 5, None))]


def range_zero_step(x):
    try:
        return list(range(0, 5, 0))
    except ValueError as e:
        return x, e.args


def min_max_empty(x):
    # The message changed in 3.12: compared with this interpreter's own.
    out = []
    for empty in ((), ""):
        try:
            out.append(min(empty))
        except ValueError as e:
            out.append(type(e).__name__)
        try:
            out.append(max(empty))
        except ValueError as e:
            out.append(type(e).__name__)
    return x, out


def unhashable_keys(x):
    out = []
    try:
        out.append({[1]: 2})
    except TypeError as e:
        out.append(str(e))
    try:
        out.append({1: 2, (1, {}): 3})
    except TypeError as e:
        out.append(str(e))
    try:
        out.append(len({x, [x]}))
    except TypeError as e:
        out.append(str(e))
    return x, out


CASES = [
    ("len_of_int", ["f32[4]"]),
    ("len_of_none_in_helper", ["f32[4]"]),
    ("len_arity", ["f32[4]"]),
    ("builtin_arity_one", ["f32[4]"]),
    ("builtin_arity_expected", ["f32[4]"]),
    ("builtin_arity_other", ["f32[4]"]),
    ("builtin_keywords", ["f32[4]"]),
    ("builtin_arity_in_loop", ["f32[4]"]),
    ("builtin_arity_escapes", ["f32[4]"], {"raises": True}),
    ("builtin_arity_caught_by_base", ["f32[4]"]),
    ("conversions", ["f32[4]"]),
    ("conversion_errors", ["f32[4]"]),
    ("conversion_error_long_text", ["f32[4]"]),
    ("not_callable", ["f32[4]"]),
    ("not_subscriptable", ["f32[4]"]),
    ("item_assignment", ["f32[4]"]),
    ("not_iterable", ["f32[4]"]),
    ("unpack_counts", ["f32[4]"]),
    ("unpack_changed_list", ["f32[4]"]),
    ("protocol_error_escapes", ["f32[4]"], {"raises": True}),
    ("conversion_error_caught_by_base", ["f32[4]"]),
    ("overflow_caught_by_base", ["f32[4]"]),
    ("builtin_argument_types", ["f32[4]"]),
    ("range_zero_step", ["f32[4]"]),
    ("min_max_empty", ["f32[4]"]),
    ("unhashable_keys", ["f32[4]"]),
    ("str_returns_int", ["f32[4]"]),
    ("repr_returns_none", ["f32[4]"]),
    ("str_returns_str", ["f32[4]"]),
    ("list_assignment", ["f32[4]"]),
    ("list_assignment_out_of_range", ["f32[4]"]),
    ("list_assignment_negative_out_of_range", ["f32[4]"]),
    ("missing_attribute", ["f32[4]"]),
    ("missing_attribute_base_class", ["f32[4]"]),
    ("deleted_attribute", ["f32[4]"]),
    ("attribute_of_exception", ["f32[4]"]),
    ("getattr_fallback_runs", ["f32[4]"]),
    ("hasattr_after_missing", ["f32[4]"]),
    ("missing_method_called", ["f32[4]"]),
    ("escape_missing_attribute", ["f32[4]"], {"raises": True}),
    ("missing_class_attribute", ["f32[4]"]),
    ("class_attribute_through_subclass", ["f32[4]"]),
    ("exception_has_attributes", ["f32[4]"]),
    ("too_many_positional", ["f32[4]"]),
    ("too_many_with_defaults", ["f32[4]"]),
    ("too_many_one", ["f32[4]"]),
    ("too_many_none", ["f32[4]"]),
    ("too_many_with_keyword_only", ["f32[4]"]),
    ("missing_one", ["f32[4]"]),
    ("missing_two", ["f32[4]"]),
    ("missing_three", ["f32[4]"]),
    ("missing_four", ["f32[4]"]),
    ("missing_keyword_only", ["f32[4]"]),
    ("unexpected_keyword", ["f32[4]"]),
    ("unexpected_keyword_close", ["int=1"], {"cpython": True}),
    ("unexpected_keyword_case", ["int=1"], {"cpython": True}),
    ("unexpected_keyword_far", ["int=1"], {"cpython": True}),
    ("unexpected_keyword_prefix", ["int=1"], {"cpython": True}),
    ("unexpected_keywords_suggested", ["int=1"], {"cpython": True}),
    ("multiple_values", ["f32[4]"]),
    ("positional_only_as_keyword", ["f32[4]"]),
    ("positional_only_one_as_keyword", ["f32[4]"]),
    ("method_missing_argument", ["f32[4]"]),
    ("method_too_many", ["f32[4]"]),
    ("init_missing_argument", ["f32[4]"]),
    ("variadic_binds", ["f32[4]"]),
    ("variadic_missing", ["f32[4]"]),
    ("type_error_caught_by_base", ["f32[4]"]),
    ("type_error_escapes", ["f32[4]"], {"raises": True}),
    ("type_error_context", ["f32[4]"]),
    ("list_index", ["f32[4]"]),
    ("list_negative_index", ["f32[4]"]),
    ("list_index_in_range", ["f32[4]"]),
    ("empty_list_index", ["f32[4]"]),
    ("handler_name_deleted", ["f32[4]"]),
    ("handler_name_deleted_escapes", ["f32[4]"], {"raises": True}),
    ("unbound_local_is_name_error", ["f32[4]"]),
]
