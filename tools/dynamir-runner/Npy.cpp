//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// The .npy format: the magic string "\x93NUMPY", a major and a minor version
// byte, the header length (2 bytes little-endian in version 1.0, 4 bytes in
// 2.0 and 3.0), then the header: a Python dict literal with exactly the keys
// 'descr', 'fortran_order' and 'shape', padded with spaces and ended by a
// newline; the elements follow. The reader checks every part of it and the
// size of the data, so that a malformed file is an error, never a crash.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;
using namespace dynamir;
using namespace dynamir::runner;
using tg::DType;

namespace {
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct DescrEntry {
  StringRef descr;
  DType dtype;
};
// `<u2` is bfloat16 (see Npy.h).
constexpr DescrEntry kDescrs[] = {
    {"|b1", DType::Bool},    {"|u1", DType::UInt8},   {"|i1", DType::Int8},
    {"<i2", DType::Int16},   {"<i4", DType::Int32},   {"<i8", DType::Int64},
    {"<f2", DType::Float16}, {"<u2", DType::BFloat16}, {"<f4", DType::Float32},
    {"<f8", DType::Float64},
};

Error malformed(StringRef path, const Twine &why) {
  return createStringError(inconvertibleErrorCode(),
                           "'" + path + "' is not a valid .npy file: " + why);
}

/// A parser of the header's dict literal: the subset of Python literal syntax
/// NumPy writes (strings, True/False, tuples of non-negative ints).
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  void skipSpace() { text = text.ltrim(" \t\n\r"); }
  bool consume(StringRef token) {
    skipSpace();
    return text.consume_front(token);
  }
  bool atEnd() {
    skipSpace();
    return text.empty();
  }

  std::optional<std::string> parseString() {
    skipSpace();
    if (text.empty() || (text.front() != '\'' && text.front() != '"'))
      return std::nullopt;
    char quote = text.front();
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return std::nullopt;
    StringRef contents = text.slice(1, end);
    // The keys and dtype descriptions NumPy writes need no escapes.
    if (contents.contains('\\'))
      return std::nullopt;
    text = text.drop_front(end + 1);
    return contents.str();
  }

  std::optional<bool> parseBool() {
    if (consume("True"))
      return true;
    if (consume("False"))
      return false;
    return std::nullopt;
  }

  std::optional<SmallVector<int64_t>> parseShape() {
    if (!consume("("))
      return std::nullopt;
    SmallVector<int64_t> shape;
    bool needComma = false, trailingComma = false;
    while (true) {
      if (consume(")"))
        break;
      if (needComma && !consume(","))
        return std::nullopt;
      trailingComma = needComma;
      if (consume(")"))
        break;
      trailingComma = false;
      skipSpace();
      size_t digits = text.find_first_not_of("0123456789");
      if (digits == 0 || digits == StringRef::npos)
        return std::nullopt;
      uint64_t dim;
      if (text.take_front(digits).getAsInteger(10, dim) ||
          dim > static_cast<uint64_t>(INT64_MAX))
        return std::nullopt;
      shape.push_back(static_cast<int64_t>(dim));
      text = text.drop_front(digits);
      needComma = true;
    }
    // `(4)` is an int in Python, not a tuple: one element needs its comma.
    if (shape.size() == 1 && !trailingComma)
      return std::nullopt;
    return shape;
  }

  StringRef rest() const { return text; }

private:
  StringRef text;
};

/// Parses the header dict into `array`'s dtype, order and shape.
Error parseHeader(StringRef path, StringRef header, NpyArray &array) {
  HeaderParser parser(header);
  if (!parser.consume("{"))
    return malformed(path, "the header is not a dict literal");
  bool haveDescr = false, haveOrder = false, haveShape = false;
  while (!parser.consume("}")) {
    std::optional<std::string> key = parser.parseString();
    if (!key)
      return malformed(path, "expected a quoted key in the header");
    if (!parser.consume(":"))
      return malformed(path, "expected ':' after '" + *key + "' in the header");
    if (*key == "descr") {
      if (haveDescr)
        return malformed(path, "'descr' appears twice in the header");
      haveDescr = true;
      std::optional<std::string> descr = parser.parseString();
      if (!descr)
        return malformed(path, "'descr' is not a simple dtype string");
      const DescrEntry *entry = llvm::find_if(
          kDescrs, [&](const DescrEntry &e) { return e.descr == *descr; });
      if (entry == std::end(kDescrs))
        return createStringError(
            inconvertibleErrorCode(),
            "'" + path + "': unsupported dtype '" + *descr +
                "' (supported: <f2 <f4 <f8 |b1 |u1 |i1 <i2 <i4 <i8, and <u2 "
                "for the bits of bfloat16)");
      array.dtype = entry->dtype;
    } else if (*key == "fortran_order") {
      if (haveOrder)
        return malformed(path, "'fortran_order' appears twice in the header");
      haveOrder = true;
      std::optional<bool> order = parser.parseBool();
      if (!order)
        return malformed(path, "'fortran_order' is not True or False");
      array.fortranOrder = *order;
    } else if (*key == "shape") {
      if (haveShape)
        return malformed(path, "'shape' appears twice in the header");
      haveShape = true;
      std::optional<SmallVector<int64_t>> shape = parser.parseShape();
      if (!shape)
        return malformed(path, "'shape' is not a tuple of non-negative ints");
      array.shape = std::move(*shape);
    } else {
      return malformed(path, "unexpected key '" + *key + "' in the header");
    }
    if (!parser.consume(",")) {
      if (!parser.consume("}"))
        return malformed(path, "expected ',' or '}' in the header");
      break;
    }
  }
  if (!parser.atEnd())
    return malformed(path, "unexpected text after the header dict");
  if (!haveDescr || !haveOrder || !haveShape)
    return malformed(path, "the header lacks '" +
                               StringRef(!haveDescr   ? "descr"
                                         : !haveOrder ? "fortran_order"
                                                      : "shape") +
                               "'");
  return Error::success();
}

/// The C-order offset, in elements, of the element at Fortran-order index
/// `linear`.
int64_t cOrderIndexOfFortranIndex(ArrayRef<int64_t> shape, int64_t linear) {
  int64_t offset = 0, stride = 1;
  SmallVector<int64_t> index(shape.size());
  for (size_t d = 0; d < shape.size(); ++d) {
    index[d] = linear % shape[d];
    linear /= shape[d];
  }
  for (size_t d = shape.size(); d-- > 0;) {
    offset += index[d] * stride;
    stride *= shape[d];
  }
  return offset;
}
} // namespace

int64_t dynamir::runner::getElementSize(DType dtype) {
  switch (dtype) {
  case DType::Bool:
  case DType::UInt8:
  case DType::Int8:
    return 1;
  case DType::Int16:
  case DType::Float16:
  case DType::BFloat16:
    return 2;
  case DType::Int32:
  case DType::Float32:
    return 4;
  case DType::Int64:
  case DType::Float64:
    return 8;
  }
  llvm_unreachable("unknown dtype");
}

int64_t NpyArray::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

SmallVector<int64_t> NpyArray::getStrides() const {
  // PyTorch's strides for a size-0 or size-1 dimension are those of the
  // contiguous layout, the product of the other sizes (at least 1).
  SmallVector<int64_t> strides(shape.size());
  int64_t stride = 1;
  if (fortranOrder) {
    for (size_t d = 0; d < shape.size(); ++d) {
      strides[d] = stride;
      stride *= std::max<int64_t>(shape[d], 1);
    }
  } else {
    for (size_t d = shape.size(); d-- > 0;) {
      strides[d] = stride;
      stride *= std::max<int64_t>(shape[d], 1);
    }
  }
  return strides;
}

Expected<NpyArray> dynamir::runner::readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!file)
    return createStringError(file.getError(),
                             "cannot read '" + path +
                                 "': " + file.getError().message());
  StringRef bytes = (*file)->getBuffer();
  if (bytes.size() < kMagicSize + 2 ||
      bytes.take_front(kMagicSize) != StringRef(kMagic, kMagicSize))
    return malformed(path, "no NumPy magic string");
  uint8_t major = bytes[kMagicSize], minor = bytes[kMagicSize + 1];
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return malformed(path, formatv("unsupported format version {0}.{1}",
                                   unsigned(major), unsigned(minor)));
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthSize;
  if (bytes.size() < prefix)
    return malformed(path, "truncated header length");
  uint64_t headerLength = 0;
  for (size_t i = 0; i < lengthSize; ++i)
    headerLength |= uint64_t(uint8_t(bytes[kMagicSize + 2 + i])) << (8 * i);
  if (bytes.size() - prefix < headerLength)
    return malformed(path, "truncated header");
  StringRef header = bytes.substr(prefix, headerLength);
  if (header.empty() || header.back() != '\n')
    return malformed(path, "the header does not end with a newline");
  // Versions 1.0 and 2.0 have a latin-1 header, 3.0 a UTF-8 one; the keys and
  // values accepted here are ASCII either way.
  NpyArray array;
  if (Error error = parseHeader(path, header, array))
    return std::move(error);

  int64_t elementSize = getElementSize(array.dtype);
  uint64_t count = 1;
  for (int64_t dim : array.shape)
    if (dim != 0 && count > static_cast<uint64_t>(INT64_MAX) / elementSize /
                                static_cast<uint64_t>(dim))
      return malformed(path, "the shape is too large");
    else
      count *= static_cast<uint64_t>(dim);
  uint64_t dataSize = count * elementSize;
  StringRef data = bytes.drop_front(prefix + headerLength);
  if (data.size() != dataSize)
    return malformed(path, formatv("the shape and dtype need {0} bytes of "
                                   "data, the file has {1}",
                                   dataSize, data.size()));
  array.data.resize(dataSize);
  if (!array.fortranOrder || array.shape.size() < 2) {
    std::memcpy(array.data.data(), data.data(), dataSize);
    return array;
  }
  for (uint64_t i = 0; i < count; ++i)
    std::memcpy(array.data.data() +
                    cOrderIndexOfFortranIndex(array.shape, i) * elementSize,
                data.data() + i * elementSize, elementSize);
  return array;
}

Error dynamir::runner::writeNpy(StringRef path, DType dtype,
                                ArrayRef<int64_t> shape, const char *data) {
  const DescrEntry *entry = llvm::find_if(
      kDescrs, [&](const DescrEntry &e) { return e.dtype == dtype; });
  std::string header;
  raw_string_ostream os(header);
  os << "{'descr': '" << entry->descr << "', 'fortran_order': False, 'shape': (";
  for (int64_t dim : shape)
    os << dim << (shape.size() == 1 ? "," : ", ");
  if (shape.size() > 1)
    header.resize(header.size() - 2);
  os << "), }";
  // Pad so that the data starts at a multiple of 64 bytes, as NumPy does.
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = alignTo(prefix + header.size() + 1, 64);
  header.append(total - prefix - header.size() - 1, ' ');
  header.push_back('\n');

  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  std::error_code ec;
  raw_fd_ostream file(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec, "cannot write '" + path + "': " + ec.message());
  file.write(kMagic, kMagicSize);
  file << char(1) << char(0) << char(header.size() & 0xff)
       << char(header.size() >> 8) << header;
  file.write(data, count * getElementSize(dtype));
  file.close();
  if (file.has_error())
    return createStringError(file.error(), "cannot write '" + path +
                                               "': " + file.error().message());
  return Error::success();
}
