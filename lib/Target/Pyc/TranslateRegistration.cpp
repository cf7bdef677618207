//===- TranslateRegistration.cpp - --import-pyc and --import-py -----------===//
//
// mlir-translate registrations of the importer. `--import-pyc` reads a `.pyc`;
// `--import-py` first compiles a `.py` with the interpreter given by
// `--python` (a convenience for tests and users: the importer itself never runs
// Python).
//
//===----------------------------------------------------------------------===//

#include "dynamir/Target/Pyc/ImportPyc.h"

#include "dynamir/Dialect/Py/IR/PyDialect.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace {
struct ImportCLOptions {
  llvm::cl::opt<std::string> entry{
      "entry", llvm::cl::desc("Qualified name of the capture entry function"),
      llvm::cl::value_desc("qualname")};
  llvm::cl::list<std::string> inputs{
      "input",
      llvm::cl::desc("Input spec of one positional parameter of the entry "
                     "(f32[4,8], f32[4,8]:grad, i64[], int=3, float=0.5, "
                     "bool=true, str=abc, none)"),
      llvm::cl::value_desc("spec")};
  llvm::cl::opt<std::string> python{
      "python",
      llvm::cl::desc("Interpreter that compiles the source for --import-py"),
      llvm::cl::value_desc("path"), llvm::cl::init("python3")};
};
llvm::ManagedStatic<ImportCLOptions> clOptions;

dynamir::pyc::ImportOptions getOptions() {
  dynamir::pyc::ImportOptions options;
  options.entry = clOptions->entry;
  options.inputs.assign(clOptions->inputs.begin(), clOptions->inputs.end());
  return options;
}

void registerDialects(DialectRegistry &registry) {
  registry.insert<dynamir::py::PyDialect, cf::ControlFlowDialect>();
}

/// Compiles `source` with `python` into a temporary `.pyc` and imports it.
OwningOpRef<Operation *> importPySource(llvm::SourceMgr &sourceMgr,
                                        MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef sourceName = buffer->getBufferIdentifier();
  Location loc = FileLineColLoc::get(context, sourceName, 0, 0);
  if (sourceName == "<stdin>" || sourceName == "-") {
    emitError(loc) << "--import-py needs a file name, not standard input";
    return {};
  }
  auto program = llvm::sys::findProgramByName(clOptions->python);
  if (!program) {
    emitError(loc) << "cannot find the Python interpreter '"
                   << clOptions->python << "' (set it with --python=PATH)";
    return {};
  }
  llvm::SmallString<128> pycPath, errPath;
  if (llvm::sys::fs::createTemporaryFile("dynamir", "pyc", pycPath) ||
      llvm::sys::fs::createTemporaryFile("dynamir", "err", errPath)) {
    emitError(loc) << "cannot create a temporary file";
    return {};
  }
  llvm::FileRemover removePyc(pycPath), removeErr(errPath);
  StringRef args[] = {*program, "-I", "-c",
                      "import py_compile, sys; "
                      "py_compile.compile(sys.argv[1], cfile=sys.argv[2], "
                      "doraise=True)",
                      sourceName, pycPath};
  std::optional<StringRef> redirects[] = {std::nullopt, std::nullopt,
                                          StringRef(errPath)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*program, args, std::nullopt,
                                         redirects, /*SecondsToWait=*/120,
                                         /*MemoryLimit=*/0, &message);
  if (status != 0) {
    auto err = llvm::MemoryBuffer::getFile(errPath);
    InFlightDiagnostic diag = emitError(loc);
    diag << "'" << *program << "' failed to compile " << sourceName;
    if (!message.empty())
      diag << ": " << message;
    if (err && (*err)->getBufferSize())
      diag << ":\n" << (*err)->getBuffer().rtrim();
    return {};
  }
  auto pyc = llvm::MemoryBuffer::getFile(pycPath, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!pyc) {
    emitError(loc) << "cannot read the compiled file: " << pyc.getError().message();
    return {};
  }
  return dynamir::pyc::importPyc((*pyc)->getBuffer(), sourceName, context,
                                 getOptions());
}
} // namespace

void dynamir::pyc::registerImportPycTranslation() {
  *clOptions;
  static TranslateToMLIRRegistration importPycRegistration(
      "import-pyc", "Import a CPython 3.11-3.13 .pyc into the py dialect",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        return dynamir::pyc::importPyc(buffer->getBuffer(), buffer->getBufferIdentifier(),
                         context, getOptions());
      },
      registerDialects);
  static TranslateToMLIRRegistration importPyRegistration(
      "import-py",
      "Compile a .py with --python and import the result into the py dialect",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         MLIRContext *context) { return importPySource(*sourceMgr, context); },
      registerDialects);
}
