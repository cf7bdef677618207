//===- PyRepr.cpp - repr() and str() of Python constants ------------------===//

#include "dynamir/Dialect/Py/IR/PyRepr.h"

#include "dynamir/Dialect/Py/IR/PyAttributes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

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
