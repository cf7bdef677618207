//===- Source.cpp - Guard sources -----------------------------------------===//
//
// Sources are rendered exactly as Dynamo's Source.name() renders them, and
// parsed back from that rendering, so that a guard in the IR reads as the
// guard Dynamo would print.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace dynamir::tg;

//===----------------------------------------------------------------------===//
// Construction
//===----------------------------------------------------------------------===//

SourceAttr SourceAttr::getLocal(MLIRContext *context, StringRef name) {
  return get(context, SourceKind::local, {}, StringAttr::get(context, name));
}

SourceAttr SourceAttr::getGlobal(MLIRContext *context, StringRef name) {
  return get(context, SourceKind::global, {}, StringAttr::get(context, name));
}

SourceAttr SourceAttr::getImport(MLIRContext *context, StringRef module) {
  return get(context, SourceKind::import, {}, StringAttr::get(context, module));
}

SourceAttr SourceAttr::attr(StringRef name) const {
  return get(getContext(), SourceKind::attr, *this,
             StringAttr::get(getContext(), name));
}

SourceAttr SourceAttr::genericAttr(StringRef name) const {
  return get(getContext(), SourceKind::generic_attr, *this,
             StringAttr::get(getContext(), name));
}

SourceAttr SourceAttr::item(int64_t index) const {
  return get(getContext(), SourceKind::item, *this,
             IntegerAttr::get(IntegerType::get(getContext(), 64), index));
}

SourceAttr SourceAttr::item(StringRef key) const {
  return get(getContext(), SourceKind::item, *this,
             StringAttr::get(getContext(), key));
}

SourceAttr SourceAttr::type() const {
  return get(getContext(), SourceKind::type, *this, {});
}

SourceAttr SourceAttr::size(int64_t dim) const {
  return get(getContext(), SourceKind::size, *this,
             IntegerAttr::get(IntegerType::get(getContext(), 64), dim));
}

SourceAttr SourceAttr::stride(int64_t dim) const {
  return get(getContext(), SourceKind::stride, *this,
             IntegerAttr::get(IntegerType::get(getContext(), 64), dim));
}

SourceAttr SourceAttr::call() const {
  return get(getContext(), SourceKind::call, *this, {});
}

SourceAttr SourceAttr::getBaseSource() const {
  return llvm::cast_if_present<SourceAttr>(getBase());
}

SourceAttr SourceAttr::getRoot() const {
  SourceAttr source = *this;
  while (SourceAttr base = source.getBaseSource())
    source = base;
  return source;
}

StringRef SourceAttr::getName() const {
  if (auto name = llvm::dyn_cast_if_present<StringAttr>(getKey()))
    return name.getValue();
  return {};
}

static bool isRootKind(SourceKind kind) {
  return kind == SourceKind::local || kind == SourceKind::global ||
         kind == SourceKind::import;
}

LogicalResult SourceAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 SourceKind kind, Attribute base, Attribute key) {
  if (isRootKind(kind) != !base)
    return emitError() << "a " << stringifySourceKind(kind) << " source "
                       << (base ? "has no base" : "needs a base");
  if (base && !llvm::isa<SourceAttr>(base))
    return emitError() << "the base of a source must be a source, got " << base;
  auto name = llvm::dyn_cast_if_present<StringAttr>(key);
  auto index = llvm::dyn_cast_if_present<IntegerAttr>(key);
  switch (kind) {
  case SourceKind::local:
  case SourceKind::global:
  case SourceKind::import:
  case SourceKind::attr:
  case SourceKind::generic_attr:
    if (!name || name.getValue().empty())
      return emitError() << "a " << stringifySourceKind(kind)
                         << " source needs a name";
    return success();
  case SourceKind::item:
    if (!name && !(index && index.getType().isInteger(64)))
      return emitError() << "an item source needs a str or int key";
    return success();
  case SourceKind::size:
  case SourceKind::stride:
    if (!index || !index.getType().isInteger(64) || index.getInt() < 0)
      return emitError() << "a " << stringifySourceKind(kind)
                         << " source needs a dimension";
    return success();
  case SourceKind::type:
  case SourceKind::call:
    if (key)
      return emitError() << "a " << stringifySourceKind(kind)
                         << " source has no key";
    return success();
  }
  llvm_unreachable("unknown source kind");
}

//===----------------------------------------------------------------------===//
// Rendering
//===----------------------------------------------------------------------===//

/// Python's repr() of a str.
static void renderPythonString(raw_ostream &os, StringRef s) {
  char quote = s.contains('\'') && !s.contains('"') ? '"' : '\'';
  os << quote;
  for (unsigned char c : s) {
    if (c == '\\' || c == static_cast<unsigned char>(quote))
      os << '\\' << c;
    else if (c == '\n')
      os << "\\n";
    else if (c == '\r')
      os << "\\r";
    else if (c == '\t')
      os << "\\t";
    else if (c < 0x20 || c == 0x7f)
      os << "\\x" << llvm::hexdigit(c >> 4, true) << llvm::hexdigit(c & 15, true);
    else
      os << c;
  }
  os << quote;
}

/// str.isidentifier() for ASCII names; other characters are taken as
/// identifier characters, as they are for the names Python code can write.
static bool isIdentifier(StringRef s) {
  if (s.empty() || llvm::isDigit(s.front()))
    return false;
  return llvm::all_of(s, [](char c) {
    return llvm::isAlnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
  });
}

void SourceAttr::render(raw_ostream &os) const {
  SourceAttr base = getBaseSource();
  switch (getKind()) {
  case SourceKind::local:
    os << "L[";
    renderPythonString(os, getName());
    os << ']';
    return;
  case SourceKind::global:
    os << "G[";
    renderPythonString(os, getName());
    os << ']';
    return;
  case SourceKind::import:
    os << "__import__(";
    renderPythonString(os, getName());
    os << ')';
    return;
  case SourceKind::attr:
    if (isIdentifier(getName())) {
      base.render(os);
      os << '.' << getName();
      return;
    }
    os << "getattr(";
    base.render(os);
    os << ", ";
    renderPythonString(os, getName());
    os << ')';
    return;
  case SourceKind::generic_attr:
    os << "object.__getattribute__(";
    base.render(os);
    os << ", ";
    renderPythonString(os, getName());
    os << ')';
    return;
  case SourceKind::item:
    base.render(os);
    os << '[';
    if (auto index = llvm::dyn_cast<IntegerAttr>(getKey()))
      os << index.getInt();
    else
      renderPythonString(os, getName());
    os << ']';
    return;
  case SourceKind::type:
    os << "type(";
    base.render(os);
    os << ')';
    return;
  case SourceKind::size:
  case SourceKind::stride:
    base.render(os);
    os << '.' << stringifySourceKind(getKind()) << "()["
       << llvm::cast<IntegerAttr>(getKey()).getInt() << ']';
    return;
  case SourceKind::call:
    base.render(os);
    os << "()";
    return;
  }
}

std::string SourceAttr::str() const {
  std::string result;
  llvm::raw_string_ostream os(result);
  render(os);
  return result;
}

//===----------------------------------------------------------------------===//
// Parsing Dynamo's rendering
//===----------------------------------------------------------------------===//

namespace {
/// A recursive-descent parser of the source language:
///
///   source  ::= primary postfix*
///   primary ::= `L[` str `]` | `G[` str `]` | `__import__(` str `)`
///             | `type(` source `)` | `getattr(` source `, ` str `)`
///             | `object.__getattribute__(` source `, ` str `)`
///   postfix ::= `.size()[` int `]` | `.stride()[` int `]` | `.` name
///             | `[` (str | int) `]` | `()`
class SourceParser {
public:
  SourceParser(MLIRContext *context, StringRef text)
      : context(context), text(text), rest(text) {}

  SourceAttr parse(std::string &error) {
    SourceAttr source = parseSource();
    if (source && !rest.empty())
      fail("unexpected '" + rest.take_front(12).str() + "'");
    if (!this->error.empty()) {
      error = this->error;
      return {};
    }
    return source;
  }

private:
  SourceAttr fail(const std::string &message) {
    if (error.empty())
      error = message + " at offset " +
              std::to_string(text.size() - rest.size()) + " of \"" +
              text.str() + "\"";
    return {};
  }

  bool consume(StringRef token) { return rest.consume_front(token); }
  bool expect(StringRef token) {
    if (consume(token))
      return true;
    fail("expected '" + token.str() + "'");
    return false;
  }

  std::optional<std::string> parseString() {
    if (rest.empty() || (rest.front() != '\'' && rest.front() != '"')) {
      fail("expected a Python string");
      return std::nullopt;
    }
    char quote = rest.front();
    rest = rest.drop_front();
    std::string value;
    while (!rest.empty() && rest.front() != quote) {
      char c = rest.front();
      rest = rest.drop_front();
      if (c != '\\') {
        value.push_back(c);
        continue;
      }
      if (rest.empty())
        break;
      char escaped = rest.front();
      rest = rest.drop_front();
      switch (escaped) {
      case 'n': value.push_back('\n'); break;
      case 'r': value.push_back('\r'); break;
      case 't': value.push_back('\t'); break;
      case 'x': {
        unsigned byte;
        if (rest.size() < 2 || rest.take_front(2).getAsInteger(16, byte)) {
          fail("bad \\x escape");
          return std::nullopt;
        }
        value.push_back(static_cast<char>(byte));
        rest = rest.drop_front(2);
        break;
      }
      default:
        value.push_back(escaped);
      }
    }
    if (!consume(StringRef(&quote, 1))) {
      fail("unterminated string");
      return std::nullopt;
    }
    return value;
  }

  std::optional<int64_t> parseInt() {
    size_t length = 0;
    if (rest.starts_with("-"))
      ++length;
    while (length < rest.size() && llvm::isDigit(rest[length]))
      ++length;
    int64_t value;
    if (rest.take_front(length).getAsInteger(10, value)) {
      fail("expected an integer");
      return std::nullopt;
    }
    rest = rest.drop_front(length);
    return value;
  }

  SourceAttr parseSource() {
    SourceAttr source = parsePrimary();
    while (source && !rest.empty()) {
      if (consume(".size()[") || consume(".stride()[")) {
        bool isSize = text.substr(0, text.size() - rest.size()).ends_with("size()[");
        std::optional<int64_t> dim = parseInt();
        if (!dim || !expect("]"))
          return {};
        if (*dim < 0)
          return fail("a negative dimension");
        source = isSize ? source.size(*dim) : source.stride(*dim);
      } else if (consume(".")) {
        size_t length = 0;
        while (length < rest.size() &&
               (llvm::isAlnum(rest[length]) || rest[length] == '_' ||
                static_cast<unsigned char>(rest[length]) >= 0x80))
          ++length;
        if (!isIdentifier(rest.take_front(length)))
          return fail("expected an attribute name");
        source = source.attr(rest.take_front(length));
        rest = rest.drop_front(length);
      } else if (consume("[")) {
        if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
          std::optional<std::string> key = parseString();
          if (!key)
            return {};
          source = source.item(*key);
        } else {
          std::optional<int64_t> index = parseInt();
          if (!index)
            return {};
          source = source.item(*index);
        }
        if (!expect("]"))
          return {};
      } else if (consume("()")) {
        source = source.call();
      } else {
        break;
      }
    }
    return source;
  }

  SourceAttr parsePrimary() {
    if (consume("L[") || consume("G[")) {
      bool isLocal = text.substr(0, text.size() - rest.size()).ends_with("L[");
      std::optional<std::string> name = parseString();
      if (!name || !expect("]"))
        return {};
      if (name->empty())
        return fail("an empty name");
      return isLocal ? SourceAttr::getLocal(context, *name)
                     : SourceAttr::getGlobal(context, *name);
    }
    if (consume("__import__(")) {
      std::optional<std::string> name = parseString();
      if (!name || !expect(")"))
        return {};
      if (name->empty())
        return fail("an empty module name");
      return SourceAttr::getImport(context, *name);
    }
    if (consume("type(")) {
      SourceAttr base = parseSource();
      if (!base || !expect(")"))
        return {};
      return base.type();
    }
    bool generic = consume("object.__getattribute__(");
    if (generic || consume("getattr(")) {
      SourceAttr base = parseSource();
      if (!base || !expect(", "))
        return {};
      std::optional<std::string> name = parseString();
      if (!name || !expect(")"))
        return {};
      if (name->empty())
        return fail("an empty attribute name");
      return generic ? base.genericAttr(*name) : base.attr(*name);
    }
    return fail("expected L[...], G[...], __import__(...), type(...), "
                "getattr(...) or object.__getattribute__(...)");
  }

  MLIRContext *context;
  StringRef text;
  StringRef rest;
  std::string error;
};
} // namespace

SourceAttr SourceAttr::parseDynamoName(MLIRContext *context, StringRef text,
                                       std::string &error) {
  return SourceParser(context, text).parse(error);
}

//===----------------------------------------------------------------------===//
// Assembly
//===----------------------------------------------------------------------===//

Attribute SourceAttr::parse(AsmParser &parser, Type) {
  std::string text, error;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&text) || parser.parseGreater())
    return {};
  SourceAttr source = parseDynamoName(parser.getContext(), text, error);
  if (!source)
    parser.emitError(loc, "invalid source: ") << error;
  return source;
}

void SourceAttr::print(AsmPrinter &printer) const {
  printer << "<\"";
  llvm::printEscapedString(str(), printer.getStream());
  printer << "\">";
}
