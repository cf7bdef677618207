//===- GuardTest.cpp - Sources and guards through the C++ API -------------===//
//
// What a capture pass does with sources and guards: build sources step by
// step, render them, and describe guards as a runner or an explanation
// prints them.
//
//===----------------------------------------------------------------------===//

#include "dynamir/Dialect/Py/IR/PyAttributes.h"
#include "dynamir/Dialect/Py/IR/PyDialect.h"
#include "dynamir/Dialect/Py/IR/PyTypes.h"
#include "dynamir/Dialect/TG/IR/TGOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace dynamir;
using namespace dynamir::tg;

namespace {
class GuardTest : public ::testing::Test {
protected:
  GuardTest() : builder(&context) {
    context.loadDialect<py::PyDialect, TGDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
    auto objectType = py::ObjectType::get(&context);
    auto func = builder.create<func::FuncOp>(
        builder.getUnknownLoc(), "f", builder.getFunctionType({objectType}, {}));
    builder.setInsertionPointToEnd(func.addEntryBlock());
    object = func.getArgument(0);
  }

  std::string describe(GuardOpInterface guard) {
    std::string text;
    llvm::raw_string_ostream os(text);
    guard.describe(os);
    return text;
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  Value object;
};

TEST_F(GuardTest, SourcesRenderAsDynamo) {
  SourceAttr self = SourceAttr::getLocal(&context, "self");
  EXPECT_EQ(self.type().attr("__mro__").item(1).attr("f").str(),
            "type(L['self']).__mro__[1].f");
  EXPECT_EQ(SourceAttr::getLocal(&context, "x").size(0).str(), "L['x'].size()[0]");
  EXPECT_EQ(SourceAttr::getLocal(&context, "x").stride(1).str(),
            "L['x'].stride()[1]");
  EXPECT_EQ(self.attr("a-b").str(), "getattr(L['self'], 'a-b')");
  EXPECT_EQ(self.genericAttr("w").str(), "object.__getattribute__(L['self'], 'w')");
  EXPECT_EQ(SourceAttr::getGlobal(&context, "cfg").item("it's").str(),
            "G['cfg'][\"it's\"]");
  EXPECT_EQ(SourceAttr::getImport(&context, "torch").attr("nn").str(),
            "__import__('torch').nn");
  EXPECT_EQ(SourceAttr::getLocal(&context, "w").call().str(), "L['w']()");
  EXPECT_EQ(self.type().attr("__mro__").item(1).getRoot(), self);
  EXPECT_EQ(self.attr("weight").getName(), "weight");
}

TEST_F(GuardTest, SourcesParseBackToTheSameAttribute) {
  SourceAttr built = SourceAttr::getLocal(&context, "self")
                         .type()
                         .attr("__mro__")
                         .item(-1)
                         .attr("a b")
                         .item("k\n");
  std::string error;
  EXPECT_EQ(SourceAttr::parseDynamoName(&context, built.str(), error), built);
  EXPECT_TRUE(error.empty());
  EXPECT_FALSE(SourceAttr::parseDynamoName(&context, "L['x'][", error));
  EXPECT_NE(error.find("expected"), std::string::npos) << error;
}

TEST_F(GuardTest, TensorGuardDescribesWhatItExpects) {
  auto type = RankedTensorType::get({4, 8}, builder.getF32Type());
  auto guard = builder.create<GuardTensorOp>(
      builder.getUnknownLoc(), type, object,
      SourceAttr::getLocal(&context, "x"), builder.getDenseI64ArrayAttr({8, 1}),
      /*requires_grad=*/true);
  ASSERT_TRUE(succeeded(guard.verify()));
  EXPECT_EQ(describe(guard),
            "TENSOR_MATCH: L['x'] (dtype=torch.float32, device=cpu, size=[4, 8], "
            "stride=[8, 1], requires_grad=True)");
}

TEST_F(GuardTest, ConstantGuardsDispatchAsDynamo) {
  auto objectType = py::ObjectType::get(&context);
  SourceAttr n = SourceAttr::getLocal(&context, "n");
  auto equals = builder.create<GuardConstantOp>(builder.getUnknownLoc(), objectType,
                                                object, n, py::IntAttr::get(&context, 3));
  auto isNone = builder.create<GuardConstantOp>(builder.getUnknownLoc(), objectType,
                                                object, n, py::NoneAttr::get(&context));
  auto isTrue = builder.create<GuardConstantOp>(builder.getUnknownLoc(), objectType,
                                                object, n, builder.getBoolAttr(true));
  EXPECT_EQ(describe(equals), "CONSTANT_MATCH: L['n'] (EQUALS_MATCH, == 3)");
  EXPECT_EQ(describe(isNone), "CONSTANT_MATCH: L['n'] (NONE_MATCH, is None)");
  EXPECT_EQ(describe(isTrue), "CONSTANT_MATCH: L['n'] (BOOL_MATCH, is True)");
}

TEST_F(GuardTest, OtherGuardsDescribeWhatTheyExpect) {
  auto objectType = py::ObjectType::get(&context);
  SourceAttr self = SourceAttr::getLocal(&context, "self");
  Location loc = builder.getUnknownLoc();
  EXPECT_EQ(describe(builder.create<GuardTypeOp>(
                loc, objectType, object, self,
                FlatSymbolRefAttr::get(&context, "MLP"))),
            "TYPE_MATCH: L['self'] (type is MLP)");
  EXPECT_EQ(describe(builder.create<GuardIdOp>(
                loc, objectType, object, SourceAttr::getGlobal(&context, "torch"),
                builder.getStringAttr("torch"))),
            "ID_MATCH: G['torch'] (is torch)");
  EXPECT_EQ(describe(builder.create<GuardHasAttrOp>(
                loc, objectType, object, self, builder.getStringAttr("bias"),
                /*absent=*/true)),
            "HASATTR: L['self'] (not hasattr 'bias')");
  EXPECT_EQ(describe(builder.create<GuardLengthOp>(
                loc, objectType, object, SourceAttr::getLocal(&context, "args"),
                builder.getStringAttr("builtins.tuple"),
                builder.getI64IntegerAttr(2))),
            "SEQUENCE_LENGTH: L['args'] (type is builtins.tuple, len == 2)");
  EXPECT_EQ(describe(builder.create<GuardDictKeysOp>(
                loc, objectType, object, SourceAttr::getLocal(&context, "cfg"),
                builder.getArrayAttr({builder.getStringAttr("hidden"),
                                      py::IntAttr::get(&context, 2)}))),
            "DICT_KEYS_MATCH: L['cfg'] (keys == ['hidden', 2])");
}
} // namespace
