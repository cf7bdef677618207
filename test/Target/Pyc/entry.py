# --entry and --input record the capture entry and one spec per positional
# parameter on the module, as DESIGN.md's grammar describes.
#
# RUN: dynamir-translate --import-py %s --python=%cpython312 --entry=f --input=f32[4,8]:grad --input=i64[] --input=bf16[2,0,3] --input=u8[1] --input=bool[3] | dynamir-opt --verify-each | FileCheck %s --check-prefix=TENSORS
# RUN: dynamir-translate --import-py %s --python=%cpython311 --entry=Model.forward --input=none --input=int=-12345678901234567890 --input=float=0.5 --input=bool=true --input=str=abc | FileCheck %s --check-prefix=SCALARS
# RUN: dynamir-translate --import-py %s --python=%cpython313 --entry=varargs --input=f16[2] --input=int=1 --input=int=2 | FileCheck %s --check-prefix=VARARGS

# TENSORS: module attributes {
# TENSORS-SAME: py.entry = @f
# TENSORS-SAME: py.inputs = [#py.tensor_input<tensor<4x8xf32>, requires_grad>, #py.tensor_input<tensor<i64>>, #py.tensor_input<tensor<2x0x3xbf16>>, #py.tensor_input<tensor<1xui8>>, #py.tensor_input<tensor<3xi1>>]
def f(a, b, c, d, e):
    return a


# SCALARS: py.entry = @Model.forward
# SCALARS-SAME: py.inputs = [#py.none, #py.int<-12345678901234567890>, 5.000000e-01, true, "abc"]
class Model:
    def forward(self, n, x, flag, name):
        return x


# Extra inputs bind to *args.
# VARARGS: py.entry = @varargs
# VARARGS-SAME: py.inputs = [#py.tensor_input<tensor<2xf16>>, #py.int<1>, #py.int<2>]
def varargs(x, *rest):
    return x
