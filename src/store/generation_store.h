// GenerationStore: the durable record of video generation jobs.
//
// A generation moves queued → in_progress → completed | failed | cancelled.
// Claiming is atomic, so several workers never take the same job. Rows
// survive restarts; RequeueInterrupted() returns jobs that were in progress
// when the process died. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kinora::store {

enum class GenerationStatus { kQueued, kInProgress, kCompleted, kFailed, kCancelled };

std::string_view GenerationStatusName(GenerationStatus status);  // "queued", "in_progress", …
std::optional<GenerationStatus> ParseGenerationStatus(std::string_view name);

struct Generation {
  std::string id;
  std::optional<std::string> owner_id;  // the member who asked; nullopt for installation keys
  GenerationStatus status = GenerationStatus::kQueued;
  int progress = 0;  // 0–100
  std::string model;
  std::string prompt;
  int seconds = 4;
  int width = 720;
  int height = 1280;
  uint64_t seed = 0;
  std::string storyboard_json;  // the input storyboard if given, else the plan once made
  std::string content_key;      // blob key of the finished MP4
  std::string error_code;
  std::string error_message;
  int attempts = 0;
  int64_t created_at = 0;  // Unix seconds
  std::optional<int64_t> started_at;
  std::optional<int64_t> completed_at;
};

class GenerationStore {
 public:
  virtual ~GenerationStore() = default;

  virtual core::Status InsertGeneration(const Generation& g) = 0;
  virtual core::Result<Generation> GetGeneration(const std::string& id) = 0;

  // Takes the oldest queued job and marks it in progress; nullopt when none.
  virtual core::Result<std::optional<Generation>> ClaimNextGeneration(int64_t now) = 0;
  virtual core::Status UpdateProgress(const std::string& id, int progress) = 0;
  virtual core::Status CompleteGeneration(const std::string& id, const std::string& content_key,
                                          const std::string& storyboard_json, int64_t now) = 0;
  virtual core::Status FailGeneration(const std::string& id, const std::string& code,
                                      const std::string& message, int64_t now) = 0;
  // Puts an in-progress job back in the queue (shutdown, lost worker).
  virtual core::Status RequeueGeneration(const std::string& id) = 0;
  // At start-up: every in-progress job goes back to the queue. Returns how many.
  virtual core::Result<int> RequeueInterrupted() = 0;

  // Number of jobs in each status, for metrics.
  virtual core::Result<std::vector<std::pair<GenerationStatus, int64_t>>> CountByStatus() = 0;
};

}  // namespace kinora::store
