// The effects bus's building blocks (see effects_synth.h): peak scaling and
// fades, banks of modal resonators run four to a pass, contact bursts,
// filtered-noise bursts with grain, and bubbles. The inner loops are written
// for speed, since every sound on the bus is built from them.
#include "engine/audio/effects_synth.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace kinora::engine::audio::effects_internal {

float PeakOf(const std::vector<float>& x) {
  // Four running maxima: one alone is a serial chain of dependent compares.
  std::array<float, 4> m{};
  size_t i = 0;
  for (; i + 4 <= x.size(); i += 4) {
    for (size_t j = 0; j < 4; ++j) m[j] = std::max(m[j], std::fabs(x[i + j]));
  }
  for (; i < x.size(); ++i) m[0] = std::max(m[0], std::fabs(x[i]));
  return std::max({m[0], m[1], m[2], m[3]});
}

void ScalePeak(Mono& x, double peak) {
  const float m = PeakOf(x);
  if (m <= 1e-12f) return;
  const auto g = static_cast<float>(peak / m);
  for (float& v : x) v *= g;
}

void FadeOut(Mono& x, double seconds) {
  const size_t n = std::min(x.size(), std::max<size_t>(1, Samples(seconds)));
  for (size_t i = 0; i < n; ++i) x[x.size() - 1 - i] *= static_cast<float>(i) / n;
}

void AddScaled(Mono& out, Mono part, double peak, size_t at) {
  ScalePeak(part, peak);
  for (size_t i = 0; i < part.size() && at + i < out.size(); ++i) out[at + i] += part[i];
}

void AddModes(Mono& out, size_t at, const Mono& excitation, std::vector<Mode> modes) {
  // Four resonators per pass, so their independent recurrences overlap in the
  // pipeline; sorted by length so that lanes of a pass end together.
  constexpr size_t kLanes = 4;
  std::sort(modes.begin(), modes.end(), [](const Mode& a, const Mode& b) { return a.t60 > b.t60; });
  for (size_t first = 0; first < modes.size(); first += kLanes) {
    // Float state is plenty here (modes stop 70 dB down) and packs the lanes
    // into one vector register.
    std::array<float, kLanes> a1{}, a2{}, b{}, y1{}, y2{};
    size_t end = at;
    for (size_t j = 0; j < kLanes && first + j < modes.size(); ++j) {
      const Mode& m = modes[first + j];
      if (m.hz < 20 || m.hz > 0.45 * kRate || m.gain == 0 || m.t60 <= 0) continue;
      const double w = 2 * kPi * m.hz / kRate;
      const double r = std::exp(-6.907755 / (m.t60 * kRate));
      a1[j] = static_cast<float>(2 * r * std::cos(w));
      a2[j] = static_cast<float>(-r * r);
      b[j] = static_cast<float>(m.gain * std::sin(w));
      // Run until 70 dB down; the rest is inaudible under anything else.
      end = std::max(end, at + excitation.size() + Samples(m.t60 * 7.0 / 6.0));
    }
    end = std::min(end, out.size());
    const size_t driven = std::min(end, at + excitation.size());
    const auto step = [&](float x) {
      float sum = 0;
      for (size_t j = 0; j < kLanes; ++j) {
        const float y = a1[j] * y1[j] + a2[j] * y2[j] + b[j] * x;
        y2[j] = y1[j], y1[j] = y;
        sum += y;
      }
      return sum;
    };
    for (size_t i = at; i < driven; ++i) out[i] += step(excitation[i - at]);
    for (size_t i = driven; i < end; ++i) out[i] += step(0.0f);
  }
}

double LongestRing(const std::vector<Mode>& modes) {
  double t = 0;
  for (const Mode& m : modes) t = std::max(t, m.t60 * 7.0 / 6.0);
  return t;
}

Mono ContactBurst(Rng& rng, double seconds, double cutoff_hz) {
  const size_t n = std::max<size_t>(2, Samples(seconds));
  Mono x(n + Samples(0.002));
  Biquad lp;
  lp.Set(Band::kLow, cutoff_hz, 0.7);
  WhiteNoise noise(rng);
  // sin(π(i+½)/n) by the recurrence s[i+1] = 2cos(w)s[i] − s[i−1].
  const double w = kPi / static_cast<double>(n), k = 2 * std::cos(w);
  double s0 = std::sin(-0.5 * w), s1 = std::sin(0.5 * w);
  for (size_t i = 0; i < x.size(); ++i) {
    const double pulse = i < n ? s1 : 0.0;
    const double next = k * s1 - s0;
    s0 = s1, s1 = next;
    x[i] = lp.Process(static_cast<float>(pulse * (0.7 + 0.3 * noise.Bipolar())));
  }
  return x;
}

void AddNoise(Mono& out, Rng& rng, const Noise& n) {
  const size_t begin = Samples(n.at);
  const size_t attack = std::max<size_t>(1, Samples(n.attack));
  const size_t hold = attack + Samples(n.hold);
  const size_t end = std::min(out.size(), begin + hold + Samples(n.decay * 6.9));
  Biquad filter;
  filter.Set(n.band, n.cutoff, n.q);
  WhiteNoise noise(rng);
  const double fall = std::exp(-1.0 / (std::max(n.decay, 1e-4) * kRate));
  const double grain_fall = std::exp(-1.0 / (0.0012 * kRate));
  const double grain_chance = (200.0 + 2500.0 * n.grain) / kRate;
  double env = 0, grain = 0;
  for (size_t i = begin; i < end; ++i) {
    const size_t t = i - begin;
    if (t < attack) {
      const double a = static_cast<double>(t + 1) / static_cast<double>(attack);
      env = a * a;
    } else if (t >= hold) {
      env *= fall;
    }
    float x = noise.Bipolar();
    if (n.grain > 0) {
      if (noise.Uniform() < grain_chance) grain = 0.3 + 0.7 * noise.Uniform();
      grain *= grain_fall;
      x *= static_cast<float>((1.0 - n.grain) + n.grain * 4.0 * grain);
    }
    out[i] += static_cast<float>(n.gain * env) * filter.Process(x);
  }
}

void AddBubble(Mono& out, size_t at, double hz, double decay, double gain) {
  Phasor osc(hz);
  const size_t n = std::min(Samples(decay * 5), out.size() - std::min(out.size(), at));
  const double fall = std::exp(-1.0 / (decay * kRate));
  const size_t rise = Samples(0.0008);
  double env = gain;
  for (size_t i = 0; i < n; ++i) {
    if (i % kControl == 0) osc.SetFrequency(hz * (1.0 + 0.7 * static_cast<double>(i) / n));
    const double ramp = i < rise ? static_cast<double>(i) / rise : 1.0;
    out[at + i] += static_cast<float>(env * ramp) * osc.Next();
    env *= fall;
  }
}

}  // namespace kinora::engine::audio::effects_internal
