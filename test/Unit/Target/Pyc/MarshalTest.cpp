//===- MarshalTest.cpp - Tests of the pyc and marshal reader --------------===//
//
// Unit tests of PycFile::read, PycFile::readMarshal and versionForMagic: the
// header checks, every marshal type code 3.11-3.13 write, the reference
// table, code objects, and the errors (truncation anywhere, unknown type
// codes, bad references, negative sizes, nesting, malformed code objects).
//
// Byte strings marked "CPython" are marshal.dumps / importlib output of the
// local interpreters (/root/.pyenv/versions/3.11.7, 3.12.1, 3.13.0), pasted
// here; the expected behaviour on malformed data was checked against
// marshal.loads of 3.12.1. The others are written by hand following
// Python/marshal.c.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/Marshal.h"

#include "PycTestUtils.h"

#include "llvm/ADT/StringExtras.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <string_view>

using namespace dynamir::pyc;
using namespace dynamir::pyc::testutil;
using namespace std::string_view_literals;
using Kind = MarshalObject::Kind;

namespace {

/// Reads a bare marshal stream as 3.12 would; the version does not change
/// how marshal data reads.
llvm::Expected<std::unique_ptr<PycFile>> readStream(std::string_view bytes) {
  return PycFile::readMarshal(llvm::StringRef(bytes.data(), bytes.size()),
                              "stream", PythonVersion{12});
}

/// The root of a stream that must read.
const MarshalObject *readRoot(std::string_view bytes,
                              std::unique_ptr<PycFile> &keep) {
  auto file = readStream(bytes);
  if (!file) {
    ADD_FAILURE() << "unexpected error: " << takeMessage(file);
    return nullptr;
  }
  keep = std::move(*file);
  return keep->getRoot();
}

/// The error of a stream that must not read.
std::string readError(std::string_view bytes) {
  auto file = readStream(bytes);
  if (file) {
    ADD_FAILURE() << "read succeeded; expected an error";
    return std::string();
  }
  return takeMessage(file);
}

std::string decimal(const MarshalObject *obj) {
  return llvm::toString(obj->getInt(), 10, /*Signed=*/true);
}

std::string_view view(const std::string &s) { return {s.data(), s.size()}; }

//===----------------------------------------------------------------------===//
// versionForMagic
//===----------------------------------------------------------------------===//

// importlib.util.MAGIC_NUMBER of 3.11.7, 3.12.1 and 3.13.0.
TEST(VersionForMagicTest, ReleasedInterpreters) {
  struct {
    uint32_t magic;
    unsigned minor;
  } cases[] = {{3495, 11}, {3531, 12}, {3571, 13}};
  for (auto c : cases) {
    llvm::Expected<PythonVersion> version = versionForMagic(c.magic);
    ASSERT_TRUE(bool(version)) << takeMessage(version);
    EXPECT_EQ(version->minor, c.minor) << "magic " << c.magic;
  }
}

// Alphas and betas of a supported version write other magic numbers: the
// message says which version they belong to and which numbers are read.
TEST(VersionForMagicTest, PreReleasesNameTheVersion) {
  struct {
    uint32_t magic;
    const char *version;
  } cases[] = {{3450, "3.11"}, {3494, "3.11"}, {3500, "3.12"},
               {3530, "3.12"}, {3550, "3.13"}, {3570, "3.13"}};
  for (auto c : cases) {
    llvm::Expected<PythonVersion> version = versionForMagic(c.magic);
    std::string message = takeMessage(version);
    EXPECT_CONTAINS(message, "magic number " + std::to_string(c.magic) +
                                 " is a pre-release of Python " + c.version);
    EXPECT_CONTAINS(message,
                    "released 3.11 (magic 3495), 3.12 (3531) and 3.13 (3571)");
  }
}

// The magic numbers of the other local interpreters (2.7.18, 3.6.15 ...
// 3.10.13) and of versions newer than 3.13: the message names the version.
TEST(VersionForMagicTest, UnsupportedVersionsNameTheVersion) {
  struct {
    uint32_t magic;
    const char *version;
  } cases[] = {{62211, "2.x"}, {3000, "3.0/3.1"}, {3379, "3.6"},
               {3394, "3.7"},  {3413, "3.8"},     {3425, "3.9"},
               {3439, "3.10"}, {3600, "3.14"},    {3650, "3.15"}};
  for (auto c : cases) {
    llvm::Expected<PythonVersion> version = versionForMagic(c.magic);
    EXPECT_EQ(takeMessage(version),
              std::string("Python ") + c.version + " bytecode (magic number " +
                  std::to_string(c.magic) +
                  ") is not supported; Dynamir reads CPython 3.11, 3.12 and "
                  "3.13");
  }
}

TEST(VersionForMagicTest, UnknownMagicNumbers) {
  for (uint32_t magic : {0u, 1234u, 2999u, 3999u, 65535u}) {
    llvm::Expected<PythonVersion> version = versionForMagic(magic);
    EXPECT_EQ(takeMessage(version),
              "unknown magic number " + std::to_string(magic) +
                  ": not a .pyc written by CPython 3.11, 3.12 or 3.13");
  }
}

//===----------------------------------------------------------------------===//
// PycFile::read on whole .pyc files
//===----------------------------------------------------------------------===//

struct PycFixture {
  unsigned minor;
  uint32_t magic;
  /// len(co_code) of the module, and the stack sizes of the module, f and g.
  size_t moduleCodeBytes;
  int32_t moduleStack, fStack, gStack;
  std::string_view bytes;
};

// CPython: for each interpreter,
//   src = "def f(a, /, b, *, c):\n    def g():\n        return a\n"
//         "    return g\n"
//   importlib._bootstrap_external._code_to_timestamp_pyc(
//       compile(src, "m.py", "exec"), 100000000, len(src))
// Python 3.11: 372 bytes.
const PycFixture kPyc311 = {
    11, 3495, 12, 1, 2, 1,
    "\xa7\x0d\x0d\x0a\x00\x00\x00\x00\x00\xe1\xf5\x05\x41\x00\x00\x00"
    "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
    "\x00\x00\x00\x00\x00\xf3\x0c\x00\x00\x00\x97\x00\x64\x00\x84\x00"
    "\x5a\x00\x64\x01\x53\x00\x29\x02\x63\x02\x00\x00\x00\x01\x00\x00"
    "\x00\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\xf3\x12\x00"
    "\x00\x00\x87\x00\x97\x00\x88\x00\x66\x01\x64\x01\x84\x08\x7d\x03"
    "\x7c\x03\x53\x00\x29\x02\x4e\x63\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x01\x00\x00\x00\x13\x00\x00\x00\xf3\x08\x00\x00"
    "\x00\x95\x01\x97\x00\x89\x00\x53\x00\x29\x01\x4e\xa9\x00\x29\x01"
    "\xda\x01\x61\x73\x01\x00\x00\x00\x80\xfa\x04\x6d\x2e\x70\x79\xda"
    "\x01\x67\x7a\x0c\x66\x2e\x3c\x6c\x6f\x63\x61\x6c\x73\x3e\x2e\x67"
    "\x02\x00\x00\x00\x73\x08\x00\x00\x00\xf8\x80\x00\xd8\x0f\x10\x88"
    "\x08\xf3\x00\x00\x00\x00\x72\x04\x00\x00\x00\x29\x04\x72\x05\x00"
    "\x00\x00\xda\x01\x62\xda\x01\x63\x72\x07\x00\x00\x00\x73\x04\x00"
    "\x00\x00\x60\x20\x20\x20\x72\x06\x00\x00\x00\xda\x01\x66\x72\x0b"
    "\x00\x00\x00\x01\x00\x00\x00\x73\x21\x00\x00\x00\xf8\x80\x00\xf0"
    "\x02\x01\x05\x11\xf0\x00\x01\x05\x11\xf0\x00\x01\x05\x11\xf0\x00"
    "\x01\x05\x11\xf0\x00\x01\x05\x11\xe0\x0b\x0c\x80\x48\x72\x08\x00"
    "\x00\x00\x4e\x29\x01\x72\x0b\x00\x00\x00\x72\x04\x00\x00\x00\x72"
    "\x08\x00\x00\x00\x72\x06\x00\x00\x00\xfa\x08\x3c\x6d\x6f\x64\x75"
    "\x6c\x65\x3e\x72\x0c\x00\x00\x00\x01\x00\x00\x00\x73\x1e\x00\x00"
    "\x00\xf0\x03\x01\x01\x01\xf0\x02\x03\x01\x0d\xf0\x00\x03\x01\x0d"
    "\xf0\x00\x03\x01\x0d\xf0\x00\x03\x01\x0d\xf0\x00\x03\x01\x0d\x72"
    "\x08\x00\x00\x00"sv,
};
// Python 3.12: 330 bytes.
const PycFixture kPyc312 = {
    12, 3531, 10, 1, 2, 1,
    "\xcb\x0d\x0d\x0a\x00\x00\x00\x00\x00\xe1\xf5\x05\x41\x00\x00\x00"
    "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
    "\x00\x00\x00\x00\x00\xf3\x0a\x00\x00\x00\x97\x00\x64\x00\x84\x00"
    "\x5a\x00\x79\x01\x29\x02\x63\x02\x00\x00\x00\x01\x00\x00\x00\x01"
    "\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\xf3\x12\x00\x00\x00"
    "\x87\x00\x97\x00\x88\x00\x66\x01\x64\x01\x84\x08\x7d\x03\x7c\x03"
    "\x53\x00\x29\x02\x4e\x63\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x01\x00\x00\x00\x13\x00\x00\x00\xf3\x08\x00\x00\x00\x95"
    "\x01\x97\x00\x89\x00\x53\x00\x29\x01\x4e\xa9\x00\x29\x01\xda\x01"
    "\x61\x73\x01\x00\x00\x00\x80\xfa\x04\x6d\x2e\x70\x79\xda\x01\x67"
    "\x7a\x0c\x66\x2e\x3c\x6c\x6f\x63\x61\x6c\x73\x3e\x2e\x67\x02\x00"
    "\x00\x00\x73\x08\x00\x00\x00\xf8\x80\x00\xd8\x0f\x10\x88\x08\xf3"
    "\x00\x00\x00\x00\x72\x04\x00\x00\x00\x29\x04\x72\x05\x00\x00\x00"
    "\xda\x01\x62\xda\x01\x63\x72\x07\x00\x00\x00\x73\x04\x00\x00\x00"
    "\x60\x20\x20\x20\x72\x06\x00\x00\x00\xda\x01\x66\x72\x0b\x00\x00"
    "\x00\x01\x00\x00\x00\x73\x0d\x00\x00\x00\xf8\x80\x00\xf4\x02\x01"
    "\x05\x11\xe0\x0b\x0c\x80\x48\x72\x08\x00\x00\x00\x4e\x29\x01\x72"
    "\x0b\x00\x00\x00\x72\x04\x00\x00\x00\x72\x08\x00\x00\x00\x72\x06"
    "\x00\x00\x00\xfa\x08\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x72\x0c\x00"
    "\x00\x00\x01\x00\x00\x00\x73\x0a\x00\x00\x00\xf0\x03\x01\x01\x01"
    "\xf3\x02\x03\x01\x0d\x72\x08\x00\x00\x00"sv,
};
// Python 3.13: 332 bytes.
const PycFixture kPyc313 = {
    13, 3571, 10, 1, 2, 1,
    "\xf3\x0d\x0d\x0a\x00\x00\x00\x00\x00\xe1\xf5\x05\x41\x00\x00\x00"
    "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
    "\x00\x00\x00\x00\x00\xf3\x0a\x00\x00\x00\x95\x00\x53\x00\x1a\x00"
    "\x72\x00\x67\x01\x29\x02\x63\x02\x00\x00\x00\x01\x00\x00\x00\x01"
    "\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\xf3\x14\x00\x00\x00"
    "\x5e\x00\x95\x00\x55\x00\x34\x01\x53\x01\x1a\x00\x6a\x08\x6e\x03"
    "\x55\x03\x24\x00\x29\x02\x4e\x63\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x01\x00\x00\x00\x13\x00\x00\x00\xf3\x08\x00\x00"
    "\x00\x3e\x01\x95\x00\x54\x00\x24\x00\x29\x01\x4e\xa9\x00\x29\x01"
    "\xda\x01\x61\x73\x01\x00\x00\x00\x80\xda\x04\x6d\x2e\x70\x79\xda"
    "\x01\x67\xda\x0c\x66\x2e\x3c\x6c\x6f\x63\x61\x6c\x73\x3e\x2e\x67"
    "\x02\x00\x00\x00\x73\x08\x00\x00\x00\xf8\x80\x00\xd8\x0f\x10\x88"
    "\x08\xf3\x00\x00\x00\x00\x72\x04\x00\x00\x00\x29\x04\x72\x05\x00"
    "\x00\x00\xda\x01\x62\xda\x01\x63\x72\x07\x00\x00\x00\x73\x04\x00"
    "\x00\x00\x60\x20\x20\x20\x72\x06\x00\x00\x00\xda\x01\x66\x72\x0c"
    "\x00\x00\x00\x01\x00\x00\x00\x73\x0d\x00\x00\x00\xf8\x80\x00\xf5"
    "\x02\x01\x05\x11\xe0\x0b\x0c\x80\x48\x72\x09\x00\x00\x00\x4e\x29"
    "\x01\x72\x0c\x00\x00\x00\x72\x04\x00\x00\x00\x72\x09\x00\x00\x00"
    "\x72\x06\x00\x00\x00\xda\x08\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x72"
    "\x0d\x00\x00\x00\x01\x00\x00\x00\x73\x0a\x00\x00\x00\xf0\x03\x01"
    "\x01\x01\xf3\x02\x03\x01\x0d\x72\x09\x00\x00\x00"sv,
};

const PycFixture *const kPycFixtures[] = {&kPyc311, &kPyc312, &kPyc313};

void PrintTo(const PycFixture *fixture, std::ostream *os) {
  *os << "the .pyc of Python 3." << fixture->minor;
}

llvm::Expected<std::unique_ptr<PycFile>> readPyc(std::string_view bytes) {
  return PycFile::read(llvm::StringRef(bytes.data(), bytes.size()), "m.pyc");
}

std::vector<llvm::StringRef> strs(llvm::ArrayRef<llvm::StringRef> names) {
  return std::vector<llvm::StringRef>(names.begin(), names.end());
}

class PycFileTest : public ::testing::TestWithParam<const PycFixture *> {};

TEST_P(PycFileTest, ReadsTheModule) {
  const PycFixture &fixture = *GetParam();
  auto file = readPyc(fixture.bytes);
  ASSERT_TRUE(bool(file)) << takeMessage(file);
  EXPECT_EQ((*file)->getVersion().minor, fixture.minor);
  EXPECT_EQ((*file)->getMagic(), fixture.magic);

  const CodeObject *module = (*file)->getModuleCode();
  ASSERT_NE(module, nullptr);
  // The module's code object starts right after the 16-byte header.
  EXPECT_EQ(module->fileOffset, 16u);
  EXPECT_EQ(module->argcount, 0);
  EXPECT_EQ(module->stacksize, fixture.moduleStack);
  EXPECT_EQ(module->flags, 0u);
  EXPECT_EQ(module->code.size(), fixture.moduleCodeBytes);
  EXPECT_EQ(module->filename, "m.py");
  EXPECT_EQ(module->name, "<module>");
  EXPECT_EQ(module->qualname, "<module>");
  EXPECT_EQ(module->firstlineno, 1);
  EXPECT_EQ(strs(module->names), std::vector<llvm::StringRef>{"f"});
  EXPECT_EQ(module->numLocalsPlus(), 0u);
  ASSERT_EQ(module->consts.size(), 2u);
  EXPECT_EQ(module->consts[1]->kind, Kind::None);
  ASSERT_EQ(module->consts[0]->kind, Kind::Code);

  const CodeObject *f = module->consts[0]->code;
  EXPECT_EQ(f->argcount, 2);
  EXPECT_EQ(f->posonlyargcount, 1);
  EXPECT_EQ(f->kwonlyargcount, 1);
  EXPECT_EQ(f->stacksize, fixture.fStack);
  EXPECT_EQ(f->flags, uint32_t(CO_OPTIMIZED | CO_NEWLOCALS));
  EXPECT_EQ(f->qualname, "f");
  EXPECT_EQ(f->firstlineno, 1);
  EXPECT_EQ(strs(f->localsplusnames),
            (std::vector<llvm::StringRef>{"a", "b", "c", "g"}));
  // `a` is an argument that g closes over: a cell.
  ASSERT_EQ(f->localspluskinds.size(), 4u);
  EXPECT_EQ(f->localKind(0), CO_FAST_LOCAL | CO_FAST_CELL);
  for (size_t i = 1; i < 4; ++i)
    EXPECT_EQ(f->localKind(i), CO_FAST_LOCAL) << "local " << i;
  EXPECT_EQ(f->code.size() % 2, 0u);
  EXPECT_FALSE(f->linetable.empty());
  EXPECT_TRUE(f->exceptiontable.empty());

  const CodeObject *g = nullptr;
  for (const MarshalObject *c : f->consts)
    if (c->kind == Kind::Code)
      g = c->code;
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->qualname, "f.<locals>.g");
  EXPECT_EQ(g->stacksize, fixture.gStack);
  EXPECT_EQ(g->flags, uint32_t(CO_OPTIMIZED | CO_NEWLOCALS | CO_NESTED));
  EXPECT_EQ(strs(g->localsplusnames), std::vector<llvm::StringRef>{"a"});
  EXPECT_EQ(g->localKind(0), CO_FAST_FREE);
  // g's `a` is marshalled first (with FLAG_REF); f's is a TYPE_REF to it, so
  // both are the very same bytes of the file.
  EXPECT_EQ(f->localsplusnames[0].data(), g->localsplusnames[0].data());
  // Strings are not copied: they point into the file.
  EXPECT_GE(f->qualname.data(), fixture.bytes.data());
  EXPECT_LT(f->qualname.data(), fixture.bytes.data() + fixture.bytes.size());
}

// Every proper prefix of a valid file is an error, never a crash or a
// partial module; past the header, the error names a byte inside the prefix.
TEST_P(PycFileTest, EveryTruncationIsAnError) {
  const PycFixture &fixture = *GetParam();
  for (size_t size = 0; size < fixture.bytes.size(); ++size) {
    auto file = readPyc(fixture.bytes.substr(0, size));
    ASSERT_FALSE(bool(file)) << "prefix of " << size << " bytes read";
    std::string message = takeMessage(file);
    if (size < 16) {
      EXPECT_EQ(message, "m.pyc: truncated file: a .pyc header is 16 bytes, "
                         "the file has " +
                             std::to_string(size));
      continue;
    }
    llvm::StringRef rest(message);
    ASSERT_TRUE(rest.consume_front("m.pyc: byte ")) << message;
    size_t offset = 0;
    ASSERT_FALSE(rest.consumeInteger(10, offset)) << message;
    EXPECT_GE(offset, 16u) << message;
    EXPECT_LE(offset, size) << message;
    EXPECT_TRUE(rest.starts_with(": truncated file: ") ||
                rest.starts_with(": bad marshal data: "))
        << message;
  }
}

// Like importlib (marshal.loads), data after the code object is ignored.
TEST_P(PycFileTest, IgnoresTrailingData) {
  std::string bytes(GetParam()->bytes);
  bytes += "trailing";
  auto file = readPyc(view(bytes));
  ASSERT_TRUE(bool(file)) << takeMessage(file);
  EXPECT_NE((*file)->getModuleCode(), nullptr);
}

// PEP 552 hash-based pycs set bit 0 of the flags (and bit 1 when checked).
TEST_P(PycFileTest, AcceptsHashBasedHeaders) {
  for (uint32_t flags : {1u, 3u}) {
    std::string bytes(GetParam()->bytes);
    bytes.replace(4, 4, le32(flags));
    auto file = readPyc(view(bytes));
    EXPECT_TRUE(bool(file)) << takeMessage(file);
  }
}

TEST_P(PycFileTest, RejectsUnknownFlags) {
  for (uint32_t flags : {4u, 0x80000000u}) {
    std::string bytes(GetParam()->bytes);
    bytes.replace(4, 4, le32(flags));
    auto file = readPyc(view(bytes));
    // The exact text is pinned by MarshalStrictnessTest.HexNumbersInMessages.
    EXPECT_CONTAINS(takeMessage(file), "m.pyc: invalid pyc flags 0x");
  }
}

INSTANTIATE_TEST_SUITE_P(
    CPython, PycFileTest, ::testing::ValuesIn(kPycFixtures),
    [](const ::testing::TestParamInfo<const PycFixture *> &info) {
      return "Python3" + std::to_string(info.param->minor);
    });

/// A 16-byte header with `magic` followed by the module of kPyc312.
std::string withMagic(std::string_view magic) {
  std::string bytes(kPyc312.bytes);
  bytes.replace(0, magic.size(), magic.data(), magic.size());
  return bytes;
}

TEST(PycHeaderTest, RejectsOtherVersions) {
  // CPython: importlib.util.MAGIC_NUMBER of 3.10.13 and imp.get_magic() of
  // 2.7.18.
  EXPECT_EQ(takeMessage(readPyc(view(withMagic("\x6f\x0d\x0d\x0a"sv)))),
            "m.pyc: Python 3.10 bytecode (magic number 3439) is not "
            "supported; Dynamir reads CPython 3.11, 3.12 and 3.13");
  EXPECT_EQ(takeMessage(readPyc(view(withMagic("\x03\xf3\x0d\x0a"sv)))),
            "m.pyc: Python 2.x bytecode (magic number 62211) is not "
            "supported; Dynamir reads CPython 3.11, 3.12 and 3.13");
  // 3500 is the first 3.12 alpha's.
  EXPECT_CONTAINS(takeMessage(readPyc(view(withMagic("\xac\x0d\x0d\x0a"sv)))),
                  "m.pyc: magic number 3500 is a pre-release of Python 3.12");
  EXPECT_CONTAINS(takeMessage(readPyc(view(withMagic("\x00\x00\x0d\x0a"sv)))),
                  "m.pyc: unknown magic number 0");
}

// The magic number must be followed by "\r\n" (which also catches files
// that went through a newline conversion).
TEST(PycHeaderTest, RejectsMissingCRLF) {
  for (std::string_view magic : {"\xcb\x0d\x0a\x0a"sv, "\xcb\x0d\x0d\x0d"sv}) {
    EXPECT_EQ(takeMessage(readPyc(view(withMagic(magic)))),
              "m.pyc: not a .pyc file: the magic number is not followed by "
              "\\r\\n");
  }
}

TEST(PycHeaderTest, RejectsNonCodeRoot) {
  std::string bytes(kPyc312.bytes.substr(0, 16));
  bytes += m::tuple({});
  EXPECT_EQ(takeMessage(readPyc(view(bytes))),
            "m.pyc: the marshal data after the header is not a code object");
}

// Offsets in marshal errors count from the start of the file.
TEST(PycHeaderTest, MarshalErrorOffsetsCountTheHeader) {
  std::string bytes(kPyc312.bytes.substr(0, 16));
  bytes += "?";
  EXPECT_CONTAINS(takeMessage(readPyc(view(bytes))),
                  "m.pyc: byte 16: bad marshal data: unknown type code ");
}

//===----------------------------------------------------------------------===//
// readMarshal: values
//===----------------------------------------------------------------------===//

TEST(MarshalValueTest, Singletons) {
  struct {
    std::string_view bytes;
    Kind kind;
  } cases[] = {{"N"sv, Kind::None},     {"T"sv, Kind::True},
               {"F"sv, Kind::False},    {"."sv, Kind::Ellipsis},
               {"S"sv, Kind::StopIteration}};
  for (auto c : cases) {
    std::unique_ptr<PycFile> file;
    const MarshalObject *root = readRoot(c.bytes, file);
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->kind, c.kind) << c.bytes;
    EXPECT_EQ(file->getModuleCode(), nullptr);
  }
}

// CPython: marshal.dumps(v) for each v; small ints are TYPE_INT, the rest
// TYPE_LONG with 15-bit digits, least significant first, the sign in the
// digit count. FLAG_REF is set on most of them.
TEST(MarshalValueTest, Ints) {
  struct {
    std::string_view bytes;
    const char *value;
  } cases[] = {
      {"\xe9\x00\x00\x00\x00"sv, "0"},
      {"\xe9\x01\x00\x00\x00"sv, "1"},
      {"\xe9\xff\xff\xff\xff"sv, "-1"},
      {"\xe9\xff\x7f\x00\x00"sv, "32767"},
      {"\xe9\xff\xff\xff\x7f"sv, "2147483647"},
      {"\xe9\x00\x00\x00\x80"sv, "-2147483648"},
      {"\xec\x03\x00\x00\x00\x00\x00\x00\x00\x02\x00"sv, "2147483648"},
      {"\xec\xfd\xff\xff\xff\x01\x00\x00\x00\x02\x00"sv, "-2147483649"},
      {"\xec\x05\x00\x00\x00\xff\x7f\xff\x7f\xff\x7f\xff\x7f\x07\x00"sv,
       "9223372036854775807"},
      {"\xec\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00"sv,
       "9223372036854775808"},
      {"\xec\xfb\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00"sv,
       "-9223372036854775808"},
      {"\xec\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00"sv,
       "18446744073709551616"},
      {"\xec\xfb\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00"sv,
       "-18446744073709551616"},
      {"\xec\x07\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
       "\x00\x00\x04"sv,
       "1267650600228229401496703205376"},
      {"\xec\xf9\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
       "\x00\x00\x04"sv,
       "-1267650600228229401496703205376"},
      {"\xec\x0e\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
       "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20"
       "\x00"sv,
       "1606938044258990275541962092341162602522202993782792835301376"},
      // By hand: a TYPE_LONG with no digits is 0 (marshal.loads agrees), and
      // one holding a value TYPE_INT could hold is fine too.
      {"l\x00\x00\x00\x00"sv, "0"},
      {"l\x01\x00\x00\x00\xff\x7f"sv, "32767"},
      {"l\xff\xff\xff\xff\x01\x00"sv, "-1"},
  };
  for (auto c : cases) {
    std::unique_ptr<PycFile> file;
    const MarshalObject *root = readRoot(c.bytes, file);
    ASSERT_NE(root, nullptr) << c.value;
    ASSERT_EQ(root->kind, Kind::Int) << c.value;
    EXPECT_EQ(decimal(root), c.value);
  }
}

TEST(MarshalValueTest, Floats) {
  std::unique_ptr<PycFile> file;
  // CPython: marshal.dumps(1.5), marshal.dumps(-0.0), marshal.dumps(inf).
  const MarshalObject *root =
      readRoot("\xe7\x00\x00\x00\x00\x00\x00\xf8\x3f"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, Kind::Float);
  EXPECT_EQ(root->floatValue, 1.5);
  root = readRoot("\xe7\x00\x00\x00\x00\x00\x00\x00\x80"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->floatValue, 0.0);
  EXPECT_TRUE(std::signbit(root->floatValue));
  root = readRoot("g\x00\x00\x00\x00\x00\x00\xf0\x7f"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(std::isinf(root->floatValue));
  // CPython: marshal.dumps(1.5, 1), the text format of marshal version 1.
  root = readRoot("f\x03" "1.5"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, Kind::Float);
  EXPECT_EQ(root->floatValue, 1.5);
  // marshal.loads accepts what float() does; a sign, "nan" and "inf" too.
  root = readRoot("f\x04+1.5"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->floatValue, 1.5);
  root = readRoot("f\x03nan"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(std::isnan(root->floatValue));
}

TEST(MarshalValueTest, Complex) {
  std::unique_ptr<PycFile> file;
  // CPython: marshal.dumps(1-2j).
  const MarshalObject *root = readRoot(
      "\xf9\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\xc0"sv,
      file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, Kind::Complex);
  EXPECT_EQ(root->floatValue, 1.0);
  EXPECT_EQ(root->imagValue, -2.0);
  // CPython: marshal.dumps(1+2j, 1).
  root = readRoot("x\x01" "1\x01" "2"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, Kind::Complex);
  EXPECT_EQ(root->floatValue, 1.0);
  EXPECT_EQ(root->imagValue, 2.0);
}

// Every string type code. Bytes and str keep the bytes marshal stored,
// without copying them.
TEST(MarshalValueTest, Strings) {
  std::string longAscii(300, 'x');
  struct {
    std::string bytes;
    Kind kind;
    std::string value;
  } cases[] = {
      // CPython: marshal.dumps(b"hi"), marshal.dumps("h\u00e9\u20ac"),
      // marshal.dumps("hi"), marshal.dumps(sys.intern("h\u00e9llo")),
      // marshal.dumps("x" * 300) (interned: "A"), marshal.dumps("abc").
      {std::string("\xf3\x02\x00\x00\x00hi"sv), Kind::Bytes, "hi"},
      {std::string("\xf5\x06\x00\x00\x00h\xc3\xa9\xe2\x82\xac"sv), Kind::Str,
       "h\xc3\xa9\xe2\x82\xac"},
      {std::string("\xda\x02hi"sv), Kind::Str, "hi"},
      // CPython: marshal.dumps("\ud800"): a lone surrogate, in UTF-8 as
      // "surrogatepass" writes it.
      {std::string("\xf5\x03\x00\x00\x00\xed\xa0\x80"sv), Kind::Str,
       "\xed\xa0\x80"},
      {std::string("\xf4\x06\x00\x00\x00h\xc3\xa9llo"sv), Kind::Str,
       "h\xc3\xa9llo"},
      {std::string("\xc1\x2c\x01\x00\x00"sv) + longAscii, Kind::Str,
       longAscii},
      // By hand: the forms without FLAG_REF, TYPE_ASCII, TYPE_SHORT_ASCII
      // and empty strings.
      {std::string("a\x2c\x01\x00\x00"sv) + longAscii, Kind::Str, longAscii},
      {std::string("z\x03" "abc"sv), Kind::Str, "abc"},
      {std::string("Z\x03" "abc"sv), Kind::Str, "abc"},
      {std::string("s\x00\x00\x00\x00"sv), Kind::Bytes, ""},
      {std::string("u\x00\x00\x00\x00"sv), Kind::Str, ""},
      {std::string("z\x00"sv), Kind::Str, ""},
      {std::string("s\x03\x00\x00\x00" "a\x00z"sv), Kind::Bytes,
       std::string("a\x00z"sv)},
  };
  for (const auto &c : cases) {
    std::unique_ptr<PycFile> file;
    const MarshalObject *root = readRoot(view(c.bytes), file);
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->kind, c.kind);
    EXPECT_EQ(root->bytes.str(), c.value);
    if (!c.value.empty()) {
      EXPECT_GT(root->bytes.data(), c.bytes.data());
      EXPECT_LE(root->bytes.data() + root->bytes.size(),
                c.bytes.data() + c.bytes.size());
    }
  }
}

TEST(MarshalValueTest, Containers) {
  std::unique_ptr<PycFile> file;
  // CPython: marshal.dumps((1, 2)).
  const MarshalObject *root = readRoot(
      "\xa9\x02\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00"sv, file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->kind, Kind::Tuple);
  ASSERT_EQ(root->elements.size(), 2u);
  EXPECT_EQ(decimal(root->elements[0]), "1");
  EXPECT_EQ(decimal(root->elements[1]), "2");
  EXPECT_EQ(file->getNumObjects(), 3u);

  // CPython: marshal.dumps([1]), marshal.dumps({1}), marshal.dumps(
  // frozenset({1})), marshal.dumps(frozenset()), marshal.dumps(()).
  struct {
    std::string_view bytes;
    Kind kind;
    size_t size;
  } cases[] = {
      {"\xdb\x01\x00\x00\x00\xe9\x01\x00\x00\x00"sv, Kind::List, 1},
      {"\xbc\x01\x00\x00\x00\xe9\x01\x00\x00\x00"sv, Kind::Set, 1},
      {"\xbe\x01\x00\x00\x00\xe9\x01\x00\x00\x00"sv, Kind::FrozenSet, 1},
      {"\xbe\x00\x00\x00\x00"sv, Kind::FrozenSet, 0},
      {"\xa9\x00"sv, Kind::Tuple, 0},
      // By hand: TYPE_TUPLE, the form for more than 255 elements (or any).
      {"(\x01\x00\x00\x00N"sv, Kind::Tuple, 1},
      {"[\x00\x00\x00\x00"sv, Kind::List, 0},
  };
  for (auto c : cases) {
    root = readRoot(c.bytes, file);
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->kind, c.kind);
    EXPECT_EQ(root->elements.size(), c.size);
  }

  // CPython: marshal.dumps(tuple(range(256))) starts "\xa8\x00\x01\x00\x00".
  std::string big = "\xa8" + le32(256);
  for (int i = 0; i < 256; ++i)
    big += m::flagged(m::int32(i));
  root = readRoot(view(big), file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->elements.size(), 256u);
  EXPECT_EQ(decimal(root->elements[255]), "255");
}

// Dicts are key, value, ... ended by TYPE_NULL; `elements` alternates.
TEST(MarshalValueTest, Dicts) {
  std::unique_ptr<PycFile> file;
  // CPython: marshal.dumps({1: 2}).
  const MarshalObject *root = readRoot(
      "\xfb\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00\x30"sv, file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->kind, Kind::Dict);
  ASSERT_EQ(root->elements.size(), 2u);
  EXPECT_EQ(decimal(root->elements[0]), "1");
  EXPECT_EQ(decimal(root->elements[1]), "2");
  root = readRoot("{0"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, Kind::Dict);
  EXPECT_TRUE(root->elements.empty());
}

// CPython: marshal.dumps((None, True, False, ..., StopIteration, 7, -2**40,
// 2**62, 1.5, 1-2j, b'by', 'str', 'h\u00e9', [1, 2], {'k': None},
// frozenset(), {3}, ())), the same bytes from all three interpreters.
constexpr std::string_view kKitchenSink =
    "\xa9\x12\x4e\x54\x46\x2e\x53\xe9\x07\x00\x00\x00\xec\xfd\xff\xff"
    "\xff\x00\x00\x00\x00\x00\x04\xec\x05\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x04\x00\xe7\x00\x00\x00\x00\x00\x00\xf8\x3f\xf9"
    "\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\xc0"
    "\xf3\x02\x00\x00\x00\x62\x79\xda\x03\x73\x74\x72\xf5\x03\x00\x00"
    "\x00\x68\xc3\xa9\x5b\x02\x00\x00\x00\xe9\x01\x00\x00\x00\xe9\x02"
    "\x00\x00\x00\x7b\xda\x01\x6b\x4e\x30\x3e\x00\x00\x00\x00\x3c\x01"
    "\x00\x00\x00\xe9\x03\x00\x00\x00\xa9\x00"sv;

TEST(MarshalValueTest, KitchenSink) {
  std::unique_ptr<PycFile> file;
  const MarshalObject *root = readRoot(kKitchenSink, file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->kind, Kind::Tuple);
  llvm::ArrayRef<const MarshalObject *> e = root->elements;
  ASSERT_EQ(e.size(), 18u);
  Kind kinds[] = {
      Kind::None, Kind::True, Kind::False, Kind::Ellipsis, Kind::StopIteration,
      Kind::Int, Kind::Int, Kind::Int, Kind::Float, Kind::Complex, Kind::Bytes,
      Kind::Str, Kind::Str, Kind::List, Kind::Dict, Kind::FrozenSet, Kind::Set,
      Kind::Tuple,
  };
  for (size_t i = 0; i < e.size(); ++i)
    EXPECT_EQ(e[i]->kind, kinds[i]) << "element " << i;
  EXPECT_EQ(decimal(e[5]), "7");
  EXPECT_EQ(decimal(e[6]), "-1099511627776");
  EXPECT_EQ(decimal(e[7]), "4611686018427387904");
  EXPECT_EQ(e[8]->floatValue, 1.5);
  EXPECT_EQ(e[9]->imagValue, -2.0);
  EXPECT_EQ(e[10]->bytes, "by");
  EXPECT_EQ(e[11]->bytes, "str");
  EXPECT_EQ(e[12]->bytes, "h\xc3\xa9");
  EXPECT_EQ(e[13]->elements.size(), 2u);
  ASSERT_EQ(e[14]->elements.size(), 2u);
  EXPECT_EQ(e[14]->elements[0]->bytes, "k");
  EXPECT_EQ(e[14]->elements[1]->kind, Kind::None);
  EXPECT_TRUE(e[15]->elements.empty());
  EXPECT_EQ(decimal(e[16]->elements[0]), "3");
  EXPECT_TRUE(e[17]->elements.empty());
}

TEST(MarshalValueTest, EveryTruncationIsAnError) {
  for (size_t size = 0; size < kKitchenSink.size(); ++size) {
    std::string message = readError(kKitchenSink.substr(0, size));
    llvm::StringRef rest(message);
    ASSERT_TRUE(rest.consume_front("stream: byte ")) << message;
    size_t offset = 0;
    ASSERT_FALSE(rest.consumeInteger(10, offset)) << message;
    EXPECT_LE(offset, size) << message;
  }
}

//===----------------------------------------------------------------------===//
// readMarshal: references
//===----------------------------------------------------------------------===//

// CPython: marshal.dumps(("xy" * 3, "xy" * 3)): the second is a reference
// to the first, which is one object.
TEST(MarshalRefTest, ReferenceToAString) {
  std::unique_ptr<PycFile> file;
  const MarshalObject *root =
      readRoot("\xa9\x02\xda\x06xyxyxyr\x01\x00\x00\x00"sv, file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->elements.size(), 2u);
  EXPECT_EQ(root->elements[0]->bytes, "xyxyxy");
  EXPECT_EQ(root->elements[0], root->elements[1]);
  // References are not new objects.
  EXPECT_EQ(file->getNumObjects(), 2u);
}

// CPython: t = ("ab" * 3,); marshal.dumps((t, t)). A container takes its
// slot in the reference table before its elements (outer tuple 0, t 1,
// the str 2), so "r\x01" is t, not the str.
TEST(MarshalRefTest, ContainersTakeTheirSlotFirst) {
  std::unique_ptr<PycFile> file;
  const MarshalObject *root =
      readRoot("\xa9\x02\xa9\x01\xda\x06" "abababr\x01\x00\x00\x00"sv, file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->elements.size(), 2u);
  EXPECT_EQ(root->elements[0]->kind, Kind::Tuple);
  EXPECT_EQ(root->elements[0], root->elements[1]);
}

// Singletons take no slot even with FLAG_REF (marshal.c never stores them):
// marshal.loads(b")\x03\xce\xda\x01xr\x00\x00\x00\x00") == (None, "x", "x").
TEST(MarshalRefTest, FlaggedSingletonsTakeNoSlot) {
  std::unique_ptr<PycFile> file;
  std::string bytes =
      m::tuple({m::flagged(m::none()), m::flagged(m::str("x")), m::ref(0)});
  const MarshalObject *root = readRoot(view(bytes), file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->elements.size(), 3u);
  EXPECT_EQ(root->elements[0]->kind, Kind::None);
  EXPECT_EQ(root->elements[2], root->elements[1]);
}

TEST(MarshalRefTest, ReferenceToAnObjectNotYetRead) {
  EXPECT_EQ(readError(view(m::ref(0))),
            "stream: byte 5: bad marshal data: reference 0 to an object not "
            "yet read (0 read)");
  // Unflagged objects take no slot.
  EXPECT_CONTAINS(readError(view(m::tuple({m::str("x"), m::ref(0)}))),
                  "reference 0 to an object not yet read (0 read)");
  EXPECT_CONTAINS(
      readError(view(m::tuple({m::flagged(m::str("x")), m::ref(1)}))),
      "reference 1 to an object not yet read (1 read)");
  EXPECT_CONTAINS(readError(view(m::ref(0x7fffffff))),
                  "reference 2147483647 to an object not yet read");
}

// A container that refers to itself. CPython builds a cycle for tuples,
// lists, dicts and sets (it stores them before their elements) and rejects
// it for frozensets and code objects; Dynamir's objects are a tree and
// rejects all of them.
TEST(MarshalRefTest, ReferenceToAContainerStillBeingRead) {
  const char *expected = "bad marshal data: reference 0 to a container that "
                         "is still being read";
  EXPECT_CONTAINS(readError(view(m::flagged(m::tuple({m::ref(0)})))), expected);
  EXPECT_CONTAINS(readError(view(m::flagged(m::list({m::ref(0)})))), expected);
  EXPECT_CONTAINS(readError(view("\xfb" + m::str("k") + m::ref(0) + "0")),
                  expected);
  EXPECT_CONTAINS(readError(view("\xbe" + le32(1) + m::ref(0))), expected);
  EXPECT_CONTAINS(readError(view("\xbc" + le32(1) + m::ref(0))), expected);
  m::Code code;
  code.consts = m::tuple({m::ref(0)});
  EXPECT_CONTAINS(readError(view(m::flagged(code.encode()))), expected);
  // Once complete, the same container may be referred to.
  std::unique_ptr<PycFile> file;
  std::string bytes = m::tuple({m::flagged(m::tuple({})), m::ref(0)});
  const MarshalObject *root = readRoot(view(bytes), file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->elements[0], root->elements[1]);
}

//===----------------------------------------------------------------------===//
// readMarshal: malformed streams
//===----------------------------------------------------------------------===//

TEST(MarshalErrorTest, EmptyStream) {
  EXPECT_EQ(readError(""sv), "stream: byte 0: truncated file: type code "
                             "needs 1 bytes, 0 left");
}

// The error points at the type code itself and shows it, with its
// character when printable. (The exact hex text is pinned by
// MarshalStrictnessTest.HexNumbersInMessages.)
TEST(MarshalErrorTest, UnknownTypeCodes) {
  struct {
    std::string bytes;
    const char *prefix;
    const char *suffix;
  } cases[] = {
      {"?", "stream: byte 0: bad marshal data: unknown type code ", "3f ('?')"},
      {"\xbf", "stream: byte 0: bad marshal data: unknown type code ",
       "bf ('?')"},
      {std::string(1, '\0'),
       "stream: byte 0: bad marshal data: unknown type code ", "00"},
      // TYPE_SLICE, which only marshal version 5 (Python 3.14) writes.
      {":", "stream: byte 0: bad marshal data: unknown type code ",
       "3a (':')"},
      {m::tuple({m::none(), "\x01"}),
       "stream: byte 3: bad marshal data: unknown type code ", "01"},
  };
  for (const auto &c : cases) {
    std::string message = readError(view(c.bytes));
    EXPECT_TRUE(llvm::StringRef(message).starts_with(c.prefix)) << message;
    EXPECT_TRUE(llvm::StringRef(message).ends_with(c.suffix)) << message;
  }
}

TEST(MarshalErrorTest, NegativeSizes) {
  std::string minusOne = le32(0xffffffff);
  EXPECT_EQ(readError(view("(" + minusOne)),
            "stream: byte 5: bad marshal data: negative container size -1");
  EXPECT_CONTAINS(readError(view("[" + minusOne)),
                  "negative container size -1");
  EXPECT_CONTAINS(readError(view("<" + minusOne)),
                  "negative container size -1");
  EXPECT_CONTAINS(readError(view(">" + le32(0x80000000))),
                  "negative container size -2147483648");
  for (char code : {'s', 'u', 't', 'a', 'A'})
    EXPECT_CONTAINS(readError(view(std::string(1, code) + minusOne)),
                    "negative string length -1");
  EXPECT_CONTAINS(readError(view("r" + minusOne)),
                  "negative reference index -1");
}

// Sizes larger than what is left fail before anything is allocated.
TEST(MarshalErrorTest, SizesBeyondTheData) {
  EXPECT_EQ(readError(view("(" + le32(5) + "N")),
            "stream: byte 5: bad marshal data: 5 elements but only 1 bytes "
            "left");
  EXPECT_CONTAINS(readError(view("[" + le32(0x7fffffff))),
                  "2147483647 elements but only 0 bytes left");
  EXPECT_EQ(readError(view("s" + le32(5) + "ab")),
            "stream: byte 5: truncated file: string data needs 5 bytes, 2 "
            "left");
  EXPECT_CONTAINS(readError(view("z\x05" "ab")),
                  "truncated file: string data needs 5 bytes, 2 left");
  EXPECT_CONTAINS(readError("{NN"sv), "truncated file: type code");
}

/// `depth` nested one-element containers around None.
std::string nested(size_t depth, const std::string &open) {
  std::string bytes;
  for (size_t i = 0; i < depth; ++i)
    bytes += open;
  return bytes + "N";
}

// CPython's MAX_MARSHAL_STACK_DEPTH is 2000 objects deep: 1999 tuples
// around None read, 2000 do not ("recursion limit exceeded").
TEST(MarshalErrorTest, NestingLimit) {
  std::unique_ptr<PycFile> file;
  EXPECT_NE(readRoot(view(nested(1999, ")\x01")), file), nullptr);
  EXPECT_EQ(readError(view(nested(2000, ")\x01"))),
            "stream: byte 4000: bad marshal data: nesting deeper than 2000");
  std::string list = "[" + le32(1);
  EXPECT_NE(readRoot(view(nested(1999, list)), file), nullptr);
  EXPECT_CONTAINS(readError(view(nested(2000, list))),
                  "nesting deeper than 2000");
  EXPECT_CONTAINS(readError(view(nested(100000, ")\x01"))),
                  "nesting deeper than 2000");
  // The depth is that of the nesting, not a count of objects read.
  std::string wide = "(" + le32(3);
  for (int i = 0; i < 3; ++i)
    wide += nested(1998, ")\x01");
  EXPECT_NE(readRoot(view(wide), file), nullptr);
}

TEST(MarshalErrorTest, MalformedInts) {
  EXPECT_CONTAINS(readError("i\x01\x00"sv),
                  "truncated file: int needs 4 bytes, 2 left");
  // marshal.loads: "digit out of range in long".
  EXPECT_EQ(readError("l\x01\x00\x00\x00\x00\x80"sv),
            "stream: byte 7: bad marshal data: int digit 32768 out of range");
  EXPECT_CONTAINS(readError("l\x02\x00\x00\x00\x00\x00\xff\xff"sv),
                  "int digit 65535 out of range");
  // marshal.loads: "unnormalized long data".
  EXPECT_CONTAINS(readError("l\x01\x00\x00\x00\x00\x00"sv),
                  "unnormalized int (leading zero digit)");
  EXPECT_CONTAINS(readError("l\xfe\xff\xff\xff\x01\x00\x00\x00"sv),
                  "unnormalized int (leading zero digit)");
  // marshal.loads: "long size out of range".
  EXPECT_CONTAINS(readError("l\x00\x00\x00\x80"sv),
                  "int digit count out of range");
  EXPECT_EQ(readError("l\x02\x00\x00\x00\x01\x00"sv),
            "stream: byte 5: truncated file: int digits needs 4 bytes, 2 left");
  EXPECT_CONTAINS(readError("l\xff\xff\xff\x7f"sv),
                  "int digits needs 4294967294 bytes, 0 left");
}

TEST(MarshalErrorTest, MalformedFloats) {
  EXPECT_CONTAINS(readError("g\x00\x00"sv),
                  "truncated file: float needs 8 bytes, 2 left");
  EXPECT_CONTAINS(readError("y\x00\x00\x00\x00\x00\x00\xf0\x3f\x00"sv),
                  "truncated file: complex needs 8 bytes, 1 left");
  EXPECT_CONTAINS(readError("f\x03" "abc"sv),
                  "bad marshal data: could not convert string to float: 'abc'");
  EXPECT_CONTAINS(readError("f\x04" "1.5 "sv), "could not convert string to float: '1.5 '");
  EXPECT_CONTAINS(readError(std::string_view("f\x00", 2)),
                  "could not convert string to float: ''");
  EXPECT_CONTAINS(readError("f\x05" "1."sv),
                  "truncated file: float text needs 5 bytes, 2 left");
  EXPECT_CONTAINS(readError("f"sv), "truncated file: float length");
  EXPECT_CONTAINS(readError("x\x01" "1\x01" "j"sv), "could not convert string to float: 'j'");
}

// CPython reads a non-ASCII byte under an ASCII type code as Latin-1; no
// writer produces one, and Dynamir's str values are UTF-8, so it is an error.
TEST(MarshalErrorTest, NonAsciiInAsciiStrings) {
  const char *expected = "bad marshal data: non-ASCII byte in an ASCII string";
  EXPECT_CONTAINS(readError("z\x01\xe9"sv), expected);
  EXPECT_CONTAINS(readError("Z\x02" "a\x80"sv), expected);
  EXPECT_CONTAINS(readError(view("a" + le32(1) + "\xff")), expected);
  EXPECT_CONTAINS(readError(view("A" + le32(1) + "\xc3")), expected);
}

//===----------------------------------------------------------------------===//
// readMarshal: code objects
//===----------------------------------------------------------------------===//

TEST(MarshalCodeTest, ReadsEveryField) {
  m::Code spec;
  spec.argcount = 3;
  spec.posonlyargcount = 1;
  spec.kwonlyargcount = 2;
  spec.stacksize = 7;
  spec.flags = int32_t(0x80000023u);
  spec.consts = m::tuple({m::none(), m::int32(5)});
  spec.names = m::tuple({m::str("print")});
  spec.localsplusnames = m::tuple({m::str("x"), m::str("y")});
  spec.localspluskinds = m::bytes("\x20\x80");
  spec.filename = m::str("dir/f.py");
  spec.name = m::str("g");
  spec.qualname = m::str("C.g");
  spec.firstlineno = 42;
  spec.linetable = m::bytes(llvm::StringRef("\x80\x00", 2));
  spec.exceptiontable = m::bytes(llvm::StringRef("\x82\x01\x00\x00", 4));
  // Nested in a tuple, to see fileOffset point at the "c".
  std::string bytes = m::tuple({m::none(), spec.encode()});
  std::unique_ptr<PycFile> file;
  const MarshalObject *root = readRoot(view(bytes), file);
  ASSERT_NE(root, nullptr);
  ASSERT_EQ(root->elements[1]->kind, Kind::Code);
  const CodeObject &code = *root->elements[1]->code;
  EXPECT_EQ(code.fileOffset, 3u);
  EXPECT_EQ(code.argcount, 3);
  EXPECT_EQ(code.posonlyargcount, 1);
  EXPECT_EQ(code.kwonlyargcount, 2);
  EXPECT_EQ(code.stacksize, 7);
  EXPECT_EQ(code.flags, 0x80000023u);
  EXPECT_EQ(code.code, llvm::StringRef("\x97\x00\x79\x00", 4));
  EXPECT_EQ(code.numCodeUnits(), 2u);
  ASSERT_EQ(code.consts.size(), 2u);
  EXPECT_EQ(decimal(code.consts[1]), "5");
  EXPECT_EQ(strs(code.names), std::vector<llvm::StringRef>{"print"});
  EXPECT_EQ(strs(code.localsplusnames),
            (std::vector<llvm::StringRef>{"x", "y"}));
  EXPECT_EQ(code.localKind(1), CO_FAST_FREE);
  EXPECT_EQ(code.filename, "dir/f.py");
  EXPECT_EQ(code.name, "g");
  EXPECT_EQ(code.qualname, "C.g");
  EXPECT_EQ(code.firstlineno, 42);
  EXPECT_EQ(code.linetable, llvm::StringRef("\x80\x00", 2));
  EXPECT_EQ(code.exceptiontable, llvm::StringRef("\x82\x01\x00\x00", 4));
  // Fields may be references, as CPython writes interned names.
  spec.name = m::flagged(m::str("g"));
  spec.qualname = m::ref(0);
  // The file's strings point into `bytes`, which must outlive it.
  std::string withRefs = spec.encode();
  root = readRoot(view(withRefs), file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->code->qualname, "g");
}

TEST(MarshalCodeTest, OddLengthCode) {
  m::Code spec;
  spec.code = m::bytes("\x97\x00\x79");
  // Found once the whole code object is read.
  std::string bytes = spec.encode();
  EXPECT_EQ(readError(view(bytes)),
            "stream: byte " + std::to_string(bytes.size()) +
                ": bad code object 'f': co_code has an odd number of bytes");
}

TEST(MarshalCodeTest, LocalsPlusKindsMismatch) {
  m::Code spec;
  spec.localsplusnames = m::tuple({m::str("x"), m::str("y")});
  spec.localspluskinds = m::bytes("\x20");
  EXPECT_CONTAINS(readError(view(spec.encode())),
                  "bad code object 'f': 2 local names but 1 local kinds");
}

TEST(MarshalCodeTest, InvalidArgumentCounts) {
  auto check = [](m::Code spec) {
    EXPECT_CONTAINS(readError(view(spec.encode())),
                    "bad code object 'f': invalid argument counts");
  };
  m::Code spec;
  spec.argcount = -1;
  check(spec);
  spec = m::Code();
  spec.posonlyargcount = -1;
  check(spec);
  spec = m::Code();
  spec.kwonlyargcount = -1;
  check(spec);
  spec = m::Code();
  spec.stacksize = -1;
  check(spec);
  spec = m::Code();
  spec.argcount = 1;
  spec.posonlyargcount = 2;
  check(spec);
}

TEST(MarshalCodeTest, FieldsOfTheWrongType) {
  struct {
    std::string m::Code::*field;
    std::string value;
    const char *message;
  } cases[] = {
      {&m::Code::code, m::str("ab"), "co_code is not bytes"},
      {&m::Code::consts, m::list({}), "co_consts is not a tuple"},
      {&m::Code::names, m::list({}), "co_names is not a tuple"},
      {&m::Code::names, m::tuple({m::int32(1)}), "co_names holds a non-str"},
      {&m::Code::localsplusnames, m::tuple({m::bytes("x")}),
       "co_localsplusnames holds a non-str"},
      {&m::Code::localspluskinds, m::str(""),
       "co_localspluskinds is not bytes"},
      {&m::Code::filename, m::bytes("f.py"), "co_filename is not a str"},
      {&m::Code::name, m::none(), "co_name is not a str"},
      {&m::Code::qualname, m::int32(0), "co_qualname is not a str"},
      {&m::Code::linetable, m::tuple({}), "co_linetable is not bytes"},
      {&m::Code::exceptiontable, m::str(""), "co_exceptiontable is not bytes"},
  };
  for (const auto &c : cases) {
    m::Code spec;
    spec.*c.field = c.value;
    EXPECT_CONTAINS(readError(view(spec.encode())),
                    std::string("bad marshal data: ") + c.message);
  }
}

TEST(MarshalCodeTest, EveryTruncationIsAnError) {
  m::Code spec;
  spec.consts = m::tuple({m::none(), m::flagged(m::str("k"))});
  spec.localsplusnames = m::tuple({m::ref(0)});
  spec.localspluskinds = m::bytes("\x20");
  std::string bytes = spec.encode();
  std::unique_ptr<PycFile> file;
  ASSERT_NE(readRoot(view(bytes), file), nullptr);
  for (size_t size = 0; size < bytes.size(); ++size)
    EXPECT_CONTAINS(readError(view(bytes.substr(0, size))), "stream: byte ");
}

//===----------------------------------------------------------------------===//
// Inputs CPython's marshal rejects, which the reader once accepted.
//===----------------------------------------------------------------------===//

// TYPE_NULL ("0") is not an object: CPython's r_object returns NULL for it and
// every caller but a dict fails: marshal.loads(b")\x010") raises "NULL object
// in marshal data for tuple", marshal.loads(b"0") "... for object".
TEST(MarshalStrictnessTest, NullObjectsAreErrors) {
  std::string cases[] = {
      m::null(),
      m::tuple({m::null()}),
      m::list({m::none(), m::null()}),
      "<" + le32(1) + m::null(),
      ">" + le32(1) + m::null(),
  };
  for (const std::string &bytes : cases)
    EXPECT_CONTAINS(readError(view(bytes)), "NULL object in marshal data for");
  m::Code code;
  code.consts = m::tuple({m::null()});
  EXPECT_CONTAINS(readError(view(code.encode())), "NULL object");
}

// A dict ends at a NULL key, and, as in CPython, at a NULL value too:
// marshal.loads(b"{N00") == {}.
TEST(MarshalStrictnessTest, DictEndsAtANullValue) {
  std::unique_ptr<PycFile> file;
  const MarshalObject *root = readRoot("{N00"sv, file);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->kind, MarshalObject::Kind::Dict);
  EXPECT_TRUE(root->elements.empty());
}

// The text float format (TYPE_FLOAT, TYPE_COMPLEX) takes what CPython's
// PyOS_string_to_double takes: no surrounding whitespace, no hexadecimal
// floats. marshal.loads(b"f\x04 1.5") and marshal.loads(b"f\x030x1") raise
// "could not convert string to float".
TEST(MarshalStrictnessTest, TextFloatsAreWhatFloatAccepts) {
  for (std::string_view bytes :
       {"f\x04 1.5"sv, "f\x03" "0x1"sv, "f\x04\t1.5"sv, "x\x03 1.\x01" "0"sv,
        "f\x08nan(0x1)"sv, "f\x04" "1.5 "sv})
    EXPECT_CONTAINS(readError(bytes), "could not convert string to float");
  for (std::string_view bytes : {"f\x03inf"sv, "f\x04-nan"sv, "f\x05" "1e-30"sv}) {
    std::unique_ptr<PycFile> file;
    EXPECT_NE(readRoot(bytes, file), nullptr) << bytes;
  }
}

// str objects (TYPE_UNICODE, TYPE_INTERNED) must decode as UTF-8 with the
// "surrogatepass" handler: marshal.loads(b"u\x01\x00\x00\x00\xff") raises
// UnicodeDecodeError, and so do a cut sequence, a lone continuation byte and an
// overlong encoding. Lone surrogates, which marshal does write, still read
// (see MarshalValueTest.Strings).
TEST(MarshalStrictnessTest, StrIsUtf8) {
  for (std::string_view text : {"\xff"sv, "\xc3"sv, "a\x80"sv, "\xc0\xaf"sv,
                                "\xf4\x90\x80\x80"sv}) {
    for (char code : {'u', 't'}) {
      std::string bytes = code + le32(text.size()) + std::string(text);
      EXPECT_CONTAINS(readError(view(bytes)), "a str is not UTF-8");
    }
  }
}

// Messages print a hex number with one "0x".
TEST(MarshalStrictnessTest, HexNumbersInMessages) {
  std::string typeCode = readError("?"sv);
  std::string bytes(kPyc312.bytes);
  bytes.replace(4, 4, le32(4));
  std::string flags = takeMessage(readPyc(view(bytes)));
  EXPECT_EQ(typeCode,
            "stream: byte 0: bad marshal data: unknown type code 0x3f ('?')");
  EXPECT_EQ(flags, "m.pyc: invalid pyc flags 0x4");
}

} // namespace
