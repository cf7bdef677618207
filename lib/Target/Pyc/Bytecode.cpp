//===- Bytecode.cpp - CPython 3.11-3.13 bytecode decoding -----------------===//
//
// Instruction decoding from the generated opcode tables, and the two varint
// encodings of CPython's code object tables: the location table's
// (little-endian 6-bit chunks, Objects/codeobject.c) and the exception table's
// (big-endian 6-bit chunks, Python/ceval.c's parse_varint).
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Bytecode.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <array>

using namespace dynamir::pyc;

llvm::StringRef dynamir::pyc::getOpcodeName(Opcode op) {
  switch (op) {
#define PYC_OPCODE(NAME)                                                       \
  case Opcode::NAME:                                                           \
    return #NAME;
#include "dynamir/Target/Pyc/Opcodes.def"
  case Opcode::Invalid:
    break;
  }
  return "<invalid>";
}

/// +1 for jumps whose argument counts forwards from the next instruction, -1
/// for those that count backwards, 0 for other opcodes.
static int8_t getJumpDirection(Opcode op) {
  switch (op) {
  case Opcode::JUMP_FORWARD:
  case Opcode::POP_JUMP_FORWARD_IF_FALSE:
  case Opcode::POP_JUMP_FORWARD_IF_TRUE:
  case Opcode::POP_JUMP_FORWARD_IF_NONE:
  case Opcode::POP_JUMP_FORWARD_IF_NOT_NONE:
  case Opcode::POP_JUMP_IF_FALSE:
  case Opcode::POP_JUMP_IF_TRUE:
  case Opcode::POP_JUMP_IF_NONE:
  case Opcode::POP_JUMP_IF_NOT_NONE:
  case Opcode::JUMP_IF_FALSE_OR_POP:
  case Opcode::JUMP_IF_TRUE_OR_POP:
  case Opcode::FOR_ITER:
  case Opcode::SEND:
    return 1;
  case Opcode::JUMP_BACKWARD:
  case Opcode::JUMP_BACKWARD_NO_INTERRUPT:
  case Opcode::POP_JUMP_BACKWARD_IF_FALSE:
  case Opcode::POP_JUMP_BACKWARD_IF_TRUE:
  case Opcode::POP_JUMP_BACKWARD_IF_NONE:
  case Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE:
    return -1;
  default:
    return 0;
  }
}

namespace {
using OpcodeTable = std::array<OpcodeInfo, 256>;

OpcodeTable buildTable(unsigned minor) {
  OpcodeTable table{};
#define PYC_OPCODE_V(MINOR, NAME, NUMBER, CACHES)                              \
  if (minor == MINOR)                                                          \
    table[NUMBER] =                                                            \
        OpcodeInfo{Opcode::NAME, CACHES, getJumpDirection(Opcode::NAME)};
#include "dynamir/Target/Pyc/Opcodes.def"
  return table;
}
} // namespace

/// The opcode table of `version`, or null for an unsupported version.
static const OpcodeTable *getOpcodeTable(PythonVersion version) {
  static const OpcodeTable tables[3] = {buildTable(11), buildTable(12),
                                        buildTable(13)};
  if (version.minor < 11 || version.minor > 13)
    return nullptr;
  return &tables[version.minor - 11];
}

const OpcodeInfo &dynamir::pyc::getOpcodeInfo(PythonVersion version,
                                              uint8_t number) {
  static const OpcodeInfo invalid;
  const OpcodeTable *table = getOpcodeTable(version);
  return table ? (*table)[number] : invalid;
}

bool dynamir::pyc::isJump(Opcode op) { return getJumpDirection(op) != 0; }

std::optional<int64_t> dynamir::pyc::getJumpTarget(const Instruction &inst) {
  int8_t direction = getJumpDirection(inst.op);
  if (!direction)
    return std::nullopt;
  return int64_t(inst.next) + direction * int64_t(inst.arg);
}

static llvm::Error codeError(const CodeObject &code, const llvm::Twine &message) {
  return llvm::createStringError(
      (llvm::Twine("code object '") + code.qualname + "': " + message).str());
}

static llvm::Error jumpError(const CodeObject &code, const Instruction &inst,
                             int64_t target, llvm::StringRef why) {
  return codeError(code, llvm::formatv("{0} at offset {1} jumps to offset {2}, "
                                       "{3}",
                                       getOpcodeName(inst.op), 2 * inst.index,
                                       2 * target, why));
}

llvm::Error
dynamir::pyc::decodeInstructions(const CodeObject &code, PythonVersion version,
                                 llvm::SmallVectorImpl<Instruction> &instructions) {
  const auto *bytes = reinterpret_cast<const uint8_t *>(code.code.data());
  uint32_t numUnits = code.numCodeUnits();
  instructions.clear();
  instructions.reserve(numUnits);
  llvm::BitVector isStart(numUnits + 1);
  // Looked up once: this loop runs for every code unit of every code object.
  static const OpcodeTable invalidTable{};
  const OpcodeTable *table = getOpcodeTable(version);
  if (!table)
    table = &invalidTable;

  uint32_t unit = 0;
  while (unit < numUnits) {
    uint32_t start = unit;
    uint32_t arg = 0;
    const OpcodeInfo *info;
    while (true) {
      uint8_t number = bytes[2 * unit];
      info = &(*table)[number];
      if (info->op == Opcode::Invalid)
        return codeError(code, llvm::formatv("invalid opcode {0} at offset {1} "
                                             "(not written by Python 3.{2})",
                                             unsigned(number), 2 * unit,
                                             version.minor));
      arg = (arg << 8) | bytes[2 * unit + 1];
      if (info->op != Opcode::EXTENDED_ARG)
        break;
      if (++unit == numUnits)
        return codeError(code, llvm::formatv("EXTENDED_ARG at offset {0} ends "
                                             "the code",
                                             2 * (unit - 1)));
    }
    if (info->op == Opcode::CACHE)
      return codeError(code, llvm::formatv("stray CACHE entry at offset {0}",
                                           2 * unit));
    uint32_t next = unit + 1 + info->caches;
    if (next > numUnits)
      return codeError(code, llvm::formatv("the inline caches of {0} at offset "
                                           "{1} run past the end of the code",
                                           getOpcodeName(info->op), 2 * unit));
    isStart.set(start);
    Instruction &inst = instructions.emplace_back(
        Instruction{start, unit, next, arg, info->op});
    if (info->jumpDirection) {
      int64_t target = int64_t(next) + info->jumpDirection * int64_t(arg);
      if (target < 0 || target >= numUnits)
        return jumpError(code, inst, target, "outside the code");
      inst.target = target;
    }
    unit = next;
  }

  for (const Instruction &inst : instructions)
    if (inst.hasTarget() && !isStart.test(inst.target))
      return jumpError(code, inst, inst.target, "which is not an instruction");
  return llvm::Error::success();
}

namespace {
/// Reads the location table's varints: 6-bit chunks, least significant first,
/// bit 6 set on all but the last.
class LocationTableReader {
public:
  explicit LocationTableReader(llvm::StringRef table) : table(table) {}

  bool atEnd() const { return pos >= table.size(); }
  bool readByte(uint8_t &out) {
    if (atEnd())
      return false;
    out = static_cast<uint8_t>(table[pos++]);
    return true;
  }
  bool readVarint(uint32_t &out) {
    uint8_t b;
    if (!readByte(b))
      return false;
    uint64_t value = b & 63;
    unsigned shift = 0;
    while (b & 64) {
      if (!readByte(b) || (shift += 6) > 30)
        return false;
      value |= uint64_t(b & 63) << shift;
    }
    // Six chunks hold 36 bits; a value that needs more than 32 is malformed.
    if (value > UINT32_MAX)
      return false;
    out = value;
    return true;
  }
  bool readSignedVarint(int32_t &out) {
    uint32_t value;
    if (!readVarint(value))
      return false;
    out = (value & 1) ? -int32_t(value >> 1) : int32_t(value >> 1);
    return true;
  }
  size_t offset() const { return pos; }

private:
  llvm::StringRef table;
  size_t pos = 0;
};
} // namespace

llvm::Error dynamir::pyc::decodeLocationTable(
    const CodeObject &code, llvm::SmallVectorImpl<SourcePosition> &positions) {
  size_t numUnits = code.numCodeUnits();
  // Every unit is written once: by the entry that covers it, or as having no
  // position after the last entry.
  positions.clear();
  positions.reserve(numUnits);
  LocationTableReader reader(code.linetable);
  // Lines and columns are computed wide and checked: a crafted table must not
  // overflow them.
  int64_t line = code.firstlineno;
  size_t entryOffset = 0;
  auto truncated = [&]() {
    return codeError(code, llvm::formatv("truncated or malformed location "
                                         "table entry at byte {0}",
                                         entryOffset));
  };
  auto inRange = [](int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; };
  while (!reader.atEnd()) {
    entryOffset = reader.offset();
    uint8_t first;
    reader.readByte(first);
    if (!(first & 0x80))
      return codeError(code, llvm::formatv("location table byte {0} does not "
                                           "start an entry",
                                           entryOffset));
    unsigned kind = (first >> 3) & 15;
    unsigned length = (first & 7) + 1;
    int64_t endLine = -1, column = -1, endColumn = -1;
    bool hasLine = true;
    if (kind == 15) {
      hasLine = false;
    } else if (kind == 14) {
      int32_t lineDelta;
      uint32_t endLineDelta, columnPlusOne, endColumnPlusOne;
      if (!reader.readSignedVarint(lineDelta) || !reader.readVarint(endLineDelta) ||
          !reader.readVarint(columnPlusOne) || !reader.readVarint(endColumnPlusOne))
        return truncated();
      line += lineDelta;
      endLine = line + endLineDelta;
      column = int64_t(columnPlusOne) - 1;
      endColumn = int64_t(endColumnPlusOne) - 1;
    } else if (kind == 13) {
      int32_t lineDelta;
      if (!reader.readSignedVarint(lineDelta))
        return truncated();
      line += lineDelta;
      endLine = line;
    } else if (kind >= 10) {
      uint8_t start, stop;
      if (!reader.readByte(start) || !reader.readByte(stop))
        return truncated();
      line += kind - 10;
      endLine = line;
      column = start;
      endColumn = stop;
    } else {
      uint8_t second;
      if (!reader.readByte(second))
        return truncated();
      endLine = line;
      column = kind * 8 + ((second >> 4) & 7);
      endColumn = column + (second & 15);
    }
    if (!inRange(line) || !inRange(endLine) || !inRange(column) ||
        !inRange(endColumn))
      return codeError(code, llvm::formatv("location table entry at byte {0} "
                                           "has a line or column out of range",
                                           entryOffset));
    SourcePosition pos;
    if (hasLine)
      pos = {int32_t(line), int32_t(endLine), int32_t(column),
             int32_t(endColumn)};
    // Entries past the end of the code are read (and checked) but ignored,
    // as co_positions() ignores them.
    positions.append(std::min<size_t>(length, numUnits - positions.size()), pos);
  }
  positions.resize(numUnits);
  return llvm::Error::success();
}

llvm::Error dynamir::pyc::decodeExceptionTable(
    const CodeObject &code, llvm::SmallVectorImpl<ExceptionTableEntry> &entries) {
  llvm::StringRef table = code.exceptiontable;
  size_t pos = 0;
  uint32_t numUnits = code.numCodeUnits();
  // Exception table varints: 6-bit chunks, most significant first, bit 6 set
  // on all but the last; bit 7 marks the first byte of an entry.
  auto readVarint = [&](uint32_t &out, bool entryStart) {
    if (pos >= table.size())
      return false;
    uint8_t b = table[pos++];
    if (bool(b & 0x80) != entryStart)
      return false;
    uint32_t value = b & 63;
    while (b & 64) {
      if (pos >= table.size() || value > (UINT32_MAX >> 6))
        return false;
      b = table[pos++];
      if (b & 0x80)
        return false;
      value = (value << 6) | (b & 63);
    }
    out = value;
    return true;
  };
  entries.clear();
  while (pos < table.size()) {
    size_t entryOffset = pos;
    uint32_t start, length, target, depthAndLasti;
    if (!readVarint(start, true) || !readVarint(length, false) ||
        !readVarint(target, false) || !readVarint(depthAndLasti, false))
      return codeError(code, llvm::formatv("malformed exception table entry at "
                                           "byte {0}",
                                           entryOffset));
    ExceptionTableEntry entry{start, start + length, target, depthAndLasti >> 1,
                              bool(depthAndLasti & 1)};
    if (length == 0)
      return codeError(code, llvm::formatv("exception table entry at offset {0} "
                                           "covers no instruction",
                                           2 * uint64_t(start)));
    if (entry.end > numUnits || entry.end < start)
      return codeError(code, llvm::formatv("exception table entry [{0}, {1}) "
                                           "lies outside the code (offsets "
                                           "0-{2})",
                                           2 * uint64_t(start),
                                           2 * (uint64_t(start) + length),
                                           2 * numUnits));
    if (target >= numUnits)
      return codeError(code, llvm::formatv("exception handler at offset {0} "
                                           "lies outside the code",
                                           2 * uint64_t(target)));
    if (!entries.empty() && start < entries.back().end)
      return codeError(code, llvm::formatv("exception table entries overlap "
                                           "at offset {0}",
                                           2 * uint64_t(start)));
    entries.push_back(entry);
  }
  return llvm::Error::success();
}
