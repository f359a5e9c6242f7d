#include "media/wav_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <vector>

#include "media/probe.h"

namespace kinora::media {
namespace {

namespace fs = std::filesystem;

class WavWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_wav_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::vector<uint8_t> Bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static uint32_t U32(const std::vector<uint8_t>& b, size_t at) {
    return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
  }
  static uint16_t U16(const std::vector<uint8_t>& b, size_t at) {
    return static_cast<uint16_t>(b[at] | b[at + 1] << 8);
  }
  static int32_t S24(const std::vector<uint8_t>& b, size_t at) {
    const auto u = static_cast<uint32_t>(b[at] | b[at + 1] << 8 | b[at + 2] << 16);
    return static_cast<int32_t>(u << 8) >> 8;
  }

  fs::path dir_;
};

TEST_F(WavWriterTest, WritesA24BitPcmHeaderAndSamples) {
  AudioBuffer audio;
  audio.sample_rate = 48000;
  audio.channels = 2;
  audio.samples = {0.0f, 1.0f, -1.0f, 0.5f, 2.0f, std::numeric_limits<float>::quiet_NaN()};
  const fs::path path = dir_ / "a.wav";
  ASSERT_TRUE(WriteWav(path.string(), audio).ok());
  const std::vector<uint8_t> b = Bytes(path);
  ASSERT_EQ(b.size(), 44u + 6 * 3);
  EXPECT_EQ(std::memcmp(b.data(), "RIFF", 4), 0);
  EXPECT_EQ(U32(b, 4), b.size() - 8);
  EXPECT_EQ(std::memcmp(b.data() + 8, "WAVEfmt ", 8), 0);
  EXPECT_EQ(U32(b, 16), 16u);
  EXPECT_EQ(U16(b, 20), 1);  // PCM
  EXPECT_EQ(U16(b, 22), 2);
  EXPECT_EQ(U32(b, 24), 48000u);
  EXPECT_EQ(U32(b, 28), 48000u * 6);
  EXPECT_EQ(U16(b, 32), 6);
  EXPECT_EQ(U16(b, 34), 24);
  EXPECT_EQ(std::memcmp(b.data() + 36, "data", 4), 0);
  EXPECT_EQ(U32(b, 40), 18u);
  EXPECT_EQ(S24(b, 44), 0);
  EXPECT_EQ(S24(b, 47), 8388607);
  EXPECT_EQ(S24(b, 50), -8388607);
  EXPECT_EQ(S24(b, 53), 4194304);
  EXPECT_EQ(S24(b, 56), 8388607);  // clamped
  EXPECT_EQ(S24(b, 59), 0);        // not a number: silence

  auto info = Probe(path.string());
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  const StreamInfo* s = info->First("audio");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->codec, "pcm_s24le");
  EXPECT_EQ(s->sample_rate, 48000);
  EXPECT_EQ(s->channels, 2);
}

TEST_F(WavWriterTest, ReplacesAtomicallyAndLeavesNoTemporaryFiles) {
  AudioBuffer audio;
  audio.samples.assign(48000 * 2, 0.25f);
  const fs::path path = dir_ / "b.wav";
  ASSERT_TRUE(WriteWav(path.string(), audio).ok());
  audio.samples.resize(4800 * 2);
  ASSERT_TRUE(WriteWav(path.string(), audio).ok());
  EXPECT_EQ(fs::file_size(path), 44u + 4800 * 2 * 3);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  auto missing = WriteWav((dir_ / "no" / "c.wav").string(), audio);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kIo);
  audio.channels = 0;
  EXPECT_EQ(WriteWav((dir_ / "d.wav").string(), audio).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace kinora::media
