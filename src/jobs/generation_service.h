// GenerationService: the durable generation queue and its in-process workers.
//
// Create() validates a request and stores a queued job; worker threads claim
// jobs from the store, run the engine, put the MP4 in the blob store and
// record the outcome. Progress is written to the job row as stages advance.
// Jobs survive restarts: Start() requeues jobs a dead process left in
// progress, and Stop() cancels running generations between frames and puts
// them back in the queue. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "engine/engine.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace kinora::jobs {

inline constexpr int kMaxSeconds = 60;

struct CreateGeneration {
  std::string prompt;
  std::string model;
  int seconds = 4;
  int width = 720;
  int height = 1280;
  std::optional<uint64_t> seed;         // random when absent
  std::string storyboard_json;          // optional; replaces prompt planning
  std::optional<std::string> owner_id;  // the member asking; nullopt for installation keys
};

struct ServiceOptions {
  int workers = 1;
  std::string default_model = "kinora-1";
  // Called on a worker thread after a job completes or fails, with the job
  // as stored (the social layer turns it into a draft and notifies).
  std::function<void(const store::Generation&)> on_finished;
};

// Counters for /metrics; read without locks.
struct ServiceCounters {
  std::atomic<int64_t> created{0};
  std::atomic<int64_t> completed{0};
  std::atomic<int64_t> failed{0};
  std::atomic<int64_t> requeued{0};
  std::atomic<int64_t> running{0};
  std::atomic<int64_t> render_millis{0};  // total engine time of completed jobs
};

class GenerationService {
 public:
  GenerationService(store::Store& store, store::BlobStore& blobs, engine::Engine& engine,
                    const core::Clock& clock, ServiceOptions options);
  ~GenerationService();  // calls Stop()

  // Requeues interrupted jobs and starts the workers.
  core::Status Start();
  // Stops the workers; running jobs are cancelled and requeued.
  void Stop();

  core::Result<store::Generation> Create(const CreateGeneration& request);
  core::Result<store::Generation> Get(const std::string& id);
  // Local path of a completed generation's MP4.
  core::Result<std::string> ContentPath(const std::string& id);

  const ServiceCounters& counters() const { return counters_; }

 private:
  void WorkerLoop(int index);
  void RunJob(const store::Generation& job);

  store::Store& store_;
  store::BlobStore& blobs_;
  engine::Engine& engine_;
  const core::Clock& clock_;
  ServiceOptions options_;
  ServiceCounters counters_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;        // guarded by mu_
  int64_t wake_generation_ = 0;  // guarded by mu_; bumped by Create()
  std::atomic<bool> cancel_{false};
  std::vector<std::thread> workers_;
};

// Parses "720x1280" into width and height (each 64–2048 and even).
core::Result<std::pair<int, int>> ParseSize(std::string_view size);

}  // namespace kinora::jobs
