// RemoteWorker: the loop behind `kinora worker`, which renders a server's
// generation jobs on another machine over the server's /v1/workers API
// (docs/workers.md).
//
// Each of `concurrency` slots long-polls the server for a lease, renders the
// job with RunJob while a heartbeat thread renews the lease every
// heartbeat_ms, uploads the MP4 and its previews in chunks, and completes the
// job (or fails, releases or marks it cancelled). A heartbeat that answers
// "lease lost" or "cancel" stops the engine between frames. An unreachable or
// failing server is retried with exponential backoff, for as long as the
// worker runs: a server restart costs nothing but the wait. Stop() stops
// leasing, stops running jobs between frames and gives their leases back.
// Only a refused token (401/403) or a server without the API ends Run()
// with an error. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/engine.h"
#include "net/http_client.h"
#include "store/generation_store.h"

namespace kinora::jobs {

struct RemoteWorkerOptions {
  std::string server_url;  // http(s)://host[:port][/prefix], the server's base URL
  std::string token;       // an administrator's API key
  std::string worker_id;   // slots are "<worker_id>/<n>"; 1–190 printable ASCII
  int concurrency = 1;
  std::string scratch_dir;  // where renders and downloads go; must exist
  int wait_seconds = 10;    // long-poll length; also bounds how long Stop() waits for an idle slot
  std::chrono::milliseconds min_backoff{250};
  std::chrono::milliseconds max_backoff{10'000};
  int64_t chunk_bytes = 4 << 20;  // upload chunk; halved while the server answers 413
  // How long a step of a running attempt (upload, complete, …) is retried
  // while the server is unreachable before the attempt is abandoned.
  std::chrono::milliseconds step_retry_window{std::chrono::minutes(5)};
};

struct RemoteWorkerCounters {
  std::atomic<int64_t> completed{0};
  std::atomic<int64_t> failed{0};     // attempts reported as failed
  std::atomic<int64_t> released{0};   // given back (shutdown)
  std::atomic<int64_t> cancelled{0};  // stopped on the owner's request
  std::atomic<int64_t> abandoned{0};  // lease lost to another worker
};

// A job as the server leased it.
struct RemoteLease {
  store::Generation job;
  std::string token;
  int64_t lease_ms = 0;
  int64_t heartbeat_ms = 0;
};

// Parses the body of a 200 answer to POST /v1/workers/lease; nullopt for
// {"job": null}. kInvalidArgument naming the field that is missing or malformed.
core::Result<std::optional<RemoteLease>> ParseLeaseReply(std::string_view body);

class RemoteWorker {
 public:
  RemoteWorker(engine::Engine& engine, RemoteWorkerOptions options);
  ~RemoteWorker();

  // Runs the slots until Stop(). kUnauthenticated or kPermissionDenied (with
  // the server's message) when the server refuses the token; kNotFound when
  // it has no worker API.
  core::Status Run();
  // From any thread (e.g. a signal watcher).
  void Stop();

  const RemoteWorkerCounters& counters() const { return counters_; }

 private:
  struct Slot;
  struct Reply;
  void SlotLoop(Slot& slot);
  core::Result<std::optional<RemoteLease>> Lease(const std::string& slot_id);
  void RunLeased(Slot& slot, const RemoteLease& lease);
  // One call; transport failures and 5xx are kUnavailable.
  core::Result<net::HttpResponse> Call(net::HttpRequest request);
  // A step of an attempt: retried on kUnavailable within step_retry_window.
  core::Result<net::HttpResponse> Step(const net::HttpRequest& request);
  core::Status Upload(const RemoteLease& lease, std::string_view variant, const std::string& path);
  void Fatal(core::Error error);
  // Sleeps up to `d` unless stopping; false when stopping.
  bool Sleep(std::chrono::milliseconds d);
  std::string Url(std::string_view path) const;
  net::HttpRequest Json(std::string_view path, const std::string& body) const;

  engine::Engine& engine_;
  RemoteWorkerOptions options_;
  net::HttpClient client_;
  RemoteWorkerCounters counters_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;             // guarded by mu_
  std::optional<core::Error> fatal_;  // guarded by mu_
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace kinora::jobs
