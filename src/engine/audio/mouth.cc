#include "engine/audio/mouth.h"

#include <algorithm>
#include <cmath>

#include "engine/audio/visemes.h"

namespace kinora::engine::audio {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr float kGate = 0.08f;  // below 8 % of the reference the mouth is shut
constexpr float kShape = 0.8f;  // < 1 opens the mouth a bit more on quiet syllables

// Hann-weighted RMS of the clip around clip time `t` (seconds).
double EnvelopeAt(const SpeechClip& clip, double t, double window_seconds) {
  const double rate = clip.sample_rate;
  const auto half = static_cast<long>(window_seconds * rate / 2);
  const auto centre = static_cast<long>(std::lround(t * rate));
  const auto n = static_cast<long>(clip.samples.size());
  if (half <= 0 || centre + half < 0 || centre - half >= n) return 0;
  double sum = 0, weight = 0;
  for (long i = -half; i <= half; ++i) {
    const double w = 0.5 + 0.5 * std::cos(kPi * static_cast<double>(i) / (half + 1));
    weight += w;
    const long j = centre + i;
    if (j >= 0 && j < n) sum += w * clip.samples[j] * clip.samples[j];
  }
  return std::sqrt(sum / weight);
}

// The normalisation reference: 95th percentile of the envelope over the
// clip's active frames, so one loud syllable does not shrink all the others.
double Reference(const SpeechClip& clip, double fps, double window_seconds) {
  std::vector<double> env;
  for (double t = 0; t < clip.seconds(); t += 1.0 / fps) {
    env.push_back(EnvelopeAt(clip, t, window_seconds));
  }
  if (env.empty()) return 0;
  const double loudest = *std::max_element(env.begin(), env.end());
  std::vector<double> active;
  for (double e : env) {
    if (e > 0.05 * loudest) active.push_back(e);
  }
  if (active.empty()) return 0;
  const size_t k = std::min(active.size() - 1, static_cast<size_t>(0.95 * active.size()));
  std::nth_element(active.begin(), active.begin() + static_cast<long>(k), active.end());
  return active[k];
}

float Openness(double envelope, double reference) {
  const auto v = static_cast<float>(std::min(1.0, envelope / reference));
  const float gated = std::max(0.0f, (v - kGate) / (1.0f - kGate));
  return std::pow(gated, kShape);
}

}  // namespace

std::vector<float> MouthOpenTrackAt(const SpeechClip& clip, double fps, double start_seconds,
                                    int frame_count) {
  std::vector<float> track(static_cast<size_t>(std::max(frame_count, 0)), 0.0f);
  if (!(fps > 0) || clip.samples.empty() || clip.sample_rate <= 0) return track;
  const double window = 1.5 / fps;
  const double reference = Reference(clip, fps, window);
  if (reference <= 0) return track;
  const double lead = 1.0 / fps;
  const double end = start_seconds + clip.seconds();
  const int first = std::max(0, static_cast<int>(std::floor((start_seconds - lead) * fps)));
  const int last = std::min(frame_count - 1, static_cast<int>(std::ceil(end * fps)));
  for (int k = first; k <= last; ++k) {
    const double t = k / fps - start_seconds;
    const double e = std::max(EnvelopeAt(clip, t, window), EnvelopeAt(clip, t + lead, window));
    track[static_cast<size_t>(k)] = Openness(e, reference);
  }
  return track;
}

std::vector<float> LipSyncTrackAt(const SpeechClip& clip, double fps, double start_seconds,
                                  int frame_count) {
  if (clip.samples.empty()) {
    return std::vector<float>(static_cast<size_t>(std::max(frame_count, 0)), 0.0f);
  }
  const std::vector<VisemeSpan> track = VisemeTrack(clip);
  if (track.empty()) return MouthOpenTrackAt(clip, fps, start_seconds, frame_count);
  return VisemeOpenTrackAt(track, fps, start_seconds, frame_count);
}

std::vector<float> MouthOpenTrack(const SpeechClip& clip, double fps) {
  if (!(fps > 0)) return {};
  const int frames = static_cast<int>(std::ceil(clip.seconds() * fps - 1e-9));
  return MouthOpenTrackAt(clip, fps, 0.0, frames);
}

}  // namespace kinora::engine::audio
