//===- Marshal.cpp - CPython pyc and marshal reader -----------------------===//
//
// A reader for CPython's marshal format (version 4, as 3.11-3.13 write it),
// following Python/marshal.c's r_object: the same type codes, the same reference
// table (slots reserved before a container's children are read), and the same
// nesting limit. It reads without copying where it can: strings and bytes point
// into the input.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Marshal.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>

using namespace dynamir::pyc;
using llvm::StringRef;

namespace {
// Released interpreters' magic numbers (Lib/importlib/_bootstrap_external.py).
constexpr uint32_t kMagic311 = 3495;
constexpr uint32_t kMagic312 = 3531;
constexpr uint32_t kMagic313 = 3571;

// CPython's MAX_MARSHAL_STACK_DEPTH.
constexpr unsigned kMaxDepth = 2000;

// Type codes of Python/marshal.c.
enum TypeCode : uint8_t {
  TYPE_NULL = '0',
  TYPE_NONE = 'N',
  TYPE_FALSE = 'F',
  TYPE_TRUE = 'T',
  TYPE_STOPITER = 'S',
  TYPE_ELLIPSIS = '.',
  TYPE_INT = 'i',
  TYPE_FLOAT = 'f',
  TYPE_BINARY_FLOAT = 'g',
  TYPE_COMPLEX = 'x',
  TYPE_BINARY_COMPLEX = 'y',
  TYPE_LONG = 'l',
  TYPE_STRING = 's',
  TYPE_INTERNED = 't',
  TYPE_REF = 'r',
  TYPE_TUPLE = '(',
  TYPE_LIST = '[',
  TYPE_DICT = '{',
  TYPE_CODE = 'c',
  TYPE_UNICODE = 'u',
  TYPE_UNKNOWN = '?',
  TYPE_SET = '<',
  TYPE_FROZENSET = '>',
  TYPE_ASCII = 'a',
  TYPE_ASCII_INTERNED = 'A',
  TYPE_SMALL_TUPLE = ')',
  TYPE_SHORT_ASCII = 'z',
  TYPE_SHORT_ASCII_INTERNED = 'Z',
  FLAG_REF = 0x80,
};

// CPython's PyLong_MARSHAL_SHIFT: marshal stores ints as base-2**15 digits.
constexpr unsigned kLongDigitBits = 15;
} // namespace

llvm::Expected<PythonVersion> dynamir::pyc::versionForMagic(uint32_t magic) {
  switch (magic) {
  case kMagic311:
    return PythonVersion{11};
  case kMagic312:
    return PythonVersion{12};
  case kMagic313:
    return PythonVersion{13};
  default:
    break;
  }
  struct Range {
    uint32_t first, last;
    const char *version;
    bool supportedMinor;
  };
  static const Range ranges[] = {
      {3000, 3151, "3.0/3.1", false}, {3160, 3189, "3.2", false},
      {3190, 3249, "3.3", false},     {3250, 3319, "3.4", false},
      {3320, 3359, "3.5", false},     {3360, 3389, "3.6", false},
      {3390, 3399, "3.7", false},     {3400, 3419, "3.8", false},
      {3420, 3429, "3.9", false},     {3430, 3449, "3.10", false},
      {3450, 3499, "3.11", true},     {3500, 3549, "3.12", true},
      {3550, 3599, "3.13", true},     {3600, 3649, "3.14", false},
      {3650, 3699, "3.15", false},    {20121, 62211, "2.x", false},
  };
  for (const Range &range : ranges) {
    if (magic < range.first || magic > range.last)
      continue;
    if (range.supportedMinor)
      return llvm::createStringError(
          llvm::formatv("magic number {0} is a pre-release of Python {1}; "
                        "Dynamir reads bytecode of released 3.11 (magic {2}), "
                        "3.12 ({3}) and 3.13 ({4})",
                        magic, range.version, kMagic311, kMagic312, kMagic313)
              .str());
    return llvm::createStringError(
        llvm::formatv("Python {0} bytecode (magic number {1}) is not "
                      "supported; Dynamir reads CPython 3.11, 3.12 and 3.13",
                      range.version, magic)
            .str());
  }
  return llvm::createStringError(
      llvm::formatv("unknown magic number {0}: not a .pyc written by CPython "
                    "3.11, 3.12 or 3.13",
                    magic)
          .str());
}

/// How CPython names a container kind in its "NULL object" message.
static const char *kindName(MarshalObject::Kind kind) {
  switch (kind) {
  case MarshalObject::Kind::Tuple:
    return "tuple";
  case MarshalObject::Kind::List:
    return "list";
  case MarshalObject::Kind::Set:
    return "set";
  case MarshalObject::Kind::FrozenSet:
    return "frozenset";
  default:
    return "object";
  }
}

namespace dynamir::pyc {
/// One pass over a marshal stream. Errors stop the reader: the first one is
/// kept, with the offset where it happened, and everything after returns null.
class MarshalReader {
public:
  MarshalReader(PycFile &file, StringRef data, size_t base, StringRef bufferName)
      : file(file), data(data), base(base), bufferName(bufferName) {}

  const MarshalObject *readObject();

  bool failed() const { return !error.empty(); }
  llvm::Error takeError() {
    return llvm::createStringError(
        llvm::formatv("{0}: byte {1}: {2}", bufferName, errorOffset, error).str());
  }
  bool atEnd() const { return pos == data.size(); }
  size_t offset() const { return base + pos; }

private:
  const MarshalObject *fail(const llvm::Twine &message) {
    if (error.empty()) {
      error = message.str();
      errorOffset = offset();
    }
    return nullptr;
  }

  bool need(size_t n, const char *what) {
    if (data.size() - pos >= n)
      return true;
    fail(llvm::Twine("truncated file: ") + what + " needs " + llvm::Twine(n) +
         " bytes, " + llvm::Twine(data.size() - pos) + " left");
    return false;
  }
  bool readByte(uint8_t &out, const char *what) {
    if (!need(1, what))
      return false;
    out = static_cast<uint8_t>(data[pos++]);
    return true;
  }
  bool readInt32(int32_t &out, const char *what) {
    if (!need(4, what))
      return false;
    out = llvm::support::endian::read32le(data.data() + pos);
    pos += 4;
    return true;
  }
  bool readSize(uint32_t &out, const char *what) {
    int32_t n;
    if (!readInt32(n, what))
      return false;
    if (n < 0) {
      fail(llvm::Twine("bad marshal data: negative ") + what + " " + llvm::Twine(n));
      return false;
    }
    out = static_cast<uint32_t>(n);
    return true;
  }
  bool readBytes(size_t n, StringRef &out, const char *what) {
    if (!need(n, what))
      return false;
    out = data.substr(pos, n);
    pos += n;
    return true;
  }
  bool readDouble(double &out, const char *what) {
    if (!need(8, what))
      return false;
    uint64_t bits = llvm::support::endian::read64le(data.data() + pos);
    std::memcpy(&out, &bits, sizeof(out));
    pos += 8;
    return true;
  }
  bool readTextDouble(double &out);

  MarshalObject *make(MarshalObject::Kind kind) {
    ++file.numObjects;
    return new (file.arena.Allocate<MarshalObject>()) MarshalObject(kind);
  }
  MarshalObject *makeInt(const llvm::APInt &value) {
    MarshalObject *obj = make(MarshalObject::Kind::Int);
    auto words = allocArray<uint64_t>(value.getNumWords());
    std::copy_n(value.getRawData(), value.getNumWords(), words.begin());
    obj->intWords = words;
    return obj;
  }
  template <typename T>
  llvm::MutableArrayRef<T> allocArray(size_t n) {
    T *p = file.arena.Allocate<T>(n);
    return {p, n};
  }

  const MarshalObject *readObjectImpl();
  const MarshalObject *readLong();
  const MarshalObject *readSequence(MarshalObject::Kind kind, uint32_t n,
                                    bool flag);
  const MarshalObject *readCode(bool flag);
  /// Reads an object that must be a str (for names in a code object).
  bool readStr(StringRef &out, const char *what);
  bool readBytesObject(StringRef &out, const char *what);
  bool readStrTuple(llvm::ArrayRef<StringRef> &out, const char *what);

  /// Reserves a slot of the reference table (r_ref_reserve); the object is
  /// stored there once complete. A reference to an unfinished container is
  /// an error: CPython rejects it for code objects and frozensets and builds
  /// a cycle for the other containers, which a tree of constants cannot hold
  /// and no pyc contains.
  size_t reserveRef() {
    refs.push_back(nullptr);
    return refs.size() - 1;
  }
  const MarshalObject *remember(const MarshalObject *obj, bool flag) {
    if (flag && obj)
      refs.push_back(obj);
    return obj;
  }

  PycFile &file;
  StringRef data;
  size_t base;
  StringRef bufferName;
  size_t pos = 0;
  unsigned depth = 0;
  llvm::SmallVector<const MarshalObject *, 256> refs;
  std::string error;
  size_t errorOffset = 0;
};
} // namespace dynamir::pyc

const MarshalObject *MarshalReader::readObject() {
  if (++depth > kMaxDepth) {
    --depth;
    return fail("bad marshal data: nesting deeper than " + llvm::Twine(kMaxDepth));
  }
  const MarshalObject *obj = readObjectImpl();
  --depth;
  return obj;
}

/// Whether `text` is what CPython's PyOS_string_to_double accepts: a decimal
/// float, `inf`, `infinity` or `nan` (any case, optionally signed), without
/// surrounding whitespace. strtod alone also takes whitespace, hexadecimal
/// floats and `nan(...)`.
static bool isPythonFloatText(StringRef text) {
  if (text.empty())
    return false;
  return llvm::all_of(text, [](char c) {
    return llvm::isDigit(c) || c == '.' || c == '+' || c == '-' || c == 'e' ||
           c == 'E' || llvm::StringRef("infatyINFATY").contains(c);
  });
}

bool MarshalReader::readTextDouble(double &out) {
  uint8_t n;
  StringRef text;
  if (!readByte(n, "float length") || !readBytes(n, text, "float text"))
    return false;
  std::string buffer = text.str();
  char *end = nullptr;
  out = std::strtod(buffer.c_str(), &end);
  if (!isPythonFloatText(text) || end != buffer.c_str() + buffer.size()) {
    fail("bad marshal data: could not convert string to float: '" + text + "'");
    return false;
  }
  return true;
}

/// Whether `bytes` decode as UTF-8 with CPython's "surrogatepass" handler,
/// which is how marshal writes str: well-formed UTF-8, except that the
/// encodings of lone surrogates (U+D800-U+DFFF) are allowed.
static bool isUtf8SurrogatePass(StringRef bytes) {
  const auto *p = reinterpret_cast<const uint8_t *>(bytes.data());
  const uint8_t *end = p + bytes.size();
  while (p < end) {
    uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    unsigned length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (length == 0 || c > 0xf4 || end - p < length)
      return false;
    uint32_t codePoint = c & (0x7f >> length);
    for (unsigned i = 1; i < length; ++i) {
      if ((p[i] & 0xc0) != 0x80)
        return false;
      codePoint = (codePoint << 6) | (p[i] & 0x3f);
    }
    static const uint32_t minimum[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < minimum[length] || codePoint > 0x10ffff)
      return false;
    p += length;
  }
  return true;
}

const MarshalObject *MarshalReader::readLong() {
  int32_t n;
  if (!readInt32(n, "int digit count"))
    return nullptr;
  if (n == INT32_MIN)
    return fail("bad marshal data: int digit count out of range");
  uint32_t count = n < 0 ? -n : n;
  if (!need(size_t(count) * 2, "int digits"))
    return nullptr;
  unsigned bits = llvm::alignTo(count * kLongDigitBits + 1, 64);
  llvm::APInt value(std::max(64u, bits), 0);
  for (uint32_t i = 0; i < count; ++i) {
    uint16_t digit = llvm::support::endian::read16le(data.data() + pos);
    pos += 2;
    if (digit >= (1u << kLongDigitBits))
      return fail("bad marshal data: int digit " + llvm::Twine(digit) + " out of range");
    if (digit == 0 && i + 1 == count)
      return fail("bad marshal data: unnormalized int (leading zero digit)");
    value |= llvm::APInt(value.getBitWidth(), digit) << (i * kLongDigitBits);
  }
  if (n < 0)
    value.negate();
  return makeInt(value);
}

const MarshalObject *MarshalReader::readSequence(MarshalObject::Kind kind,
                                                 uint32_t n, bool flag) {
  if (n > data.size() - pos)
    return fail("bad marshal data: " + llvm::Twine(n) +
                " elements but only " + llvm::Twine(data.size() - pos) +
                " bytes left");
  size_t slot = flag ? reserveRef() : 0;
  MarshalObject *obj = make(kind);
  auto elements = allocArray<const MarshalObject *>(n);
  for (uint32_t i = 0; i < n; ++i) {
    const MarshalObject *element = readObject();
    if (!element)
      return nullptr;
    if (element->kind == MarshalObject::Kind::Null)
      return fail("bad marshal data: NULL object in marshal data for " +
                  llvm::Twine(kindName(kind)));
    elements[i] = element;
  }
  obj->elements = elements;
  if (flag)
    refs[slot] = obj;
  return obj;
}

bool MarshalReader::readStr(StringRef &out, const char *what) {
  const MarshalObject *obj = readObject();
  if (!obj)
    return false;
  if (!obj->isStr()) {
    fail(llvm::Twine("bad marshal data: ") + what + " is not a str");
    return false;
  }
  out = obj->bytes;
  return true;
}

bool MarshalReader::readBytesObject(StringRef &out, const char *what) {
  const MarshalObject *obj = readObject();
  if (!obj)
    return false;
  if (obj->kind != MarshalObject::Kind::Bytes) {
    fail(llvm::Twine("bad marshal data: ") + what + " is not bytes");
    return false;
  }
  out = obj->bytes;
  return true;
}

bool MarshalReader::readStrTuple(llvm::ArrayRef<StringRef> &out,
                                 const char *what) {
  const MarshalObject *obj = readObject();
  if (!obj)
    return false;
  if (!obj->isTuple()) {
    fail(llvm::Twine("bad marshal data: ") + what + " is not a tuple");
    return false;
  }
  auto names = allocArray<StringRef>(obj->elements.size());
  for (auto [i, element] : llvm::enumerate(obj->elements)) {
    if (!element->isStr()) {
      fail(llvm::Twine("bad marshal data: ") + what + " holds a non-str");
      return false;
    }
    names[i] = element->bytes;
  }
  out = names;
  return true;
}

const MarshalObject *MarshalReader::readCode(bool flag) {
  size_t slot = flag ? reserveRef() : 0;
  auto *code = new (file.arena.Allocate<CodeObject>()) CodeObject();
  code->fileOffset = offset() - 1;
  int32_t flags;
  if (!readInt32(code->argcount, "co_argcount") ||
      !readInt32(code->posonlyargcount, "co_posonlyargcount") ||
      !readInt32(code->kwonlyargcount, "co_kwonlyargcount") ||
      !readInt32(code->stacksize, "co_stacksize") ||
      !readInt32(flags, "co_flags"))
    return nullptr;
  code->flags = static_cast<uint32_t>(flags);
  if (!readBytesObject(code->code, "co_code"))
    return nullptr;
  const MarshalObject *consts = readObject();
  if (!consts)
    return nullptr;
  if (!consts->isTuple())
    return fail("bad marshal data: co_consts is not a tuple");
  code->consts = consts->elements;
  if (!readStrTuple(code->names, "co_names") ||
      !readStrTuple(code->localsplusnames, "co_localsplusnames") ||
      !readBytesObject(code->localspluskinds, "co_localspluskinds") ||
      !readStr(code->filename, "co_filename") ||
      !readStr(code->name, "co_name") ||
      !readStr(code->qualname, "co_qualname") ||
      !readInt32(code->firstlineno, "co_firstlineno") ||
      !readBytesObject(code->linetable, "co_linetable") ||
      !readBytesObject(code->exceptiontable, "co_exceptiontable"))
    return nullptr;
  if (code->localspluskinds.size() != code->localsplusnames.size())
    return fail("bad code object '" + code->qualname + "': " +
                llvm::Twine(code->localsplusnames.size()) + " local names but " +
                llvm::Twine(code->localspluskinds.size()) + " local kinds");
  if (code->code.size() % 2 != 0)
    return fail("bad code object '" + code->qualname +
                "': co_code has an odd number of bytes");
  if (code->argcount < 0 || code->posonlyargcount < 0 ||
      code->kwonlyargcount < 0 || code->stacksize < 0 ||
      code->posonlyargcount > code->argcount)
    return fail("bad code object '" + code->qualname + "': invalid argument counts");
  MarshalObject *obj = make(MarshalObject::Kind::Code);
  obj->code = code;
  if (flag)
    refs[slot] = obj;
  return obj;
}

const MarshalObject *MarshalReader::readObjectImpl() {
  uint8_t code;
  if (!readByte(code, "type code"))
    return nullptr;
  bool flag = code & FLAG_REF;
  uint8_t type = code & ~FLAG_REF;
  using Kind = MarshalObject::Kind;

  switch (type) {
  case TYPE_NULL:
    return make(Kind::Null);
  case TYPE_NONE:
    return make(Kind::None);
  case TYPE_STOPITER:
    return make(Kind::StopIteration);
  case TYPE_ELLIPSIS:
    return make(Kind::Ellipsis);
  case TYPE_FALSE:
    return make(Kind::False);
  case TYPE_TRUE:
    return make(Kind::True);
  case TYPE_INT: {
    int32_t v;
    if (!readInt32(v, "int"))
      return nullptr;
    return remember(
        makeInt(llvm::APInt(64, static_cast<int64_t>(v), /*isSigned=*/true)),
        flag);
  }
  case TYPE_LONG:
    return remember(readLong(), flag);
  case TYPE_FLOAT:
  case TYPE_BINARY_FLOAT: {
    MarshalObject *obj = make(Kind::Float);
    bool ok = type == TYPE_FLOAT ? readTextDouble(obj->floatValue)
                                 : readDouble(obj->floatValue, "float");
    return ok ? remember(obj, flag) : nullptr;
  }
  case TYPE_COMPLEX:
  case TYPE_BINARY_COMPLEX: {
    MarshalObject *obj = make(Kind::Complex);
    bool ok = type == TYPE_COMPLEX
                  ? readTextDouble(obj->floatValue) && readTextDouble(obj->imagValue)
                  : readDouble(obj->floatValue, "complex") &&
                        readDouble(obj->imagValue, "complex");
    return ok ? remember(obj, flag) : nullptr;
  }
  case TYPE_STRING:
  case TYPE_UNICODE:
  case TYPE_INTERNED:
  case TYPE_ASCII:
  case TYPE_ASCII_INTERNED:
  case TYPE_SHORT_ASCII:
  case TYPE_SHORT_ASCII_INTERNED: {
    uint32_t n;
    if (type == TYPE_SHORT_ASCII || type == TYPE_SHORT_ASCII_INTERNED) {
      uint8_t b;
      if (!readByte(b, "string length"))
        return nullptr;
      n = b;
    } else if (!readSize(n, "string length")) {
      return nullptr;
    }
    MarshalObject *obj = make(type == TYPE_STRING ? Kind::Bytes : Kind::Str);
    if (!readBytes(n, obj->bytes, "string data"))
      return nullptr;
    if ((type == TYPE_UNICODE || type == TYPE_INTERNED) &&
        !isUtf8SurrogatePass(obj->bytes))
      return fail("bad marshal data: a str is not UTF-8");
    if (type == TYPE_ASCII || type == TYPE_ASCII_INTERNED ||
        type == TYPE_SHORT_ASCII || type == TYPE_SHORT_ASCII_INTERNED)
      for (char c : obj->bytes)
        if (static_cast<unsigned char>(c) >= 0x80)
          return fail("bad marshal data: non-ASCII byte in an ASCII string");
    return remember(obj, flag);
  }
  case TYPE_SMALL_TUPLE: {
    uint8_t n;
    if (!readByte(n, "tuple size"))
      return nullptr;
    return readSequence(Kind::Tuple, n, flag);
  }
  case TYPE_TUPLE:
  case TYPE_LIST:
  case TYPE_SET:
  case TYPE_FROZENSET: {
    uint32_t n;
    if (!readSize(n, "container size"))
      return nullptr;
    Kind kind = type == TYPE_TUPLE  ? Kind::Tuple
                : type == TYPE_LIST ? Kind::List
                : type == TYPE_SET  ? Kind::Set
                                    : Kind::FrozenSet;
    return readSequence(kind, n, flag);
  }
  case TYPE_DICT: {
    size_t slot = flag ? reserveRef() : 0;
    MarshalObject *obj = make(Kind::Dict);
    llvm::SmallVector<const MarshalObject *, 16> items;
    while (true) {
      const MarshalObject *key = readObject();
      if (!key)
        return nullptr;
      if (key->kind == Kind::Null)
        break;
      const MarshalObject *value = readObject();
      if (!value)
        return nullptr;
      // As in CPython, a NULL value ends the dict too, dropping its key.
      if (value->kind == Kind::Null)
        break;
      items.push_back(key);
      items.push_back(value);
    }
    auto elements = allocArray<const MarshalObject *>(items.size());
    std::copy(items.begin(), items.end(), elements.begin());
    obj->elements = elements;
    if (flag)
      refs[slot] = obj;
    return obj;
  }
  case TYPE_CODE:
    return readCode(flag);
  case TYPE_REF: {
    uint32_t index;
    if (!readSize(index, "reference index"))
      return nullptr;
    if (index >= refs.size())
      return fail("bad marshal data: reference " + llvm::Twine(index) +
                  " to an object not yet read (" + llvm::Twine(refs.size()) +
                  " read)");
    if (!refs[index])
      return fail("bad marshal data: reference " + llvm::Twine(index) +
                  " to a container that is still being read");
    return refs[index];
  }
  case TYPE_UNKNOWN:
  default:
    --pos;
    return fail(llvm::formatv("bad marshal data: unknown type code {0:x2}{1}",
                              unsigned(code),
                              llvm::isPrint(type)
                                  ? (" ('" + llvm::Twine(char(type)) + "')").str()
                                  : std::string())
                    .str());
  }
}

llvm::Expected<std::unique_ptr<PycFile>>
PycFile::readMarshal(StringRef contents, StringRef bufferName,
                     PythonVersion version) {
  std::unique_ptr<PycFile> file(new PycFile());
  file->version = version;
  MarshalReader reader(*file, contents, /*base=*/0, bufferName);
  file->root = reader.readObject();
  if (reader.failed())
    return reader.takeError();
  if (file->root->kind == MarshalObject::Kind::Null)
    return llvm::createStringError(
        (bufferName + ": bad marshal data: NULL object in marshal data for "
                      "object")
            .str());
  return std::move(file);
}

llvm::Expected<std::unique_ptr<PycFile>> PycFile::read(StringRef contents,
                                                       StringRef bufferName) {
  auto error = [&](const llvm::Twine &message) {
    return llvm::createStringError(llvm::Twine(bufferName + ": " + message).str());
  };
  if (contents.size() < 16)
    return error("truncated file: a .pyc header is 16 bytes, the file has " +
                 llvm::Twine(contents.size()));
  uint32_t magic = llvm::support::endian::read16le(contents.data());
  if (contents[2] != '\r' || contents[3] != '\n')
    return error("not a .pyc file: the magic number is not followed by \\r\\n");
  llvm::Expected<PythonVersion> version = versionForMagic(magic);
  if (!version)
    return error(llvm::toString(version.takeError()));
  uint32_t flags = llvm::support::endian::read32le(contents.data() + 4);
  if (flags & ~0x3u)
    return error(llvm::formatv("invalid pyc flags {0:x}", flags).str());

  std::unique_ptr<PycFile> file(new PycFile());
  file->version = *version;
  file->magic = magic;
  MarshalReader reader(*file, contents.drop_front(16), /*base=*/16, bufferName);
  file->root = reader.readObject();
  if (reader.failed())
    return reader.takeError();
  if (!file->getModuleCode())
    return error("the marshal data after the header is not a code object");
  // Like importlib (marshal.loads), ignore anything after the code object.
  return std::move(file);
}
