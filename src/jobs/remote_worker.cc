#include "jobs/remote_worker.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/id.h"
#include "core/log.h"
#include "jobs/job_runner.h"

namespace kinora::jobs {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The server's error message from an error body, else the status.
std::string ServerMessage(const net::HttpResponse& r) {
  const json j = json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].value("message", json()).is_string()) {
    return j["error"]["message"].get<std::string>();
  }
  return "HTTP " + std::to_string(r.status);
}

std::string ServerCode(const net::HttpResponse& r) {
  const json j = json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].value("code", json()).is_string()) {
    return j["error"]["code"].get<std::string>();
  }
  return "";
}

bool LeaseLost(const net::HttpResponse& r) {
  // 404: the job is gone (deleted by an administrator); nothing to finish either way.
  return (r.status == 409 && ServerCode(r) == "lease_lost") || r.status == 404;
}

// Every reply to a call that is not a 2xx, as an error for the caller.
core::Error ReplyError(const net::HttpResponse& r, std::string_view what) {
  std::string message = std::string(what) + ": " + ServerMessage(r);
  switch (r.status) {
    case 401: return core::Error{core::ErrorCode::kUnauthenticated, message, ""};
    case 403: return core::Error{core::ErrorCode::kPermissionDenied, message, ""};
    case 409:
      if (LeaseLost(r)) return core::FailedPrecondition(message);
      return core::Error{core::ErrorCode::kAlreadyExists, message, ServerCode(r)};
    case 404: return core::FailedPrecondition(message);
    default: return core::Error{core::ErrorCode::kInternal, message, ServerCode(r)};
  }
}

template <typename T>
core::Result<T> Field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return core::InvalidArgument(std::string("missing ") + key, key);
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return core::InvalidArgument(std::string(key) + " must be a string", key);
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    if (!it->is_number_unsigned()) {
      return core::InvalidArgument(std::string(key) + " must be a non-negative integer", key);
    }
  } else {
    if (!it->is_number_integer()) {
      return core::InvalidArgument(std::string(key) + " must be an integer", key);
    }
  }
  return it->get<T>();
}

}  // namespace

core::Result<std::optional<RemoteLease>> ParseLeaseReply(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return core::InvalidArgument("the lease reply is not a JSON object");
  auto job = j.find("job");
  if (job == j.end()) return core::InvalidArgument("missing job", "job");
  if (job->is_null()) return std::optional<RemoteLease>();
  if (!job->is_object()) return core::InvalidArgument("job must be an object", "job");
  RemoteLease l;
  store::Generation& g = l.job;
  KINORA_ASSIGN_OR_RETURN(g.id, Field<std::string>(*job, "id"));
  if (!core::IsValidId(g.id, "video")) return core::InvalidArgument("malformed job id", "id");
  KINORA_ASSIGN_OR_RETURN(std::string kind, Field<std::string>(*job, "kind"));
  auto parsed_kind = store::ParseGenerationKind(kind);
  if (!parsed_kind) return core::InvalidArgument("unknown kind '" + kind + "'", "kind");
  g.kind = *parsed_kind;
  KINORA_ASSIGN_OR_RETURN(g.model, Field<std::string>(*job, "model"));
  KINORA_ASSIGN_OR_RETURN(g.prompt, Field<std::string>(*job, "prompt"));
  KINORA_ASSIGN_OR_RETURN(g.seconds, Field<int>(*job, "seconds"));
  KINORA_ASSIGN_OR_RETURN(g.width, Field<int>(*job, "width"));
  KINORA_ASSIGN_OR_RETURN(g.height, Field<int>(*job, "height"));
  KINORA_ASSIGN_OR_RETURN(g.seed, Field<uint64_t>(*job, "seed"));
  KINORA_ASSIGN_OR_RETURN(g.storyboard_json, Field<std::string>(*job, "storyboard_json"));
  KINORA_ASSIGN_OR_RETURN(g.input_key, Field<std::string>(*job, "input_key"));
  KINORA_ASSIGN_OR_RETURN(g.attempts, Field<int>(*job, "attempt"));
  KINORA_ASSIGN_OR_RETURN(l.token, Field<std::string>(j, "token"));
  KINORA_ASSIGN_OR_RETURN(l.lease_ms, Field<int64_t>(j, "lease_ms"));
  KINORA_ASSIGN_OR_RETURN(l.heartbeat_ms, Field<int64_t>(j, "heartbeat_ms"));
  if (l.token.empty()) return core::InvalidArgument("token must not be empty", "token");
  if (l.lease_ms <= 0 || l.heartbeat_ms <= 0 || l.heartbeat_ms > l.lease_ms) {
    return core::InvalidArgument("lease_ms and heartbeat_ms must be positive, heartbeat first",
                                 "heartbeat_ms");
  }
  g.status = store::GenerationStatus::kInProgress;
  return std::optional<RemoteLease>(std::move(l));
}

// One slot's running job: the flag that stops its engine between frames.
struct RemoteWorker::Slot {
  std::string id;
  std::atomic<bool> cancel{false};
};

RemoteWorker::RemoteWorker(engine::Engine& engine, RemoteWorkerOptions options)
    : engine_(engine), options_(std::move(options)) {
  while (!options_.server_url.empty() && options_.server_url.back() == '/') {
    options_.server_url.pop_back();
  }
  options_.concurrency = std::max(1, options_.concurrency);
  for (int i = 0; i < options_.concurrency; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    slots_.back()->id = options_.worker_id + "/" + std::to_string(i);
  }
}

RemoteWorker::~RemoteWorker() { Stop(); }

core::Status RemoteWorker::Run() {
  core::LogInfo("worker started", {{"server", options_.server_url},
                                   {"id", options_.worker_id},
                                   {"concurrency", std::to_string(options_.concurrency)},
                                   {"engine", std::string(engine_.Name())}});
  std::vector<std::thread> threads;
  for (auto& slot : slots_) threads.emplace_back([this, s = slot.get()] { SlotLoop(*s); });
  for (auto& t : threads) t.join();
  std::lock_guard lock(mu_);
  if (fatal_) return *fatal_;
  core::LogInfo("worker stopped", {{"completed", std::to_string(counters_.completed.load())},
                                   {"released", std::to_string(counters_.released.load())}});
  return core::Ok();
}

void RemoteWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  for (auto& slot : slots_) slot->cancel = true;
  cv_.notify_all();
}

void RemoteWorker::Fatal(core::Error error) {
  {
    std::lock_guard lock(mu_);
    if (!fatal_) fatal_ = std::move(error);
  }
  Stop();
}

bool RemoteWorker::Sleep(milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [&] { return stopping_; });
  return !stopping_;
}

std::string RemoteWorker::Url(std::string_view path) const {
  return options_.server_url + std::string(path);
}

net::HttpRequest RemoteWorker::Json(std::string_view path, const std::string& body) const {
  net::HttpRequest r;
  r.method = "POST";
  r.url = Url(path);
  r.body = body;
  r.headers["Content-Type"] = "application/json";
  return r;
}

core::Result<net::HttpResponse> RemoteWorker::Call(net::HttpRequest request) {
  request.headers["Authorization"] = "Bearer " + options_.token;
  KINORA_ASSIGN_OR_RETURN(net::HttpResponse r, client_.Send(request));
  if (r.status >= 500 || r.status == 429) {
    return core::Unavailable(request.method + " " + request.url + ": " + ServerMessage(r));
  }
  return r;
}

core::Result<net::HttpResponse> RemoteWorker::Step(const net::HttpRequest& request) {
  const auto deadline = std::chrono::steady_clock::now() + options_.step_retry_window;
  milliseconds backoff = options_.min_backoff;
  while (true) {
    auto r = Call(request);
    if (r.ok() || r.error().code != core::ErrorCode::kUnavailable ||
        std::chrono::steady_clock::now() + backoff > deadline) {
      return r;
    }
    core::LogWarn("the server is unavailable; retrying",
                  {{"url", request.url}, {"error", r.error().ToString()}});
    // Not interrupted by Stop(): the attempt still has to be reported.
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

core::Result<std::optional<RemoteLease>> RemoteWorker::Lease(const std::string& slot_id) {
  net::HttpRequest req =
      Json("/v1/workers/lease",
           json{{"worker_id", slot_id}, {"wait_seconds", options_.wait_seconds}}.dump());
  req.timeout = std::chrono::seconds(options_.wait_seconds + 30);
  KINORA_ASSIGN_OR_RETURN(net::HttpResponse r, Call(std::move(req)));
  if (r.status == 204) return std::optional<RemoteLease>();
  if (r.status == 404) {
    return core::NotFound("the server at " + options_.server_url +
                          " has no worker API (POST /v1/workers/lease answered 404)");
  }
  if (r.status != 200) return ReplyError(r, "lease");
  auto lease = ParseLeaseReply(r.body);
  if (!lease.ok()) {
    // A long poll the server cut short (it is stopping) ends mid-body.
    if (r.body.empty()) return std::optional<RemoteLease>();
    return core::Unavailable("the server's lease reply is malformed", lease.error().ToString());
  }
  return lease;
}

void RemoteWorker::SlotLoop(Slot& slot) {
  milliseconds backoff = options_.min_backoff;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    const auto asked = std::chrono::steady_clock::now();
    auto lease = Lease(slot.id);
    if (!lease.ok()) {
      const auto code = lease.error().code;
      // Retrying cannot fix a refused token or a server without the API.
      if (code == core::ErrorCode::kUnauthenticated || code == core::ErrorCode::kPermissionDenied ||
          code == core::ErrorCode::kNotFound) {
        Fatal(lease.error());
        return;
      }
      core::LogWarn("cannot lease a job; retrying",
                    {{"worker", slot.id},
                     {"error", lease.error().ToString()},
                     {"retry_ms", std::to_string(backoff.count())}});
      if (!Sleep(backoff)) return;
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    backoff = options_.min_backoff;
    if (!lease->has_value()) {
      // A server that answered at once (no long poll) is not asked again at once.
      if (std::chrono::steady_clock::now() - asked < milliseconds(500) && !Sleep(milliseconds(500)))
        return;
      continue;
    }
    slot.cancel = false;
    {
      std::lock_guard lock(mu_);
      if (stopping_) slot.cancel = true;  // still reported: it is released at once
    }
    RunLeased(slot, **lease);
  }
}

core::Status RemoteWorker::Upload(const RemoteLease& lease, std::string_view variant,
                                  const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::IoError("cannot read a rendered file", path);
  const std::string base = "/v1/workers/jobs/" + lease.job.id + "/files/" + std::string(variant) +
                           "?token=" + QueryEscape(lease.token) + "&offset=";
  int64_t offset = 0;
  int64_t chunk = std::max<int64_t>(options_.chunk_bytes, 1024);
  bool first = true;
  while (true) {
    std::string bytes(static_cast<size_t>(chunk), '\0');
    in.read(bytes.data(), chunk);
    bytes.resize(static_cast<size_t>(in.gcount()));
    if (bytes.empty() && !first) return core::Ok();
    net::HttpRequest req;
    req.method = "PUT";
    req.url = Url(base + std::to_string(offset));
    req.headers["Content-Type"] = "application/octet-stream";
    req.body = std::move(bytes);
    req.timeout = std::chrono::minutes(5);
    KINORA_ASSIGN_OR_RETURN(net::HttpResponse r, Step(req));
    if (r.status == 413 && ServerCode(r) != "too_large" && chunk > 1024) {
      // Over the server's body limit: smaller chunks, from where we were.
      chunk = std::max<int64_t>(chunk / 2, 1024);
      in.clear();
      in.seekg(offset);
      continue;
    }
    if (r.status == 409 && ServerCode(r) == "offset_mismatch") {
      // A retried chunk that had arrived after all: start the file again.
      offset = 0;
      first = true;
      in.clear();
      in.seekg(0);
      continue;
    }
    if (r.status != 200) return ReplyError(r, "upload " + std::string(variant));
    offset += static_cast<int64_t>(req.body.size());
    first = false;
    if (static_cast<int64_t>(req.body.size()) < chunk) return core::Ok();
  }
}

void RemoteWorker::RunLeased(Slot& slot, const RemoteLease& lease) {
  const store::Generation& job = lease.job;
  const std::string job_path = "/v1/workers/jobs/" + job.id;
  const json token = lease.token;
  core::LogInfo("generation started",
                {{"id", job.id}, {"attempt", std::to_string(job.attempts)}, {"worker", slot.id}});

  std::atomic<int> progress{0};
  std::atomic<bool> lost{false};
  std::atomic<bool> cancel_requested{false};
  std::mutex hb_mu;
  std::condition_variable hb_cv;
  bool done = false;
  // Renews the lease on its own thread so a long frame never lets it
  // expire; stops the engine when the lease is lost or a cancel is asked.
  std::thread heartbeat([&] {
    std::unique_lock lock(hb_mu);
    while (!hb_cv.wait_for(lock, milliseconds(lease.heartbeat_ms), [&] { return done; })) {
      lock.unlock();
      net::HttpRequest req = Json(job_path + "/heartbeat",
                                  json{{"token", token}, {"progress", progress.load()}}.dump());
      req.timeout = milliseconds(std::max<int64_t>(lease.heartbeat_ms, 1000));
      auto r = Call(std::move(req));
      lock.lock();
      if (!r.ok()) {
        core::LogWarn("cannot renew a lease", {{"id", job.id}, {"error", r.error().ToString()}});
      } else if (LeaseLost(*r)) {
        lost = true;
        slot.cancel = true;
        return;
      } else if (r->status == 200) {
        const json j = json::parse(r->body, nullptr, false);
        if (j.is_object() && j.value("cancel", false)) {
          cancel_requested = true;
          slot.cancel = true;
        }
      } else {
        core::LogWarn("the server refused a heartbeat",
                      {{"id", job.id}, {"error", ServerMessage(*r)}});
      }
    }
  });

  // The input reference, if any, next to the render; a lost or unreadable
  // input fails here, before any rendering.
  std::string reference_path;
  core::Result<JobOutput> output = core::Cancelled();
  core::Status input_status;
  if (!job.input_key.empty()) {
    reference_path = options_.scratch_dir + "/" + job.id + ".input";
    net::HttpRequest req;
    req.url = Url(job_path + "/input?token=" + QueryEscape(lease.token));
    req.response_file = reference_path;
    req.timeout = std::chrono::minutes(5);
    auto r = Step(req);
    if (!r.ok()) {
      input_status = r.error();
    } else if (r->status != 200) {
      if (LeaseLost(*r)) lost = true;
      input_status = ReplyError(*r, "download the input");
    }
  }
  if (input_status.ok() && !lost) {
    auto on_progress = [&](const engine::Progress& p) {
      progress = std::clamp(static_cast<int>(p.fraction * 100), 0, 99);
    };
    output = RunJob(engine_, job, options_.scratch_dir, on_progress, &slot.cancel, reference_path);
  }
  {
    std::lock_guard lock(hb_mu);
    done = true;
  }
  hb_cv.notify_all();
  heartbeat.join();
  if (!reference_path.empty()) {
    std::error_code ec;
    std::filesystem::remove(reference_path, ec);
  }

  // What to tell the server; an empty path: nothing.
  std::string step;
  json body = {{"token", token}};
  if (lost) {
    if (output.ok()) RemoveJobFiles(output->files);
    counters_.abandoned++;
    core::LogWarn("generation abandoned: its lease was lost", {{"id", job.id}});
  } else if (!input_status.ok()) {
    step = "/fail";
    body.update({{"code", "input_unavailable"},
                 {"message", input_status.error().ToString()},
                 {"retryable", true}});
  } else if (output.ok()) {
    core::Status uploaded = Upload(lease, "video", output->files.video_path);
    for (auto [variant, path] : {std::pair{"thumbnail", &output->files.thumbnail_path},
                                 {"spritesheet", &output->files.spritesheet_path}}) {
      if (uploaded.ok() && !path->empty()) uploaded = Upload(lease, variant, *path);
    }
    RemoveJobFiles(output->files);
    if (uploaded.ok()) {
      step = "/complete";
      body["storyboard_json"] = output->files.storyboard_json;
    } else if (uploaded.error().code == core::ErrorCode::kFailedPrecondition) {
      counters_.abandoned++;
      core::LogWarn("generation abandoned: its lease was lost",
                    {{"id", job.id}, {"error", uploaded.error().ToString()}});
    } else {
      step = "/fail";
      body.update({{"code", "upload_failed"},
                   {"message", uploaded.error().ToString()},
                   {"retryable", true}});
    }
  } else {
    const JobFailure failure = ClassifyFailure(output.error());
    if (!failure.cancelled) {
      step = "/fail";
      body.update({{"code", failure.code},
                   {"message", failure.message.substr(0, 4000)},
                   {"retryable", failure.retryable}});
    } else if (cancel_requested) {
      step = "/cancelled";
    } else {
      step = "/release";
    }
  }
  if (step.empty()) return;
  auto r = Step(Json(job_path + step, body.dump()));
  if (r.ok() && step == "/complete" && r->status == 400) {
    // The server refused the files (e.g. an unplayable video): a failed attempt.
    const std::string why = ServerMessage(*r);
    step = "/fail";
    r = Step(Json(
        job_path + step,
        json{{"token", token}, {"code", "generation_failed"}, {"message", why}, {"retryable", true}}
            .dump()));
  }
  if (!r.ok() || r->status / 100 != 2) {
    const std::string error = r.ok() ? ServerMessage(*r) : r.error().ToString();
    if (r.ok() && LeaseLost(*r)) counters_.abandoned++;
    core::LogWarn("cannot record a generation's outcome",
                  {{"id", job.id}, {"step", step.substr(1)}, {"error", error}});
    return;
  }
  if (step == "/complete") {
    counters_.completed++;
    core::LogInfo("generation completed", {{"id", job.id}});
  } else if (step == "/fail") {
    counters_.failed++;
    core::LogWarn("generation attempt failed",
                  {{"id", job.id}, {"error", body.value("message", "")}});
  } else if (step == "/cancelled") {
    counters_.cancelled++;
    core::LogInfo("generation cancelled on request", {{"id", job.id}});
  } else {
    counters_.released++;
    core::LogInfo("generation interrupted by shutdown; released", {{"id", job.id}});
  }
}

}  // namespace kinora::jobs
