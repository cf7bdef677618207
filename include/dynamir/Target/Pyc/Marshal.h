//===- Marshal.h - CPython pyc and marshal reader ---------------*- C++ -*-===//
//
// Reads the header of a `.pyc` file and the marshal stream that follows it into a
// tree of MarshalObjects, with CPython 3.11-3.13's code object layout. Nothing
// here needs a Python interpreter. Objects live in an arena owned by the PycFile;
// strings point into the file's buffer where marshal stored them verbatim.
//
// Every malformed input is an error with the byte offset where reading stopped:
// truncated data, unknown type codes, references to objects not yet read, sizes
// out of range, nesting deeper than CPython's own limit.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TARGET_PYC_MARSHAL_H
#define DYNAMIR_TARGET_PYC_MARSHAL_H

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace dynamir::pyc {

/// A supported CPython version, by minor number (3.11 is 11).
struct PythonVersion {
  unsigned minor = 0;
  bool operator==(PythonVersion other) const { return minor == other.minor; }
  bool atLeast(unsigned m) const { return minor >= m; }
};

struct CodeObject;

/// One object of the marshal stream.
struct MarshalObject {
  enum class Kind : uint8_t {
    Null, None, StopIteration, Ellipsis, False, True,
    Int, Float, Complex, Bytes, Str, Tuple, List, Dict, Set, FrozenSet, Code,
  };

  Kind kind;
  /// Int: the two's-complement value, least significant word first (the
  /// arena holds it; an APInt here would leak, as the arena runs no
  /// destructors).
  llvm::ArrayRef<uint64_t> intWords;
  /// Float, and the real part of Complex.
  double floatValue = 0;
  /// The imaginary part of Complex.
  double imagValue = 0;
  /// Bytes and Str (UTF-8 as marshal wrote it, lone surrogates included).
  llvm::StringRef bytes;
  /// Tuple, List, Set, FrozenSet; Dict as alternating keys and values.
  llvm::ArrayRef<const MarshalObject *> elements;
  /// Code.
  const CodeObject *code = nullptr;

  explicit MarshalObject(Kind kind) : kind(kind) {}
  /// The value of an Int.
  llvm::APInt getInt() const {
    return llvm::APInt(64 * intWords.size(), intWords);
  }
  bool isStr() const { return kind == Kind::Str; }
  bool isTuple() const { return kind == Kind::Tuple; }
};

/// The kinds of a slot in `co_localsplus` (`co_localspluskinds`).
enum LocalKind : uint8_t {
  CO_FAST_HIDDEN = 0x10,
  CO_FAST_LOCAL = 0x20,
  CO_FAST_CELL = 0x40,
  CO_FAST_FREE = 0x80,
};

/// The code object flags the importer looks at (`co_flags`).
enum CodeFlag : uint32_t {
  CO_OPTIMIZED = 0x1,
  CO_NEWLOCALS = 0x2,
  CO_VARARGS = 0x4,
  CO_VARKEYWORDS = 0x8,
  CO_NESTED = 0x10,
  CO_GENERATOR = 0x20,
  CO_NOFREE = 0x40,
  CO_COROUTINE = 0x80,
  CO_ITERABLE_COROUTINE = 0x100,
  CO_ASYNC_GENERATOR = 0x200,
};

/// A code object as 3.11-3.13 marshal it.
struct CodeObject {
  int32_t argcount = 0;
  int32_t posonlyargcount = 0;
  int32_t kwonlyargcount = 0;
  int32_t stacksize = 0;
  uint32_t flags = 0;
  /// `co_code`: little-endian 16-bit code units.
  llvm::StringRef code;
  llvm::ArrayRef<const MarshalObject *> consts;
  llvm::ArrayRef<llvm::StringRef> names;
  llvm::ArrayRef<llvm::StringRef> localsplusnames;
  llvm::StringRef localspluskinds;
  llvm::StringRef filename;
  llvm::StringRef name;
  llvm::StringRef qualname;
  int32_t firstlineno = 0;
  llvm::StringRef linetable;
  llvm::StringRef exceptiontable;
  /// Byte offset of the code object in the file, for diagnostics.
  uint64_t fileOffset = 0;

  size_t numCodeUnits() const { return code.size() / 2; }
  size_t numLocalsPlus() const { return localsplusnames.size(); }
  uint8_t localKind(size_t i) const { return localspluskinds[i]; }
};

/// A parsed `.pyc`: the interpreter version its magic number names and the
/// module's code object. Owns every object it hands out.
class PycFile {
public:
  /// Reads `contents`, which must outlive the PycFile. `bufferName` names the
  /// file in error messages.
  static llvm::Expected<std::unique_ptr<PycFile>> read(llvm::StringRef contents,
                                                       llvm::StringRef bufferName);

  /// Reads a bare marshal stream (no pyc header) written by 3.`minor`.
  static llvm::Expected<std::unique_ptr<PycFile>>
  readMarshal(llvm::StringRef contents, llvm::StringRef bufferName,
              PythonVersion version);

  PythonVersion getVersion() const { return version; }
  uint32_t getMagic() const { return magic; }
  const MarshalObject *getRoot() const { return root; }
  /// The module's code object, or null when the stream holds something else.
  const CodeObject *getModuleCode() const {
    return root && root->kind == MarshalObject::Kind::Code ? root->code : nullptr;
  }
  /// Number of objects read, code objects included (for statistics).
  size_t getNumObjects() const { return numObjects; }

private:
  friend class MarshalReader;
  PycFile() = default;

  llvm::BumpPtrAllocator arena;
  PythonVersion version;
  uint32_t magic = 0;
  const MarshalObject *root = nullptr;
  size_t numObjects = 0;
};

/// The CPython version whose released interpreters write `magic`, or an error
/// that names the version for a known but unsupported magic number.
llvm::Expected<PythonVersion> versionForMagic(uint32_t magic);

} // namespace dynamir::pyc

#endif // DYNAMIR_TARGET_PYC_MARSHAL_H
