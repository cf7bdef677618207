//===- GraphRunner.cpp - Compile and run a captured tensor graph ----------===//
//
// The graph is a func.func whose arguments are memrefs: the inputs, read
// through `bufferization.to_tensor restrict` (read-only: a computation that
// would update one in place copies it first), then the outputs, which the
// results are materialized into. With no tensor at the function boundary, the
// caller owns every buffer it passes and reads the results where it put
// them, whatever buffers (and views of the inputs) bufferization chose
// inside. `ui8` tensors cross the boundary as `i8` ones, as
// --convert-tg-to-linalg holds them, through casts that cancel after it.
//
//===----------------------------------------------------------------------===//

#include "GraphRunner.h"

#include "Npy.h"

#include "dynamir/Dialect/TG/IR/TGOps.h"
#include "dynamir/Dialect/TG/Transforms/ReverseMode.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace dynamir;
using namespace dynamir::runner;
using llvm::Expected;

namespace {
constexpr llvm::StringLiteral kGraphName = "dynamir_graph";

// The lowering of a --convert-tg-to-linalg result to LLVM, as the
// differential tests of that pass run it (test/Conversion/TGToLinalg), with
// bf16 conversions expanded to integer operations so that the JIT needs no
// compiler-rt helper for them. The passes nest in the module pass manager.
constexpr llvm::StringLiteral kPipeline =
    "convert-tg-to-linalg, reconcile-unrealized-casts, "
    "canonicalize, one-shot-bufferize, func.func(convert-linalg-to-loops), "
    "expand-strided-metadata, lower-affine, convert-scf-to-cf, "
    "arith-expand{include-bf16=true}, convert-math-to-llvm, "
    "convert-math-to-libm, convert-arith-to-llvm, convert-index-to-llvm, "
    "finalize-memref-to-llvm, convert-func-to-llvm, convert-cf-to-llvm, "
    "reconcile-unrealized-casts";

llvm::Error graphError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string describeOp(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << op->getName() << "' at ";
  op->getLoc().print(os);
  return text;
}

/// The type a tensor has at the function boundary: `ui8` is held in `i8`.
RankedTensorType getBoundaryType(RankedTensorType type) {
  auto integer = dyn_cast<IntegerType>(type.getElementType());
  if (!integer || !integer.isUnsigned())
    return type;
  return type.clone(IntegerType::get(type.getContext(), integer.getWidth()));
}

/// Whether the graph may contain `op`: tg's tensor ops (not its guards nor
/// placeholders) and arith's scalar ops, none with regions but
/// `tg.autograd_function` (whose regions are isolated from above).
bool isGraphOp(Operation *op) {
  if (op->getNumRegions() != 0 && !isa<tg::AutogradFunctionOp>(op))
    return false;
  if (isa<tg::GuardOpInterface, tg::AssumeOp, tg::GradPlaceholderOp>(op))
    return false;
  return isa<tg::TGDialect, arith::ArithDialect>(op->getDialect());
}

/// The ops `outputs` depend on, in block order; the walk stops at `inputs`.
Expected<SmallVector<Operation *>>
collectGraphOps(ArrayRef<Value> outputs, const llvm::DenseSet<Value> &inputs) {
  llvm::SetVector<Operation *> ops;
  SmallVector<Value> worklist(outputs.begin(), outputs.end());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (inputs.contains(value))
      continue;
    Operation *op = value.getDefiningOp();
    if (!op)
      return graphError("the tensor computation depends on a block argument "
                        "that no guard refined into a tensor");
    if (ops.contains(op))
      continue;
    if (auto guard = dyn_cast<tg::GuardTensorOp>(op))
      return graphError("the tensor computation needs the tensor at " +
                        guard.getSource().str() +
                        ", which is not a tensor parameter of the entry");
    if (!isGraphOp(op))
      return graphError("the tensor computation depends on " + describeOp(op) +
                        ", which is not a tensor op");
    ops.insert(op);
    llvm::append_range(worklist, op->getOperands());
  }
  SmallVector<Operation *> ordered = ops.takeVector();
  Block *block = ordered.empty() ? nullptr : ordered.front()->getBlock();
  if (llvm::any_of(ordered,
                   [&](Operation *op) { return op->getBlock() != block; }))
    return graphError("the tensor computation spans several blocks");
  llvm::sort(ordered, [](Operation *a, Operation *b) {
    return a->isBeforeInBlock(b);
  });
  return ordered;
}

/// Builds `@dynamir_graph(inputs..., seeds..., outputs..., grads...)` in a
/// new module; the seeds and gradients are those of `gradient`.
FailureOr<OwningOpRef<ModuleOp>>
buildGraphModule(ArrayRef<GraphInput> inputs, ArrayRef<Value> outputs,
                 ArrayRef<Operation *> ops, const GradientRequest *gradient) {
  MLIRContext *context = outputs.front().getContext();
  OpBuilder builder(context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);

  auto memrefTypeOf = [](Value value) {
    RankedTensorType type = getBoundaryType(cast<RankedTensorType>(value.getType()));
    return MemRefType::get(type.getShape(), type.getElementType());
  };
  ArrayRef<Value> seeded = gradient ? gradient->seeded : ArrayRef<Value>();
  ArrayRef<Value> wrt = gradient ? gradient->wrt : ArrayRef<Value>();
  SmallVector<Value> inputValues, outputValues(outputs);
  for (const GraphInput &input : inputs)
    inputValues.push_back(input.value);
  llvm::append_range(inputValues, seeded);
  llvm::append_range(outputValues, wrt);
  SmallVector<Type> argumentTypes;
  for (Value input : inputValues)
    argumentTypes.push_back(memrefTypeOf(input));
  for (Value output : outputValues)
    argumentTypes.push_back(memrefTypeOf(output));
  auto function = func::FuncOp::create(
      loc, kGraphName, builder.getFunctionType(argumentTypes, {}));
  function->setAttr("llvm.emit_c_interface",
                    builder.getUnitAttr());
  module->push_back(function);
  Block *body = function.addEntryBlock();
  builder.setInsertionPointToStart(body);

  IRMapping mapping;
  SmallVector<Value> seeds;
  for (auto [index, input] : llvm::enumerate(inputValues)) {
    auto type = cast<RankedTensorType>(input.getType());
    Value tensor = builder.create<bufferization::ToTensorOp>(
        loc, getBoundaryType(type), body->getArgument(index),
        /*restrict=*/true, /*writable=*/false);
    if (tensor.getType() != type)
      tensor = builder.create<UnrealizedConversionCastOp>(loc, type, tensor)
                   .getResult(0);
    if (index < inputs.size())
      mapping.map(input, tensor);
    else
      seeds.push_back(tensor);
  }
  SmallVector<Operation *> cloned;
  for (Operation *op : ops)
    cloned.push_back(builder.clone(*op, mapping));
  SmallVector<Value> results;
  for (Value output : outputs)
    results.push_back(mapping.lookupOrDefault(output));
  if (gradient) {
    SmallVector<Value> mappedSeeded, mappedWrt;
    for (Value value : seeded)
      mappedSeeded.push_back(mapping.lookupOrDefault(value));
    for (Value value : wrt)
      mappedWrt.push_back(mapping.lookupOrDefault(value));
    FailureOr<SmallVector<Value>> grads =
        tg::buildVectorJacobianProduct(builder, cloned, mappedSeeded, seeds, mappedWrt);
    if (failed(grads))
      return failure();
    llvm::append_range(results, *grads);
  }
  for (auto [index, result] : llvm::enumerate(results)) {
    auto type = cast<RankedTensorType>(result.getType());
    if (getBoundaryType(type) != type)
      result = builder
                   .create<UnrealizedConversionCastOp>(
                       loc, getBoundaryType(type), result)
                   .getResult(0);
    builder.create<bufferization::MaterializeInDestinationOp>(
        loc, Type(), result, body->getArgument(inputValues.size() + index),
        /*restrict=*/true, /*writable=*/true);
  }
  builder.create<func::ReturnOp>(loc);
  return std::move(module);
}

/// A memref descriptor as the C interface passes it: allocated and aligned
/// pointers, offset, sizes, strides (all 8 bytes wide).
std::vector<int64_t> makeDescriptor(const void *data, ArrayRef<int64_t> shape) {
  std::vector<int64_t> descriptor(3 + 2 * shape.size());
  descriptor[0] = descriptor[1] = reinterpret_cast<intptr_t>(data);
  descriptor[2] = 0;
  int64_t stride = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    descriptor[3 + d] = shape[d];
    descriptor[3 + shape.size() + d] = stride;
    stride *= std::max<int64_t>(shape[d], 1);
  }
  return descriptor;
}

/// `memref.copy` between non-contiguous memrefs, which the LLVM lowering
/// calls as `memrefCopy` (libmlir_c_runner_utils has one; the runner provides
/// its own so that it needs no runtime library).
void dynamirMemrefCopy(int64_t elementSize,
                                  ::UnrankedMemRefType<char> *source,
                                  ::UnrankedMemRefType<char> *target) {
  int64_t rank = source->rank;
  auto *src = static_cast<int64_t *>(source->descriptor);
  auto *dst = static_cast<int64_t *>(target->descriptor);
  char *srcData = reinterpret_cast<char *>(src[1]) + src[2] * elementSize;
  char *dstData = reinterpret_cast<char *>(dst[1]) + dst[2] * elementSize;
  const int64_t *sizes = src + 3;
  const int64_t *srcStrides = src + 3 + rank;
  const int64_t *dstStrides = dst + 3 + rank;
  for (int64_t d = 0; d < rank; ++d)
    if (sizes[d] == 0)
      return;
  SmallVector<int64_t> index(rank, 0);
  while (true) {
    int64_t srcOffset = 0, dstOffset = 0;
    for (int64_t d = 0; d < rank; ++d) {
      srcOffset += index[d] * srcStrides[d];
      dstOffset += index[d] * dstStrides[d];
    }
    std::memcpy(dstData + dstOffset * elementSize,
                srcData + srcOffset * elementSize, elementSize);
    int64_t d = rank - 1;
    for (; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}
} // namespace

Expected<std::vector<TensorData>>
dynamir::runner::runTensorGraph(ArrayRef<GraphInput> inputs,
                                ArrayRef<Value> outputs,
                                bool printGraph,
                                const GradientRequest *gradient) {
  std::vector<TensorData> results;
  if (outputs.empty() && !gradient)
    return results;
  llvm::DenseSet<Value> inputValues;
  for (const GraphInput &input : inputs)
    inputValues.insert(input.value);
  SmallVector<Value> needed(outputs);
  if (gradient)
    llvm::append_range(needed, gradient->seeded);
  Expected<SmallVector<Operation *>> ops = collectGraphOps(needed, inputValues);
  if (!ops)
    return ops.takeError();

  FailureOr<OwningOpRef<ModuleOp>> built = buildGraphModule(inputs, outputs, *ops, gradient);
  if (failed(built))
    return graphError("reverse mode cannot differentiate the tensor graph");
  OwningOpRef<ModuleOp> module = std::move(*built);
  if (failed(verify(*module)))
    return graphError("the tensor graph cut out of the capture is invalid");
  MLIRContext *context = module->getContext();
  PassManager pm(context);
  std::string pipelineErrors;
  llvm::raw_string_ostream pipelineErrorStream(pipelineErrors);
  if (failed(parsePassPipeline(kPipeline, pm, pipelineErrorStream)))
    return graphError("cannot build the lowering pipeline: " + pipelineErrors);
  if (printGraph)
    module->print(llvm::outs());
  llvm::outs().flush();
  if (failed(pm.run(*module)))
    return graphError("lowering the tensor graph to LLVM failed");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);
  ExecutionEngineOptions options;
  auto transformer = makeOptimizingTransformer(/*optLevel=*/2, /*sizeLevel=*/0,
                                               /*targetMachine=*/nullptr);
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Default;
  Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(*module, options);
  if (!engine)
    return graphError("cannot JIT-compile the tensor graph: " +
                      llvm::toString(engine.takeError()));
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&dynamirMemrefCopy),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });

  // One descriptor per argument; the packed wrapper takes a pointer to each
  // argument, and each argument is a pointer to its descriptor.
  // `results` must not reallocate once its buffers are in descriptors.
  static char emptyBuffer[8];
  SmallVector<Value> resultValues(outputs);
  if (gradient)
    llvm::append_range(resultValues, gradient->wrt);
  results.reserve(resultValues.size());
  std::vector<std::vector<int64_t>> descriptors;
  SmallVector<const TensorData *> argumentData;
  for (const GraphInput &input : inputs)
    argumentData.push_back(input.data);
  if (gradient)
    llvm::append_range(argumentData, gradient->seeds);
  for (const TensorData *data : argumentData)
    descriptors.push_back(makeDescriptor(
        data->data.empty() ? emptyBuffer : data->data.data(), data->shape));
  for (Value output : resultValues) {
    auto type = cast<RankedTensorType>(output.getType());
    TensorData &result = results.emplace_back();
    result.dtype = *tg::getDType(type.getElementType());
    result.shape.assign(type.getShape().begin(), type.getShape().end());
    result.data.resize(type.getNumElements() * getElementSize(result.dtype));
    descriptors.push_back(makeDescriptor(
        result.data.empty() ? emptyBuffer : result.data.data(), result.shape));
  }
  std::vector<void *> descriptorPointers;
  for (std::vector<int64_t> &descriptor : descriptors)
    descriptorPointers.push_back(descriptor.data());
  std::vector<void *> arguments;
  for (void *&pointer : descriptorPointers)
    arguments.push_back(&pointer);
  if (llvm::Error error = (*engine)->invokePacked(
          ("_mlir_ciface_" + kGraphName).str(), arguments))
    return graphError("cannot run the tensor graph: " +
                      llvm::toString(std::move(error)));
  return results;
}
