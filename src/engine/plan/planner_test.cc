#include "engine/plan/planner.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kinora::engine {
namespace {

Storyboard MustPlan(const std::string& prompt, double seconds = 4, uint64_t seed = 7) {
  auto sb = Plan({.prompt = prompt, .seconds = seconds, .seed = seed});
  EXPECT_TRUE(sb.ok()) << (sb.ok() ? "" : sb.error().ToString());
  return sb.ok() ? *sb : Storyboard{};
}

TEST(PlannerTest, GoldenRetrieverOnABeachAtSunset) {
  auto sb = MustPlan(R"(A golden retriever on a beach at sunset says "Hello world")");
  ASSERT_EQ(sb.cast.size(), 1u);
  EXPECT_EQ(sb.cast[0].kind, "animal");
  EXPECT_EQ(sb.cast[0].species, "dog");
  EXPECT_EQ(sb.cast[0].breed, "golden retriever");
  ASSERT_EQ(sb.shots.size(), 1u);
  const auto& shot = sb.shots[0];
  EXPECT_EQ(shot.setting.place, "beach");
  EXPECT_EQ(shot.setting.time_of_day, "sunset");
  EXPECT_FALSE(shot.setting.indoor);
  ASSERT_EQ(shot.dialogue.size(), 1u);
  EXPECT_EQ(shot.dialogue[0].text, "Hello world");
  EXPECT_EQ(shot.dialogue[0].speaker, sb.cast[0].id);
  EXPECT_EQ(shot.dialogue[0].language, "en");
  EXPECT_DOUBLE_EQ(sb.DurationSeconds(), 4.0);
  EXPECT_EQ(sb.FrameCount(), 96);
  EXPECT_NE(std::find(sb.tags.begin(), sb.tags.end(), "beach"), sb.tags.end());
  EXPECT_NE(std::find(sb.tags.begin(), sb.tags.end(), "dog"), sb.tags.end());
}

TEST(PlannerTest, ShotsSplitOnThenAndTileTheClip) {
  auto sb = MustPlan(
      R"(A man in a red hoodie walks in a park, then cut to a cat in a kitchen at night saying "Meow")",
      5);
  ASSERT_GE(sb.shots.size(), 2u);
  EXPECT_EQ(sb.shots[0].setting.place, "park");
  EXPECT_EQ(sb.shots.back().setting.place, "kitchen");
  EXPECT_EQ(sb.shots.back().setting.time_of_day, "night");
  EXPECT_TRUE(sb.shots.back().setting.indoor);
  double t = 0;
  for (const auto& s : sb.shots) {
    EXPECT_NEAR(s.start, t, 1e-9);
    t += s.duration;
  }
  EXPECT_NEAR(t, 5.0, 1e-9);
  const CastMember* man = sb.FindCast("man");
  ASSERT_NE(man, nullptr);
  ASSERT_FALSE(man->looks.outfit.empty());
  EXPECT_EQ(man->looks.outfit[0].item, "hoodie");
  EXPECT_EQ(man->looks.outfit[0].color, "red");
  EXPECT_EQ(sb.shots[0].actions.at(0).verb, "walk");
  EXPECT_EQ(sb.shots.back().dialogue.at(0).speaker, "cat");
}

TEST(PlannerTest, StyleMoodAndLanguages) {
  auto sb = MustPlan(
      R"(An anime girl in Tokyo says "こんにちは、元気ですか" then a boy replies in French "Bonjour")");
  EXPECT_EQ(sb.style, "anime");
  ASSERT_GE(sb.shots.size(), 2u);
  EXPECT_EQ(sb.shots[0].dialogue.at(0).language, "ja");
  EXPECT_EQ(sb.shots[1].dialogue.at(0).language, "fr");
  EXPECT_EQ(DetectLanguage("안녕하세요", ""), "ko");
  EXPECT_EQ(DetectLanguage("你好世界", ""), "zh");
  EXPECT_EQ(DetectLanguage("Привет, мир", ""), "ru");
  EXPECT_EQ(DetectLanguage("مرحبا بالعالم", ""), "ar");
  EXPECT_EQ(DetectLanguage("नमस्ते दुनिया", ""), "hi");
  EXPECT_EQ(DetectLanguage("¡Hola! ¿Cómo estás?", ""), "es");
  EXPECT_EQ(DetectLanguage("Guten Tag, ich bin hier und das ist gut", ""), "de");
  EXPECT_EQ(DetectLanguage("Hello world", ""), "en");
  EXPECT_EQ(DetectLanguage("Ciao", "she says in Italian"), "it");
}

TEST(PlannerTest, DialogueWithoutCastGetsAHostAndUnknownWordsAreHarmless) {
  auto sb = MustPlan(R"(Zorblax quintessence flibbertigibbet "Testing one two")");
  ASSERT_EQ(sb.cast.size(), 1u);
  EXPECT_EQ(sb.cast[0].id, "host");
  EXPECT_EQ(sb.shots[0].setting.place, "studio");
  auto empty_scene = MustPlan("mountains at dawn in the fog");
  EXPECT_TRUE(empty_scene.cast.empty());
  EXPECT_EQ(empty_scene.shots[0].setting.place, "mountains");
  EXPECT_EQ(empty_scene.shots[0].setting.weather, "fog");
}

TEST(PlannerTest, DeterministicForASeed) {
  const std::string p = R"(A woman dances on a stage and shouts "We did it!")";
  auto a = ToJson(MustPlan(p, 6, 42)).dump();
  auto b = ToJson(MustPlan(p, 6, 42)).dump();
  EXPECT_EQ(a, b);
  EXPECT_EQ(MustPlan(p, 6, 42).shots[0].dialogue[0].emotion, "shouting");
}

TEST(PlannerTest, RejectsBadRequests) {
  EXPECT_EQ(Plan({.prompt = "  "}).error().message, "prompt is required");
  EXPECT_EQ(Plan({.prompt = std::string(5000, 'a')}).error().detail, "prompt");
  EXPECT_EQ(Plan({.prompt = "a dog", .seconds = 0}).error().detail, "seconds");
  EXPECT_EQ(Plan({.prompt = "a dog", .seconds = 61}).error().detail, "seconds");
  EXPECT_EQ(Plan({.prompt = "a dog", .width = 721}).error().detail, "width");
}

TEST(PlannerTest, SurvivesHostileText) {
  for (std::string p : {std::string("\"\"\"\""), std::string("\xff\xfe\"\xc3\" then then then"),
                        std::string("“unterminated"), std::string(3999, '"')}) {
    auto sb = Plan({.prompt = p, .seconds = 2});
    if (sb.ok()) {
      EXPECT_TRUE(Validate(*sb).ok());
    }
  }
}

}  // namespace
}  // namespace kinora::engine
