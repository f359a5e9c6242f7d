#include "engine/audio/dsp.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <string>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/mathematics.h>
#include <libavutil/samplefmt.h>
#include <libavutil/tx.h>
#include <libswresample/swresample.h>
}

namespace kinora::engine::audio::dsp {
namespace {

std::string AvErrorText(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof(buf));
  return buf;
}

struct SwrDeleter {
  void operator()(SwrContext* c) const { swr_free(&c); }
};

struct TxDeleter {
  void operator()(AVTXContext* c) const { av_tx_uninit(&c); }
};

// A direct-form-I biquad in double precision (loudness filters need it).
struct Biquad {
  double b0, b1, b2, a1, a2;
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  double Process(double x) {
    const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1, x1 = x, y2 = y1, y1 = y;
    return y;
  }
};

}  // namespace

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t MixSeed(uint64_t a, uint64_t b) {
  uint64_t s = a ^ (b * 0xD6E8FEB86659FD93ULL);
  return SplitMix64(s);
}

uint64_t HashString(std::string_view text) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001B3ULL;
  return h;
}

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) s = SplitMix64(seed);
}

uint64_t Rng::Next() {
  const auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
double Rng::Range(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
float Rng::Bipolar() { return static_cast<float>(2.0 * Uniform() - 1.0); }
int Rng::Int(int lo, int hi) {
  return lo + static_cast<int>(Uniform() * static_cast<double>(hi - lo + 1));
}

void Svf::Set(double cutoff_hz, double q, int sample_rate) {
  cutoff_hz = std::clamp(cutoff_hz, 10.0, 0.45 * sample_rate);
  g_ = std::tan(kPi * cutoff_hz / sample_rate);
  k_ = 1.0 / std::max(q, 0.05);
  a1_ = 1.0 / (1.0 + g_ * (g_ + k_));
  a2_ = g_ * a1_;
  a3_ = g_ * a2_;
}

Svf::Out Svf::Process(float x) {
  const double v3 = x - ic2_;
  const double v1 = a1_ * ic1_ + a2_ * v3;
  const double v2 = ic2_ + a2_ * ic1_ + a3_ * v3;
  ic1_ = 2 * v1 - ic1_;
  ic2_ = 2 * v2 - ic2_;
  return {static_cast<float>(v2), static_cast<float>(v1), static_cast<float>(x - k_ * v1 - v2)};
}

void OnePole::SetCutoff(double hz, int sample_rate) {
  a_ = 1.0 - std::exp(-2.0 * kPi * hz / sample_rate);
}

void OnePole::SetTime(double seconds, int sample_rate) {
  a_ = seconds <= 0 ? 1.0 : 1.0 - std::exp(-1.0 / (seconds * sample_rate));
}

float OnePole::Process(float x) {
  y_ += (x - y_) * a_;
  return static_cast<float>(y_);
}

float PinkNoise::Process(float white) {
  b0_ = 0.99765 * b0_ + white * 0.0990460;
  b1_ = 0.96300 * b1_ + white * 0.2965164;
  b2_ = 0.57000 * b2_ + white * 1.0526913;
  return static_cast<float>((b0_ + b1_ + b2_ + white * 0.1848) * 0.25);
}

Wander::Wander(uint64_t seed, double period_seconds, int sample_rate)
    : rng_(seed), step_(1.0 / (std::max(period_seconds, 1e-3) * sample_rate)) {
  from_ = rng_.Uniform();
  to_ = rng_.Uniform();
  phase_ = rng_.Uniform();
}

float Wander::Next() {
  phase_ += step_;
  if (phase_ >= 1.0) {
    phase_ -= 1.0;
    from_ = to_;
    to_ = rng_.Uniform();
  }
  const double w = phase_ * phase_ * (3.0 - 2.0 * phase_);  // smoothstep: cheap and smooth
  return static_cast<float>(from_ + (to_ - from_) * w);
}

std::pair<float, float> ConstantPowerPan(double pan) {
  const double theta = (std::clamp(pan, -1.0, 1.0) + 1.0) * kPi / 4.0;
  return {static_cast<float>(std::cos(theta)), static_cast<float>(std::sin(theta))};
}

core::Result<std::vector<float>> ResampleMono(const std::vector<float>& input, int input_rate,
                                              int output_rate) {
  if (input_rate <= 0 || output_rate <= 0) {
    return core::InvalidArgument("sample rates must be positive");
  }
  if (input.empty()) return std::vector<float>{};
  if (input_rate == output_rate) return input;

  AVChannelLayout mono;
  av_channel_layout_default(&mono, 1);
  SwrContext* raw = nullptr;
  int rc = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, output_rate, &mono,
                               AV_SAMPLE_FMT_FLT, input_rate, 0, nullptr);
  std::unique_ptr<SwrContext, SwrDeleter> swr(raw);
  if (rc < 0 || !swr) return core::Internal("cannot set up the resampler", AvErrorText(rc));
  if ((rc = swr_init(swr.get())) < 0) {
    return core::Internal("cannot set up the resampler", AvErrorText(rc));
  }
  const int64_t capacity =
      av_rescale_rnd(static_cast<int64_t>(input.size()), output_rate, input_rate, AV_ROUND_UP) +
      1024;
  std::vector<float> out(static_cast<size_t>(capacity));
  auto* out_ptr = reinterpret_cast<uint8_t*>(out.data());
  const auto* in_ptr = reinterpret_cast<const uint8_t*>(input.data());
  const int got = swr_convert(swr.get(), &out_ptr, static_cast<int>(capacity), &in_ptr,
                              static_cast<int>(input.size()));
  if (got < 0) return core::Internal("resampling failed", AvErrorText(got));
  auto* tail_ptr = reinterpret_cast<uint8_t*>(out.data() + got);
  const int tail = swr_convert(swr.get(), &tail_ptr, static_cast<int>(capacity) - got, nullptr, 0);
  if (tail < 0) return core::Internal("resampling failed", AvErrorText(tail));
  out.resize(static_cast<size_t>(got + tail));
  return out;
}

double IntegratedLoudness(const std::vector<float>& interleaved, int channels) {
  if (channels <= 0 || interleaved.size() < static_cast<size_t>(channels)) return -100.0;
  const size_t frames = interleaved.size() / channels;
  // K-weighting at 48 kHz: a high shelf, then a high-pass (BS.1770-4, table 1 and 2).
  std::vector<double> weighted(frames * channels);
  for (int c = 0; c < channels; ++c) {
    Biquad shelf{1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241,
                 0.73248077421585};
    Biquad highpass{1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};
    for (size_t i = 0; i < frames; ++i) {
      const double y = highpass.Process(shelf.Process(interleaved[i * channels + c]));
      weighted[i * channels + c] = y * y;
    }
  }
  const size_t block = kSampleRate * 4 / 10;  // 400 ms
  const size_t hop = block / 4;               // 75 % overlap
  std::vector<double> powers;                 // mean square summed over channels
  const auto block_power = [&](size_t begin, size_t len) {
    double sum = 0;
    for (size_t i = begin * channels; i < (begin + len) * channels; ++i) sum += weighted[i];
    return sum / static_cast<double>(len);
  };
  if (frames < block) {
    powers.push_back(block_power(0, frames));
  } else {
    for (size_t start = 0; start + block <= frames; start += hop) {
      powers.push_back(block_power(start, block));
    }
  }
  const auto loudness = [](double power) {
    return power > 0 ? -0.691 + 10.0 * std::log10(power) : -200.0;
  };
  double sum = 0;
  int count = 0;
  for (double p : powers) {
    if (loudness(p) > -70.0) sum += p, ++count;
  }
  if (count == 0) return -100.0;
  const double relative_gate = loudness(sum / count) - 10.0;
  sum = 0, count = 0;
  for (double p : powers) {
    if (loudness(p) > -70.0 && loudness(p) > relative_gate) sum += p, ++count;
  }
  return count == 0 ? -100.0 : loudness(sum / count);
}

double Rms(const std::vector<float>& interleaved, int channels, size_t begin, size_t end) {
  const size_t frames = channels > 0 ? interleaved.size() / channels : 0;
  end = std::min(end, frames);
  if (begin >= end) return 0;
  double sum = 0;
  for (size_t i = begin * channels; i < end * channels; ++i) {
    sum += static_cast<double>(interleaved[i]) * interleaved[i];
  }
  return std::sqrt(sum / static_cast<double>((end - begin) * channels));
}

std::vector<float> LimitPeaks(std::vector<float> x, int channels, float ceiling,
                              double lookahead_seconds, double release_seconds, int sample_rate) {
  if (channels <= 0 || x.empty()) return x;
  const size_t frames = x.size() / channels;
  const size_t look = std::max<size_t>(1, static_cast<size_t>(lookahead_seconds * sample_rate));
  std::vector<float> need(frames);
  for (size_t i = 0; i < frames; ++i) {
    float peak = 0;
    for (int c = 0; c < channels; ++c) peak = std::max(peak, std::fabs(x[i * channels + c]));
    need[i] = peak > ceiling ? ceiling / peak : 1.0f;
  }
  // Minimum of `need` over [i, i + look], with a monotonic deque.
  std::vector<float> window_min(frames);
  std::deque<size_t> q;
  size_t next = 0;
  for (size_t i = 0; i < frames; ++i) {
    for (; next < frames && next <= i + look; ++next) {
      while (!q.empty() && need[q.back()] >= need[next]) q.pop_back();
      q.push_back(next);
    }
    while (q.front() < i) q.pop_front();
    window_min[i] = need[q.front()];
  }
  // Slow recovery, then a moving average over the look-ahead so the gain
  // glides down and is at or below the needed value at every peak.
  const double release = 1.0 - std::exp(-1.0 / (std::max(release_seconds, 1e-4) * sample_rate));
  double held = 1.0;
  double running = static_cast<double>(look + 1);  // window of look+1 values, 1 before the start
  std::vector<double> history(look + 1, 1.0);
  for (size_t i = 0; i < frames; ++i) {
    held = std::min<double>(window_min[i], held + (1.0 - held) * release);
    const size_t slot = i % (look + 1);
    running += held - history[slot];
    history[slot] = held;
    const float gain = static_cast<float>(std::min(1.0, running / static_cast<double>(look + 1)));
    for (int c = 0; c < channels; ++c) {
      float& s = x[i * channels + c];
      s = std::clamp(s * gain, -ceiling, ceiling);
    }
  }
  return x;
}

std::vector<float> Whisperize(const std::vector<float>& mono, uint64_t seed) {
  constexpr int kSize = 512;  // 10.7 ms at 48 kHz
  constexpr int kHop = kSize / 4;
  std::vector<float> out(mono.size(), 0.0f);
  if (mono.empty()) return out;

  AVTXContext* raw_fwd = nullptr;
  AVTXContext* raw_inv = nullptr;
  av_tx_fn fwd = nullptr, inv = nullptr;
  const float scale = 1.0f;
  if (av_tx_init(&raw_fwd, &fwd, AV_TX_FLOAT_FFT, 0, kSize, &scale, AV_TX_UNALIGNED) < 0 ||
      av_tx_init(&raw_inv, &inv, AV_TX_FLOAT_FFT, 1, kSize, &scale, AV_TX_UNALIGNED) < 0) {
    av_tx_uninit(&raw_fwd);
    av_tx_uninit(&raw_inv);
    return mono;  // out of memory: leave the speech voiced rather than fail
  }
  std::unique_ptr<AVTXContext, TxDeleter> fwd_ctx(raw_fwd), inv_ctx(raw_inv);

  // sqrt-Hann analysis and synthesis windows: their product, a Hann window,
  // sums to 2 at 75 % overlap.
  std::vector<float> window(kSize);
  for (int k = 0; k < kSize; ++k) {
    window[k] = static_cast<float>(std::sqrt(0.5 - 0.5 * std::cos(2 * kPi * k / kSize)));
  }
  Rng rng(seed);
  std::vector<AVComplexFloat> in(kSize), spec(kSize), shaped(kSize), time(kSize);
  std::vector<float> mag(kSize / 2 + 1);
  const auto n = static_cast<long>(mono.size());
  for (long start = -kSize + kHop; start < n; start += kHop) {
    for (int k = 0; k < kSize; ++k) {
      const long i = start + k;
      in[k] = {i >= 0 && i < n ? mono[i] * window[k] : 0.0f, 0.0f};
    }
    fwd(fwd_ctx.get(), spec.data(), in.data(), sizeof(AVComplexFloat));
    for (int k = 0; k <= kSize / 2; ++k) mag[k] = std::hypot(spec[k].re, spec[k].im);
    // Blur the harmonics (±1 bin ≈ ±94 Hz) so no pitch survives; DC and
    // Nyquist stay as they were (a random sign there would add an offset).
    shaped[0] = spec[0];
    shaped[kSize / 2] = spec[kSize / 2];
    for (int k = 1; k < kSize / 2; ++k) {
      const float m = (mag[k - 1] + mag[k] + mag[k + 1]) / 3;
      const double phase = rng.Range(0, 2 * kPi);
      shaped[k] = {static_cast<float>(m * std::cos(phase)),
                   static_cast<float>(m * std::sin(phase))};
      shaped[kSize - k] = {shaped[k].re, -shaped[k].im};
    }
    inv(inv_ctx.get(), time.data(), shaped.data(), sizeof(AVComplexFloat));
    for (int k = 0; k < kSize; ++k) {
      const long i = start + k;
      if (i >= 0 && i < n) out[i] += time[k].re * window[k] / (kSize * 2.0f);
    }
  }
  return out;
}

}  // namespace kinora::engine::audio::dsp
