//===- ReportGraphBreaks.cpp - Report residual Python as graph breaks -----===//
//
// Dynamo raises Unsupported with a gb_type from its registry where it cannot
// trace; here the capture passes leave what they cannot take as Python, and
// this pass names it with the same vocabulary.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "AutogradFunction.h"
#include "Captured.h"
#include "Environment.h"
#include "Exceptions.h"
#include "Objects.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/raw_ostream.h"

namespace dynamir::py {
#define GEN_PASS_DEF_REPORTGRAPHBREAKS
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
/// One entry of Dynamo's graph-break registry, filled in.
struct GraphBreak {
  std::string gbType;
  std::string context;
  std::string explanation;
  SmallVector<std::string> hints;
};

constexpr const char *kFundamental =
    "This graph break is fundamental - it is unlikely that Dynamir (or Dynamo) "
    "will ever be able to trace through your code. Consider finding a "
    "workaround.";

std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// The tensor a Python value is known to be.
Value getTensor(Value value) {
  auto object = value.getDefiningOp<TensorObjectOp>();
  return object ? object.getTensor() : Value();
}

/// Ops that only name a value (a global, an attribute, a cell): the break is
/// where the value is used, not where it is named.
bool onlyNamesAValue(Operation *op) {
  // An attribute of `super()` that is not called is a break of its own.
  if (auto attr = dyn_cast<GetAttrOp>(op); attr && attr.getObject().getDefiningOp<SuperOp>())
    return llvm::all_of(attr->getUsers(), [&](Operation *user) {
      auto call = dyn_cast<CallOp>(user);
      return call && call.getCallee() == attr.getResult();
    });
  return isa<LoadGlobalOp, LoadNameOp, GetAttrOp, CellGetOp, LoadFromDictOrGlobalsOp,
             LoadFromDictOrDerefOp, LoadBuildClassOp, LoadAssertionErrorOp, SuperOp,
             ClassRefOp, MakeCellOp>(op);
}

constexpr const char *kSuperHint =
    "Dynamir resolves `super()` of a class and an object or class of the static "
    "environment, through the builtin `super`.";

/// A `super().name` Dynamir could not resolve, or could not call.
std::optional<GraphBreak> classifySuper(const Environment &env, Operation *op) {
  auto attr = dyn_cast<GetAttrOp>(op);
  if (auto call = dyn_cast<CallOp>(op)) {
    attr = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!attr || !attr.getObject().getDefiningOp<SuperOp>())
      return std::nullopt;
    auto super = attr.getObject().getDefiningOp<SuperOp>();
    if (attr.getName() == "__delattr__") {
      auto name = call.getArguments().size() == 1
                      ? call.getArguments()[0].getDefiningOp<ConstantOp>()
                      : ConstantOp();
      if (!name || !isa<StringAttr>(name.getValue()))
        return GraphBreak{"Non-constant attribute given to `super().__delattr__()`",
                          "call_method SuperVariable() __delattr__",
                          "Dynamir, like Dynamo, only deletes an attribute through "
                          "`super().__delattr__()` when its name is a constant.",
                          {"Pass the attribute's name as a string literal."}};
      return GraphBreak{"Attempted super().__delattr__() on an object without mutation tracking",
                        "call_method SuperVariable() __delattr__",
                        "The object is not one the captured function created, so Dynamir "
                        "does not track its attributes and cannot delete one.",
                        {"Delete the attribute outside the compiled function."}};
    }
    std::optional<SuperLookup> found = lookupSuper(env, super, attr.getName());
    if (found && found->value &&
        !isa<FunctionAttr, StaticMethodAttr, ClassMethodAttr, PartialAttr, MethodAttr, BuiltinAttr,
             RefAttr>(found->value))
      return GraphBreak{"Attempted to call a super() attribute that is not a function or method",
                        ("call_method SuperVariable() " + attr.getName()).str(),
                        ("`super()." + attr.getName() +
                         "` is not a function or method, and calling it raises TypeError.")
                            .str(),
                        {"Call a function or method through `super()`."}};
    if (attr.getName() == "__init__")
      return GraphBreak{"Unsupported super().__init__() call",
                        "call_method SuperVariable() __init__",
                        "Dynamir, like Dynamo, only runs `super().__init__()` where it "
                        "reaches `object.__init__` or a user class's `__init__`; this one "
                        "reaches a library class's (or takes arguments object.__init__ "
                        "refuses).",
                        {kSuperHint}};
  }
  if (!attr || !attr.getObject().getDefiningOp<SuperOp>())
    return std::nullopt;
  return GraphBreak{"Unable to resolve super getattr",
                    ("var_getattr SuperVariable() " + attr.getName()).str(),
                    ("Dynamir could not find the attribute `" + attr.getName() +
                     "` through `super()`: the class or object is not known, the "
                     "class is not in its MRO, a library class's namespace is on "
                     "the way, or the attribute is not a function, method or value "
                     "Dynamir can call or read.")
                        .str(),
                    {kSuperHint}};
}

/// A printable name for a callee: `torch.foo`, `print`, `x.item`.
std::string describeCallee(Value callee) {
  Operation *def = callee.getDefiningOp();
  if (auto load = dyn_cast_or_null<LoadGlobalOp>(def))
    return load.getName().str();
  if (auto guard = dyn_cast_or_null<tg::GuardIdOp>(def))
    if (auto name = dyn_cast<StringAttr>(guard.getObject()))
      return name.str();
  if (auto attr = dyn_cast_or_null<GetAttrOp>(def))
    return describeCallee(attr.getObject()) + "." + attr.getName().str();
  return "<object>";
}

/// A store on an instance the region made whose classes all set
/// `__slots__ = ()` (the instance is where the break starts): CPython's
/// AttributeError.
std::optional<GraphBreak> classifyStoreWithoutDict(const Environment &env, NewObjectOp made) {
  std::optional<InstanceModel> model = getInstanceModel(env, made);
  if (!model || !model->noDict || model->customSetAttr)
    return std::nullopt;
  for (Operation *user : made->getUsers()) {
    auto store = dyn_cast<SetAttrOp>(user);
    if (!store || store.getObject() != made)
      continue;
    std::string cls = model->cls.getName().str(), name = store.getName().str();
    return GraphBreak{"Observed exception", "STORE_ATTR " + name,
                      "`" + cls + "` and its bases set `__slots__ = ()`: its instances have no "
                      "`__dict__`, and CPython raises AttributeError (\"'" + cls +
                          "' object has no attribute '" + name + "'\").",
                      {"Store the attribute on an object that has a `__dict__`, or add it to "
                       "`__slots__`.",
                       kFundamental}};
  }
  return std::nullopt;
}

/// What Dynamo refuses of exceptions, and what CPython raises for them.
std::optional<GraphBreak> classifyException(const Environment &env, Operation *op) {
  if (auto call = dyn_cast<CallOp>(op)) {
    ClassOp cls = getKnownClass(env, call.getCallee());
    if (!cls || !env.isSubclassOf(cls, "builtins.BaseException") || call.getKwnames().empty())
      return std::nullopt;
    std::string keywords;
    for (auto [index, name] : llvm::enumerate(call.getKwnames().getAsValueRange<StringAttr>()))
      keywords += (index ? ", " : "") + name.str();
    return GraphBreak{"Keyword args passed to exception constructor",
                      "ExceptionVariable(" + cls.getName().str() + ") with kwargs " + keywords,
                      "Dynamir, like Dynamo, does not know how to handle keyword args passed "
                      "to an exception constructor (other than AttributeError's `name` and "
                      "`obj` and NameError's `name`).",
                      {"Pass the exception's arguments positionally.",
                       "Please report an issue to Dynamir."}};
  }
  if (auto store = dyn_cast<SetAttrOp>(op)) {
    NewObjectOp exception = getModelledException(env, store.getObject());
    if (!exception)
      return std::nullopt;
    InstanceModel model = *getInstanceModel(env, exception);
    StringRef name = store.getName();
    std::string cls = model.cls.getName().str();
    std::string context = ("call_setattr ExceptionVariable(" + cls + ") " + name).str();
    if (name == "__traceback__")
      return GraphBreak{"Set Exception object `__traceback__` attribute to not-`None`", context,
                        "Dynamir, like Dynamo, does not support setting the attribute "
                        "'__traceback__' on tracked exception objects to anything other "
                        "than None.",
                        {"Avoid setting '__traceback__' on exception objects within traced "
                         "code, or set it to None."}};
    auto observed = [&](StringRef error) {
      return GraphBreak{"Observed exception", context,
                        ("Setting `" + name + "` on a `" + cls +
                         "` to this value raises " + error + " in CPython, or Dynamir "
                         "does not know the value.")
                            .str(),
                        {"Set it to a value its setter accepts.", kFundamental}};
    };
    if (name == "__cause__")
      return observed("TypeError(\"exception cause must be None or derive from "
                      "BaseException\")");
    if (name == "__context__")
      return observed("TypeError(\"exception context must be None or derive from "
                      "BaseException\")");
    if (name == "__suppress_context__")
      return observed("TypeError(\"attribute value type must be bool\")");
    if (model.cls.getLibrary() && !isExceptionField(model.exception, name))
      return GraphBreak{"Unsupported attribute assignment on Exception object", context,
                        ("Dynamir, like Dynamo, does not support setting the attribute '" +
                         name + "' on tracked exception objects. Only `__context__`, "
                         "`__cause__`, `__suppress_context__`, and `__traceback__` are "
                         "supported.")
                            .str(),
                        {"Please report an issue to Dynamir."}};
    return std::nullopt;
  }
  if (auto raise = dyn_cast<RaiseOp>(op)) {
    Value exception = raise.getException();
    if (!exception)
      return GraphBreak{"Observed exception", "RAISE_VARARGS 0",
                        "A bare `raise` re-raises the exception being handled; where none "
                        "is (or Dynamir cannot tell which), CPython raises RuntimeError "
                        "(\"No active exception to reraise\").",
                        {"Re-raise inside an `except` block.", kFundamental}};
    if (getConstant(exception) || (raise.getCause() && getConstant(raise.getCause()) &&
                                   !isa<NoneAttr>(getConstant(raise.getCause()))))
      return GraphBreak{"Observed exception", "RAISE_VARARGS",
                        "The value raised (or given after `from`) is not an exception "
                        "class or instance: CPython raises TypeError (\"exceptions must "
                        "derive from BaseException\").",
                        {"Raise an instance of an exception class.", kFundamental}};
  }
  return std::nullopt;
}

/// What Dynamo refuses of torch.autograd.Function (AutogradFunctionVariable,
/// AutogradFunctionContextVariable).
std::optional<GraphBreak> classifyAutogradFunction(const Environment &env, Operation *op) {
  auto call = dyn_cast<CallOp>(op);
  auto method = call ? call.getCallee().getDefiningOp<GetAttrOp>() : GetAttrOp();
  if (!method)
    return std::nullopt;
  StringRef name = method.getName();
  // The autograd engine, `Variable._execution_engine` (AutogradEngineVariable).
  std::string engine = describeCallee(method.getObject());
  if (engine == "torch.autograd.Variable._execution_engine" ||
      engine == "torch.autograd.variable.Variable._execution_engine") {
    std::string context = ("call_method AutogradEngineVariable() " + name).str();
    if (name == "queue_callback")
      return GraphBreak{"Unsupported torch._C._ImperativeEngine.queue_callback()", context,
                        "queue_callback() is only supported when Compiled Autograd is "
                        "enabled with fullgraph=True; Dynamir has no Compiled Autograd.",
                        {}};
    return GraphBreak{"Unsupported torch._C._ImperativeEngine method", context,
                      ("Dynamir, like Dynamo, only supports the `queue_callback` method on a "
                       "torch._C._ImperativeEngine instance, but found: `" +
                       name + "`.")
                          .str(),
                      {}};
  }
  // A method of a context the capture models.
  if (auto object = method.getObject().getDefiningOp<NewObjectOp>()) {
    std::optional<InstanceModel> model = getInstanceModel(env, object);
    if (!model || !model->autogradContext)
      return std::nullopt;
    if (name == "set_materialize_grads")
      return GraphBreak{"Unsupported autograd.Function context method",
                        "call_method AutogradFunctionContextVariable() set_materialize_grads",
                        "Dynamir traces a Function's backward with a zero tensor as the "
                        "gradient of each output that gets none "
                        "(`set_materialize_grads(True)`, PyTorch's default); it cannot give "
                        "backward None where `set_materialize_grads(False)` asks for it, and "
                        "Dynamo does not support the method at all.",
                        {"Remove `ctx.set_materialize_grads(False)` and test the gradient "
                         "for zeros instead of None.",
                         "Please report an issue to Dynamir."}};
    return GraphBreak{"Unsupported autograd.Function context method",
                      ("call_method AutogradFunctionContextVariable() " + name).str(),
                      ("Dynamir, like Dynamo, does not support calling the method `" + name +
                       "` on `autograd.Function` context objects. Supported methods are "
                       "`__setattr__`, `save_for_backward`, `mark_non_differentiable`, "
                       "`mark_dirty` and `set_materialize_grads`.")
                          .str(),
                      {"It may be possible to write Dynamir tracing rules for this code. "
                       "Please report an issue to Dynamir if you hit this graph break often."}};
  }
  ClassOp cls = getKnownClass(env, method.getObject());
  if (name != "apply" || !cls || cls.getLibrary() ||
      !env.isSubclassOf(cls, "torch.autograd.Function"))
    return std::nullopt;
  std::string context = ("call_apply AutogradFunctionVariable(" + cls.getName() + ")").str();
  std::optional<ClassMember> forward = lookupClassMember(env, cls, "forward");
  Attribute function = forward ? forward->value : Attribute();
  if (auto wrapped = dyn_cast_or_null<StaticMethodAttr>(function))
    function = wrapped.getFunction();
  else if (auto wrapped = dyn_cast_or_null<ClassMethodAttr>(function))
    function = wrapped.getFunction();
  if (forward && !forward->owner.getLibrary() && !isa_and_nonnull<FunctionAttr>(function))
    return GraphBreak{"Non-function or method in subclass of torch.autograd.Function", context,
                      "Dynamir, like Dynamo, requires the `forward` attribute of a "
                      "`torch.autograd.Function` subclass to be a standard Python function "
                      "or method.",
                      {"Ensure the `forward` method is defined as a regular function or "
                       "instance method."}};
  std::optional<ApplyTarget> target = matchAutogradApply(call, env);
  if (target && !target->unknownKeyword.empty()) {
    return GraphBreak{"autograd_function_kwonly_args",
                      "forward() has keyword-only args: " + target->unknownKeyword,
                      "autograd.Function.apply does not support keyword-only arguments in "
                      "forward(): a keyword must name a positional parameter of forward "
                      "(after ctx) that no positional argument gave.",
                      {"Pass the arguments of `apply` positionally.",
                       "Please report an issue to Dynamir."}};
  }
  SmallVector<Value> arguments(call.getArguments());
  if (mayNeedGrad(arguments)) {
    for (StringRef derivative : {"vjp", "jvp"}) {
      std::optional<ClassMember> member = lookupClassMember(env, cls, derivative);
      if (!member || member->owner.getLibrary())
        continue;
      SmallVector<std::string> hints{("Remove the custom `" + derivative +
                                      "` method if possible.").str()};
      if (derivative == "vjp")
        hints.push_back("Use standard `backward` instead if applicable.");
      hints.push_back("Please report an issue to Dynamir.");
      return GraphBreak{("Unsupported custom " + derivative).str(), context,
                        ("Dynamir, like Dynamo, does not support tracing "
                         "`torch.autograd.Function` subclasses that define a custom `" +
                         derivative + "` method.")
                            .str(),
                        hints};
    }
  }
  return std::nullopt;
}

GraphBreak classify(const Environment &env, Operation *op) {
  // 3.13 converts with TO_BOOL before the jump; earlier versions jump on
  // the value itself.
  if (isa<TruthOp, ToBoolOp>(op)) {
    if (Value tensor = getTensor(op->getOperand(0)))
      return {"Data-dependent branching",
              "attempted to jump with a " + typeString(tensor.getType()),
              "Detected data-dependent branching (e.g. `if my_tensor.sum() > "
              "0:`). Dynamir, like Dynamo, does not trace dynamic control flow.",
              {kFundamental, "Use `torch.cond` to express dynamic control flow."}};
  }
  if (std::optional<GraphBreak> super = classifySuper(env, op))
    return *super;
  if (isa<CheckEgMatchOp, PrepReraiseStarOp>(op))
    return {"Missing bytecode handler", "CHECK_EG_MATCH",
            "`except*` handles exception groups, which Dynamir, like Dynamo, does not "
            "trace.",
            {"Use `except` rather than `except*` in the compiled function.",
             "Please report an issue to Dynamir."}};
  if (std::optional<GraphBreak> exception = classifyException(env, op))
    return *exception;
  if (std::optional<GraphBreak> function = classifyAutogradFunction(env, op))
    return *function;
  if (auto check = dyn_cast<CheckInitReturnOp>(op))
    return {"Observed exception", "type.__call__ __init__ result",
            "The class's `__init__` returns something other than None, for which "
            "CPython raises TypeError (\"__init__() should return None\"); or "
            "Dynamir could not inline it and does not know what it returns.",
            {"Return None from `__init__`.", kFundamental}};
  if (auto made = dyn_cast<NewObjectOp>(op))
    if (std::optional<GraphBreak> store = classifyStoreWithoutDict(env, made))
      return *store;
  if (isa<CheckLenResultOp>(op))
    return {"Observed exception", "len() __len__ result",
            "The class's `__len__` returns what Dynamir cannot show to be an int of "
            "at least 0, for which CPython raises TypeError or ValueError; or Dynamir "
            "could not inline it and does not know what it returns.",
            {"Return a non-negative int from `__len__`.", kFundamental}};
  if (auto check = dyn_cast<CheckStrResultOp>(op))
    return {"Observed exception", (check.getMethod() + " result").str(),
            ("The class's `" + check.getMethod() +
             "` returns what Dynamir cannot show to be a str, for which CPython raises "
             "TypeError (\"" + check.getMethod() + " returned non-string\"); or Dynamir "
             "could not inline it and does not know what it returns.")
                .str(),
            {("Return a str from `" + check.getMethod() + "`.").str(), kFundamental}};
  if (isa<CheckIterResultOp>(op))
    return {"Observed exception", "iter() __iter__ result",
            "The class's `__iter__` returns what Dynamir cannot show to be an iterator, "
            "for which CPython raises TypeError (\"iter() returned non-iterator\"); or "
            "Dynamir could not inline it and does not know what it returns.",
            {"Return `iter(...)` of a container from `__iter__`; Dynamir does not "
             "model generators.",
             kFundamental}};
  if (isa<NewObjectOp, InitInstanceOp>(op)) {
    ClassOp cls = getKnownClass(env, op->getOperand(0));
    std::string name = cls ? cls.getName().str() : "<class>";
    // The instance's `__init__` that was not inlined, called on it.
    bool initPending = llvm::any_of(op->getUsers(), [](Operation *user) {
      auto call = dyn_cast<CallOp>(user);
      auto attr = call ? call.getCallee().getDefiningOp<GetAttrOp>() : GetAttrOp();
      return attr && attr.getName() == "__init__";
    });
    if (initPending)
      return {"Unsupported function call",
              "call_function UserFunctionVariable(" + name + ".__init__)",
              "Dynamir could not inline `" + name +
                  ".__init__` for the instance the call creates: the arguments do not "
                  "bind to its parameters (Python raises TypeError), or it is not a "
                  "function Dynamir inlines.",
              {"Check the arguments given to `" + name + "(...)`.",
               "Please report an issue to Dynamir."}};
    return {"Unsupported function call",
            "call_function UserDefinedClassVariable(" + name + ")",
            "Dynamir models an instance of `" + name +
                "` that the captured function creates only while it stays inside "
                "it: here the instance is returned, kept in a container, passed to "
                "code Dynamir does not inline, or initialized by a `__new__` whose "
                "result Dynamir does not know.",
            {"Keep the instance inside the compiled function, or create it outside "
             "and pass it in.",
             "Please report an issue to Dynamir."}};
  }
  if (auto call = dyn_cast<CallOp>(op)) {
    if (auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
        load && load.getName() == "super" && call.getArguments().size() == 1)
      return {"1-arg super not implemented", "call_function super (1 argument)",
              "Dynamir, like Dynamo, does not trace the one-argument form "
              "`super(T)`, an unbound super object.",
              {"Use `super()` or `super(T, obj)`."}};
    if (auto attr = call.getCallee().getDefiningOp<GetAttrOp>()) {
      if (Value tensor = getTensor(attr.getObject())) {
        StringRef name = attr.getName();
        if (name == "item")
          return {"Unsupported Tensor.item() call with capture_scalar_outputs=False",
                  "call_method TensorVariable() item () {}",
                  "Dynamir does not trace `Tensor.item()`: a data-dependent "
                  "Python scalar (Dynamo does so only with "
                  "config.capture_scalar_outputs=True).",
                  {"Keep the value as a 0-d tensor, or move `.item()` out of "
                   "the compiled function."}};
        if (name == "backward")
          return {"Unsupported Tensor.backward() call",
                  "call_method TensorVariable() backward () {}",
                  "Dynamir, like Dynamo, does not trace `Tensor.backward()`.",
                  {kFundamental}};
        return {"Unsupported method call",
                ("call_method TensorVariable() " + name).str(),
                ("Dynamir does not know how to trace method `" + name +
                 "` of class `Tensor` (" + typeString(tensor.getType()) + ")")
                    .str(),
                {("Avoid calling `Tensor." + name + "` in your code.").str(),
                 "Please report an issue to Dynamir."}};
      }
    }
    std::string callee = describeCallee(call.getCallee());
    return {"Unsupported function call",
            "call_function " + callee,
            "Dynamir does not know how to trace the function `" + callee + "`.",
            {"Avoid calling `" + callee + "` in your code.",
             "Please report an issue to Dynamir."}};
  }
  if (isa<YieldOp, ReturnGeneratorOp>(op))
    return {"Attempt to trace generator", "",
            "Generators cannot be compiled directly with `torch.compile`.",
            {"Call a generator from inside of a non-generator Python function "
             "and compile that function instead.",
             kFundamental}};
  std::string opName = op->getName().getStringRef().str();
  return {"Missing bytecode handler", opName,
          "Dynamir does not know how to capture `" + opName +
              "` on the values it has here.",
          {"It may be possible to write capture rules for this code. Please "
           "report an issue to Dynamir if you hit this graph break often."}};
}

struct ReportGraphBreaksPass
    : dynamir::py::impl::ReportGraphBreaksBase<ReportGraphBreaksPass> {
  using ReportGraphBreaksBase::ReportGraphBreaksBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FuncOp entry = getCaptureEntry(module);
    if (!entry)
      return signalPassFailure();

    Environment env(module);
    SmallVector<std::pair<Operation *, GraphBreak>> breaks;
    // Graphs are the stretches of tensor ops between breaks, in order.
    SmallVector<SmallVector<Operation *>> graphs(1);
    llvm::SmallPtrSet<Operation *, 16> residual;
    entry.walk([&](Operation *op) {
      if (op == entry.getOperation())
        return;
      if (isGraphOp(op)) {
        graphs.back().push_back(op);
        return;
      }
      if (isCaptured(op) || isa<cf::BranchOp>(op))
        return;
      // A branch on a value the capture knows is decided by its condition.
      if (auto branch = dyn_cast<cf::CondBranchOp>(op)) {
        if (Operation *cond = branch.getCondition().getDefiningOp();
            cond && residual.contains(cond))
          residual.insert(op);
        return;
      }
      residual.insert(op);
      // An exception the capture made is a value; what it cannot do with
      // it is the break.
      // Entering and leaving a handler runs no code (and `PUSH_EXC_INFO` has
      // no line): the break is what the handler does.
      // So is the context of a torch.autograd.Function, with what is stored
      // on it.
      auto isAutogradContext = [&](Value value) {
        auto made = value.getDefiningOp<NewObjectOp>();
        std::optional<InstanceModel> model = made ? getInstanceModel(env, made) : std::nullopt;
        return model && model->autogradContext;
      };
      auto namesAValue = [&](Operation *def) {
        if (auto store = dyn_cast<ObjectSetAttrOp>(def))
          return isAutogradContext(store.getObject());
        if (auto store = dyn_cast<SetAttrOp>(def); store && isAutogradContext(store.getObject()))
          return true;
        return onlyNamesAValue(def) || isa<ExceptionStoreOp, PushExcInfoOp, PopExceptOp>(def) ||
               (isa<NewObjectOp>(def) && (getModelledException(env, def->getResult(0)) ||
                                          isAutogradContext(def->getResult(0))));
      };
      if (namesAValue(op))
        return;
      bool downstream = llvm::any_of(op->getOperands(), [&](Value operand) {
        Operation *def = operand.getDefiningOp();
        return def && residual.contains(def) && !namesAValue(def);
      });
      if (downstream)
        return;
      breaks.emplace_back(op, classify(env, op));
      if (!graphs.back().empty())
        graphs.emplace_back();
    });
    // What stays is never silently taken for captured.
    if (breaks.empty() && !residual.empty()) {
      Operation *first = nullptr;
      entry.walk([&](Operation *op) {
        if (!first && residual.contains(op))
          first = op;
      });
      breaks.emplace_back(first, classify(env, first));
    }
    if (graphs.back().empty() && graphs.size() > 1)
      graphs.pop_back();
    if (graphs.size() == 1 && graphs.front().empty())
      graphs.clear();

    for (auto &[op, gb] : breaks) {
      // Not op->emit*: the user's line says where, the op dump would not help.
      InFlightDiagnostic diag =
          fullgraph ? emitError(op->getLoc()) : emitWarning(op->getLoc());
      diag << "graph break: " << gb.gbType;
      diag.attachNote(op->getLoc()) << "Explanation: " << gb.explanation;
      for (const std::string &hint : gb.hints)
        diag.attachNote(op->getLoc()) << "Hint: " << hint;
      if (!gb.context.empty())
        diag.attachNote(op->getLoc()) << "Developer debug context: " << gb.context;
    }
    numBreaks += breaks.size();

    if (explain)
      printExplanation(entry, graphs, breaks);
    if (fullgraph && !breaks.empty())
      signalPassFailure();
  }

  void printExplanation(FuncOp entry, ArrayRef<SmallVector<Operation *>> graphs,
                        ArrayRef<std::pair<Operation *, GraphBreak>> breaks) {
    llvm::raw_ostream &os = llvm::outs();
    size_t numOps = 0;
    for (const auto &graph : graphs)
      numOps += graph.size();
    os << "Graph Count: " << graphs.size() << "\n"
       << "Graph Break Count: " << breaks.size() << "\n"
       << "Op Count: " << numOps << "\n"
       << "Break Reasons:\n";
    for (auto [i, entryBreak] : llvm::enumerate(breaks)) {
      os << "  Break Reason " << i + 1 << ":\n"
         << "    Reason: " << entryBreak.second.gbType << "\n"
         << "    User Stack: " << entryBreak.first->getLoc() << "\n";
    }
    os << "Ops per Graph:\n";
    for (auto [i, graph] : llvm::enumerate(graphs)) {
      os << "  Ops " << i + 1 << ":\n";
      for (Operation *op : graph)
        os << "    " << op->getName() << "\n";
    }
    os << "Out Guards:\n";
    unsigned index = 0;
    entry.walk([&](tg::GuardOpInterface guard) {
      os << "  Guard " << ++index << ": ";
      guard.describe(os);
      os << "\n";
    });
  }
};
} // namespace
