#include "jobs/generation_service.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "core/file_util.h"
#include "core/id.h"
#include "core/log.h"
#include "engine/plan/planner.h"
#include "social/credentials.h"

namespace kinora::jobs {
namespace {

// How often an idle worker looks for work it was not woken for (another process's jobs).
constexpr auto kPollInterval = std::chrono::seconds(1);
// How often a running job's progress may be written.
constexpr auto kProgressInterval = std::chrono::milliseconds(500);

bool IsPrintableAscii(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch < 0x21 || ch > 0x7e) return false;
  }
  return true;
}

bool Unfinished(store::GenerationStatus s) {
  return s == store::GenerationStatus::kQueued || s == store::GenerationStatus::kInProgress;
}

template <typename T>
core::Status StatusOf(const core::Result<T>& r) {
  if (!r.ok()) return r.error();
  return core::Ok();
}

bool IsLeaseLost(const core::Error& e) { return e.code == core::ErrorCode::kFailedPrecondition; }

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

core::Result<ContentVariant> ParseContentVariant(std::string_view name) {
  if (name == "video") return ContentVariant::kVideo;
  if (name == "thumbnail") return ContentVariant::kThumbnail;
  if (name == "spritesheet") return ContentVariant::kSpritesheet;
  return core::InvalidArgument(
      "variant must be video, thumbnail or spritesheet (got '" + std::string(name) + "')",
      "variant");
}

core::Result<std::string> LoadOrCreateServerId(const std::string& path) {
  if (std::ifstream in(path); in) {
    std::string id;
    std::getline(in, id);
    if (id.empty() || id.size() > 64 || !IsPrintableAscii(id) ||
        id.find('/') != std::string::npos) {
      return core::InvalidArgument("the server id in " + path +
                                   " is malformed; delete the file to make a new one");
    }
    return id;
  }
  const std::string id = "srv-" + social::RandomCode(12);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << id << "\n";
    if (!out.flush()) return core::IoError("cannot write the server id", tmp);
  }
  KINORA_RETURN_IF_ERROR(core::PublishFile(tmp, path));
  return id;
}

// What a worker thread is running: flags that stop its engine between frames.
struct GenerationService::Slot {
  std::atomic<bool> cancel{false};    // the running job's engine stops at the next frame
  std::atomic<bool> stopping{false};  // Stop() was called: give leases back
};

GenerationService::GenerationService(store::Store& store, store::BlobStore& blobs,
                                     engine::Engine& engine, const core::Clock& clock,
                                     ServiceOptions options)
    : store_(store), blobs_(blobs), engine_(engine), clock_(clock), options_(std::move(options)) {
  if (options_.server_id.empty()) options_.server_id = "srv-" + social::RandomCode(12);
  options_.lease_ms = std::max<int64_t>(options_.lease_ms, 100);
  if (options_.heartbeat_ms <= 0)
    options_.heartbeat_ms = std::max<int64_t>(options_.lease_ms / 3, 1);
  options_.max_attempts = std::max(options_.max_attempts, 1);
}

GenerationService::~GenerationService() { Stop(); }

core::Status GenerationService::Start() {
  // Whatever this server's workers held when it last stopped is not running
  // any more: take it back now rather than after its leases expire.
  KINORA_ASSIGN_OR_RETURN(auto recovered,
                          store_.RecoverLeases(options_.server_id + "/", clock_.UnixMillis()));
  if (recovered.requeued > 0 || !recovered.failed_ids.empty()) {
    core::LogInfo("took back this server's interrupted generations",
                  {{"requeued", std::to_string(recovered.requeued)},
                   {"failed", std::to_string(recovered.failed_ids.size())}});
  }
  Recovered(recovered);
  std::lock_guard lock(mu_);
  stopping_ = false;
  for (int i = 0; i < options_.workers; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    workers_.emplace_back([this, i] { WorkerLoop(i); });
  }
  reaper_ = std::thread([this] { ReaperLoop(); });
  return core::Ok();
}

void GenerationService::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& slot : slots_) {
      slot->stopping = true;
      slot->cancel = true;
    }
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
  if (reaper_.joinable()) reaper_.join();
  std::lock_guard lock(mu_);
  slots_.clear();
}

void GenerationService::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wake_generation_;
  }
  wake_.notify_all();
}

core::Result<store::CreatedGeneration> GenerationService::Create(
    const CreateGeneration& request, const IdempotencyKey& idempotency) {
  if (!idempotency.key.empty() &&
      (idempotency.key.size() > 255 || !IsPrintableAscii(idempotency.key))) {
    return core::InvalidArgument(
        "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces",
        "Idempotency-Key");
  }
  if (request.priority < -kMaxPriority || request.priority > kMaxPriority) {
    return core::InvalidArgument("priority must be a whole number from " +
                                     std::to_string(-kMaxPriority) + " to " +
                                     std::to_string(kMaxPriority),
                                 "priority");
  }
  store::Generation g;
  g.kind = request.kind;
  g.priority = request.priority;
  g.max_attempts = options_.max_attempts;
  if (request.kind == store::GenerationKind::kCreate) {
    if (request.remixed_from) {
      return core::InvalidArgument("remixed_from is only for remixes, extensions and edits",
                                   "remixed_from");
    }
  } else {
    if (!request.remixed_from || request.remixed_from->empty()) {
      return core::InvalidArgument(
          "a " + std::string(store::GenerationKindName(request.kind)) + " needs the source video",
          "remixed_from");
    }
    auto source = Get(*request.remixed_from);
    if (!source.ok()) {
      if (source.error().code != core::ErrorCode::kNotFound) return source.error();
      return core::InvalidArgument("no video with id '" + *request.remixed_from + "' to start from",
                                   "remixed_from");
    }
    if (source->status != store::GenerationStatus::kCompleted) {
      return core::InvalidArgument(
          "video '" + *request.remixed_from + "' is not completed (status " +
              std::string(store::GenerationStatusName(source->status)) + ")",
          "remixed_from");
    }
    g.remixed_from = request.remixed_from;
  }
  if (!request.input_key.empty()) {
    if (!store::IsBlobKey(request.input_key) || !blobs_.PathOf(request.input_key).ok()) {
      return core::InvalidArgument("input_key names no stored file", "input_key");
    }
    g.input_key = request.input_key;
  }
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
  g.model = request.model.empty() ? options_.default_model : request.model;
  g.prompt = request.prompt;
  g.owner_id = request.owner_id;

  store::CreateOptions options;
  options.now = clock_.UnixMillis();
  options.max_per_day = options_.max_per_day_per_owner;
  options.max_unfinished = options_.max_unfinished_per_owner;
  if (!idempotency.key.empty()) {
    options.idempotency_scope = idempotency.scope;
    options.idempotency_key = idempotency.key;
    // The request as normalized, before a random seed is drawn: a retry of
    // the same request matches, any changed parameter does not.
    const nlohmann::json normalized = {
        {"prompt", g.prompt},
        {"model", g.model},
        {"seconds", g.seconds},
        {"size", std::to_string(g.width) + "x" + std::to_string(g.height)},
        {"seed", request.seed ? nlohmann::json(*request.seed) : nlohmann::json(nullptr)},
        {"storyboard", g.storyboard_json},
        {"owner", g.owner_id ? nlohmann::json(*g.owner_id) : nlohmann::json(nullptr)},
        {"priority", g.priority},
        {"kind", store::GenerationKindName(g.kind)},
        {"remixed_from",
         g.remixed_from ? nlohmann::json(*g.remixed_from) : nlohmann::json(nullptr)},
        {"input_key", g.input_key}};
    options.request_hash = social::Sha256Hex(normalized.dump());
  }
  g.id = core::NewId("video", clock_);
  if (request.seed) {
    g.seed = *request.seed;
  } else {
    std::random_device rd;
    g.seed = (static_cast<uint64_t>(rd()) << 20) ^ rd();
    g.seed &= 0xFFFFFFFFFFFFull;  // stays exact in JSON numbers
  }
  g.created_at = options.now;
  g.available_at = options.now;
  KINORA_ASSIGN_OR_RETURN(store::CreatedGeneration created, store_.CreateGeneration(g, options));
  if (!created.replayed) {
    counters_.created++;
    Wake();
  }
  return created;
}

core::Result<store::Generation> GenerationService::Get(const std::string& id) {
  if (!core::IsValidId(id, "video")) return core::NotFound("no video with id '" + id + "'");
  return store_.GetGeneration(id);
}

core::Result<store::Page<store::Generation>> GenerationService::List(
    const std::optional<std::string>& owner_id, const std::string& after, int limit,
    bool ascending) {
  if (limit < 1 || limit > 100) {
    return core::InvalidArgument("limit must be a whole number from 1 to 100", "limit");
  }
  if (!after.empty() && !core::IsValidId(after, "video")) {
    return core::InvalidArgument("after must be the id of a video (got '" + after + "')", "after");
  }
  return store_.ListGenerations(owner_id, after, limit, ascending);
}

core::Status GenerationService::Delete(const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Generation g, Get(id));
  if (Unfinished(g.status)) {
    return core::FailedPrecondition("video '" + id + "' is " +
                                    std::string(store::GenerationStatusName(g.status)) +
                                    "; cancel it first");
  }
  KINORA_ASSIGN_OR_RETURN(auto released, store_.DeleteGeneration(id));
  for (const auto& key : released) {
    if (auto removed = blobs_.Remove(key); !removed.ok()) {
      core::LogWarn("cannot remove a deleted video's file",
                    {{"key", key}, {"error", removed.error().ToString()}});
    }
  }
  return core::Ok();
}

core::Result<store::Generation> GenerationService::Cancel(const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Generation g, Get(id));
  if (g.status == store::GenerationStatus::kCancelled) return g;
  if (!Unfinished(g.status)) {
    return core::FailedPrecondition("video '" + id + "' is already " +
                                    std::string(store::GenerationStatusName(g.status)));
  }
  KINORA_ASSIGN_OR_RETURN(store::Generation after, store_.RequestCancel(id, clock_.UnixMillis()));
  if (g.status == store::GenerationStatus::kQueued &&
      after.status == store::GenerationStatus::kCancelled) {
    counters_.cancelled++;
  }
  return after;
}

core::Result<std::string> GenerationService::ContentPath(const std::string& id,
                                                         ContentVariant variant) {
  KINORA_ASSIGN_OR_RETURN(store::Generation g, Get(id));
  return ContentPath(g, variant);
}

core::Result<std::string> GenerationService::ContentPath(const store::Generation& g,
                                                         ContentVariant variant) {
  if (g.status != store::GenerationStatus::kCompleted) {
    return core::FailedPrecondition("video '" + g.id + "' is not completed (status " +
                                    std::string(store::GenerationStatusName(g.status)) + ")");
  }
  const std::string& key = MediaKey(g, variant);
  if (key.empty()) {
    switch (variant) {
      case ContentVariant::kVideo:
        return core::NotFound("the content of video '" + g.id + "' was deleted by its owner");
      case ContentVariant::kThumbnail:
        return core::NotFound("video '" + g.id + "' has no thumbnail");
      case ContentVariant::kSpritesheet:
        return core::NotFound("video '" + g.id + "' has no spritesheet");
    }
  }
  return blobs_.PathOf(key);
}

const std::string& MediaKey(const store::Generation& g, ContentVariant variant) {
  switch (variant) {
    case ContentVariant::kThumbnail: return g.thumbnail_key;
    case ContentVariant::kSpritesheet: return g.spritesheet_key;
    case ContentVariant::kVideo: break;
  }
  return g.content_key;
}

core::Result<std::vector<store::GenerationAttempt>> GenerationService::Attempts(
    const std::string& id) {
  KINORA_RETURN_IF_ERROR(StatusOf(Get(id)));
  return store_.ListAttempts(id);
}

// ---------------------------------------------------------------- lease protocol

core::Result<std::optional<Lease>> GenerationService::LeaseJob(const std::string& worker_id) {
  if (worker_id.empty() || worker_id.size() > 200 || !IsPrintableAscii(worker_id)) {
    return core::InvalidArgument("a worker id is 1 to 200 printable ASCII characters", "worker_id");
  }
  KINORA_ASSIGN_OR_RETURN(
      auto job, store_.ClaimNextGeneration(worker_id, clock_.UnixMillis(), options_.lease_ms,
                                           options_.max_running_per_owner));
  if (!job) return std::optional<Lease>();
  Lease lease{.job = std::move(*job), .token = {}, .lease_ms = options_.lease_ms};
  lease.token = lease.job.lease_token;
  return std::optional<Lease>(std::move(lease));
}

core::Result<bool> GenerationService::Heartbeat(const std::string& id, const std::string& token,
                                                int progress) {
  return store_.Heartbeat(id, token, progress, clock_.UnixMillis(), options_.lease_ms);
}

core::Status GenerationService::Complete(const std::string& id, const std::string& token,
                                         const JobFiles& files) {
  if (files.video_path.empty() || !std::filesystem::is_regular_file(files.video_path)) {
    RemoveJobFiles(files);
    return core::InvalidArgument("the finished video's file is missing", "video");
  }
  if (!nlohmann::json::accept(files.storyboard_json)) {
    RemoveJobFiles(files);
    return core::InvalidArgument("the storyboard is not valid JSON", "storyboard");
  }
  store::GenerationMedia media;
  auto key = blobs_.PutFile(files.video_path);
  if (!key.ok()) {
    RemoveJobFiles(files);
    return key.error();
  }
  media.content_key = *key;
  // A preview that cannot be stored is left out, as one that could not be made.
  const auto put_preview = [&](const std::string& path) -> std::string {
    if (path.empty()) return "";
    auto k = blobs_.PutFile(path);
    if (k.ok()) return *k;
    core::LogWarn("cannot store a video preview", {{"id", id}, {"error", k.error().ToString()}});
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return "";
  };
  media.thumbnail_key = put_preview(files.thumbnail_path);
  media.spritesheet_key = put_preview(files.spritesheet_path);
  // On a lost lease the stored blobs stay unreferenced: another job may hold
  // the same bytes, so they are never removed here.
  KINORA_RETURN_IF_ERROR(
      store_.CompleteGeneration(id, token, media, files.storyboard_json, clock_.UnixMillis()));
  counters_.completed++;
  Finished(id);
  return core::Ok();
}

int64_t GenerationService::RetryDelay(int attempt) {
  // Exponential backoff with "equal jitter": half the delay is fixed, half
  // random, so retries of jobs that failed together spread out.
  int64_t delay = options_.retry_base_ms;
  for (int i = 1; i < attempt && delay < options_.retry_max_ms; ++i) delay *= 2;
  delay = std::min(delay, options_.retry_max_ms);
  if (delay < 2) return delay;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return delay / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(delay / 2 + 1));
}

core::Result<store::GenerationStatus> GenerationService::Fail(const std::string& id,
                                                              const std::string& token,
                                                              const std::string& code,
                                                              const std::string& message,
                                                              bool retryable) {
  if (code.empty() || code.size() > 64 || !IsPrintableAscii(code)) {
    return core::InvalidArgument("an error code is 1 to 64 printable ASCII characters", "code");
  }
  KINORA_ASSIGN_OR_RETURN(store::Generation g, Get(id));
  const int64_t now = clock_.UnixMillis();
  KINORA_ASSIGN_OR_RETURN(
      store::GenerationStatus status,
      store_.FailAttempt(id, token, code, message, retryable, now + RetryDelay(g.attempts), now));
  switch (status) {
    case store::GenerationStatus::kQueued:
      counters_.retries++;
      core::LogWarn("generation attempt failed; will retry",
                    {{"id", id}, {"attempt", std::to_string(g.attempts)}, {"error", message}});
      Wake();
      break;
    case store::GenerationStatus::kFailed:
      counters_.failed++;
      core::LogWarn("generation failed", {{"id", id}, {"code", code}, {"error", message}});
      Finished(id);
      break;
    case store::GenerationStatus::kCancelled: counters_.cancelled++; break;
    default: break;
  }
  return status;
}

core::Status GenerationService::Release(const std::string& id, const std::string& token) {
  KINORA_RETURN_IF_ERROR(store_.ReleaseLease(id, token, clock_.UnixMillis()));
  counters_.requeued++;
  Wake();
  return core::Ok();
}

core::Status GenerationService::MarkCancelled(const std::string& id, const std::string& token) {
  KINORA_RETURN_IF_ERROR(store_.MarkCancelled(id, token, clock_.UnixMillis()));
  counters_.cancelled++;
  return core::Ok();
}

core::Result<int> GenerationService::ReapExpiredLeases() {
  KINORA_ASSIGN_OR_RETURN(auto recovered, store_.RequeueExpiredLeases(clock_.UnixMillis()));
  if (recovered.requeued > 0 || !recovered.failed_ids.empty()) {
    core::LogWarn("took back generations from lost workers",
                  {{"requeued", std::to_string(recovered.requeued)},
                   {"failed", std::to_string(recovered.failed_ids.size())}});
  }
  Recovered(recovered);
  return recovered.requeued + static_cast<int>(recovered.failed_ids.size());
}

void GenerationService::Recovered(const store::LeaseRecovery& r) {
  counters_.requeued += r.requeued;
  for (const auto& id : r.failed_ids) {
    counters_.failed++;
    Finished(id);
  }
  if (r.requeued > 0) Wake();
}

void GenerationService::Finished(const std::string& id) {
  if (!options_.on_finished) return;
  auto g = store_.GetGeneration(id);
  if (!g.ok()) {
    core::LogError("cannot read a finished generation",
                   {{"id", id}, {"error", g.error().ToString()}});
    return;
  }
  options_.on_finished(*g);
}

// ---------------------------------------------------------------- workers

void GenerationService::ReaperLoop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(options_.reaper_interval_ms),
                   [&] { return stopping_; });
    if (stopping_) return;
    lock.unlock();
    if (auto reaped = ReapExpiredLeases(); !reaped.ok()) {
      core::LogWarn("cannot take back expired leases", {{"error", reaped.error().ToString()}});
    }
    lock.lock();
  }
}

void GenerationService::WorkerLoop(int index) {
  Slot* slot = nullptr;
  {
    std::lock_guard lock(mu_);
    slot = slots_[index].get();
  }
  const std::string worker_id = options_.server_id + "/" + std::to_string(index);
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
    while (!slot->stopping) {
      auto lease = LeaseJob(worker_id);
      if (!lease.ok()) {
        core::LogWarn("cannot lease a job",
                      {{"worker", worker_id}, {"error", lease.error().ToString()}});
        break;
      }
      if (!lease->has_value()) break;
      RunLeased(*slot, **lease);
    }
  }
}

void GenerationService::RunLeased(Slot& slot, const Lease& lease) {
  const store::Generation& job = lease.job;
  // A Stop() that came before this line leaves `cancel` set through `stopping`.
  slot.cancel = slot.stopping.load();
  counters_.running++;
  core::LogInfo(
      "generation started",
      {{"id", job.id}, {"attempt", std::to_string(job.attempts)}, {"worker", job.lease_owner}});

  // The heartbeat renews the lease on its own thread, so a long frame or a
  // slow stage never lets it expire; it stops the engine when the job's
  // cancel is requested or the lease is lost.
  std::atomic<int> progress{0};
  std::atomic<bool> lost{false};
  std::atomic<bool> cancel_requested{false};
  std::mutex hb_mu;
  std::condition_variable hb_cv;
  bool done = false;
  std::thread heartbeat([&] {
    // Progress is written as it moves (at most every kProgressInterval), so
    // clients polling the job see it advance; the lease is renewed at
    // least every heartbeat_ms either way.
    const auto tick = std::min(kProgressInterval, std::chrono::milliseconds(options_.heartbeat_ms));
    auto last_beat = std::chrono::steady_clock::now();
    int sent = 0;
    std::unique_lock lock(hb_mu);
    while (!hb_cv.wait_for(lock, tick, [&] { return done; })) {
      const int now_progress = progress.load();
      const auto now = std::chrono::steady_clock::now();
      if (now_progress == sent &&
          now - last_beat < std::chrono::milliseconds(options_.heartbeat_ms)) {
        continue;
      }
      lock.unlock();
      auto beat = Heartbeat(job.id, lease.token, now_progress);
      lock.lock();
      last_beat = now;
      sent = now_progress;
      if (!beat.ok()) {
        if (IsLeaseLost(beat.error()) || beat.error().code == core::ErrorCode::kNotFound) {
          lost = true;
          slot.cancel = true;
          return;
        }
        core::LogWarn("cannot renew a lease", {{"id", job.id}, {"error", beat.error().ToString()}});
      } else if (*beat) {
        cancel_requested = true;
        slot.cancel = true;
      }
    }
  });
  auto on_progress = [&](const engine::Progress& p) {
    progress = std::min(99, static_cast<int>(p.fraction * 100));
  };
  std::string reference;
  if (!job.input_key.empty()) {
    auto path = blobs_.PathOf(job.input_key);
    if (path.ok()) {
      reference = *path;
    } else {
      core::LogWarn("a job's input reference is missing; rendering without it",
                    {{"id", job.id}, {"error", path.error().ToString()}});
    }
  }
  auto output = RunJob(engine_, job, blobs_.ScratchDir(), on_progress, &slot.cancel, reference);
  {
    std::lock_guard lock(hb_mu);
    done = true;
  }
  hb_cv.notify_all();
  heartbeat.join();

  core::Status outcome;
  if (lost) {
    if (output.ok()) RemoveJobFiles(output->files);
    counters_.leases_lost++;
    core::LogWarn("generation abandoned: its lease was lost to another worker", {{"id", job.id}});
  } else if (output.ok()) {
    outcome = Complete(job.id, lease.token, output->files);
    if (outcome.ok()) {
      counters_.render_millis += output->render_millis;
      core::LogInfo("generation completed",
                    {{"id", job.id}, {"ms", std::to_string(output->render_millis)}});
    } else if (!IsLeaseLost(outcome.error())) {
      // The video was made but could not be stored: another attempt may do better.
      outcome =
          StatusOf(Fail(job.id, lease.token, "storage_error", outcome.error().ToString(), true));
    }
  } else {
    const JobFailure failure = ClassifyFailure(output.error());
    if (!failure.cancelled) {
      outcome =
          StatusOf(Fail(job.id, lease.token, failure.code, failure.message, failure.retryable));
    } else if (cancel_requested) {
      outcome = MarkCancelled(job.id, lease.token);
      core::LogInfo("generation cancelled on request", {{"id", job.id}});
    } else {
      outcome = Release(job.id, lease.token);
      core::LogInfo("generation interrupted by shutdown; requeued", {{"id", job.id}});
    }
  }
  if (!outcome.ok()) {
    if (IsLeaseLost(outcome.error())) counters_.leases_lost++;
    core::LogError("cannot record a generation's outcome",
                   {{"id", job.id}, {"error", outcome.error().ToString()}});
  }
  counters_.running--;
}

}  // namespace kinora::jobs
