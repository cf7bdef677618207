//===- ExceptionTableTest.cpp - Tests of the exception table decoder ------===//
//
// Unit tests of decodeExceptionTable: the tables CPython 3.11-3.13 wrote for
// the functions of CPythonFixtures.h against dis._parse_exception_table, the
// varint encoding (6-bit chunks, most significant first, bit 6 continues,
// bit 7 starts an entry) with hand-written tables, and every malformed case:
// broken or truncated varints, values past 32 bits, empty, overlapping and
// out-of-order ranges, and ranges or handlers outside the code.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Bytecode.h"

#include "CPythonFixtures.h"
#include "PycTestUtils.h"

#include "llvm/ADT/StringExtras.h"

#include "gtest/gtest.h"

#include <string_view>

using namespace dynamir::pyc;
using namespace dynamir::pyc::testutil;
using namespace dynamir::pyc::fixtures;
using namespace std::string_view_literals;

namespace {

/// One exception table item, as Python/assemble.c's
/// assemble_emit_exception_table_item writes it (extended to 32 bits).
std::string varint(uint32_t value, bool entryStart) {
  std::string out;
  for (int shift = 30; shift > 0; shift -= 6)
    if (value >= (uint64_t(1) << shift))
      out += char(((value >> shift) & 63) | 64);
  out += char(value & 63);
  if (entryStart)
    out[0] = char(uint8_t(out[0]) | 128);
  return out;
}

/// One entry: instructions [start, start + length) unwind to `target`.
std::string entry(uint32_t start, uint32_t length, uint32_t target,
                  uint32_t depth, bool lasti) {
  return varint(start, true) + varint(length, false) + varint(target, false) +
         varint(depth << 1 | uint32_t(lasti), false);
}

/// A code object of `numUnits` code units (their contents do not matter to
/// the exception table) with `table`.
struct TestCode {
  std::string code;
  std::string table;
  CodeObject object;

  TestCode(size_t numUnits, std::string_view tableBytes)
      : code(2 * numUnits, '\0'), table(tableBytes) {
    object.code = code;
    object.exceptiontable = table;
    object.qualname = "f";
  }
  // `object` points into the strings.
  TestCode(const TestCode &) = delete;
  TestCode &operator=(const TestCode &) = delete;
};

llvm::SmallVector<ExceptionTableEntry> decodeOk(const TestCode &code) {
  llvm::SmallVector<ExceptionTableEntry> entries;
  llvm::Error error = decodeExceptionTable(code.object, entries);
  EXPECT_EQ(takeMessage(std::move(error)), "");
  return entries;
}

std::string decodeError(const TestCode &code) {
  llvm::SmallVector<ExceptionTableEntry> entries;
  std::string message = takeMessage(decodeExceptionTable(code.object, entries));
  EXPECT_NE(message, "") << "the table decoded";
  return message;
}

void expectEntry(const ExceptionTableEntry &e, uint32_t start, uint32_t end,
                 uint32_t target, uint32_t depth, bool lasti) {
  EXPECT_EQ(e.start, start);
  EXPECT_EQ(e.end, end);
  EXPECT_EQ(e.target, target);
  EXPECT_EQ(e.depth, depth);
  EXPECT_EQ(e.pushLasti, lasti);
}

//===----------------------------------------------------------------------===//
// Tables written by CPython
//===----------------------------------------------------------------------===//

class ExceptionTableFixtureTest
    : public ::testing::TestWithParam<const CodeFixture *> {};

TEST_P(ExceptionTableFixtureTest, MatchesDis) {
  const CodeFixture &fixture = *GetParam();
  CodeObject code = fixture.makeCode();
  llvm::SmallVector<ExceptionTableEntry> entries;
  ASSERT_EQ(takeMessage(decodeExceptionTable(code, entries)), "");
  ASSERT_EQ(entries.size(), fixture.handlers.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    SCOPED_TRACE("entry " + std::to_string(i));
    const ExpectedHandler &h = fixture.handlers[i];
    expectEntry(entries[i], h.start, h.end, h.target, h.depth, h.lasti);
  }
}

// Every handler is the start of an instruction, as CPython's compiler makes
// it (the decoder does not check this; the importer relies on it).
TEST_P(ExceptionTableFixtureTest, HandlersStartInstructions) {
  const CodeFixture &fixture = *GetParam();
  for (const ExpectedHandler &h : fixture.handlers) {
    bool found = false;
    for (const ExpectedInstruction &inst : fixture.instructions)
      found |= inst.start == h.target;
    EXPECT_TRUE(found) << "handler " << h.target;
  }
}

// A table cut anywhere: at an entry boundary it is the first entries, inside
// an entry it is an error naming that entry's first byte.
TEST_P(ExceptionTableFixtureTest, EveryTruncation) {
  const CodeFixture &fixture = *GetParam();
  std::string_view table = fixture.exceptiontable;
  size_t entryStart = 0, complete = 0;
  for (size_t size = 0; size <= table.size(); ++size) {
    SCOPED_TRACE("prefix of " + std::to_string(size) + " bytes");
    bool atBoundary = size == table.size() || (uint8_t(table[size]) & 0x80);
    CodeObject code = fixture.makeCode();
    code.exceptiontable = llvm::StringRef(table.data(), size);
    llvm::SmallVector<ExceptionTableEntry> entries;
    std::string message = takeMessage(decodeExceptionTable(code, entries));
    if (atBoundary) {
      if (size > 0)
        ++complete;
      EXPECT_EQ(message, "");
      ASSERT_EQ(entries.size(), complete);
      for (size_t i = 0; i < complete; ++i) {
        const ExpectedHandler &h = fixture.handlers[i];
        expectEntry(entries[i], h.start, h.end, h.target, h.depth, h.lasti);
      }
      entryStart = size;
    } else {
      EXPECT_EQ(message, "code object '" + std::string(fixture.qualname) +
                             "': malformed exception table entry at byte " +
                             std::to_string(entryStart));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CPython, ExceptionTableFixtureTest,
                         ::testing::ValuesIn(kAllFixtures), FixtureName());

//===----------------------------------------------------------------------===//
// Hand-written tables
//===----------------------------------------------------------------------===//

TEST(ExceptionTableTest, EmptyTable) {
  TestCode code(10, "");
  llvm::SmallVector<ExceptionTableEntry> entries(3);
  ASSERT_EQ(takeMessage(decodeExceptionTable(code.object, entries)), "");
  EXPECT_TRUE(entries.empty());
}

// Start 2, length 4, handler 9, depth 0 without lasti: the first entry of
// guarded() in 3.12 and 3.13.
TEST(ExceptionTableTest, OneEntry) {
  TestCode code(20, "\x82\x04\x09\x00"sv);
  auto entries = decodeOk(code);
  ASSERT_EQ(entries.size(), 1u);
  expectEntry(entries[0], 2, 6, 9, 0, false);
}

// The last field packs depth and lasti: (depth << 1) | lasti.
TEST(ExceptionTableTest, DepthAndLasti) {
  TestCode code(20, entry(0, 1, 5, 0, true) + entry(1, 1, 5, 3, false) +
                        entry(2, 1, 5, 3, true) + entry(3, 1, 5, 31, true) +
                        entry(4, 1, 5, 32, false));
  auto entries = decodeOk(code);
  ASSERT_EQ(entries.size(), 5u);
  expectEntry(entries[0], 0, 1, 5, 0, true);
  expectEntry(entries[1], 1, 2, 5, 3, false);
  expectEntry(entries[2], 2, 3, 5, 3, true);
  expectEntry(entries[3], 3, 4, 5, 31, true);
  expectEntry(entries[4], 4, 5, 5, 32, false);
}

// Values of 6 bits and more take more chunks, the most significant first.
TEST(ExceptionTableTest, MultiChunkVarints) {
  // start 100 = 1 * 64 + 36: "\xc1\x24"; length 64: "\x41\x00";
  // target 4095 = 63 * 64 + 63: "\x7f\x3f"; depth 1 with lasti: "\x03".
  TestCode code(5000, "\xc1\x24\x41\x00\x7f\x3f\x03"sv);
  auto entries = decodeOk(code);
  ASSERT_EQ(entries.size(), 1u);
  expectEntry(entries[0], 100, 164, 4095, 1, true);

  // The largest values CPython writes need five chunks (it asserts values
  // below 2**30); the decoder takes all 32 bits.
  TestCode big(300000, entry(262143, 1, 262144, (1u << 24) + 5, false) +
                           entry(262144, 37695, 299999, (1u << 30) - 1, true));
  entries = decodeOk(big);
  ASSERT_EQ(entries.size(), 2u);
  expectEntry(entries[0], 262143, 262144, 262144, (1u << 24) + 5, false);
  expectEntry(entries[1], 262144, 299839, 299999, (1u << 30) - 1, true);

  // Leading zero chunks are redundant but valid.
  TestCode padded(20, "\xc0\x40\x02\x40\x04\x09\x00"sv);
  entries = decodeOk(padded);
  ASSERT_EQ(entries.size(), 1u);
  expectEntry(entries[0], 2, 6, 9, 0, false);
}

// Ranges may touch each other and the end of the code; a handler may be
// the last code unit.
TEST(ExceptionTableTest, Boundaries) {
  TestCode code(10, entry(0, 4, 9, 0, false) + entry(4, 6, 0, 1, false));
  auto entries = decodeOk(code);
  ASSERT_EQ(entries.size(), 2u);
  expectEntry(entries[0], 0, 4, 9, 0, false);
  expectEntry(entries[1], 4, 10, 0, 1, false);
  // Gaps are fine too.
  TestCode gaps(10, entry(1, 1, 9, 0, false) + entry(5, 2, 9, 0, false));
  EXPECT_EQ(decodeOk(gaps).size(), 2u);
}

// The output is replaced, not appended to.
TEST(ExceptionTableTest, ClearsTheOutput) {
  TestCode code(10, entry(0, 4, 9, 0, false));
  llvm::SmallVector<ExceptionTableEntry> entries(5);
  ASSERT_EQ(takeMessage(decodeExceptionTable(code.object, entries)), "");
  EXPECT_EQ(entries.size(), 1u);
}

//===----------------------------------------------------------------------===//
// Malformed tables
//===----------------------------------------------------------------------===//

TEST(ExceptionTableErrorTest, EntryWithoutStartBit) {
  EXPECT_EQ(decodeError(TestCode(20, "\x02\x04\x09\x00"sv)),
            "code object 'f': malformed exception table entry at byte 0");
  // The second entry's first byte lacks bit 7.
  EXPECT_EQ(decodeError(TestCode(20, entry(0, 2, 9, 0, false) +
                                         std::string("\x02\x04\x09\x00"sv))),
            "code object 'f': malformed exception table entry at byte 4");
}

// Bit 7 only ever marks the first byte of an entry: set anywhere else, the
// entry is cut short.
TEST(ExceptionTableErrorTest, StartBitInsideAnEntry) {
  for (std::string_view bytes :
       {"\x82\x84\x09\x00"sv, "\x82\x04\x89\x00"sv, "\x82\x04\x09\x80"sv,
        "\xc2\x84\x04\x09\x00"sv, "\x82\x44\x84\x09\x00"sv}) {
    EXPECT_EQ(decodeError(TestCode(20, bytes)),
              "code object 'f': malformed exception table entry at byte 0")
        << llvm::toHex(bytes);
  }
}

TEST(ExceptionTableErrorTest, TruncatedEntries) {
  std::string whole = entry(70, 2, 100, 1, true);
  for (size_t size = 1; size < whole.size(); ++size)
    EXPECT_EQ(decodeError(TestCode(200, whole.substr(0, size))),
              "code object 'f': malformed exception table entry at byte 0")
        << size;
  std::string first = entry(0, 2, 9, 0, false);
  for (size_t size = 1; size < whole.size(); ++size)
    EXPECT_EQ(decodeError(TestCode(200, first + whole.substr(0, size))),
              "code object 'f': malformed exception table entry at byte 4")
        << size;
  // A continuation bit on the table's last byte.
  EXPECT_CONTAINS(decodeError(TestCode(200, "\x82\x04\x09\x40"sv)),
                  "malformed exception table entry at byte 0");
}

// Values must fit 32 bits.
TEST(ExceptionTableErrorTest, VarintOverflow) {
  // 2**32 - 1, the largest value: 2 bits, then five chunks of 6.
  std::string max("\xc3\x7f\x7f\x7f\x7f\x3f"sv);
  std::string rest = varint(1, false) + varint(0, false) + varint(0, false);
  EXPECT_CONTAINS(decodeError(TestCode(20, max + rest)),
                  "exception table entry [8589934590, 8589934592) lies "
                  "outside the code");
  // 2**32: one bit too many.
  std::string over("\xc4\x40\x40\x40\x40\x00"sv);
  EXPECT_EQ(decodeError(TestCode(20, over + rest)),
            "code object 'f': malformed exception table entry at byte 0");
  // Far too many chunks.
  std::string huge = "\xff" + std::string(20, '\x7f') + "\x3f";
  EXPECT_EQ(decodeError(TestCode(20, huge + rest)),
            "code object 'f': malformed exception table entry at byte 0");
  // In a later field.
  std::string overField("\x44\x40\x40\x40\x40\x00"sv);
  EXPECT_EQ(decodeError(TestCode(20, varint(0, true) + varint(1, false) +
                                         overField + varint(0, false))),
            "code object 'f': malformed exception table entry at byte 0");
}

// Offsets in the messages are in bytes, as dis prints them.
TEST(ExceptionTableErrorTest, RangesOutsideTheCode) {
  EXPECT_EQ(decodeError(TestCode(20, entry(2, 19, 9, 0, false))),
            "code object 'f': exception table entry [4, 42) lies outside the "
            "code (offsets 0-40)");
  EXPECT_CONTAINS(decodeError(TestCode(20, entry(20, 1, 9, 0, false))),
                  "exception table entry [40, 42) lies outside the code");
  EXPECT_CONTAINS(decodeError(TestCode(0, entry(0, 1, 0, 0, false))),
                  "exception table entry [0, 2) lies outside the code "
                  "(offsets 0-0)");
  // start + length wraps around 32 bits.
  EXPECT_CONTAINS(
      decodeError(TestCode(20, entry(0xffffffffu, 2, 9, 0, false))),
      "exception table entry [8589934590, 8589934594) lies outside the code");
}

TEST(ExceptionTableErrorTest, EmptyRange) {
  EXPECT_EQ(decodeError(TestCode(20, entry(2, 0, 9, 0, false))),
            "code object 'f': exception table entry at offset 4 covers no "
            "instruction");
}

TEST(ExceptionTableErrorTest, HandlerOutsideTheCode) {
  EXPECT_EQ(decodeError(TestCode(20, entry(2, 4, 20, 0, false))),
            "code object 'f': exception handler at offset 40 lies outside the "
            "code");
  EXPECT_CONTAINS(decodeError(TestCode(20, entry(2, 4, 0xffffffffu, 0, false))),
                  "exception handler at offset 8589934590 lies outside");
}

// CPython writes entries in code order without overlaps (it looks them up
// by binary search), so anything else is an error.
TEST(ExceptionTableErrorTest, OverlappingOrUnorderedEntries) {
  EXPECT_EQ(decodeError(TestCode(20, entry(2, 3, 9, 0, false) +
                                         entry(4, 2, 9, 0, false))),
            "code object 'f': exception table entries overlap at offset 8");
  EXPECT_CONTAINS(decodeError(TestCode(20, entry(2, 3, 9, 0, false) +
                                               entry(2, 3, 9, 0, false))),
                  "exception table entries overlap at offset 4");
  EXPECT_CONTAINS(decodeError(TestCode(20, entry(10, 2, 9, 0, false) +
                                               entry(2, 2, 9, 0, false))),
                  "exception table entries overlap at offset 4");
  EXPECT_CONTAINS(decodeError(TestCode(20, entry(0, 10, 19, 0, false) +
                                               entry(3, 1, 19, 0, false))),
                  "exception table entries overlap at offset 6");
}

} // namespace
