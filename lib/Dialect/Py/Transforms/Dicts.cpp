//===- Dicts.cpp - Dicts the code builds, as values -----------------------===//
//
// A dict is known where the code built it with constant keys and every use
// only reads it: subscripts, `in`, `len`, `get`, iteration of it or of its
// views, `**d` in a call, copies. Changes in the block that built it
// (`d[k] = v`, a comprehension's MAP_ADD, `{**a, **b}`, `f(**d)`'s
// DICT_MERGE) each make a new dict value that the code after them sees, so
// reads before a change keep seeing the old contents, as in Python.
//
// Sets of simple keys, and membership in tuples and lists of them, share the
// key equality, and live here too: a set is a value the same way, and `in`,
// `index` and `count` of such sequences fold.
//
//===----------------------------------------------------------------------===//

#include "Dicts.h"

#include "Exceptions.h"
#include "Objects.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"

#include "llvm/ADT/APSInt.h"

#include <cmath>

using namespace mlir;
using namespace dynamir;
using namespace dynamir::py;

namespace {
/// A key whose hash and `==` Python computes without user code.
bool isSimpleKey(Attribute key) {
  if (auto f = dyn_cast_or_null<FloatAttr>(key))
    return f.getType().isF64() && !f.getValue().isNaN();
  return isa_and_present<StringAttr, IntAttr, BoolAttr, NoneAttr>(key);
}

/// The integer a number key equals, where it equals one.
std::optional<APSInt> getExactInt(Attribute key) {
  if (auto i = dyn_cast<IntAttr>(key))
    return APSInt(i.getValue().sext(i.getValue().getBitWidth() + 1), /*isUnsigned=*/false);
  if (auto b = dyn_cast<BoolAttr>(key))
    return APSInt(APInt(2, b.getValue()), /*isUnsigned=*/false);
  if (auto f = dyn_cast<FloatAttr>(key)) {
    APSInt result(1100, /*isUnsigned=*/false);
    bool exact = false;
    f.getValue().convertToInteger(result, APFloat::rmTowardZero, &exact);
    if (exact)
      return result;
  }
  return std::nullopt;
}

/// Whether two simple keys are one dict key: Python's `==`, under which
/// `1`, `1.0` and `True` are one key.
bool isSameKey(Attribute a, Attribute b) {
  if (isa<StringAttr>(a) || isa<StringAttr>(b) || isa<NoneAttr>(a) || isa<NoneAttr>(b))
    return a == b;
  std::optional<APSInt> x = getExactInt(a), y = getExactInt(b);
  if (x && y)
    return APSInt::compareValues(*x, *y) == 0;
  if (x || y)
    return false;
  return cast<FloatAttr>(a).getValueAsDouble() == cast<FloatAttr>(b).getValueAsDouble();
}

/// A dict's contents with the values that hold its keys.
struct Pairs {
  DictContents contents;
  SmallVector<Value> keyValues;

  /// `d[key] = value`: a key already there keeps its place (and its key
  /// object); a new one goes last.
  void set(Attribute key, Value keyValue, Value value) {
    std::optional<size_t> at = *contents.find(key);
    if (at) {
      contents.values[*at] = value;
      return;
    }
    contents.keys.push_back(key);
    keyValues.push_back(keyValue);
    contents.values.push_back(value);
  }
};

/// The pairs of a dict display, later duplicates winning, where every key
/// is simple.
std::optional<Pairs> getBuiltPairs(BuildDictOp build) {
  Pairs pairs;
  for (auto [keyValue, value] : llvm::zip(build.getKeys(), build.getValues())) {
    Attribute key = getConstant(keyValue);
    if (!isSimpleKey(key))
      return std::nullopt;
    pairs.set(key, keyValue, value);
  }
  return pairs;
}

bool isBuiltinCall(const Environment &env, CallOp call, ArrayRef<StringRef> names) {
  auto load = call.getCallee().getDefiningOp<LoadGlobalOp>();
  return load && llvm::is_contained(names, load.getName()) && env.isBuiltin(load.getName());
}

/// The call `d.name(...)` that a getattr of `d` starts, where the getattr
/// is only that call's callee.
CallOp getMethodCall(GetAttrOp attr) {
  if (!attr->hasOneUse())
    return {};
  auto call = dyn_cast<CallOp>(*attr->user_begin());
  return call && call.getCallee() == attr.getResult() ? call : CallOp();
}

bool isView(StringRef name) { return name == "keys" || name == "values" || name == "items"; }

/// Whether `use` reads the dict without keeping it or changing it.
bool isRead(const Environment &env, OpOperand &use) {
  Operation *user = use.getOwner();
  unsigned index = use.getOperandNumber();
  if (isa<LenOp, GetIterOp, ReturnOp>(user) || isContentsHolder(env, use))
    return true;
  if (isa<GetItemOp>(user))
    return index == 0;
  if (auto contains = dyn_cast<ContainsOp>(user))
    return use.get() == contains.getContainer() && use.get() != contains.getItem();
  if (isa<DictUpdateOp, DictMergeOp>(user))
    return index == 1 && user->getOperand(0) != use.get();
  if (auto callEx = dyn_cast<CallExOp>(user))
    return use.get() == callEx.getKwargs() && use.get() != callEx.getCallee() &&
           use.get() != callEx.getArgs();
  if (auto attr = dyn_cast<GetAttrOp>(user)) {
    CallOp call = getMethodCall(attr);
    return call && (isView(attr.getName()) || attr.getName() == "get") &&
           !llvm::is_contained(call->getOperands(), use.get());
  }
  if (auto call = dyn_cast<CallOp>(user))
    return call.getCallee() != use.get() &&
           isBuiltinCall(env, call,
                         {"len", "list", "tuple", "dict", "sorted", "set", "any", "all"});
  return false;
}

/// Whether `use` is a change of the dict: its container operand.
bool isChange(OpOperand &use) {
  return isa<SetItemOp, MapAddOp, DictUpdateOp, DictMergeOp>(use.getOwner()) &&
         use.getOperandNumber() == 0;
}

/// Whether what `value` holds of the dict (an iterator, a view) is used
/// only in `change`'s block before it: a change must not be seen through it.
bool endsBefore(Value value, Operation *change) {
  for (Operation *user : value.getUsers()) {
    if (user->getBlock() != change->getBlock() || !user->isBeforeInBlock(change))
      return false;
    if (isa<GetIterOp>(user) && !endsBefore(user->getResult(0), change))
      return false;
  }
  return true;
}

bool readEndsBefore(Operation *read, Operation *change) {
  if (isa<GetIterOp>(read))
    return endsBefore(read->getResult(0), change);
  if (auto attr = dyn_cast<GetAttrOp>(read); attr && isView(attr.getName()))
    return endsBefore(getMethodCall(attr).getResult(), change);
  return true;
}

/// `d[k] = v`, MAP_ADD, DICT_UPDATE and DICT_MERGE on a dict the block
/// built: the dict after the change is a new display, which every later use
/// reads. The change must be the first of the dict's, and every other use
/// a read or a later change in the block.
struct ForwardDictChange : RewritePattern {
  ForwardDictChange(StringRef root, MLIRContext *context, ResolveState &state)
      : RewritePattern(root, /*benefit=*/1, context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(Operation *op, PatternRewriter &rewriter) const override {
    Value dict = op->getOperand(0);
    auto build = dict.getDefiningOp<BuildDictOp>();
    if (!build || build->getBlock() != op->getBlock())
      return failure();
    std::optional<Pairs> pairs = getBuiltPairs(build);
    if (!pairs)
      return failure();
    for (OpOperand &use : dict.getUses()) {
      Operation *user = use.getOwner();
      if (isChange(use)) {
        if (user->getBlock() != op->getBlock() || user->isBeforeInBlock(op))
          return failure();
        continue;
      }
      if (!isRead(state.env, use))
        return failure();
      if (user->getBlock() == op->getBlock() && user->isBeforeInBlock(op) &&
          !readEndsBefore(user, op))
        return failure();
    }
    if (isa<SetItemOp, MapAddOp>(op)) {
      Value keyValue = op->getOperand(1), value = op->getOperand(2);
      Attribute key = getConstant(keyValue);
      if (!isSimpleKey(key) || keyValue == dict || value == dict)
        return failure();
      pairs->set(key, keyValue, value);
    } else {
      Value source = op->getOperand(1);
      auto sourceBuild = source.getDefiningOp<BuildDictOp>();
      std::optional<DictContents> known = getKnownDict(state.env, source);
      std::optional<Pairs> added = sourceBuild ? getBuiltPairs(sourceBuild) : std::nullopt;
      if (!known || !added || source == dict)
        return failure();
      for (auto [key, keyValue, value] :
           llvm::zip(added->contents.keys, added->keyValues, added->contents.values)) {
        // Merging keyword arguments refuses a duplicate (TypeError): left
        // for Python.
        if (isa<DictMergeOp>(op) && *pairs->contents.find(key))
          return failure();
        pairs->set(key, keyValue, value);
      }
    }
    rewriter.setInsertionPointAfter(op);
    auto updated = rewriter.create<BuildDictOp>(op->getLoc(), dict.getType(), pairs->keyValues,
                                                pairs->contents.values);
    rewriter.replaceUsesWithIf(dict, updated.getResult(), [&](OpOperand &use) {
      Operation *user = use.getOwner();
      return user != op && (user->getBlock() != op->getBlock() || op->isBeforeInBlock(user));
    });
    rewriter.eraseOp(op);
    return success();
  }
};

/// `d[k]` of a known dict holding `k`; where it does not hold `k`, the
/// KeyError(k) it raises.
struct FoldDictSubscript : OpRewritePattern<GetItemOp> {
  FoldDictSubscript(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(GetItemOp op, PatternRewriter &rewriter) const override {
    std::optional<DictContents> dict = getKnownDict(state.env, op.getObject());
    if (!dict)
      return failure();
    std::optional<std::optional<size_t>> at = dict->find(getConstant(op.getKey()));
    if (!at)
      return failure();
    if (!*at)
      return raiseBuiltinException(rewriter, state.env, op, "KeyError", op.getKey());
    rewriter.replaceOp(op, dict->values[**at]);
    return success();
  }
};

/// `k in d` of a known dict and a simple key.
struct FoldDictContains : OpRewritePattern<ContainsOp> {
  FoldDictContains(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(ContainsOp op, PatternRewriter &rewriter) const override {
    std::optional<DictContents> dict = getKnownDict(state.env, op.getContainer());
    if (!dict)
      return failure();
    std::optional<std::optional<size_t>> at = dict->find(getConstant(op.getItem()));
    if (!at)
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(
        op, op.getType(), rewriter.getBoolAttr(at->has_value() != op.getNegated()));
    return success();
  }
};

/// The elements of `sequence`, where it is a tuple or frozenset (or a list
/// or set used only by `user`) of simple constants: comparing them with `==` runs no user code,
/// and is the key equality above.
std::optional<SmallVector<Attribute>> getSimpleElements(Value sequence, Operation *user) {
  SmallVector<Attribute> elements;
  // A fresh iterator `user` alone reads yields its sequence's elements.
  if (auto iter = sequence.getDefiningOp<GetIterOp>(); iter && sequence.hasOneUse() &&
                                                       *sequence.user_begin() == user)
    return getSimpleElements(iter->getOperand(0), iter);
  Operation *def = sequence.getDefiningOp();
  Attribute constant = getConstant(sequence);
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(constant)) {
    llvm::append_range(elements, tuple);
  } else if (auto frozen = dyn_cast_or_null<FrozenSetAttr>(constant)) {
    llvm::append_range(elements, frozen.getElements());
  } else if (isa_and_present<BuildTupleOp>(def) ||
             (isa_and_present<BuildListOp, BuildSetOp>(def) && sequence.hasOneUse() &&
              *sequence.user_begin() == user)) {
    for (Value element : def->getOperands())
      elements.push_back(getConstant(element));
  } else {
    return std::nullopt;
  }
  if (!llvm::all_of(elements, isSimpleKey))
    return std::nullopt;
  return elements;
}

/// Erases the fresh iterator getSimpleElements looked through, once nothing
/// reads it: iterating a tuple, list or set display cannot raise.
void eraseUnreadIterator(PatternRewriter &rewriter, Value sequence) {
  if (auto iter = sequence.getDefiningOp<GetIterOp>(); iter && iter->use_empty())
    rewriter.eraseOp(iter);
}

/// `x in s` of a simple constant and a sequence (or set) of simple
/// constants.
struct FoldSequenceContains : OpRewritePattern<ContainsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ContainsOp op, PatternRewriter &rewriter) const override {
    Attribute item = getConstant(op.getItem());
    std::optional<SmallVector<Attribute>> elements = getSimpleElements(op.getContainer(), op);
    if (!isSimpleKey(item) || !elements)
      return failure();
    bool found = llvm::any_of(*elements, [&](Attribute e) { return isSameKey(e, item); });
    Value container = op.getContainer();
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op.getType(),
                                            rewriter.getBoolAttr(found != op.getNegated()));
    eraseUnreadIterator(rewriter, container);
    return success();
  }
};

/// `s.index(x)` and `s.count(x)` of a simple constant and a sequence of
/// simple constants; an `index` that would raise ValueError stays.
struct FoldSequenceSearch : OpRewritePattern<CallOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    auto attr = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!attr || !llvm::is_contained({"index", "count"}, attr.getName()) ||
        call.getArguments().size() != 1 || !call.getKwnames().empty())
      return failure();
    Attribute item = getConstant(call.getArguments()[0]);
    std::optional<SmallVector<Attribute>> elements = getSimpleElements(attr.getObject(), attr);
    if (!isSimpleKey(item) || !elements)
      return failure();
    auto matches = [&](Attribute e) { return isSameKey(e, item); };
    int64_t result;
    if (attr.getName() == "count") {
      result = llvm::count_if(*elements, matches);
    } else {
      auto it = llvm::find_if(*elements, matches);
      if (it == elements->end())
        return failure();
      result = it - elements->begin();
    }
    rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(),
                                            IntAttr::get(getContext(), result));
    if (attr->use_empty())
      rewriter.eraseOp(attr);
    return success();
  }
};

/// Adds `key` to the simple constants `elements` (a set's), as `set.add`.
void addToSet(SmallVectorImpl<Attribute> &elements, Attribute key) {
  if (llvm::none_of(elements, [&](Attribute e) { return isSameKey(e, key); }))
    elements.push_back(key);
}

/// The distinct elements of a set display of simple constants.
std::optional<SmallVector<Attribute>> getSetElements(BuildSetOp build) {
  SmallVector<Attribute> elements;
  for (Value operand : build->getOperands()) {
    Attribute key = getConstant(operand);
    if (!isSimpleKey(key))
      return std::nullopt;
    addToSet(elements, key);
  }
  return elements;
}

/// A set of simple constants that one block builds, changes (`add`,
/// `discard`, `update` and `clear` with simple constants; `remove` of a
/// member; a comprehension's SET_ADD) and reads (`in`, `len`) is a value at
/// each read, as lists are (ForwardListContents): every read gets the set as
/// it is then, and the changes go. Iterating a set has an order that string
/// hashing decides at run time: a set that is iterated stays.
struct ForwardSetContents : OpRewritePattern<BuildSetOp> {
  ForwardSetContents(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  /// The simple constants `items` adds, where it is a tuple, list or set of
  /// them the code does not change.
  static std::optional<SmallVector<Attribute>> getAdded(Value items) {
    if (items.use_empty())
      return std::nullopt;
    return getSimpleElements(items, *items.user_begin());
  }

  /// What `use` does to the set: a change (`method`, and the operand it
  /// adds or removes), a read, or neither (null).
  Operation *classify(OpOperand &use, StringRef &method, Value &operand) const {
    Operation *user = use.getOwner();
    method = "";
    if (isa<SetAddOp, SetUpdateOp>(user) && use.getOperandNumber() == 0 &&
        user->getOperand(1) != use.get()) {
      method = isa<SetAddOp>(user) ? "add" : "update";
      operand = user->getOperand(1);
      return user;
    }
    if (auto attr = dyn_cast<GetAttrOp>(user)) {
      CallOp call = attr->hasOneUse() ? dyn_cast<CallOp>(*attr->user_begin()) : CallOp();
      if (!call || call.getCallee() != attr.getResult() || call->getBlock() != user->getBlock() ||
          !call.getKwnames().empty())
        return nullptr;
      StringRef name = attr.getName();
      size_t arity = name == "clear" ? 0 : 1;
      if (!llvm::is_contained({"add", "discard", "remove", "update", "clear"}, name) ||
          call.getArguments().size() != arity ||
          llvm::is_contained(call.getArguments(), use.get()))
        return nullptr;
      method = name;
      operand = arity ? call.getArguments()[0] : Value();
      return user;
    }
    if (auto contains = dyn_cast<ContainsOp>(user))
      return use.get() == contains.getContainer() && use.get() != contains.getItem() ? user
                                                                                    : nullptr;
    if (isa<LenOp>(user) || isContentsHolder(state.env, use))
      return user;
    if (auto call = dyn_cast<CallOp>(user))
      return getBuiltinCall(state.env, call, "len", 1) ? user : nullptr;
    return nullptr;
  }

  LogicalResult matchAndRewrite(BuildSetOp build, PatternRewriter &rewriter) const override {
    Value set = build.getResult();
    std::optional<SmallVector<Attribute>> known = getSetElements(build);
    if (!known)
      return failure();
    SmallVector<Attribute> elements = std::move(*known);
    // Check every use, and run the changes on a copy: a `remove` of what is
    // not there raises KeyError, which stays.
    SmallVector<Attribute> dryRun = elements;
    bool changed = false;
    for (Operation *op = build->getNextNode(); op; op = op->getNextNode()) {
      for (OpOperand &use : op->getOpOperands()) {
        if (use.get() != set)
          continue;
        StringRef method;
        Value operand;
        if (!classify(use, method, operand))
          return failure();
        if (method.empty())
          continue;
        changed = true;
        if (!apply(dryRun, method, operand))
          return failure();
      }
    }
    if (!changed || llvm::any_of(set.getUsers(), [&](Operation *user) {
          return user->getBlock() != build->getBlock();
        }))
      return failure();

    Type objectType = set.getType();
    Location loc = build.getLoc();
    for (Operation *op = build->getNextNode(); op;) {
      Operation *next = op->getNextNode();
      for (OpOperand &use : llvm::make_early_inc_range(op->getOpOperands())) {
        if (use.get() != set)
          continue;
        StringRef method;
        Value operand;
        classify(use, method, operand);
        if (method.empty()) {
          rewriter.setInsertionPoint(op);
          SmallVector<Value> snapshot;
          for (Attribute e : elements)
            snapshot.push_back(rewriter.create<ConstantOp>(loc, objectType, e));
          Value copy = rewriter.create<BuildSetOp>(loc, objectType, snapshot);
          rewriter.modifyOpInPlace(op, [&] { use.set(copy); });
          continue;
        }
        apply(elements, method, operand);
        if (auto attr = dyn_cast<GetAttrOp>(op)) {
          // The method returns None; the call goes with the read.
          Operation *call = *attr->user_begin();
          if (next == call)
            next = next->getNextNode();
          rewriter.setInsertionPoint(call);
          rewriter.replaceOpWithNewOp<ConstantOp>(call, call->getResult(0).getType(),
                                                  NoneAttr::get(getContext()));
        }
        rewriter.eraseOp(op);
        break;
      }
      op = next;
    }
    rewriter.eraseOp(build);
    return success();
  }

  /// Runs `method` on `elements`; false where it is not known or raises.
  static bool apply(SmallVectorImpl<Attribute> &elements, StringRef method, Value operand) {
    if (method == "clear") {
      elements.clear();
      return true;
    }
    if (method == "update") {
      std::optional<SmallVector<Attribute>> added = getAdded(operand);
      if (!added)
        return false;
      for (Attribute key : *added)
        addToSet(elements, key);
      return true;
    }
    Attribute key = getConstant(operand);
    if (!isSimpleKey(key))
      return false;
    auto it = llvm::find_if(elements, [&](Attribute e) { return isSameKey(e, key); });
    if (method == "add") {
      addToSet(elements, key);
      return true;
    }
    if (it == elements.end())
      return method == "discard";
    elements.erase(it);
    return true;
  }
};

/// `len(s)` (the builtin, or GET_LEN) of a set display of simple constants
/// read only there: its distinct elements.
struct FoldSetLength : OpRewritePattern<BuildSetOp> {
  FoldSetLength(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(BuildSetOp build, PatternRewriter &rewriter) const override {
    Value set = build.getResult();
    if (!set.hasOneUse())
      return failure();
    Operation *user = *set.user_begin();
    auto call = dyn_cast<CallOp>(user);
    bool isLen = isa<LenOp>(user) || (call && getBuiltinCall(state.env, call, "len", 1));
    std::optional<SmallVector<Attribute>> elements = getSetElements(build);
    if (!isLen || !elements)
      return failure();
    rewriter.setInsertionPoint(user);
    rewriter.replaceOpWithNewOp<ConstantOp>(user, user->getResult(0).getType(),
                                            IntAttr::get(getContext(), elements->size()));
    rewriter.eraseOp(build);
    return success();
  }
};

/// `len(d)` (the builtin, or GET_LEN) and `d.get(k, default)` of a known
/// dict; `dict(a=1)` and `dict(d)` as displays.
struct FoldDictCall : OpRewritePattern<CallOp> {
  FoldDictCall(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(CallOp call, PatternRewriter &rewriter) const override {
    const Environment &env = state.env;
    ValueRange args = call.getPositionalArguments();
    ArrayRef<Attribute> kwnames = call.getKwnames().getValue();
    if (isBuiltinCall(env, call, {"len"}) && args.size() == 1 && kwnames.empty()) {
      std::optional<DictContents> dict = getKnownDict(env, args[0]);
      if (!dict)
        return failure();
      rewriter.replaceOpWithNewOp<ConstantOp>(
          call, call.getType(), IntAttr::get(getContext(), dict->keys.size()));
      return success();
    }
    if (isBuiltinCall(env, call, {"dict"})) {
      // dict(**kw) or dict(d) where d is known.
      if (args.size() > 1)
        return failure();
      Pairs pairs;
      if (args.size() == 1) {
        auto build = args[0].getDefiningOp<BuildDictOp>();
        std::optional<Pairs> copied = build ? getBuiltPairs(build) : std::nullopt;
        if (!copied || !getKnownDict(env, args[0]))
          return failure();
        pairs = *copied;
      }
      rewriter.setInsertionPoint(call);
      for (auto [name, value] : llvm::zip(kwnames, call.getKeywordArguments()))
        pairs.set(name, rewriter.create<ConstantOp>(call.getLoc(), call.getType(), name), value);
      rewriter.replaceOpWithNewOp<BuildDictOp>(call, call.getType(), pairs.keyValues,
                                               pairs.contents.values);
      return success();
    }
    auto attr = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!attr || attr.getName() != "get" || !kwnames.empty() || args.empty() || args.size() > 2)
      return failure();
    std::optional<DictContents> dict = getKnownDict(env, attr.getObject());
    std::optional<std::optional<size_t>> at =
        dict ? dict->find(getConstant(args[0])) : std::nullopt;
    if (!at)
      return failure();
    Value result = *at ? dict->values[**at] : args.size() == 2 ? args[1] : Value();
    if (result)
      rewriter.replaceOp(call, result);
    else
      rewriter.replaceOpWithNewOp<ConstantOp>(call, call.getType(), NoneAttr::get(getContext()));
    rewriter.eraseOp(attr);
    return success();
  }
};

struct FoldDictLength : OpRewritePattern<LenOp> {
  FoldDictLength(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(LenOp op, PatternRewriter &rewriter) const override {
    std::optional<DictContents> dict = getKnownDict(state.env, op->getOperand(0));
    if (!dict)
      return failure();
    rewriter.replaceOpWithNewOp<ConstantOp>(op, op->getResult(0).getType(),
                                            IntAttr::get(getContext(), dict->keys.size()));
    return success();
  }
};

/// `f(*args, **d)` of a built tuple and a known dict whose keys are strings
/// is `f(..., k=v, ...)`.
struct SpreadDictKeywords : OpRewritePattern<CallExOp> {
  SpreadDictKeywords(MLIRContext *context, ResolveState &state)
      : OpRewritePattern(context), state(state) {}
  ResolveState &state;

  LogicalResult matchAndRewrite(CallExOp call, PatternRewriter &rewriter) const override {
    if (!call.getKwargs())
      return failure();
    std::optional<DictContents> dict = getKnownDict(state.env, call.getKwargs());
    if (!dict || !llvm::all_of(dict->keys, [](Attribute key) { return isa<StringAttr>(key); }))
      return failure();
    SmallVector<Value> operands;
    if (auto tuple = call.getArgs().getDefiningOp<BuildTupleOp>()) {
      llvm::append_range(operands, tuple.getElements());
    } else if (auto constant = dyn_cast_or_null<ArrayAttr>(getConstant(call.getArgs()))) {
      if (!isPythonConstant(constant))
        return failure();
      for (Attribute element : constant)
        operands.push_back(
            rewriter.create<ConstantOp>(call.getLoc(), call.getType(), element));
    } else {
      return failure();
    }
    llvm::append_range(operands, dict->values);
    rewriter.replaceOpWithNewOp<CallOp>(call, call.getType(), call.getCallee(), operands,
                                        rewriter.getArrayAttr(dict->keys));
    return success();
  }
};

/// A dict display nothing reads, whose keys cannot raise, goes.
struct EraseUnusedDict : OpRewritePattern<BuildDictOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BuildDictOp op, PatternRewriter &rewriter) const override {
    if (!op->use_empty() || !getBuiltPairs(op))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};
/// A set of simple constants nothing reads: hashing them cannot raise.
struct EraseUnusedSet : OpRewritePattern<BuildSetOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BuildSetOp op, PatternRewriter &rewriter) const override {
    if (!op->use_empty() || !getSetElements(op))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

std::optional<std::optional<size_t>> DictContents::find(Attribute key) const {
  if (!isSimpleKey(key))
    return std::nullopt;
  for (auto [i, own] : llvm::enumerate(keys))
    if (isSameKey(own, key))
      return std::optional<size_t>(i);
  return std::optional<size_t>();
}

std::optional<DictContents> dynamir::py::getKnownDict(const Environment &env, Value value) {
  auto build = value.getDefiningOp<BuildDictOp>();
  if (!build)
    return std::nullopt;
  std::optional<Pairs> pairs = getBuiltPairs(build);
  if (!pairs || !llvm::all_of(value.getUses(), [&](OpOperand &use) { return isRead(env, use); }))
    return std::nullopt;
  return pairs->contents;
}

std::optional<SmallVector<Value>>
dynamir::py::getDictIteration(const Environment &env, Value sequence,
                              PatternRewriter *rewriter, Location loc) {
  Value dict = sequence;
  StringRef view = "keys";
  if (auto call = sequence.getDefiningOp<CallOp>()) {
    auto attr = call.getCallee().getDefiningOp<GetAttrOp>();
    if (!attr || !isView(attr.getName()) || !call.getArguments().empty() ||
        !call.getKwnames().empty() || !sequence.hasOneUse())
      return std::nullopt;
    dict = attr.getObject();
    view = attr.getName();
  }
  std::optional<DictContents> contents = getKnownDict(env, dict);
  if (!contents)
    return std::nullopt;
  SmallVector<Value> elements;
  Type objectType = sequence.getType();
  for (auto [key, value] : llvm::zip(contents->keys, contents->values)) {
    if (!rewriter) {
      elements.push_back(Value());
      continue;
    }
    Value keyValue = view == "values" ? Value() : rewriter->create<ConstantOp>(loc, objectType, key);
    if (view == "keys")
      elements.push_back(keyValue);
    else if (view == "values")
      elements.push_back(value);
    else
      elements.push_back(
          rewriter->create<BuildTupleOp>(loc, objectType, ValueRange{keyValue, value}));
  }
  return elements;
}

void dynamir::py::eraseDictView(Operation *op, PatternRewriter &rewriter) {
  auto call = dyn_cast_or_null<CallOp>(op);
  auto attr = call ? call.getCallee().getDefiningOp<GetAttrOp>() : GetAttrOp();
  if (!attr || !call->use_empty() || !isView(attr.getName()) ||
      !attr.getObject().getDefiningOp<BuildDictOp>())
    return;
  rewriter.eraseOp(call);
  rewriter.eraseOp(attr);
}

void dynamir::py::populateDictPatterns(RewritePatternSet &patterns, ResolveState &state) {
  MLIRContext *context = patterns.getContext();
  for (StringRef root : {SetItemOp::getOperationName(), MapAddOp::getOperationName(),
                         DictUpdateOp::getOperationName(), DictMergeOp::getOperationName()})
    patterns.add(std::make_unique<ForwardDictChange>(root, context, state));
  patterns.add<FoldDictSubscript, FoldDictContains, FoldDictCall, FoldDictLength,
               SpreadDictKeywords, ForwardSetContents, FoldSetLength>(context, state);
  patterns.add<EraseUnusedDict, EraseUnusedSet, FoldSequenceContains, FoldSequenceSearch>(
      context);
}
