#include "engine/engine_factory.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "media/probe.h"

namespace kinora::engine {
namespace {

namespace fs = std::filesystem;

TEST(EngineFactoryTest, RejectsUnknownKindsAndIncompleteRemoteSettings) {
  EngineConfig config;
  config.kind = "magic";
  auto bad = NewEngine(config);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().detail, "engine");

  config.kind = "openai-compatible";
  EXPECT_EQ(ValidateEngineConfig(config).error().detail, "engine-url");
  config.url = "https://api.openai.com/v1";
  EXPECT_EQ(ValidateEngineConfig(config).error().detail, "engine-api-key");
  config.api_key = "sk-x";
  EXPECT_TRUE(ValidateEngineConfig(config).ok());
  config.timeout = std::chrono::seconds(0);
  EXPECT_EQ(ValidateEngineConfig(config).error().detail, "engine-timeout");
  // Remote settings do not matter to the other kinds.
  config.kind = "noop";
  EXPECT_TRUE(ValidateEngineConfig(config).ok());
}

TEST(EngineFactoryTest, NoopEngineWritesAValidClipAndHonoursCancel) {
  auto engine = NewEngine({.kind = "noop"});
  ASSERT_TRUE(engine.ok()) << engine.error().ToString();
  EXPECT_EQ((*engine)->Name(), "noop");

  const fs::path dir =
      fs::temp_directory_path() / ("kinora_noop_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  GenerateRequest request;
  request.prompt = "a dog runs on a beach";
  request.seconds = 2;
  request.output_path = (dir / "a.mp4").string();
  std::vector<double> fractions;
  auto result = (*engine)->Generate(
      request, [&](const Progress& p) { fractions.push_back(p.fraction); }, nullptr);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_FALSE(result->storyboard.shots.empty());
  ASSERT_FALSE(fractions.empty());
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_EQ(fractions.back(), 1.0);
  auto info = media::Probe(request.output_path);
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  ASSERT_NE(info->First("video"), nullptr);
  ASSERT_NE(info->First("audio"), nullptr);
  EXPECT_NEAR(info->duration, result->seconds, 0.2);

  // A second call gives an identical file; a cancelled one leaves none.
  request.output_path = (dir / "b.mp4").string();
  ASSERT_TRUE((*engine)->Generate(request, nullptr, nullptr).ok());
  EXPECT_EQ(fs::file_size(dir / "a.mp4"), fs::file_size(dir / "b.mp4"));
  std::atomic<bool> cancel{true};
  request.output_path = (dir / "c.mp4").string();
  auto cancelled = (*engine)->Generate(request, nullptr, &cancel);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().code, core::ErrorCode::kCancelled);
  EXPECT_FALSE(fs::exists(dir / "c.mp4"));
  // Nothing but the two outputs: no partial files left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);

  // An output folder that does not exist is an error, not a crash.
  request.output_path = (dir / "missing" / "d.mp4").string();
  EXPECT_FALSE((*engine)->Generate(request, nullptr, nullptr).ok());
  // A bad storyboard is refused as it would be by the local engine.
  request.output_path = (dir / "e.mp4").string();
  request.storyboard = Storyboard{};
  auto invalid = (*engine)->Generate(request, nullptr, nullptr);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, core::ErrorCode::kInvalidArgument);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kinora::engine
