#include "engine/audio/ambience.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "engine/audio/dsp.h"

namespace kinora::engine::audio {
namespace {

using dsp::kPi;
using dsp::kSampleRate;
using dsp::Rng;
using dsp::Svf;

constexpr size_t kControl = 32;  // samples between filter-coefficient updates

// Interleaved stereo buffer of `frames` frames.
using Stereo = std::vector<float>;

void ScaleToRms(Stereo& x, double target) {
  const double rms = dsp::Rms(x, 2, 0, x.size() / 2);
  if (rms <= 1e-9) return;
  const auto g = static_cast<float>(target / rms);
  for (float& s : x) s *= g;
}

void AddPanned(Stereo& out, size_t frame, float value, std::pair<float, float> pan) {
  if (frame >= out.size() / 2) return;
  out[2 * frame] += value * pan.first;
  out[2 * frame + 1] += value * pan.second;
}

// --- continuous layers (normalised to RMS 0.1) -----------------------------

Stereo RoomTone(size_t n, Rng& rng) {
  Stereo out(n * 2);
  Svf low[2], high[2];
  dsp::PinkNoise pink[3];
  for (int c = 0; c < 2; ++c) low[c].Set(450, 0.6), high[c].Set(45, 0.7);
  for (size_t i = 0; i < n; ++i) {
    const float shared = pink[2].Process(rng.Bipolar());
    for (int c = 0; c < 2; ++c) {
      const float x = 0.6f * shared + 0.4f * pink[c].Process(rng.Bipolar());
      out[2 * i + c] = high[c].Process(low[c].Process(x).low).high;
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

struct WaveShape {
  double gap_lo, gap_hi;      // seconds between wave onsets
  double rise_lo, rise_hi;    // build-up
  double decay_lo, decay_hi;  // wash-out time constant
  double cutoff_base, cutoff_span;
  double floor;  // level between waves
};

// Waves: filtered noise whose brightness and level swell and fall.
Stereo Waves(size_t n, Rng& rng, const WaveShape& shape) {
  struct Wave {
    double start, amp, rise, decay;
  };
  const double seconds = static_cast<double>(n) / kSampleRate;
  std::vector<Wave> waves;
  for (double t = -rng.Range(0, shape.gap_hi); t < seconds;
       t += rng.Range(shape.gap_lo, shape.gap_hi)) {
    waves.push_back({t, rng.Range(0.6, 1.0), rng.Range(shape.rise_lo, shape.rise_hi),
                     rng.Range(shape.decay_lo, shape.decay_hi)});
  }
  const auto envelope = [&](double t) {
    double e = 0;
    for (const Wave& w : waves) {
      const double x = t - w.start;
      if (x < 0) continue;
      e += w.amp * (x < w.rise ? (x / w.rise) * (x / w.rise) : std::exp(-(x - w.rise) / w.decay));
    }
    return std::min(e, 1.5);
  };
  Stereo out(n * 2);
  Svf body[2], hiss[2];
  dsp::PinkNoise pink[2];
  double e = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i % kControl == 0) {
      e = envelope(static_cast<double>(i) / kSampleRate);
      for (int c = 0; c < 2; ++c) {
        body[c].Set(shape.cutoff_base + shape.cutoff_span * e, 0.7);
        hiss[c].Set(2500 + 1500 * e, 0.7);
      }
    }
    for (int c = 0; c < 2; ++c) {
      const float white = rng.Bipolar();
      const float x =
          body[c].Process(pink[c].Process(white)).low * static_cast<float>(shape.floor + e);
      const float wash = hiss[c].Process(white).high * static_cast<float>(0.04 * e * e);
      out[2 * i + c] = x + wash;
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

Stereo Traffic(size_t n, Rng& rng) {
  struct Car {
    double start, length, amp, freq;
    int direction;
    Svf filter;
  };
  const double seconds = static_cast<double>(n) / kSampleRate;
  std::vector<Car> cars;
  for (double t = -rng.Range(0, 3); t < seconds; t += rng.Range(1.8, 6.0)) {
    cars.push_back({t, rng.Range(3.0, 5.5), rng.Range(0.5, 1.0), rng.Range(350, 900),
                    rng.Uniform() < 0.5 ? -1 : 1, Svf{}});
  }
  Stereo out(n * 2);
  Svf rumble[2];
  double brown[2] = {0, 0};
  for (int c = 0; c < 2; ++c) rumble[c].Set(110, 0.6);
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kSampleRate;
    for (int c = 0; c < 2; ++c) {
      brown[c] = 0.995 * brown[c] + 0.05 * rng.Bipolar();
      out[2 * i + c] = rumble[c].Process(static_cast<float>(brown[c])).low;
    }
    for (Car& car : cars) {
      const double x = (t - car.start) / car.length;
      if (x < 0 || x >= 1) continue;
      if (i % kControl == 0) car.filter.Set(car.freq * (1.0 + 0.08 * (1 - 2 * x)), 0.8);
      const double env = std::pow(std::sin(kPi * x), 2.0) * car.amp;
      const float v = car.filter.Process(rng.Bipolar()).band * static_cast<float>(env * 1.2);
      AddPanned(out, i, v, dsp::ConstantPowerPan(car.direction * (2 * x - 1) * 0.8));
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

Stereo Wind(size_t n, Rng& rng) {
  Stereo out(n * 2);
  Svf band[2], low[2];
  dsp::Wander tone[2] = {dsp::Wander(rng.Next(), 2.5), dsp::Wander(rng.Next(), 2.8)};
  dsp::Wander gust[2] = {dsp::Wander(rng.Next(), 3.5), dsp::Wander(rng.Next(), 3.1)};
  float level[2] = {0, 0};
  for (int c = 0; c < 2; ++c) low[c].Set(90, 0.5);
  for (size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 2; ++c) {
      const float g = gust[c].Next();
      const float f = tone[c].Next();
      if (i % kControl == 0) {
        band[c].Set(180 + 650 * f * (0.5 + g), 1.4);
        level[c] = 0.25f + 0.75f * g * g;
      }
      const float white = rng.Bipolar();
      out[2 * i + c] = band[c].Process(white).band * level[c] + low[c].Process(white).low * 0.5f;
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

Stereo Crowd(size_t n, Rng& rng) {
  struct Talker {
    Svf formant;
    dsp::Wander syllables;
    std::pair<float, float> pan;
  };
  std::vector<Talker> talkers;
  for (int k = 0; k < 10; ++k) {
    // One draw per statement: argument evaluation order is unspecified.
    const uint64_t seed = rng.Next();
    const double syllable = rng.Range(0.12, 0.3);
    const double pan = rng.Range(-0.8, 0.8);
    Talker t{Svf{}, dsp::Wander(seed, syllable), dsp::ConstantPowerPan(pan)};
    t.formant.Set(rng.Range(300, 1100), 2.0);
    talkers.push_back(std::move(t));
  }
  Stereo out(n * 2);
  Svf roar[2];
  dsp::PinkNoise pink[2];
  dsp::Wander swell(rng.Next(), 4.0);
  for (int c = 0; c < 2; ++c) roar[c].Set(1200, 0.6);
  for (size_t i = 0; i < n; ++i) {
    // One noise source for all talkers: their bands barely overlap.
    const float white = rng.Bipolar();
    for (Talker& t : talkers) {
      const float s = t.syllables.Next();
      AddPanned(out, i, t.formant.Process(white).band * s * s, t.pan);
    }
    const float level = 0.1f + 0.15f * swell.Next();
    for (int c = 0; c < 2; ++c) {
      out[2 * i + c] += roar[c].Process(pink[c].Process(rng.Bipolar())).low * level;
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

Stereo Rain(size_t n, Rng& rng) {
  Stereo out(n * 2);
  Svf band[2];
  for (int c = 0; c < 2; ++c) band[c].Set(2500, 0.35);
  for (size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 2; ++c) out[2 * i + c] = band[c].Process(rng.Bipolar()).band * 0.5f;
  }
  // Droplets: short decaying pings, about 40 a second.
  const double seconds = static_cast<double>(n) / kSampleRate;
  for (double t = rng.Range(0, 0.05); t < seconds; t += rng.Range(0.0, 0.05)) {
    const double f = rng.Range(2000, 6000);
    const double amp = rng.Range(0.05, 0.25);
    const auto pan = dsp::ConstantPowerPan(rng.Range(-1, 1));
    const auto start = static_cast<size_t>(t * kSampleRate);
    for (size_t j = 0; j < kSampleRate / 100; ++j) {
      const double x = static_cast<double>(j) / kSampleRate;
      AddPanned(out, start + j,
                static_cast<float>(amp * std::exp(-x / 0.003) * std::sin(2 * kPi * f * x)), pan);
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

Stereo Hum(size_t n, Rng& rng) {
  Stereo out(n * 2);
  Svf low[2];
  for (int c = 0; c < 2; ++c) low[c].Set(80, 0.6);
  const double beat = rng.Range(0.2, 0.4);
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kSampleRate;
    const double tone = (0.5 * std::sin(2 * kPi * 50 * t) + 0.3 * std::sin(2 * kPi * 100 * t) +
                         0.15 * std::sin(2 * kPi * 150 * t)) *
                        (0.8 + 0.2 * std::sin(2 * kPi * beat * t));
    for (int c = 0; c < 2; ++c) {
      out[2 * i + c] = static_cast<float>(tone) + low[c].Process(rng.Bipolar()).low * 2.0f;
    }
  }
  ScaleToRms(out, 0.1);
  return out;
}

// --- event layers (fixed amplitudes, mostly silence) -----------------------

// A sine whose frequency glides from f0 to f1 under a smooth envelope.
void Chirp(Stereo& out, double start, double length, double f0, double f1, double amp,
           std::pair<float, float> pan, double vibrato_hz = 0) {
  const auto first = static_cast<size_t>(start * kSampleRate);
  const auto count = static_cast<size_t>(length * kSampleRate);
  double phase = 0;
  for (size_t j = 0; j < count; ++j) {
    const double x = static_cast<double>(j) / static_cast<double>(count);
    const double vib =
        vibrato_hz > 0 ? 1.0 + 0.03 * std::sin(2 * kPi * vibrato_hz * x * length) : 1.0;
    phase += 2 * kPi * (f0 + (f1 - f0) * x) * vib / kSampleRate;
    const double env = std::pow(std::sin(kPi * x), 1.5);
    AddPanned(out, first + j, static_cast<float>(amp * env * std::sin(phase)), pan);
  }
}

Stereo Birds(size_t n, Rng& rng) {
  Stereo out(n * 2);
  const double seconds = static_cast<double>(n) / kSampleRate;
  for (double t = rng.Range(0.2, 1.5); t < seconds; t += rng.Range(0.8, 4.0)) {
    const double base = rng.Range(2200, 4800);
    const auto pan = dsp::ConstantPowerPan(rng.Range(-0.7, 0.7));
    const double amp = rng.Range(0.05, 0.12);
    for (int c = rng.Int(2, 6); c > 0 && t < seconds; --c) {
      const double len = rng.Range(0.04, 0.14);
      const double f0 = base * rng.Range(0.9, 1.15);
      const double f1 = f0 * rng.Range(0.6, 1.5);
      const double vibrato = rng.Range(20, 45);
      Chirp(out, t, len, f0, f1, amp, pan, vibrato);
      t += len + rng.Range(0.03, 0.12);
    }
  }
  return out;
}

Stereo Crickets(size_t n, Rng& rng) {
  Stereo out(n * 2);
  const double seconds = static_cast<double>(n) / kSampleRate;
  for (int k = 0; k < 3; ++k) {
    const double carrier = rng.Range(4000, 5500);
    const double pulse_rate = rng.Range(25, 40);
    const int pulses = rng.Int(2, 4);
    const double period = rng.Range(0.35, 0.9);
    const double amp = rng.Range(0.01, 0.025);
    const auto pan = dsp::ConstantPowerPan(rng.Range(-0.8, 0.8));
    for (double t = rng.Range(0, period); t < seconds; t += period * rng.Range(0.9, 1.1)) {
      for (int p = 0; p < pulses; ++p) {
        Chirp(out, t + p / pulse_rate, 0.6 / pulse_rate, carrier, carrier, amp, pan);
      }
    }
  }
  return out;
}

Stereo Underwater(size_t n, Rng& rng) {
  Stereo out(n * 2);
  Svf low[2];
  dsp::Wander swell(rng.Next(), 3.0);
  double brown[2] = {0, 0};
  for (int c = 0; c < 2; ++c) low[c].Set(180, 0.7);
  for (size_t i = 0; i < n; ++i) {
    const float level = 0.5f + 0.5f * swell.Next();
    for (int c = 0; c < 2; ++c) {
      brown[c] = 0.997 * brown[c] + 0.04 * rng.Bipolar();
      out[2 * i + c] = low[c].Process(static_cast<float>(brown[c])).low * level;
    }
  }
  ScaleToRms(out, 0.1);
  const double seconds = static_cast<double>(n) / kSampleRate;
  for (double t = rng.Range(0.2, 1.0); t < seconds; t += rng.Range(0.5, 2.5)) {
    const auto pan = dsp::ConstantPowerPan(rng.Range(-0.6, 0.6));
    for (int b = rng.Int(3, 8); b > 0; --b) {
      const double f0 = rng.Range(250, 700);
      const double len = rng.Range(0.025, 0.06);
      Chirp(out, t, len, f0, f0 * 1.8, rng.Range(0.05, 0.12), pan);
      t += len + rng.Range(0.01, 0.08);
    }
  }
  return out;
}

void Accumulate(Stereo& bed, const Stereo& layer, float level) {
  for (size_t i = 0; i < bed.size() && i < layer.size(); ++i) bed[i] += layer[i] * level;
}

}  // namespace

AmbienceLayers AmbienceFor(const Setting& setting) {
  AmbienceLayers a;
  const std::string& place = setting.place;
  const bool night = setting.time_of_day == "night" || setting.time_of_day == "dusk";
  const auto wildlife = [&](float level) { (night ? a.crickets : a.birds) = level; };
  bool outdoor = true;
  if (place == "beach") {
    a.surf = 1, a.wind = 0.25f;
  } else if (place == "lake") {
    a.lapping = 1, a.wind = 0.2f, wildlife(0.5f);
  } else if (place == "city street") {
    a.traffic = 1;
  } else if (place == "skate park") {
    a.traffic = 0.5f, a.wind = 0.2f, a.crowd = 0.15f;
  } else if (place == "park") {
    a.wind = 0.35f, wildlife(1);
  } else if (place == "forest") {
    a.wind = 0.5f, wildlife(1);
  } else if (place == "mountains") {
    a.wind = 1;
    if (!night) a.birds = 0.5f;
  } else if (place == "desert") {
    a.wind = 0.9f;
    if (night) a.crickets = 0.3f;
  } else if (place == "snowfield") {
    a.wind = 1;
  } else if (place == "stadium") {
    a.crowd = 1;
  } else if (place == "underwater") {
    return AmbienceLayers{.underwater = 1};
  } else if (place == "space") {
    return AmbienceLayers{.hum = 1};
  } else {
    outdoor = false;
    a.room = 1;
    if (place == "restaurant") a.crowd = 0.5f, a.room = 0.6f;
    if (place == "kitchen" || place == "office") a.hum = 0.25f;
  }
  if (setting.weather == "rain") a.rain = setting.indoor || !outdoor ? 0.35f : 1.0f;
  if (setting.weather == "wind" && outdoor) a.wind += 0.8f;
  if (setting.weather == "snow" && outdoor) a.wind += 0.2f;
  if (setting.indoor && outdoor) {
    // Inside a building at an outdoor place: the outside comes through muffled.
    for (float* layer :
         {&a.surf, &a.lapping, &a.traffic, &a.wind, &a.birds, &a.crickets, &a.crowd}) {
      *layer *= 0.3f;
    }
    a.room = 1;
  }
  return a;
}

std::vector<float> RenderAmbience(const AmbienceLayers& layers, size_t frames, uint64_t seed) {
  using Generator = Stereo (*)(size_t, Rng&);
  const std::pair<float, Generator> parts[] = {
      {layers.room, &RoomTone},
      {layers.surf,
       [](size_t n, Rng& r) {
         return Waves(n, r, {5.5, 9.5, 1.5, 3.0, 1.8, 3.0, 250, 2200, 0.2});
       }},
      {layers.lapping,
       [](size_t n, Rng& r) {
         return Waves(n, r, {1.2, 2.8, 0.3, 0.6, 0.4, 0.8, 300, 900, 0.1});
       }},
      {layers.traffic, &Traffic},
      {layers.wind, &Wind},
      {layers.birds, &Birds},
      {layers.crickets, &Crickets},
      {layers.crowd, &Crowd},
      {layers.rain, &Rain},
      {layers.underwater, &Underwater},
      {layers.hum, &Hum},
  };
  Stereo bed(frames * 2, 0.0f);
  uint64_t index = 0;
  for (const auto& [level, generate] : parts) {
    ++index;  // each layer draws from its own stream, whatever the others do
    if (level <= 0) continue;
    Rng rng(dsp::MixSeed(seed, index));
    Accumulate(bed, generate(frames, rng), level);
  }
  const double lufs = dsp::IntegratedLoudness(bed, 2);
  if (lufs > -100.0) {
    const auto gain = static_cast<float>(dsp::DbToGain(kAmbienceLufs - lufs));
    for (float& s : bed) s *= gain;
  }
  return bed;
}

}  // namespace kinora::engine::audio
