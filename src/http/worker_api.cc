#include "http/worker_api.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/id.h"
#include "core/log.h"
#include "core/parse.h"
#include "http/api_util.h"
#include "media/probe.h"
#include "social/credentials.h"

namespace kinora::http {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// How often waiting long polls look for a job. The service's wake-ups are
// private to its own workers, and jobs may also come from other servers
// sharing the queue, so the waiters poll the store.
constexpr auto kLeasePollInterval = std::chrono::milliseconds(250);
constexpr size_t kMaxWaiters = 1024;
constexpr int64_t kMaxVideoBytes = int64_t{4} << 30;
constexpr int64_t kMaxPreviewBytes = int64_t{64} << 20;
constexpr size_t kMaxMessageBytes = 4096;
// Upload folders of attempts that never finished (a worker killed between
// upload and complete) are swept once untouched for this long.
constexpr auto kStaleUploadAge = std::chrono::hours(6);

json LeaseJson(const jobs::Lease& lease) {
  const store::Generation& g = lease.job;
  return {{"job",
           {{"id", g.id},
            {"kind", store::GenerationKindName(g.kind)},
            {"model", g.model},
            {"prompt", g.prompt},
            {"seconds", g.seconds},
            {"width", g.width},
            {"height", g.height},
            {"seed", g.seed},
            {"storyboard_json", g.storyboard_json},
            {"input_key", g.input_key},
            {"attempt", g.attempts}}},
          {"token", lease.token},
          {"lease_ms", lease.lease_ms},
          {"heartbeat_ms", std::max<int64_t>(lease.lease_ms / 3, 1)}};
}

// The error for a step of an attempt: a lost lease is the one answer a
// worker must act on, so it has its own code.
Response StepError(const core::Error& e) {
  if (e.code == core::ErrorCode::kFailedPrecondition) {
    return ErrorResponse(409, "invalid_request_error", e.message, "token", "lease_lost");
  }
  return ErrorFor(e);
}

core::Result<std::string> ReadToken(std::string token) {
  if (token.empty() || token.size() > 200) {
    return core::InvalidArgument("token must be the lease's token", "token");
  }
  return token;
}

class WorkerApi {
 public:
  WorkerApi(jobs::GenerationService& service, store::BlobStore& blobs)
      : service_(service), blobs_(blobs), root_(blobs.ScratchDir() + "/workers") {
    poller_ = std::thread([this] { PollLoop(); });
  }
  ~WorkerApi() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    poller_.join();
    for (auto& w : waiters_) w.sink->Close();
  }

  void AddRoutes(Router& router, const Authenticator& auth) {
    const auto admin = [&auth](std::function<Response(Request&)> h) {
      return Authed(auth, [h = std::move(h)](Request& r, const social::Principal& who) {
        if (!who.is_admin()) {
          return ErrorFor(core::Error{core::ErrorCode::kPermissionDenied,
                                      "the worker API is for administrators", ""});
        }
        return h(r);
      });
    };
    router.Add("POST", "/v1/workers/lease", admin([this](Request& r) { return Lease(r); }));
    const std::string job = "/v1/workers/jobs/{id}";
    router.Add("POST", job + "/heartbeat", admin([this](Request& r) { return Heartbeat(r); }));
    router.Add("PUT", job + "/files/{variant}", admin([this](Request& r) { return Upload(r); }));
    router.Add("POST", job + "/complete", admin([this](Request& r) { return Complete(r); }));
    router.Add("POST", job + "/fail", admin([this](Request& r) { return Fail(r); }));
    router.Add("POST", job + "/release", admin([this](Request& r) { return End(r, false); }));
    router.Add("POST", job + "/cancelled", admin([this](Request& r) { return End(r, true); }));
    router.Add("GET", job + "/input", admin([this](Request& r) { return Input(r); }));
    router.Add("GET", job + "/attempts", admin([this](Request& r) { return Attempts(r); }));
  }

 private:
  struct Waiter {
    std::string worker_id;
    std::chrono::steady_clock::time_point deadline;
    std::shared_ptr<StreamSink> sink;
  };

  // The attempt's upload folder: named by the token's hash, so a zombie
  // holding an old token writes elsewhere (and the token never hits the disk).
  std::string AttemptDir(const std::string& id, const std::string& token) const {
    return root_ + "/" + id + "-" + social::Sha256Hex(token).substr(0, 24);
  }

  static std::string FileName(jobs::ContentVariant v) {
    switch (v) {
      case jobs::ContentVariant::kVideo: return "video.mp4";
      case jobs::ContentVariant::kThumbnail: return "thumbnail.webp";
      case jobs::ContentVariant::kSpritesheet: return "spritesheet.jpg";
    }
    return "unknown";
  }

  // Checks that `token` holds the job's lease now (and renews it, keeping
  // the recorded progress). kFailedPrecondition when the lease was lost.
  core::Result<store::Generation> Verify(const std::string& id, const std::string& token) {
    KINORA_ASSIGN_OR_RETURN(store::Generation g, service_.Get(id));
    KINORA_ASSIGN_OR_RETURN(std::string checked, ReadToken(token));
    KINORA_ASSIGN_OR_RETURN(bool cancel, service_.Heartbeat(id, checked, g.progress));
    (void)cancel;  // the next heartbeat reports it
    return g;
  }

  void RemoveAttemptDir(const std::string& id, const std::string& token) {
    std::error_code ec;
    fs::remove_all(AttemptDir(id, token), ec);
  }

  Response Lease(Request& r) {
    auto body = Body(r, {"worker_id", "wait_seconds"});
    if (!body.ok()) return ErrorFor(body.error());
    auto worker_id = ReqString(*body, "worker_id");
    if (!worker_id.ok()) return ErrorFor(worker_id.error());
    int wait_seconds = 0;
    if (auto it = body->find("wait_seconds"); it != body->end()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 0 ||
          it->get<int64_t>() > kMaxLeaseWaitSeconds) {
        return ErrorFor(core::InvalidArgument(
            "wait_seconds must be a whole number from 0 to " + std::to_string(kMaxLeaseWaitSeconds),
            "wait_seconds"));
      }
      wait_seconds = it->get<int>();
    }
    SweepStaleUploads();
    auto lease = service_.LeaseJob(*worker_id);
    if (!lease.ok()) return ErrorFor(lease.error());
    if (lease->has_value()) return JsonResponse(200, LeaseJson(**lease));
    {
      std::lock_guard lock(mu_);
      if (wait_seconds == 0 || waiters_.size() >= kMaxWaiters) return NoContent();
    }
    Response resp;
    resp.headers["Content-Type"] = "application/json";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
    resp.stream = [this, id = *worker_id, deadline](std::shared_ptr<StreamSink> sink) {
      {
        std::lock_guard lock(mu_);
        waiters_.push_back({id, deadline, std::move(sink)});
      }
      cv_.notify_all();
    };
    return resp;
  }

  // Serves the long polls in arrival order, so the longest waiting worker
  // gets the next job.
  void PollLoop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, kLeasePollInterval, [&] { return stopping_; });
      if (stopping_ || waiters_.empty()) continue;
      std::deque<Waiter> waiting;
      waiting.swap(waiters_);
      lock.unlock();
      std::deque<Waiter> still;
      const auto now = std::chrono::steady_clock::now();
      bool queue_empty = false;
      for (auto& w : waiting) {
        if (!w.sink->open()) continue;
        if (!queue_empty) {
          auto lease = service_.LeaseJob(w.worker_id);
          if (!lease.ok()) {
            core::LogWarn("cannot lease a job for a remote worker",
                          {{"worker", w.worker_id}, {"error", lease.error().ToString()}});
            queue_empty = true;
          } else if (lease->has_value()) {
            const jobs::Lease& l = **lease;
            if (!w.sink->Write(LeaseJson(l).dump())) {
              // Gone before it heard of the job: give it back at once rather
              // than after the lease expires.
              if (auto released = service_.Release(l.job.id, l.token); !released.ok()) {
                core::LogWarn("cannot give back an undelivered lease",
                              {{"id", l.job.id}, {"error", released.error().ToString()}});
              }
            }
            w.sink->Close();
            continue;
          } else {
            queue_empty = true;
          }
        }
        if (now >= w.deadline) {
          w.sink->Write(json{{"job", nullptr}}.dump());
          w.sink->Close();
          continue;
        }
        still.push_back(std::move(w));
      }
      lock.lock();
      // Newcomers queued meanwhile go after the ones that waited longer.
      for (auto& w : waiters_) still.push_back(std::move(w));
      waiters_.swap(still);
    }
  }

  void SweepStaleUploads() {
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mu_);
      if (now - last_sweep_ < std::chrono::minutes(10)) return;
      last_sweep_ = now;
    }
    std::error_code ec;
    const auto cutoff = fs::file_time_type::clock::now() - kStaleUploadAge;
    for (fs::directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code e2;
      if (fs::last_write_time(it->path(), e2) < cutoff && !e2) fs::remove_all(it->path(), e2);
    }
  }

  Response Heartbeat(Request& r) {
    auto body = Body(r, {"token", "progress"});
    if (!body.ok()) return ErrorFor(body.error());
    auto token = ReqString(*body, "token");
    if (!token.ok()) return ErrorFor(token.error());
    auto it = body->find("progress");
    if (it == body->end() || !it->is_number_integer() || it->get<int64_t>() < 0 ||
        it->get<int64_t>() > 100) {
      return ErrorFor(
          core::InvalidArgument("progress must be a whole number from 0 to 100", "progress"));
    }
    const std::string& id = r.params["id"];
    if (auto g = service_.Get(id); !g.ok()) return ErrorFor(g.error());
    if (auto t = ReadToken(*token); !t.ok()) return ErrorFor(t.error());
    auto cancel = service_.Heartbeat(id, *token, it->get<int>());
    if (!cancel.ok()) return StepError(cancel.error());
    return JsonResponse(200, {{"cancel", *cancel}});
  }

  Response Upload(Request& r) {
    auto variant = jobs::ParseContentVariant(r.params["variant"]);
    if (!variant.ok()) return ErrorFor(variant.error());
    const std::string& id = r.params["id"];
    const std::string token = r.query.count("token") ? r.query["token"] : "";
    int64_t offset = 0;
    if (auto q = r.query.find("offset"); q != r.query.end()) {
      if (!core::ParseNumber(q->second, offset) || offset < 0) {
        return ErrorFor(
            core::InvalidArgument("offset must be a non-negative whole number", "offset"));
      }
    }
    const int64_t limit =
        *variant == jobs::ContentVariant::kVideo ? kMaxVideoBytes : kMaxPreviewBytes;
    if (offset + static_cast<int64_t>(r.body.size()) > limit) {
      return ErrorResponse(
          413, "invalid_request_error",
          "a " + r.params["variant"] + " may be at most " + std::to_string(limit) + " bytes",
          "variant", "too_large");
    }
    auto g = Verify(id, token);
    if (!g.ok()) return StepError(g.error());
    const std::string dir = AttemptDir(id, token);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return ErrorFor(core::IoError("cannot make an upload folder", ec.message()));
    const std::string path = dir + "/" + FileName(*variant);
    const int64_t have = fs::exists(path) ? static_cast<int64_t>(fs::file_size(path, ec)) : 0;
    if (offset != 0 && offset != have) {
      // Chunks come in order; a gap or an overlap means a chunk was lost.
      return ErrorResponse(409, "invalid_request_error",
                           "offset " + std::to_string(offset) + " does not follow the " +
                               std::to_string(have) + " bytes received; start again at 0",
                           "offset", "offset_mismatch");
    }
    {
      std::ofstream out(path, offset == 0 ? std::ios::binary | std::ios::trunc
                                          : std::ios::binary | std::ios::app);
      out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
      if (!out.flush()) return ErrorFor(core::IoError("cannot store an upload", path));
    }
    return JsonResponse(200, {{"variant", r.params["variant"]},
                              {"bytes", offset + static_cast<int64_t>(r.body.size())}});
  }

  Response Complete(Request& r) {
    auto body = Body(r, {"token", "storyboard_json"});
    if (!body.ok()) return ErrorFor(body.error());
    auto token = ReqString(*body, "token");
    if (!token.ok()) return ErrorFor(token.error());
    auto storyboard = ReqString(*body, "storyboard_json");
    if (!storyboard.ok()) return ErrorFor(storyboard.error());
    const std::string& id = r.params["id"];
    // Before anything is stored: a zombie's files must never reach the blobs.
    auto g = Verify(id, *token);
    if (!g.ok()) {
      if (g.error().code == core::ErrorCode::kFailedPrecondition) RemoveAttemptDir(id, *token);
      return StepError(g.error());
    }
    const std::string dir = AttemptDir(id, *token);
    jobs::JobFiles files;
    files.video_path = dir + "/" + FileName(jobs::ContentVariant::kVideo);
    if (!fs::is_regular_file(files.video_path)) {
      return ErrorFor(core::InvalidArgument("upload the video before completing", "video"));
    }
    auto info = media::Probe(files.video_path);
    if (!info.ok() || !info->First("video")) {
      return ErrorFor(core::InvalidArgument(
          "the uploaded video is not a playable MP4" +
              (info.ok() ? std::string(" (no video stream)") : ": " + info.error().message),
          "video"));
    }
    for (auto [variant, out] : {std::pair{jobs::ContentVariant::kThumbnail, &files.thumbnail_path},
                                {jobs::ContentVariant::kSpritesheet, &files.spritesheet_path}}) {
      const std::string path = dir + "/" + FileName(variant);
      if (fs::is_regular_file(path)) *out = path;
    }
    files.storyboard_json = *storyboard;
    auto done = service_.Complete(id, *token, files);
    if (!done.ok() && done.error().code == core::ErrorCode::kInvalidArgument) {
      // Complete consumed the files: the worker must upload again.
      RemoveAttemptDir(id, *token);
      return ErrorFor(done.error());
    }
    RemoveAttemptDir(id, *token);
    if (!done.ok()) return StepError(done.error());
    return NoContent();
  }

  Response Fail(Request& r) {
    auto body = Body(r, {"token", "code", "message", "retryable"});
    if (!body.ok()) return ErrorFor(body.error());
    auto token = ReqString(*body, "token");
    if (!token.ok()) return ErrorFor(token.error());
    auto code = ReqString(*body, "code");
    if (!code.ok()) return ErrorFor(code.error());
    auto message = ReqString(*body, "message");
    if (!message.ok()) return ErrorFor(message.error());
    if (message->size() > kMaxMessageBytes) {
      return ErrorFor(core::InvalidArgument(
          "message must be at most " + std::to_string(kMaxMessageBytes) + " bytes", "message"));
    }
    auto retryable = body->find("retryable");
    if (retryable == body->end() || !retryable->is_boolean()) {
      return ErrorFor(core::InvalidArgument("retryable must be true or false", "retryable"));
    }
    const std::string& id = r.params["id"];
    if (auto t = ReadToken(*token); !t.ok()) return ErrorFor(t.error());
    auto status = service_.Fail(id, *token, *code, *message, retryable->get<bool>());
    if (!status.ok()) return StepError(status.error());
    RemoveAttemptDir(id, *token);
    return JsonResponse(200, {{"status", store::GenerationStatusName(*status)}});
  }

  // release (back to the queue) or cancelled (the cancel asked for is done).
  Response End(Request& r, bool cancelled) {
    auto body = Body(r, {"token"});
    if (!body.ok()) return ErrorFor(body.error());
    auto token = ReqString(*body, "token");
    if (!token.ok()) return ErrorFor(token.error());
    const std::string& id = r.params["id"];
    if (auto g = service_.Get(id); !g.ok()) return ErrorFor(g.error());
    if (auto t = ReadToken(*token); !t.ok()) return ErrorFor(t.error());
    auto done = cancelled ? service_.MarkCancelled(id, *token) : service_.Release(id, *token);
    if (!done.ok()) return StepError(done.error());
    RemoveAttemptDir(id, *token);
    return NoContent();
  }

  Response Input(Request& r) {
    const std::string& id = r.params["id"];
    auto g = Verify(id, r.query.count("token") ? r.query["token"] : "");
    if (!g.ok()) return StepError(g.error());
    if (g->input_key.empty()) {
      return ErrorFor(core::NotFound("video '" + id + "' has no input reference"));
    }
    auto path = blobs_.PathOf(g->input_key);
    if (!path.ok()) return ErrorFor(path.error());
    Response resp;
    resp.file = *path;
    resp.headers["Content-Type"] = "application/octet-stream";
    return resp;
  }

  Response Attempts(Request& r) {
    auto attempts = service_.Attempts(r.params["id"]);
    if (!attempts.ok()) return ErrorFor(attempts.error());
    json data = json::array();
    for (const auto& a : *attempts) {
      data.push_back({{"attempt", a.attempt},
                      {"worker", a.worker},
                      {"started_at", a.started_at},
                      {"ended_at", a.ended_at ? json(*a.ended_at) : json(nullptr)},
                      {"outcome", a.outcome},
                      {"reason", a.reason}});
    }
    return JsonResponse(200, {{"object", "list"}, {"data", data}});
  }

  jobs::GenerationService& service_;
  store::BlobStore& blobs_;
  const std::string root_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                             // guarded by mu_
  std::deque<Waiter> waiters_;                        // guarded by mu_
  std::chrono::steady_clock::time_point last_sweep_;  // guarded by mu_
  std::thread poller_;
};

}  // namespace

std::shared_ptr<void> AddWorkerRoutes(Router& router, jobs::GenerationService& service,
                                      store::BlobStore& blobs, const Authenticator& auth) {
  auto api = std::make_shared<WorkerApi>(service, blobs);
  api->AddRoutes(router, auth);
  return api;
}

}  // namespace kinora::http
