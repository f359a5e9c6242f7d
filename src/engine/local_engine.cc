#include "engine/local_engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "engine/audio/soundtrack.h"
#include "engine/audio/speech.h"
#include "engine/plan/planner.h"
#include "engine/render/gl_context.h"
#include "engine/render/scene_renderer.h"
#include "media/aac.h"
#include "media/frame_sampler.h"
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

// The reference image is held alone for a moment, then dissolves into the
// rendered scene; both spans shrink to fit a short first shot.
constexpr double kReferenceHoldSeconds = 0.5;
constexpr double kReferenceDissolveSeconds = 1.0;

// The first frame of `path` (an image or a video), scaled and centre-cropped
// to cover width x height exactly.
core::Result<media::RgbaImage> LoadReference(const std::string& path, int width, int height) {
  media::RgbaImage source;
  KINORA_RETURN_IF_ERROR(media::SampleFrames(path, {.fractions = {0.0}},
                                             [&](size_t, const media::RgbaImage& frame, double) {
                                               source = frame;
                                               return core::Ok();
                                             }));
  if (source.width <= 0 || source.height <= 0) {
    return core::InvalidArgument("the reference has no picture", "input_reference");
  }
  // Cover: scale so both sides reach the target, then crop the middle.
  const double scale = std::max(static_cast<double>(width) / source.width,
                                static_cast<double>(height) / source.height);
  const double x0 = (source.width - width / scale) / 2;
  const double y0 = (source.height - height / scale) / 2;
  media::RgbaImage out(width, height);
  for (int y = 0; y < height; ++y) {
    // Bilinear sampling at pixel centres.
    const double sy = std::clamp(y0 + (y + 0.5) / scale - 0.5, 0.0, source.height - 1.0);
    const int ya = static_cast<int>(sy);
    const int yb = std::min(ya + 1, source.height - 1);
    const double fy = sy - ya;
    uint8_t* row = out.Row(y);
    for (int x = 0; x < width; ++x) {
      const double sx = std::clamp(x0 + (x + 0.5) / scale - 0.5, 0.0, source.width - 1.0);
      const int xa = static_cast<int>(sx);
      const int xb = std::min(xa + 1, source.width - 1);
      const double fx = sx - xa;
      for (int c = 0; c < 4; ++c) {
        const double top = source.Row(ya)[xa * 4 + c] * (1 - fx) + source.Row(ya)[xb * 4 + c] * fx;
        const double bottom =
            source.Row(yb)[xa * 4 + c] * (1 - fx) + source.Row(yb)[xb * 4 + c] * fx;
        row[x * 4 + c] = static_cast<uint8_t>(std::lround(top * (1 - fy) + bottom * fy));
      }
    }
  }
  return out;
}

// How much of the reference shows at time t (1 = only the reference).
double ReferenceWeight(const Storyboard& sb, double t) {
  const double shot = sb.shots.empty() ? sb.DurationSeconds() : sb.shots.front().duration;
  const double hold = std::min(kReferenceHoldSeconds, shot / 4);
  const double dissolve = std::min(kReferenceDissolveSeconds, shot / 2);
  if (t <= hold) return 1.0;
  if (t >= hold + dissolve) return 0.0;
  const double u = (t - hold) / dissolve;
  return 1.0 - u * u * (3 - 2 * u);  // smoothstep
}

void BlendInto(media::RgbaImage& frame, const media::RgbaImage& reference, double weight) {
  const auto w = static_cast<int>(std::lround(weight * 256));
  for (size_t i = 0; i < frame.pixels.size(); ++i) {
    frame.pixels[i] =
        static_cast<uint8_t>((reference.pixels[i] * w + frame.pixels[i] * (256 - w)) >> 8);
  }
}

class LocalEngine final : public Engine {
 public:
  explicit LocalEngine(std::unique_ptr<audio::SpeechSynthesizer> speech)
      : speech_(std::move(speech)) {}

  std::string_view Name() const override { return "kinora-sim"; }

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
    std::optional<media::RgbaImage> reference;
    if (!request.reference_path.empty()) {
      KINORA_ASSIGN_OR_RETURN(reference,
                              LoadReference(request.reference_path, sb.width, sb.height));
    }
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
      if (reference) {
        if (const double w = ReferenceWeight(sb, inputs.time); w > 0) {
          BlendInto(image, *reference, w);
        }
      }
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
