#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "core/log.h"
#include "core/parse.h"
#include "engine/local_engine.h"
#include "jobs/generation_service.h"
#include "media/wav_writer.h"

namespace kinora::cli {
namespace {

namespace fs = std::filesystem;

struct GenerateFlags {
  std::string prompt;
  std::string storyboard_file;
  std::string seconds = "4";
  std::string size = "720x1280";
  std::string fps = "24";
  std::string seed = "0";
  std::string output;
  std::string preset = "fast";
  std::string stems;  // a folder for the mix's stems; used when stems_given
  bool stems_given = false;
};

using core::ParseNumber;

core::Status CheckOutputPath(const std::string& output) {
  if (output.empty()) return core::InvalidArgument("-o/--output is required", "output");
  fs::path p(output);
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    return core::InvalidArgument("output '" + output + "' is a directory", "output");
  }
  fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(dir, ec)) {
    return core::InvalidArgument("output folder '" + dir.string() + "' does not exist", "output");
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    return core::InvalidArgument("output folder '" + dir.string() + "' is not writable", "output");
  }
  if (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0) {
    return core::InvalidArgument("output '" + output + "' is not writable", "output");
  }
  return core::Ok();
}

// Makes the --stems folder (and its parents) when missing, so a bad path is
// a usage error before any work starts.
core::Status PrepareStemsFolder(const std::string& dir) {
  if (dir.empty()) return core::InvalidArgument("--stems needs a folder", "stems");
  const fs::path p(dir);
  std::error_code ec;
  if (fs::exists(p, ec) && !fs::is_directory(p, ec)) {
    return core::InvalidArgument("--stems '" + dir + "' is a file, not a folder", "stems");
  }
  fs::create_directories(p, ec);
  if (ec) {
    return core::InvalidArgument("--stems: cannot create folder '" + dir + "': " + ec.message(),
                                 "stems");
  }
  if (::access(p.c_str(), W_OK) != 0) {
    return core::InvalidArgument("--stems folder '" + dir + "' is not writable", "stems");
  }
  return core::Ok();
}

// dialogue.wav, effects.wav, ambience.wav and music.wav, each published atomically.
core::Status WriteStems(const std::string& dir, const std::vector<engine::AudioStem>& stems) {
  for (const engine::AudioStem& stem : stems) {
    const std::string path = (fs::path(dir) / (stem.name + ".wav")).string();
    core::Status written = media::WriteWav(path, stem.audio);
    if (!written.ok()) {
      return core::IoError("--stems: cannot write " + path + ": " + written.error().message);
    }
  }
  return core::Ok();
}

core::Result<engine::GenerateRequest> BuildRequest(const GenerateFlags& f) {
  engine::GenerateRequest r;
  const bool has_prompt = !f.prompt.empty();
  const bool has_board = !f.storyboard_file.empty();
  if (has_prompt == has_board) {
    return core::InvalidArgument(has_prompt ? "give --prompt or --storyboard, not both"
                                            : "--prompt or --storyboard is required",
                                 "prompt");
  }
  if (!ParseNumber(f.seconds, r.seconds) || !(r.seconds > 0) ||
      r.seconds > engine::kMaxClipSeconds) {
    return core::InvalidArgument(
        "--seconds must be a number greater than 0 and at most 60 (got '" + f.seconds + "')",
        "seconds");
  }
  auto size = jobs::ParseSize(f.size);
  if (!size.ok()) {
    return core::InvalidArgument(
        "--size must look like 720x1280: even width and height from 64 to 2048 (got '" + f.size +
            "')",
        "size");
  }
  r.width = size->first;
  r.height = size->second;
  if (!ParseNumber(f.fps, r.fps) || r.fps < engine::kMinFps || r.fps > engine::kMaxFps) {
    return core::InvalidArgument("--fps must be a whole number from 1 to 60 (got '" + f.fps + "')",
                                 "fps");
  }
  if (!ParseNumber(f.seed, r.seed)) {
    return core::InvalidArgument(
        "--seed must be a non-negative whole number (got '" + f.seed + "')", "seed");
  }
  static const std::vector<std::string> kPresets = {"ultrafast", "superfast", "veryfast", "faster",
                                                    "fast",      "medium",    "slow",     "slower"};
  if (std::find(kPresets.begin(), kPresets.end(), f.preset) == kPresets.end()) {
    return core::InvalidArgument(
        "--preset must be one of ultrafast … slower (got '" + f.preset + "')", "preset");
  }
  r.preset = f.preset;
  r.prompt = f.prompt;
  if (has_board) {
    KINORA_ASSIGN_OR_RETURN(r.storyboard, ReadStoryboardFile(f.storyboard_file));
  }
  KINORA_RETURN_IF_ERROR(CheckOutputPath(f.output));
  r.output_path = f.output;
  // Plan now, once, so prompt problems are usage errors before any work starts.
  KINORA_ASSIGN_OR_RETURN(engine::Storyboard sb, engine::ResolveStoryboard(r));
  r.storyboard = std::move(sb);
  if (f.stems_given) {
    KINORA_RETURN_IF_ERROR(PrepareStemsFolder(f.stems));
    r.keep_stems = true;
  }
  return r;
}

}  // namespace

Runner AddGenerateCommand(CLI::App& root) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* cmd = root.add_subcommand(
      "generate", "Render a prompt (or a storyboard) to an MP4 with synchronized sound");
  cmd->add_option("-p,--prompt", flags->prompt,
                  "What to imagine; quoted text becomes spoken dialogue");
  cmd->add_option("--storyboard", flags->storyboard_file,
                  "A storyboard JSON file to render instead of a prompt (see docs/storyboard.md)");
  cmd->add_option("-s,--seconds", flags->seconds, "Clip length in seconds, up to 60 (default 4)");
  cmd->add_option("--size", flags->size, "WIDTHxHEIGHT, even numbers 64–2048 (default 720x1280)");
  cmd->add_option("--fps", flags->fps, "Frames per second, 1–60 (default 24)");
  cmd->add_option("--seed", flags->seed,
                  "Seed; the same prompt and seed give the same video (default 0)");
  cmd->add_option("-o,--output", flags->output, "Where to write the MP4")->required();
  cmd->add_option("--preset", flags->preset,
                  "x264 speed preset, ultrafast … slower (default fast)");
  cmd->add_option("--stems", flags->stems,
                  "Also write the mix's stems to this folder (made if missing): dialogue.wav, "
                  "effects.wav, ambience.wav, music.wav, 48 kHz stereo 24-bit; they sum to the "
                  "MP4's sound");
  return [flags, cmd](core::ConfigLayers&) -> int {
    flags->stems_given = cmd->count("--stems") > 0;
    auto request = BuildRequest(*flags);
    if (!request.ok()) return ReportError("generate", request.error());
    auto engine = engine::NewLocalEngine();
    if (!engine.ok()) return ReportError("generate", engine.error());
    std::atomic<bool> cancel{false};
    return WithSignalWatcher(
        [&] { cancel = true; },
        [&]() -> int {
          ProgressBar bar(stderr);
          const auto started = std::chrono::steady_clock::now();
          auto result = (*engine)->Generate(
              *request, [&](const engine::Progress& p) { bar.Update(p.stage, p.fraction); },
              &cancel);
          bar.Finish();
          if (!result.ok()) {
            if (result.error().code == core::ErrorCode::kCancelled) {
              std::fprintf(stderr, "kinora generate: interrupted; nothing was written\n");
              return kExitInterrupted;
            }
            return ReportError("generate", result.error());
          }
          const double took =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          for (const std::string& warning : result->warnings) {
            std::fprintf(stderr, "kinora generate: note: %s\n", warning.c_str());
          }
          std::printf("wrote %s (%.2f s, %dx%d, %d fps, %d frames) in %.1f s\n",
                      request->output_path.c_str(), result->seconds, result->storyboard.width,
                      result->storyboard.height, result->storyboard.fps, result->frames, took);
          if (request->keep_stems) {
            const core::Status stems = WriteStems(flags->stems, result->stems);
            if (!stems.ok()) return ReportError("generate", stems.error());
            std::string names;
            for (const engine::AudioStem& stem : result->stems) names += " " + stem.name + ".wav";
            std::printf("wrote stems to %s:%s\n", flags->stems.c_str(), names.c_str());
          }
          return kExitOk;
        });
  };
}

Runner AddPlanCommand(CLI::App& root) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* cmd = root.add_subcommand("plan", "Print the storyboard a prompt becomes, as JSON");
  cmd->add_option("-p,--prompt", flags->prompt, "What to imagine")->required();
  cmd->add_option("-s,--seconds", flags->seconds, "Clip length in seconds, up to 60 (default 4)");
  cmd->add_option("--size", flags->size, "WIDTHxHEIGHT (default 720x1280)");
  cmd->add_option("--fps", flags->fps, "Frames per second (default 24)");
  cmd->add_option("--seed", flags->seed, "Seed (default 0)");
  return [flags](core::ConfigLayers&) -> int {
    GenerateFlags f = *flags;
    f.output = (fs::temp_directory_path() / "kinora-plan.mp4").string();  // not written
    auto request = BuildRequest(f);
    if (!request.ok()) return ReportError("plan", request.error());
    std::printf("%s\n", engine::ToJson(*request->storyboard).dump(2).c_str());
    return kExitOk;
  };
}

}  // namespace kinora::cli
