//===- CPythonFixtures.h - Code objects compiled by CPython -----*- C++ -*-===//
//
// Three small functions as CPython 3.11.7, 3.12.1 and 3.13.0 compiled them,
// with what the interpreters' own tools say about them: the instructions as
// `dis.get_instructions` lists them, the positions of `co_positions()` and the
// exception table of `dis._parse_exception_table`. The decoder tests compare
// Dynamir's decoding of the same bytes against these.
//
// Produced by running this under each interpreter (/root/.pyenv/versions/
// 3.11.7, 3.12.1, 3.13.0) and pasting its output:
//
//   src = '''def loop(a, b):
//       total = 0
//       for x in a:
//           if x > b:
//               total += x
//       return total
//
//   def guarded(a):
//       try:
//           return a[0]
//       except IndexError as e:
//           return (a,
//                   None)
//       finally:
//           a = None
//
//   def gen(a):
//       return (x
//               for x in a)
//   '''
//   mod = compile(src, "t.py", "exec")
//   # loop, guarded, and the <genexpr> code object inside gen; for each:
//   #   co_code, co_linetable, co_exceptiontable, co_firstlineno;
//   #   dis.get_instructions(co) with EXTENDED_ARG folded into the next
//   #   instruction (start = offset of the first prefix), next = start of the
//   #   following instruction, jump target = argval for opcodes in
//   #   opcode.hasjump (3.13) / opcode.hasjrel (3.11, 3.12);
//   #   co.co_positions() with None as -1;
//   #   dis._parse_exception_table(co).
//   # Offsets are divided by two: Dynamir counts code units.
//
// Between them the functions cover loops (FOR_ITER, backward jumps),
// conditional jumps, inline caches, nested exception handlers with and
// without lasti, a generator, and every location table entry kind but the
// short form's larger column groups (the hand-written tests cover those).
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TEST_UNIT_TARGET_PYC_CPYTHONFIXTURES_H
#define DYNAMIR_TEST_UNIT_TARGET_PYC_CPYTHONFIXTURES_H

#include "dynamir/Target/Pyc/Marshal.h"

#include <cstdint>
#include <string>
#include <ostream>
#include <string_view>
#include <vector>

namespace dynamir::pyc::fixtures {
using namespace std::string_view_literals;

struct ExpectedInstruction {
  uint32_t start;
  uint32_t index;
  uint32_t next;
  uint32_t arg;
  const char *name;
  /// The jump target in code units, -1 for instructions that do not jump.
  int64_t target;
};

struct ExpectedPosition {
  int32_t line, endLine, column, endColumn;
};

struct ExpectedHandler {
  uint32_t start, end, target, depth;
  bool lasti;
};

struct CodeFixture {
  /// The name of the parameterized test instance.
  const char *id;
  unsigned minor;
  const char *qualname;
  int32_t firstlineno;
  std::string_view code;
  std::string_view linetable;
  std::string_view exceptiontable;
  std::vector<ExpectedInstruction> instructions;
  /// One per code unit, inline caches included, as co_positions() yields.
  std::vector<ExpectedPosition> positions;
  std::vector<ExpectedHandler> handlers;

  /// A CodeObject over the fixture's bytes, as the marshal reader would fill
  /// in the fields the decoders read.
  CodeObject makeCode() const {
    CodeObject result;
    result.code = llvm::StringRef(code.data(), code.size());
    result.linetable = llvm::StringRef(linetable.data(), linetable.size());
    result.exceptiontable =
        llvm::StringRef(exceptiontable.data(), exceptiontable.size());
    result.qualname = qualname;
    result.name = qualname;
    result.firstlineno = firstlineno;
    return result;
  }
  PythonVersion version() const { return PythonVersion{minor}; }
};

/// Prints the parameter of a failing parameterized test.
inline void PrintTo(const CodeFixture *fixture, std::ostream *os) {
  *os << fixture->id;
}

// loop, as Python 3.11 compiles it: 21 code units.
inline const CodeFixture kLoop311 = {
    "loop_311", 11, "loop", 1,
    "\x97\x00\x64\x01\x7d\x02\x7c\x00\x44\x00\x5d\x0d\x7d\x03\x7c\x03"
    "\x7c\x01\x6b\x04\x00\x00\x00\x00\x72\x05\x7c\x02\x7c\x03\x7a\x0d"
    "\x00\x00\x7d\x02\x8c\x0e\x7c\x02\x53\x00"sv,
    "\x80\x00\xd8\x0c\x0d\x80\x45\xd8\x0d\x0e\xf0\x00\x02\x05\x17\xf0"
    "\x00\x02\x05\x17\x88\x01\xd8\x0b\x0c\x88\x71\x8a\x35\x88\x35\xd8"
    "\x0c\x11\x90\x51\x89\x4a\x88\x45\xf8\xd8\x0b\x10\x80\x4c"sv,
    ""sv,
    {{0, 0, 1, 0, "RESUME", -1},
     {1, 1, 2, 1, "LOAD_CONST", -1},
     {2, 2, 3, 2, "STORE_FAST", -1},
     {3, 3, 4, 0, "LOAD_FAST", -1},
     {4, 4, 5, 0, "GET_ITER", -1},
     {5, 5, 6, 13, "FOR_ITER", 19},
     {6, 6, 7, 3, "STORE_FAST", -1},
     {7, 7, 8, 3, "LOAD_FAST", -1},
     {8, 8, 9, 1, "LOAD_FAST", -1},
     {9, 9, 12, 4, "COMPARE_OP", -1},
     {12, 12, 13, 5, "POP_JUMP_FORWARD_IF_FALSE", 18},
     {13, 13, 14, 2, "LOAD_FAST", -1},
     {14, 14, 15, 3, "LOAD_FAST", -1},
     {15, 15, 17, 13, "BINARY_OP", -1},
     {17, 17, 18, 2, "STORE_FAST", -1},
     {18, 18, 19, 14, "JUMP_BACKWARD", 5},
     {19, 19, 20, 2, "LOAD_FAST", -1},
     {20, 20, 21, 0, "RETURN_VALUE", -1}},
    {{1, 1, 0, 0}, {2, 2, 12, 13}, {2, 2, 4, 9}, {3, 3, 13, 14},
     {3, 5, 4, 22}, {3, 5, 4, 22}, {3, 3, 8, 9}, {4, 4, 11, 12},
     {4, 4, 15, 16}, {4, 4, 11, 16}, {4, 4, 11, 16}, {4, 4, 11, 16},
     {4, 4, 11, 16}, {5, 5, 12, 17}, {5, 5, 21, 22}, {5, 5, 12, 22},
     {5, 5, 12, 22}, {5, 5, 12, 17}, {-1, -1, -1, -1}, {6, 6, 11, 16},
     {6, 6, 4, 16}},
    {},
};

// guarded, as Python 3.11 compiles it: 48 code units.
inline const CodeFixture kGuarded311 = {
    "guarded_311", 11, "guarded", 8,
    "\x97\x00\x09\x00\x7c\x00\x64\x01\x19\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x64\x00\x7d\x00\x53\x00\x23\x00\x74\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x24\x00\x72\x10\x7d\x01\x7c\x00\x64\x00"
    "\x66\x02\x63\x02\x59\x00\x64\x00\x7d\x01\x7e\x01\x64\x00\x7d\x00"
    "\x53\x00\x64\x00\x7d\x01\x7e\x01\x77\x01\x77\x00\x78\x03\x59\x00"
    "\x77\x01\x23\x00\x64\x00\x7d\x00\x77\x00\x78\x03\x59\x00\x77\x01"sv,
    "\x80\x00\xf0\x02\x06\x05\x11\xd8\x0f\x10\x90\x11\x8c\x74\xf0\x0a"
    "\x00\x0d\x11\x88\x01\x88\x01\xf8\xf5\x09\x00\x0c\x16\xf0\x00\x02"
    "\x05\x16\xf0\x00\x02\x05\x16\xf0\x00\x02\x05\x16\xd8\x10\x11\xd8"
    "\x10\x14\xf0\x03\x01\x10\x16\xf0\x00\x01\x09\x16\xf0\x00\x01\x09"
    "\x16\xf0\x00\x01\x09\x16\xf0\x00\x01\x09\x16\xf0\x00\x01\x09\x16"
    "\xf0\x06\x00\x0d\x11\x88\x01\x88\x01\xf8\xf8\xf8\xf8\xf0\x09\x02"
    "\x05\x16\xf8\xf8\xf8\xf8\xf0\x08\x00\x0d\x11\x88\x01\x88\x08\x88"
    "\x08\x88\x08\x88\x08"sv,
    "\x82\x07\x0c\x00\x8c\x0a\x26\x03\x96\x03\x21\x03\x99\x01\x26\x03"
    "\x9a\x04\x29\x00\xa1\x05\x26\x03\xa6\x03\x29\x00\xa9\x04\x2d\x03"sv,
    {{0, 0, 1, 0, "RESUME", -1},
     {1, 1, 2, 0, "NOP", -1},
     {2, 2, 3, 0, "LOAD_FAST", -1},
     {3, 3, 4, 1, "LOAD_CONST", -1},
     {4, 4, 9, 0, "BINARY_SUBSCR", -1},
     {9, 9, 10, 0, "LOAD_CONST", -1},
     {10, 10, 11, 0, "STORE_FAST", -1},
     {11, 11, 12, 0, "RETURN_VALUE", -1},
     {12, 12, 13, 0, "PUSH_EXC_INFO", -1},
     {13, 13, 19, 0, "LOAD_GLOBAL", -1},
     {19, 19, 20, 0, "CHECK_EXC_MATCH", -1},
     {20, 20, 21, 16, "POP_JUMP_FORWARD_IF_FALSE", 37},
     {21, 21, 22, 1, "STORE_FAST", -1},
     {22, 22, 23, 0, "LOAD_FAST", -1},
     {23, 23, 24, 0, "LOAD_CONST", -1},
     {24, 24, 25, 2, "BUILD_TUPLE", -1},
     {25, 25, 26, 2, "SWAP", -1},
     {26, 26, 27, 0, "POP_EXCEPT", -1},
     {27, 27, 28, 0, "LOAD_CONST", -1},
     {28, 28, 29, 1, "STORE_FAST", -1},
     {29, 29, 30, 1, "DELETE_FAST", -1},
     {30, 30, 31, 0, "LOAD_CONST", -1},
     {31, 31, 32, 0, "STORE_FAST", -1},
     {32, 32, 33, 0, "RETURN_VALUE", -1},
     {33, 33, 34, 0, "LOAD_CONST", -1},
     {34, 34, 35, 1, "STORE_FAST", -1},
     {35, 35, 36, 1, "DELETE_FAST", -1},
     {36, 36, 37, 1, "RERAISE", -1},
     {37, 37, 38, 0, "RERAISE", -1},
     {38, 38, 39, 3, "COPY", -1},
     {39, 39, 40, 0, "POP_EXCEPT", -1},
     {40, 40, 41, 1, "RERAISE", -1},
     {41, 41, 42, 0, "PUSH_EXC_INFO", -1},
     {42, 42, 43, 0, "LOAD_CONST", -1},
     {43, 43, 44, 0, "STORE_FAST", -1},
     {44, 44, 45, 0, "RERAISE", -1},
     {45, 45, 46, 3, "COPY", -1},
     {46, 46, 47, 0, "POP_EXCEPT", -1},
     {47, 47, 48, 1, "RERAISE", -1}},
    {{8, 8, 0, 0}, {9, 15, 4, 16}, {10, 10, 15, 16}, {10, 10, 17, 18},
     {10, 10, 15, 19}, {10, 10, 15, 19}, {10, 10, 15, 19}, {10, 10, 15, 19},
     {10, 10, 15, 19}, {15, 15, 12, 16}, {15, 15, 8, 9}, {15, 15, 8, 9},
     {-1, -1, -1, -1}, {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 11, 11, 21},
     {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 13, 4, 21},
     {11, 13, 4, 21}, {11, 13, 4, 21}, {12, 12, 16, 17}, {13, 13, 16, 20},
     {12, 13, 15, 21}, {12, 13, 8, 21}, {12, 13, 8, 21}, {12, 13, 8, 21},
     {12, 13, 8, 21}, {12, 13, 8, 21}, {15, 15, 12, 16}, {15, 15, 8, 9},
     {15, 15, 8, 9}, {-1, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}, {11, 13, 4, 21}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}, {-1, -1, -1, -1}, {15, 15, 12, 16}, {15, 15, 8, 9},
     {15, 15, 8, 16}, {15, 15, 8, 16}, {15, 15, 8, 16}, {15, 15, 8, 16}},
    {{2, 9, 12, 0, false},
     {12, 22, 38, 1, true},
     {22, 25, 33, 1, true},
     {25, 26, 38, 1, true},
     {26, 30, 41, 0, false},
     {33, 38, 38, 1, true},
     {38, 41, 41, 0, false},
     {41, 45, 45, 1, true}},
};

// genexpr, as Python 3.11 compiles it: 13 code units.
inline const CodeFixture kGenexpr311 = {
    "genexpr_311", 11, "gen.<locals>.<genexpr>", 18,
    "\x4b\x00\x01\x00\x97\x00\x7c\x00\x5d\x06\x7d\x01\x7c\x01\x56\x00"
    "\x97\x01\x01\x00\x8c\x07\x64\x00\x53\x00"sv,
    "\xe8\x00\xe8\x00\x80\x00\xf0\x00\x01\x0c\x18\xf0\x00\x01\x0c\x18"
    "\xd8\x10\x11\xf0\x03\x00\x0d\x0e\xf0\x00\x01\x0c\x18\xf0\x00\x01"
    "\x0c\x18\xf0\x00\x01\x0c\x18\xf0\x00\x01\x0c\x18\xf0\x00\x01\x0c"
    "\x18\xf0\x00\x01\x0c\x18"sv,
    ""sv,
    {{0, 0, 1, 0, "RETURN_GENERATOR", -1},
     {1, 1, 2, 0, "POP_TOP", -1},
     {2, 2, 3, 0, "RESUME", -1},
     {3, 3, 4, 0, "LOAD_FAST", -1},
     {4, 4, 5, 6, "FOR_ITER", 11},
     {5, 5, 6, 1, "STORE_FAST", -1},
     {6, 6, 7, 1, "LOAD_FAST", -1},
     {7, 7, 8, 0, "YIELD_VALUE", -1},
     {8, 8, 9, 1, "RESUME", -1},
     {9, 9, 10, 0, "POP_TOP", -1},
     {10, 10, 11, 7, "JUMP_BACKWARD", 4},
     {11, 11, 12, 0, "LOAD_CONST", -1},
     {12, 12, 13, 0, "RETURN_VALUE", -1}},
    {{18, 18, -1, -1}, {18, 18, -1, -1}, {18, 18, 0, 0}, {18, 19, 11, 23},
     {18, 19, 11, 23}, {19, 19, 16, 17}, {18, 18, 12, 13}, {18, 19, 11, 23},
     {18, 19, 11, 23}, {18, 19, 11, 23}, {18, 19, 11, 23}, {18, 19, 11, 23},
     {18, 19, 11, 23}},
    {},
};

// loop, as Python 3.12 compiles it: 23 code units.
inline const CodeFixture kLoop312 = {
    "loop_312", 12, "loop", 1,
    "\x97\x00\x64\x01\x7d\x02\x7c\x00\x44\x00\x5d\x0d\x00\x00\x7d\x03"
    "\x7c\x03\x7c\x01\x6b\x44\x00\x00\x73\x01\x8c\x09\x7c\x02\x7c\x03"
    "\x7a\x0d\x00\x00\x7d\x02\x8c\x0f\x04\x00\x7c\x02\x53\x00"sv,
    "\x80\x00\xd8\x0c\x0d\x80\x45\xd8\x0d\x0e\xf2\x00\x02\x05\x17\x88"
    "\x01\xd8\x0b\x0c\x88\x71\x8b\x35\xd8\x0c\x11\x90\x51\x89\x4a\x89"
    "\x45\xf0\x05\x02\x05\x17\xf0\x06\x00\x0c\x11\x80\x4c"sv,
    ""sv,
    {{0, 0, 1, 0, "RESUME", -1},
     {1, 1, 2, 1, "LOAD_CONST", -1},
     {2, 2, 3, 2, "STORE_FAST", -1},
     {3, 3, 4, 0, "LOAD_FAST", -1},
     {4, 4, 5, 0, "GET_ITER", -1},
     {5, 5, 7, 13, "FOR_ITER", 20},
     {7, 7, 8, 3, "STORE_FAST", -1},
     {8, 8, 9, 3, "LOAD_FAST", -1},
     {9, 9, 10, 1, "LOAD_FAST", -1},
     {10, 10, 12, 68, "COMPARE_OP", -1},
     {12, 12, 13, 1, "POP_JUMP_IF_TRUE", 14},
     {13, 13, 14, 9, "JUMP_BACKWARD", 5},
     {14, 14, 15, 2, "LOAD_FAST", -1},
     {15, 15, 16, 3, "LOAD_FAST", -1},
     {16, 16, 18, 13, "BINARY_OP", -1},
     {18, 18, 19, 2, "STORE_FAST", -1},
     {19, 19, 20, 15, "JUMP_BACKWARD", 5},
     {20, 20, 21, 0, "END_FOR", -1},
     {21, 21, 22, 2, "LOAD_FAST", -1},
     {22, 22, 23, 0, "RETURN_VALUE", -1}},
    {{1, 1, 0, 0}, {2, 2, 12, 13}, {2, 2, 4, 9}, {3, 3, 13, 14},
     {3, 5, 4, 22}, {3, 5, 4, 22}, {3, 5, 4, 22}, {3, 3, 8, 9},
     {4, 4, 11, 12}, {4, 4, 15, 16}, {4, 4, 11, 16}, {4, 4, 11, 16},
     {4, 4, 11, 16}, {4, 4, 11, 16}, {5, 5, 12, 17}, {5, 5, 21, 22},
     {5, 5, 12, 22}, {5, 5, 12, 22}, {5, 5, 12, 17}, {5, 5, 12, 17},
     {3, 5, 4, 22}, {6, 6, 11, 16}, {6, 6, 4, 16}},
    {},
};

// guarded, as Python 3.12 compiles it: 44 code units.
inline const CodeFixture kGuarded312 = {
    "guarded_312", 12, "guarded", 8,
    "\x97\x00\x09\x00\x7c\x00\x64\x01\x19\x00\x00\x00\x64\x00\x7d\x00"
    "\x53\x00\x23\x00\x74\x00\x00\x00\x00\x00\x00\x00\x00\x00\x24\x00"
    "\x72\x10\x7d\x01\x7c\x00\x64\x00\x66\x02\x63\x02\x59\x00\x64\x00"
    "\x7d\x01\x7e\x01\x64\x00\x7d\x00\x53\x00\x64\x00\x7d\x01\x7e\x01"
    "\x77\x01\x77\x00\x78\x03\x59\x00\x77\x01\x23\x00\x64\x00\x7d\x00"
    "\x77\x00\x78\x03\x59\x00\x77\x01"sv,
    "\x80\x00\xf0\x02\x06\x05\x11\xd8\x0f\x10\x90\x11\x89\x74\xf0\x0a"
    "\x00\x0d\x11\x89\x01\xf8\xf4\x09\x00\x0c\x16\xf2\x00\x02\x05\x16"
    "\xd8\x10\x11\xd8\x10\x14\xf0\x03\x01\x10\x16\xf4\x00\x01\x09\x16"
    "\xf0\x06\x00\x0d\x11\x89\x01\xfb\xf0\x09\x02\x05\x16\xfb\xf0\x08"
    "\x00\x0d\x11\x89\x01\xfa"sv,
    "\x82\x04\x09\x00\x89\x09\x22\x03\x92\x03\x1d\x03\x95\x01\x22\x03"
    "\x96\x04\x25\x00\x9d\x05\x22\x03\xa2\x03\x25\x00\xa5\x04\x29\x03"sv,
    {{0, 0, 1, 0, "RESUME", -1},
     {1, 1, 2, 0, "NOP", -1},
     {2, 2, 3, 0, "LOAD_FAST", -1},
     {3, 3, 4, 1, "LOAD_CONST", -1},
     {4, 4, 6, 0, "BINARY_SUBSCR", -1},
     {6, 6, 7, 0, "LOAD_CONST", -1},
     {7, 7, 8, 0, "STORE_FAST", -1},
     {8, 8, 9, 0, "RETURN_VALUE", -1},
     {9, 9, 10, 0, "PUSH_EXC_INFO", -1},
     {10, 10, 15, 0, "LOAD_GLOBAL", -1},
     {15, 15, 16, 0, "CHECK_EXC_MATCH", -1},
     {16, 16, 17, 16, "POP_JUMP_IF_FALSE", 33},
     {17, 17, 18, 1, "STORE_FAST", -1},
     {18, 18, 19, 0, "LOAD_FAST", -1},
     {19, 19, 20, 0, "LOAD_CONST", -1},
     {20, 20, 21, 2, "BUILD_TUPLE", -1},
     {21, 21, 22, 2, "SWAP", -1},
     {22, 22, 23, 0, "POP_EXCEPT", -1},
     {23, 23, 24, 0, "LOAD_CONST", -1},
     {24, 24, 25, 1, "STORE_FAST", -1},
     {25, 25, 26, 1, "DELETE_FAST", -1},
     {26, 26, 27, 0, "LOAD_CONST", -1},
     {27, 27, 28, 0, "STORE_FAST", -1},
     {28, 28, 29, 0, "RETURN_VALUE", -1},
     {29, 29, 30, 0, "LOAD_CONST", -1},
     {30, 30, 31, 1, "STORE_FAST", -1},
     {31, 31, 32, 1, "DELETE_FAST", -1},
     {32, 32, 33, 1, "RERAISE", -1},
     {33, 33, 34, 0, "RERAISE", -1},
     {34, 34, 35, 3, "COPY", -1},
     {35, 35, 36, 0, "POP_EXCEPT", -1},
     {36, 36, 37, 1, "RERAISE", -1},
     {37, 37, 38, 0, "PUSH_EXC_INFO", -1},
     {38, 38, 39, 0, "LOAD_CONST", -1},
     {39, 39, 40, 0, "STORE_FAST", -1},
     {40, 40, 41, 0, "RERAISE", -1},
     {41, 41, 42, 3, "COPY", -1},
     {42, 42, 43, 0, "POP_EXCEPT", -1},
     {43, 43, 44, 1, "RERAISE", -1}},
    {{8, 8, 0, 0}, {9, 15, 4, 16}, {10, 10, 15, 16}, {10, 10, 17, 18},
     {10, 10, 15, 19}, {10, 10, 15, 19}, {15, 15, 12, 16}, {15, 15, 8, 9},
     {15, 15, 8, 9}, {-1, -1, -1, -1}, {11, 11, 11, 21}, {11, 11, 11, 21},
     {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 13, 4, 21},
     {11, 13, 4, 21}, {11, 13, 4, 21}, {12, 12, 16, 17}, {13, 13, 16, 20},
     {12, 13, 15, 21}, {12, 13, 8, 21}, {12, 13, 8, 21}, {12, 13, 8, 21},
     {12, 13, 8, 21}, {12, 13, 8, 21}, {15, 15, 12, 16}, {15, 15, 8, 9},
     {15, 15, 8, 9}, {-1, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}, {11, 13, 4, 21}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}, {-1, -1, -1, -1}, {15, 15, 12, 16}, {15, 15, 8, 9},
     {15, 15, 8, 9}, {-1, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1}},
    {{2, 6, 9, 0, false},
     {9, 18, 34, 1, true},
     {18, 21, 29, 1, true},
     {21, 22, 34, 1, true},
     {22, 26, 37, 0, false},
     {29, 34, 34, 1, true},
     {34, 37, 37, 0, false},
     {37, 41, 41, 1, true}},
};

// genexpr, as Python 3.12 compiles it: 16 code units.
inline const CodeFixture kGenexpr312 = {
    "genexpr_312", 12, "gen.<locals>.<genexpr>", 18,
    "\x4b\x00\x01\x00\x97\x00\x7c\x00\x5d\x06\x00\x00\x7d\x01\x7c\x01"
    "\x96\x01\x97\x01\x01\x00\x8c\x08\x04\x00\x79\x00\xad\x03\x77\x01"sv,
    "\xe8\x00\xf8\x80\x00\xf2\x00\x01\x0c\x18\xd8\x10\x11\xf4\x03\x00"
    "\x0d\x0e\xf1\x00\x01\x0c\x18\xf9"sv,
    "\x82\x0c\x0e\x01"sv,
    {{0, 0, 1, 0, "RETURN_GENERATOR", -1},
     {1, 1, 2, 0, "POP_TOP", -1},
     {2, 2, 3, 0, "RESUME", -1},
     {3, 3, 4, 0, "LOAD_FAST", -1},
     {4, 4, 6, 6, "FOR_ITER", 12},
     {6, 6, 7, 1, "STORE_FAST", -1},
     {7, 7, 8, 1, "LOAD_FAST", -1},
     {8, 8, 9, 1, "YIELD_VALUE", -1},
     {9, 9, 10, 1, "RESUME", -1},
     {10, 10, 11, 0, "POP_TOP", -1},
     {11, 11, 12, 8, "JUMP_BACKWARD", 4},
     {12, 12, 13, 0, "END_FOR", -1},
     {13, 13, 14, 0, "RETURN_CONST", -1},
     {14, 14, 15, 3, "CALL_INTRINSIC_1", -1},
     {15, 15, 16, 1, "RERAISE", -1}},
    {{18, 18, -1, -1}, {-1, -1, -1, -1}, {18, 18, 0, 0}, {18, 19, 11, 23},
     {18, 19, 11, 23}, {18, 19, 11, 23}, {19, 19, 16, 17}, {18, 18, 12, 13},
     {18, 18, 12, 13}, {18, 18, 12, 13}, {18, 18, 12, 13}, {18, 18, 12, 13},
     {18, 19, 11, 23}, {18, 19, 11, 23}, {-1, -1, -1, -1}, {-1, -1, -1, -1}},
    {{2, 14, 14, 0, true}},
};

// loop, as Python 3.13 compiles it: 25 code units.
inline const CodeFixture kLoop313 = {
    "loop_313", 13, "loop", 1,
    "\x95\x00\x53\x01\x6e\x02\x55\x00\x13\x00\x48\x0e\x00\x00\x6e\x03"
    "\x58\x31\x3a\x94\x00\x00\x64\x02\x00\x00\x4d\x0a\x00\x00\x58\x23"
    "\x2d\x0d\x00\x00\x6e\x02\x4d\x10\x00\x00\x0b\x00\x20\x00\x55\x02"
    "\x24\x00"sv,
    "\x80\x00\xd8\x0c\x0d\x80\x45\xdb\x0d\x0e\x88\x01\xd8\x0b\x0c\x8d"
    "\x35\xd8\x0c\x11\x89\x4a\x8a\x45\xf1\x05\x00\x0e\x0f\xf0\x06\x00"
    "\x0c\x11\x80\x4c"sv,
    ""sv,
    {{0, 0, 1, 0, "RESUME", -1},
     {1, 1, 2, 1, "LOAD_CONST", -1},
     {2, 2, 3, 2, "STORE_FAST", -1},
     {3, 3, 4, 0, "LOAD_FAST", -1},
     {4, 4, 5, 0, "GET_ITER", -1},
     {5, 5, 7, 14, "FOR_ITER", 21},
     {7, 7, 8, 3, "STORE_FAST", -1},
     {8, 8, 9, 49, "LOAD_FAST_LOAD_FAST", -1},
     {9, 9, 11, 148, "COMPARE_OP", -1},
     {11, 11, 13, 2, "POP_JUMP_IF_TRUE", 15},
     {13, 13, 15, 10, "JUMP_BACKWARD", 5},
     {15, 15, 16, 35, "LOAD_FAST_LOAD_FAST", -1},
     {16, 16, 18, 13, "BINARY_OP", -1},
     {18, 18, 19, 2, "STORE_FAST", -1},
     {19, 19, 21, 16, "JUMP_BACKWARD", 5},
     {21, 21, 22, 0, "END_FOR", -1},
     {22, 22, 23, 0, "POP_TOP", -1},
     {23, 23, 24, 2, "LOAD_FAST", -1},
     {24, 24, 25, 0, "RETURN_VALUE", -1}},
    {{1, 1, 0, 0}, {2, 2, 12, 13}, {2, 2, 4, 9}, {3, 3, 13, 14},
     {3, 3, 13, 14}, {3, 3, 13, 14}, {3, 3, 13, 14}, {3, 3, 8, 9},
     {4, 4, 11, 12}, {4, 4, 11, 16}, {4, 4, 11, 16}, {4, 4, 11, 16},
     {4, 4, 11, 16}, {4, 4, 11, 16}, {4, 4, 11, 16}, {5, 5, 12, 17},
     {5, 5, 12, 22}, {5, 5, 12, 22}, {5, 5, 12, 17}, {5, 5, 12, 17},
     {5, 5, 12, 17}, {3, 3, 13, 14}, {3, 3, 13, 14}, {6, 6, 11, 16},
     {6, 6, 4, 16}},
    {},
};

// guarded, as Python 3.13 compiles it: 45 code units.
inline const CodeFixture kGuarded313 = {
    "guarded_313", 13, "guarded", 8,
    "\x95\x00\x1e\x00\x55\x00\x53\x01\x05\x00\x00\x00\x53\x00\x6e\x00"
    "\x24\x00\x21\x00\x5b\x00\x00\x00\x00\x00\x00\x00\x00\x00\x07\x00"
    "\x61\x10\x00\x00\x6e\x01\x55\x00\x53\x00\x34\x02\x73\x02\x1f\x00"
    "\x53\x00\x6e\x01\x41\x01\x53\x00\x6e\x00\x24\x00\x53\x00\x6e\x01"
    "\x41\x01\x66\x01\x66\x00\x3d\x03\x1f\x00\x66\x01\x21\x00\x53\x00"
    "\x6e\x00\x66\x00\x3d\x03\x1f\x00\x66\x01"sv,
    "\x80\x00\xf0\x02\x06\x05\x11\xd8\x0f\x10\x90\x11\x89\x74\xf0\x0a"
    "\x00\x0d\x11\x89\x01\xf8\xf4\x09\x00\x0c\x16\xf3\x00\x02\x05\x16"
    "\xd8\x10\x11\xd8\x10\x14\xf0\x03\x01\x10\x16\xf4\x00\x01\x09\x16"
    "\xf0\x06\x00\x0d\x11\x89\x01\xfb\xf0\x09\x02\x05\x16\xfb\xf0\x08"
    "\x00\x0d\x11\x89\x01\xfa"sv,
    "\x82\x04\x09\x00\x89\x0a\x23\x03\x93\x03\x1e\x03\x96\x01\x23\x03"
    "\x97\x04\x26\x00\x9e\x05\x23\x03\xa3\x03\x26\x00\xa6\x04\x2a\x03"sv,
    {{0, 0, 1, 0, "RESUME", -1},
     {1, 1, 2, 0, "NOP", -1},
     {2, 2, 3, 0, "LOAD_FAST", -1},
     {3, 3, 4, 1, "LOAD_CONST", -1},
     {4, 4, 6, 0, "BINARY_SUBSCR", -1},
     {6, 6, 7, 0, "LOAD_CONST", -1},
     {7, 7, 8, 0, "STORE_FAST", -1},
     {8, 8, 9, 0, "RETURN_VALUE", -1},
     {9, 9, 10, 0, "PUSH_EXC_INFO", -1},
     {10, 10, 15, 0, "LOAD_GLOBAL", -1},
     {15, 15, 16, 0, "CHECK_EXC_MATCH", -1},
     {16, 16, 18, 16, "POP_JUMP_IF_FALSE", 34},
     {18, 18, 19, 1, "STORE_FAST", -1},
     {19, 19, 20, 0, "LOAD_FAST", -1},
     {20, 20, 21, 0, "LOAD_CONST", -1},
     {21, 21, 22, 2, "BUILD_TUPLE", -1},
     {22, 22, 23, 2, "SWAP", -1},
     {23, 23, 24, 0, "POP_EXCEPT", -1},
     {24, 24, 25, 0, "LOAD_CONST", -1},
     {25, 25, 26, 1, "STORE_FAST", -1},
     {26, 26, 27, 1, "DELETE_FAST", -1},
     {27, 27, 28, 0, "LOAD_CONST", -1},
     {28, 28, 29, 0, "STORE_FAST", -1},
     {29, 29, 30, 0, "RETURN_VALUE", -1},
     {30, 30, 31, 0, "LOAD_CONST", -1},
     {31, 31, 32, 1, "STORE_FAST", -1},
     {32, 32, 33, 1, "DELETE_FAST", -1},
     {33, 33, 34, 1, "RERAISE", -1},
     {34, 34, 35, 0, "RERAISE", -1},
     {35, 35, 36, 3, "COPY", -1},
     {36, 36, 37, 0, "POP_EXCEPT", -1},
     {37, 37, 38, 1, "RERAISE", -1},
     {38, 38, 39, 0, "PUSH_EXC_INFO", -1},
     {39, 39, 40, 0, "LOAD_CONST", -1},
     {40, 40, 41, 0, "STORE_FAST", -1},
     {41, 41, 42, 0, "RERAISE", -1},
     {42, 42, 43, 3, "COPY", -1},
     {43, 43, 44, 0, "POP_EXCEPT", -1},
     {44, 44, 45, 1, "RERAISE", -1}},
    {{8, 8, 0, 0}, {9, 15, 4, 16}, {10, 10, 15, 16}, {10, 10, 17, 18},
     {10, 10, 15, 19}, {10, 10, 15, 19}, {15, 15, 12, 16}, {15, 15, 8, 9},
     {15, 15, 8, 9}, {-1, -1, -1, -1}, {11, 11, 11, 21}, {11, 11, 11, 21},
     {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 11, 11, 21}, {11, 13, 4, 21},
     {11, 13, 4, 21}, {11, 13, 4, 21}, {11, 13, 4, 21}, {12, 12, 16, 17},
     {13, 13, 16, 20}, {12, 13, 15, 21}, {12, 13, 8, 21}, {12, 13, 8, 21},
     {12, 13, 8, 21}, {12, 13, 8, 21}, {12, 13, 8, 21}, {15, 15, 12, 16},
     {15, 15, 8, 9}, {15, 15, 8, 9}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}, {-1, -1, -1, -1}, {11, 13, 4, 21}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1}, {15, 15, 12, 16},
     {15, 15, 8, 9}, {15, 15, 8, 9}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
     {-1, -1, -1, -1}},
    {{2, 6, 9, 0, false},
     {9, 19, 35, 1, true},
     {19, 22, 30, 1, true},
     {22, 23, 35, 1, true},
     {23, 27, 38, 0, false},
     {30, 35, 35, 1, true},
     {35, 38, 38, 0, false},
     {38, 42, 42, 1, true}},
};

// genexpr, as Python 3.13 compiles it: 18 code units.
inline const CodeFixture kGenexpr313 = {
    "genexpr_313", 13, "gen.<locals>.<genexpr>", 18,
    "\x23\x00\x20\x00\x95\x00\x55\x00\x48\x07\x00\x00\x6e\x01\x55\x01"
    "\x76\x00\x95\x05\x20\x00\x4d\x09\x00\x00\x0b\x00\x20\x00\x67\x00"
    "\x37\x03\x66\x01"sv,
    "\xe9\x00\x80\x00\xf0\x00\x01\x0c\x18\xd9\x15\x16\x90\x01\xf5\x03"
    "\x00\x0d\x0e\xda\x15\x16\xf9"sv,
    "\x82\x0e\x10\x01"sv,
    {{0, 0, 1, 0, "RETURN_GENERATOR", -1},
     {1, 1, 2, 0, "POP_TOP", -1},
     {2, 2, 3, 0, "RESUME", -1},
     {3, 3, 4, 0, "LOAD_FAST", -1},
     {4, 4, 6, 7, "FOR_ITER", 13},
     {6, 6, 7, 1, "STORE_FAST", -1},
     {7, 7, 8, 1, "LOAD_FAST", -1},
     {8, 8, 9, 0, "YIELD_VALUE", -1},
     {9, 9, 10, 5, "RESUME", -1},
     {10, 10, 11, 0, "POP_TOP", -1},
     {11, 11, 13, 9, "JUMP_BACKWARD", 4},
     {13, 13, 14, 0, "END_FOR", -1},
     {14, 14, 15, 0, "POP_TOP", -1},
     {15, 15, 16, 0, "RETURN_CONST", -1},
     {16, 16, 17, 3, "CALL_INTRINSIC_1", -1},
     {17, 17, 18, 1, "RERAISE", -1}},
    {{18, 18, -1, -1}, {18, 18, -1, -1}, {18, 18, 0, 0}, {18, 19, 11, 23},
     {19, 19, 21, 22}, {19, 19, 21, 22}, {19, 19, 16, 17}, {18, 18, 12, 13},
     {18, 18, 12, 13}, {18, 18, 12, 13}, {18, 18, 12, 13}, {18, 18, 12, 13},
     {18, 18, 12, 13}, {19, 19, 21, 22}, {19, 19, 21, 22}, {19, 19, 21, 22},
     {-1, -1, -1, -1}, {-1, -1, -1, -1}},
    {{2, 16, 16, 0, true}},
};

inline const CodeFixture *const kAllFixtures[] = {
    &kLoop311,    &kGuarded311, &kGenexpr311, &kLoop312,    &kGuarded312,
    &kGenexpr312, &kLoop313,    &kGuarded313, &kGenexpr313,
};

/// For INSTANTIATE_TEST_SUITE_P: the fixture's id as the test name.
struct FixtureName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo &info) const {
    return info.param->id;
  }
};

} // namespace dynamir::pyc::fixtures

#endif // DYNAMIR_TEST_UNIT_TARGET_PYC_CPYTHONFIXTURES_H
