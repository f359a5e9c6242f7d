#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace kinora::core {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgument("must be positive", "v");
  return v;
}

Result<int> Doubled(int v) {
  KINORA_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return x * 2;
}

Status Check(int v) {
  KINORA_RETURN_IF_ERROR(ParsePositive(v));
  return Ok();
}

TEST(ResultTest, CarriesValueOrError) {
  auto good = ParsePositive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = ParsePositive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().detail, "v");
  EXPECT_EQ(bad.error().ToString(), "must be positive (v)");
}

TEST(ResultTest, MacrosPropagate) {
  EXPECT_EQ(*Doubled(4), 8);
  EXPECT_FALSE(Doubled(0).ok());
  EXPECT_TRUE(Check(1).ok());
  EXPECT_EQ(Check(0).error().message, "must be positive");
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r);
  auto p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

}  // namespace
}  // namespace kinora::core
