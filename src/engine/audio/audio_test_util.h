// Helpers shared by the engine_audio tests: measurements a listener would
// make (level, pitch, envelope) and an optional WAV dump for listening.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "engine/audio/speech.h"

namespace kinora::engine::audio::test_util {

// One speech synthesizer for the whole test binary (its worker process takes
// a while to start); the binary stops when it cannot start.
inline SpeechSynthesizer& Speech() {
  static SpeechSynthesizer* speech = [] {
    auto created = SpeechSynthesizer::Create();
    if (!created) {
      std::fprintf(stderr, "cannot start speech synthesis: %s\n",
                   created.error().ToString().c_str());
      std::abort();
    }
    return created->release();
  }();
  return *speech;
}

// RMS of mono samples in [begin, end).
inline double MonoRms(const std::vector<float>& x, size_t begin = 0, size_t end = SIZE_MAX) {
  end = std::min(end, x.size());
  if (begin >= end) return 0;
  double sum = 0;
  for (size_t i = begin; i < end; ++i) sum += static_cast<double>(x[i]) * x[i];
  return std::sqrt(sum / static_cast<double>(end - begin));
}

// Median fundamental frequency (Hz) of the voiced parts, by YIN on a 4x
// decimated signal; 0 when nothing is voiced.
inline double EstimateF0(const std::vector<float>& x, int rate) {
  std::vector<double> d4;
  for (size_t i = 0; i + 3 < x.size(); i += 4)
    d4.push_back((x[i] + x[i + 1] + x[i + 2] + x[i + 3]) / 4.0);
  const int sr = rate / 4;
  const int window = sr * 40 / 1000, min_lag = sr / 500, max_lag = sr / 60;
  const double peak = MonoRms(x) * 0.5;
  std::vector<double> f0s;
  for (size_t start = 0; start + window + max_lag < d4.size(); start += window / 2) {
    double energy = 0;
    for (int i = 0; i < window; ++i) energy += d4[start + i] * d4[start + i];
    if (std::sqrt(energy / window) < peak) continue;
    std::vector<double> d(max_lag + 1, 0.0);
    for (int lag = 1; lag <= max_lag; ++lag) {
      for (int i = 0; i < window; ++i) {
        const double v = d4[start + i] - d4[start + i + lag];
        d[lag] += v * v;
      }
    }
    double cumulative = 0;
    for (int lag = 1; lag <= max_lag; ++lag) {
      cumulative += d[lag];
      if (lag >= min_lag && d[lag] * lag / cumulative < 0.15) {
        while (lag + 1 <= max_lag && d[lag + 1] < d[lag]) ++lag;
        f0s.push_back(static_cast<double>(sr) / lag);
        break;
      }
    }
  }
  if (f0s.empty()) return 0;
  std::nth_element(f0s.begin(), f0s.begin() + f0s.size() / 2, f0s.end());
  return f0s[f0s.size() / 2];
}

// Fraction of loud 40 ms frames that YIN finds periodic (voiced).
inline double VoicedFraction(const std::vector<float>& x, int rate) {
  const int window = rate * 40 / 1000;
  const double loud = MonoRms(x) * 0.5;
  int frames = 0, voiced = 0;
  for (size_t start = 0; start + 2 * window < x.size(); start += window) {
    if (MonoRms(x, start, start + window) < loud) continue;
    ++frames;
    std::vector<float> frame(x.begin() + static_cast<long>(start),
                             x.begin() + static_cast<long>(start + 2 * window));
    if (EstimateF0(frame, rate) > 0) ++voiced;
  }
  return frames == 0 ? 0 : static_cast<double>(voiced) / frames;
}

// Writes 16-bit PCM WAV to $KINORA_AUDIO_DUMP/<name>.wav when that variable
// is set, so a person can listen to what the tests produced.
inline void MaybeDumpWav(const std::string& name, const std::vector<float>& interleaved,
                         int channels, int rate) {
  const char* dir = std::getenv("KINORA_AUDIO_DUMP");
  if (dir == nullptr || *dir == 0) return;
  std::ofstream f(std::string(dir) + "/" + name + ".wav", std::ios::binary);
  const auto put32 = [&](uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
  const auto put16 = [&](uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
  const auto bytes = static_cast<uint32_t>(interleaved.size() * 2);
  f.write("RIFF", 4), put32(36 + bytes), f.write("WAVEfmt ", 8), put32(16), put16(1);
  put16(static_cast<uint16_t>(channels)), put32(static_cast<uint32_t>(rate));
  put32(static_cast<uint32_t>(rate * channels * 2)), put16(static_cast<uint16_t>(channels * 2));
  put16(16), f.write("data", 4), put32(bytes);
  for (float s : interleaved) {
    put16(static_cast<uint16_t>(
        static_cast<int16_t>(std::lround(std::clamp(s, -1.0f, 1.0f) * 32767))));
  }
}

}  // namespace kinora::engine::audio::test_util
