//===- LocationTableTest.cpp - Tests of the location table decoder --------===//
//
// Unit tests of decodeLocationTable: the tables CPython 3.11-3.13 wrote for
// the functions of CPythonFixtures.h against co_positions(), each entry kind
// of the format (Objects/locations.md: short forms 0-9, one-line forms
// 10-12, no-column 13, long 14, none 15) with hand-written tables, and the
// malformed ones: bytes that do not start an entry and entries cut short.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Bytecode.h"

#include "CPythonFixtures.h"
#include "PycTestUtils.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <string_view>

using namespace dynamir::pyc;
using namespace dynamir::pyc::testutil;
using namespace dynamir::pyc::fixtures;
using namespace std::string_view_literals;

namespace {

// Writers of the entry kinds, as Python/assemble.c's write_location_* (3.12)
// write them.

std::string header(unsigned kind, unsigned length) {
  return std::string(1, char(0x80 | kind << 3 | (length - 1)));
}
std::string varint(uint32_t value) {
  std::string out;
  for (; value >= 64; value >>= 6)
    out += char((value & 63) | 64);
  return out + char(value);
}
std::string signedVarint(int32_t value) {
  return value < 0 ? varint(uint32_t(-value) << 1 | 1) : varint(value << 1);
}
/// Kinds 0-9: same line, column < 80, at most 15 columns wide.
std::string shortForm(unsigned length, int column, int endColumn) {
  return header(column >> 3, length) +
         char((column & 7) << 4 | (endColumn - column));
}
/// Kinds 10-12: the line moves 0-2 down; columns fit a byte.
std::string oneLine(unsigned length, int lineDelta, int column, int endColumn) {
  return header(10 + lineDelta, length) + char(column) + char(endColumn);
}
std::string noColumn(unsigned length, int lineDelta) {
  return header(13, length) + signedVarint(lineDelta);
}
/// Kind 14; columns are stored plus one, so that -1 (none) is 0.
std::string longForm(unsigned length, int lineDelta, int endLineDelta,
                     int column, int endColumn) {
  return header(14, length) + signedVarint(lineDelta) + varint(endLineDelta) +
         varint(column + 1) + varint(endColumn + 1);
}
std::string none(unsigned length) { return header(15, length); }

struct TestCode {
  std::string code;
  std::string table;
  CodeObject object;

  TestCode(size_t numUnits, std::string_view tableBytes, int32_t firstlineno)
      : code(2 * numUnits, '\0'), table(tableBytes) {
    object.code = code;
    object.linetable = table;
    object.qualname = "f";
    object.firstlineno = firstlineno;
  }
  // `object` points into the strings.
  TestCode(const TestCode &) = delete;
  TestCode &operator=(const TestCode &) = delete;
};

std::vector<ExpectedPosition> decodeOk(const TestCode &code) {
  llvm::SmallVector<SourcePosition> positions;
  EXPECT_EQ(takeMessage(decodeLocationTable(code.object, positions)), "");
  std::vector<ExpectedPosition> out;
  for (const SourcePosition &p : positions)
    out.push_back({p.line, p.endLine, p.column, p.endColumn});
  return out;
}

std::string decodeError(const TestCode &code) {
  llvm::SmallVector<SourcePosition> positions;
  std::string message =
      takeMessage(decodeLocationTable(code.object, positions));
  EXPECT_NE(message, "") << "the table decoded";
  return message;
}

} // namespace

// gtest compares and prints positions (outside the anonymous namespace so
// that gtest's printers find them).
namespace dynamir::pyc::fixtures {
bool operator==(const ExpectedPosition &a, const ExpectedPosition &b) {
  return a.line == b.line && a.endLine == b.endLine && a.column == b.column &&
         a.endColumn == b.endColumn;
}
void PrintTo(const ExpectedPosition &p, std::ostream *os) {
  *os << "(" << p.line << ", " << p.endLine << ", " << p.column << ", "
      << p.endColumn << ")";
}
} // namespace dynamir::pyc::fixtures

namespace {

const ExpectedPosition kNone = {-1, -1, -1, -1};

//===----------------------------------------------------------------------===//
// Tables written by CPython
//===----------------------------------------------------------------------===//

class LocationTableFixtureTest
    : public ::testing::TestWithParam<const CodeFixture *> {};

TEST_P(LocationTableFixtureTest, MatchesCoPositions) {
  const CodeFixture &fixture = *GetParam();
  CodeObject code = fixture.makeCode();
  llvm::SmallVector<SourcePosition> positions;
  ASSERT_EQ(takeMessage(decodeLocationTable(code, positions)), "");
  ASSERT_EQ(positions.size(), code.numCodeUnits());
  ASSERT_EQ(fixture.positions.size(), code.numCodeUnits());
  for (size_t i = 0; i < positions.size(); ++i) {
    const SourcePosition &p = positions[i];
    EXPECT_EQ((ExpectedPosition{p.line, p.endLine, p.column, p.endColumn}),
              fixture.positions[i])
        << "code unit " << i;
  }
}

// A table cut at an entry boundary describes the first code units only; cut
// inside an entry, it is an error. (In these tables bit 7 marks exactly the
// entry starts: CPythonFixtures.h checked that no column byte reaches 128.)
TEST_P(LocationTableFixtureTest, EveryTruncation) {
  const CodeFixture &fixture = *GetParam();
  std::string_view table = fixture.linetable;
  size_t covered = 0, pendingLength = 0;
  for (size_t size = 0; size <= table.size(); ++size) {
    SCOPED_TRACE("prefix of " + std::to_string(size) + " bytes");
    bool atBoundary = size == table.size() || (uint8_t(table[size]) & 0x80);
    CodeObject code = fixture.makeCode();
    code.linetable = llvm::StringRef(table.data(), size);
    llvm::SmallVector<SourcePosition> positions;
    std::string message = takeMessage(decodeLocationTable(code, positions));
    if (!atBoundary) {
      EXPECT_CONTAINS(message, "code object '" + std::string(fixture.qualname) +
                                   "': truncated or malformed location "
                                   "table entry at byte ");
      continue;
    }
    covered = std::min(covered + pendingLength, code.numCodeUnits());
    if (size < table.size())
      pendingLength = (uint8_t(table[size]) & 7) + 1;
    ASSERT_EQ(message, "");
    ASSERT_EQ(positions.size(), code.numCodeUnits());
    for (size_t i = 0; i < positions.size(); ++i) {
      const SourcePosition &p = positions[i];
      EXPECT_EQ((ExpectedPosition{p.line, p.endLine, p.column, p.endColumn}),
                i < covered ? fixture.positions[i] : kNone)
          << "code unit " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CPython, LocationTableFixtureTest,
                         ::testing::ValuesIn(kAllFixtures), FixtureName());

//===----------------------------------------------------------------------===//
// Hand-written tables, one entry kind at a time
//===----------------------------------------------------------------------===//

// The writers above agree with bytes CPython wrote: the first entries of
// loop() in 3.12 (RESUME at 1:0-0, LOAD_CONST at 2:12-13, STORE_FAST at
// 2:4-9) are "\x80\x00", "\xd8\x0c\x0d", "\x80\x45".
TEST(LocationTableTest, WritersMatchCPython) {
  EXPECT_EQ(shortForm(1, 0, 0), "\x80\x00"sv);
  EXPECT_EQ(oneLine(1, 1, 12, 13), "\xd8\x0c\x0d");
  EXPECT_EQ(shortForm(1, 4, 9), "\x80\x45");
  // guarded() of 3.12: "try:" at 9:4-15:16 over one unit.
  EXPECT_EQ(longForm(1, 1, 6, 4, 16), "\xf0\x02\x06\x05\x11");
}

TEST(LocationTableTest, EmptyTable) {
  TestCode code(3, "", 7);
  EXPECT_EQ(decodeOk(code), (std::vector<ExpectedPosition>(3, kNone)));
  TestCode empty(0, "", 7);
  EXPECT_TRUE(decodeOk(empty).empty());
}

// Kinds 0-9 keep the line and hold the column's high bits in the kind, its
// low 3 bits and the width in the second byte.
TEST(LocationTableTest, ShortForms) {
  for (int column : {0, 7, 8, 41, 72, 79}) {
    for (int width : {0, 1, 15}) {
      TestCode code(1, shortForm(1, column, column + width), 5);
      EXPECT_EQ(decodeOk(code), (std::vector<ExpectedPosition>{
                                    {5, 5, column, column + width}}))
          << column << " " << width;
    }
  }
  // By hand: kind 9, column 9 * 8 + 7 = 79, width 15.
  TestCode code(1, "\xc8\x7f"sv, 5);
  EXPECT_EQ(decodeOk(code),
            (std::vector<ExpectedPosition>{{5, 5, 79, 94}}));
}

// The low 3 bits of the first byte are the entry's length minus one.
TEST(LocationTableTest, EntryLengths) {
  for (unsigned length = 1; length <= 8; ++length) {
    TestCode code(9, shortForm(length, 2, 4) + none(1), 3);
    std::vector<ExpectedPosition> expected(9, kNone);
    for (unsigned i = 0; i < length; ++i)
      expected[i] = {3, 3, 2, 4};
    EXPECT_EQ(decodeOk(code), expected) << length;
  }
}

// Kinds 10-12 move the line down by 0-2 and hold both columns in a byte
// each, up to 255.
TEST(LocationTableTest, OneLineForms) {
  TestCode code(4,
                oneLine(1, 0, 10, 20) + oneLine(1, 1, 0, 255) +
                    oneLine(1, 2, 128, 200) + oneLine(1, 0, 255, 255),
                10);
  EXPECT_EQ(decodeOk(code),
            (std::vector<ExpectedPosition>{{10, 10, 10, 20},
                                           {11, 11, 0, 255},
                                           {13, 13, 128, 200},
                                           {13, 13, 255, 255}}));
}

// Kind 13 moves the line by a signed varint and has no columns.
TEST(LocationTableTest, NoColumnForm) {
  TestCode code(5,
                noColumn(1, 0) + noColumn(1, 1) + noColumn(1, -1) +
                    noColumn(1, 1000) + noColumn(1, -1001),
                50);
  EXPECT_EQ(decodeOk(code),
            (std::vector<ExpectedPosition>{{50, 50, -1, -1},
                                           {51, 51, -1, -1},
                                           {50, 50, -1, -1},
                                           {1050, 1050, -1, -1},
                                           {49, 49, -1, -1}}));
  // By hand: 1000 << 1 = 2000 = 31 * 64 + 16: "\x50\x1f".
  EXPECT_EQ(noColumn(1, 1000), "\xe8\x50\x1f");
}

// Kind 14 has everything: line delta, end line delta, and both columns plus
// one (0 for none), each a varint.
TEST(LocationTableTest, LongForm) {
  TestCode code(4,
                longForm(1, 0, 0, 5, 9) + longForm(1, 3, 2, 0, 0) +
                    longForm(1, -2, 0, -1, -1) +
                    longForm(1, 100000, 70000, 1000, 100000),
                1);
  EXPECT_EQ(decodeOk(code),
            (std::vector<ExpectedPosition>{{1, 1, 5, 9},
                                           {4, 6, 0, 0},
                                           {2, 2, -1, -1},
                                           {100002, 170002, 1000, 100000}}));
  // By hand: line -1 ("\x03"), end line +1, column 300 (301 = 4 * 64 + 45:
  // "\x6d\x04"), end column none ("\x00").
  TestCode byHand(1, "\xf0\x03\x01\x6d\x04\x00"sv, 10);
  EXPECT_EQ(decodeOk(byHand),
            (std::vector<ExpectedPosition>{{9, 10, 300, -1}}));
}

// Kind 15 has no location, and leaves the line where it was.
TEST(LocationTableTest, NoneForm) {
  TestCode code(4, oneLine(1, 2, 0, 1) + none(2) + oneLine(1, 0, 3, 4), 7);
  EXPECT_EQ(decodeOk(code), (std::vector<ExpectedPosition>{
                                {9, 9, 0, 1}, kNone, kNone, {9, 9, 3, 4}}));
}

// The line runs from co_firstlineno through every kind that moves it.
TEST(LocationTableTest, RunningLine) {
  TestCode code(6,
                shortForm(1, 0, 1) + oneLine(1, 2, 0, 1) + noColumn(1, -3) +
                    none(1) + longForm(1, 5, 0, 0, 1) + shortForm(1, 0, 1),
                20);
  EXPECT_EQ(decodeOk(code), (std::vector<ExpectedPosition>{{20, 20, 0, 1},
                                                           {22, 22, 0, 1},
                                                           {19, 19, -1, -1},
                                                           kNone,
                                                           {24, 24, 0, 1},
                                                           {24, 24, 0, 1}}));
}

// Code units the table does not reach have no location; entries past the
// end of the code are ignored (co_positions() does not check either).
TEST(LocationTableTest, TableAndCodeOfDifferentLengths) {
  TestCode shorter(4, shortForm(2, 0, 1), 1);
  EXPECT_EQ(decodeOk(shorter), (std::vector<ExpectedPosition>{
                                   {1, 1, 0, 1}, {1, 1, 0, 1}, kNone, kNone}));
  TestCode longer(2, shortForm(8, 0, 1) + shortForm(1, 2, 3), 1);
  EXPECT_EQ(decodeOk(longer), (std::vector<ExpectedPosition>{{1, 1, 0, 1},
                                                             {1, 1, 0, 1}}));
}

// The output is replaced, not appended to.
TEST(LocationTableTest, ReplacesTheOutput) {
  TestCode code(2, shortForm(2, 0, 1), 1);
  llvm::SmallVector<SourcePosition> positions(5);
  ASSERT_EQ(takeMessage(decodeLocationTable(code.object, positions)), "");
  EXPECT_EQ(positions.size(), 2u);
}

//===----------------------------------------------------------------------===//
// Malformed tables
//===----------------------------------------------------------------------===//

TEST(LocationTableErrorTest, ByteThatDoesNotStartAnEntry) {
  EXPECT_EQ(decodeError(TestCode(2, "\x00"sv, 1)),
            "code object 'f': location table byte 0 does not start an entry");
  // A short form's second byte is not an entry.
  EXPECT_EQ(decodeError(TestCode(4, shortForm(1, 0, 1) + "\x01", 1)),
            "code object 'f': location table byte 2 does not start an entry");
  // A one-line entry with one column byte too many.
  EXPECT_EQ(decodeError(TestCode(4, oneLine(1, 0, 1, 2) + "\x03", 1)),
            "code object 'f': location table byte 3 does not start an entry");
}

// Each kind cut after each of its bytes. The message gives the byte where
// reading stopped.
TEST(LocationTableErrorTest, TruncatedEntries) {
  std::string entries[] = {
      shortForm(1, 9, 12),
      oneLine(1, 1, 200, 210),
      noColumn(1, -5000),
      longForm(1, -5000, 300, 1000, 70000),
  };
  for (const std::string &entry : entries) {
    for (size_t size = 1; size < entry.size(); ++size) {
      // The message points at the start of the cut entry.
      std::string first = oneLine(1, 0, 0, 1);
      std::string table = first + entry.substr(0, size);
      EXPECT_EQ(decodeError(TestCode(4, table, 1)),
                "code object 'f': truncated or malformed location table entry "
                "at byte " +
                    std::to_string(first.size()))
          << "cut after " << size << " bytes";
    }
  }
}

// A varint may not run past 32 bits, whether it has too many chunks or its
// sixth chunk sets bits above bit 31.
TEST(LocationTableErrorTest, OverlongVarints) {
  std::string overlong = header(13, 1) + std::string(7, '\x40') + "\x01";
  EXPECT_CONTAINS(decodeError(TestCode(2, overlong, 1)),
                  "code object 'f': truncated or malformed location table "
                  "entry at byte 0");
  std::string wide = header(13, 1) + std::string(5, '\x40') + "\x04";
  EXPECT_CONTAINS(decodeError(TestCode(2, wide, 1)),
                  "malformed location table entry");
  std::string overlongColumn = header(14, 1) + std::string(2, '\0') +
                               std::string(10, '\x7f') + "\x01" +
                               std::string(1, '\0');
  EXPECT_CONTAINS(decodeError(TestCode(2, overlongColumn, 1)),
                  "truncated or malformed location table entry");
}

//===----------------------------------------------------------------------===//
// Out-of-range tables
//===----------------------------------------------------------------------===//

// CPython never writes a line or column outside int32; a crafted table that
// would overflow one (a no-column entry moving line 2147483647 down by one, a
// long entry whose column varint is 3 * 2**30) is rejected, not wrapped. A
// column varint of 2**31 is column 2**31 - 1, which fits.
TEST(LocationTableTest, OutOfRangeLinesAndColumns) {
  TestCode line(1, noColumn(1, 1), INT32_MAX);
  TestCode column(1, "\xf0\x00\x00\x40\x40\x40\x40\x40\x03\x01"sv, 1);
  TestCode widest(1, "\xf0\x00\x00\x40\x40\x40\x40\x40\x02\x01"sv, 1);
  llvm::SmallVector<SourcePosition> positions;
  EXPECT_CONTAINS(takeMessage(decodeLocationTable(line.object, positions)),
                  "out of range");
  EXPECT_CONTAINS(takeMessage(decodeLocationTable(column.object, positions)),
                  "out of range");
  ASSERT_FALSE(decodeLocationTable(widest.object, positions));
  EXPECT_EQ(positions[0].column, INT32_MAX);
}

} // namespace
