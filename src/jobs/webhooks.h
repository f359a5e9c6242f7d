// Webhooks: members and the installation register HTTP endpoints that
// receive an event when a generation finishes, signed per the Standard
// Webhooks specification (https://www.standardwebhooks.com).
//
// An event is OpenAI's webhook event: {"id": "evt_…", "object": "event",
// "created_at": <unix s>, "type": "video.completed" | "video.failed",
// "data": {"id": "<video id>"}}. Each (event, endpoint) pair is one durable
// delivery in the store, sent as a JSON POST with the headers webhook-id (the
// delivery's message id, the same on every retry), webhook-timestamp and
// webhook-signature, and retried on network errors, timeouts and non-2xx
// answers on a schedule until it succeeds or the schedule runs out. Every
// attempt is logged for the endpoint's owner to read.
//
// WebhookService holds the policy (who owns what, URL and SSRF checks,
// secrets) and runs the dispatcher threads. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "net/http_client.h"
#include "social/principal.h"
#include "store/store.h"

namespace kinora::jobs {

inline constexpr std::string_view kVideoCompleted = "video.completed";
inline constexpr std::string_view kVideoFailed = "video.failed";
// What POST /api/webhooks/{id}/test sends; data.id is the endpoint's id.
inline constexpr std::string_view kWebhookTest = "webhook.test";

// The Standard Webhooks signature of one message: "v1,<base64 of HMAC-SHA256
// over `{msg_id}.{timestamp}.{body}`>", keyed with the base64-decoded part of
// `secret` ("whsec_<base64>"). kInvalidArgument when the secret is malformed.
core::Result<std::string> SignWebhook(std::string_view secret, std::string_view msg_id,
                                      int64_t timestamp, std::string_view body);

// A fresh "whsec_<base64 of 32 random bytes>".
std::string NewWebhookSecret();

// The Standard Webhooks schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
// 10 h, 10 h (milliseconds before each attempt).
std::vector<int64_t> DefaultRetrySchedule();
// "0,5,300" (seconds before each attempt, 1–20 entries, each 0–86400) into
// milliseconds; errors name the setting `webhooks-retry-schedule`.
core::Result<std::vector<int64_t>> ParseRetrySchedule(std::string_view text);

struct WebhookOptions {
  // Deliver to loopback, private and link-local addresses too (tests, and
  // installations whose receivers sit on the same network). Off by default
  // against server-side request forgery.
  bool allow_private = false;
  std::vector<int64_t> retry_schedule_ms = DefaultRetrySchedule();
  int dispatchers = 2;                            // threads sending at once
  std::chrono::milliseconds timeout{15000};       // one attempt, connect included
  std::chrono::milliseconds poll_interval{1000};  // how often idle dispatchers look for due work
};

// What a caller asks for when registering an endpoint.
struct WebhookSpec {
  std::string url;
  std::optional<std::vector<std::string>> events;  // default: every video event
  std::string description;
  bool installation = false;  // an installation-wide endpoint (administrators only)
};

class WebhookService {
 public:
  WebhookService(store::Store& store, const core::Clock& clock, net::HttpClient& client,
                 WebhookOptions options);
  ~WebhookService();  // calls Stop()
  WebhookService(const WebhookService&) = delete;
  WebhookService& operator=(const WebhookService&) = delete;

  // Endpoints. A member manages their own; an installation key manages the
  // installation-wide ones, and so may an administrator. Endpoints the
  // caller may not manage are kNotFound, as if they did not exist.
  core::Result<store::WebhookEndpoint> Create(const social::Principal& who,
                                              const WebhookSpec& spec);
  // The caller's endpoints (an administrator's list adds the installation's), oldest first.
  core::Result<std::vector<store::WebhookEndpoint>> List(const social::Principal& who);
  core::Result<store::WebhookEndpoint> Get(const social::Principal& who, const std::string& id);
  core::Status Delete(const social::Principal& who, const std::string& id);
  // A new secret; the old one stops signing at once.
  core::Result<store::WebhookEndpoint> RotateSecret(const social::Principal& who,
                                                    const std::string& id);
  core::Result<store::Page<store::WebhookDelivery>> Deliveries(const social::Principal& who,
                                                               const std::string& id,
                                                               const std::string& after, int limit);
  // Queues a webhook.test event for the endpoint, due now.
  core::Result<store::WebhookDelivery> SendTest(const social::Principal& who,
                                                const std::string& id);

  // Queues video.completed / video.failed for a finished generation to its
  // owner's endpoints and the installation's that subscribe to it. Other
  // statuses queue nothing. Failures are logged, not returned: a finished
  // job must not fail because a webhook could not be queued.
  void Enqueue(const store::Generation& generation);

  // Starts and stops the dispatcher threads. Stop() waits for attempts in
  // flight (bounded by the timeout); a delivery interrupted by a crash is
  // retried once its lease runs out.
  void Start();
  void Stop();

  // One dispatcher round on the calling thread: claims up to `limit` due
  // deliveries, sends them and records the outcomes. Returns how many were
  // claimed.
  core::Result<int> DispatchOnce(int limit);

 private:
  core::Result<store::WebhookEndpoint> Owned(const social::Principal& who, const std::string& id);
  core::Status Queue(std::vector<store::WebhookDelivery> deliveries);
  void Deliver(const store::ClaimedDelivery& claimed);
  void DispatcherLoop();

  store::Store& store_;
  const core::Clock& clock_;
  net::HttpClient& client_;
  const WebhookOptions options_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  int64_t wakeups_ = 0;    // guarded by mu_; bumped when work is queued
  std::vector<std::thread> dispatchers_;
};

// Whether `url` may be a webhook endpoint: http or https, no credentials or
// fragment, at most 2048 bytes, and unless allow_private, a host that
// resolves only to public addresses. Errors are kInvalidArgument on "url".
core::Status ValidateWebhookUrl(std::string_view url, bool allow_private);

}  // namespace kinora::jobs
