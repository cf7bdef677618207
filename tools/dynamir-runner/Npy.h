//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// A strict reader and a writer of NumPy's .npy format (versions 1.0, 2.0 and
// 3.0), for the tensors dynamir-runner takes and gives. Only the dtypes
// PyTorch shares with NumPy are accepted (`<f2 <f4 <f8 |b1 |u1 |i1 <i2 <i4
// <i8`), plus `<u2`, which stands for bfloat16: NumPy has no bfloat16 and
// torch 1.13 no uint16, so a `<u2` array is read and written as the bit
// patterns of bfloat16 elements (`t.view(torch.int16).numpy().view('<u2')`).
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_TOOLS_DYNAMIR_RUNNER_NPY_H
#define DYNAMIR_TOOLS_DYNAMIR_RUNNER_NPY_H

#include "dynamir/Dialect/TG/IR/TypePromotion.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace dynamir::runner {

/// The size in bytes of one element of `dtype`.
int64_t getElementSize(tg::DType dtype);

/// An array read from a .npy file, its elements in C (row-major) order
/// whatever order the file stored them in.
struct NpyArray {
  tg::DType dtype;
  llvm::SmallVector<int64_t> shape;
  /// Whether the file stored the elements in Fortran (column-major) order:
  /// the tensor PyTorch would make of it has column-major strides.
  bool fortranOrder = false;
  std::vector<char> data;

  int64_t getNumElements() const;
  /// The strides, in elements, of the tensor `torch.from_numpy` would give.
  llvm::SmallVector<int64_t> getStrides() const;
};

/// Reads `path`; on a malformed or unsupported file, an error that says why.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Writes `data` (C order) as a version 1.0 .npy file.
llvm::Error writeNpy(llvm::StringRef path, tg::DType dtype,
                     llvm::ArrayRef<int64_t> shape, const char *data);

} // namespace dynamir::runner

#endif // DYNAMIR_TOOLS_DYNAMIR_RUNNER_NPY_H
