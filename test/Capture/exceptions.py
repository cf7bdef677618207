# Exceptions raised, chained and caught at capture time, the same from the
# bytecode of each supported CPython (3.11's exception table and 3.12's and
# 3.13's differ): what is left of a `try` is the tensor work and the
# constants the handlers produced; no raise, landing pad or handled
# exception survives. A raise in a helper reaches the caller's handler (the
# helper inlined under the `try`, with CLOSURE_MATCH on it). An exception
# that escapes the entry is the capture's result: made, its fields set, and
# raised (`py.reraise`). Keyword arguments to a builtin exception's
# constructor are Dynamo's graph break.
#
# RUN: for v in %cpython311 %cpython312 %cpython313; do \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=catch --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=CATCH < %t && sed -n '/py.func @catch(/,/^  }/p' %t \
# RUN:   | FileCheck %s --check-prefix=GONE \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=chain --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=CHAIN < %t && sed -n '/py.func @chain(/,/^  }/p' %t \
# RUN:   | FileCheck %s --check-prefix=GONE \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=helper --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=HELPER < %t && sed -n '/py.func @helper(/,/^  }/p' %t \
# RUN:   | FileCheck %s --check-prefix=GONE \
# RUN:   || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=escape --input='f32[3]' \
# RUN:   | dynamir-opt --dynamir-capture=fullgraph=true --verify-each > %t || exit 1; \
# RUN:   FileCheck %s --check-prefix=ESCAPE < %t || exit 1; \
# RUN:   dynamir-translate --import-py %s --python=$v --entry=keywords --input='f32[3]' \
# RUN:   | not dynamir-opt --dynamir-capture=fullgraph=true 2>&1 \
# RUN:   | FileCheck %s --check-prefix=KEYWORDS || exit 1; done

import torch


class AppError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


def _fail(n):
    raise AppError("failed", n)


# The handler ran on the known exception: its args are constants.
# CATCH-LABEL: py.func @catch(
# CATCH-DAG:     %[[THREE:.*]] = py.constant #py.int<3>
# CATCH-DAG:     %[[BAD:.*]] = py.constant "bad"
# CATCH:         %[[X:.*]] = tg.guard_tensor %{{.*}} at "L['x']"
# CATCH:         %[[ARGS:.*]] = py.build_tuple(%[[BAD]], %[[THREE]])
# CATCH:         %[[Y:.*]] = tg.add %[[X]]
# CATCH:         %[[YO:.*]] = py.tensor_object %[[Y]]
# CATCH:         %[[T:.*]] = py.build_tuple(%[[YO]], %[[ARGS]])
# CATCH-NEXT:    py.return %[[T]]
def catch(x):
    try:
        raise ValueError("bad", 3)
    except KeyError:
        return x
    except ValueError as e:
        return x + 1, e.args


# CHAIN-LABEL: py.func @chain(
# CHAIN-DAG:     %[[TRUE:.*]] = py.constant true
# CHAIN-DAG:     %[[NAME:.*]] = py.constant "KeyError"
# CHAIN:         py.build_tuple(%{{.*}}, %[[NAME]], %[[NAME]], %[[TRUE]])
def chain(x):
    try:
        try:
            raise KeyError("k")
        except KeyError as inner:
            raise ValueError("v") from inner
    except ValueError as e:
        return (x, type(e.__cause__).__name__, type(e.__context__).__name__,
                e.__suppress_context__)


# HELPER-LABEL: py.func @helper(
# HELPER:         tg.guard_closure %{{.*}} at "G['_fail']" code @_fail
# HELPER:         tg.guard_id %{{.*}} at "G['AppError']" is @"G['AppError']"
# HELPER:         tg.mul
# HELPER:         py.return
def helper(x):
    try:
        _fail(4)
    except AppError as e:
        return x * e.code
    return x


# In the entry:
# GONE:     py.func
# GONE-NOT: py.raise
# GONE-NOT: py.reraise
# GONE-NOT: py.landing_pad
# GONE-NOT: py.push_exc_info
# GONE-NOT: py.new_object


# The entry raises: the exception it raises is made and raised, its chain
# set, and no handler is left.
# ESCAPE-LABEL: py.func @escape(
# ESCAPE:         %[[KEY:.*]] = py.class_ref @builtins.KeyError
# ESCAPE-NEXT:    %[[INNER:.*]] = py.new_object %[[KEY]]
# ESCAPE:         py.exception_store %[[INNER]]["args"]
# ESCAPE:         %[[VALUE:.*]] = py.class_ref @builtins.ValueError
# ESCAPE-NEXT:    %[[OUTER:.*]] = py.new_object %[[VALUE]]
# ESCAPE:         py.exception_store %[[OUTER]]["args"]
# ESCAPE:         py.exception_store %[[OUTER]]["__cause__"] = %[[INNER]]
# ESCAPE:         py.exception_store %[[OUTER]]["__suppress_context__"]
# ESCAPE:         py.exception_store %[[OUTER]]["__context__"] = %[[INNER]]
# ESCAPE-NOT:     py.landing_pad
# ESCAPE:         py.reraise %[[OUTER]]{{$}}
def escape(x):
    try:
        raise KeyError("k")
    except KeyError as e:
        raise ValueError("v") from e


# KEYWORDS: error: graph break: Keyword args passed to exception constructor
# KEYWORDS: note: Developer debug context: ExceptionVariable(ImportError) with kwargs name
def keywords(x):
    e = ImportError("no module", name="mod")
    return x, e.name
