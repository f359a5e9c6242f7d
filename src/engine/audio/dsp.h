// Small signal-processing kit shared by the speech, ambience and mix code
// (internal to engine_audio).
//
// Units: sample rates in Hz, times in seconds, gains linear unless a name
// says dB. Buffers are float; stereo buffers are interleaved L, R. The
// classes are plain values (thread-compatible); the functions are pure.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace kinora::engine::audio::dsp {

inline constexpr int kSampleRate = 48000;
inline constexpr double kPi = 3.14159265358979323846;

// splitmix64 step: a good 64-bit mixer, used to derive seeds.
uint64_t SplitMix64(uint64_t& state);
uint64_t MixSeed(uint64_t a, uint64_t b);
uint64_t HashString(std::string_view text);  // FNV-1a, stable across runs

// xoshiro256** seeded through splitmix64. Deterministic; never rand().
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  double Uniform();                    // [0, 1)
  double Range(double lo, double hi);  // [lo, hi)
  float Bipolar();                     // [-1, 1)
  int Int(int lo, int hi);             // [lo, hi], inclusive

 private:
  uint64_t s_[4];
};

// Topology-preserving state-variable filter (Zavalishin), stable under fast
// cutoff modulation. Set the cutoff, then Process one sample.
class Svf {
 public:
  void Set(double cutoff_hz, double q, int sample_rate = kSampleRate);
  struct Out {
    float low, band, high;
  };
  Out Process(float x);

 private:
  double g_ = 0, k_ = 1, a1_ = 0, a2_ = 0, a3_ = 0;
  double ic1_ = 0, ic2_ = 0;
};

// One-pole low-pass smoother: y += (x - y) * coefficient.
class OnePole {
 public:
  void SetCutoff(double hz, int sample_rate = kSampleRate);
  void SetTime(double seconds, int sample_rate = kSampleRate);  // time constant
  float Process(float x);
  void Reset(float value) { y_ = value; }

 private:
  double a_ = 1, y_ = 0;
};

// Paul Kellet's economy pink-noise filter over a white source.
class PinkNoise {
 public:
  float Process(float white);

 private:
  double b0_ = 0, b1_ = 0, b2_ = 0;
};

// A slowly wandering value in [0, 1]: random targets every `period` seconds,
// joined by smoothstep interpolation. Used for wind gusts, swells, murmurs.
class Wander {
 public:
  Wander(uint64_t seed, double period_seconds, int sample_rate = kSampleRate);
  float Next();

 private:
  Rng rng_;
  double step_;
  double phase_ = 0;
  double from_, to_;
};

inline double DbToGain(double db) { return std::pow(10.0, db / 20.0); }
inline double GainToDb(double gain) { return gain > 1e-12 ? 20.0 * std::log10(gain) : -240.0; }

// Constant-power pan: pan in [-1 (left), 1 (right)] → {left gain, right gain}.
std::pair<float, float> ConstantPowerPan(double pan);

// Resamples mono float audio with libswresample (deterministic).
core::Result<std::vector<float>> ResampleMono(const std::vector<float>& input, int input_rate,
                                              int output_rate);

// Integrated loudness after ITU-R BS.1770-4 (K-weighting, 400 ms blocks,
// absolute and relative gates) of 48 kHz interleaved audio, in LUFS.
// Returns -100 for silence or audio too quiet to pass the absolute gate.
double IntegratedLoudness(const std::vector<float>& interleaved, int channels);

// Root mean square of interleaved audio over frames [begin, end).
double Rms(const std::vector<float>& interleaved, int channels, size_t begin, size_t end);

// Look-ahead peak limiter: afterwards no sample exceeds `ceiling`. Gain
// reductions start `lookahead_seconds` before a peak and recover with
// `release_seconds`. Takes the buffer by value; pass it with std::move.
std::vector<float> LimitPeaks(std::vector<float> interleaved, int channels, float ceiling,
                              double lookahead_seconds = 0.002, double release_seconds = 0.08,
                              int sample_rate = kSampleRate);

// Replaces the phase of every short-time spectrum bin with a random one,
// keeping magnitudes: voiced speech turns into a whisper. Same length out.
std::vector<float> Whisperize(const std::vector<float>& mono, uint64_t seed);

}  // namespace kinora::engine::audio::dsp
