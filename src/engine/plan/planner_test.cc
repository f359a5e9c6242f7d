#include "engine/plan/planner.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/plan/copywriter.h"
#include "engine/plan/language.h"
#include "engine/plan/vocabulary.h"

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

TEST(PlannerTest, BadInputGivesPreciseErrors) {
  auto empty = Plan({.prompt = ""});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().message, "prompt is required");
  EXPECT_EQ(empty.error().detail, "prompt");

  auto huge = Plan({.prompt = std::string(10000, 'a')});
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(huge.error().detail, "prompt");
  EXPECT_EQ(huge.error().message, "prompt is longer than 4000 bytes (it has 10000)");
  EXPECT_TRUE(Plan({.prompt = std::string(4000, 'a')}).ok());

  auto controls = Plan({.prompt = "\x01\x02\x1b\x7f"});
  ASSERT_FALSE(controls.ok());
  EXPECT_EQ(controls.error().detail, "prompt");
  EXPECT_EQ(controls.error().message, "prompt has no visible text, only control characters");
  EXPECT_EQ(Plan({.prompt = "a dog", .fps = 0}).error().detail, "fps");
}

TEST(PlannerTest, ControlCharactersAreRemovedAndReported) {
  auto sb = MustPlan("A dog\x01 on a\x07 beach\x1b[31m at \u202Enight\r\nsays \"hi\"");
  EXPECT_EQ(sb.shots[0].setting.place, "beach");
  EXPECT_EQ(sb.shots[0].setting.time_of_day, "night");
  EXPECT_EQ(sb.origin.prompt.find('\x01'), std::string::npos);
  EXPECT_EQ(sb.origin.prompt.find('\r'), std::string::npos);
  EXPECT_EQ(sb.origin.prompt.find("\u202E"), std::string::npos);
  ASSERT_FALSE(sb.warnings.empty());
  EXPECT_EQ(sb.warnings[0], "removed 4 control character(s) from the prompt");
  // Newlines and tabs are text, not control.
  auto lines = MustPlan("Shot 1:\ta dog runs\nShot 2:\ta cat sleeps", 4);
  EXPECT_EQ(lines.shots.size(), 2u);
  EXPECT_TRUE(lines.warnings.empty());
}

TEST(PlannerTest, InvalidUtf8IsRepairedNotFatal) {
  auto sb = MustPlan("\xff\xfe A dog \xc3 on a beach says \"hi \xe2\x82\" \xed\xa0\x80 \xc0\xaf");
  EXPECT_EQ(sb.shots[0].setting.place, "beach");
  const std::string dumped = ToJson(sb).dump();  // throws on invalid UTF-8
  EXPECT_FALSE(dumped.empty());
  bool warned = false;
  for (const auto& w : sb.warnings) warned |= w.find("not valid UTF-8") != std::string::npos;
  EXPECT_TRUE(warned);
  ASSERT_EQ(sb.shots[0].dialogue.size(), 1u);
  // Each malformed sequence (here the truncated "\xe2\x82") becomes one U+FFFD.
  EXPECT_EQ(sb.shots[0].dialogue[0].text, "hi \uFFFD");
}

TEST(PlannerTest, RandomBytesNeverCrash) {
  uint64_t state = 12345;
  const auto next = [&] {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  static const std::string kPieces[] = {"a dog ",   "\"",     "then ", "shot 1: ",   "\xc3",
                                        "\xe2\x80", "\u00AB", "says ", "Mia ",       "in Korean ",
                                        "1. ",      "\xff",   "'",     "an ad for ", "\n",
                                        "\u300C",   "named ", ", "};
  for (int i = 0; i < 400; ++i) {
    std::string prompt;
    const size_t n = next() % 60;
    for (size_t k = 0; k < n; ++k) {
      if (next() % 3 == 0) {
        prompt += static_cast<char>(next() % 256);
      } else {
        prompt += kPieces[next() % std::size(kPieces)];
      }
    }
    auto sb =
        Plan({.prompt = prompt, .seconds = 1.0 + static_cast<double>(next() % 20), .seed = next()});
    if (!sb.ok()) {
      EXPECT_EQ(sb.error().detail, "prompt") << sb.error().ToString();
      continue;
    }
    EXPECT_TRUE(Validate(*sb).ok());
    EXPECT_FALSE(ToJson(*sb).dump().empty());
  }
}

TEST(PlannerTest, TablesOnlyYieldVocabularyValues) {
  const auto in = [](const std::vector<std::string_view>& vocab, std::string_view v) {
    return std::find(vocab.begin(), vocab.end(), v) != vocab.end();
  };
  const std::pair<const plan::TermTable*, const std::vector<std::string_view>*> tables[] = {
      {&plan::kPlaceTerms, &kPlaces},     {&plan::kTimeTerms, &kTimesOfDay},
      {&plan::kWeatherTerms, &kWeathers}, {&plan::kStyleTerms, &kStyles},
      {&plan::kMoodTerms, &kMoods},       {&plan::kVerbTerms, &kVerbs},
      {&plan::kFramingTerms, &kFramings}, {&plan::kMoveTerms, &kCameraMoves},
      {&plan::kSfxTerms, &kSfxKinds},     {&plan::kEmotionTerms, &kEmotions},
  };
  for (auto [table, vocab] : tables) {
    for (const plan::Term& t : table->terms) {
      if (!t.value.empty()) {
        EXPECT_TRUE(in(*vocab, t.value)) << t.word << " -> " << t.value;
      }
    }
  }
  for (const plan::CastTerm& t : plan::CastTerms()) {
    EXPECT_TRUE(in(kCastKinds, t.kind)) << t.word;
    if (!t.role_verb.empty()) {
      EXPECT_TRUE(in(kVerbs, t.role_verb)) << t.word;
    }
    if (!t.place.empty()) {
      EXPECT_TRUE(in(kPlaces, t.place)) << t.word;
    }
  }
  for (std::string_view verb : kVerbs) EXPECT_NE(plan::PerformerForVerb(verb), nullptr) << verb;
}

TEST(PlannerTest, NamesBecomeIds) {
  auto sb = MustPlan("Zoë and Élodie dance while Rohan skates");
  EXPECT_NE(sb.FindCast("zoe"), nullptr);
  EXPECT_NE(sb.FindCast("elodie"), nullptr);
  ASSERT_NE(sb.FindCast("rohan"), nullptr);
  EXPECT_EQ(sb.FindCast("zoe")->name, "Zoë");
}

TEST(PlannerTest, ProductNames) {
  EXPECT_EQ(plan::ProductName("a top hat with giant feathers"), "The Feathered Top Hat");
  EXPECT_EQ(plan::ProductName("Nimbus sneakers"), "Nimbus Sneakers");
  EXPECT_EQ(plan::ProductName("a glowing teapot"), "The Glowing Teapot");
  EXPECT_EQ(plan::ProductName("a mug with stripes"), "The Striped Mug");
  EXPECT_EQ(plan::ProductName("a backpack with wheels"), "The Wheeled Backpack");
  EXPECT_EQ(plan::ProductName(""), "");
}

TEST(PlannerTest, LanguagesAndThePhrasebook) {
  EXPECT_EQ(DetectLanguage("Bonjour", "two people talk in Korean and French"), "fr");
  EXPECT_EQ(DetectLanguage("Enchantée", ""), "fr");
  EXPECT_EQ(DetectLanguage("hello", "she says in Korean"), "ko");
  EXPECT_EQ(plan::Translate("Hello, world!", "fr").value_or(""), "Bonjour le monde");
  EXPECT_EQ(plan::Translate("Happy birthday, Mia!", "ko").value_or(""), "생일 축하해, Mia!");
  EXPECT_EQ(plan::Translate("안녕하세요!", "en").value_or(""), "Hello!");
  EXPECT_FALSE(plan::Translate("The pizza is great", "fr").has_value());
  EXPECT_EQ(plan::NamedLanguages("two people talk in korean and french"),
            (std::vector<std::string>{"ko", "fr"}));
}

TEST(PlannerTest, SurvivesHostileText) {
  for (std::string p : {std::string(3000, '9') + ". a dog 1. a cat 2. a cow",
                        std::string("shot 99999999999999999999: a dog. 1234567890123-year-old man"),
                        std::string("\"\"\"\""), std::string("\xff\xfe\"\xc3\" then then then"),
                        std::string("“unterminated"), std::string(3999, '"')}) {
    auto sb = Plan({.prompt = p, .seconds = 2});
    if (sb.ok()) {
      EXPECT_TRUE(Validate(*sb).ok());
    }
  }
}

}  // namespace
}  // namespace kinora::engine
