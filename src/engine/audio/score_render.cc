// The score's performance (see score.h): plays a Score's note events
// through FluidSynth with a General MIDI SoundFont, offline and
// deterministically, then fades the tail, normalises the loudness and
// limits the peaks. Also finds the SoundFont to use.
#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audio/dsp.h"
#include "engine/audio/score.h"

namespace kinora::engine::audio {
namespace {

// FluidSynth logs through process-wide callbacks; ours keeps the messages
// of the thread that is loading a SoundFont, for the error's detail.
thread_local std::string tls_fluid_log;

void CaptureFluidLog(int level, const char* message, void* /*data*/) {
  if (level > FLUID_WARN || message == nullptr) return;
  if (!tls_fluid_log.empty()) tls_fluid_log += "; ";
  tls_fluid_log += message;
}

void SilenceFluidSynth() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int level = 0; level < LAST_LOG_LEVEL; ++level) {
      fluid_set_log_function(level, CaptureFluidLog, nullptr);
    }
  });
}

struct SettingsDeleter {
  void operator()(fluid_settings_t* s) const { delete_fluid_settings(s); }
};
struct SynthDeleter {
  void operator()(fluid_synth_t* s) const { delete_fluid_synth(s); }
};

// Only RIFF files of form "sfbk" reach FluidSynth's loader: anything else
// would fall through to libinstpatch's DLS reader, which writes to stderr.
bool LooksLikeSoundFont(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char header[12] = {};
  if (!f.read(header, sizeof(header))) return false;
  return std::string_view(header, 4) == "RIFF" && std::string_view(header + 8, 4) == "sfbk";
}

// Offline settings: no drivers, one thread, no memory locking, no LADSPA;
// float output is never dithered (only the 16-bit writers dither), so
// identical events give identical samples. Reverb is fixed here rather than
// left to the library's defaults; chorus is off (it adds little and costs
// a modulated delay line per voice group).
core::Status Configure(fluid_settings_t* s) {
  const auto num = [&](const char* name, double v) { return fluid_settings_setnum(s, name, v); };
  const auto integer = [&](const char* name, int v) { return fluid_settings_setint(s, name, v); };
  const bool ok =
      num("synth.sample-rate", dsp::kSampleRate) == FLUID_OK &&
      num("synth.gain", 0.5) == FLUID_OK && integer("synth.polyphony", 256) == FLUID_OK &&
      integer("synth.cpu-cores", 1) == FLUID_OK && integer("synth.threadsafe-api", 0) == FLUID_OK &&
      integer("synth.lock-memory", 0) == FLUID_OK &&
      integer("synth.dynamic-sample-loading", 0) == FLUID_OK &&
      integer("synth.ladspa.active", 0) == FLUID_OK && integer("synth.verbose", 0) == FLUID_OK &&
      integer("synth.chorus.active", 0) == FLUID_OK &&
      integer("synth.reverb.active", 1) == FLUID_OK &&
      num("synth.reverb.room-size", 0.6) == FLUID_OK && num("synth.reverb.damp", 0.4) == FLUID_OK &&
      num("synth.reverb.width", 0.8) == FLUID_OK && num("synth.reverb.level", 0.6) == FLUID_OK &&
      integer("midi.autoconnect", 0) == FLUID_OK;
  if (!ok) return core::Internal("FluidSynth rejected a setting");
  return core::Ok();
}

struct MidiEvent {
  int64_t frame;
  int kind;  // 0 note-off before 1 note-on at the same frame, so re-strikes sound
  int channel, key, velocity;
};

std::vector<MidiEvent> Events(const Score& score) {
  std::vector<MidiEvent> events;
  const auto frame = [](double t) {
    return static_cast<int64_t>(std::llround(std::max(0.0, t) * dsp::kSampleRate));
  };
  for (const NoteEvent& n : score.notes) {
    const int64_t on = frame(n.start);
    const int64_t off = std::max(on + 1, frame(n.start + n.duration));
    events.push_back({on, 1, n.channel, n.key, n.velocity});
    events.push_back({off, 0, n.channel, n.key, 0});
  }
  std::stable_sort(events.begin(), events.end(), [](const MidiEvent& a, const MidiEvent& b) {
    return a.frame != b.frame ? a.frame < b.frame : a.kind < b.kind;
  });
  return events;
}

}  // namespace

core::Result<std::string> FindSoundFont(const ScoreOptions& options) {
  if (!options.soundfont.empty()) {
    if (!std::ifstream(options.soundfont)) {
      return core::Unavailable("the SoundFont does not exist or cannot be read", options.soundfont);
    }
    if (!LooksLikeSoundFont(options.soundfont)) {
      return core::Unavailable("not a SoundFont (expected a RIFF sfbk file)", options.soundfont);
    }
    return options.soundfont;
  }
  // TimGM6mb first: it is the one scripts/bootstrap installs, so the music
  // sounds the same on every machine; the rest are Debian's alternatives.
  constexpr std::string_view kInstalled[] = {
      "/usr/share/sounds/sf2/TimGM6mb.sf2", "/usr/share/sounds/sf2/default-GM.sf2",
      "/usr/share/sounds/sf3/default-GM.sf3", "/usr/share/sounds/sf2/FluidR3_GM.sf2",
      "/usr/share/soundfonts/default.sf2"};
  std::string tried;
  for (std::string_view candidate : kInstalled) {
    const std::string path(candidate);
    if (LooksLikeSoundFont(path)) return path;
    tried += (tried.empty() ? "" : ", ") + path;
  }
  return core::Unavailable(
      "no General MIDI SoundFont installed (scripts/bootstrap installs timgm6mb-soundfont)", tried);
}

core::Result<std::vector<float>> RenderScore(const Score& score, size_t frames,
                                             const ScoreOptions& options) {
  KINORA_ASSIGN_OR_RETURN(const std::string soundfont, FindSoundFont(options));
  SilenceFluidSynth();
  std::unique_ptr<fluid_settings_t, SettingsDeleter> settings(new_fluid_settings());
  if (!settings) return core::Internal("FluidSynth could not allocate its settings");
  KINORA_RETURN_IF_ERROR(Configure(settings.get()));
  std::unique_ptr<fluid_synth_t, SynthDeleter> synth(new_fluid_synth(settings.get()));
  if (!synth) return core::Internal("FluidSynth could not create a synthesizer");
  tls_fluid_log.clear();
  if (fluid_synth_sfload(synth.get(), soundfont.c_str(), 1) == FLUID_FAILED) {
    return core::Unavailable("FluidSynth could not load the SoundFont",
                             soundfont + (tls_fluid_log.empty() ? "" : ": " + tls_fluid_log));
  }
  fluid_synth_t* s = synth.get();
  for (const Track& t : score.tracks) {
    fluid_synth_program_change(s, t.channel, t.program);
    fluid_synth_cc(s, t.channel, 7, t.volume);
    fluid_synth_cc(s, t.channel, 10, t.pan);
    fluid_synth_cc(s, t.channel, 91, t.reverb);
    fluid_synth_cc(s, t.channel, 93, 0);
    fluid_synth_set_gen(s, t.channel, GEN_VOLENVRELEASE, static_cast<float>(t.release_cents));
  }
  std::vector<float> out(frames * 2, 0.0f);
  size_t at = 0;
  const auto render_to = [&](size_t target) {
    // FluidSynth takes an int length; render in bounded blocks.
    while (at < target) {
      const int n = static_cast<int>(std::min<size_t>(target - at, 8192));
      fluid_synth_write_float(s, n, out.data(), static_cast<int>(2 * at), 2, out.data(),
                              static_cast<int>(2 * at + 1), 2);
      at += static_cast<size_t>(n);
    }
  };
  for (const MidiEvent& e : Events(score)) {
    if (e.frame >= static_cast<int64_t>(frames)) break;
    render_to(static_cast<size_t>(e.frame));
    if (e.kind == 1) {
      fluid_synth_noteon(s, e.channel, e.key, e.velocity);
    } else {
      fluid_synth_noteoff(s, e.channel, e.key);
    }
  }
  render_to(frames);

  // Fade the release span at the end so reverb tails never end in a click.
  const size_t fade = std::min(
      frames, static_cast<size_t>(std::min(kReleaseSeconds, 0.2 * std::max(score.duration, 0.0)) *
                                  dsp::kSampleRate));
  for (size_t i = 0; i < fade; ++i) {
    const double x = static_cast<double>(i + 1) / static_cast<double>(fade);
    const auto g = static_cast<float>(0.5 + 0.5 * std::cos(dsp::kPi * x));
    out[2 * (frames - fade + i)] *= g;
    out[2 * (frames - fade + i) + 1] *= g;
  }
  const double loudness = dsp::IntegratedLoudness(out, 2);
  if (loudness > -70.0) {
    const auto gain = static_cast<float>(dsp::DbToGain(options.loudness_lufs - loudness));
    for (float& v : out) v *= gain;
    out = dsp::LimitPeaks(std::move(out), 2, 0.89f);  // -1 dBFS
  }
  return out;
}

core::Result<std::vector<float>> RenderScore(const Storyboard& sb, size_t frames,
                                             const ScoreOptions& options) {
  return RenderScore(ComposeScore(sb), frames, options);
}

}  // namespace kinora::engine::audio
