// GenerationService: the generation queue's rules and its in-process workers.
//
// Create() validates a request and queues a job (idempotently, within the
// owner's limits). Workers — this process's threads, or remote workers over
// HTTP — follow one lease protocol through the public methods below: Lease()
// a job, Heartbeat() it every lease/3 (which renews the lease, records
// progress and says whether a cancel was requested), then end the attempt
// with Complete(), Fail(), Release() or MarkCancelled(). A heartbeat that
// answers "lease lost" (kFailedPrecondition) means another worker owns the
// job now: abandon it. A reaper thread puts jobs whose lease expired back in
// the queue (or fails them once out of attempts), so a crashed worker's job
// is retried by another; failed attempts are retried with exponential
// backoff and jitter up to max_attempts.
//
// In-process workers are "<server_id>/<n>"; Start() takes back at once the
// jobs its own server id held when the process died, instead of waiting for
// their leases to expire. Stop() stops running jobs between frames and gives
// their leases back. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "engine/engine.h"
#include "jobs/job_runner.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace kinora::jobs {

inline constexpr int kMaxSeconds = 60;
inline constexpr int kMaxPriority = 100;  // priorities run from -kMaxPriority to kMaxPriority

struct CreateGeneration {
  std::string prompt;
  std::string model;
  int seconds = 4;
  int width = 720;
  int height = 1280;
  std::optional<uint64_t> seed;         // random when absent
  std::string storyboard_json;          // optional; replaces prompt planning
  std::optional<std::string> owner_id;  // the member asking; nullopt for installation keys
  int priority = 0;                     // higher runs first
  store::GenerationKind kind = store::GenerationKind::kCreate;
  std::optional<std::string> remixed_from;  // the completed source video; required unless kCreate
  std::string input_key;                    // blob key of an input reference image, if any
};

// Makes a create idempotent: a retry with the same scope and key returns the
// first job. The scope says whose key it is (e.g. the principal's id).
struct IdempotencyKey {
  std::string scope;
  std::string key;  // '' for none; else 1–255 printable ASCII characters
};

struct ServiceOptions {
  int workers = 1;
  std::string default_model = "kinora-sim";
  // Names this server's workers ("<server_id>/<n>"); stable across restarts
  // of one installation (see LoadOrCreateServerId). Empty: a random one, so
  // a crash's jobs wait for their leases to expire.
  std::string server_id;
  int64_t lease_ms = 30'000;
  int64_t heartbeat_ms = 0;  // 0: lease_ms / 3
  int max_attempts = 3;
  int64_t retry_base_ms = 5'000;  // retry n waits about base·2^(n-1), with jitter
  int64_t retry_max_ms = 600'000;
  int64_t reaper_interval_ms = 5'000;
  int max_running_per_owner = 0;     // 0: no cap
  int max_unfinished_per_owner = 0;  // queued + in progress; 0: no limit
  int max_per_day_per_owner = 0;     // created in the last 24 hours; 0: no limit
  // Called once per job when it reaches completed or failed, with the job as
  // stored (the social layer turns it into a draft and notifies).
  std::function<void(const store::Generation&)> on_finished;
};

// Counters for /metrics; read without locks.
struct ServiceCounters {
  std::atomic<int64_t> created{0};
  std::atomic<int64_t> completed{0};
  std::atomic<int64_t> failed{0};
  std::atomic<int64_t> cancelled{0};
  std::atomic<int64_t> retries{0};      // failed attempts queued again
  std::atomic<int64_t> requeued{0};     // leases given back or taken back from lost workers
  std::atomic<int64_t> leases_lost{0};  // attempts this process abandoned to another worker
  std::atomic<int64_t> running{0};
  std::atomic<int64_t> render_millis{0};  // total engine time of completed jobs
};

// A job leased to a worker.
struct Lease {
  store::Generation job;
  std::string token;  // presented with every later step of the attempt
  int64_t lease_ms = 0;
};

enum class ContentVariant { kVideo, kThumbnail, kSpritesheet };

// "video", "thumbnail", "spritesheet"; kInvalidArgument (param "variant") otherwise.
core::Result<ContentVariant> ParseContentVariant(std::string_view name);
// The blob key of a job's video or preview ('' when there is none).
const std::string& MediaKey(const store::Generation& g, ContentVariant variant);

class GenerationService {
 public:
  GenerationService(store::Store& store, store::BlobStore& blobs, engine::Engine& engine,
                    const core::Clock& clock, ServiceOptions options);
  ~GenerationService();  // calls Stop()

  // Takes back this server's interrupted jobs, starts the workers and the reaper.
  core::Status Start();
  // Stops the workers; running jobs stop between frames and go back to the queue.
  void Stop();

  // --- for the API
  core::Result<store::CreatedGeneration> Create(const CreateGeneration& request,
                                                const IdempotencyKey& idempotency = {});
  core::Result<store::Generation> Get(const std::string& id);
  // Newest first unless ascending; `after` is a video id; nullopt owner: everyone's.
  core::Result<store::Page<store::Generation>> List(const std::optional<std::string>& owner_id,
                                                    const std::string& after, int limit,
                                                    bool ascending);
  // Deletes a finished job and its files. A queued or running job is
  // kFailedPrecondition ("cancel it first"), so a worker never loses the
  // row under its feet.
  core::Status Delete(const std::string& id);
  // Cancels a queued job at once and asks a running one to stop (it becomes
  // cancelled within a heartbeat). Cancelling a cancelled job is a no-op; a
  // completed or failed one is kFailedPrecondition.
  core::Result<store::Generation> Cancel(const std::string& id);
  // Local path of a completed job's video or preview.
  core::Result<std::string> ContentPath(const std::string& id, ContentVariant variant);
  // The same for a job the caller has already read.
  core::Result<std::string> ContentPath(const store::Generation& g, ContentVariant variant);
  core::Result<std::vector<store::GenerationAttempt>> Attempts(const std::string& id);

  // --- the lease protocol, for in-process and remote workers
  core::Result<std::optional<Lease>> LeaseJob(const std::string& worker_id);
  // Renews the lease and records progress (0–100); true when the job's
  // cancel was requested. kFailedPrecondition: the lease was lost.
  core::Result<bool> Heartbeat(const std::string& id, const std::string& token, int progress);
  // Moves the files into the blob store (consuming them) and completes the job.
  core::Status Complete(const std::string& id, const std::string& token, const JobFiles& files);
  // Records a failed attempt: retried after a backoff when retryable and
  // attempts remain, else failed. Returns the job's new status.
  core::Result<store::GenerationStatus> Fail(const std::string& id, const std::string& token,
                                             const std::string& code, const std::string& message,
                                             bool retryable);
  core::Status Release(const std::string& id, const std::string& token);
  core::Status MarkCancelled(const std::string& id, const std::string& token);

  // One pass of the reaper; returns how many jobs it took back.
  core::Result<int> ReapExpiredLeases();

  const ServiceCounters& counters() const { return counters_; }
  const std::string& server_id() const { return options_.server_id; }

 private:
  struct Slot;  // one worker thread's running job
  void WorkerLoop(int index);
  void ReaperLoop();
  void RunLeased(Slot& slot, const Lease& lease);
  void Finished(const std::string& id);  // calls on_finished
  void Recovered(const store::LeaseRecovery& r);
  void Wake();
  int64_t RetryDelay(int attempt);

  store::Store& store_;
  store::BlobStore& blobs_;
  engine::Engine& engine_;
  const core::Clock& clock_;
  ServiceOptions options_;
  ServiceCounters counters_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;        // guarded by mu_
  int64_t wake_generation_ = 0;  // guarded by mu_; bumped when work may be waiting
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::thread> workers_;
  std::thread reaper_;
};

// Parses "720x1280" into width and height (each 64–2048 and even).
core::Result<std::pair<int, int>> ParseSize(std::string_view size);

// The server id kept in the file at `path`, made (random) and saved on first use.
core::Result<std::string> LoadOrCreateServerId(const std::string& path);

}  // namespace kinora::jobs
