// RUN: dynamir-opt %s --verify-each | FileCheck %s
// RUN: dynamir-opt %s --verify-each | dynamir-opt --verify-each | FileCheck %s

// Every op of the py dialect parses, verifies and prints back in its custom
// form; the second RUN line checks that the printed form is a fixpoint.

// CHECK-LABEL: py.func @"f.<locals>.g"(%x: !py.object, %y: !py.object, %z: !py.object)
// CHECK-SAME:    flags = #py.code_flags<optimized | newlocals | nested>
py.func @"f.<locals>.g"(%x: !py.object, %y: !py.object, %z: !py.object) -> !py.object
    attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | nested>,
                freevars = ["z"], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64,
                qualname = "f.<locals>.g", varnames = ["x", "y"]} {
  // CHECK: %[[Z:.+]] = py.cell_get %z["z"]
  %0 = py.cell_get %z["z"]
  // CHECK: py.binop add %x, %[[Z]]
  %1 = py.binop add %x, %0
  // CHECK: py.binop imatmul
  %2 = py.binop imatmul %1, %y
  // CHECK: py.unary not %x
  %3 = py.unary not %x
  // CHECK: py.compare ge %x, %y
  %4 = py.compare ge %x, %y
  // CHECK: py.is not %x, %y
  %5 = py.is not %x, %y
  // CHECK: py.contains %x not in %y
  %6 = py.contains %x not in %y
  // CHECK: py.contains %x in %y
  %7 = py.contains %x in %y
  // CHECK: py.truth %x
  %8 = py.truth %x
  // CHECK: py.to_bool %x
  %9 = py.to_bool %x
  // CHECK: py.len %x
  %10 = py.len %x
  py.return %10
}

// CHECK-LABEL: py.func @constants
py.func @constants() -> !py.object attributes {argcount = 0 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "constants", varnames = []} {
  // CHECK: %none = py.constant #py.none
  %0 = py.constant #py.none
  // CHECK: py.constant #py.ellipsis
  %1 = py.constant #py.ellipsis
  // CHECK: %true = py.constant true
  %2 = py.constant true
  // CHECK: %c_neg5 = py.constant #py.int<-5>
  %3 = py.constant #py.int<-5>
  // An int wider than 64 bits, and one whose top bit is set at 64 bits.
  // CHECK: py.constant #py.int<-340282366920938463463374607431768211456>
  %4 = py.constant #py.int<-340282366920938463463374607431768211456>
  // CHECK: py.constant #py.int<18446744073709551615>
  %5 = py.constant #py.int<18446744073709551615>
  // CHECK: py.constant 2.500000e-01
  %6 = py.constant 0.25 : f64
  // CHECK: py.constant #py.complex<1.000000e+00, 0x7FF8000000000000>
  %7 = py.constant #py.complex<1.0, 0x7FF8000000000000>
  // CHECK: py.constant "str"
  %8 = py.constant "str"
  // CHECK: py.constant #py.bytes<"\00\FF">
  %9 = py.constant #py.bytes<"\00\FF">
  // CHECK: py.constant [#py.int<1>, [], "a"]
  %10 = py.constant [#py.int<1>, [], "a"]
  // CHECK: py.constant #py.frozenset<[#py.int<1>, "a"]>
  %11 = py.constant #py.frozenset<[#py.int<1>, "a"]>
  // CHECK: %code = py.constant #py.code<@constants>
  %12 = py.constant #py.code<@constants>
  // CHECK: py.null
  %13 = py.null
  py.return %0
}

// CHECK-LABEL: py.func @names_and_containers
py.func @names_and_containers(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "names_and_containers", varnames = ["a", "b"]} {
  // CHECK: %torch = py.load_global "torch"
  %0 = py.load_global "torch"
  // CHECK: py.store_global "g", %a
  py.store_global "g", %a
  // CHECK: py.delete_global "g"
  py.delete_global "g"
  // CHECK: %x = py.load_name "x"
  %1 = py.load_name "x"
  // CHECK: py.store_name "x", %a
  py.store_name "x", %a
  // CHECK: py.delete_name "x"
  py.delete_name "x"
  // CHECK: py.load_locals
  %2 = py.load_locals
  // CHECK: py.load_from_dict_or_globals %a["T"]
  %3 = py.load_from_dict_or_globals %a["T"]
  // CHECK: py.load_from_dict_or_deref %a, %b["x"]
  %4 = py.load_from_dict_or_deref %a, %b["x"]
  // CHECK: py.setup_annotations
  py.setup_annotations
  // CHECK: py.load_build_class
  %5 = py.load_build_class
  // CHECK: py.load_assertion_error
  %6 = py.load_assertion_error
  // CHECK: py.check_bound %a["a"]
  py.check_bound %a["a"]
  // CHECK: %[[CELL:.+]] = py.make_cell %a
  %7 = py.make_cell %a
  // CHECK: py.cell_set %[[CELL]], %b
  py.cell_set %7, %b
  // CHECK: py.cell_delete %[[CELL]]["a"]
  py.cell_delete %7["a"]
  // CHECK: py.getattr %a["weight"]
  %8 = py.getattr %a["weight"]
  // CHECK: py.setattr %a["weight"] = %b
  py.setattr %a["weight"] = %b
  // CHECK: py.delattr %a["weight"]
  py.delattr %a["weight"]
  // CHECK: py.getitem %a[%b]
  %9 = py.getitem %a[%b]
  // CHECK: py.setitem %a[%b] = %b
  py.setitem %a[%b] = %b
  // CHECK: py.delitem %a[%b]
  py.delitem %a[%b]
  // CHECK: py.call %a(%b, key = %b, "not an identifier" = %a)
  %10 = py.call %a(%b, key = %b, "not an identifier" = %a)
  // CHECK: py.call %a()
  %11 = py.call %a()
  // CHECK: py.call_ex %a(*%b, **%b)
  %12 = py.call_ex %a(*%b, **%b)
  // CHECK: py.call_ex %a(*%b)
  %13 = py.call_ex %a(*%b)
  // CHECK: py.load_super_attr %a(%b, %a)["forward"] zero_arg
  %14 = py.load_super_attr %a(%b, %a)["forward"] zero_arg
  // CHECK: py.super %a(%b, %a) zero_arg
  %super0 = py.super %a(%b, %a) zero_arg
  // CHECK: py.super %a(%b, %a){{$}}
  %super1 = py.super %a(%b, %a)
  // CHECK: %[[NEW:.*]] = py.new_object %b{{$}}
  %made = py.new_object %b
  // CHECK: py.new_object %b contents %a{{$}}
  %withContents = py.new_object %b contents %a
  // CHECK: py.object_setattr %[[NEW]]["k"] = %a
  py.object_setattr %made["k"] = %a
  // CHECK: py.init_instance %b, %[[NEW]](%a, %a) kwnames ["k"]
  %inited = py.init_instance %b, %made(%a, %a) kwnames ["k"]
  // CHECK: py.init_instance %b, %[[NEW]](){{$}}
  %inited0 = py.init_instance %b, %made()
  // CHECK: py.check_init_return %a
  py.check_init_return %a
  // CHECK: py.check_len_result %a
  %len = py.check_len_result %a
  // CHECK: py.check_str_result %a of "__repr__"
  %text = py.check_str_result %a of "__repr__"
  // CHECK: py.check_iter_result %a
  %iter = py.check_iter_result %a
  // CHECK: py.build_tuple(%a, %b)
  %15 = py.build_tuple(%a, %b)
  // CHECK: %[[LIST:.+]] = py.build_list()
  %16 = py.build_list()
  // CHECK: %[[SET:.+]] = py.build_set(%a)
  %17 = py.build_set(%a)
  // CHECK: py.build_string(%a, %b)
  %18 = py.build_string(%a, %b)
  // CHECK: %[[DICT:.+]] = py.build_dict(%a : %b, %b : %a)
  %19 = py.build_dict(%a : %b, %b : %a)
  // CHECK: py.build_dict()
  %20 = py.build_dict()
  // CHECK: py.build_slice %a : %b : %a
  %21 = py.build_slice %a : %b : %a
  // CHECK: py.build_slice %a : %b{{$}}
  %22 = py.build_slice %a : %b
  // CHECK: py.convert_value repr %a
  %23 = py.convert_value repr %a
  // CHECK: py.format %a, %b
  %24 = py.format %a, %b
  // CHECK: py.format %a{{$}}
  %25 = py.format %a
  // CHECK: py.list_append %[[LIST]], %a
  py.list_append %16, %a
  // CHECK: py.list_extend %[[LIST]], %b
  py.list_extend %16, %b
  // CHECK: py.set_add %[[SET]], %a
  py.set_add %17, %a
  // CHECK: py.set_update %[[SET]], %b
  py.set_update %17, %b
  // CHECK: py.dict_update %[[DICT]], %b
  py.dict_update %19, %b
  // CHECK: py.dict_merge %[[DICT]], %b for %a
  py.dict_merge %19, %b for %a
  // CHECK: py.map_add %[[DICT]][%a] = %b
  py.map_add %19[%a] = %b
  // CHECK: py.list_to_tuple %[[LIST]]
  %26 = py.list_to_tuple %16
  // CHECK: %[[IT:.+]] = py.get_iter %a
  %27 = py.get_iter %a
  // CHECK: py.get_yield_from_iter %a
  %28 = py.get_yield_from_iter %a
  // CHECK: %value, %hasValue = py.iter_next %[[IT]]
  %29:2 = py.iter_next %27
  // CHECK: py.unpack_sequence %a, 3
  %30:3 = py.unpack_sequence %a, 3
  // CHECK: py.unpack_ex %a, 1, 2
  %31:4 = py.unpack_ex %a, 1, 2
  // CHECK: %os.path = py.import_name "os.path" level %a fromlist %b
  %32 = py.import_name "os.path" level %a fromlist %b
  // CHECK: py.import_from %os.path["join"]
  %33 = py.import_from %32["join"]
  // CHECK: py.import_star %os.path
  py.import_star %32
  // CHECK: py.make_function @constants defaults %a kwdefaults %b annotations %a
  %34 = py.make_function @constants defaults %a kwdefaults %b annotations %a
  // CHECK: py.call_intrinsic typevar(%a)
  %35 = py.call_intrinsic typevar(%a)
  // CHECK: py.call_intrinsic typevar_with_bound(%a, %b)
  %36 = py.call_intrinsic typevar_with_bound(%a, %b)
  // CHECK: py.print_expr %a
  py.print_expr %a
  py.return %15
}

// CHECK-LABEL: py.func @exceptions_and_generators
py.func @exceptions_and_generators(%a: !py.object, %b: !py.object) -> !py.object attributes {argcount = 2 : i64, cellvars = [], flags = #py.code_flags<optimized | newlocals | generator>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "exceptions_and_generators", varnames = ["a", "b"]} {
  // CHECK: py.return_generator
  %0 = py.return_generator
  // CHECK: py.yield %a
  %1 = py.yield %a
  // CHECK: %result, %done = py.send %a, %b
  %2:2 = py.send %a, %b
  // CHECK: py.get_awaitable aenter %a
  %3 = py.get_awaitable aenter %a
  // CHECK: py.get_aiter %a
  %4 = py.get_aiter %a
  // CHECK: py.get_anext %a
  %5 = py.get_anext %a
  // CHECK: py.async_gen_wrap %a
  %6 = py.async_gen_wrap %a
  // CHECK: %exit, %value = py.before_with %a
  %7:2 = py.before_with %a
  // CHECK: %exit_0, %awaitable = py.before_async_with %a
  %8:2 = py.before_async_with %a
  // CHECK: py.with_except_start %a, %b
  %9 = py.with_except_start %a, %b
  // CHECK: py.match_mapping %a
  %10 = py.match_mapping %a
  // CHECK: py.match_sequence %a
  %11 = py.match_sequence %a
  // CHECK: py.match_keys %a, %b
  %12 = py.match_keys %a, %b
  // CHECK: py.match_class %a, %b, %a, 2
  %13 = py.match_class %a, %b, %a, 2
  cf.cond_br %2#1, ^bb1, ^bb2
^bb1:
  // CHECK: py.unwind_br ^bb2 unwind ^bb3(%a : !py.object)
  py.unwind_br ^bb2 unwind ^bb3(%a : !py.object)
^bb2:
  // CHECK: py.raise %a from %b unwind ^bb3(%b : !py.object)
  py.raise %a from %b unwind ^bb3(%b : !py.object)
^bb3(%c: !py.object):
  // CHECK: py.landing_pad lasti
  %e:2 = py.landing_pad lasti
  // CHECK: %[[PREV:.+]] = py.push_exc_info
  %prev = py.push_exc_info %e#0
  // CHECK: py.check_exc_match
  %m = py.check_exc_match %e#0, %c
  // CHECK: %rest, %match = py.check_eg_match
  %eg:2 = py.check_eg_match %e#0, %c
  // CHECK: py.prep_reraise_star
  %r = py.prep_reraise_star %e#0, %c
  // CHECK: py.end_async_for
  py.end_async_for %e#0
  // CHECK: py.cleanup_throw
  %v = py.cleanup_throw %e#0
  // CHECK: py.stopiteration_error
  %s = py.stopiteration_error %e#0
  // CHECK: py.pop_except %[[PREV]]
  py.pop_except %prev
  %t = py.truth %m
  cf.cond_br %t, ^bb4, ^bb5
^bb4:
  // CHECK: py.reraise %{{[0-9]+}}#0{{$}}
  py.reraise %e#0
^bb5:
  // CHECK: py.raise{{$}}
  py.raise
}

// A torch.autograd.Function while its forward and backward are traced.
// CHECK-LABEL: py.func @autograd
// CHECK:         %[[A:.*]] = py.autograd_apply %{{.*}} ctx %{{.*}} forward %{{.*}} args(%{{.*}}, %{{.*}}){{$}}
// CHECK:         py.autograd_backward inputs(%{{.*}} : tensor<4xf32>) outputs(%{{.*}} : tensor<4xf32>) grad_outputs(%{{.*}} : tensor<4xf32>) ctx %{{.*}} backward %[[A]] non_differentiable %{{.*}} {input_positions = array<i64: 1>, num_args = 2 : i64, tuple}
py.func @autograd(%fn: !py.object, %ctx: !py.object, %out: !py.object) -> !py.object attributes {argcount = 3 : i64, cellvars = [], flags = #py.code_flags<none>, freevars = [], kwonlyargcount = 0 : i64, posonlyargcount = 0 : i64, qualname = "autograd", varnames = ["fn", "ctx", "out"]} {
  %t = tg.guard_tensor %fn at "L['a']" strides [1] : !py.object -> tensor<4xf32>
  %a = py.autograd_apply %fn ctx %ctx forward %out args(%fn, %ctx)
  %r = py.autograd_backward inputs(%t : tensor<4xf32>) outputs(%t : tensor<4xf32>) grad_outputs(%t : tensor<4xf32>) ctx %a backward %a non_differentiable %ctx {input_positions = array<i64: 1>, num_args = 2 : i64, tuple}
  py.return %r
}
