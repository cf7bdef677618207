# Exceptions raised (by `raise`, or by the program's own operations: a
# division by zero, a missing key, an index out of range), chained and caught
# inside the entry (py-resolve-exceptions and the exception patterns of
# py-resolve-objects): the entries return, or
# raise, values that expose the machinery (the handler that ran, `args`,
# `__context__`, `__cause__`, `__suppress_context__`, the order `finally`
# blocks ran in), with tensors computed on the way. Tables at the end (see
# harness.py).

import torch


class AppError(Exception):
    pass


class ConfigError(AppError):
    pass


class CodeError(ValueError):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class Unchained(Exception):
    def __init__(self, a, b):
        # BaseException.__new__ already set args to (a, b); no super().__init__.
        self.total = a + b


class Doubled(KeyError):
    def __init__(self, key):
        super().__init__(key, key)


def _fail(message):
    raise AppError(message)


def _fail_config(x):
    raise ConfigError("config", 2)


def _maybe(flag):
    if flag:
        raise KeyError("missing")
    return 1


# --- raise and catch ---------------------------------------------------------

def catch_builtin(x):
    try:
        raise ValueError("bad", 3)
    except ValueError as e:
        return x + 1, e.args


def catch_base_class(x):
    try:
        raise KeyError("k")
    except LookupError as e:
        return x * 2, type(e).__name__, e.args


def catch_tuple(x):
    try:
        raise IndexError(7)
    except (KeyError, IndexError) as e:
        return x - 1, type(e).__name__


def catch_second_handler(x):
    try:
        raise TypeError("t")
    except ValueError:
        return x, "value"
    except TypeError as e:
        return x + 2, "type", e.args


def catch_exception(x):
    try:
        raise ZeroDivisionError("division by zero")
    except Exception as e:
        return x * 3, type(e).__name__


def catch_user_class(x):
    try:
        raise ConfigError("cfg")
    except AppError as e:
        return x + 4, type(e).__name__, e.args


def catch_user_init(x):
    try:
        raise CodeError("bad code", 7)
    except ValueError as e:
        return x * e.code, e.args, type(e).__name__


def catch_unchained_init(x):
    try:
        raise Unchained(2, 5)
    except Unchained as e:
        return x + e.total, e.args


def catch_doubled(x):
    try:
        raise Doubled("key")
    except KeyError as e:
        return x, e.args


def raise_class(x):
    try:
        raise RuntimeError
    except RuntimeError as e:
        return x + 1, e.args


def raise_no_args(x):
    try:
        raise AppError()
    except AppError as e:
        return x - 2, e.args, e.__context__, e.__cause__


def handler_uses_tensor(x):
    y = x * 2
    try:
        y = y + 1
        raise ValueError("v")
    except ValueError:
        y = y * 3
    return y


def try_else(x):
    try:
        y = x + 1
    except ValueError:
        y = x - 1
    else:
        y = y * 2
    return y


def no_exception_skips_handlers(x):
    try:
        y = torch.relu(x)
    except (ValueError, KeyError):
        y = x
    return y


def raise_in_helper(x):
    try:
        _fail("helper")
    except AppError as e:
        return x + 1, e.args


def raise_in_helper_subclass(x):
    try:
        y = _fail_config(x)
    except AppError as e:
        return x * 2, type(e).__name__, e.args
    return y


def helper_maybe_raises(x):
    try:
        n = _maybe(True)
    except KeyError as e:
        n = 10
    return x + n


def helper_does_not_raise(x):
    try:
        n = _maybe(False)
    except KeyError:
        n = 10
    return x + n


# --- finally -------------------------------------------------------------------

def finally_order(x):
    order = ()
    try:
        order = order + ("try",)
        raise ValueError("v")
    except ValueError:
        order = order + ("except",)
    finally:
        order = order + ("finally",)
    return x, order


def finally_without_exception(x):
    order = ()
    try:
        order = order + ("try",)
        y = x + 1
    finally:
        order = order + ("finally",)
    return y, order


def nested_finally(x):
    order = ()
    try:
        try:
            raise KeyError("inner")
        finally:
            order = order + ("inner finally",)
    except KeyError as e:
        order = order + ("outer except",)
    finally:
        order = order + ("outer finally",)
    return x * 2, order


def finally_return_value(x):
    try:
        y = x + 1
        return y
    finally:
        y = x


# --- chaining ----------------------------------------------------------------

def context_chain(x):
    try:
        try:
            raise KeyError("first")
        except KeyError:
            raise ValueError("second")
    except ValueError as e:
        return (x, type(e.__context__).__name__, e.__context__.args, e.__cause__,
                e.__suppress_context__)


def cause_chain(x):
    try:
        try:
            raise KeyError("k")
        except KeyError as inner:
            raise ValueError("v") from inner
    except ValueError as e:
        return (x + 1, type(e.__cause__).__name__, e.__suppress_context__,
                type(e.__context__).__name__)


def from_none(x):
    try:
        try:
            raise KeyError("k")
        except KeyError:
            raise ValueError("v") from None
    except ValueError as e:
        return x, e.__cause__, e.__suppress_context__, type(e.__context__).__name__


def from_class(x):
    try:
        raise ValueError("v") from KeyError
    except ValueError as e:
        return x, type(e.__cause__).__name__, e.__cause__.args, e.__suppress_context__


def three_level_context(x):
    try:
        try:
            try:
                raise KeyError(1)
            except KeyError:
                raise IndexError(2)
        except IndexError:
            raise ValueError(3)
    except ValueError as e:
        return (x, e.args, e.__context__.args, e.__context__.__context__.args,
                e.__context__.__context__.__context__)


def bare_reraise(x):
    try:
        try:
            raise KeyError("again")
        except KeyError:
            raise
    except KeyError as e:
        return x * 2, e.args, e.__context__


def reraise_caught(x):
    try:
        try:
            raise ValueError("same")
        except ValueError as e:
            raise e
    except ValueError as f:
        return x, f.args, f.__context__


def no_context_outside_handler(x):
    try:
        raise KeyError("a")
    except KeyError:
        pass
    try:
        raise ValueError("b")
    except ValueError as e:
        return x + 1, e.__context__


def context_after_nested_handler(x):
    try:
        try:
            raise KeyError("a")
        except KeyError:
            try:
                raise IndexError("b")
            except IndexError:
                pass
            raise ValueError("c")
    except ValueError as e:
        return x, type(e.__context__).__name__


def raise_in_finally(x):
    try:
        try:
            raise KeyError("body")
        finally:
            raise ValueError("finally")
    except ValueError as e:
        return x - 1, type(e.__context__).__name__, e.__context__.args


def raise_handled_exception_again(x):
    try:
        try:
            raise KeyError("k")
        except KeyError as first:
            try:
                raise ValueError("v")
            except ValueError as second:
                raise first
    except KeyError as e:
        return x, e.args, type(e.__context__).__name__


# --- setting fields ----------------------------------------------------------

def set_cause(x):
    e = ValueError("v")
    e.__cause__ = KeyError("k")
    return x, type(e.__cause__).__name__, e.__suppress_context__


def set_cause_none(x):
    e = ValueError("v")
    e.__cause__ = None
    return x, e.__cause__, e.__suppress_context__


def set_context(x):
    e = ValueError("v")
    e.__context__ = IndexError(1)
    return x, e.__context__.args, e.__suppress_context__


def set_suppress_context(x):
    e = ValueError("v")
    e.__suppress_context__ = True
    return x + 1, e.__suppress_context__


def set_args(x):
    e = ValueError("v")
    e.args = (1, 2)
    return x, e.args


def with_traceback_none(x):
    e = ValueError("v")
    f = e.with_traceback(None)
    return x, f is e, e.__traceback__


def stop_iteration_value(x):
    try:
        raise StopIteration(5)
    except StopIteration as e:
        return x + e.value, e.args


def stop_iteration_no_value(x):
    e = StopIteration()
    return x, e.value


def attribute_error_fields(x):
    e = AttributeError("no attribute", name="weight", obj=None)
    return x, e.name, e.obj, e.args


def name_error_field(x):
    e = NameError("undefined", name="y")
    return x, e.name, e.args


def system_exit_code(x):
    return x, SystemExit(3).code, SystemExit().code, SystemExit(1, 2).code


def os_error_alias(x):
    try:
        raise IOError
    except OSError as e:
        return x, type(e).__name__


# --- raised by the program's own operations ----------------------------------

def catch_zero_division(x):
    try:
        n = 1 // 0
    except ZeroDivisionError as e:
        return x, e.args
    return x + n


def catch_float_division(x):
    try:
        n = 1.0 / 0
    except ArithmeticError as e:
        return x * 2, type(e).__name__, e.args
    return x + n


def catch_missing_key(x):
    d = {"a": 1, "b": 2}
    try:
        v = d["c"]
    except KeyError as e:
        return x, e.args
    return x + v


def catch_tuple_index(x):
    t = (1, 2)
    try:
        v = t[5]
    except LookupError as e:
        return x + 1, type(e).__name__, e.args
    return x + v


def context_from_operation(x):
    try:
        try:
            n = 10 % 0
        except ZeroDivisionError:
            v = {"a": 1}["b"]
    except KeyError as e:
        return x, e.args, type(e.__context__).__name__, e.__context__.args


def escape_zero_division(x):
    return x + 1 / 0


# --- loops -------------------------------------------------------------------

def handler_in_loop(x):
    caught = ()
    for i in range(3):
        try:
            if i == 1:
                raise KeyError(i)
            x = x + i
        except KeyError as e:
            caught = caught + (e.args[0],)
    return x, caught


def break_out_of_try(x):
    for i in range(4):
        try:
            if i == 2:
                raise ValueError(i)
        except ValueError:
            break
        x = x * 2
    return x


def continue_in_handler(x):
    log = ()
    for i in range(3):
        try:
            if i != 1:
                raise ValueError(i)
        except ValueError as e:
            log = log + e.args
            continue
        x = x * 2
    return x, log


def return_from_handler_in_loop(x):
    for i in range(4):
        try:
            x = x + 1
            if i == 2:
                raise KeyError(i)
        except KeyError as e:
            return x, e.args
    return x


def loop_inside_try(x):
    log = ()
    try:
        for i in range(3):
            log = log + (i,)
            if i == 1:
                raise RuntimeError("stop", i)
            x = x - 1
        log = log + ("after",)
    except RuntimeError as e:
        return x, log, e.args
    return x, log


def break_in_finally_loop(x):
    log = ()
    for i in range(3):
        try:
            x = x * 2
        finally:
            log = log + (i,)
            if i == 1:
                break
    return x, log


def loop_in_finally(x):
    log = ()
    try:
        try:
            raise ValueError("v")
        finally:
            for i in range(2):
                log = log + (i,)
    except ValueError as e:
        return x, log, e.args
    return x


def loop_exception_escapes(x):
    for i in range(3):
        x = x + i
        if i == 2:
            raise IndexError("out", i)
    return x


# --- escaping and returned exceptions ------------------------------------------

def return_exception(x):
    return x, ValueError("returned", 1)


def return_chained_exception(x):
    try:
        raise KeyError("inner")
    except KeyError as inner:
        outer = ValueError("outer")
        outer.__cause__ = inner
        return x + 1, outer


def escape_plain(x):
    y = x * 2
    raise ValueError("escaped", 3)


def escape_chained(x):
    try:
        raise KeyError("k")
    except KeyError as e:
        raise ValueError("v") from e


def escape_with_context(x):
    try:
        raise KeyError("k")
    except KeyError:
        raise ValueError("v")


def escape_user_class(x):
    raise CodeError("bad", 4)


def escape_unmatched(x):
    try:
        raise IndexError("i")
    except KeyError:
        return x


def escape_from_finally(x):
    try:
        raise KeyError("body")
    finally:
        x = x + 1


def escape_from_helper(x):
    return _fail("deep")


# --- refused -----------------------------------------------------------------

def keyword_argument(x):
    e = ImportError("no module", name="mod")  # BREAK
    return x, e.name


def traceback_not_none(x):
    e = ValueError("v")
    try:
        e.__traceback__ = 5  # BREAK
    except TypeError:
        pass
    return x


def attribute_on_builtin_exception(x):
    e = ValueError("v")
    e.note = "n"  # BREAK
    return x


def except_star(x):
    try:
        raise ValueError("grouped")
    except* ValueError as group:  # BREAK
        y = x + 1
    return x


CASES = [
    ("catch_builtin", ["f32[4]"]),
    ("catch_base_class", ["f32[4]"]),
    ("catch_tuple", ["f32[2,3]"]),
    ("catch_second_handler", ["f32[4]"]),
    ("catch_exception", ["f32[4]"]),
    ("catch_user_class", ["f32[4]"]),
    ("catch_user_init", ["f32[4]"]),
    ("catch_unchained_init", ["f32[4]"]),
    ("catch_doubled", ["f32[4]"]),
    ("raise_class", ["f32[4]"]),
    ("raise_no_args", ["f32[4]"]),
    ("handler_uses_tensor", ["f32[4]"]),
    ("try_else", ["f32[4]"]),
    ("no_exception_skips_handlers", ["f32[4]"]),
    ("raise_in_helper", ["f32[4]"]),
    ("raise_in_helper_subclass", ["f32[4]"]),
    ("helper_maybe_raises", ["f32[4]"]),
    ("helper_does_not_raise", ["f32[4]"]),
    ("finally_order", ["f32[4]"]),
    ("finally_without_exception", ["f32[4]"]),
    ("nested_finally", ["f32[4]"]),
    ("finally_return_value", ["f32[4]"]),
    ("context_chain", ["f32[4]"]),
    ("cause_chain", ["f32[4]"]),
    ("from_none", ["f32[4]"]),
    ("from_class", ["f32[4]"]),
    ("three_level_context", ["f32[4]"]),
    ("bare_reraise", ["f32[4]"]),
    ("reraise_caught", ["f32[4]"]),
    ("no_context_outside_handler", ["f32[4]"]),
    ("context_after_nested_handler", ["f32[4]"]),
    ("raise_in_finally", ["f32[4]"]),
    ("raise_handled_exception_again", ["f32[4]"]),
    ("set_cause", ["f32[4]"]),
    ("set_cause_none", ["f32[4]"]),
    ("set_context", ["f32[4]"]),
    ("set_suppress_context", ["f32[4]"]),
    ("set_args", ["f32[4]"]),
    ("with_traceback_none", ["f32[4]"]),
    ("stop_iteration_value", ["f32[4]"]),
    ("stop_iteration_no_value", ["f32[4]"]),
    ("attribute_error_fields", ["f32[4]"]),
    ("name_error_field", ["f32[4]"]),
    ("system_exit_code", ["f32[4]"]),
    ("os_error_alias", ["f32[4]"]),
    ("catch_zero_division", ["f32[4]"]),
    ("catch_float_division", ["f32[4]"]),
    ("catch_missing_key", ["f32[4]"]),
    ("catch_tuple_index", ["f32[4]"]),
    ("context_from_operation", ["f32[4]"]),
    ("handler_in_loop", ["f32[4]"]),
    ("break_out_of_try", ["f32[4]"]),
    ("continue_in_handler", ["f32[4]"]),
    ("return_from_handler_in_loop", ["f32[4]"]),
    ("loop_inside_try", ["f32[4]"]),
    ("break_in_finally_loop", ["f32[4]"]),
    ("loop_in_finally", ["f32[4]"]),
    ("loop_exception_escapes", ["f32[4]"], {"raises": True}),
    ("escape_zero_division", ["f32[4]"], {"raises": True}),
    ("return_exception", ["f32[4]"]),
    ("return_chained_exception", ["f32[4]"]),
    ("escape_plain", ["f32[4]"], {"raises": True}),
    ("escape_chained", ["f32[4]"], {"raises": True}),
    ("escape_with_context", ["f32[4]"], {"raises": True}),
    ("escape_user_class", ["f32[4]"], {"raises": True}),
    ("escape_unmatched", ["f32[4]"], {"raises": True}),
    ("escape_from_finally", ["f32[4]"], {"raises": True}),
    ("escape_from_helper", ["f32[4]"], {"raises": True}),
]

BREAKS = [
    ("keyword_argument", ["f32[4]"], "Keyword args passed to exception constructor"),
    ("traceback_not_none", ["f32[4]"], "Set Exception object `__traceback__` attribute to not-`None`"),
    ("attribute_on_builtin_exception", ["f32[4]"], "Unsupported attribute assignment on Exception object"),
    ("except_star", ["f32[4]"], "Missing bytecode handler"),
]
