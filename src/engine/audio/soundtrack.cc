#include "engine/audio/soundtrack.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "engine/audio/ambience.h"
#include "engine/audio/dsp.h"
#include "engine/audio/effects.h"
#include "engine/audio/mouth.h"
#include "engine/audio/score.h"
#include "engine/audio/speech_text.h"
#include "engine/world/look.h"
#include "engine/world/simulation.h"

namespace kinora::engine::audio {
namespace {

constexpr int kRate = kSpeechSampleRate;
constexpr double kCrossfadeSeconds = 0.1;
constexpr double kSameSpeakerGapSeconds = 0.15;
constexpr double kCutFadeSeconds = 0.03;
// A shot lengthened for a line ends this long after the voice: a beat to
// land it before the cut.
constexpr double kLineTailSeconds = 0.3;
// Lines may run this far over their cut before the shot is lengthened.
constexpr double kOverhangSeconds = 0.1;

struct VoicedLine {
  std::string speaker;
  std::string text;
  std::string path;  // "shots[1].dialogue[0]"
  size_t shot = 0;   // index in Storyboard::shots
  double start = 0;  // requested, then placed (absolute seconds)
  SpeechClip clip;
};

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f s", s);
  return buf;
}

// Points an error from Speak() at the storyboard field it came from: the
// voice belongs to the cast member, everything else to the line.
core::Error AtLine(core::Error error, const std::string& path, size_t cast_index) {
  if (error.code == core::ErrorCode::kInvalidArgument) {
    if (error.detail == "voice") {
      error.detail = "cast[" + std::to_string(cast_index) + "].voice.voice";
    } else {
      error.detail = error.detail.empty() ? path : path + "." + error.detail;
    }
  } else {
    error.message = path + ": " + error.message;
  }
  return error;
}

struct VoicedLines {
  std::vector<VoicedLine> lines;  // in time order
  std::vector<std::string> warnings;
};

core::Result<VoicedLines> VoiceLines(const Storyboard& sb, SpeechSynthesizer& speech) {
  std::vector<VoicedLine> lines;
  std::vector<std::string> warnings;
  for (size_t i = 0; i < sb.shots.size(); ++i) {
    const Shot& shot = sb.shots[i];
    for (size_t j = 0; j < shot.dialogue.size(); ++j) {
      const DialogueLine& d = shot.dialogue[j];
      const std::string path =
          "shots[" + std::to_string(i) + "].dialogue[" + std::to_string(j) + "]";
      const CastMember* cast = sb.FindCast(d.speaker);
      if (cast == nullptr) {
        return core::InvalidArgument(
            path + ".speaker names '" + d.speaker + "', which is not in the cast",
            path + ".speaker");
      }
      Voice voice = cast->voice;
      voice.language = d.language;
      // A line written in a script its language's voice cannot read (Hangul
      // marked "en") is read by the voice for that script.
      if (const std::string script = internal::LanguageOfScript(d.text);
          !script.empty() && !internal::ReadsScriptOf(d.language, script) &&
          speech.SupportsLanguage(d.language) && speech.SupportsLanguage(script)) {
        warnings.push_back(path + " is marked '" + d.language + "' but written in the script of '" +
                           script + "'; read with the '" + script + "' voice");
        voice.language = script;
      }
      auto clip = speech.Speak(d.text, voice, d.emotion);
      if (!clip) return AtLine(clip.error(), path, static_cast<size_t>(cast - sb.cast.data()));
      lines.push_back(
          {d.speaker, d.text, path, i, std::max(0.0, shot.start + d.at), std::move(*clip)});
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const VoicedLine& a, const VoicedLine& b) { return a.start < b.start; });
  return VoicedLines{std::move(lines), std::move(warnings)};
}

// Pushes a line later when its speaker is still talking; returns warnings.
std::vector<std::string> PlaceLines(std::vector<VoicedLine>& lines) {
  std::vector<std::string> warnings;
  std::map<std::string, double> busy_until;
  for (VoicedLine& line : lines) {
    if (line.clip.samples.empty()) continue;
    const auto it = busy_until.find(line.speaker);
    if (it != busy_until.end() && line.start < it->second + kSameSpeakerGapSeconds) {
      const double moved = it->second + kSameSpeakerGapSeconds;
      warnings.push_back(line.path + " would overlap " + line.speaker +
                         "'s previous line; moved from " + Seconds(line.start) + " to " +
                         Seconds(moved));
      line.start = moved;
    }
    busy_until[line.speaker] = line.start + line.clip.seconds();
  }
  return warnings;
}

// Lengthens every shot whose lines need more time than it has, so each line
// keeps its start and ends inside its shot; later shots and their lines move
// later. Returns warnings; InvalidArgument, naming the line, when the clip
// would grow past kMaxClipSeconds.
core::Result<std::vector<std::string>> FitShots(Storyboard& sb, std::vector<VoicedLine>& lines) {
  std::vector<std::string> warnings;
  double shift = 0.0;
  for (size_t i = 0; i < sb.shots.size(); ++i) {
    Shot& shot = sb.shots[i];
    shot.start += shift;
    double needed = shot.duration;
    const VoicedLine* longest = nullptr;
    for (VoicedLine& line : lines) {
      if (line.shot != i) continue;
      line.start += shift;
      if (line.clip.samples.empty()) continue;
      const double end = line.start + line.clip.seconds() - shot.start;
      if (end > shot.duration + kOverhangSeconds && end + kLineTailSeconds > needed) {
        needed = end + kLineTailSeconds;
        longest = &line;
      }
    }
    if (longest == nullptr) continue;
    const double grown = sb.DurationSeconds() + needed - shot.duration;
    if (grown > kMaxClipSeconds) {
      return core::InvalidArgument(
          longest->path + " needs " + Seconds(longest->clip.seconds()) + " of speech; shot " +
              shot.id + " would have to grow to " + Seconds(needed) + " and the clip to " +
              Seconds(grown) + ", longer than the longest clip (" + Seconds(kMaxClipSeconds) + ")",
          longest->path + ".text");
    }
    warnings.push_back("shot " + shot.id + " lengthened from " + Seconds(shot.duration) + " to " +
                       Seconds(needed) + " to fit " + longest->path);
    shift += needed - shot.duration;
    shot.duration = needed;
  }
  return warnings;
}

// Stereo position per speaking cast member, in cast order, within ±0.35.
std::map<std::string, double> SpeakerPans(const Storyboard& sb,
                                          const std::vector<VoicedLine>& lines) {
  std::vector<std::string> speakers;
  for (const CastMember& c : sb.cast) {
    if (std::any_of(lines.begin(), lines.end(),
                    [&](const VoicedLine& l) { return l.speaker == c.id; })) {
      speakers.push_back(c.id);
    }
  }
  std::map<std::string, double> pans;
  for (size_t i = 0; i < speakers.size(); ++i) {
    pans[speakers[i]] = speakers.size() == 1 ? 0.0 : -0.35 + 0.7 * i / (speakers.size() - 1);
  }
  return pans;
}

// The ambience under every shot; consecutive shots with the same bed share
// one continuous rendering, different beds crossfade at the boundary.
std::vector<float> AmbienceBed(const Storyboard& sb, size_t frames, double duration) {
  struct Segment {
    AmbienceLayers layers;
    double start, end;
  };
  std::vector<Segment> segments;
  for (const Shot& shot : sb.shots) {
    const AmbienceLayers layers = AmbienceFor(shot.setting);
    if (!segments.empty() && segments.back().layers == layers) {
      segments.back().end = shot.start + shot.duration;
    } else {
      segments.push_back({layers, shot.start, shot.start + shot.duration});
    }
  }
  std::vector<float> bed(frames * 2, 0.0f);
  const double half = kCrossfadeSeconds / 2;
  for (size_t k = 0; k < segments.size(); ++k) {
    const Segment& seg = segments[k];
    const bool fade_in = k > 0;
    const bool fade_out = k + 1 < segments.size();
    const double from = std::max(0.0, fade_in ? seg.start - half : 0.0);
    const double to = std::min(duration, fade_out ? seg.end + half : duration);
    const auto first = static_cast<size_t>(std::llround(from * kRate));
    const size_t last = std::min(frames, static_cast<size_t>(std::llround(to * kRate)));
    if (last <= first) continue;
    const std::vector<float> part =
        RenderAmbience(seg.layers, last - first, dsp::MixSeed(sb.seed, k));
    for (size_t i = first; i < last; ++i) {
      const double t = static_cast<double>(i) / kRate;
      double w = 1.0;  // equal-power crossfades: the beds are uncorrelated
      if (fade_in && t < seg.start + half) {
        w *= std::sin(std::clamp((t - (seg.start - half)) / kCrossfadeSeconds, 0.0, 1.0) *
                      dsp::kPi / 2);
      }
      if (fade_out && t > seg.end - half) {
        w *= std::cos(std::clamp((t - (seg.end - half)) / kCrossfadeSeconds, 0.0, 1.0) * dsp::kPi /
                      2);
      }
      bed[2 * i] += part[2 * (i - first)] * static_cast<float>(w);
      bed[2 * i + 1] += part[2 * (i - first) + 1] * static_cast<float>(w);
    }
  }
  return bed;
}

}  // namespace

core::Result<Soundtrack> BuildSoundtrack(const Storyboard& storyboard, SpeechSynthesizer& speech,
                                         const SoundtrackOptions& options) {
  if (!(storyboard.DurationSeconds() > 0) || !std::isfinite(storyboard.DurationSeconds())) {
    return core::InvalidArgument("the storyboard has no duration", "shots");
  }
  if (storyboard.fps <= 0) return core::InvalidArgument("fps must be positive", "fps");

  Soundtrack out;
  out.storyboard = storyboard;
  Storyboard& sb = out.storyboard;
  KINORA_ASSIGN_OR_RETURN(VoicedLines voiced, VoiceLines(sb, speech));
  std::vector<VoicedLine>& lines = voiced.lines;
  out.warnings = std::move(voiced.warnings);
  // Shots grow for the lines as written, then again for any line pushed
  // past its shot's end by the same speaker's previous line.
  KINORA_ASSIGN_OR_RETURN(std::vector<std::string> fitted, FitShots(sb, lines));
  out.warnings.insert(out.warnings.end(), fitted.begin(), fitted.end());
  for (std::string& w : PlaceLines(lines)) out.warnings.push_back(std::move(w));
  KINORA_ASSIGN_OR_RETURN(std::vector<std::string> refitted, FitShots(sb, lines));
  out.warnings.insert(out.warnings.end(), refitted.begin(), refitted.end());
  std::stable_sort(lines.begin(), lines.end(),
                   [](const VoicedLine& a, const VoicedLine& b) { return a.start < b.start; });

  const double duration = sb.DurationSeconds();
  const auto frames = static_cast<size_t>(std::llround(duration * kRate));
  const int video_frames = sb.FrameCount();
  const std::map<std::string, double> pans = SpeakerPans(sb, lines);
  for (const CastMember& c : sb.cast) out.mouth_open[c.id].assign(video_frames, 0.0f);

  std::vector<float> dialogue(frames * 2, 0.0f);
  for (VoicedLine& line : lines) {
    if (line.clip.samples.empty()) continue;
    const auto first = static_cast<size_t>(std::llround(line.start * kRate));
    if (first + kRate / 20 >= frames) {
      out.warnings.push_back(line.path + " would start at " + Seconds(line.start) +
                             ", after the clip ends; dropped");
      continue;
    }
    std::vector<float>& s = line.clip.samples;
    if (first + s.size() > frames) {
      s.resize(frames - first);
      const size_t fade = std::min(s.size(), static_cast<size_t>(kCutFadeSeconds * kRate));
      for (size_t i = 0; i < fade; ++i) s[s.size() - 1 - i] *= static_cast<float>(i) / fade;
      out.warnings.push_back(line.path + " runs past the clip's end; cut at " + Seconds(duration));
    }
    const auto [left, right] = dsp::ConstantPowerPan(pans.at(line.speaker));
    for (size_t i = 0; i < s.size(); ++i) {
      dialogue[2 * (first + i)] += s[i] * left;
      dialogue[2 * (first + i) + 1] += s[i] * right;
    }
    std::vector<float>& mouth = out.mouth_open[line.speaker];
    const std::vector<float> track = LipSyncTrackAt(line.clip, sb.fps, line.start, video_frames);
    for (size_t k = 0; k < mouth.size(); ++k) mouth[k] = std::max(mouth[k], track[k]);
    out.lines.push_back({line.speaker, line.start, line.start + line.clip.seconds(), line.text});
  }

  std::sort(out.lines.begin(), out.lines.end(),
            [](const SpokenLine& a, const SpokenLine& b) { return a.start < b.start; });

  MixBuses buses;
  buses.dialogue = std::move(dialogue);
  buses.ambience = AmbienceBed(sb, frames, duration);
  // The world's sounds where it could be simulated (a storyboard with words
  // outside the vocabularies still gets its planned effects), and the score
  // where a SoundFont is installed: without either the clip still has sound.
  auto events = world::SimulateEvents(sb, world::BuildAppearances(sb));
  if (!events.ok()) {
    out.warnings.push_back("no world sounds: " + events.error().message);
  }
  buses.effects = RenderEffects(events.ok() ? *events : std::vector<world::WorldEvent>{}, sb,
                                frames, dsp::MixSeed(sb.seed, 0x5fe));
  auto music = RenderScore(sb, frames);
  if (music.ok()) {
    buses.music = std::move(*music);
  } else {
    out.warnings.push_back("no music: " + music.error().message);
  }
  MixSettings settings;
  // For lossy delivery a loud master starts a decibel under the ceiling, as
  // streaming services advise (-2 dBTP at -14 LUFS and above).
  if (options.delivery) settings.true_peak_ceiling_dbtp = kTruePeakCeilingDbtp - 1.0;
  KINORA_ASSIGN_OR_RETURN(MixedAudio mixed, MixAndMaster(buses, frames, settings));
  // The codec's own overshoot, measured, comes off the limiter's ceiling
  // (with half a decibel to spare, so one more mastering is usually enough).
  for (int attempt = 0; options.delivery && attempt < 3; ++attempt) {
    KINORA_ASSIGN_OR_RETURN(media::AudioBuffer delivered, options.delivery(mixed.master));
    KINORA_ASSIGN_OR_RETURN(Loudness heard, MeasureLoudness(delivered.samples));
    const double over = heard.true_peak_dbtp - kTruePeakCeilingDbtp;
    if (!(over > 0.0)) break;
    settings.true_peak_ceiling_dbtp -= over + 0.5;
    KINORA_ASSIGN_OR_RETURN(mixed, MixAndMaster(buses, frames, settings));
  }
  out.audio = std::move(mixed.master);
  out.stems = std::move(mixed.stems);
  out.loudness = mixed.loudness;
  return out;
}

}  // namespace kinora::engine::audio
