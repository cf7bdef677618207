# The exception table becomes explicit unwind edges: a block that runs under a
# handler ends in py.unwind_br (or a py.raise/py.reraise with an unwind
# successor) towards a block that starts with py.landing_pad. Handlers,
# `as` bindings, `finally`, `with` and `except*` import the same way for the
# three versions, up to the code CPython lays out differently.
#
# RUN: dynamir-translate --import-py %s --python=%cpython311 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython312 | dynamir-opt --verify-each | FileCheck %s
# RUN: dynamir-translate --import-py %s --python=%cpython313 | dynamir-opt --verify-each | FileCheck %s

# The call in the try body unwinds to the handler, which makes the exception
# the handled one, matches it against a tuple of classes, binds it to `e`
# (which is what the function returns), and restores the previous one.
# CHECK-LABEL: py.func @handler(%f: !py.object)
# CHECK:         %[[R:.+]] = py.call %f()
# CHECK-NEXT:    py.unwind_br ^{{.+}} unwind ^[[LAND:[^ ]+]]
# CHECK:         py.binop add %[[R]], %c1
# CHECK:       ^[[LAND]]:
# CHECK-NEXT:    %[[EXC:.+]] = py.landing_pad{{$}}
# CHECK-NEXT:    %[[PREV:.+]] = py.push_exc_info %[[EXC]]
# CHECK:         %[[TYPES:.+]] = py.build_tuple(%KeyError, %IndexError)
# CHECK-NEXT:    %[[M:.+]] = py.check_exc_match %[[EXC]], %[[TYPES]]
# CHECK-NEXT:    %[[T:.+]] = py.truth %[[M]]
# CHECK-NEXT:    py.unwind_br ^[[DISPATCH:.+]] unwind ^[[CLEANUP:[^ ]+]]
# CHECK:       ^[[DISPATCH]]:
# CHECK-NEXT:    cf.cond_br %[[T]], ^{{.+}}, ^[[NOMATCH:[^ ]+]]
# CHECK:         py.pop_except %[[PREV]]
# CHECK:       ^[[NOMATCH]]:
# CHECK-NEXT:    py.reraise %[[EXC]] unwind ^[[CLEANUP]]
# CHECK:       ^[[CLEANUP]]:
# CHECK-NEXT:    %[[AGAIN:.+]]:2 = py.landing_pad lasti
# CHECK-NEXT:    py.pop_except %[[PREV]]
# CHECK-NEXT:    py.reraise %[[AGAIN]]#0{{$}}
def handler(f):
    try:
        r = f()
    except (KeyError, IndexError) as e:
        r = e
    else:
        r = r + 1
    return r


# CHECK-LABEL: py.func @chained()
# CHECK:         %[[EXC:.+]] = py.landing_pad{{$}}
# CHECK:         %[[NEW:.+]] = py.call %RuntimeError(%{{.+}})
# CHECK-NEXT:    py.raise %[[NEW]] from %[[EXC]] unwind
def chained():
    try:
        g()
    except ValueError as e:
        raise RuntimeError("x") from e


# A bare `raise` re-raises the exception being handled.
# CHECK-LABEL: py.func @bare()
# CHECK:         py.landing_pad{{$}}
# CHECK-NEXT:    py.push_exc_info
# CHECK-NEXT:    py.raise unwind
def bare():
    try:
        g()
    except:
        raise


# `finally` runs on the normal path and, with the exception handled, on the
# unwinding path, which then re-raises it.
# CHECK-LABEL: py.func @fin(%f: !py.object)
# CHECK:         %[[R:.+]] = py.call %f()
# CHECK-NEXT:    py.unwind_br ^[[OK:.+]] unwind ^[[LAND:[^ ]+]]
# CHECK:       ^[[OK]]:
# CHECK:         py.call %cleanup()
# CHECK:         py.return %[[R]]
# CHECK:       ^[[LAND]]:
# CHECK-NEXT:    %[[EXC:.+]] = py.landing_pad{{$}}
# CHECK-NEXT:    py.push_exc_info %[[EXC]]
# CHECK:         py.call %{{.+}}()
# CHECK-NEXT:    py.reraise %[[EXC]] unwind
def fin(f):
    try:
        return f()
    finally:
        cleanup()


# `continue` from a handler goes back to the loop header with the handled
# exception restored; `break` leaves the loop.
# CHECK-LABEL: py.func @loop_try(%xs: !py.object)
# CHECK:         %[[IT:.+]] = py.get_iter %xs
# CHECK:       ^[[HEAD:.+]](%{{.+}}: !py.object):
# CHECK-NEXT:    %value, %hasValue = py.iter_next %[[IT]]
# CHECK:         py.truth %{{.+}}
# CHECK-NEXT:    py.unwind_br ^{{.+}} unwind ^[[LAND:[^ ]+]]
# CHECK:       ^[[LAND]]:
# CHECK-NEXT:    py.landing_pad{{$}}
# CHECK:         py.pop_except
# CHECK:         cf.br ^[[HEAD]](%value : !py.object)
def loop_try(xs):
    for x in xs:
        try:
            if x:
                break
        except E:
            continue
    return x


# `with` calls __exit__ with three Nones on the normal path and through
# py.with_except_start on the unwinding path, re-raising unless it returns true.
# CHECK-LABEL: py.func @with_block(%m: !py.object)
# CHECK:         %exit, %value = py.before_with %m
# CHECK:         py.call %exit(
# CHECK:         %[[EXC:.+]]:2 = py.landing_pad lasti
# CHECK-NEXT:    py.push_exc_info %[[EXC]]#0
# CHECK-NEXT:    %[[S:.+]] = py.with_except_start %exit, %[[EXC]]#0
# CHECK:         py.truth
# CHECK:         py.reraise %[[EXC]]#0 unwind
def with_block(m):
    with m as v:
        use(v)


# `except*` splits the group and recombines what the handlers raised.
# CHECK-LABEL: py.func @star()
# CHECK:         %[[EG:.+]] = py.landing_pad{{$}}
# CHECK:         %rest, %match = py.check_eg_match %[[EG]], %ValueError
# CHECK:         py.prep_reraise_star %[[EG]], %{{.+}}
def star():
    try:
        g()
    except* ValueError:
        pass
