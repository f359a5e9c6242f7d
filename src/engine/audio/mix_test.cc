// Tests of the mixer and master: loudness and true peak as libebur128
// measures them, ducking, stems, silence and short clips.
#include "engine/audio/mix.h"

#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "engine/audio/ambience.h"
#include "engine/audio/audio_test_util.h"
#include "engine/audio/dsp.h"

namespace kinora::engine::audio {
namespace {

constexpr int kRate = 48000;

size_t At(double seconds) { return static_cast<size_t>(std::llround(seconds * kRate)); }

// libebur128 directly, so the checks do not lean on MeasureLoudness.
struct Measured {
  double lufs = 0;
  double true_peak_dbtp = 0;
};

Measured Ebur128(const std::vector<float>& stereo, size_t begin = 0, size_t end = SIZE_MAX) {
  end = std::min(end, stereo.size() / 2);
  ebur128_state* st = ebur128_init(2, kRate, EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
  EXPECT_NE(st, nullptr);
  Measured m;
  ebur128_add_frames_float(st, stereo.data() + 2 * begin, end - begin);
  if (end - begin >= At(0.4)) {
    ebur128_loudness_global(st, &m.lufs);
  } else {
    ebur128_loudness_window(st, (end - begin) * 1000 / kRate, &m.lufs);
  }
  double peak = 0;
  for (unsigned c = 0; c < 2; ++c) {
    double p = 0;
    ebur128_true_peak(st, c, &p);
    peak = std::max(peak, p);
  }
  m.true_peak_dbtp = 20 * std::log10(peak);
  ebur128_destroy(&st);
  return m;
}

double RmsDb(const std::vector<float>& stereo, double from, double to) {
  return dsp::GainToDb(dsp::Rms(stereo, 2, At(from), At(to)));
}

// Speech-like: a gliding 140 Hz voice with harmonics in 4 Hz syllables
// between `from` and `to` seconds, centred.
std::vector<float> Voice(size_t frames, double from, double to, double amplitude = 0.1) {
  std::vector<float> x(frames * 2, 0.0f);
  double phase = 0;
  for (size_t i = At(from); i < std::min(frames, At(to)); ++i) {
    const double t = static_cast<double>(i) / kRate - from;
    phase += 2 * dsp::kPi * (140 + 12 * std::sin(2 * dsp::kPi * 1.3 * t)) / kRate;
    double v = 0;
    for (int k = 1; k <= 20; ++k) v += std::sin(k * phase) / k;
    const double syllable = 0.5 - 0.5 * std::cos(2 * dsp::kPi * 4 * t);
    x[2 * i] = x[2 * i + 1] = static_cast<float>(amplitude * syllable * v);
  }
  return x;
}

// A steady A-minor chord with a kick every half second, hot on purpose.
std::vector<float> Music(size_t frames, double amplitude = 0.25, bool kick = true) {
  std::vector<float> x(frames * 2);
  for (size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / kRate;
    double v = 0;
    for (double f : {220.0, 261.63, 329.63, 440.0}) {
      v += std::sin(2 * dsp::kPi * f * t) + 0.3 * std::sin(4 * dsp::kPi * f * t);
    }
    v *= amplitude / 2;
    if (kick) {
      const double since = std::fmod(t, 0.5);
      v += 0.8 * std::exp(-since * 20) * std::sin(2 * dsp::kPi * 55 * since);
    }
    x[2 * i] = static_cast<float>(v);
    x[2 * i + 1] = static_cast<float>(0.9 * v);
  }
  return x;
}

// Pink noise at the bed level, kAmbienceLufs.
std::vector<float> Bed(size_t frames, uint64_t seed = 7) {
  std::vector<float> x(frames * 2);
  dsp::Rng rng(seed);
  dsp::PinkNoise left, right;
  for (size_t i = 0; i < frames; ++i) {
    x[2 * i] = left.Process(rng.Bipolar());
    x[2 * i + 1] = right.Process(rng.Bipolar());
  }
  const auto gain =
      static_cast<float>(dsp::DbToGain(kAmbienceLufs - dsp::IntegratedLoudness(x, 2)));
  for (float& v : x) v *= gain;
  return x;
}

// Hard transients: a decaying noise burst at full scale every 0.7 s.
std::vector<float> Impacts(size_t frames) {
  std::vector<float> x(frames * 2, 0.0f);
  dsp::Rng rng(11);
  for (double t0 = 0.3; t0 < static_cast<double>(frames) / kRate; t0 += 0.7) {
    for (size_t i = At(t0); i < std::min(frames, At(t0 + 0.15)); ++i) {
      const double env = std::exp(-(static_cast<double>(i) / kRate - t0) * 40);
      x[2 * i] = static_cast<float>(0.95 * env * rng.Bipolar());
      x[2 * i + 1] = static_cast<float>(0.95 * env * rng.Bipolar());
    }
  }
  return x;
}

MixedAudio MixOrDie(MixBuses buses, size_t frames, const MixSettings& settings = {}) {
  auto mixed = MixAndMaster(std::move(buses), frames, settings);
  EXPECT_TRUE(mixed.ok()) << (mixed.ok() ? "" : mixed.error().ToString());
  return mixed.ok() ? std::move(*mixed) : MixedAudio{};
}

void ExpectMastered(const MixedAudio& mixed, size_t frames, const char* what) {
  ASSERT_EQ(mixed.master.frames(), frames) << what;
  EXPECT_EQ(mixed.master.sample_rate, 48000);
  EXPECT_EQ(mixed.master.channels, 2);
  const Measured m = Ebur128(mixed.master.samples);
  EXPECT_NEAR(m.lufs, kTargetLufs, 1.0) << what;
  EXPECT_LE(m.true_peak_dbtp, kTruePeakCeilingDbtp) << what;
  // What the mixer reports is what libebur128 measures.
  EXPECT_NEAR(mixed.loudness.integrated_lufs, m.lufs, 1e-6) << what;
  EXPECT_NEAR(mixed.loudness.true_peak_dbtp, m.true_peak_dbtp, 1e-6) << what;
  test_util::MaybeDumpWav(std::string("mix_") + what, mixed.master.samples, 2, kRate);
}

TEST(MixTest, MeasuresAReferenceSine) {
  std::vector<float> sine(At(3) * 2);
  for (size_t i = 0; i < sine.size() / 2; ++i) {
    sine[2 * i] = sine[2 * i + 1] =
        static_cast<float>(0.1 * std::sin(2 * dsp::kPi * 997 * i / kRate));
  }
  auto m = MeasureLoudness(sine);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(m->integrated_lufs, -20.0, 0.1);
  EXPECT_NEAR(m->true_peak_dbtp, -20.0, 0.1);
  sine.resize(At(0.2) * 2);  // shorter than a gating block: one block
  m = MeasureLoudness(sine);
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(m->integrated_lufs, -20.0, 0.2);
  auto silence = MeasureLoudness(std::vector<float>(At(1) * 2, 0.0f));
  ASSERT_TRUE(silence.ok());
  EXPECT_EQ(silence->integrated_lufs, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(silence->true_peak_dbtp, -std::numeric_limits<double>::infinity());
}

TEST(MixTest, DialogueOnlyMeetsLoudnessAndTruePeak) {
  const size_t frames = At(6);
  for (double amplitude : {0.02, 0.1, 0.6}) {  // whispered, normal, shouted takes
    MixBuses buses;
    buses.dialogue = Voice(frames, 0.5, 5.0, amplitude);
    const MixedAudio mixed = MixOrDie(std::move(buses), frames);
    ExpectMastered(mixed, frames, "dialogue_only");
  }
}

TEST(MixTest, MusicOnlyMeetsLoudnessAndTruePeak) {
  const size_t frames = At(5);
  MixBuses buses;
  buses.music = Music(frames);
  const MixedAudio mixed = MixOrDie(std::move(buses), frames);
  ExpectMastered(mixed, frames, "music_only");
  // No dialogue, no ducking: the music is as steady at the end as at the start.
  EXPECT_NEAR(RmsDb(mixed.stems.music.samples, 0.5, 1.5),
              RmsDb(mixed.stems.music.samples, 3.5, 4.5), 0.5);
}

TEST(MixTest, AmbienceOnlyIsMasteredToo) {
  const size_t frames = At(4);
  MixBuses buses;
  buses.ambience = Bed(frames);
  ExpectMastered(MixOrDie(std::move(buses), frames), frames, "ambience_only");
}

TEST(MixTest, DenseMixMeetsLoudnessAndTruePeakWithDialogueOnTop) {
  const size_t frames = At(8);
  MixBuses buses;
  buses.dialogue = Voice(frames, 1.0, 6.0);
  buses.effects = Impacts(frames);
  buses.ambience = Bed(frames);
  buses.music = Music(frames, 0.5);
  const MixedAudio mixed = MixOrDie(std::move(buses), frames);
  ExpectMastered(mixed, frames, "dense");
  // Under the lines, dialogue is well above the music and the bed.
  const double dialogue = Ebur128(mixed.stems.dialogue.samples, At(1.5), At(5.5)).lufs;
  const double music = Ebur128(mixed.stems.music.samples, At(1.5), At(5.5)).lufs;
  const double ambience = Ebur128(mixed.stems.ambience.samples, At(1.5), At(5.5)).lufs;
  EXPECT_GT(dialogue, music + 12) << dialogue << " vs music " << music;
  EXPECT_GT(dialogue, ambience + 20) << dialogue << " vs ambience " << ambience;
}

TEST(MixTest, DialogueDucksMusicAndAmbience) {
  const size_t frames = At(8);
  MixBuses buses;
  buses.dialogue = Voice(frames, 3.0, 5.0);
  buses.ambience = Bed(frames);
  buses.music = Music(frames, 0.25, false);
  const MixedAudio mixed = MixOrDie(std::move(buses), frames);
  const auto& music = mixed.stems.music.samples;
  const auto& ambience = mixed.stems.ambience.samples;
  const double music_duck = RmsDb(music, 3.5, 4.5) - RmsDb(music, 1.0, 2.5);
  const double ambience_duck = RmsDb(ambience, 3.5, 4.5) - RmsDb(ambience, 1.0, 2.5);
  EXPECT_LT(music_duck, -8.0);
  EXPECT_GT(music_duck, -12.0);
  EXPECT_LT(ambience_duck, -8.0);
  EXPECT_GT(ambience_duck, -12.0);
  // The look-ahead: the music is already well down when the voice starts ...
  EXPECT_LT(RmsDb(music, 3.0, 3.02) - RmsDb(music, 1.0, 2.5), -6.0);
  // ... and back up within a second and a half after it stops.
  EXPECT_NEAR(RmsDb(music, 6.5, 7.5), RmsDb(music, 1.0, 2.5), 1.0);
}

TEST(MixTest, StemsSumToTheMaster) {
  const size_t frames = At(4);
  MixBuses buses;
  buses.dialogue = Voice(frames, 0.5, 3.0);
  buses.effects = Impacts(frames);
  buses.ambience = Bed(frames);
  buses.music = Music(frames, 0.5);
  const MixedAudio mixed = MixOrDie(std::move(buses), frames);
  const MixStems& s = mixed.stems;
  for (const media::AudioBuffer* stem : {&s.dialogue, &s.effects, &s.ambience, &s.music}) {
    ASSERT_EQ(stem->frames(), frames);
    EXPECT_EQ(stem->channels, 2);
    EXPECT_EQ(stem->sample_rate, 48000);
  }
  double worst = 0;
  for (size_t i = 0; i < frames * 2; ++i) {
    const double sum = static_cast<double>(s.dialogue.samples[i]) + s.effects.samples[i] +
                       s.ambience.samples[i] + s.music.samples[i];
    worst = std::max(worst, std::fabs(sum - mixed.master.samples[i]));
  }
  EXPECT_LT(worst, 1e-6);
}

TEST(MixTest, SilenceStaysSilence) {
  const size_t frames = At(3);
  for (bool explicit_zeros : {false, true}) {
    MixBuses buses;
    if (explicit_zeros) buses.dialogue = buses.music = std::vector<float>(frames * 2, 0.0f);
    const MixedAudio mixed = MixOrDie(std::move(buses), frames);
    ASSERT_EQ(mixed.master.frames(), frames);
    for (float x : mixed.master.samples) ASSERT_EQ(x, 0.0f);
    for (float x : mixed.stems.music.samples) ASSERT_EQ(x, 0.0f);
    EXPECT_EQ(mixed.master_gain_db, 0.0);
    EXPECT_EQ(mixed.loudness.integrated_lufs, -std::numeric_limits<double>::infinity());
    EXPECT_EQ(mixed.loudness.true_peak_dbtp, -std::numeric_limits<double>::infinity());
  }
  // Near-silence is not pumped up into audible noise: hiss under the -70
  // LUFS gate gets no gain, hiss just over it at most the capped gain.
  for (const auto& [level_db, most_lufs] : {std::pair{-80.0, -100.0}, std::pair{-34.0, -40.0}}) {
    MixBuses hiss;
    hiss.effects = Bed(frames);
    for (float& x : hiss.effects) x *= static_cast<float>(dsp::DbToGain(level_db));
    const MixedAudio quiet = MixOrDie(std::move(hiss), frames);
    EXPECT_LE(quiet.master_gain_db, MixSettings{}.max_master_gain_db) << level_db;
    for (float x : quiet.master.samples) ASSERT_TRUE(std::isfinite(x));
    EXPECT_LT(quiet.loudness.integrated_lufs, most_lufs) << level_db;
  }
}

TEST(MixTest, NonFiniteSamplesAreSilenced) {
  const size_t frames = At(2);
  MixBuses buses;
  buses.dialogue = Voice(frames, 0.2, 1.8);
  buses.dialogue[1000] = std::numeric_limits<float>::quiet_NaN();
  buses.dialogue[2001] = std::numeric_limits<float>::infinity();
  buses.music = Music(frames);
  buses.music[5] = -std::numeric_limits<float>::infinity();
  const MixedAudio mixed = MixOrDie(std::move(buses), frames);
  for (float x : mixed.master.samples) ASSERT_TRUE(std::isfinite(x));
  ExpectMastered(mixed, frames, "non_finite");
}

TEST(MixTest, TruePeakLimiterCatchesIntersamplePeaks) {
  // A 12 kHz burst at 45° phase: its samples sit 3 dB under its true peak,
  // so a sample-peak limiter would let it through over the ceiling.
  const size_t frames = At(3);
  MixBuses buses;
  buses.music = Music(frames, 0.25, false);
  buses.effects.assign(frames * 2, 0.0f);
  for (size_t i = At(1.0); i < At(1.2); ++i) {
    const float v = 0.3f * static_cast<float>(std::sin(dsp::kPi / 2 * i + dsp::kPi / 4));
    buses.effects[2 * i] = buses.effects[2 * i + 1] = v;
  }
  const MixedAudio mixed = MixOrDie(std::move(buses), frames);
  ExpectMastered(mixed, frames, "intersample");
  EXPECT_LE(Ebur128(mixed.master.samples, At(0.9), At(1.3)).true_peak_dbtp, kTruePeakCeilingDbtp);
}

TEST(MixTest, SameBusesGiveTheSameSamples) {
  const size_t frames = At(3);
  const auto make = [&] {
    MixBuses buses;
    buses.dialogue = Voice(frames, 0.5, 2.5);
    buses.effects = Impacts(frames);
    buses.ambience = Bed(frames);
    buses.music = Music(frames);
    return buses;
  };
  const MixedAudio a = MixOrDie(make(), frames);
  const MixedAudio b = MixOrDie(make(), frames);
  EXPECT_EQ(a.master.samples, b.master.samples);
  EXPECT_EQ(a.stems.dialogue.samples, b.stems.dialogue.samples);
  EXPECT_EQ(a.stems.music.samples, b.stems.music.samples);
  EXPECT_EQ(a.loudness.integrated_lufs, b.loudness.integrated_lufs);
}

TEST(MixTest, ShortClips) {
  // Shorter than one 400 ms gating block: measured as one block.
  for (double seconds : {0.05, 0.2, 0.39}) {
    const size_t frames = At(seconds);
    MixBuses buses;
    buses.dialogue = Voice(frames, 0.0, seconds);
    const MixedAudio mixed = MixOrDie(std::move(buses), frames);
    ASSERT_EQ(mixed.master.frames(), frames);
    const Measured m = Ebur128(mixed.master.samples);
    EXPECT_NEAR(m.lufs, kTargetLufs, 1.0) << seconds;
    EXPECT_LE(m.true_peak_dbtp, kTruePeakCeilingDbtp) << seconds;
  }
  // Just over one block: BS.1770 gating applies.
  const size_t frames = At(0.45);
  MixBuses buses;
  buses.music = Music(frames);
  ExpectMastered(MixOrDie(std::move(buses), frames), frames, "short");
  // A single frame and no frames at all: no loudness, no gain, no NaN.
  for (size_t n : {size_t{0}, size_t{1}}) {
    MixBuses tiny;
    tiny.dialogue = std::vector<float>(n * 2, 0.5f);
    const MixedAudio mixed = MixOrDie(std::move(tiny), n);
    ASSERT_EQ(mixed.master.frames(), n);
    EXPECT_EQ(mixed.master_gain_db, 0.0);
    for (float x : mixed.master.samples) EXPECT_TRUE(std::isfinite(x));
  }
}

TEST(MixTest, RejectsBusesOfTheWrongLength) {
  MixBuses buses;
  buses.dialogue = Voice(At(1), 0, 1);
  buses.music = std::vector<float>(100, 0.1f);
  auto mixed = MixAndMaster(std::move(buses), At(1));
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(mixed.error().detail, "music");
}

}  // namespace
}  // namespace kinora::engine::audio
