//===- ResolveExceptions.cpp - Raise and catch at capture time ------------===//
//
// Dynamo's ExceptionVariable simulates Python's exceptions while it traces:
// raising, chaining and catching happen at compile time, and the graph keeps
// only the tensor work. Here that is a pass over the entry's CFG: a raise of
// an exception instance the capture models sets its `__context__` (and
// `__cause__`) as CPython's `_PyErr_SetObject` and `do_raise` would, and a
// raise inside a `try` becomes a branch to the handler with the exception as
// a block argument.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/Transforms/Passes.h"

#include "Exceptions.h"
#include "Objects.h"
#include "Super.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"

namespace dynamir::py {
#define GEN_PASS_DEF_RESOLVEEXCEPTIONS
#include "dynamir/Dialect/Py/Transforms/Passes.h.inc"
} // namespace dynamir::py

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
//===----------------------------------------------------------------------===//
// The exception being handled
//===----------------------------------------------------------------------===//

/// What `sys.exception()` is at a point of the function: the exceptions of
/// the `py.push_exc_info` ops that no `py.pop_except` has undone yet,
/// innermost last. The entry starts with none, as Dynamo's does (it cannot
/// see its caller's). `conflict` where paths that meet disagree.
struct HandledState {
  bool conflict = false;
  SmallVector<PushExcInfoOp> stack;

  bool operator==(const HandledState &other) const {
    return conflict == other.conflict && stack == other.stack;
  }
  void apply(Operation *op) {
    if (conflict)
      return;
    if (auto push = dyn_cast<PushExcInfoOp>(op)) {
      stack.push_back(push);
    } else if (auto pop = dyn_cast<PopExceptOp>(op)) {
      // Restores what the innermost push replaced.
      if (stack.empty() || pop.getPrevious() != stack.back().getPrevious())
        conflict = true;
      else
        stack.pop_back();
    }
  }
  /// The exception being handled: null for none, nothing where unknown.
  std::optional<Value> handled() const {
    if (conflict)
      return std::nullopt;
    return stack.empty() ? Value() : PushExcInfoOp(stack.back()).getException();
  }
};

/// The state at the start of each block reached from the entry.
class HandledAnalysis {
public:
  explicit HandledAnalysis(Region &region) {
    Block *entry = &region.front();
    states[entry] = HandledState();
    SmallVector<Block *> worklist{entry};
    while (!worklist.empty()) {
      Block *block = worklist.pop_back_val();
      HandledState state = states[block];
      // The state where each op that may raise raises: what an unwind edge
      // carries.
      std::optional<HandledState> atRaise;
      auto noteRaise = [&] {
        if (!atRaise)
          atRaise = state;
        else if (!(*atRaise == state))
          atRaise->conflict = true;
      };
      for (Operation &op : *block) {
        if (&op == block->getTerminator() || !mayRaise(&op)) {
          state.apply(&op);
          continue;
        }
        noteRaise();
        state.apply(&op);
      }
      Operation *terminator = block->getTerminator();
      if (isa<RaiseOp, ReraiseOp>(terminator))
        noteRaise();
      for (auto [index, successor] : llvm::enumerate(terminator->getSuccessors())) {
        bool unwind = isa<RaiseOp, ReraiseOp>(terminator) ||
                      (isa<UnwindBranchOp>(terminator) && index == 1);
        if (unwind && !atRaise)
          continue;
        const HandledState &incoming = unwind ? *atRaise : state;
        auto [it, inserted] = states.try_emplace(successor, incoming);
        if (inserted) {
          worklist.push_back(successor);
          continue;
        }
        if (it->second == incoming || it->second.conflict)
          continue;
        it->second.conflict = true;
        worklist.push_back(successor);
      }
    }
  }

  /// The exception being handled where `op` runs.
  std::optional<Value> getHandled(Operation *op) const {
    auto it = states.find(op->getBlock());
    if (it == states.end())
      return std::nullopt;
    HandledState state = it->second;
    for (Operation &before : *op->getBlock()) {
      if (&before == op)
        break;
      state.apply(&before);
    }
    return state.handled();
  }

private:
  DenseMap<Block *, HandledState> states;
};

//===----------------------------------------------------------------------===//
// Raising
//===----------------------------------------------------------------------===//

/// A class deriving from BaseException, which `raise` instantiates.
bool isExceptionClass(const Environment &env, Value value) {
  ClassOp cls = getKnownClass(env, value);
  return cls && env.isSubclassOf(cls, "builtins.BaseException");
}

/// `exception.__context__` where the code reaches `at`: the exception it
/// holds, null for None, nothing where unknown.
std::optional<Value> getContext(const Environment &env, NewObjectOp exception,
                                Operation *at) {
  InstanceAttribute found = findInstanceAttribute(env, exception, "__context__", at);
  if (found.kind == InstanceAttribute::Absent)
    return Value();
  if (found.kind != InstanceAttribute::Stored)
    return std::nullopt;
  if (auto constant = found.value.getDefiningOp<ConstantOp>();
      constant && isa<NoneAttr>(constant.getValue()))
    return Value();
  return found.value;
}

struct Raiser {
  const Environment &env;
  const HandledAnalysis &analysis;
  RewriterBase &rewriter;

  Value none(Location loc) {
    return rewriter.create<ConstantOp>(loc, ObjectType::get(rewriter.getContext()),
                                       NoneAttr::get(rewriter.getContext()));
  }

  /// `raise cls` instantiates the class with no arguments: a call the
  /// object patterns resolve, after which the raise is lowered.
  Value instantiate(Location loc, Value cls) {
    return rewriter.create<CallOp>(loc, ObjectType::get(rewriter.getContext()), cls,
                                   ValueRange(), rewriter.getStrArrayAttr({}));
  }

  /// Lowers one `py.raise`; whether it changed anything.
  bool lower(RaiseOp raise) {
    Location loc = raise.getLoc();
    rewriter.setInsertionPoint(raise);
    std::optional<Value> handled = analysis.getHandled(raise);
    Value exception = raise.getException();
    if (!exception) {
      // A bare `raise` re-raises the exception being handled.
      if (!handled || !*handled)
        return false;
      rewriter.replaceOpWithNewOp<ReraiseOp>(raise, *handled, raise.getUnwindOperands(),
                                             raise.getUnwindDest());
      return true;
    }
    // `raise cls` and `raise ... from cls` raise (and chain) instances.
    if (isExceptionClass(env, exception)) {
      raise.getExceptionMutable().assign(instantiate(loc, exception));
      return true;
    }
    if (Value cause = raise.getCause(); cause && isExceptionClass(env, cause)) {
      raise.getCauseMutable().assign(instantiate(loc, cause));
      return true;
    }
    NewObjectOp object = getModelledException(env, exception);
    if (!object || !handled)
      return false;
    // `from`: do_raise sets `__cause__`, and with it `__suppress_context__`.
    Value cause = raise.getCause();
    if (cause) {
      auto constant = cause.getDefiningOp<ConstantOp>();
      bool isNone = constant && isa<NoneAttr>(constant.getValue());
      if (!isNone && !getModelledException(env, cause))
        return false;
    }
    // _PyErr_SetObject chains the handled exception as `__context__`, first
    // cutting the new one out of the handled one's chain, so no cycle forms.
    Operation *clearContextOf = nullptr;
    if (*handled && *handled != exception) {
      NewObjectOp link = getModelledException(env, *handled);
      for (unsigned depth = 0; link; ++depth) {
        std::optional<Value> context = getContext(env, link, raise);
        if (!context || depth > 64)
          return false;
        if (!*context)
          break;
        if (*context == exception) {
          clearContextOf = link;
          break;
        }
        link = getModelledException(env, *context);
        if (!link)
          return false;
      }
      if (!getModelledException(env, *handled))
        return false;
    }
    Type objectType = exception.getType();
    if (cause) {
      rewriter.create<ExceptionStoreOp>(loc, exception, "__cause__", cause);
      Value yes = rewriter.create<ConstantOp>(loc, objectType, rewriter.getBoolAttr(true));
      rewriter.create<ExceptionStoreOp>(loc, exception, "__suppress_context__", yes);
    }
    if (clearContextOf)
      rewriter.create<ExceptionStoreOp>(loc, clearContextOf->getResult(0), "__context__",
                                        none(loc));
    if (*handled && *handled != exception)
      rewriter.create<ExceptionStoreOp>(loc, exception, "__context__", *handled);
    rewriter.replaceOpWithNewOp<ReraiseOp>(raise, exception, raise.getUnwindOperands(),
                                           raise.getUnwindDest());
    return true;
  }
};

//===----------------------------------------------------------------------===//
// Catching
//===----------------------------------------------------------------------===//

/// The block after `handler`'s landing pad, whose arguments are the
/// handler's followed by the landing pad's results: where an exception
/// known at capture time enters the handler. Splits the handler the first
/// time.
Block *getHandlerBody(RewriterBase &rewriter, Block *handler) {
  auto pad = cast<LandingPadOp>(handler->front());
  auto branch = dyn_cast<cf::BranchOp>(handler->getTerminator());
  if (branch && pad->getNextNode() == branch.getOperation()) {
    SmallVector<Value> expected(handler->getArguments());
    llvm::append_range(expected, pad->getResults());
    if (llvm::equal(branch.getDestOperands(), expected))
      return branch.getDest();
  }
  Block *body = rewriter.splitBlock(handler, std::next(pad->getIterator()));
  SmallVector<Value> forwarded;
  for (BlockArgument arg : handler->getArguments()) {
    BlockArgument copy = body->addArgument(arg.getType(), arg.getLoc());
    rewriter.replaceAllUsesWith(arg, copy);
    forwarded.push_back(arg);
  }
  for (Value result : pad->getResults()) {
    BlockArgument copy = body->addArgument(result.getType(), pad->getLoc());
    rewriter.replaceAllUsesWith(result, copy);
    forwarded.push_back(result);
  }
  rewriter.setInsertionPointToEnd(handler);
  rewriter.create<cf::BranchOp>(pad->getLoc(), body, forwarded);
  return body;
}

/// `py.reraise %e unwind ^handler(...)`, which raises exactly `%e`, is
/// control entering the handler with `%e`: a branch to the handler's body.
/// Where an op before it in the block may still raise, that op goes to the
/// landing pad as before.
bool branchToHandler(RewriterBase &rewriter, ReraiseOp reraise) {
  if (reraise.getUnwindDest().empty())
    return false;
  Value exception = reraise.getException();
  Block *handler = reraise.getUnwindDest().front();
  auto pad = cast<LandingPadOp>(handler->front());
  Location loc = reraise.getLoc();
  SmallVector<Value> operands(reraise.getUnwindOperands());
  Block *body = getHandlerBody(rewriter, handler);
  rewriter.setInsertionPoint(reraise);
  operands.push_back(exception);
  // `lasti` only restores the traceback's position, which Dynamir does not
  // keep.
  if (pad.getLasti())
    operands.push_back(rewriter.create<ConstantOp>(
        loc, exception.getType(), IntAttr::get(rewriter.getContext(), -1)));
  if (mayRaiseBefore(reraise)) {
    Block *block = reraise->getBlock();
    Block *taken = rewriter.splitBlock(block, reraise->getIterator());
    rewriter.setInsertionPointToEnd(block);
    rewriter.create<UnwindBranchOp>(loc, ValueRange(), reraise.getUnwindOperands(), taken,
                                    handler);
    rewriter.setInsertionPoint(reraise);
  }
  rewriter.replaceOpWithNewOp<cf::BranchOp>(reraise, body, operands);
  return true;
}

/// A block whose one predecessor branches to it unconditionally takes the
/// branch's operands for its arguments: the exception a raise sent to a
/// handler is then the instance itself, whose fields the next round reads.
bool forwardBlockArguments(RewriterBase &rewriter, Region &region) {
  bool changed = false;
  for (Block &block : llvm::drop_begin(region)) {
    Block *predecessor = block.getSinglePredecessor();
    auto branch = predecessor ? dyn_cast<cf::BranchOp>(predecessor->getTerminator())
                              : cf::BranchOp();
    if (!branch || predecessor == &block || block.getNumArguments() == 0)
      continue;
    for (auto [argument, operand] : llvm::zip(block.getArguments(), branch.getDestOperands()))
      rewriter.replaceAllUsesWith(argument, operand);
    rewriter.modifyOpInPlace(branch, [&] { branch.getDestOperandsMutable().clear(); });
    block.eraseArguments(0, block.getNumArguments());
    changed = true;
  }
  return changed;
}

/// Once nothing in the function can raise an exception that Dynamir does
/// not know (only known exceptions are re-raised), nothing reads the
/// handled exception: the pushes and pops of it go.
bool eraseHandledExceptionState(RewriterBase &rewriter, const Environment &env, FuncOp func) {
  SmallVector<Operation *> state;
  bool observed = false;
  func.getBody().walk([&](Operation *op) {
    if (isa<PushExcInfoOp, PopExceptOp>(op))
      state.push_back(op);
    else if (isa<RaiseOp>(op) || (mayRaise(op) && !op->hasTrait<mlir::OpTrait::IsTerminator>() &&
                                  !cannotRaise(env, op)))
      observed = true;
  });
  if (observed || state.empty())
    return false;
  SmallVector<PushExcInfoOp> pushes;
  for (Operation *op : state) {
    if (auto push = dyn_cast<PushExcInfoOp>(op))
      pushes.push_back(push);
    else
      rewriter.eraseOp(op);
  }
  for (PushExcInfoOp push : pushes)
    if (push->use_empty())
      rewriter.eraseOp(push);
  return true;
}

struct ResolveExceptionsPass
    : dynamir::py::impl::ResolveExceptionsBase<ResolveExceptionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FuncOp entry = getCaptureEntry(module);
    if (!entry)
      return signalPassFailure();
    Environment env(module);
    IRRewriter rewriter(&getContext());
    // Each raise lowered may reach a handler whose own raises need the
    // exception it now knows; the number of raises bounds the rounds.
    for (unsigned round = 0; round < 64; ++round) {
      bool changed = false;
      {
        HandledAnalysis analysis(entry.getBody());
        Raiser raiser{env, analysis, rewriter};
        SmallVector<RaiseOp> raises;
        entry.walk([&](RaiseOp raise) { raises.push_back(raise); });
        for (RaiseOp raise : raises)
          if (raiser.lower(raise)) {
            changed = true;
            ++numRaises;
          }
      }
      SmallVector<ReraiseOp> reraises;
      entry.walk([&](ReraiseOp reraise) { reraises.push_back(reraise); });
      for (ReraiseOp reraise : reraises)
        if (branchToHandler(rewriter, reraise)) {
          changed = true;
          ++numCaught;
        }
      if (changed) {
        (void)eraseUnreachableBlocks(rewriter, entry->getRegions());
        forwardBlockArguments(rewriter, entry.getBody());
      }
      if (!changed)
        break;
    }
    if (eraseHandledExceptionState(rewriter, env, entry))
      (void)eraseUnreachableBlocks(rewriter, entry->getRegions());
  }
};
} // namespace
