//===- PyRepr.h - repr() and str() of Python constants ----------*- C++ -*-===//
//
// The text CPython's `repr()` and `str()` give for the constants of the py
// dialect, and the numbers `int()` and `float()` read from text, where
// Dynamir is certain of them.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_PY_IR_PYREPR_H
#define DYNAMIR_DIALECT_PY_IR_PYREPR_H

#include "mlir/IR/Attributes.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>

namespace dynamir::py {

/// `repr(value)` of a constant: None, Ellipsis, bool, int, float (the
/// shortest text that reads back as the same double, as `float_repr_style`
/// 'short' gives), str (quoted and escaped as CPython does; ASCII only) and
/// tuples of these. Nothing for any other.
std::optional<std::string> getPythonRepr(mlir::Attribute value);

/// `str(value)`: a str itself, the repr of the others.
std::optional<std::string> getPythonStr(mlir::Attribute value);

/// `repr()` of a tuple whose items' reprs are `items`: `()`, `(a,)`, `(a, b)`.
std::string getTupleRepr(llvm::ArrayRef<std::string> items);

/// `repr()` of a float.
std::string getFloatRepr(double value);

/// `repr()` of a str, where it is ASCII; nothing otherwise (CPython keeps
/// the printable characters of other scripts, by Unicode's tables).
std::optional<std::string> getStringRepr(llvm::StringRef text);

/// `int(text)` in base 10: the value, or an empty optional where CPython
/// raises ValueError; nothing where Dynamir does not decide (text other
/// than printable ASCII and ASCII whitespace, whose Unicode digits and
/// spaces CPython reads; more digits than CPython converts by default).
std::optional<std::optional<llvm::APInt>> parseIntLiteral(llvm::StringRef text);

/// `float(text)`, likewise: decimal, `inf`, `infinity` and `nan` with a
/// sign, surrounding whitespace, underscores between digits.
std::optional<std::optional<double>> parseFloatLiteral(llvm::StringRef text);

} // namespace dynamir::py

#endif // DYNAMIR_DIALECT_PY_IR_PYREPR_H
