#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kinora::core {
namespace {

TEST(ConfigTest, FlagsBeatEnvironmentBeatFileBeatDefaults) {
  auto path = std::filesystem::temp_directory_path() / "kinora_config_test.json";
  {
    std::ofstream out(path);
    out << R"({"listen": "0.0.0.0:9000", "data-dir": "/srv/kinora", "workers": 3})";
  }
  ConfigLayers c;
  c.SetDefault("listen", "127.0.0.1:8080");
  c.SetDefault("data-dir", "./var");
  c.SetDefault("log-level", "info");
  ASSERT_TRUE(c.LoadFile(path.string()));
  std::string e1 = "KINORA_DATA_DIR=/env/dir", e2 = "OTHER=1", e3 = "KINORA_WORKERS=5";
  char* envp[] = {e1.data(), e2.data(), e3.data(), nullptr};
  c.LoadEnvironment(envp);
  c.SetFlag("workers", "7");

  EXPECT_EQ(c.Get("log-level")->value, "info");
  EXPECT_EQ(c.Get("log-level")->source, ConfigSource::kDefault);
  EXPECT_EQ(c.Get("listen")->value, "0.0.0.0:9000");
  EXPECT_EQ(c.Get("listen")->source, ConfigSource::kFile);
  EXPECT_EQ(c.Get("data-dir")->value, "/env/dir");
  EXPECT_EQ(c.Get("data-dir")->source, ConfigSource::kEnvironment);
  EXPECT_EQ(c.Get("workers")->value, "7");
  EXPECT_EQ(c.Get("workers")->source, ConfigSource::kFlag);
  EXPECT_FALSE(c.Get("other").has_value());
  std::filesystem::remove(path);
}

TEST(ConfigTest, BadFilesAreClearErrors) {
  ConfigLayers c;
  auto missing = c.LoadFile("/nonexistent/kinora.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);

  auto path = std::filesystem::temp_directory_path() / "kinora_config_bad.json";
  { std::ofstream(path) << "[1,2"; }
  auto bad = c.LoadFile(path.string());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  { std::ofstream(path) << R"({"listen": {"nested": true}})"; }
  EXPECT_FALSE(c.LoadFile(path.string()));
  std::filesystem::remove(path);
}

TEST(ConfigTest, EnvironmentNames) {
  EXPECT_EQ(EnvironmentName("data-dir"), "KINORA_DATA_DIR");
  EXPECT_EQ(EnvironmentName("listen"), "KINORA_LISTEN");
}

}  // namespace
}  // namespace kinora::core
