# Generators and coroutines import faithfully: py.return_generator at the start,
# py.yield, `yield from`/`await` as a py.send loop with py.cleanup_throw for
# values thrown in, async iteration and async `with`. (Capture graph-breaks on
# them; the importer keeps every detail.)
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY312
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s --check-prefixes=CHECK,PY312

# The value sent in flows out of py.yield; 3.12+ wrap the body in a handler
# that turns an escaping StopIteration into RuntimeError (PEP 479).
# CHECK-LABEL: py.func @gen(%xs: !py.object)
# CHECK-SAME:    flags = #py.code_flags<optimized | newlocals | generator>
# CHECK:         py.return_generator
# CHECK:         %value, %hasValue = py.iter_next
# CHECK:         %[[SENT:.+]] = py.yield %value
# CHECK:         py.truth %{{.+}}
# CHECK:         py.return %[[SENT]]
# PY312:         %[[E:.+]]:2 = py.landing_pad lasti
# PY312-NEXT:    %[[R:.+]] = py.stopiteration_error %[[E]]#0
# PY312-NEXT:    py.reraise %[[R]]
def gen(xs):
    for x in xs:
        y = yield x
        if y:
            return y


# `yield from` sends into the sub-iterator until it returns; its return value
# is the value of the expression (3.11 replaces the receiver on the stack with
# it, 3.12+ keep both until END_SEND).
# CHECK-LABEL: py.func @delegate(%it: !py.object)
# CHECK:         %[[SUB:.+]] = py.get_yield_from_iter %it
# CHECK:       ^[[LOOP:.+]](%[[V:.+]]: !py.object):
# CHECK-NEXT:    %result, %done = py.send %[[SUB]], %[[V]]
# CHECK:         cf.cond_br %done, ^{{.+}}, ^[[YIELD:bb[0-9]+]]{{$}}
# CHECK:       ^[[YIELD]]:
# CHECK-NEXT:    %[[SENT:.+]] = py.yield %result
# A value thrown into the sub-iterator finishes it through a handler in 3.12+.
# PY312:         py.cleanup_throw
def delegate(it):
    r = yield from it
    return r


# CHECK-LABEL: py.func @coro(%a: !py.object, %lock: !py.object)
# CHECK-SAME:    coroutine
# CHECK:         %exit, %awaitable = py.before_async_with %lock
# CHECK-NEXT:    py.get_awaitable aenter %awaitable
# CHECK:         py.get_awaitable await %a
# CHECK:         py.get_awaitable aexit
# CHECK:         %[[AIT:.+]] = py.get_aiter %a
# CHECK:         py.get_anext %[[AIT]]
# CHECK:         py.end_async_for
async def coro(a, lock):
    async with lock:
        v = await a
    async for item in a:
        v += item
    return v


# CHECK-LABEL: py.func @agen()
# CHECK-SAME:    async_generator
# CHECK:         %[[W:.+]] = py.async_gen_wrap %c1
# CHECK-NEXT:    py.yield %[[W]]
async def agen():
    yield 1
