#include "engine/remote/openai_engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/log.h"
#include "core/parse.h"
#include "net/http_client.h"

namespace kinora::engine {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// How far through the job the upstream's progress runs; the rest is the
// submission before and the download after.
constexpr double kSubmittedAt = 0.02;
constexpr double kRenderedAt = 0.95;
// The longest a rate limit or a transient failure makes us wait at once.
constexpr auto kMaxBackoff = std::chrono::seconds(30);
// Cancellation is noticed within this much of a wait.
constexpr auto kCancelCheck = std::chrono::milliseconds(50);
constexpr auto kDeleteTimeout = std::chrono::seconds(5);

// {"error": {"message", "code", "param", "type"}} or anything else.
struct UpstreamProblem {
  std::string message;
  std::string code;
  std::string param;
};

UpstreamProblem ReadProblem(const net::HttpResponse& r) {
  UpstreamProblem p;
  json j = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const json& e = j["error"];
    if (e.contains("message") && e["message"].is_string()) p.message = e["message"];
    if (e.contains("code") && e["code"].is_string()) p.code = e["code"];
    if (e.contains("param") && e["param"].is_string()) p.param = e["param"];
  }
  if (p.message.empty()) {
    // Not our error shape (a proxy's page, say): a short, printable excerpt.
    std::string excerpt = r.body.substr(0, 200);
    std::replace_if(
        excerpt.begin(), excerpt.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, ' ');
    p.message = excerpt.empty() ? "no error message" : excerpt;
  }
  return p;
}

bool IsTransientStatus(int status) { return status == 429 || status >= 500; }

// The error for a non-2xx answer to `what` ("creating the job", …).
core::Error StatusError(const net::HttpResponse& r, std::string_view what) {
  const UpstreamProblem p = ReadProblem(r);
  const std::string status = " (HTTP " + std::to_string(r.status) + ")";
  if (r.status == 401 || r.status == 403) {
    return core::Unavailable("the upstream refused the engine's API key" + status + ": " +
                             p.message);
  }
  if (r.status == 400 || r.status == 422) {
    return core::InvalidArgument("the upstream rejected the request: " + p.message, p.param);
  }
  return core::Unavailable("the upstream failed " + std::string(what) + status + ": " + p.message,
                           p.code);
}

// Seconds to wait from a Retry-After header (delta-seconds only; an HTTP
// date is rare from APIs and falls back to our own backoff).
std::optional<std::chrono::milliseconds> RetryAfter(const net::HttpResponse& r) {
  double seconds = 0;
  if (!core::ParseNumber(r.Header("Retry-After"), seconds) || seconds < 0) return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(std::min(seconds, 3600.0) * 1000));
}

std::string Trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

class OpenAiEngine final : public Engine {
 public:
  explicit OpenAiEngine(OpenAiEngineOptions options)
      : options_(std::move(options)),
        base_(Trimmed(options_.url)),
        name_(options_.model.empty() ? "openai-compatible" : options_.model) {}

  std::string_view Name() const override { return name_; }

  core::Result<GenerateResult> Generate(const GenerateRequest& request, const ProgressFn& progress,
                                        const std::atomic<bool>* cancel) override;

 private:
  // One job's state: its deadline, cancel flag and retry bookkeeping.
  struct Job {
    const std::atomic<bool>* cancel;
    Clock::time_point deadline;
    std::string id;  // the upstream's, once created
    int failures = 0;
    std::chrono::milliseconds backoff{0};

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
  };

  net::HttpRequest Request(std::string method, const std::string& path) const {
    net::HttpRequest r;
    r.method = std::move(method);
    r.url = base_ + path;
    r.headers["Authorization"] = "Bearer " + options_.api_key;
    r.headers["Accept"] = "application/json";
    r.timeout = options_.request_timeout;
    return r;
  }

  // Sends `request`, retrying rate limits and transient failures with
  // backoff until the job's deadline. Returns the first other answer (any
  // status), or the error that ended the retries.
  core::Result<net::HttpResponse> SendRetrying(Job& job, net::HttpRequest request,
                                               std::string_view what);
  // Sleeps up to `wait` (never past the deadline); false if cancelled.
  bool Wait(const Job& job, std::chrono::milliseconds wait) const;
  core::Result<std::string> Submit(Job& job, const GenerateRequest& request, const Storyboard& sb);
  // Polls until the upstream job completes; reports its progress.
  core::Status AwaitCompletion(Job& job, const ProgressFn& progress);
  core::Status Download(Job& job, const std::string& output_path);
  void DeleteUpstream(const Job& job);

  const OpenAiEngineOptions options_;
  const std::string base_;
  const std::string name_;
  net::HttpClient client_;
};

bool OpenAiEngine::Wait(const Job& job, std::chrono::milliseconds wait) const {
  const auto until = std::min(Clock::now() + wait, job.deadline);
  while (Clock::now() < until) {
    if (job.cancelled()) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(kCancelCheck, until - Clock::now()));
  }
  return !job.cancelled();
}

core::Result<net::HttpResponse> OpenAiEngine::SendRetrying(Job& job, net::HttpRequest request,
                                                           std::string_view what) {
  for (;;) {
    if (job.cancelled()) return core::Cancelled();
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(job.deadline - Clock::now());
    if (left.count() <= 0) {
      return core::Unavailable("the upstream job did not finish within " +
                               std::to_string(options_.timeout.count()) + " s");
    }
    request.timeout = std::min(request.timeout, left);
    core::Result<net::HttpResponse> r = client_.Send(request);
    std::optional<std::chrono::milliseconds> hinted;
    if (r.ok() && !IsTransientStatus(r->status)) {
      job.failures = 0;
      job.backoff = std::chrono::milliseconds(0);
      return r;
    }
    if (!r.ok() && r.error().code != core::ErrorCode::kUnavailable) return r.error();
    if (r.ok() && r->status == 429) {
      // A rate limit is not a failure of the upstream: wait as told, without
      // spending the failure budget.
      hinted = RetryAfter(*r);
    } else if (++job.failures > options_.max_transient_failures) {
      if (!r.ok()) {
        return core::Unavailable("cannot reach the upstream " + std::string(what) + ": " +
                                 r.error().message);
      }
      return StatusError(*r, what);
    }
    // Doubling from the poll interval, capped (but never below the interval itself).
    const std::chrono::milliseconds cap =
        std::max<std::chrono::milliseconds>(kMaxBackoff, options_.poll_interval);
    job.backoff = std::min(std::max(job.backoff * 2, options_.poll_interval), cap);
    const auto wait =
        hinted ? std::min(*hinted, std::chrono::milliseconds(kMaxBackoff)) : job.backoff;
    core::LogWarn("upstream call failed; retrying",
                  {{"what", std::string(what)},
                   {"cause", r.ok() ? "HTTP " + std::to_string(r->status) : r.error().message},
                   {"wait_ms", std::to_string(wait.count())}});
    if (!Wait(job, wait)) return core::Cancelled();
  }
}

namespace {

std::string NewIdempotencyKey() {
  std::random_device rd;
  char out[33];
  std::snprintf(out, sizeof(out), "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
  return std::string("kinora-") + out;
}

}  // namespace

core::Result<std::string> OpenAiEngine::Submit(Job& job, const GenerateRequest& request,
                                               const Storyboard& sb) {
  net::MultipartBody form;
  std::string prompt = request.prompt.empty() ? sb.origin.prompt : request.prompt;
  if (!options_.strict && request.storyboard) {
    form.AddField("storyboard", ToJson(*request.storyboard).dump());
  } else if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    return core::InvalidArgument("the upstream engine needs a prompt; the storyboard has none",
                                 "prompt");
  }
  if (!prompt.empty()) form.AddField("prompt", prompt);
  if (!options_.model.empty()) form.AddField("model", options_.model);
  // A ready storyboard's own size and timing rule, as they do locally.
  UpstreamShape shape{static_cast<int>(std::lround(std::max(1.0, sb.DurationSeconds()))), sb.width,
                      sb.height};
  if (options_.strict) shape = StrictShape(sb.DurationSeconds(), sb.width, sb.height);
  form.AddField("seconds", std::to_string(shape.seconds));
  form.AddField("size", std::to_string(shape.width) + "x" + std::to_string(shape.height));
  if (!options_.strict && !request.storyboard) form.AddField("seed", std::to_string(request.seed));

  net::HttpRequest post = Request("POST", "/videos");
  post.headers["Content-Type"] = form.ContentType();
  // The create is retried on 5xx and network errors; one key for all tries
  // lets an upstream that honours Idempotency-Key (Kinora does) make one job.
  post.headers["Idempotency-Key"] = NewIdempotencyKey();
  post.body = form.Finish();
  KINORA_ASSIGN_OR_RETURN(net::HttpResponse r,
                          SendRetrying(job, std::move(post), "creating the job"));
  if (r.status == 404) {
    return core::Unavailable("the upstream has no videos API at " + base_ + "/videos (HTTP 404)");
  }
  if (r.status < 200 || r.status >= 300) return StatusError(r, "creating the job");
  json j = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string() ||
      j["id"].get<std::string>().empty()) {
    return core::Unavailable("the upstream's answer to creating a job has no id");
  }
  return j["id"].get<std::string>();
}

core::Status OpenAiEngine::AwaitCompletion(Job& job, const ProgressFn& progress) {
  double reported = kSubmittedAt;
  for (;;) {
    KINORA_ASSIGN_OR_RETURN(net::HttpResponse r,
                            SendRetrying(job, Request("GET", "/videos/" + job.id), "polling"));
    if (r.status == 404) {
      return core::Unavailable("the upstream no longer knows job " + job.id);
    }
    if (r.status < 200 || r.status >= 300) return StatusError(r, "polling the job");
    json j = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) {
      return core::Unavailable("the upstream's job " + job.id + " has no status");
    }
    const std::string status = j["status"];
    if (j.contains("progress") && j["progress"].is_number()) {
      const double p = std::clamp(j["progress"].get<double>(), 0.0, 100.0) / 100.0;
      const double fraction = kSubmittedAt + (kRenderedAt - kSubmittedAt) * p;
      if (fraction > reported && progress) progress({"rendering", fraction});
      reported = std::max(reported, fraction);
    }
    if (status == "completed") return core::Ok();
    if (status == "failed") {
      std::string message = "no reason given", code;
      if (j.contains("error") && j["error"].is_object()) {
        const json& e = j["error"];
        if (e.contains("message") && e["message"].is_string()) message = e["message"];
        if (e.contains("code") && e["code"].is_string()) code = e["code"];
      }
      std::string text = "the upstream job " + job.id + " failed: " + message;
      if (!code.empty()) text += " (" + code + ")";
      // The upstream judged the request itself (its content or its
      // parameters): sending it again would fail the same way.
      const bool request_at_fault = code == "invalid_argument" || code == "moderation_blocked" ||
                                    code == "content_policy_violation" ||
                                    code == "invalid_request_error";
      return request_at_fault ? core::InvalidArgument(text, code) : core::Unavailable(text, code);
    }
    if (status == "cancelled") {
      return core::Unavailable("the upstream job " + job.id + " was cancelled upstream");
    }
    if (status != "queued" && status != "in_progress") {
      return core::Unavailable("the upstream job " + job.id + " has an unknown status '" + status +
                               "'");
    }
    if (!Wait(job, options_.poll_interval)) return core::Cancelled();
  }
}

core::Status OpenAiEngine::Download(Job& job, const std::string& output_path) {
  net::HttpRequest get = Request("GET", "/videos/" + job.id + "/content");
  get.headers["Accept"] = "video/mp4, application/json";
  get.response_file = output_path;
  // A download takes what the job has left, not one call's budget.
  get.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(job.deadline - Clock::now());
  KINORA_ASSIGN_OR_RETURN(net::HttpResponse r,
                          SendRetrying(job, std::move(get), "downloading the video"));
  if (r.status < 200 || r.status >= 300) return StatusError(r, "downloading the video");
  return core::Ok();
}

void OpenAiEngine::DeleteUpstream(const Job& job) {
  if (job.id.empty()) return;
  net::HttpRequest del = Request("DELETE", "/videos/" + job.id);
  del.timeout = kDeleteTimeout;
  core::Result<net::HttpResponse> r = client_.Send(del);
  if (!r.ok() || r->status >= 300) {
    core::LogWarn("could not delete the upstream job",
                  {{"upstream_job", job.id},
                   {"cause", r.ok() ? "HTTP " + std::to_string(r->status) : r.error().message}});
  }
}

core::Result<GenerateResult> OpenAiEngine::Generate(const GenerateRequest& request,
                                                    const ProgressFn& progress,
                                                    const std::atomic<bool>* cancel) {
  if (request.output_path.empty()) {
    return core::InvalidArgument("the request has no output path", "output_path");
  }
  auto report = [&](std::string_view stage, double fraction) {
    if (progress) progress({stage, fraction});
  };
  report("planning", 0);
  KINORA_ASSIGN_OR_RETURN(Storyboard sb, ResolveStoryboard(request));
  Job job{.cancel = cancel, .deadline = Clock::now() + options_.timeout};
  if (job.cancelled()) return core::Cancelled();
  KINORA_ASSIGN_OR_RETURN(job.id, Submit(job, request, sb));
  report("rendering", kSubmittedAt);
  core::LogInfo("upstream job created", {{"upstream_job", job.id}, {"upstream", base_}});

  core::Status done = AwaitCompletion(job, progress);
  if (done.ok()) done = Download(job, request.output_path);
  if (!done.ok()) {
    // A job we stop waiting for would run on (and cost) upstream for nothing.
    if (done.error().code == core::ErrorCode::kCancelled || Clock::now() >= job.deadline) {
      DeleteUpstream(job);
    }
    return done.error();
  }
  report("finishing", 1.0);
  GenerateResult result;
  result.seconds = sb.DurationSeconds();
  result.frames = sb.FrameCount();
  result.storyboard = std::move(sb);
  result.warnings.push_back("rendered by the upstream engine " + base_ + " as job " + job.id +
                            "; the storyboard is a local plan of the same request");
  return result;
}

}  // namespace

UpstreamShape StrictShape(double seconds, int width, int height) {
  UpstreamShape out;
  // Ties go to the longer clip, so no one gets less than asked.
  out.seconds = seconds < 6 ? 4 : seconds < 10 ? 8 : 12;
  struct Size {
    int w, h;
  };
  const bool landscape = width > height;
  const Size small = landscape ? Size{1280, 720} : Size{720, 1280};
  const Size large = landscape ? Size{1792, 1024} : Size{1024, 1792};
  const double area = static_cast<double>(width) * height;
  const auto distance = [area](Size s) { return std::abs(std::log(area / (double(s.w) * s.h))); };
  const Size pick = distance(large) < distance(small) ? large : small;
  out.width = pick.w;
  out.height = pick.h;
  return out;
}

core::Status ValidateOpenAiEngineOptions(const OpenAiEngineOptions& options) {
  if (options.url.empty()) {
    return core::InvalidArgument("the openai-compatible engine needs --engine-url", "engine-url");
  }
  auto url = net::ParseUrl(options.url);
  if (!url.ok()) return core::InvalidArgument("--engine-url: " + url.error().message, "engine-url");
  if (url->target.find('?') != std::string::npos) {
    return core::InvalidArgument("--engine-url must not have a query", "engine-url");
  }
  if (options.api_key.empty()) {
    return core::InvalidArgument(
        "the openai-compatible engine needs --engine-api-key (or "
        "KINORA_ENGINE_API_KEY)",
        "engine-api-key");
  }
  if (options.api_key.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
    return core::InvalidArgument("--engine-api-key contains a line break", "engine-api-key");
  }
  if (options.poll_interval.count() <= 0) {
    return core::InvalidArgument("--engine-poll-ms must be positive", "engine-poll-ms");
  }
  if (options.timeout.count() <= 0) {
    return core::InvalidArgument("--engine-timeout must be positive", "engine-timeout");
  }
  if (options.request_timeout.count() <= 0 || options.max_transient_failures < 0) {
    return core::InvalidArgument("the engine's request timeout and retry count must be positive");
  }
  return core::Ok();
}

core::Result<std::unique_ptr<Engine>> NewOpenAiEngine(OpenAiEngineOptions options) {
  KINORA_RETURN_IF_ERROR(ValidateOpenAiEngineOptions(options));
  return std::unique_ptr<Engine>(std::make_unique<OpenAiEngine>(std::move(options)));
}

}  // namespace kinora::engine
