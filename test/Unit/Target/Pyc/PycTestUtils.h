//===- PycTestUtils.h - Helpers of the pyc unit tests -----------*- C++ -*-===//
//
// What the pyc reader's unit tests share: turning llvm::Error into strings
// gtest can compare, and a writer for the little-endian integers, marshal
// objects and table varints that the hand-written inputs are made of.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TEST_UNIT_TARGET_PYC_PYCTESTUTILS_H
#define DYNAMIR_TEST_UNIT_TARGET_PYC_PYCTESTUTILS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <initializer_list>
#include <string>

namespace dynamir::pyc::testutil {

/// The message of `error`, or "" for success. Consumes the error.
inline std::string takeMessage(llvm::Error error) {
  if (!error)
    return std::string();
  return llvm::toString(std::move(error));
}

/// The message of a failed `value`, or "" when it holds a value (which stays).
template <typename T>
std::string takeMessage(llvm::Expected<T> &value) {
  if (value)
    return std::string();
  return llvm::toString(value.takeError());
}
template <typename T>
std::string takeMessage(llvm::Expected<T> &&value) {
  return takeMessage(value);
}

/// Checks that `haystack` contains `needle` and prints both when not.
#define EXPECT_CONTAINS(haystack, needle)                                      \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos)             \
      << "expected to find: " << (needle) << "\n          in: " << (haystack)

/// Raw little-endian integers.
inline std::string le16(uint16_t v) {
  return {char(v & 0xff), char(v >> 8)};
}
inline std::string le32(uint32_t v) {
  return {char(v & 0xff), char((v >> 8) & 0xff), char((v >> 16) & 0xff),
          char(v >> 24)};
}

/// Marshal objects, written the way Python/marshal.c's w_object writes them
/// (without FLAG_REF unless a test adds it).
namespace m {
inline std::string none() { return "N"; }
inline std::string null() { return "0"; }
inline std::string int32(int32_t v) { return "i" + le32(uint32_t(v)); }
/// TYPE_SHORT_ASCII: a str of at most 255 ASCII bytes.
inline std::string str(llvm::StringRef s) {
  return "z" + std::string(1, char(s.size())) + s.str();
}
/// TYPE_STRING: bytes.
inline std::string bytes(llvm::StringRef s) {
  return "s" + le32(uint32_t(s.size())) + s.str();
}
/// TYPE_SMALL_TUPLE.
inline std::string tuple(std::initializer_list<std::string> items) {
  std::string out = ")" + std::string(1, char(items.size()));
  for (const std::string &item : items)
    out += item;
  return out;
}
/// TYPE_LIST.
inline std::string list(std::initializer_list<std::string> items) {
  std::string out = "[" + le32(uint32_t(items.size()));
  for (const std::string &item : items)
    out += item;
  return out;
}
inline std::string ref(uint32_t index) { return "r" + le32(index); }
/// `object` with FLAG_REF set on its type code.
inline std::string flagged(std::string object) {
  object[0] = char(uint8_t(object[0]) | 0x80);
  return object;
}

/// The fields of a 3.11-3.13 code object (Python/marshal.c, TYPE_CODE), each
/// already marshalled, so that a test can put anything in any of them. The
/// defaults make a valid code object `f`.
struct Code {
  int32_t argcount = 0;
  int32_t posonlyargcount = 0;
  int32_t kwonlyargcount = 0;
  int32_t stacksize = 1;
  int32_t flags = 0x3;
  std::string code = bytes(llvm::StringRef("\x97\x00\x79\x00", 4));
  std::string consts = tuple({none()});
  std::string names = tuple({});
  std::string localsplusnames = tuple({});
  std::string localspluskinds = bytes("");
  std::string filename = str("f.py");
  std::string name = str("f");
  std::string qualname = str("f");
  int32_t firstlineno = 1;
  std::string linetable = bytes("");
  std::string exceptiontable = bytes("");

  std::string encode() const {
    return "c" + le32(argcount) + le32(posonlyargcount) +
           le32(kwonlyargcount) + le32(stacksize) + le32(flags) + code +
           consts + names + localsplusnames + localspluskinds + filename +
           name + qualname + le32(firstlineno) + linetable + exceptiontable;
  }
};
} // namespace m

} // namespace dynamir::pyc::testutil

#endif // DYNAMIR_TEST_UNIT_TARGET_PYC_PYCTESTUTILS_H
