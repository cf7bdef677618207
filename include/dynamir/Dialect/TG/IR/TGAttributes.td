//===- TGAttributes.td - Tensor graph attributes -----------*- tablegen -*-===//
//
// Guard sources: where a guarded value comes from, structured, and printed as
// Dynamo prints its sources.
//
//===----------------------------------------------------------------------===//

#ifndef DYNAMIR_DIALECT_TG_IR_TGATTRIBUTES_TD
#define DYNAMIR_DIALECT_TG_IR_TGATTRIBUTES_TD

include "dynamir/Dialect/TG/IR/TGBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def TG_SourceKind : I32EnumAttr<"SourceKind", "the step of a source", [
    I32EnumAttrCase<"local", 0>,        // L['x']
    I32EnumAttrCase<"global", 1>,       // G['torch']
    I32EnumAttrCase<"import", 2>,       // __import__('torch')
    I32EnumAttrCase<"attr", 3>,         // b.name, getattr(b, 'a-b')
    I32EnumAttrCase<"generic_attr", 4>, // object.__getattribute__(b, 'name')
    I32EnumAttrCase<"item", 5>,         // b[0], b['k']
    I32EnumAttrCase<"type", 6>,         // type(b)
    I32EnumAttrCase<"size", 7>,         // b.size()[0]
    I32EnumAttrCase<"stride", 8>,       // b.stride()[0]
    I32EnumAttrCase<"call", 9>]> {      // b() (a weak reference)
  let cppNamespace = "::dynamir::tg";
  let genSpecializedAttr = 0;
}

def TG_SourceAttr : AttrDef<TG_Dialect, "Source"> {
  let mnemonic = "source";
  let summary = "where a guarded value comes from, as Dynamo names it";
  let description = [{
    A source is a path from the entry frame to a value: a local (`L['x']`),
    a global (`G['torch']`) or an imported module (`__import__('torch')`),
    followed by attribute loads (`.weight`, `getattr(b, 'a-b')`,
    `object.__getattribute__(b, 'a')`), subscripts (`[0]`, `['k']`),
    `type(...)`, tensor sizes and strides (`.size()[0]`, `.stride()[1]`) and
    weak-reference calls (`()`). It is held structurally, one step per
    attribute with the previous step as its `base`, and prints and parses as
    the quoted string Dynamo prints:

    ```mlir
    #tg.source<"type(L['self']).__mro__[1].f">
    #tg.source<"L['x'].size()[0]">
    ```
  }];
  let parameters = (ins EnumParameter<TG_SourceKind>:$kind,
                        OptionalParameter<"::mlir::Attribute">:$base,
                        OptionalParameter<"::mlir::Attribute">:$key);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// `L[name]`, `G[name]` and `__import__(name)`.
    static SourceAttr getLocal(::mlir::MLIRContext *context, ::llvm::StringRef name);
    static SourceAttr getGlobal(::mlir::MLIRContext *context, ::llvm::StringRef name);
    static SourceAttr getImport(::mlir::MLIRContext *context, ::llvm::StringRef module);

    /// The steps that extend this source.
    SourceAttr attr(::llvm::StringRef name) const;
    SourceAttr genericAttr(::llvm::StringRef name) const;
    SourceAttr item(int64_t index) const;
    SourceAttr item(::llvm::StringRef key) const;
    SourceAttr type() const;
    SourceAttr size(int64_t dim) const;
    SourceAttr stride(int64_t dim) const;
    SourceAttr call() const;

    /// The source this step extends; null for a local, global or import.
    SourceAttr getBaseSource() const;
    /// The local, global or import this source starts from.
    SourceAttr getRoot() const;
    /// The name of a local, global, import or attribute step.
    ::llvm::StringRef getName() const;

    /// Dynamo's rendering: `type(L['self']).__mro__[1].f`.
    void render(::llvm::raw_ostream &os) const;
    std::string str() const;
    /// Parses Dynamo's rendering; on failure, nothing, with why in `error`.
    static SourceAttr parseDynamoName(::mlir::MLIRContext *context,
                                      ::llvm::StringRef text, std::string &error);
  }];
}

#endif // DYNAMIR_DIALECT_TG_IR_TGATTRIBUTES_TD
