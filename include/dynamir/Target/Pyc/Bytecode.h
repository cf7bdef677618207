//===- Bytecode.h - CPython 3.11-3.13 bytecode decoding ---------*- C++ -*-===//
//
// Decoding of what a code object stores about its instructions: the
// instructions themselves (opcodes per version, EXTENDED_ARG, inline caches, jump
// targets), the location table (`co_linetable`) and the exception table
// (`co_exceptiontable`). Offsets are in code units (two bytes), as CPython's own
// tables count them.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TARGET_PYC_BYTECODE_H
#define DYNAMIR_TARGET_PYC_BYTECODE_H

#include "dynamir/Target/Pyc/Marshal.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>

namespace dynamir::pyc {

/// Every opcode that some supported version writes, independent of version.
enum class Opcode : uint8_t {
#define PYC_OPCODE(NAME) NAME,
#include "dynamir/Target/Pyc/Opcodes.def"
  Invalid,
};

llvm::StringRef getOpcodeName(Opcode op);

/// What byte `number` means in code objects of `version`, and how many inline
/// cache entries follow it. `Opcode::Invalid` for bytes the version never writes
/// (specialized and instrumented opcodes included).
struct OpcodeInfo {
  Opcode op = Opcode::Invalid;
  uint8_t caches = 0;
  /// For jumps, whether the argument counts forwards (+1) or backwards (-1)
  /// from the next instruction; 0 for other opcodes.
  int8_t jumpDirection = 0;
};
const OpcodeInfo &getOpcodeInfo(PythonVersion version, uint8_t number);

/// One decoded instruction.
struct Instruction {
  /// Code unit of its first EXTENDED_ARG prefix (what jumps and the exception
  /// table point at), or of the opcode when it has none.
  uint32_t start;
  /// Code unit of the opcode itself (what the location table describes).
  uint32_t index;
  /// Code unit after the instruction and its inline caches.
  uint32_t next;
  /// The full argument, EXTENDED_ARG prefixes applied.
  uint32_t arg;
  Opcode op;
  /// For jumps decoded by decodeInstructions, the code unit of the target
  /// (getJumpTarget, checked); kNoTarget otherwise.
  uint32_t target = kNoTarget;

  static constexpr uint32_t kNoTarget = UINT32_MAX;
  bool hasTarget() const { return target != kNoTarget; }
};

/// Decodes `co_code`. Fails on an opcode the version does not write, on
/// EXTENDED_ARG or caches running past the end, and on a jump whose target is
/// outside the code or not the start of an instruction.
llvm::Error decodeInstructions(const CodeObject &code, PythonVersion version,
                               llvm::SmallVectorImpl<Instruction> &instructions);

/// Whether `op` jumps (conditionally or not) to `getJumpTarget`.
bool isJump(Opcode op);
/// The code unit `inst` jumps to, as `dis` reports it, for jumps; otherwise
/// nothing. May lie outside the code: decodeInstructions checks it.
std::optional<int64_t> getJumpTarget(const Instruction &inst);

/// A source position from the location table. Lines are 1-based, columns
/// 0-based UTF-8 byte offsets as CPython stores them; -1 when absent.
struct SourcePosition {
  int32_t line = -1;
  int32_t endLine = -1;
  int32_t column = -1;
  int32_t endColumn = -1;
};

/// Decodes `co_linetable` into one position per code unit.
llvm::Error decodeLocationTable(const CodeObject &code,
                                llvm::SmallVectorImpl<SourcePosition> &positions);

/// One entry of the exception table: instructions in [start, end) unwind to
/// `target` with the stack cut to `depth` items, then the offset of the raising
/// instruction pushed if `pushLasti`, then the exception.
struct ExceptionTableEntry {
  uint32_t start;
  uint32_t end;
  uint32_t target;
  uint32_t depth;
  bool pushLasti;
};

/// Decodes `co_exceptiontable`. Fails on truncated entries, empty or
/// overlapping ranges, and ranges or targets outside the code.
llvm::Error
decodeExceptionTable(const CodeObject &code,
                     llvm::SmallVectorImpl<ExceptionTableEntry> &entries);

} // namespace dynamir::pyc

#endif // DYNAMIR_TARGET_PYC_BYTECODE_H
