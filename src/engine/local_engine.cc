#include "engine/local_engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "engine/audio/soundtrack.h"
#include "engine/audio/speech.h"
#include "engine/plan/planner.h"
#include "engine/render/gl_context.h"
#include "engine/render/scene_renderer.h"
#include "media/aac.h"
#include "media/mp4_writer.h"

namespace kinora::engine {
namespace {

// How far through the whole job each stage ends.
constexpr double kPlannedAt = 0.02;
constexpr double kVoicedAt = 0.10;
constexpr double kRenderedAt = 0.98;

// Seconds since `start`, on the monotonic clock.
double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The dialogue line on screen at time t, held a little after the voice stops.
std::string CaptionAt(const audio::Soundtrack& track, double t) {
  for (const auto& line : track.lines) {
    if (t >= line.start && t < line.end + 0.4) return line.text;
  }
  return {};
}

class LocalEngine final : public Engine {
 public:
  explicit LocalEngine(std::unique_ptr<audio::SpeechSynthesizer> speech)
      : speech_(std::move(speech)) {}

  std::string_view Name() const override { return "kinora-1"; }

  core::Result<GenerateResult> Generate(const GenerateRequest& request, const ProgressFn& progress,
                                        const std::atomic<bool>* cancel) override {
    auto report = [&](std::string_view stage, double fraction) {
      if (progress) progress({stage, fraction});
    };
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };

    StageTimings timings;
    auto stage_start = std::chrono::steady_clock::now();
    report("planning", 0);
    KINORA_ASSIGN_OR_RETURN(Storyboard sb, ResolveStoryboard(request));
    report("planning", kPlannedAt);
    timings.plan = SecondsSince(stage_start);

    stage_start = std::chrono::steady_clock::now();
    // The sound is checked through the MP4's own codec, so the file a
    // listener plays keeps its true peaks under -1 dBTP.
    const audio::SoundtrackOptions sound{
        .delivery = [](const media::AudioBuffer& master) { return media::AacRoundTrip(master); }};
    KINORA_ASSIGN_OR_RETURN(audio::Soundtrack track, audio::BuildSoundtrack(sb, *speech_, sound));
    // The picture follows the sound's timing: shots a line needed to be
    // longer have been lengthened.
    sb = std::move(track.storyboard);
    // The stems hold four times the master's memory; keep them only when asked.
    if (!request.keep_stems) track.stems = {};
    if (cancelled()) return core::Cancelled();
    report("voicing", kVoicedAt);
    timings.voice = SecondsSince(stage_start);

    stage_start = std::chrono::steady_clock::now();
    KINORA_ASSIGN_OR_RETURN(auto gl, render::GlContext::CreateHeadless());
    KINORA_ASSIGN_OR_RETURN(auto renderer, render::SceneRenderer::Create(sb));
    media::Mp4Options options{.width = sb.width,
                              .height = sb.height,
                              .fps = sb.fps,
                              .sample_rate = track.audio.sample_rate,
                              .preset = request.preset};
    KINORA_ASSIGN_OR_RETURN(auto writer, media::Mp4Writer::Open(request.output_path, options));
    timings.setup = SecondsSince(stage_start);

    const int frames = sb.FrameCount();
    const size_t total_samples = track.audio.frames();
    media::RgbaImage image;
    render::FrameInputs inputs;
    size_t samples_written = 0;
    for (int i = 0; i < frames; ++i) {
      if (cancelled()) return core::Cancelled();
      inputs.time = static_cast<double>(i) / sb.fps;
      inputs.mouth_open.clear();
      for (const auto& [id, track_values] : track.mouth_open) {
        if (static_cast<size_t>(i) < track_values.size()) inputs.mouth_open[id] = track_values[i];
      }
      inputs.caption = CaptionAt(track, inputs.time);
      stage_start = std::chrono::steady_clock::now();
      KINORA_RETURN_IF_ERROR(renderer->Render(inputs, image));
      timings.render += SecondsSince(stage_start);
      stage_start = std::chrono::steady_clock::now();
      KINORA_RETURN_IF_ERROR(writer->WriteVideoFrame(image));
      // Audio up to the end of this frame, so the muxer interleaves in step.
      const size_t until = std::min(
          total_samples, static_cast<size_t>(std::llround(static_cast<double>(i + 1) *
                                                          track.audio.sample_rate / sb.fps)));
      if (until > samples_written) {
        KINORA_RETURN_IF_ERROR(writer->WriteAudio(track.audio.samples.data() + samples_written * 2,
                                                  until - samples_written));
        samples_written = until;
      }
      timings.encode += SecondsSince(stage_start);
      report("rendering", kVoicedAt + (kRenderedAt - kVoicedAt) * (i + 1) / frames);
    }
    stage_start = std::chrono::steady_clock::now();
    if (samples_written < total_samples) {
      KINORA_RETURN_IF_ERROR(writer->WriteAudio(track.audio.samples.data() + samples_written * 2,
                                                total_samples - samples_written));
    }
    report("finishing", kRenderedAt);
    KINORA_RETURN_IF_ERROR(writer->Finish());
    timings.finish = SecondsSince(stage_start);
    report("finishing", 1.0);
    GenerateResult result;
    result.timings = timings;
    result.frames = frames;
    result.seconds = sb.DurationSeconds();
    result.storyboard = std::move(sb);
    result.warnings = std::move(track.warnings);
    if (request.keep_stems) {
      audio::MixStems& stems = track.stems;
      result.stems = {{"dialogue", std::move(stems.dialogue)},
                      {"effects", std::move(stems.effects)},
                      {"ambience", std::move(stems.ambience)},
                      {"music", std::move(stems.music)}};
    }
    return result;
  }

 private:
  std::unique_ptr<audio::SpeechSynthesizer> speech_;
};

}  // namespace

core::Result<Storyboard> ResolveStoryboard(const GenerateRequest& request) {
  if (request.storyboard) {
    KINORA_RETURN_IF_ERROR(Validate(*request.storyboard));
    return *request.storyboard;
  }
  return Plan({.prompt = request.prompt,
               .seconds = request.seconds,
               .width = request.width,
               .height = request.height,
               .fps = request.fps,
               .seed = request.seed});
}

core::Result<std::unique_ptr<Engine>> NewLocalEngine() {
  KINORA_ASSIGN_OR_RETURN(auto speech, audio::SpeechSynthesizer::Create());
  return std::unique_ptr<Engine>(std::make_unique<LocalEngine>(std::move(speech)));
}

}  // namespace kinora::engine
