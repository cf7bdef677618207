//===- PyRepr.cpp - repr() and str() of Python constants ------------------===//

#include "dynamir/Dialect/Py/IR/PyRepr.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace mlir;
using namespace dynamir::py;

std::string dynamir::py::getFloatRepr(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  // The fewest significant digits that read back as `value`; with them, the
  // nearest such decimal, as David Gay's shortest mode gives.
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*e", precision - 1, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  StringRef text(buffer);
  bool negative = text.consume_front("-");
  auto [mantissa, exponentText] = text.split('e');
  int exponent = 0;
  exponentText.consume_front("+");
  (void)exponentText.getAsInteger(10, exponent);
  std::string digits = mantissa.take_front(1).str();
  if (mantissa.size() > 2)
    digits += mantissa.drop_front(2).str();
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  // CPython's format_float_short for 'r': the digits with the point after
  // `point` of them; exponent notation outside -4 < point <= 16.
  int point = exponent + 1;
  if (digits == "0")
    point = 1;
  std::string result = negative ? "-" : "";
  if (point <= -4 || point > 16) {
    result += digits.substr(0, 1);
    if (digits.size() > 1)
      result += "." + digits.substr(1);
    int shown = point - 1;
    char exponentBuffer[8];
    std::snprintf(exponentBuffer, sizeof(exponentBuffer), "e%c%02d", shown < 0 ? '-' : '+',
                  std::abs(shown));
    return result + exponentBuffer;
  }
  if (point <= 0)
    return result + "0." + std::string(-point, '0') + digits;
  if (static_cast<size_t>(point) >= digits.size())
    return result + digits + std::string(point - digits.size(), '0') + ".0";
  return result + digits.substr(0, point) + "." + digits.substr(point);
}

std::optional<std::string> dynamir::py::getStringRepr(StringRef text) {
  // Single quotes, unless the text has one and no double quote.
  char quote = text.contains('\'') && !text.contains('"') ? '"' : '\'';
  std::string result(1, quote);
  for (unsigned char c : text) {
    if (c >= 0x80)
      return std::nullopt;
    if (c == quote || c == '\\') {
      result += '\\';
      result += c;
    } else if (c == '\t') {
      result += "\\t";
    } else if (c == '\n') {
      result += "\\n";
    } else if (c == '\r') {
      result += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      result += "\\x";
      result += llvm::hexdigit(c >> 4, /*LowerCase=*/true);
      result += llvm::hexdigit(c & 15, /*LowerCase=*/true);
    } else {
      result += c;
    }
  }
  return result + quote;
}

std::string dynamir::py::getTupleRepr(ArrayRef<std::string> items) {
  return "(" + llvm::join(items, ", ") + (items.size() == 1 ? ",)" : ")");
}

std::optional<std::string> dynamir::py::getPythonRepr(Attribute value) {
  if (isa_and_nonnull<NoneAttr>(value))
    return std::string("None");
  if (isa_and_nonnull<EllipsisAttr>(value))
    return std::string("Ellipsis");
  if (auto b = dyn_cast_or_null<BoolAttr>(value))
    return std::string(b.getValue() ? "True" : "False");
  if (auto i = dyn_cast_or_null<IntAttr>(value))
    return llvm::toString(i.getValue(), 10, /*Signed=*/true);
  if (auto f = dyn_cast_or_null<FloatAttr>(value); f && f.getType().isF64())
    return getFloatRepr(f.getValueAsDouble());
  if (auto s = dyn_cast_or_null<StringAttr>(value))
    return getStringRepr(s.getValue());
  if (auto tuple = dyn_cast_or_null<ArrayAttr>(value)) {
    SmallVector<std::string> items;
    for (Attribute element : tuple) {
      std::optional<std::string> item = getPythonRepr(element);
      if (!item)
        return std::nullopt;
      items.push_back(*item);
    }
    return getTupleRepr(items);
  }
  return std::nullopt;
}

std::optional<std::string> dynamir::py::getPythonStr(Attribute value) {
  if (auto s = dyn_cast_or_null<StringAttr>(value))
    return s.getValue().str();
  return getPythonRepr(value);
}

namespace {
constexpr llvm::StringLiteral kAsciiSpace = " \t\n\r\v\f";

/// The text without the whitespace `int()` and `float()` strip, where every
/// character is one whose meaning there Dynamir knows.
std::optional<StringRef> stripAscii(StringRef text) {
  for (char c : text)
    if (!(c >= 0x20 && c < 0x7f) && !kAsciiSpace.contains(c))
      return std::nullopt;
  return text.trim(kAsciiSpace);
}
} // namespace

std::optional<std::optional<llvm::APInt>> dynamir::py::parseIntLiteral(StringRef text) {
  std::optional<StringRef> stripped = stripAscii(text);
  if (!stripped)
    return std::nullopt;
  StringRef digits = *stripped;
  bool negative = digits.consume_front("-");
  if (!negative)
    digits.consume_front("+");
  // Digits, with single underscores between them.
  static const llvm::Regex literal("^[0-9](_?[0-9])*$");
  if (!literal.match(digits))
    return std::optional<llvm::APInt>();
  std::string plain = digits.str();
  llvm::erase(plain, '_');
  // CPython's default limit on the digits of a conversion (sys.int_info).
  if (plain.size() > 4300)
    return std::nullopt;
  unsigned bits = plain.size() * 4 + 2;
  llvm::APInt value(bits, plain, /*radix=*/10);
  if (negative)
    value.negate();
  return std::optional(value);
}

std::optional<std::optional<double>> dynamir::py::parseFloatLiteral(StringRef text) {
  std::optional<StringRef> stripped = stripAscii(text);
  if (!stripped)
    return std::nullopt;
  // An underscore only between digits (_Py_string_to_number_with_underscores).
  std::string plain;
  for (size_t i = 0, e = stripped->size(); i != e; ++i) {
    char c = (*stripped)[i];
    if (c != '_') {
      plain += c;
      continue;
    }
    if (i == 0 || i + 1 == e || !llvm::isDigit((*stripped)[i - 1]) ||
        !llvm::isDigit((*stripped)[i + 1]))
      return std::optional<double>();
  }
  StringRef number = plain;
  bool negative = number.consume_front("-");
  if (!negative)
    number.consume_front("+");
  std::string lower = number.lower();
  double sign = negative ? -1.0 : 1.0;
  if (lower == "inf" || lower == "infinity")
    return std::optional(sign * std::numeric_limits<double>::infinity());
  if (lower == "nan")
    return std::optional(std::numeric_limits<double>::quiet_NaN());
  static const llvm::Regex decimal("^([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$");
  if (!decimal.match(number))
    return std::optional<double>();
  llvm::APFloat value(llvm::APFloat::IEEEdouble());
  auto status = value.convertFromString(number, llvm::APFloat::rmNearestTiesToEven);
  if (!status) {
    llvm::consumeError(status.takeError());
    return std::nullopt;
  }
  return std::optional(sign * value.convertToDouble());
}
