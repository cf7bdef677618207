//===- TGInterfaces.td - Tensor graph interfaces -----------*- tablegen -*-===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGINTERFACES_TD
#define DYNAMIR_DIALECT_TG_IR_TGINTERFACES_TD

include "mlir/IR/OpBase.td"

def TG_GuardOpInterface : OpInterface<"GuardOpInterface"> {
  let cppNamespace = "::dynamir::tg";
  let description = [{
    A guard: a check on the value found at a source when the captured code is
    entered, under which the capture is valid. The guard's result is the
    guarded value refined by what the check proves; code that relies on the
    check uses the result, so the guard lives exactly as long as something
    relies on it.
  }];
  let methods = [
    InterfaceMethod<"The value checked.", "::mlir::Value", "getGuarded", (ins),
      [{ return $_op->getOperand(0); }]>,
    InterfaceMethod<"The refined value the check proves.", "::mlir::Value",
      "getRefined", (ins), [{ return $_op->getResult(0); }]>,
    InterfaceMethod<"Where the value comes from.", "::dynamir::tg::SourceAttr",
      "getSource">,
    InterfaceMethod<"Dynamo's name of the check (`TENSOR_MATCH`, ...).",
      "::llvm::StringRef", "getCheckName">,
    InterfaceMethod<[{
        What the check expects, in Python terms, for diagnostics and
        explanations: `dtype=torch.float32, size=[4, 8], stride=[8, 1],
        requires_grad=False`.
      }], "void", "describeExpectation", (ins "::llvm::raw_ostream &":$os)>,
  ];
  let extraSharedClassDeclaration = [{
    /// `TENSOR_MATCH: L['x'] (dtype=torch.float32, ...)`.
    void describe(::llvm::raw_ostream &os) {
      os << $_op.getCheckName() << ": ";
      $_op.getSource().render(os);
      std::string expectation;
      ::llvm::raw_string_ostream expectationOs(expectation);
      $_op.describeExpectation(expectationOs);
      if (!expectation.empty())
        os << " (" << expectation << ")";
    }
  }];
}

#endif // DYNAMIR_DIALECT_TG_IR_TGINTERFACES_TD
