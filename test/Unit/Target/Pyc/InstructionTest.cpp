//===- InstructionTest.cpp - Tests of the instruction decoder -------------===//
//
// Unit tests of decodeInstructions, getJumpTarget and isJump: the code of
// the functions of CPythonFixtures.h against dis.get_instructions, then
// hand-written code for each version: EXTENDED_ARG prefixes, inline caches,
// forward and backward jumps, and the errors (opcodes the version never
// writes, stray caches, EXTENDED_ARG or caches running past the end, jumps
// outside the code or into the middle of an instruction).
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Bytecode.h"

#include "CPythonFixtures.h"
#include "PycTestUtils.h"

#include "gtest/gtest.h"

#include <optional>
#include <set>
#include <string_view>

using namespace dynamir::pyc;
using namespace dynamir::pyc::testutil;
using namespace dynamir::pyc::fixtures;

namespace {

/// The opcode called `name`, or Invalid.
Opcode opcodeNamed(llvm::StringRef name) {
  for (unsigned op = 0; op < unsigned(Opcode::Invalid); ++op)
    if (getOpcodeName(Opcode(op)) == name)
      return Opcode(op);
  return Opcode::Invalid;
}

//===----------------------------------------------------------------------===//
// Code written by CPython
//===----------------------------------------------------------------------===//

class InstructionFixtureTest
    : public ::testing::TestWithParam<const CodeFixture *> {};

void expectInstruction(const Instruction &inst,
                       const ExpectedInstruction &expected) {
  EXPECT_EQ(inst.start, expected.start);
  EXPECT_EQ(inst.index, expected.index);
  EXPECT_EQ(inst.next, expected.next);
  EXPECT_EQ(inst.arg, expected.arg);
  EXPECT_EQ(getOpcodeName(inst.op), expected.name);
  std::optional<int64_t> target = getJumpTarget(inst);
  EXPECT_EQ(target.value_or(-1), expected.target);
  EXPECT_EQ(isJump(inst.op), expected.target != -1);
}

TEST_P(InstructionFixtureTest, MatchesDis) {
  const CodeFixture &fixture = *GetParam();
  CodeObject code = fixture.makeCode();
  llvm::SmallVector<Instruction> instructions;
  ASSERT_EQ(takeMessage(decodeInstructions(code, fixture.version(),
                                           instructions)),
            "");
  ASSERT_EQ(instructions.size(), fixture.instructions.size());
  for (size_t i = 0; i < instructions.size(); ++i) {
    SCOPED_TRACE("instruction " + std::to_string(i) + ", " +
                 fixture.instructions[i].name);
    expectInstruction(instructions[i], fixture.instructions[i]);
  }
}

// The code cut after any code unit either decodes to the instructions that
// end before the cut, or fails cleanly (an instruction's caches cut off, or a
// jump that now leaves the code).
TEST_P(InstructionFixtureTest, EveryTruncation) {
  const CodeFixture &fixture = *GetParam();
  CodeObject full = fixture.makeCode();
  for (size_t units = 0; units < full.numCodeUnits(); ++units) {
    SCOPED_TRACE("first " + std::to_string(units) + " code units");
    CodeObject code = full;
    code.code = full.code.take_front(2 * units);
    llvm::SmallVector<Instruction> instructions;
    std::string message =
        takeMessage(decodeInstructions(code, fixture.version(), instructions));
    if (!message.empty()) {
      EXPECT_CONTAINS(message,
                      "code object '" + std::string(fixture.qualname) + "': ");
      continue;
    }
    ASSERT_LE(instructions.size(), fixture.instructions.size());
    for (size_t i = 0; i < instructions.size(); ++i)
      expectInstruction(instructions[i], fixture.instructions[i]);
    if (!instructions.empty())
      EXPECT_EQ(instructions.back().next, units);
    else
      EXPECT_EQ(units, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(CPython, InstructionFixtureTest,
                         ::testing::ValuesIn(kAllFixtures), FixtureName());

//===----------------------------------------------------------------------===//
// Hand-written code, for each version
//===----------------------------------------------------------------------===//

/// Opcode numbers and cache counts of each version, from the interpreters'
/// opcode.opmap and opcode._inline_cache_entries (3.11.7, 3.12.1, 3.13.0),
/// and a few bytes the version does not write: a specialized opcode
/// (BINARY_OP_ADD_INT, from dis._all_opmap / opcode._specialized_opmap), an
/// unassigned byte, and an instrumented one (INSTRUMENTED_LINE; 3.11 has
/// none).
struct VersionNumbers {
  unsigned minor;
  uint8_t nop, extendedArg, buildTuple, popTop, jumpForward, jumpBackward,
      returnValue, loadGlobal, forIter;
  uint8_t loadGlobalCaches, jumpBackwardCaches, forIterCaches;
  uint8_t specialized, unassigned, instrumented;
};

// Each row: minor; NOP, EXTENDED_ARG, BUILD_TUPLE, POP_TOP, JUMP_FORWARD,
// JUMP_BACKWARD, RETURN_VALUE, LOAD_GLOBAL, FOR_ITER; the caches of
// LOAD_GLOBAL, JUMP_BACKWARD, FOR_ITER; specialized, unassigned, instrumented.
const VersionNumbers kPython311 = {11, 9, 144, 102, 1, 110, 140, 83, 116, 93,
                                   5,  0, 0,   5,   181, 0};
const VersionNumbers kPython312 = {12, 9, 144, 102, 1, 110, 140, 83, 116, 93,
                                   4,  0, 1,   7,   169, 254};
const VersionNumbers kPython313 = {13, 30, 71, 52, 32, 79, 77, 36, 91, 72,
                                   4,  1,  1,  151, 119, 254};
const VersionNumbers *const kVersions[] = {&kPython311, &kPython312,
                                           &kPython313};

void PrintTo(const VersionNumbers *v, std::ostream *os) {
  *os << "Python 3." << v->minor;
}

/// Code units, written one instruction at a time.
class CodeWriter {
public:
  /// Appends an instruction and `caches` zeroed cache entries; returns the
  /// code unit of the opcode.
  uint32_t emit(uint8_t op, uint8_t arg = 0, unsigned caches = 0) {
    uint32_t unit = bytes.size() / 2;
    bytes += char(op);
    bytes += char(arg);
    bytes.append(2 * caches, '\0');
    return unit;
  }
  uint32_t size() const { return bytes.size() / 2; }

  std::string bytes;
};

class InstructionTest
    : public ::testing::TestWithParam<const VersionNumbers *> {
protected:
  const VersionNumbers &v() const { return *GetParam(); }
  PythonVersion version() const { return PythonVersion{v().minor}; }

  llvm::SmallVector<Instruction> decodeOk(const CodeWriter &writer) {
    CodeObject code;
    code.code = writer.bytes;
    code.qualname = "f";
    llvm::SmallVector<Instruction> instructions;
    EXPECT_EQ(takeMessage(decodeInstructions(code, version(), instructions)),
              "");
    return instructions;
  }
  std::string decodeError(const CodeWriter &writer) {
    CodeObject code;
    code.code = writer.bytes;
    code.qualname = "f";
    llvm::SmallVector<Instruction> instructions;
    std::string message =
        takeMessage(decodeInstructions(code, version(), instructions));
    EXPECT_NE(message, "") << "the code decoded";
    return message;
  }
};

TEST_P(InstructionTest, EmptyCode) {
  EXPECT_TRUE(decodeOk(CodeWriter()).empty());
}

// EXTENDED_ARG prefixes shift their argument into the next instruction's;
// the instruction starts at its first prefix, which is where jumps go.
// dis.get_instructions on these bytes (as co_code of a code object) gives the
// same arguments and targets.
TEST_P(InstructionTest, ExtendedArgs) {
  CodeWriter w;
  w.emit(v().nop);
  w.emit(v().extendedArg, 1);
  w.emit(v().buildTuple, 2);
  w.emit(v().extendedArg, 1);
  w.emit(v().extendedArg, 2);
  w.emit(v().extendedArg, 3);
  w.emit(v().buildTuple, 4);
  w.emit(v().popTop);
  w.emit(v().extendedArg, 0);
  w.emit(v().jumpForward, 1);
  w.emit(v().nop);
  uint32_t loadGlobal = w.emit(v().loadGlobal, 0, v().loadGlobalCaches);
  uint32_t jumpBackward = w.size();
  uint32_t afterJump = jumpBackward + 1 + v().jumpBackwardCaches;
  // Back to unit 3, the first EXTENDED_ARG of the second BUILD_TUPLE.
  w.emit(v().jumpBackward, afterJump - 3, v().jumpBackwardCaches);
  w.emit(v().returnValue);

  auto insts = decodeOk(w);
  ASSERT_EQ(insts.size(), 9u);
  auto check = [&](size_t i, uint32_t start, uint32_t index, uint32_t next,
                   uint32_t arg, const char *name) {
    SCOPED_TRACE("instruction " + std::to_string(i));
    EXPECT_EQ(insts[i].start, start);
    EXPECT_EQ(insts[i].index, index);
    EXPECT_EQ(insts[i].next, next);
    EXPECT_EQ(insts[i].arg, arg);
    EXPECT_EQ(getOpcodeName(insts[i].op), name);
  };
  check(0, 0, 0, 1, 0, "NOP");
  check(1, 1, 2, 3, 0x102, "BUILD_TUPLE");
  check(2, 3, 6, 7, 0x01020304, "BUILD_TUPLE");
  check(3, 7, 7, 8, 0, "POP_TOP");
  check(4, 8, 9, 10, 1, "JUMP_FORWARD");
  check(5, 10, 10, 11, 0, "NOP");
  check(6, 11, 11, loadGlobal + 1 + v().loadGlobalCaches, 0, "LOAD_GLOBAL");
  check(7, jumpBackward, jumpBackward, afterJump, afterJump - 3,
        "JUMP_BACKWARD");
  check(8, afterJump, afterJump, afterJump + 1, 0, "RETURN_VALUE");
  EXPECT_EQ(getJumpTarget(insts[4]), 11);
  EXPECT_EQ(getJumpTarget(insts[7]), 3);
}

// More than three prefixes shift bits out of 32, as in the interpreter.
TEST_P(InstructionTest, ExtendedArgOverflow) {
  CodeWriter w;
  for (uint8_t arg : {0x12, 0x34, 0x56, 0x78})
    w.emit(v().extendedArg, arg);
  w.emit(v().buildTuple, 0x9a);
  auto insts = decodeOk(w);
  ASSERT_EQ(insts.size(), 1u);
  EXPECT_EQ(insts[0].arg, 0x3456789au);
  EXPECT_EQ(insts[0].start, 0u);
  EXPECT_EQ(insts[0].index, 4u);
}

// Jumps count from the end of the instruction's inline caches.
TEST_P(InstructionTest, JumpsCountFromTheEndOfTheCaches) {
  CodeWriter w;
  uint32_t forIter = w.emit(v().forIter, 2, v().forIterCaches);
  w.emit(v().nop);
  w.emit(v().nop);
  uint32_t end = w.emit(v().returnValue);
  auto insts = decodeOk(w);
  ASSERT_EQ(insts.size(), 4u);
  EXPECT_EQ(insts[0].next, forIter + 1 + v().forIterCaches);
  EXPECT_EQ(getJumpTarget(insts[0]), end);
  EXPECT_TRUE(isJump(insts[0].op));
}

TEST_P(InstructionTest, InvalidOpcodes) {
  std::vector<uint8_t> invalid = {v().specialized, v().unassigned};
  if (v().instrumented)
    invalid.push_back(v().instrumented);
  if (v().minor == 13)
    invalid.push_back(70); // ENTER_EXECUTOR, only ever in memory.
  for (uint8_t number : invalid) {
    CodeWriter w;
    w.emit(v().nop);
    w.emit(number);
    EXPECT_EQ(decodeError(w), "code object 'f': invalid opcode " +
                                  std::to_string(number) +
                                  " at offset 2 (not written by Python 3." +
                                  std::to_string(v().minor) + ")");
    // Behind an EXTENDED_ARG, the offset is the opcode's.
    CodeWriter prefixed;
    prefixed.emit(v().extendedArg, 1);
    prefixed.emit(number);
    EXPECT_CONTAINS(decodeError(prefixed),
                    "invalid opcode " + std::to_string(number) +
                        " at offset 2");
  }
}

// A CACHE where an instruction should start.
TEST_P(InstructionTest, StrayCache) {
  CodeWriter w;
  w.emit(v().nop);
  w.emit(0);
  EXPECT_EQ(decodeError(w), "code object 'f': stray CACHE entry at offset 2");
  CodeWriter prefixed;
  prefixed.emit(v().extendedArg, 1);
  prefixed.emit(0);
  EXPECT_EQ(decodeError(prefixed),
            "code object 'f': stray CACHE entry at offset 2");
  // One cache entry too many after LOAD_GLOBAL.
  CodeWriter extra;
  extra.emit(v().loadGlobal, 0, v().loadGlobalCaches + 1);
  EXPECT_EQ(decodeError(extra),
            "code object 'f': stray CACHE entry at offset " +
                std::to_string(2 * (1 + v().loadGlobalCaches)));
}

TEST_P(InstructionTest, ExtendedArgAtTheEnd) {
  CodeWriter w;
  w.emit(v().nop);
  w.emit(v().extendedArg, 1);
  EXPECT_EQ(decodeError(w),
            "code object 'f': EXTENDED_ARG at offset 2 ends the code");
  CodeWriter chain;
  chain.emit(v().extendedArg, 1);
  chain.emit(v().extendedArg, 2);
  chain.emit(v().extendedArg, 3);
  EXPECT_EQ(decodeError(chain),
            "code object 'f': EXTENDED_ARG at offset 4 ends the code");
}

TEST_P(InstructionTest, CachesPastTheEnd) {
  for (unsigned present = 0; present < v().loadGlobalCaches; ++present) {
    CodeWriter w;
    w.emit(v().nop);
    w.emit(v().loadGlobal, 0, present);
    EXPECT_EQ(decodeError(w), "code object 'f': the inline caches of "
                              "LOAD_GLOBAL at offset 2 run past the end of "
                              "the code")
        << present << " of " << unsigned(v().loadGlobalCaches);
  }
}

// Offsets in the messages are in bytes, as dis prints them.
TEST_P(InstructionTest, JumpsOutsideTheCode) {
  // Forward past the end, and to the end itself.
  for (uint8_t arg : {1, 5, 255}) {
    CodeWriter w;
    w.emit(v().jumpForward, arg);
    w.emit(v().nop);
    EXPECT_EQ(decodeError(w), "code object 'f': JUMP_FORWARD at offset 0 "
                              "jumps to offset " +
                                  std::to_string(2 * (1 + arg)) +
                                  ", outside the code");
  }
  // Backward before the start.
  CodeWriter back;
  back.emit(v().nop);
  uint32_t jump = back.emit(v().jumpBackward, 5, v().jumpBackwardCaches);
  int64_t target = int64_t(jump) + 1 + v().jumpBackwardCaches - 5;
  EXPECT_EQ(decodeError(back), "code object 'f': JUMP_BACKWARD at offset " +
                                   std::to_string(2 * jump) +
                                   " jumps to offset " +
                                   std::to_string(2 * target) +
                                   ", outside the code");
  // FOR_ITER, whose target is where the loop ends.
  CodeWriter loop;
  loop.emit(v().forIter, 1, v().forIterCaches);
  EXPECT_CONTAINS(decodeError(loop),
                  "FOR_ITER at offset 0 jumps to offset " +
                      std::to_string(2 * (2 + v().forIterCaches)) +
                      ", outside the code");
  // An EXTENDED_ARG prefix makes the jump long.
  CodeWriter far;
  far.emit(v().extendedArg, 1);
  far.emit(v().jumpForward, 0);
  far.emit(v().nop);
  EXPECT_CONTAINS(decodeError(far),
                  "JUMP_FORWARD at offset 2 jumps to offset 516, outside");
}

// A target inside an instruction: one of its caches, or its opcode behind
// an EXTENDED_ARG prefix.
TEST_P(InstructionTest, JumpsIntoAnInstruction) {
  CodeWriter intoCache;
  intoCache.emit(v().jumpForward, 1);
  intoCache.emit(v().loadGlobal, 0, v().loadGlobalCaches);
  EXPECT_EQ(decodeError(intoCache),
            "code object 'f': JUMP_FORWARD at offset 0 jumps to offset 4, "
            "which is not an instruction");
  CodeWriter intoPrefixed;
  intoPrefixed.emit(v().jumpForward, 1);
  intoPrefixed.emit(v().extendedArg, 0);
  intoPrefixed.emit(v().buildTuple, 1);
  EXPECT_EQ(decodeError(intoPrefixed),
            "code object 'f': JUMP_FORWARD at offset 0 jumps to offset 4, "
            "which is not an instruction");
  // ... where its first prefix is fine.
  CodeWriter toPrefix;
  toPrefix.emit(v().jumpForward, 0);
  toPrefix.emit(v().extendedArg, 0);
  toPrefix.emit(v().buildTuple, 1);
  EXPECT_EQ(decodeOk(toPrefix).size(), 2u);
}

// The output is replaced, not appended to.
TEST_P(InstructionTest, ReplacesTheOutput) {
  CodeWriter w;
  w.emit(v().nop);
  CodeObject code;
  code.code = w.bytes;
  llvm::SmallVector<Instruction> instructions(4);
  ASSERT_EQ(takeMessage(decodeInstructions(code, version(), instructions)), "");
  EXPECT_EQ(instructions.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    CPython, InstructionTest, ::testing::ValuesIn(kVersions),
    [](const ::testing::TestParamInfo<const VersionNumbers *> &info) {
      return "Python3" + std::to_string(info.param->minor);
    });

// No supported interpreter writes code for another version.
TEST(InstructionVersionTest, UnsupportedVersion) {
  CodeObject code;
  code.code = llvm::StringRef("\x09\x00", 2);
  code.qualname = "f";
  llvm::SmallVector<Instruction> instructions;
  EXPECT_EQ(takeMessage(decodeInstructions(code, PythonVersion{10},
                                           instructions)),
            "code object 'f': invalid opcode 9 at offset 0 (not written by "
            "Python 3.10)");
}

//===----------------------------------------------------------------------===//
// Jump opcodes
//===----------------------------------------------------------------------===//

// opcode.hasjrel of 3.11 and 3.12 and opcode.hasjump of 3.13 together, split
// by opcode._is_backward_jump (dis) into forward and backward.
TEST(JumpTest, JumpOpcodes) {
  const char *forward[] = {
      "FOR_ITER",
      "JUMP_FORWARD",
      "JUMP_IF_FALSE_OR_POP",
      "JUMP_IF_TRUE_OR_POP",
      "POP_JUMP_FORWARD_IF_FALSE",
      "POP_JUMP_FORWARD_IF_NONE",
      "POP_JUMP_FORWARD_IF_NOT_NONE",
      "POP_JUMP_FORWARD_IF_TRUE",
      "POP_JUMP_IF_FALSE",
      "POP_JUMP_IF_NONE",
      "POP_JUMP_IF_NOT_NONE",
      "POP_JUMP_IF_TRUE",
      "SEND",
  };
  const char *backward[] = {
      "JUMP_BACKWARD",
      "JUMP_BACKWARD_NO_INTERRUPT",
      "POP_JUMP_BACKWARD_IF_FALSE",
      "POP_JUMP_BACKWARD_IF_NONE",
      "POP_JUMP_BACKWARD_IF_NOT_NONE",
      "POP_JUMP_BACKWARD_IF_TRUE",
  };
  std::set<Opcode> jumps;
  for (const char *name : forward) {
    Opcode op = opcodeNamed(name);
    ASSERT_NE(op, Opcode::Invalid) << name;
    jumps.insert(op);
    EXPECT_TRUE(isJump(op)) << name;
    EXPECT_EQ(getJumpTarget(Instruction{4, 5, 10, 3, op}), 13) << name;
  }
  for (const char *name : backward) {
    Opcode op = opcodeNamed(name);
    ASSERT_NE(op, Opcode::Invalid) << name;
    jumps.insert(op);
    EXPECT_TRUE(isJump(op)) << name;
    EXPECT_EQ(getJumpTarget(Instruction{4, 5, 10, 3, op}), 7) << name;
    // The target may lie before the code; decodeInstructions checks it.
    EXPECT_EQ(getJumpTarget(Instruction{0, 0, 1, 300, op}), -299) << name;
  }
  // Nothing else jumps (exception handlers are in the exception table).
  for (unsigned op = 0; op <= unsigned(Opcode::Invalid); ++op) {
    if (jumps.count(Opcode(op)))
      continue;
    EXPECT_FALSE(isJump(Opcode(op))) << getOpcodeName(Opcode(op)).str();
    EXPECT_FALSE(getJumpTarget(Instruction{0, 0, 1, 1, Opcode(op)}))
        << getOpcodeName(Opcode(op)).str();
  }
}

} // namespace
