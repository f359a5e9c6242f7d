#include "jobs/generation_service.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "core/id.h"
#include "core/log.h"
#include "engine/plan/planner.h"

namespace kinora::jobs {
namespace {

// How often an idle worker looks for work it was not woken for (another process's jobs).
constexpr auto kPollInterval = std::chrono::seconds(1);

}  // namespace

core::Result<std::pair<int, int>> ParseSize(std::string_view size) {
  const auto bad = [&] {
    return core::InvalidArgument("size must look like 720x1280 (WIDTHxHEIGHT, even numbers, " +
                                     std::to_string(engine::kMinDimension) + "–" +
                                     std::to_string(engine::kMaxDimension) + ")",
                                 "size");
  };
  auto x = size.find('x');
  if (x == std::string_view::npos) return bad();
  int w = 0, h = 0;
  auto r1 = std::from_chars(size.data(), size.data() + x, w);
  auto r2 = std::from_chars(size.data() + x + 1, size.data() + size.size(), h);
  if (r1.ec != std::errc() || r1.ptr != size.data() + x || r2.ec != std::errc() ||
      r2.ptr != size.data() + size.size()) {
    return bad();
  }
  if (w < engine::kMinDimension || h < engine::kMinDimension || w > engine::kMaxDimension ||
      h > engine::kMaxDimension || w % 2 || h % 2) {
    return bad();
  }
  return std::make_pair(w, h);
}

GenerationService::GenerationService(store::Store& store, store::BlobStore& blobs,
                                     engine::Engine& engine, const core::Clock& clock,
                                     ServiceOptions options)
    : store_(store), blobs_(blobs), engine_(engine), clock_(clock), options_(std::move(options)) {}

GenerationService::~GenerationService() { Stop(); }

core::Status GenerationService::Start() {
  KINORA_ASSIGN_OR_RETURN(int requeued, store_.RequeueInterrupted());
  if (requeued > 0) {
    core::LogInfo("requeued interrupted generations", {{"count", std::to_string(requeued)}});
  }
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    workers_.emplace_back([this, i] { WorkerLoop(i); });
  }
  return core::Ok();
}

void GenerationService::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

core::Result<store::Generation> GenerationService::Create(const CreateGeneration& request) {
  store::Generation g;
  g.seconds = request.seconds;
  g.width = request.width;
  g.height = request.height;
  if (request.storyboard_json.empty()) {
    if (request.prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
      return core::InvalidArgument("prompt is required", "prompt");
    }
    if (request.seconds <= 0 || request.seconds > kMaxSeconds) {
      return core::InvalidArgument(
          "seconds must be a whole number from 1 to " + std::to_string(kMaxSeconds), "seconds");
    }
    // The planner owns the prompt's rules (length, visible text): plan once
    // now (milliseconds) so a prompt it refuses is a 400, not a failed job.
    const auto plan = engine::Plan({.prompt = request.prompt,
                                    .seconds = static_cast<double>(request.seconds),
                                    .width = request.width,
                                    .height = request.height});
    if (!plan.ok()) return plan.error();
  } else {
    // A storyboard's own length and size rule.
    KINORA_ASSIGN_OR_RETURN(auto sb, engine::ParseStoryboard(request.storyboard_json));
    g.storyboard_json = engine::ToJson(sb).dump();
    g.seconds = static_cast<int>(std::lround(sb.DurationSeconds()));
    g.width = sb.width;
    g.height = sb.height;
  }
  g.id = core::NewId("video", clock_);
  g.model = request.model.empty() ? options_.default_model : request.model;
  g.prompt = request.prompt;
  g.owner_id = request.owner_id;
  if (request.seed) {
    g.seed = *request.seed;
  } else {
    std::random_device rd;
    g.seed = (static_cast<uint64_t>(rd()) << 20) ^ rd();
    g.seed &= 0xFFFFFFFFFFFFull;  // stays exact in JSON numbers
  }
  g.created_at = clock_.UnixSeconds();
  KINORA_RETURN_IF_ERROR(store_.InsertGeneration(g));
  counters_.created++;
  {
    std::lock_guard lock(mu_);
    ++wake_generation_;
  }
  wake_.notify_one();
  return g;
}

core::Result<store::Generation> GenerationService::Get(const std::string& id) {
  if (!core::IsValidId(id, "video")) return core::NotFound("no video with id '" + id + "'");
  return store_.GetGeneration(id);
}

core::Result<std::string> GenerationService::ContentPath(const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Generation g, Get(id));
  if (g.status != store::GenerationStatus::kCompleted) {
    return core::FailedPrecondition("video '" + id + "' is not completed (status " +
                                    std::string(store::GenerationStatusName(g.status)) + ")");
  }
  if (g.content_key.empty()) {
    return core::NotFound("the content of video '" + id + "' was deleted by its owner");
  }
  return blobs_.PathOf(g.content_key);
}

void GenerationService::WorkerLoop(int index) {
  int64_t seen = -1;
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (stopping_) return;
      if (seen == wake_generation_) {
        wake_.wait_for(lock, kPollInterval, [&] { return stopping_ || seen != wake_generation_; });
        if (stopping_) return;
      }
      seen = wake_generation_;
    }
    // Drain the queue before sleeping again.
    while (true) {
      auto job = store_.ClaimNextGeneration(clock_.UnixSeconds());
      if (!job.ok()) {
        core::LogWarn("cannot claim a job",
                      {{"worker", std::to_string(index)}, {"error", job.error().ToString()}});
        break;
      }
      if (!job->has_value()) break;
      RunJob(**job);
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
  }
}

void GenerationService::RunJob(const store::Generation& job) {
  counters_.running++;
  const auto started = std::chrono::steady_clock::now();
  core::LogInfo("generation started", {{"id", job.id}, {"attempt", std::to_string(job.attempts)}});

  engine::GenerateRequest request;
  request.prompt = job.prompt;
  request.seconds = job.seconds;
  request.width = job.width;
  request.height = job.height;
  request.seed = job.seed;
  if (!job.storyboard_json.empty()) {
    auto sb = engine::ParseStoryboard(job.storyboard_json);
    if (sb.ok()) request.storyboard = std::move(sb).value();
  }
  const std::string scratch = blobs_.ScratchDir() + "/" + job.id + ".mp4";
  request.output_path = scratch;

  int last_percent = 0;
  auto on_progress = [&](const engine::Progress& p) {
    int percent = std::min(99, static_cast<int>(p.fraction * 100));
    if (percent > last_percent) {
      last_percent = percent;
      (void)store_.UpdateProgress(job.id, percent);
    }
  };
  auto result = engine_.Generate(request, on_progress, &cancel_);
  const int64_t now = clock_.UnixSeconds();
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  core::Status outcome;
  if (result.ok()) {
    auto key = blobs_.PutFile(scratch);
    if (key.ok()) {
      outcome =
          store_.CompleteGeneration(job.id, *key, engine::ToJson(result->storyboard).dump(), now);
      counters_.completed++;
      counters_.render_millis += millis;
      core::LogInfo("generation completed", {{"id", job.id}, {"ms", std::to_string(millis)}});
    } else {
      outcome = store_.FailGeneration(job.id, "storage_error", key.error().ToString(), now);
      counters_.failed++;
    }
  } else if (result.error().code == core::ErrorCode::kCancelled && cancel_) {
    outcome = store_.RequeueGeneration(job.id);
    counters_.requeued++;
    core::LogInfo("generation interrupted by shutdown; requeued", {{"id", job.id}});
  } else {
    const auto& e = result.error();
    const std::string code =
        e.code == core::ErrorCode::kInvalidArgument ? "invalid_request" : "generation_failed";
    outcome = store_.FailGeneration(job.id, code, e.ToString(), now);
    counters_.failed++;
    core::LogWarn("generation failed", {{"id", job.id}, {"error", e.ToString()}});
  }
  if (!outcome.ok()) {
    core::LogError("cannot record a generation's outcome",
                   {{"id", job.id}, {"error", outcome.error().ToString()}});
  } else if (options_.on_finished) {
    if (auto finished = store_.GetGeneration(job.id);
        finished.ok() && finished->status != store::GenerationStatus::kQueued) {
      options_.on_finished(*finished);
    }
  }
  std::error_code ec;
  std::filesystem::remove(scratch, ec);
  counters_.running--;
}

}  // namespace kinora::jobs
