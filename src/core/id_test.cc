#include "core/id.h"

#include <gtest/gtest.h>

#include <set>

namespace kinora::core {
namespace {

TEST(IdTest, WellFormedUniqueAndTimeOrdered) {
  FakeClock clock;
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(1);
    auto id = NewId("video", clock);
    EXPECT_TRUE(IsValidId(id, "video")) << id;
    EXPECT_TRUE(seen.insert(id).second) << id;
    EXPECT_GT(id, previous);
    previous = id;
  }
}

TEST(IdTest, RejectsMalformed) {
  EXPECT_FALSE(IsValidId("video_123", "video"));
  EXPECT_FALSE(IsValidId("job_0123456789abcdef0123456789", "video"));
  EXPECT_FALSE(IsValidId("video_0123456789ABCDEF0123456789", "video"));
  EXPECT_FALSE(IsValidId("../../etc/passwd", "video"));
}

}  // namespace
}  // namespace kinora::core
