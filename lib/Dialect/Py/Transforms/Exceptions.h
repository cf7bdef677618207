//===- Exceptions.h - CPython's builtin exception classes -------*- C++ -*-===//
//
// The builtin exception classes of CPython 3.11-3.13 (Exceptions.def, which
// utils/gen-exception-table.py writes from the interpreters), and the model
// of an exception instance the resolve passes share.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_EXCEPTIONS_H
#define DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_EXCEPTIONS_H

#include "ResolveEnvironment.h"

#include "dynamir/Dialect/Py/IR/PyOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace dynamir::py {

/// One builtin exception class as a version of CPython has it.
struct BuiltinException {
  llvm::StringRef name;
  llvm::SmallVector<llvm::StringRef> bases;
  /// The MRO after the class itself, ending with `object`.
  llvm::SmallVector<llvm::StringRef> mro;
  /// The names the class's own `__dict__` holds.
  llvm::SmallVector<llvm::StringRef> members;
};

/// The builtin exception class `name` (or the one an alias such as `IOError`
/// names) in CPython 3.`minor`; nothing when `builtins` has no such class.
std::optional<BuiltinException> lookupBuiltinException(llvm::StringRef name, unsigned minor);

/// The minor version of the CPython that compiled `module` (its
/// `py.version`), 12 where it does not say.
unsigned getPythonMinor(mlir::ModuleOp module);

/// The attributes BaseException keeps in the instance's C struct, not in its
/// `__dict__`: `args`, `__context__`, `__cause__`, `__suppress_context__` and
/// `__traceback__`.
bool isExceptionSlot(llvm::StringRef name);

/// The table's entry for a library class of the environment that is a
/// builtin exception class (`builtins.ValueError`); nothing for any other.
std::optional<BuiltinException> getBuiltinException(ClassOp cls);

/// Whether `name` is a field of exception instances of `cls`'s builtin
/// exception base `exception` that is kept outside the instance's
/// `__dict__`: BaseException's own, or one a builtin subclass adds
/// (`StopIteration.value`). Stores of it run the field's setter.
bool isExceptionField(ClassOp exception, llvm::StringRef name);

/// The value a field has before anything stores it: `False` for
/// `__suppress_context__`, `None` for the others (`args` is always stored).
mlir::Attribute getExceptionFieldDefault(mlir::MLIRContext *context, llvm::StringRef name);

/// Runs the `__init__` of the builtin exception class `owner` on `object`,
/// an instance Dynamir models, as `py.exception_store` ops: BaseException's
/// sets `args` to the positional arguments, StopIteration's also `value`,
/// SystemExit's `code`, AttributeError's and NameError's the `name` (and
/// `obj`) keywords, ImportError's `msg` (and None for its other fields).
/// False, having made nothing, for keywords (but AttributeError's and
/// NameError's: Dynamo refuses them too), or where Dynamir does not model
/// the class's `__init__` (OSError given two or more arguments, SyntaxError,
/// the Unicode errors and exception groups parse their arguments into fields
/// of their own).
bool emitExceptionInit(mlir::OpBuilder &builder, mlir::Location loc, ClassOp owner,
                       mlir::Value object, mlir::ValueRange arguments, mlir::ArrayAttr kwnames);

/// `BaseException.__new__`'s `args`: the positional arguments of the call.
void emitExceptionNew(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value object,
                      mlir::ValueRange arguments, mlir::ArrayAttr kwnames);

/// The unwind edge of `op`'s block: its handler (null outside a `try`) and
/// the handler's operands; nothing where an operand is defined after `op`,
/// where what `op` raises cannot take the edge.
std::optional<std::pair<mlir::Block *, llvm::SmallVector<mlir::Value>>>
getUnwindEdge(mlir::Operation *op);

/// Whether raiseBuiltinException can raise `name` in place of `op`.
bool canRaiseBuiltinException(const Environment &env, mlir::Operation *op,
                              llvm::StringRef name);

/// A field of an exception and its value, such as AttributeError's `name`.
using ExceptionField = std::pair<llvm::StringRef, mlir::Value>;

/// Raises, in place of `op`, a new instance of the builtin exception class
/// `name` whose `args` is `(argument,)` and whose `fields` are set: where the program's own operation
/// raises (a division by zero, a missing key, an index out of range). The
/// block ends before `op` with a `py.raise` that takes the block's unwind
/// edge, and the rest of it is unreachable. Fails, having changed nothing,
/// where the environment has no such class (py-build-environment makes them
/// where the code has a handler to catch them; without one, the exception
/// would escape the entry, which Dynamo reports as a graph break, "Observed
/// exception"), or where the unwind edge's operands are defined after `op`.
mlir::LogicalResult raiseBuiltinException(mlir::RewriterBase &rewriter, const Environment &env,
                                          mlir::Operation *op, llvm::StringRef name,
                                          mlir::Value argument,
                                          llvm::ArrayRef<ExceptionField> fields = {});
mlir::LogicalResult raiseBuiltinException(mlir::RewriterBase &rewriter, const Environment &env,
                                          mlir::Operation *op, llvm::StringRef name,
                                          llvm::StringRef message,
                                          llvm::ArrayRef<ExceptionField> fields = {});

/// The name of `candidates` CPython 3.12+ suggests for the misspelt `name`
/// ("Did you mean ...?"): the closest by its weighted Levenshtein distance
/// (`_Py_CalculateSuggestions` in suggestions.c), if close enough.
std::optional<llvm::StringRef> suggestName(llvm::ArrayRef<llvm::StringRef> candidates,
                                           llvm::StringRef name);

/// An exception instance the capture models: a `py.new_object` of a class
/// deriving from BaseException.
NewObjectOp getModelledException(const Environment &env, mlir::Value value);

/// Patterns on exception classes and instances: builtin exception classes
/// by name, `except` matching, the fields' setters, `with_traceback`.
void populateExceptionPatterns(mlir::RewritePatternSet &patterns, ResolveState &state);

} // namespace dynamir::py

#endif // DYNAMIR_LIB_DIALECT_PY_TRANSFORMS_EXCEPTIONS_H
