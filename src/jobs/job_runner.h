// RunJob: one attempt at a generation job, the same wherever it runs — in a
// server's worker threads or in a remote `kinora worker`. It renders the
// job with an Engine into a scratch folder and makes the video's previews
// (a WebP thumbnail and a JPEG spritesheet); what happens to the files and
// to the job's record is the caller's business. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "engine/engine.h"
#include "store/generation_store.h"

namespace kinora::jobs {

// The files of a finished attempt, in the scratch folder.
struct JobFiles {
  std::string video_path;        // the MP4
  std::string thumbnail_path;    // '' when the preview could not be made
  std::string spritesheet_path;  // '' when the preview could not be made
  std::string storyboard_json;   // what was rendered
};

struct JobOutput {
  JobFiles files;
  int64_t render_millis = 0;  // wall time of the engine
};

// How a failed attempt is recorded.
struct JobFailure {
  std::string code;     // "invalid_request", "generation_failed", "cancelled"
  std::string message;  // for people
  bool retryable = false;
  bool cancelled = false;  // the cancel flag stopped it
};

// Renders `job` into scratch_dir/<id>.mp4 (with <id>.webp and <id>.jpg
// previews), reporting progress (0–1) as it goes; stops between frames once
// *cancel is true and returns kCancelled. Leaves no file behind on failure.
// A preview that cannot be made is logged and left out; the job still
// succeeds. `reference_path` is a local copy of the job's input reference
// (its input_key), or empty.
core::Result<JobOutput> RunJob(engine::Engine& engine, const store::Generation& job,
                               const std::string& scratch_dir, const engine::ProgressFn& progress,
                               const std::atomic<bool>* cancel,
                               const std::string& reference_path = {});

// The x264 preset a model name asks for: the "pro" models trade time for
// quality; every other name renders with the engine's default.
std::string PresetForModel(std::string_view model);

// What an engine (or RunJob) error means for the job: a request the engine
// refuses fails for good ("invalid_request"); a cancel is a cancel; anything
// else may succeed on another attempt ("generation_failed").
JobFailure ClassifyFailure(const core::Error& error);

// Removes the files of `files` that exist; for a caller that gives up on them.
void RemoveJobFiles(const JobFiles& files);

}  // namespace kinora::jobs
