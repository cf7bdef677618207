//===- Passes.td - Python dialect passes -------------------*- tablegen -*-===//
//
// Passes that transform `py` IR on its own, before any capture.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_TD
#define DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PruneUnwindEdges : Pass<"py-prune-unwind-edges", "dynamir::py::FuncOp"> {
  let summary = "Drop unwind edges from blocks that cannot raise";
  let description = [{
    The importer gives every block covered by the exception table an unwind
    edge, whether or not its ops can raise (a block that only moves values
    between locals, or builds a tuple, still gets one). This pass turns the
    `py.unwind_br` of a block whose ops all carry the `NoRaise` trait into a
    `cf.br`, then erases the landing pads no edge reaches any more.

    ```mlir
    ^bb1:
      %t = py.build_tuple(%a, %b)
      py.unwind_br ^bb2(%t : !py.object) unwind ^bb3
    ```
    becomes
    ```mlir
    ^bb1:
      %t = py.build_tuple(%a, %b)
      cf.br ^bb2(%t : !py.object)
    ```
  }];
  let dependentDialects = ["mlir::cf::ControlFlowDialect"];
  let statistics = [
    Statistic<"numPruned", "pruned-edges", "unwind edges removed">,
    Statistic<"numErasedBlocks", "erased-blocks", "unreachable blocks erased">,
  ];
}

def BuildEnvironment : Pass<"py-build-environment", "mlir::ModuleOp"> {
  let summary = "Interpret the module body ahead of time into the static environment";
  let description = [{
    Runs the module body (the `py.func` named by the module's `py.module`)
    as importing the module would, on an interpreter of the py dialect whose
    values are constants, modules, functions, classes, instances, tuples,
    lists and `functools.partial`s (`#py.partial`), and writes what it leaves
    behind as IR that later passes look up:
    * `py.globals`: one `py.global` per name the body binds, with its value;
    * a `py.class` per class reachable from the globals: its bases, its MRO
      (C3, as CPython computes it; an inconsistent order is CPython's
      TypeError at the class statement, and the pass fails, as the import
      would), and its `__dict__` (functions, `staticmethod`, `classmethod`,
      `property`, constants);
    * a `py.object` per instance reachable from the globals, its `__init__`
      run ahead of time (`super().__init__()` chains through the MRO); for
      the `torch.nn` modules Dynamir knows (`Module`, `Linear`, `LayerNorm`,
      `ModuleList`, `Sequential`, `ReLU`, `GELU`, `SiLU`, `Sigmoid`, `Tanh`,
      `Identity`, `Softmax`), the attributes their constructors set, with
      parameters as `#py.parameter` (known by type, not value).
    Classes and objects are symbols named by the source Dynamo would read
    them from (`G['Block']`, `G['model'].blocks[0]`); the library classes by
    qualified name (`torch.nn.Linear`). Imports of any module bind
    `#py.module`s. What the interpreter cannot run (a call of an unknown
    function, a branch on an unknown value) stops the body there: every
    global it binds from there on is `#py.unknown` with the reason, and the
    objects it could have reached are `opaque`.
    ```python
    class Scale(nn.Module):
        def __init__(self, k):
            super().__init__()
            self.k = k
    model = Scale(2.0)
    ```
    becomes
    ```mlir
    py.globals {
      py.global "nn" = #py.module<"torch.nn">
      py.global "Scale" = #py.ref<@"G['Scale']">
      py.global "model" = #py.ref<@"G['model']">
    }
    py.class @builtins.object "object" library bases [] mro [@builtins.object] {
    }
    py.class @torch.nn.Module "Module" library bases [@builtins.object] mro [...] {
    }
    py.class @"G['Scale']" "Scale" bases [@torch.nn.Module]
        mro [@"G['Scale']", @torch.nn.Module, @builtins.object] {
      py.member "__module__" = "example"
      py.member "__init__" = #py.function<@Scale.__init__ closure [#py.ref<@"G['Scale']">]>
    }
    py.object @"G['model']" : @"G['Scale']" {
      py.member "training" = true
      py.member "k" = 2.000000e+00 : f64
    }
    ```
  }];
  // Sources name the symbols.
  let dependentDialects = ["dynamir::tg::TGDialect"];
  let statistics = [
    Statistic<"numClasses", "classes", "classes in the environment">,
    Statistic<"numObjects", "objects", "objects in the environment">,
    Statistic<"numUnknown", "unknown", "globals with unknown values">,
  ];
}

def ResolveEnvironment : Pass<"py-resolve-environment", "mlir::ModuleOp"> {
  let summary = "Read globals, attributes and items of known objects from the static environment";
  let description = [{
    In the capture entry, what the code reads from the static environment
    that py-build-environment wrote becomes the value it has there, under the
    guard Dynamo installs on its source:
    * a global bound to a module or a library function: ID_MATCH on
      `G['name']` against its qualified name; to a class or object: ID_MATCH
      against its symbol; to a Python constant: the constant, under an
      assumed CONSTANT_MATCH;
    * an attribute of a known class or object (`self.fc1`, `self.eps`,
      `self.training`), found as Python finds it (the instance, then the
      MRO): the same, on the source `G['model'].fc1`; a parameter is a
      tensor under TENSOR_MATCH, seen as an object;
    * an item of a known `nn.ModuleList` or `nn.Sequential` with a constant
      index (`self.blocks[-1]`), on the source `G['model'].blocks[1]`.
    * reads through `super()` (the rewrites of py-resolve-super);
    * a load of a builtin the module does not rebind, that nothing uses, goes.
    Functions, methods and properties are left to py-inline-functions; a
    global that some function rebinds is left alone. py-map-torch runs these
    rewrites with its own, and the capture runs them once more after merging
    guards, whose merged reads they erase.
    ```mlir
    py.globals {
      py.global "model" = #py.ref<@"G['model']">
    }
    py.object @"G['model']" : @"G['Net']" {
      py.member "scale" = 2.000000e+00 : f64
    }
    ...
    %m = py.load_global "model"
    %s = py.getattr %m["scale"]
    ```
    becomes
    ```mlir
    %m = py.load_global "model"
    %g = tg.guard_id %m at "G['model']" is @"G['model']" : !py.object -> !py.object
    %s = py.getattr %g["scale"]
    %c = tg.guard_constant %s at "G['model'].scale" equals(2.000000e+00 : f64) : !py.object -> !py.object
    tg.assume %c : !py.object
    %scale = py.constant 2.000000e+00 : f64
    ```
  }];
  let dependentDialects = ["dynamir::tg::TGDialect"];
}

def SpecializeEntry : Pass<"py-specialize-entry", "mlir::ModuleOp"> {
  let summary = "Guard the capture entry's parameters on their input specs";
  let description = [{
    The first step of a capture. For the entry function named by the
    module's `py.entry`, each positional parameter meets its spec from
    `py.inputs`, in order, as Dynamo meets the frame's locals:

    * a tensor spec becomes a `tg.guard_tensor` on `L['name']` (dtype and
      sizes from the spec, contiguous strides, `requires_grad`), whose tensor
      the function's code sees as a `py.tensor_object` until later passes
      capture the ops that use it;
    * a Python constant (`int=3`, `float=0.5`, `bool=true`, `str=abc`,
      `none`) is specialized: the code sees the constant, and a
      `tg.guard_constant` on `L['name']` is assumed (`tg.assume`);
    * extra specs given to a `*args` parameter are guarded at
      `L['args'][i]`, the tuple rebuilt from them, and its length guarded
      (SEQUENCE_LENGTH); an unused `**kwargs` parameter is an empty dict
      whose keys are guarded (DICT_KEYS_MATCH).

    Keyword-only parameters have no spec; an entry with some is an error.

    ```mlir
    module attributes {py.entry = @f, py.inputs = [#py.tensor_input<tensor<4x8xf32>>, #py.int<3>]} {
      py.func @f(%x: !py.object, %n: !py.object) -> !py.object ... {
        %0 = py.binop mul %x, %n
        py.return %0
      }
    }
    ```
    becomes
    ```mlir
    py.func @f(%x: !py.object, %n: !py.object) -> !py.object ... {
      %gx = tg.guard_tensor %x at "L['x']" strides [8, 1] : !py.object -> tensor<4x8xf32>
      %tx = py.tensor_object %gx : tensor<4x8xf32>
      %gn = tg.guard_constant %n at "L['n']" equals(#py.int<3>) : !py.object -> !py.object
      tg.assume %gn : !py.object
      %c3 = py.constant #py.int<3>
      %0 = py.binop mul %tx, %c3
      py.return %0
    }
    ```
  }];
  let dependentDialects = ["dynamir::tg::TGDialect"];
  let statistics = [
    Statistic<"numGuards", "guards", "guards inserted">,
  ];
}

def ResolveSuper : Pass<"py-resolve-super", "mlir::ModuleOp"> {
  let summary = "Resolve attributes read through super() from the static environment";
  let description = [{
    Dynamo's SuperVariable. `super()` is one form in every version: 3.11's
    call of `super` (whose implicit `__class__` and first argument the
    importer makes explicit) and 3.12's LOAD_SUPER_ATTR (which canonicalizes
    to a `py.super` and a `py.getattr`) are both
    `py.getattr (py.super %super(%cls, %self)) [name]`. Where `super` is the
    builtin, `cls` a known class (a `py.class_ref`, the contents of an
    inlined method's `__class__` cell) and `self` a known object or class,
    the read is resolved as CPython's `super_getattro` does it: the MRO of
    `type(self)` (or of `self`, a class), from the class after `cls`, the
    first `__dict__` that holds the name.
    * A value found there (a constant, a class, a module) becomes itself,
      under the guard Dynamo puts on its source
      `type(G['c']).__mro__[i].name`: CONSTANT_MATCH for a literal, ID_MATCH
      for a class or module.
    * `super().__init__()` that reaches `object.__init__` is None;
      `super().__getattribute__("k")` that reaches `object.__getattribute__`
      (no `__getattr__` in the MRO) is the plain read `obj.k`.
    * On an instance the entry made of a subclass of `tuple`, `list`, `dict`
      or `set`, a method of the builtin is the method of the instance's
      contents; the builtin's `__init__` fills them, and `tuple.__new__`
      (or the others' `__new__`) makes such an instance.
    * A function, staticmethod or classmethod found there is
      py-inline-functions' to call (self bound, unbound, or the class bound,
      under CLOSURE_MATCH on the same source).
    * A `super()` object nothing reads any more goes.
    What cannot be resolved stays, for py-report-graph-breaks to report with
    Dynamo's gb_type ("Unable to resolve super getattr", "Unsupported
    super().__init__() call", "1-arg super not implemented", "Attempted to
    call a super() attribute that is not a function or method", and the two
    of `super().__delattr__()`).
    ```mlir
    %cls = py.class_ref @"G['Child']"
    %s = py.super %super(%cls, %c) zero_arg
    %k = py.getattr %s["k"]
    ```
    with `class Base: k = 2` first in the MRO of `type(c)` after `Child`
    becomes
    ```mlir
    %g = tg.guard_constant %k at "type(G['c']).__mro__[1].k" equals(#py.int<2>)
    tg.assume %g : !py.object
    %two = py.constant #py.int<2>
    ```
  }];
  let dependentDialects = ["::dynamir::tg::TGDialect"];
}

def ResolveObjects : Pass<"py-resolve-objects", "mlir::ModuleOp"> {
  let summary = "Model the instances of user classes the entry creates";
  let description = [{
    Dynamo tracks the objects a traced function creates and the attributes
    it stores on them (UserDefinedObjectVariable and its side effects).
    Here an instance is a value:
    * A call of a user class of the static environment (its MRO of user
      classes, `object`, and `nn.Module` or one of `tuple`, `list`, `dict`,
      `set`) becomes `py.new_object` and a call of its `__init__` through
      the class, which py-inline-functions inlines; `nn.Module.__init__()`
      sets `training`; a class's own `__new__` is called, and
      `py.init_instance` initializes what it returns once that is known.
    * An instance of a subclass of a builtin container holds the builtin
      container as its contents (`tuple.__new__`'s tuple, or an empty list,
      dict or set that the builtin's `__init__` fills): the builtin's
      methods and slots the class inherits (`obj.append`, `obj[k]`,
      `len(obj)`, `x in obj`, iteration) act on the contents. An object of
      the environment whose class subclasses tuple has constant contents,
      which answer the same way.
    * On any instance the entry made, a `__getitem__`, `__setitem__`,
      `__delitem__`, `__contains__`, `__len__` or `__iter__` of the class's
      own is called through the class (`len()` and `iter()` keep CPython's
      check of the result: `py.check_len_result`, `py.check_iter_result`).
    * A read of the instance's attribute is the value the last store before
      it left, walking back from the read to the instance's creation (past
      a loop or an `if` whose code does not touch the instance, to the
      block that dominates it); where no store made the name, the class's
      value, under the guard on `G['Cls'].name`. The walk gives up where
      code it does not follow (a call not yet inlined, a container holding
      the instance) may have changed it, or where a data descriptor of the
      class (a property) takes the name.
    * A store or deletion on an instance whose class defines `__setattr__`
      or `__delattr__` calls it.
    * An instance that only stores see goes, with its stores.
    * `hasattr`, `getattr` with a default and `type` of an instance fold
      (and py-map-torch's `isinstance`); `getattr` and `setattr` with a
      constant name are the read and the store.
    * A read of a name neither the instance nor its class has calls the
      class's `__getattr__`, or, without one, raises CPython's
      AttributeError (as does a name a user class lacks); `with` on an
      instance calls its class's `__enter__` and `__exit__`; `str()`,
      `repr()` and f-string fields of an instance call its class's
      `__str__` or `__repr__`, or are an exception's text; the exception
      patterns of docs/Exceptions.md (classes, instances, their fields'
      setters, what the program's own operations raise).
    * `Fn.apply(...)` of a torch.autograd.Function where no argument
      requires grad calls `Fn.forward` with a fresh context (see
      docs/AutogradFunction.md).
    The capture runs these patterns with py-resolve-environment's; this
    pass runs them alone.
    ```mlir
    %cls = tg.guard_id %C at "G['C']" is @"G['C']" : !py.object -> !py.object
    %o = py.new_object %cls
    py.setattr %o["a"] = %x
    %a = py.getattr %o["a"]
    %r = py.binop add %a, %a
    ```
    becomes
    ```mlir
    %r = py.binop add %x, %x
    ```
  }];
  let dependentDialects = ["::dynamir::tg::TGDialect"];
}

def InlineFunctions : Pass<"py-inline-functions", "mlir::ModuleOp"> {
  let summary = "Inline the functions and methods of the static environment into the entry";
  let description = [{
    Dynamo inlines the user functions a traced frame calls
    (InliningInstructionTranslator). Here, in the capture entry, a call
    whose callee the static environment knows becomes the callee's body,
    with the arguments bound as Python binds them (positional, keyword,
    defaults, keyword-only defaults, the rest into `*args`, the keywords it
    does not name into a `**kwargs` dict display), and the closure's
    cells made from the constants they hold:
    * a function the entry (or an inlined body) makes: a `def` or `lambda`
      inside it, or 3.11's comprehension function; its defaults and cells
      are the values the code gave `py.make_function`, and no guard is
      needed (cells read and written in one block then become plain values:
      the canonicalization of `py.make_cell`);
    * a global bound to a function (`helper(x)`), under CLOSURE_MATCH on
      `G['name']` (assumed: the inlined body no longer uses the function);
    * a global bound to a `functools.partial` of one, with constant
      arguments: its arguments come first and its keywords under the call's,
      under the guards of Dynamo's FunctoolsPartialVariable (TYPE_MATCH on
      `G['p']`, CLOSURE_MATCH on `G['p'].func`, SEQUENCE_LENGTH on
      `G['p'].args`, DICT_KEYS_MATCH on `G['p'].keywords`, CONSTANT_MATCH on
      each value);
    * a method of a known object (`self.block(x)`, found through the class's
      MRO and bound to the object), a staticmethod, or a classmethod called
      through its class, under TYPE_MATCH on the object;
    * a known object that is called: an `nn.Module` subclass runs its
      `forward` (the library modules are py-map-torch's), another class its
      `__call__`;
    * a property read on a known object runs its getter.
    Repeated until no such call is left, at most `max-depth` levels deep
    (recursion stops there). A call inside a `try` is inlined too: the
    body's blocks that may raise get the caller's unwind edge. A call whose
    arguments do not bind raises CPython's TypeError in its place, with the
    message CPython's `initialize_locals` gives (3.13's "Did you mean" too),
    where the module has a handler. A call is left alone when the function
    is a generator or coroutine, closes over values that are not constants
    (a method using `super()` closes over its class), or when a default it
    needs is not a constant.
    ```mlir
    %h = py.load_global "helper"
    %y = py.call %h(%x)
    ```
    with `def helper(x, scale=2.0): return x * scale` becomes
    ```mlir
    %h = py.load_global "helper"
    %g = tg.guard_closure %h at "G['helper']" code @helper : !py.object -> !py.object
    tg.assume %g : !py.object
    %scale = py.constant 2.0 : f64
    %y = py.binop mul %x, %scale
    ```
  }];
  let options = [
    Option<"maxDepth", "max-depth", "unsigned", /*default=*/"32",
           "How many levels of calls to inline">,
  ];
  let dependentDialects = ["dynamir::tg::TGDialect", "mlir::cf::ControlFlowDialect"];
  let statistics = [
    Statistic<"numInlined", "inlined", "calls inlined">,
  ];
}

def ResolveExceptions : Pass<"py-resolve-exceptions", "mlir::ModuleOp"> {
  let summary = "Raise, chain and catch the exceptions the capture knows";
  let description = [{
    Dynamo's ExceptionVariable simulates Python's exceptions while it
    traces; here that is done on the capture entry's CFG, for exception
    instances the capture models (a `py.new_object` of a class deriving
    from BaseException, whose fields `py.exception_store` sets):
    * A forward analysis finds the exception being handled at each point
      (`sys.exception()`): the `py.push_exc_info` ops no `py.pop_except` has
      undone, starting from none at the entry, as Dynamo's does.
    * `raise e` sets `e.__context__` to the handled exception, first cutting
      `e` out of that exception's own chain (CPython's `_PyErr_SetObject`);
      `raise e from c` also sets `__cause__` and `__suppress_context__ = True`
      (`do_raise`); `raise C` and `from C` instantiate the class; a bare
      `raise` re-raises the handled exception. The raise then becomes a
      `py.reraise`, which raises exactly that object.
    * A `py.reraise` inside a `try`, which raises exactly its operand, is a
      branch to the handler: the handler is split after its
      `py.landing_pad`, and the branch goes to the rest with the exception
      (and `-1` for `lasti`, which only places the traceback) as arguments;
      a block that the branch alone reaches takes its operands for its
      arguments. Ops before it that may still raise keep their unwind edge.
    * Once nothing left in the entry can raise an exception Dynamir does not
      know, nothing reads the handled exception, and the pushes and pops of
      it go.

    ```mlir
    %e = py.new_object %ValueError
    py.exception_store %e["args"] = %args
    py.raise %e unwind ^handler
  ^handler:
    %caught = py.landing_pad
    ```
    becomes
    ```mlir
    %e = py.new_object %ValueError
    py.exception_store %e["args"] = %args
    cf.br ^body(%e : !py.object)
  ^body(%caught: !py.object):
    ```
  }];
  let dependentDialects = ["mlir::cf::ControlFlowDialect"];
  let statistics = [
    Statistic<"numRaises", "raises", "raises lowered">,
    Statistic<"numCaught", "caught", "raises turned into branches to their handler">,
  ];
}

def MapTorch : Pass<"py-map-torch", "mlir::ModuleOp"> {
  let summary = "Map operators, torch functions and Tensor methods on tensors to tg";
  let description = [{
    Captures the tensor work of Python code whose tensors are known (the
    guarded values `py-specialize-entry` makes, seen through their
    `py.tensor_object`s) as `tg` ops, the way Dynamo's
    TensorVariable and TorchInGraphFunctionVariable turn operations into FX
    nodes:

    * a global bound once, by the module body, to an import of a module
      (`import torch`, `import torch.nn.functional as F`,
      `from torch import nn`) is that module under an ID_MATCH guard on
      `G['name']`; functions reached through it (`torch.relu`,
      `F.softmax`, `torch.nn.functional.gelu`) are known, and a call of one
      on tensors becomes the `tg` op, with the module's guard assumed;
    * operators on tensors and Python numbers (`x + 1`, `2.0 * x`, `x @ w`,
      `-x`, `x < 0`) become elementwise `tg` ops with PyTorch's promotion;
    * Tensor methods (`x.sum(dim=1)`, `x.view(2, -1)`, `x.t()`, `x.float()`)
      and attributes (`x.shape`, `x.ndim`, `x.T`) become `tg` ops, or
      constants that assume the guards the tensor's sizes come from;
    * factories (`torch.zeros(2, 3)`, `ones`, `full`, `arange`, `eye`,
      `torch.tensor([[1, 2], [3, 4]])`, the `*_like` and `x.new_*` forms)
      become `tg.constant`, `tg.arange` and `tg.eye` with the dtype PyTorch
      infers or the `dtype=` given (a torch dtype or `x.dtype`), and keep the
      guards of what they copy; options that do not change values (the CPU
      device, `requires_grad=False`, strided layout) are accepted, others
      leave the call;
    * `chunk`, `split` and `unbind` are tuples of `tg.slice`s and
      `tg.select`s, which unpack, index and iterate like any built tuple;
      `tril`/`triu`, `masked_fill` (its value converted to the input's
      dtype as PyTorch converts it; one that overflows stays), `F.normalize`,
      `norm`, `~` and `F.dropout` without training (its input itself) map too;
      `float()` of a constant folds (`float("-inf")`);
    * a dict the code builds with constant keys (str, int, bool, float,
      None; `{...}`, `dict(k=v)`, a comprehension, a helper's `**kwargs`)
      and that only reads see is a value, as Dynamo's ConstDictVariable:
      subscripts, `in`, `len`, `get` and iteration of it or its views fold,
      `f(**d)` becomes a call with keywords, and each change in the block
      that built it (`d[k] = v`, `{**a, **b}`) makes a new dict for the code
      after it; `list(...)`, `tuple(...)` of what iterates to known elements
      and `str()` of constants fold too;
    * subscripts of constant tuples (`x.shape[0]`) fold, and so does the
      builtin `len` of what has a known length (constant tuples and strings,
      tuples built in the code, `*args`, a tensor's first size, a known
      `nn.ModuleList`), and the builtin `isinstance` of known objects,
      tensors and constants against classes of the environment, `torch`
      classes, builtin types and tuples of them (the classes' guards kept);
    * a list that one block builds and changes (`append`, `extend` by known
      items, the `LIST_APPEND` of a comprehension) and that only reads see
      (subscripts, `len`, iteration, unpacking, `in`, torch functions,
      returning it) is a value at each read, as Dynamo's ListVariable; a list
      that code Dynamir does not know could see is left as it is;
      `[a, b, c]`, which CPython 3.12 builds with `LIST_EXTEND`, folds to
      one list; `clear()` empties it, `copy()` is the list as it is then;
    * a set of simple constants that one block builds and changes (`add`,
      `discard`, `update`, `clear`, `remove` of a member, SET_ADD) is a
      value at each `in` and `len`; `in`, `index` and `count` of tuples and
      sets of simple constants fold;
    * the builtins `abs`, `min`, `max` and `sum` fold on constant numbers
      (`min`/`max` return the first extreme argument itself), `abs` of a
      tensor is `tg.abs`, and `sum` of a known sequence is the additions
      Python makes (floats aside: 3.12 sums them with compensation);
    * in-place operators (`h += y`) on a tensor nothing else sees (one the
      code computed, a view of one, a `clone()`) are the operator, where the
      result keeps the tensor's dtype and shape; on an input, or a tensor
      another name holds, they stay;
    * a call of a `torch.nn` module of the environment (`Linear`,
      `LayerNorm`, `ReLU`, `GELU`, `SiLU`, `Sigmoid`, `Tanh`, `Softmax`,
      `Identity`, `Sequential`) becomes its forward, reading its parameters
      under TENSOR_MATCH;
    * the rewrites of py-resolve-environment run here too;
    * `for` loops over known sequences (`range` of constants where `range`
      is the builtin, `enumerate` and `zip` of known sequences, constant
      tuples, tuples and lists built only to be iterated, `x.shape`, a
      known `nn.ModuleList`) are unrolled, one copy of the body per element;
      `break` and `return` leave each copy with its own values (the blocks
      after the loop get arguments: loop-closed SSA, on every edge that
      reaches them, from the loop or from code around it); the body's paths
      that never come back (a handler's re-raise, a `return`) are copied
      with it; a loop under a `try` iterates without raising, and a body
      that always raises is the first iteration;
    * a loop whose test its entry values decide (`while i < 3: ...; i += 1`,
      `while True: ... if j >= n: break`) is peeled one iteration at a time
      until the test leaves it (at most 1024 iterations per run);
    * a `try` around code whose reads of the environment are guarded and
      whose other ops became tg ops cannot raise: its handler goes;
    * the canonicalizations run with these patterns, so a branch on a folded
      condition goes and the values meeting after it are mapped in turn.

    Arguments that select behaviour (`dim`, `keepdim`, sizes, `dtype`) must
    be constants. A call PyTorch would reject (mismatched shapes, a dim out of
    range) is an error with PyTorch's message at the user's line. What is
    not known stays as it is, for the graph-break pass to report.

    ```mlir
    %torch = py.load_global "torch"
    %relu = py.getattr %torch["relu"]
    %y = py.call %relu(%x)
    ```
    with `%x` a guarded `tensor<4x8xf32>` becomes
    ```mlir
    %g = tg.guard_id %torch at "G['torch']" is "torch" : !py.object -> !py.object
    tg.assume %g : !py.object
    %r = tg.relu %t : tensor<4x8xf32>
    %y = py.tensor_object %r : tensor<4x8xf32>
    ```
  }];
  let dependentDialects = ["dynamir::tg::TGDialect", "mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numMapped", "mapped", "Python operations mapped to tg">,
    Statistic<"numPeeled", "peeled-iterations", "loop iterations peeled">,
  ];
}

def ReportGraphBreaks : Pass<"py-report-graph-breaks", "mlir::ModuleOp"> {
  let summary = "Report what the capture left in Python, as Dynamo's graph breaks";
  let description = [{
    After the capture passes, the entry function holds guards, tg ops and the
    Python that builds the result; anything else is code the capture could
    not take into the graph. This pass reports each place where that code
    starts (an op none of whose operands come from code already reported),
    at the user's source line, with Dynamo's `gb_type`, a context, an
    explanation and hints:

    ```
    model.py:14:8: warning: graph break: Data-dependent branching
    model.py:14:8: note: Explanation: Detected data-dependent branching (e.g. `if my_tensor.sum() > 0:`). Dynamir, like Dynamo, does not trace dynamic control flow.
    model.py:14:8: note: Hint: Use `torch.cond` to express dynamic control flow.
    model.py:14:8: note: Developer debug context: attempted to jump with a tensor<i1>
    ```

    Without `fullgraph` the breaks are warnings and the Python stays, to run
    around the graph; with `fullgraph=true` they are errors, as with
    `torch.compile(fullgraph=True)`. `explain=true` prints a summary in the
    form of `torch._dynamo.explain()`: graphs, ops per graph, break reasons
    and guards.
  }];
  let options = [
    Option<"fullgraph", "fullgraph", "bool", /*default=*/"false",
           "Make every graph break an error">,
    Option<"explain", "explain", "bool", /*default=*/"false",
           "Print graphs, ops, break reasons and guards like torch._dynamo.explain()">,
  ];
  let statistics = [
    Statistic<"numBreaks", "graph-breaks", "graph breaks reported">,
  ];
}

def OutlineGraphs : Pass<"py-outline-graphs", "mlir::ModuleOp"> {
  let summary = "Split a capture with graph breaks into graphs and the residual Python that calls them";
  let description = [{
    Without `fullgraph`, Dynamo runs what it captured before a graph break as
    a graph, the unsupported code in Python, and what follows as another
    graph. Here, when the capture entry keeps residual Python (anything but
    guards, tensor ops, constants, reads of guarded sources and the result's
    containers), each stretch of `tg` tensor ops of a block between residual
    ops becomes a private `func.func @<entry>.graph<N>` marked `tg.graph`,
    with the tensors it reads as arguments and those used after it as
    results (the `arith` constants it uses are copied in); the entry calls
    it after the stretch. A fully captured entry is left whole: it is one
    graph.
    ```mlir
    %a = tg.relu %x : tensor<4xf32>
    %o = py.tensor_object %a : tensor<4xf32>
    %i = py.call %item(%o)          // residual: a graph break
    ```
    becomes
    ```mlir
    %a = func.call @f.graph0(%x) : (tensor<4xf32>) -> tensor<4xf32>
    %o = py.tensor_object %a : tensor<4xf32>
    %i = py.call %item(%o)
    ...
    func.func private @f.graph0(%arg0: tensor<4xf32>) -> tensor<4xf32> attributes {tg.graph} {
      %0 = tg.relu %arg0 : tensor<4xf32>
      return %0 : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = ["mlir::func::FuncDialect"];
  let statistics = [
    Statistic<"numGraphs", "graphs", "graphs outlined">,
  ];
}

def Capture : Pass<"dynamir-capture", "mlir::ModuleOp"> {
  let summary = "Capture the entry's tensor computation as tg with its guards";
  let description = [{
    The capture, as the passes that make it up:
    1. `py-build-environment`, then `py-specialize-entry`;
    2. `py-inline-functions` and `py-map-torch` (which resolves the
       environment as it maps) in turn, until a round inlines nothing (the
       mapping reaches its own fixpoint each time) or `max-iterations` rounds
       have run: inlining `model(x)` exposes `self.blocks`, whose loop
       map-torch unrolls, exposing the calls of each block for the next
       round to inline; after the mapping, `py-resolve-exceptions`, and the
       mapping again while it changes something (a raise that reaches its
       handler gives the handler a known exception);
    3. `tg-merge-guards`, `canonicalize` and `cse` on the entry alone (the
       module's other functions stay as imported), then
       `py-resolve-environment`, `py-resolve-exceptions` (the handled
       exception's pushes and pops go once nothing can raise),
       `py-report-graph-breaks` (with `fullgraph` and `explain`), and
       `py-outline-graphs`, which
       splits a capture with breaks into graphs and the residual Python that
       calls them.
    ```
    dynamir-opt in.mlir --dynamir-capture='fullgraph=true explain=true'
    ```
  }];
  let options = [
    Option<"fullgraph", "fullgraph", "bool", /*default=*/"false",
           "Make every graph break an error">,
    Option<"explain", "explain", "bool", /*default=*/"false",
           "Print graphs, ops, break reasons and guards like torch._dynamo.explain()">,
    Option<"maxIterations", "max-iterations", "unsigned", /*default=*/"16",
           "How many rounds of inlining and mapping to run at most">,
  ];
  let dependentDialects = ["dynamir::tg::TGDialect", "mlir::cf::ControlFlowDialect",
                           "mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numRounds", "rounds", "rounds of inlining and mapping run">,
  ];
}

#endif // DYNAMIR_DIALECT_PY_TRANSFORMS_PASSES_TD
