// Building blocks of the effects bus (internal to effects*.cc; not part of
// engine_audio's interface): a recursive sine oscillator, two-pole filters,
// white noise, modal resonator banks, contact bursts, filtered-noise bursts,
// bubbles, and the peak scaling and fades the sounds are shaped with.
//
// Units: 48 kHz mono float buffers (Mono), times in seconds, frequencies in
// Hz, gains linear. The classes are plain values (thread-compatible); the
// functions are deterministic in the dsp::Rng they are given.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/audio/dsp.h"

namespace kinora::engine::audio::effects_internal {

using dsp::kPi;
using dsp::Rng;

inline constexpr double kRate = dsp::kSampleRate;
inline constexpr size_t kControl = 16;  // samples between updates of swept filters and envelopes

using Mono = std::vector<float>;

// A sound panned within itself (crowds, a planned walk); `right` empty means mono.
struct Sound {
  Mono left, right;
};

inline size_t Samples(double seconds) {
  return static_cast<size_t>(std::max(0.0, seconds) * kRate + 0.5);
}

// Recursive sine oscillator (a rotating phasor): no std::sin per sample, and
// the frequency can glide by calling SetFrequency at control rate.
class Phasor {
 public:
  explicit Phasor(double hz) { SetFrequency(hz); }
  void SetFrequency(double hz) {
    const double w = 2 * kPi * hz / kRate;
    cw_ = std::cos(w), sw_ = std::sin(w);
    // Rounding slowly changes the phasor's length; pull it back while here.
    const double norm = 1.0 / std::sqrt(c_ * c_ + s_ * s_);
    c_ *= norm, s_ *= norm;
  }
  float Next() {
    const double c = c_ * cw_ - s_ * sw_;
    s_ = c_ * sw_ + s_ * cw_;
    c_ = c;
    return static_cast<float>(s_);
  }

 private:
  double c_ = 1, s_ = 0, cw_ = 1, sw_ = 0;
};

enum class Band { kLow, kBand, kHigh };

// A two-pole filter (RBJ cookbook low-, band- or high-pass; the band-pass has
// 0 dB at its centre) in float and inline: the per-sample loops here run
// filters millions of times per clip, where dsp::Svf's out-of-line call
// would cost more than the filtering.
class Biquad {
 public:
  void Set(Band band, double hz, double q) {
    const double w = 2 * kPi * std::clamp(hz, 10.0, 0.45 * kRate) / kRate;
    const double cw = std::cos(w), alpha = std::sin(w) / (2 * std::max(q, 0.05)), a0 = 1 + alpha;
    double b0 = alpha, b1 = 0, b2 = -alpha;
    if (band == Band::kLow) b0 = b2 = (1 - cw) / 2, b1 = 1 - cw;
    if (band == Band::kHigh) b0 = b2 = (1 + cw) / 2, b1 = -(1 + cw);
    b0_ = static_cast<float>(b0 / a0), b1_ = static_cast<float>(b1 / a0);
    b2_ = static_cast<float>(b2 / a0);
    a1_ = static_cast<float>(-2 * cw / a0), a2_ = static_cast<float>((1 - alpha) / a0);
  }
  float Process(float x) {  // transposed direct form II
    const float y = b0_ * x + z1_;
    z1_ = b1_ * x - a1_ * y + z2_;
    z2_ = b2_ * x - a2_ * y;
    return y;
  }

 private:
  float b0_ = 0, b1_ = 0, b2_ = 0, a1_ = 0, a2_ = 0, z1_ = 0, z2_ = 0;
};

// White noise by xorshift32, inline for the same reason; seeded from the
// sound's dsp::Rng so that it stays deterministic.
class WhiteNoise {
 public:
  explicit WhiteNoise(Rng& rng) : s_(static_cast<uint32_t>(rng.Next() >> 32) | 1u) {}
  float Bipolar() {  // [-1, 1)
    Step();
    return static_cast<float>(static_cast<int32_t>(s_)) * (1.0f / 2147483648.0f);
  }
  float Uniform() {  // [0, 1)
    Step();
    return static_cast<float>(s_ >> 8) * (1.0f / 16777216.0f);
  }

 private:
  void Step() { s_ ^= s_ << 13, s_ ^= s_ >> 17, s_ ^= s_ << 5; }
  uint32_t s_;
};

// The largest magnitude in `x` (0 when empty).
float PeakOf(const std::vector<float>& x);
// Scales `x` so that its peak is `peak`; silence stays silent.
void ScalePeak(Mono& x, double peak);
// Ends a sound that was cut while still audible with a linear fade over its
// last `seconds`, so the cut does not click.
void FadeOut(Mono& x, double seconds);
// Adds `part`, scaled so that its own peak is `peak`, into `out` from sample
// `at`; what runs past the end of `out` is cut.
void AddScaled(Mono& out, Mono part, double peak, size_t at = 0);

// One resonance of a struck body.
struct Mode {
  double hz;
  double t60;  // seconds to decay by 60 dB
  double gain;
};

// Modal synthesis: each mode is a two-pole resonator whose impulse response
// is gain · e^(−t/τ) · sin(2πft), driven by `excitation` placed at sample
// `at` of `out` and run until 70 dB down (or the end of `out`).
void AddModes(Mono& out, size_t at, const Mono& excitation, std::vector<Mode> modes);
// Seconds until the longest of `modes` is 70 dB down.
double LongestRing(const std::vector<Mode>& modes);

// The force of a contact: a half-sine pulse `seconds` long, roughened by
// noise and low-passed at `cutoff_hz`. Hard, strong hits are short and
// bright; soft ones long and dull.
Mono ContactBurst(Rng& rng, double seconds, double cutoff_hz);

// A burst of filtered noise: attack, hold, exponential decay.
struct Noise {
  double at = 0;           // seconds into the sound
  double attack = 0.0005;  // seconds to full level
  double hold = 0;         // seconds at full level
  double decay = 0.02;     // time constant of the decay, seconds
  Band band = Band::kBand;
  double cutoff = 1000;  // Hz
  double q = 0.7;
  double grain = 0;  // 0 smooth … 1 crackling: sparse grains (sand, snow, spray)
  double gain = 1;
};

// Adds the burst `n` into `out`, cut at its end.
void AddNoise(Mono& out, Rng& rng, const Noise& n);

// A small air bubble at sample `at`: a sine at `hz` that decays with time
// constant `decay` seconds and rises in pitch as it surfaces.
void AddBubble(Mono& out, size_t at, double hz, double decay, double gain);

}  // namespace kinora::engine::audio::effects_internal
