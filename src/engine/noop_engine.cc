#include "engine/noop_engine.h"

#include <filesystem>

#include "core/clock.h"
#include "core/file_util.h"
#include "core/id.h"
#include "media/mp4_writer.h"

namespace kinora::engine {
namespace {

namespace fs = std::filesystem;

// The clip: small enough to encode in milliseconds, large enough that every
// player and probe accepts it.
constexpr int kSide = 64;
constexpr int kFps = 12;
constexpr int kFrames = kFps;  // one second

core::Status WriteClip(const std::string& path) {
  media::Mp4Options options{.width = kSide, .height = kSide, .fps = kFps, .preset = "ultrafast"};
  KINORA_ASSIGN_OR_RETURN(auto writer, media::Mp4Writer::Open(path, options));
  media::RgbaImage frame(kSide, kSide);
  const std::vector<float> silence(static_cast<size_t>(options.sample_rate / kFps) * 2, 0.0f);
  for (int i = 0; i < kFrames; ++i) {
    // A grey ramp over time, so frames differ and the encoder has something to code.
    for (size_t p = 0; p < frame.pixels.size(); p += 4) {
      frame.pixels[p] = frame.pixels[p + 1] = frame.pixels[p + 2] =
          static_cast<uint8_t>(40 + 15 * i);
      frame.pixels[p + 3] = 255;
    }
    KINORA_RETURN_IF_ERROR(writer->WriteVideoFrame(frame));
    KINORA_RETURN_IF_ERROR(writer->WriteAudio(silence.data(), silence.size() / 2));
  }
  return writer->Finish();
}

class NoopEngine final : public Engine {
 public:
  explicit NoopEngine(std::string clip) : clip_(std::move(clip)) {}
  ~NoopEngine() override {
    std::error_code ec;
    fs::remove(clip_, ec);
  }

  std::string_view Name() const override { return "noop"; }

  core::Result<GenerateResult> Generate(const GenerateRequest& request, const ProgressFn& progress,
                                        const std::atomic<bool>* cancel) override {
    auto report = [&](std::string_view stage, double fraction) {
      if (progress) progress({stage, fraction});
    };
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
    if (request.output_path.empty()) {
      return core::InvalidArgument("the request has no output path", "output_path");
    }
    report("planning", 0);
    // Planning is cheap (text in, a storyboard out), and it keeps the job
    // record's plan and validation the same as the local engine's.
    KINORA_ASSIGN_OR_RETURN(Storyboard sb, ResolveStoryboard(request));
    if (cancelled()) return core::Cancelled();
    report("rendering", 0.5);

    const std::string partial =
        request.output_path + ".partial-" + core::NewId("noop", core::SystemClock());
    std::error_code ec;
    fs::copy_file(clip_, partial, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      fs::remove(partial, ec);
      return core::IoError("cannot write the output: " + ec.message(), request.output_path);
    }
    if (cancelled()) {
      fs::remove(partial, ec);
      return core::Cancelled();
    }
    report("finishing", 0.9);
    if (core::Status published = core::PublishFile(partial, request.output_path); !published) {
      fs::remove(partial, ec);
      return published.error();
    }
    report("finishing", 1.0);
    GenerateResult result;
    result.frames = kFrames;
    result.seconds = static_cast<double>(kFrames) / kFps;
    result.storyboard = std::move(sb);
    result.warnings.push_back("the noop engine ignores the storyboard and writes a fixed clip");
    return result;
  }

 private:
  std::string clip_;
};

}  // namespace

core::Result<std::unique_ptr<Engine>> NewNoopEngine() {
  const std::string clip =
      (fs::temp_directory_path() / (core::NewId("noop", core::SystemClock()) + ".mp4")).string();
  KINORA_RETURN_IF_ERROR(WriteClip(clip));
  return std::unique_ptr<Engine>(std::make_unique<NoopEngine>(clip));
}

}  // namespace kinora::engine
