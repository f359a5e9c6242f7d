// The Engine interface: a prompt or a storyboard becomes an MP4 with sound.
//
// LocalEngine (local_engine.h) is the built-in procedural engine; a remote
// adapter for a GPU deployment implements the same interface. Generate() may
// be called from several threads at once; each call renders on its own
// thread. The engine knows nothing about users, jobs or HTTP.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/storyboard.h"
#include "media/image.h"

namespace kinora::engine {

struct GenerateRequest {
  // Either a prompt (planned with the fields below) or a ready storyboard,
  // whose own size, fps and shot timing then rule.
  std::string prompt;
  std::optional<Storyboard> storyboard;
  double seconds = 4.0;
  int width = 720;
  int height = 1280;
  int fps = 24;
  uint64_t seed = 0;
  std::string output_path;      // the MP4 appears here atomically on success
  std::string preset = "fast";  // x264 speed/quality trade-off
  bool keep_stems = false;      // return the mix's stems in GenerateResult::stems
  // An image, or a video whose first frame is taken, that frames the first
  // shot: the clip opens on it and dissolves into the scene. Empty: none.
  std::string reference_path;
};

// Wall-clock seconds one Generate() spent in each stage, for benchmarks and logs.
struct StageTimings {
  double plan = 0;    // the storyboard: planned or validated
  double voice = 0;   // the sound: speech, effects, ambience, music and the mix
  double setup = 0;   // GL context, shader compilation, opening the MP4 writer
  double render = 0;  // drawing every frame (SceneRenderer::Render, read-back included)
  double encode = 0;  // handing frames and sound to the encoder and muxer
  double finish = 0;  // flushing the encoder and publishing the file
};

// One bus of the clip's final mix (see engine/audio/mix.h).
struct AudioStem {
  std::string name;          // "dialogue", "effects", "ambience" or "music"
  media::AudioBuffer audio;  // 48 kHz stereo, as long as the clip
};

struct GenerateResult {
  Storyboard storyboard;  // what was rendered
  int frames = 0;
  double seconds = 0;
  StageTimings timings;
  // What the engine changed or left out, for the job log: shots lengthened
  // to fit a line, lines moved or cut, a clip without music.
  std::vector<std::string> warnings;
  // Only when the request had keep_stems: the four stems, which sum to the
  // MP4's sound before AAC encoding.
  std::vector<AudioStem> stems;
};

struct Progress {
  std::string_view stage;  // "planning", "voicing", "rendering", "finishing"
  double fraction = 0;     // overall, 0..1, never decreasing
};

using ProgressFn = std::function<void(const Progress&)>;

class Engine {
 public:
  virtual ~Engine() = default;

  // `progress` may be empty. When `cancel` becomes true the generation stops
  // before the next frame and returns kCancelled; no output file is left.
  virtual core::Result<GenerateResult> Generate(const GenerateRequest& request,
                                                const ProgressFn& progress,
                                                const std::atomic<bool>* cancel) = 0;

  // A short name for logs and the API's "model" field.
  virtual std::string_view Name() const = 0;
};

// Plans the request into a storyboard (or validates the given one).
core::Result<Storyboard> ResolveStoryboard(const GenerateRequest& request);

}  // namespace kinora::engine
