#include "jobs/job_runner.h"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "media/thumbnails.h"

namespace kinora::jobs {

core::Result<JobOutput> RunJob(engine::Engine& engine, const store::Generation& job,
                               const std::string& scratch_dir, const engine::ProgressFn& progress,
                               const std::atomic<bool>* cancel, const std::string& reference_path) {
  engine::GenerateRequest request;
  request.preset = PresetForModel(job.model);
  request.reference_path = reference_path;
  request.prompt = job.prompt;
  request.seconds = job.seconds;
  request.width = job.width;
  request.height = job.height;
  request.seed = job.seed;
  if (!job.storyboard_json.empty()) {
    // Stored storyboards were validated on create; one that no longer parses
    // (a newer server's format) is the request's fault, not the engine's.
    KINORA_ASSIGN_OR_RETURN(request.storyboard, engine::ParseStoryboard(job.storyboard_json));
  }
  const std::string base = scratch_dir + "/" + job.id;
  JobOutput out;
  out.files.video_path = base + ".mp4";
  request.output_path = out.files.video_path;

  const auto started = std::chrono::steady_clock::now();
  auto result = engine.Generate(request, progress, cancel);
  out.render_millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  if (!result.ok()) {
    RemoveJobFiles(out.files);
    return result.error();
  }
  out.files.storyboard_json = engine::ToJson(result->storyboard).dump();

  // Previews are a convenience: a video without them is still a video.
  const auto preview = [&](const core::Status& made, const std::string& path,
                           std::string_view what) {
    if (made.ok()) return path;
    core::LogWarn(
        "cannot make a preview of a video",
        {{"id", job.id}, {"preview", std::string(what)}, {"error", made.error().ToString()}});
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return std::string();
  };
  out.files.thumbnail_path = preview(media::MakeThumbnail(out.files.video_path, base + ".webp",
                                                          {.format = media::ImageFormat::kWebp}),
                                     base + ".webp", "thumbnail");
  out.files.spritesheet_path =
      preview(media::MakeSpritesheet(out.files.video_path, base + ".jpg",
                                     {.format = media::ImageFormat::kJpeg}),
              base + ".jpg", "spritesheet");
  return out;
}

std::string PresetForModel(std::string_view model) {
  return model.find("-pro") != std::string_view::npos ? "medium" : engine::GenerateRequest().preset;
}

JobFailure ClassifyFailure(const core::Error& error) {
  switch (error.code) {
    case core::ErrorCode::kInvalidArgument:
      return {.code = "invalid_request", .message = error.ToString(), .retryable = false};
    case core::ErrorCode::kCancelled:
      return {.code = "cancelled", .message = error.ToString(), .cancelled = true};
    default: return {.code = "generation_failed", .message = error.ToString(), .retryable = true};
  }
}

void RemoveJobFiles(const JobFiles& files) {
  for (const std::string* path :
       {&files.video_path, &files.thumbnail_path, &files.spritesheet_path}) {
    if (path->empty()) continue;
    std::error_code ec;
    std::filesystem::remove(*path, ec);
  }
}

}  // namespace kinora::jobs
