//===- OpcodeTableTest.cpp - Tests of the per-version opcode tables -------===//
//
// Unit tests of getOpcodeInfo: for each of 3.11, 3.12 and 3.13, every byte
// the interpreter writes to co_code has its name and inline cache count, and
// every other byte (specialized, instrumented, unassigned) is Invalid.
//
// The tables below are the local interpreters' `opcode` modules, printed by
//
//   for name, num in sorted(opcode.opmap.items(), key=lambda kv: kv[1]):
//       if num < 256 and name not in specialized and not (
//               name.startswith("INSTRUMENTED_") or name in
//               ("RESERVED", "INTERPRETER_EXIT", "ENTER_EXECUTOR")):
//           print(num, name, caches)
//
// under 3.11.7, 3.12.1 and 3.13.0, where `specialized` is
// opcode._specialized_instructions (3.11, 3.12) or the union of
// opcode._specializations (3.13), and `caches` is
// opcode._inline_cache_entries[num] (3.11, 3.12) or [name] (3.13). The
// opcodes left out never appear in a code object on disk.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Bytecode.h"

#include "gtest/gtest.h"

#include <map>

using namespace dynamir::pyc;

namespace {

struct TableRow {
  uint8_t number;
  const char *name;
  uint8_t caches;
};

// Python 3.11: 110 opcodes.
const TableRow kOpcodes311[] = {
    {0, "CACHE", 0}, {1, "POP_TOP", 0}, {2, "PUSH_NULL", 0}, {9, "NOP", 0},
    {10, "UNARY_POSITIVE", 0}, {11, "UNARY_NEGATIVE", 0}, {12, "UNARY_NOT", 0},
    {15, "UNARY_INVERT", 0}, {25, "BINARY_SUBSCR", 4}, {30, "GET_LEN", 0},
    {31, "MATCH_MAPPING", 0}, {32, "MATCH_SEQUENCE", 0}, {33, "MATCH_KEYS", 0},
    {35, "PUSH_EXC_INFO", 0}, {36, "CHECK_EXC_MATCH", 0},
    {37, "CHECK_EG_MATCH", 0}, {49, "WITH_EXCEPT_START", 0},
    {50, "GET_AITER", 0}, {51, "GET_ANEXT", 0}, {52, "BEFORE_ASYNC_WITH", 0},
    {53, "BEFORE_WITH", 0}, {54, "END_ASYNC_FOR", 0}, {60, "STORE_SUBSCR", 1},
    {61, "DELETE_SUBSCR", 0}, {68, "GET_ITER", 0},
    {69, "GET_YIELD_FROM_ITER", 0}, {70, "PRINT_EXPR", 0},
    {71, "LOAD_BUILD_CLASS", 0}, {74, "LOAD_ASSERTION_ERROR", 0},
    {75, "RETURN_GENERATOR", 0}, {82, "LIST_TO_TUPLE", 0},
    {83, "RETURN_VALUE", 0}, {84, "IMPORT_STAR", 0},
    {85, "SETUP_ANNOTATIONS", 0}, {86, "YIELD_VALUE", 0},
    {87, "ASYNC_GEN_WRAP", 0}, {88, "PREP_RERAISE_STAR", 0},
    {89, "POP_EXCEPT", 0}, {90, "STORE_NAME", 0}, {91, "DELETE_NAME", 0},
    {92, "UNPACK_SEQUENCE", 1}, {93, "FOR_ITER", 0}, {94, "UNPACK_EX", 0},
    {95, "STORE_ATTR", 4}, {96, "DELETE_ATTR", 0}, {97, "STORE_GLOBAL", 0},
    {98, "DELETE_GLOBAL", 0}, {99, "SWAP", 0}, {100, "LOAD_CONST", 0},
    {101, "LOAD_NAME", 0}, {102, "BUILD_TUPLE", 0}, {103, "BUILD_LIST", 0},
    {104, "BUILD_SET", 0}, {105, "BUILD_MAP", 0}, {106, "LOAD_ATTR", 4},
    {107, "COMPARE_OP", 2}, {108, "IMPORT_NAME", 0}, {109, "IMPORT_FROM", 0},
    {110, "JUMP_FORWARD", 0}, {111, "JUMP_IF_FALSE_OR_POP", 0},
    {112, "JUMP_IF_TRUE_OR_POP", 0}, {114, "POP_JUMP_FORWARD_IF_FALSE", 0},
    {115, "POP_JUMP_FORWARD_IF_TRUE", 0}, {116, "LOAD_GLOBAL", 5},
    {117, "IS_OP", 0}, {118, "CONTAINS_OP", 0}, {119, "RERAISE", 0},
    {120, "COPY", 0}, {122, "BINARY_OP", 1}, {123, "SEND", 0},
    {124, "LOAD_FAST", 0}, {125, "STORE_FAST", 0}, {126, "DELETE_FAST", 0},
    {128, "POP_JUMP_FORWARD_IF_NOT_NONE", 0},
    {129, "POP_JUMP_FORWARD_IF_NONE", 0}, {130, "RAISE_VARARGS", 0},
    {131, "GET_AWAITABLE", 0}, {132, "MAKE_FUNCTION", 0},
    {133, "BUILD_SLICE", 0}, {134, "JUMP_BACKWARD_NO_INTERRUPT", 0},
    {135, "MAKE_CELL", 0}, {136, "LOAD_CLOSURE", 0}, {137, "LOAD_DEREF", 0},
    {138, "STORE_DEREF", 0}, {139, "DELETE_DEREF", 0},
    {140, "JUMP_BACKWARD", 0}, {142, "CALL_FUNCTION_EX", 0},
    {144, "EXTENDED_ARG", 0}, {145, "LIST_APPEND", 0}, {146, "SET_ADD", 0},
    {147, "MAP_ADD", 0}, {148, "LOAD_CLASSDEREF", 0},
    {149, "COPY_FREE_VARS", 0}, {151, "RESUME", 0}, {152, "MATCH_CLASS", 0},
    {155, "FORMAT_VALUE", 0}, {156, "BUILD_CONST_KEY_MAP", 0},
    {157, "BUILD_STRING", 0}, {160, "LOAD_METHOD", 10}, {162, "LIST_EXTEND", 0},
    {163, "SET_UPDATE", 0}, {164, "DICT_MERGE", 0}, {165, "DICT_UPDATE", 0},
    {166, "PRECALL", 1}, {171, "CALL", 4}, {172, "KW_NAMES", 0},
    {173, "POP_JUMP_BACKWARD_IF_NOT_NONE", 0},
    {174, "POP_JUMP_BACKWARD_IF_NONE", 0},
    {175, "POP_JUMP_BACKWARD_IF_FALSE", 0},
    {176, "POP_JUMP_BACKWARD_IF_TRUE", 0},
};
// Python 3.12: 109 opcodes.
const TableRow kOpcodes312[] = {
    {0, "CACHE", 0}, {1, "POP_TOP", 0}, {2, "PUSH_NULL", 0}, {4, "END_FOR", 0},
    {5, "END_SEND", 0}, {9, "NOP", 0}, {11, "UNARY_NEGATIVE", 0},
    {12, "UNARY_NOT", 0}, {15, "UNARY_INVERT", 0}, {25, "BINARY_SUBSCR", 1},
    {26, "BINARY_SLICE", 0}, {27, "STORE_SLICE", 0}, {30, "GET_LEN", 0},
    {31, "MATCH_MAPPING", 0}, {32, "MATCH_SEQUENCE", 0}, {33, "MATCH_KEYS", 0},
    {35, "PUSH_EXC_INFO", 0}, {36, "CHECK_EXC_MATCH", 0},
    {37, "CHECK_EG_MATCH", 0}, {49, "WITH_EXCEPT_START", 0},
    {50, "GET_AITER", 0}, {51, "GET_ANEXT", 0}, {52, "BEFORE_ASYNC_WITH", 0},
    {53, "BEFORE_WITH", 0}, {54, "END_ASYNC_FOR", 0}, {55, "CLEANUP_THROW", 0},
    {60, "STORE_SUBSCR", 1}, {61, "DELETE_SUBSCR", 0}, {68, "GET_ITER", 0},
    {69, "GET_YIELD_FROM_ITER", 0}, {71, "LOAD_BUILD_CLASS", 0},
    {74, "LOAD_ASSERTION_ERROR", 0}, {75, "RETURN_GENERATOR", 0},
    {83, "RETURN_VALUE", 0}, {85, "SETUP_ANNOTATIONS", 0},
    {87, "LOAD_LOCALS", 0}, {89, "POP_EXCEPT", 0}, {90, "STORE_NAME", 0},
    {91, "DELETE_NAME", 0}, {92, "UNPACK_SEQUENCE", 1}, {93, "FOR_ITER", 1},
    {94, "UNPACK_EX", 0}, {95, "STORE_ATTR", 4}, {96, "DELETE_ATTR", 0},
    {97, "STORE_GLOBAL", 0}, {98, "DELETE_GLOBAL", 0}, {99, "SWAP", 0},
    {100, "LOAD_CONST", 0}, {101, "LOAD_NAME", 0}, {102, "BUILD_TUPLE", 0},
    {103, "BUILD_LIST", 0}, {104, "BUILD_SET", 0}, {105, "BUILD_MAP", 0},
    {106, "LOAD_ATTR", 9}, {107, "COMPARE_OP", 1}, {108, "IMPORT_NAME", 0},
    {109, "IMPORT_FROM", 0}, {110, "JUMP_FORWARD", 0},
    {114, "POP_JUMP_IF_FALSE", 0}, {115, "POP_JUMP_IF_TRUE", 0},
    {116, "LOAD_GLOBAL", 4}, {117, "IS_OP", 0}, {118, "CONTAINS_OP", 0},
    {119, "RERAISE", 0}, {120, "COPY", 0}, {121, "RETURN_CONST", 0},
    {122, "BINARY_OP", 1}, {123, "SEND", 1}, {124, "LOAD_FAST", 0},
    {125, "STORE_FAST", 0}, {126, "DELETE_FAST", 0},
    {127, "LOAD_FAST_CHECK", 0}, {128, "POP_JUMP_IF_NOT_NONE", 0},
    {129, "POP_JUMP_IF_NONE", 0}, {130, "RAISE_VARARGS", 0},
    {131, "GET_AWAITABLE", 0}, {132, "MAKE_FUNCTION", 0},
    {133, "BUILD_SLICE", 0}, {134, "JUMP_BACKWARD_NO_INTERRUPT", 0},
    {135, "MAKE_CELL", 0}, {136, "LOAD_CLOSURE", 0}, {137, "LOAD_DEREF", 0},
    {138, "STORE_DEREF", 0}, {139, "DELETE_DEREF", 0},
    {140, "JUMP_BACKWARD", 0}, {141, "LOAD_SUPER_ATTR", 1},
    {142, "CALL_FUNCTION_EX", 0}, {143, "LOAD_FAST_AND_CLEAR", 0},
    {144, "EXTENDED_ARG", 0}, {145, "LIST_APPEND", 0}, {146, "SET_ADD", 0},
    {147, "MAP_ADD", 0}, {149, "COPY_FREE_VARS", 0}, {150, "YIELD_VALUE", 0},
    {151, "RESUME", 0}, {152, "MATCH_CLASS", 0}, {155, "FORMAT_VALUE", 0},
    {156, "BUILD_CONST_KEY_MAP", 0}, {157, "BUILD_STRING", 0},
    {162, "LIST_EXTEND", 0}, {163, "SET_UPDATE", 0}, {164, "DICT_MERGE", 0},
    {165, "DICT_UPDATE", 0}, {171, "CALL", 3}, {172, "KW_NAMES", 0},
    {173, "CALL_INTRINSIC_1", 0}, {174, "CALL_INTRINSIC_2", 0},
    {175, "LOAD_FROM_DICT_OR_GLOBALS", 0}, {176, "LOAD_FROM_DICT_OR_DEREF", 0},
};
// Python 3.13: 116 opcodes.
const TableRow kOpcodes313[] = {
    {0, "CACHE", 0}, {1, "BEFORE_ASYNC_WITH", 0}, {2, "BEFORE_WITH", 0},
    {4, "BINARY_SLICE", 0}, {5, "BINARY_SUBSCR", 1}, {6, "CHECK_EG_MATCH", 0},
    {7, "CHECK_EXC_MATCH", 0}, {8, "CLEANUP_THROW", 0}, {9, "DELETE_SUBSCR", 0},
    {10, "END_ASYNC_FOR", 0}, {11, "END_FOR", 0}, {12, "END_SEND", 0},
    {13, "EXIT_INIT_CHECK", 0}, {14, "FORMAT_SIMPLE", 0},
    {15, "FORMAT_WITH_SPEC", 0}, {16, "GET_AITER", 0}, {18, "GET_ANEXT", 0},
    {19, "GET_ITER", 0}, {20, "GET_LEN", 0}, {21, "GET_YIELD_FROM_ITER", 0},
    {23, "LOAD_ASSERTION_ERROR", 0}, {24, "LOAD_BUILD_CLASS", 0},
    {25, "LOAD_LOCALS", 0}, {26, "MAKE_FUNCTION", 0}, {27, "MATCH_KEYS", 0},
    {28, "MATCH_MAPPING", 0}, {29, "MATCH_SEQUENCE", 0}, {30, "NOP", 0},
    {31, "POP_EXCEPT", 0}, {32, "POP_TOP", 0}, {33, "PUSH_EXC_INFO", 0},
    {34, "PUSH_NULL", 0}, {35, "RETURN_GENERATOR", 0}, {36, "RETURN_VALUE", 0},
    {37, "SETUP_ANNOTATIONS", 0}, {38, "STORE_SLICE", 0},
    {39, "STORE_SUBSCR", 1}, {40, "TO_BOOL", 3}, {41, "UNARY_INVERT", 0},
    {42, "UNARY_NEGATIVE", 0}, {43, "UNARY_NOT", 0},
    {44, "WITH_EXCEPT_START", 0}, {45, "BINARY_OP", 1},
    {46, "BUILD_CONST_KEY_MAP", 0}, {47, "BUILD_LIST", 0}, {48, "BUILD_MAP", 0},
    {49, "BUILD_SET", 0}, {50, "BUILD_SLICE", 0}, {51, "BUILD_STRING", 0},
    {52, "BUILD_TUPLE", 0}, {53, "CALL", 3}, {54, "CALL_FUNCTION_EX", 0},
    {55, "CALL_INTRINSIC_1", 0}, {56, "CALL_INTRINSIC_2", 0},
    {57, "CALL_KW", 0}, {58, "COMPARE_OP", 1}, {59, "CONTAINS_OP", 1},
    {60, "CONVERT_VALUE", 0}, {61, "COPY", 0}, {62, "COPY_FREE_VARS", 0},
    {63, "DELETE_ATTR", 0}, {64, "DELETE_DEREF", 0}, {65, "DELETE_FAST", 0},
    {66, "DELETE_GLOBAL", 0}, {67, "DELETE_NAME", 0}, {68, "DICT_MERGE", 0},
    {69, "DICT_UPDATE", 0}, {71, "EXTENDED_ARG", 0}, {72, "FOR_ITER", 1},
    {73, "GET_AWAITABLE", 0}, {74, "IMPORT_FROM", 0}, {75, "IMPORT_NAME", 0},
    {76, "IS_OP", 0}, {77, "JUMP_BACKWARD", 1},
    {78, "JUMP_BACKWARD_NO_INTERRUPT", 0}, {79, "JUMP_FORWARD", 0},
    {80, "LIST_APPEND", 0}, {81, "LIST_EXTEND", 0}, {82, "LOAD_ATTR", 9},
    {83, "LOAD_CONST", 0}, {84, "LOAD_DEREF", 0}, {85, "LOAD_FAST", 0},
    {86, "LOAD_FAST_AND_CLEAR", 0}, {87, "LOAD_FAST_CHECK", 0},
    {88, "LOAD_FAST_LOAD_FAST", 0}, {89, "LOAD_FROM_DICT_OR_DEREF", 0},
    {90, "LOAD_FROM_DICT_OR_GLOBALS", 0}, {91, "LOAD_GLOBAL", 4},
    {92, "LOAD_NAME", 0}, {93, "LOAD_SUPER_ATTR", 1}, {94, "MAKE_CELL", 0},
    {95, "MAP_ADD", 0}, {96, "MATCH_CLASS", 0}, {97, "POP_JUMP_IF_FALSE", 1},
    {98, "POP_JUMP_IF_NONE", 1}, {99, "POP_JUMP_IF_NOT_NONE", 1},
    {100, "POP_JUMP_IF_TRUE", 1}, {101, "RAISE_VARARGS", 0},
    {102, "RERAISE", 0}, {103, "RETURN_CONST", 0}, {104, "SEND", 1},
    {105, "SET_ADD", 0}, {106, "SET_FUNCTION_ATTRIBUTE", 0},
    {107, "SET_UPDATE", 0}, {108, "STORE_ATTR", 4}, {109, "STORE_DEREF", 0},
    {110, "STORE_FAST", 0}, {111, "STORE_FAST_LOAD_FAST", 0},
    {112, "STORE_FAST_STORE_FAST", 0}, {113, "STORE_GLOBAL", 0},
    {114, "STORE_NAME", 0}, {115, "SWAP", 0}, {116, "UNPACK_EX", 0},
    {117, "UNPACK_SEQUENCE", 1}, {118, "YIELD_VALUE", 0}, {149, "RESUME", 0},
};

void checkTable(unsigned minor, llvm::ArrayRef<TableRow> rows) {
  std::map<unsigned, const TableRow *> byNumber;
  for (const TableRow &row : rows)
    byNumber[row.number] = &row;
  for (unsigned number = 0; number < 256; ++number) {
    const OpcodeInfo &info = getOpcodeInfo(PythonVersion{minor}, number);
    auto it = byNumber.find(number);
    if (it == byNumber.end()) {
      EXPECT_EQ(info.op, Opcode::Invalid)
          << "3." << minor << " byte " << number << " is "
          << getOpcodeName(info.op).str();
      continue;
    }
    EXPECT_EQ(getOpcodeName(info.op), it->second->name)
        << "3." << minor << " byte " << number;
    EXPECT_EQ(info.caches, it->second->caches)
        << "3." << minor << " " << it->second->name;
  }
}

TEST(OpcodeTableTest, Python311) { checkTable(11, kOpcodes311); }
TEST(OpcodeTableTest, Python312) { checkTable(12, kOpcodes312); }
TEST(OpcodeTableTest, Python313) { checkTable(13, kOpcodes313); }

// Versions the importer does not read have no opcodes at all.
TEST(OpcodeTableTest, OtherVersions) {
  for (unsigned minor : {0u, 10u, 14u, 255u})
    for (unsigned number = 0; number < 256; ++number)
      EXPECT_EQ(getOpcodeInfo(PythonVersion{minor}, number).op,
                Opcode::Invalid)
          << "3." << minor << " byte " << number;
}

// Each name of the version-independent enumeration is distinct and
// round-trips through the tables of some version.
TEST(OpcodeTableTest, NamesAreUniqueAndUsed) {
  std::map<std::string, unsigned> seen;
  for (unsigned op = 0; op < unsigned(Opcode::Invalid); ++op)
    ++seen[getOpcodeName(Opcode(op)).str()];
  for (const auto &[name, count] : seen)
    EXPECT_EQ(count, 1u) << name;
  EXPECT_EQ(getOpcodeName(Opcode::Invalid), "<invalid>");
  std::map<std::string, bool> used;
  for (unsigned minor : {11u, 12u, 13u})
    for (unsigned number = 0; number < 256; ++number)
      used[getOpcodeName(getOpcodeInfo(PythonVersion{minor}, number).op)
               .str()] = true;
  for (const auto &entry : seen)
    EXPECT_TRUE(used.count(entry.first)) << entry.first << " is never written";
}

} // namespace
