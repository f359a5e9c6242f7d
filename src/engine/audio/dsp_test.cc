// Tests of the building blocks: text clean-up, DSP kit, ambience beds.
#include "engine/audio/dsp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/audio/ambience.h"
#include "engine/audio/audio_test_util.h"
#include "engine/audio/speech_text.h"

namespace kinora::engine::audio {
namespace {

using internal::HasWordCharacters;
using internal::SpeakableAscii;
using internal::SpeakableUtf8;

std::vector<float> Sine(double hz, double amplitude, double seconds, int rate, int channels) {
  std::vector<float> x(static_cast<size_t>(seconds * rate) * channels);
  for (size_t i = 0; i < x.size() / channels; ++i) {
    for (int c = 0; c < channels; ++c) {
      x[i * channels + c] = static_cast<float>(amplitude * std::sin(2 * dsp::kPi * hz * i / rate));
    }
  }
  return x;
}

TEST(SpeechTextTest, SpeakableUtf8CleansControlsAndWhitespace) {
  const std::string nul_inside("Hi\0there", 8);
  EXPECT_EQ(SpeakableUtf8(nul_inside), "Hi there");
  EXPECT_EQ(SpeakableUtf8("  \t hello \n\n  world \x7f "), "hello world");
  EXPECT_EQ(SpeakableUtf8("zero\xe2\x80\x8bwidth"), "zerowidth");
  EXPECT_EQ(SpeakableUtf8("\xff\xfe"), "");
  EXPECT_EQ(SpeakableUtf8("안녕하세요"), "안녕하세요");
}

TEST(SpeechTextTest, SpeakableAsciiFoldsLatinAndPunctuation) {
  EXPECT_EQ(SpeakableAscii("Café – “quoted” naïve Straße… ¿Sí?"),
            "Cafe - \"quoted\" naive Strasse... ?Si?");
  EXPECT_EQ(SpeakableAscii("你好"), "");
  EXPECT_TRUE(HasWordCharacters("... a"));
  EXPECT_TRUE(HasWordCharacters("你好"));
  EXPECT_FALSE(HasWordCharacters("... !? —"));
}

TEST(DspTest, RngIsDeterministicAndInRange) {
  dsp::Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.Uniform();
    ASSERT_EQ(x, b.Uniform());
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
    differs |= x != c.Uniform();
    const int k = a.Int(2, 5);
    b.Int(2, 5), c.Int(2, 5);
    ASSERT_GE(k, 2);
    ASSERT_LE(k, 5);
  }
  EXPECT_TRUE(differs);
}

TEST(DspTest, ConstantPowerPanKeepsPower) {
  for (double pan : {-1.0, -0.35, 0.0, 0.2, 1.0}) {
    const auto [l, r] = dsp::ConstantPowerPan(pan);
    EXPECT_NEAR(l * l + r * r, 1.0, 1e-6);
  }
  EXPECT_GT(dsp::ConstantPowerPan(-0.35).first, dsp::ConstantPowerPan(-0.35).second);
}

TEST(DspTest, LoudnessOfAReferenceSine) {
  // BS.1770: a 997 Hz sine at -20 dBFS in both channels of a stereo pair
  // measures about -20 LUFS (two channels add 3 dB, K-weighting ~+0.7 dB at
  // 1 kHz offsets the -0.691 constant, the sine's RMS is -3 dB).
  const std::vector<float> sine = Sine(997, 0.1, 3.0, 48000, 2);
  EXPECT_NEAR(dsp::IntegratedLoudness(sine, 2), -20.0, 0.3);
  EXPECT_EQ(dsp::IntegratedLoudness(std::vector<float>(96000, 0.0f), 2), -100.0);
}

TEST(DspTest, LimiterCapsPeaksAndLeavesQuietAudioAlone) {
  std::vector<float> loud = Sine(220, 0.5, 1.0, 48000, 2);
  for (size_t i = 20000; i < 20100; ++i) loud[i] *= 4.0f;  // a burst to 2.0
  const std::vector<float> limited = dsp::LimitPeaks(loud, 2, 0.89f);
  float peak = 0;
  for (float s : limited) peak = std::max(peak, std::fabs(s));
  EXPECT_LE(peak, 0.89f);
  EXPECT_GT(peak, 0.8f);
  const std::vector<float> quiet = Sine(220, 0.3, 0.5, 48000, 2);
  EXPECT_EQ(dsp::LimitPeaks(quiet, 2, 0.89f), quiet);
}

TEST(DspTest, ResampleKeepsDurationAndPitch) {
  const std::vector<float> in = Sine(1000, 0.5, 1.0, 16000, 1);
  auto out = dsp::ResampleMono(in, 16000, 48000);
  ASSERT_TRUE(out.ok());
  EXPECT_NEAR(static_cast<double>(out->size()), 48000.0, 64.0);
  int crossings = 0;
  for (size_t i = 1; i < out->size(); ++i) crossings += ((*out)[i - 1] < 0) != ((*out)[i] < 0);
  EXPECT_NEAR(crossings, 2000, 10);
  auto again = dsp::ResampleMono(in, 16000, 48000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*out, *again);
}

TEST(DspTest, WhisperizeRemovesPitchButKeepsLevel) {
  std::vector<float> voiced(48000);
  for (size_t i = 0; i < voiced.size(); ++i) {
    double v = 0;
    for (int h = 1; h <= 10; ++h) v += std::sin(2 * dsp::kPi * 200 * h * i / 48000.0) / h;
    voiced[i] = static_cast<float>(0.2 * v);
  }
  const std::vector<float> whisper = dsp::Whisperize(voiced, 7);
  ASSERT_EQ(whisper.size(), voiced.size());
  EXPECT_GT(test_util::VoicedFraction(voiced, 48000), 0.9);
  EXPECT_LT(test_util::VoicedFraction(whisper, 48000), 0.3);
  const double ratio = test_util::MonoRms(whisper) / test_util::MonoRms(voiced);
  EXPECT_GT(ratio, 0.3);
  EXPECT_LT(ratio, 1.5);
}

TEST(AmbienceTest, SettingsMapToBeds) {
  Setting beach;
  beach.place = "beach";
  EXPECT_GT(AmbienceFor(beach).surf, 0);
  Setting park;
  park.place = "park";
  EXPECT_GT(AmbienceFor(park).birds, 0);
  park.time_of_day = "night";
  EXPECT_EQ(AmbienceFor(park).birds, 0);
  EXPECT_GT(AmbienceFor(park).crickets, 0);
  Setting office;
  office.place = "office";
  office.weather = "rain";
  EXPECT_GT(AmbienceFor(office).room, 0);
  EXPECT_GT(AmbienceFor(office).rain, 0);
}

TEST(AmbienceTest, EveryPlaceRendersAQuietDeterministicBed) {
  for (std::string_view place : kPlaces) {
    Setting setting;
    setting.place = std::string(place);
    const AmbienceLayers layers = AmbienceFor(setting);
    const std::vector<float> bed = RenderAmbience(layers, 48000 * 3, 11);
    ASSERT_EQ(bed.size(), 48000u * 3 * 2) << place;
    float peak = 0;
    for (float s : bed) {
      ASSERT_TRUE(std::isfinite(s)) << place;
      peak = std::max(peak, std::fabs(s));
    }
    EXPECT_LT(peak, 0.5f) << place;
    EXPECT_NEAR(dsp::IntegratedLoudness(bed, 2), kAmbienceLufs, 1.0) << place;
    EXPECT_EQ(bed, RenderAmbience(layers, 48000 * 3, 11)) << place;
    EXPECT_NE(bed, RenderAmbience(layers, 48000 * 3, 12)) << place;
    test_util::MaybeDumpWav("ambience_" + std::string(place), bed, 2, 48000);
  }
}

}  // namespace
}  // namespace kinora::engine::audio
