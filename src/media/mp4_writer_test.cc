#include "media/mp4_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "media/aac.h"
#include "media/probe.h"

namespace kinora::media {
namespace {

namespace fs = std::filesystem;

class Mp4WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_media_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `seconds` of a moving colour gradient and a 440 Hz tone.
  std::string WriteClip(const std::string& name, int w, int h, int fps, double seconds) {
    std::string path = (dir_ / name).string();
    Mp4Options options{.width = w, .height = h, .fps = fps, .preset = "veryfast"};
    auto writer = Mp4Writer::Open(path, options);
    EXPECT_TRUE(writer.ok()) << (writer.ok() ? "" : writer.error().ToString());
    if (!writer.ok()) return path;
    const int frames = static_cast<int>(std::lround(seconds * fps));
    const size_t samples_per_frame = 48000 / fps;
    std::vector<float> pcm(samples_per_frame * 2);
    size_t sample = 0;
    RgbaImage img(w, h);
    for (int f = 0; f < frames; ++f) {
      for (int y = 0; y < h; ++y) {
        uint8_t* row = img.Row(y);
        for (int x = 0; x < w; ++x) {
          row[4 * x] = static_cast<uint8_t>((x + f * 4) & 255);
          row[4 * x + 1] = static_cast<uint8_t>(y & 255);
          row[4 * x + 2] = 128;
          row[4 * x + 3] = 255;
        }
      }
      EXPECT_TRUE((*writer)->WriteVideoFrame(img).ok());
      for (size_t i = 0; i < samples_per_frame; ++i, ++sample) {
        float v = 0.5f * std::sin(2 * M_PI * 440.0 * sample / 48000.0);
        pcm[2 * i] = pcm[2 * i + 1] = v;
      }
      EXPECT_TRUE((*writer)->WriteAudio(pcm.data(), samples_per_frame).ok());
    }
    EXPECT_TRUE((*writer)->Finish().ok());
    return path;
  }

  fs::path dir_;
};

TEST_F(Mp4WriterTest, WritesH264HighAndAacLcWithFaststart) {
  auto path = WriteClip("a.mp4", 320, 240, 24, 2.0);
  auto info = Probe(path);
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  const StreamInfo* v = info->First("video");
  const StreamInfo* a = info->First("audio");
  ASSERT_NE(v, nullptr);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(v->codec, "h264");
  EXPECT_EQ(v->profile, "High");
  EXPECT_EQ(v->pixel_format, "yuv420p");
  EXPECT_EQ(v->width, 320);
  EXPECT_EQ(v->height, 240);
  EXPECT_EQ(v->frames, 48);
  EXPECT_NEAR(v->frame_rate, 24.0, 1e-6);
  EXPECT_EQ(a->codec, "aac");
  EXPECT_EQ(a->profile, "LC");
  EXPECT_EQ(a->sample_rate, 48000);
  EXPECT_EQ(a->channels, 2);
  EXPECT_NEAR(info->duration, 2.0, 1.0 / 24);
  EXPECT_NEAR(a->duration, 2.0, 1.0 / 24);
  EXPECT_TRUE(info->index_at_front);
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

TEST_F(Mp4WriterTest, DecodesBackWhatWasWritten) {
  auto path = WriteClip("b.mp4", 160, 96, 12, 1.0);
  int64_t frames = 0;
  double red_first = 0;
  size_t audio_frames = 0;
  double energy = 0;
  DecodeSinks sinks;
  sinks.video = [&](const RgbaImage& img, int64_t index) {
    ++frames;
    if (index == 0) {
      for (int x = 0; x < 16; ++x) red_first += img.Row(48)[4 * (40 + x)];
      red_first /= 16;
    }
  };
  sinks.audio = [&](const float* pcm, size_t n) {
    for (size_t i = 0; i < n * 2; ++i) energy += pcm[i] * pcm[i];
    audio_frames += n;
  };
  ASSERT_TRUE(Decode(path, sinks).ok());
  EXPECT_EQ(frames, 12);
  EXPECT_NEAR(red_first, 47.5, 12.0);  // the gradient's red is x at frame 0
  EXPECT_NEAR(static_cast<double>(audio_frames), 48000.0, 1024.0);
  double rms = std::sqrt(energy / (2.0 * audio_frames));
  EXPECT_NEAR(rms, 0.5 / std::sqrt(2.0), 0.05);
}

TEST_F(Mp4WriterTest, SameInputGivesSameBytes) {
  auto a = WriteClip("c1.mp4", 128, 128, 24, 0.5);
  auto b = WriteClip("c2.mp4", 128, 128, 24, 0.5);
  EXPECT_EQ(fs::file_size(a), fs::file_size(b));
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  std::string sa((std::istreambuf_iterator<char>(fa)), {});
  std::string sb((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_TRUE(sa == sb);
}

TEST_F(Mp4WriterTest, BadArgumentsAndUnwritablePaths) {
  EXPECT_EQ(Mp4Writer::Open((dir_ / "x.mp4").string(), {.width = 321, .height = 240}).error().code,
            core::ErrorCode::kInvalidArgument);
  auto w = Mp4Writer::Open("/nonexistent-dir/x.mp4", {.width = 64, .height = 64});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, core::ErrorCode::kIo);
  auto ok = Mp4Writer::Open((dir_ / "y.mp4").string(), {.width = 64, .height = 64});
  ASSERT_TRUE(ok.ok());
  RgbaImage wrong(32, 32);
  EXPECT_EQ((*ok)->WriteVideoFrame(wrong).error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(Mp4WriterTest, AbandonedWriterLeavesNothingBehind) {
  auto path = (dir_ / "z.mp4").string();
  {
    auto w = Mp4Writer::Open(path, {.width = 64, .height = 64, .preset = "veryfast"});
    ASSERT_TRUE(w.ok());
    RgbaImage img(64, 64);
    ASSERT_TRUE((*w)->WriteVideoFrame(img).ok());
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

TEST(AacTest, RoundTripKeepsTheSoundAndItsLevel) {
  AudioBuffer tone;
  tone.samples.resize(48000 * 2);
  for (size_t i = 0; i < 48000; ++i) {
    const float v = 0.5f * std::sin(2.0f * 3.14159265f * 440.0f * static_cast<float>(i) / 48000);
    tone.samples[2 * i] = tone.samples[2 * i + 1] = v;
  }
  auto heard = AacRoundTrip(tone);
  ASSERT_TRUE(heard.ok()) << heard.error().ToString();
  EXPECT_GE(heard->frames(), tone.frames());  // plus the encoder's priming
  EXPECT_LE(heard->frames(), tone.frames() + 4096);
  double energy_in = 0, energy_out = 0;
  float peak = 0;
  for (float v : tone.samples) energy_in += v * v;
  for (float v : heard->samples) {
    energy_out += v * v;
    peak = std::max(peak, std::fabs(v));
  }
  EXPECT_NEAR(energy_out / energy_in, 1.0, 0.05);
  EXPECT_NEAR(peak, 0.5f, 0.05f);
  AudioBuffer mono;
  mono.channels = 1;
  EXPECT_FALSE(AacRoundTrip(mono).ok());
}

}  // namespace
}  // namespace kinora::media
