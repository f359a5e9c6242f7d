#include "engine/storyboard.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/plan/planner.h"

namespace kinora::engine {
namespace {

nlohmann::json Sample() {
  auto sb =
      Plan({.prompt = R"(A man in a blue jacket on a city street says "Hi there" then a dog barks)",
            .seconds = 4,
            .seed = 3});
  EXPECT_TRUE(sb.ok());
  return ToJson(*sb);
}

TEST(StoryboardTest, RoundTripsThroughJson) {
  auto j = Sample();
  auto parsed = StoryboardFromJson(j);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(ToJson(*parsed), j);
}

TEST(StoryboardTest, ErrorsNameTheField) {
  auto j = Sample();
  j["shots"][0]["dialogue"][0]["speaker"] = "nobody";
  auto r = StoryboardFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().detail, "shots[0].dialogue[0].speaker");

  j = Sample();
  j["shots"][0]["setting"]["place"] = "atlantis";
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "shots[0].setting.place");

  j = Sample();
  j["shots"][0]["dialog"] = nlohmann::json::array();
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "shots[0].dialog");

  j = Sample();
  j["shots"][1]["start"] = 0.5;
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "shots[1].start");

  j = Sample();
  j["width"] = "wide";
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "width");

  j = Sample();
  j["version"] = 99;
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "version");

  j = Sample();
  j["cast"][0]["voice"]["language"] = "not a tag";
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "cast[0].voice.language");

  // One shot longer than any clip is that shot's fault …
  j = Sample();
  j["shots"][0]["duration"] = 100;
  j["shots"][1]["start"] = 100;
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "shots[0].duration");
  // … shots that are fine alone but too long together are the clip's.
  j = Sample();
  j["shots"][0]["duration"] = 40;
  j["shots"][1]["start"] = 40;
  j["shots"][1]["duration"] = 40;
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "shots");
  // Height errors name the height.
  j = Sample();
  j["height"] = 721;
  EXPECT_EQ(StoryboardFromJson(j).error().detail, "height");

  EXPECT_EQ(ParseStoryboard("{not json").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseStoryboard("[]").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseStoryboard("{}").error().detail, "version");
}

TEST(StoryboardTest, ShotAtCoversTheClip) {
  auto sb = *StoryboardFromJson(Sample());
  ASSERT_EQ(sb.shots.size(), 2u);
  const double cut = sb.shots[1].start;  // the spoken first shot is the longer one
  ASSERT_GT(cut, 0.5);
  EXPECT_EQ(sb.ShotAt(0)->id, "s1");
  EXPECT_EQ(sb.ShotAt(cut - 0.01)->id, "s1");
  EXPECT_EQ(sb.ShotAt(cut)->id, "s2");
  EXPECT_EQ(sb.ShotAt(10)->id, "s2");
}

}  // namespace
}  // namespace kinora::engine
