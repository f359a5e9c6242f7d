#include "engine/audio/mix.h"

#include <ebur128.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "engine/audio/dsp.h"

namespace kinora::engine::audio {
namespace {

constexpr int kRate = kMixSampleRate;
constexpr size_t kBlockFrames = kRate * 4 / 10;  // BS.1770's 400 ms gating block
constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kSilence = -std::numeric_limits<double>::infinity();
constexpr double kMaxLevellingDb = 12.0;
constexpr double kDuckKneeDb = 10.0;
constexpr double kDuckDetectorSeconds = 0.01;
// Our detector and libebur128's interpolate differently; aiming a little
// under the ceiling means the measurement rarely sends the limiter round again.
constexpr double kLimiterMarginDb = 0.3;
constexpr double kLoudnessToleranceLu = 0.1;
constexpr int kMasterPasses = 6;

// True-peak detection: 4x oversampling as BS.1770-4 Annex 2 describes, with
// a longer interpolator than its 48-tap example (32 taps per phase), so that
// broadband transients read as they do on finer meters (ffmpeg's ebur128).
constexpr int kOversample = 4;
constexpr int kTapsPerPhase = 32;
constexpr int kFirstTap = -(kTapsPerPhase / 2 - 1);  // taps at frames i-15 … i+16
constexpr int kGuardFrames = kTapsPerPhase / 2 + 2;  // frames an interpolated peak reaches

struct MeterDeleter {
  void operator()(ebur128_state* state) const { ebur128_destroy(&state); }
};

double BesselI0(double x) {
  double sum = 1, term = 1;
  for (int k = 1; k < 40; ++k) {
    term *= (x / (2.0 * k)) * (x / (2.0 * k));
    sum += term;
  }
  return sum;
}

// interpolator[p - 1][t]: the weight of frame i + kFirstTap + t in the value
// at time i + p / 4. Kaiser-windowed sinc; each phase sums to 1.
using Interpolator = std::array<std::array<double, kTapsPerPhase>, kOversample - 1>;

const Interpolator& TruePeakInterpolator() {
  static const Interpolator table = [] {
    constexpr double kBeta = 8.0;
    constexpr double kHalfWidth = kTapsPerPhase / 2.0;
    Interpolator t{};
    for (int p = 1; p < kOversample; ++p) {
      double sum = 0;
      for (int k = 0; k < kTapsPerPhase; ++k) {
        const double tau = static_cast<double>(p) / kOversample - (kFirstTap + k);
        const double sinc = std::sin(dsp::kPi * tau) / (dsp::kPi * tau);
        const double r = tau / kHalfWidth;
        const double window =
            BesselI0(kBeta * std::sqrt(std::max(0.0, 1.0 - r * r))) / BesselI0(kBeta);
        t[p - 1][k] = sinc * window;
        sum += t[p - 1][k];
      }
      for (double& w : t[p - 1]) w /= sum;
    }
    return t;
  }();
  return table;
}

// Integrated loudness (and, when asked, true peak) of interleaved stereo.
core::Result<Loudness> Measure(const float* stereo, size_t frames, bool true_peak) {
  const int mode = EBUR128_MODE_I | (true_peak ? EBUR128_MODE_TRUE_PEAK : 0);
  std::unique_ptr<ebur128_state, MeterDeleter> meter(ebur128_init(2, kRate, mode));
  if (!meter) return core::Internal("cannot set up the loudness meter", "libebur128");
  Loudness out{kSilence, kSilence};
  if (frames == 0) return out;
  if (ebur128_add_frames_float(meter.get(), stereo, frames) != EBUR128_SUCCESS) {
    return core::Internal("the loudness meter ran out of memory", "libebur128");
  }
  double lufs = kSilence;
  if (frames >= kBlockFrames) {
    ebur128_loudness_global(meter.get(), &lufs);
  } else {
    // Too short for one gating block: the whole clip is the block.
    const auto ms = static_cast<unsigned long>(frames * 1000 / kRate);
    if (ms > 0) ebur128_loudness_window(meter.get(), ms, &lufs);
    if (!(lufs > kAbsoluteGateLufs)) lufs = kSilence;
  }
  out.integrated_lufs = std::isfinite(lufs) ? lufs : kSilence;
  if (true_peak) {
    double peak = 0;
    for (unsigned c = 0; c < 2; ++c) {
      double channel_peak = 0;
      ebur128_true_peak(meter.get(), c, &channel_peak);
      peak = std::max(peak, channel_peak);
    }
    out.true_peak_dbtp = peak > 0 ? 20.0 * std::log10(peak) : kSilence;
  }
  return out;
}

// The gain (dB) that brings a bus to the reference loudness, within limits;
// 0 for a silent bus.
core::Result<double> LevellingDb(const std::vector<float>& bus) {
  if (bus.empty()) return 0.0;
  KINORA_ASSIGN_OR_RETURN(Loudness loudness, Measure(bus.data(), bus.size() / 2, false));
  if (!std::isfinite(loudness.integrated_lufs)) return 0.0;
  return std::clamp(kBusReferenceLufs - loudness.integrated_lufs, -kMaxLevellingDb,
                    kMaxLevellingDb);
}

// Largest value of `x` over the window [i - before, i + after], for every i.
std::vector<float> WindowMax(const std::vector<float>& x, size_t before, size_t after) {
  std::vector<float> out(x.size());
  std::deque<size_t> q;
  size_t next = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    for (; next < x.size() && next <= i + after; ++next) {
      while (!q.empty() && x[q.back()] <= x[next]) q.pop_back();
      q.push_back(next);
    }
    while (q.front() + before < i) q.pop_front();
    out[i] = x[q.front()];
  }
  return out;
}

// How far ducking is engaged (0 … 1) at every frame, from the dialogue bus.
std::vector<float> DuckAmount(const std::vector<float>& dialogue, double dialogue_gain,
                              size_t frames, const MixSettings& s) {
  std::vector<float> amount(frames, 0.0f);
  if (dialogue.empty()) return amount;
  std::vector<float> key(frames);
  const double detector = 1.0 - std::exp(-1.0 / (kDuckDetectorSeconds * kRate));
  const double g2 = dialogue_gain * dialogue_gain;
  double power = 0;
  for (size_t i = 0; i < frames; ++i) {
    const double l = dialogue[2 * i], r = dialogue[2 * i + 1];
    const double p = 0.5 * (l * l + r * r) * g2;
    power += (p - power) * detector;
    const double level_db = 10.0 * std::log10(power + 1e-30);
    key[i] =
        static_cast<float>(std::clamp((level_db - s.duck_threshold_db) / kDuckKneeDb, 0.0, 1.0));
  }
  // Look-ahead starts the duck before the voice; hold bridges the pauses
  // between words, so the bed does not pump.
  const std::vector<float> wanted =
      WindowMax(key, static_cast<size_t>(std::max(0.0, s.duck_hold) * kRate),
                static_cast<size_t>(std::max(0.0, s.duck_lookahead) * kRate));
  const auto coefficient = [](double seconds) {
    return seconds > 0 ? 1.0 - std::exp(-1.0 / (seconds * kRate)) : 1.0;
  };
  const double attack = coefficient(s.duck_attack);
  const double release = coefficient(s.duck_release);
  double d = 0;
  for (size_t i = 0; i < frames; ++i) {
    d += (wanted[i] - d) * (wanted[i] > d ? attack : release);
    amount[i] = static_cast<float>(d);
  }
  return amount;
}

// Turns a bus into its stem in place: levelling and fader, ducking, the
// master high-pass. The high-pass is there because infrasonic drift from the
// noise beds and DC offsets only cost headroom; it is linear, so filtering
// each stem equals filtering their sum. An empty bus becomes silence of the
// right length.
void BusToStem(std::vector<float>& bus, size_t frames, double gain_db,
               const std::vector<float>* duck_amount, double duck_db, double highpass_hz) {
  if (bus.empty()) {
    bus.assign(frames * 2, 0.0f);
    return;
  }
  const double gain = dsp::DbToGain(gain_db);
  dsp::Svf highpass[2];
  for (auto& f : highpass) f.Set(highpass_hz, 0.707);
  for (size_t i = 0; i < frames; ++i) {
    double g = gain;
    if (duck_amount != nullptr) g *= dsp::DbToGain(duck_db * (*duck_amount)[i]);
    for (int c = 0; c < 2; ++c) {
      float& x = bus[2 * i + c];
      x = highpass[c].Process(static_cast<float>(x * g)).high;
    }
  }
}

// The true peak near every frame: the largest magnitude, over both
// channels, of the frame and of the three interpolated points after it.
std::vector<float> TruePeakEnvelope(const std::vector<float>& stereo, size_t frames) {
  const Interpolator& taps = TruePeakInterpolator();
  const auto at = [&](long frame, int c) {
    return frame >= 0 && static_cast<size_t>(frame) < frames ? stereo[2 * frame + c] : 0.0f;
  };
  std::vector<float> peak(frames);
  for (size_t i = 0; i < frames; ++i) {
    double m = 0;
    for (int c = 0; c < 2; ++c) {
      m = std::max(m, std::fabs(static_cast<double>(stereo[2 * i + c])));
      for (const auto& phase : taps) {
        double y = 0;
        for (int k = 0; k < kTapsPerPhase; ++k) {
          y += phase[k] * at(static_cast<long>(i) + kFirstTap + k, c);
        }
        m = std::max(m, std::fabs(y));
      }
    }
    peak[i] = static_cast<float>(m);
  }
  return peak;
}

// The limiter's gain (≤ 1) per frame so that `scale * peak` stays under
// `ceiling`. Every gain reduction is reached before its peak and held past
// it far enough to cover the interpolator's reach; the gain moves through
// two moving averages (a smooth S-shaped glide over the look-ahead) and
// recovers with the release time.
std::vector<float> LimiterGain(const std::vector<float>& peak, double scale, double ceiling,
                               const MixSettings& s) {
  const size_t frames = peak.size();
  std::vector<float> gain(frames, 1.0f);
  if (frames == 0) return gain;
  const size_t half = std::max<size_t>(1, static_cast<size_t>(s.limiter_lookahead * kRate / 2));
  const size_t look = 2 * half;
  std::vector<float> need(frames);
  bool any = false;
  for (size_t i = 0; i < frames; ++i) {
    const double p = scale * peak[i];
    need[i] = p > ceiling ? static_cast<float>(ceiling / p) : 1.0f;
    any = any || p > ceiling;
  }
  if (!any) return gain;
  // Window minimum over [i - guard, i + look + guard], as a maximum of negatives.
  for (float& v : need) v = -v;
  std::vector<float> window = WindowMax(need, kGuardFrames, look + kGuardFrames);
  for (float& v : window) v = -v;

  const double release =
      1.0 - std::exp(-1.0 / (std::max(s.limiter_release, 1e-4) * static_cast<double>(kRate)));
  // Before the clip starts, the gain is what its first frames need, so a
  // peak right at the start is caught too.
  double held = window[0];
  const size_t length = half + 1;
  std::vector<double> first(length, held), second(length, held);
  double sum1 = held * static_cast<double>(length), sum2 = sum1;
  for (size_t i = 0; i < frames; ++i) {
    held = std::min<double>(window[i], held + (1.0 - held) * release);
    const size_t slot = i % length;
    sum1 += held - first[slot];
    first[slot] = held;
    const double avg1 = sum1 / static_cast<double>(length);
    sum2 += avg1 - second[slot];
    second[slot] = avg1;
    gain[i] = static_cast<float>(std::min(1.0, sum2 / static_cast<double>(length)));
  }
  return gain;
}

struct Master {
  std::vector<float> gain;  // per frame: normalisation × limiter
  std::vector<float> audio;
  Loudness loudness;
  double gain_db = 0;
};

std::vector<float> Apply(const std::vector<float>& stereo, const std::vector<float>& gain) {
  std::vector<float> out(stereo.size());
  for (size_t i = 0; i < gain.size(); ++i) {
    out[2 * i] = stereo[2 * i] * gain[i];
    out[2 * i + 1] = stereo[2 * i + 1] * gain[i];
  }
  return out;
}

// Finds the normalising gain and the limiter's gain for the summed stems:
// measure, limit, measure again; libebur128 has the last word on both
// loudness and true peak.
core::Result<Master> MasterGain(const std::vector<float>& sum, size_t frames,
                                const MixSettings& s) {
  KINORA_ASSIGN_OR_RETURN(Loudness before, Measure(sum.data(), frames, false));
  const bool silent = !(before.integrated_lufs > kAbsoluteGateLufs);
  double gain_db =
      silent ? 0.0 : std::min(s.target_lufs - before.integrated_lufs, s.max_master_gain_db);
  const std::vector<float> peak = TruePeakEnvelope(sum, frames);
  double ceiling = dsp::DbToGain(s.true_peak_ceiling_dbtp - kLimiterMarginDb);
  std::optional<Master> accepted;
  Master attempt;
  for (int pass = 0; pass < kMasterPasses; ++pass) {
    const double scale = dsp::DbToGain(gain_db);
    attempt.gain = LimiterGain(peak, scale, ceiling, s);
    for (float& g : attempt.gain) g = static_cast<float>(g * scale);
    attempt.audio = Apply(sum, attempt.gain);
    attempt.gain_db = gain_db;
    KINORA_ASSIGN_OR_RETURN(attempt.loudness, Measure(attempt.audio.data(), frames, true));
    const double over = attempt.loudness.true_peak_dbtp - s.true_peak_ceiling_dbtp;
    if (over > 0) {
      ceiling *= dsp::DbToGain(-over - 0.05);
      continue;
    }
    const double miss = s.target_lufs - attempt.loudness.integrated_lufs;
    accepted = std::move(attempt);
    if (silent || !std::isfinite(miss) || std::fabs(miss) <= kLoudnessToleranceLu ||
        (miss > 0 && gain_db >= s.max_master_gain_db)) {
      break;
    }
    gain_db = std::min(gain_db + miss, s.max_master_gain_db);
  }
  if (accepted) return std::move(*accepted);
  // The limiter never got under the ceiling: trim the last attempt as a whole.
  const double trim =
      dsp::DbToGain(s.true_peak_ceiling_dbtp - attempt.loudness.true_peak_dbtp - 0.05);
  for (float& g : attempt.gain) g = static_cast<float>(g * trim);
  attempt.audio = Apply(sum, attempt.gain);
  attempt.gain_db += dsp::GainToDb(trim);
  KINORA_ASSIGN_OR_RETURN(attempt.loudness, Measure(attempt.audio.data(), frames, true));
  return attempt;
}

media::AudioBuffer Stereo(std::vector<float> samples) {
  media::AudioBuffer b;
  b.sample_rate = kRate;
  b.channels = 2;
  b.samples = std::move(samples);
  return b;
}

}  // namespace

core::Result<Loudness> MeasureLoudness(const std::vector<float>& stereo) {
  return Measure(stereo.data(), stereo.size() / 2, true);
}

core::Result<MixedAudio> MixAndMaster(MixBuses buses, size_t frames, const MixSettings& settings) {
  const std::pair<const char*, std::vector<float>*> all[] = {{"dialogue", &buses.dialogue},
                                                             {"effects", &buses.effects},
                                                             {"ambience", &buses.ambience},
                                                             {"music", &buses.music}};
  for (const auto& [name, bus] : all) {
    if (!bus->empty() && bus->size() != frames * 2) {
      return core::InvalidArgument(std::string("the ") + name + " bus has " +
                                       std::to_string(bus->size()) + " values; a stereo bus of " +
                                       std::to_string(frames) + " frames has " +
                                       std::to_string(frames * 2),
                                   name);
    }
  }
  // One NaN would spread through every filter and meter after it.
  for (const auto& [name, bus] : all) {
    for (float& x : *bus) {
      if (!std::isfinite(x)) x = 0.0f;
    }
  }
  KINORA_ASSIGN_OR_RETURN(const double dialogue_level, LevellingDb(buses.dialogue));
  KINORA_ASSIGN_OR_RETURN(const double music_level, LevellingDb(buses.music));
  const double dialogue_db = dialogue_level + settings.dialogue_gain_db;
  const std::vector<float> duck =
      DuckAmount(buses.dialogue, dsp::DbToGain(dialogue_db), frames, settings);

  BusToStem(buses.dialogue, frames, dialogue_db, nullptr, 0, settings.highpass_hz);
  BusToStem(buses.effects, frames, settings.effects_gain_db, nullptr, 0, settings.highpass_hz);
  BusToStem(buses.ambience, frames, settings.ambience_gain_db, &duck, settings.ambience_duck_db,
            settings.highpass_hz);
  BusToStem(buses.music, frames, music_level + settings.music_gain_db, &duck,
            settings.music_duck_db, settings.highpass_hz);

  std::vector<float> sum(frames * 2);
  for (size_t i = 0; i < sum.size(); ++i) {
    sum[i] = buses.dialogue[i] + buses.effects[i] + buses.ambience[i] + buses.music[i];
  }
  KINORA_ASSIGN_OR_RETURN(Master master, MasterGain(sum, frames, settings));
  for (const auto& [name, stem] : all) {
    for (size_t i = 0; i < frames; ++i) {
      (*stem)[2 * i] *= master.gain[i];
      (*stem)[2 * i + 1] *= master.gain[i];
    }
  }
  MixedAudio out;
  out.master = Stereo(std::move(master.audio));
  out.stems.dialogue = Stereo(std::move(buses.dialogue));
  out.stems.effects = Stereo(std::move(buses.effects));
  out.stems.ambience = Stereo(std::move(buses.ambience));
  out.stems.music = Stereo(std::move(buses.music));
  out.loudness = master.loudness;
  out.master_gain_db = master.gain_db;
  return out;
}

}  // namespace kinora::engine::audio
