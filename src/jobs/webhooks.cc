#include "jobs/webhooks.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sodium.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/id.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/utf8.h"

namespace kinora::jobs {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr size_t kSecretBytes = 32;
constexpr size_t kMaxUrlBytes = 2048;
constexpr size_t kMaxDescriptionBytes = 500;
constexpr size_t kMaxEndpointsPerOwner = 20;
constexpr size_t kExcerptBytes = 1024;
constexpr int64_t kMaxResponseBytes = 1 << 20;
// A claim outlives the attempt it covers, so no one else takes a delivery
// while its request is still in flight.
constexpr int64_t kLeaseMarginMs = 30'000;

std::string Base64(const unsigned char* data, size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// ------------------------------------------------------------ destinations

bool IsPublicV4(const uint8_t a[4]) {
  if (a[0] == 0 || a[0] == 10 || a[0] == 127) return false;  // this network, private, loopback
  if (a[0] == 100 && (a[1] & 0xC0) == 64) return false;      // carrier-grade NAT 100.64/10
  if (a[0] == 169 && a[1] == 254) return false;              // link-local (cloud metadata)
  if (a[0] == 172 && (a[1] & 0xF0) == 16) return false;      // private 172.16/12
  if (a[0] == 192 && a[1] == 168) return false;              // private 192.168/16
  if (a[0] == 192 && a[1] == 0 && a[2] == 0) return false;   // IETF protocol assignments
  if (a[0] == 198 && (a[1] & 0xFE) == 18) return false;      // benchmarking 198.18/15
  if (a[0] >= 224) return false;                             // multicast, reserved, broadcast
  return true;
}

bool IsPublicV6(const uint8_t a[16]) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
  // IPv4 addresses written as IPv6 lead where their IPv4 form does.
  if (std::equal(kMapped, kMapped + 12, a) || std::equal(kNat64, kNat64 + 12, a)) {
    return IsPublicV4(a + 12);
  }
  if (std::all_of(a, a + 15, [](uint8_t b) { return b == 0; })) return false;  // :: and ::1
  if ((a[0] & 0xFE) == 0xFC) return false;                  // unique local fc00::/7
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return false;  // link-local fe80::/10
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return false;  // site-local fec0::/10
  if (a[0] == 0xFF) return false;                           // multicast
  return true;
}

// kInvalidArgument unless every address `host` resolves to is public. A
// name that does not resolve is refused too: it cannot be checked.
core::Status CheckPublicHost(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0) {
    return core::InvalidArgument(
        "the webhook URL's host '" + host + "' does not resolve: " + ::gai_strerror(rc), "url");
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    bool ok = true;
    if (ai->ai_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      ok = IsPublicV4(reinterpret_cast<const uint8_t*>(&in->sin_addr));
    } else if (ai->ai_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      ok = IsPublicV6(reinterpret_cast<const uint8_t*>(&in6->sin6_addr));
    }
    if (!ok) {
      return core::InvalidArgument("the webhook URL's host '" + host +
                                       "' is a loopback, private or link-local address; webhooks "
                                       "go to public addresses only",
                                   "url");
    }
  }
  return core::Ok();
}

// ------------------------------------------------------------------ events

// The event body: OpenAI's webhook event, keys in its order.
std::string EventPayload(std::string_view type, const std::string& subject_id,
                         const core::Clock& clock) {
  nlohmann::ordered_json event;
  event["id"] = core::NewId("evt", clock);
  event["object"] = "event";
  event["created_at"] = clock.UnixSeconds();
  event["type"] = type;
  event["data"] = {{"id", subject_id}};
  return event.dump();
}

store::WebhookDelivery NewDelivery(const std::string& endpoint_id, std::string_view type,
                                   std::string payload, const core::Clock& clock) {
  store::WebhookDelivery d;
  d.id = core::NewId("msg", clock);
  d.endpoint_id = endpoint_id;
  d.event_type = type;
  d.payload = std::move(payload);
  d.next_attempt_at = clock.UnixMillis();
  d.created_at = d.next_attempt_at;
  return d;
}

core::Result<std::vector<std::string>> ValidateEvents(const std::vector<std::string>& events) {
  if (events.empty()) {
    return core::InvalidArgument("events must name at least one event type", "events");
  }
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (e != kVideoCompleted && e != kVideoFailed) {
      return core::InvalidArgument(
          "unknown event type '" + e + "'; expected video.completed or video.failed", "events");
    }
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  }
  return out;
}

bool Manages(const social::Principal& who, const store::WebhookEndpoint& e) {
  if (e.owner_id) return who.is_member() && *e.owner_id == who.user_id();
  return who.is_admin();
}

// The start of a response body as valid UTF-8, for the log.
std::string Excerpt(std::string_view body) {
  std::string_view head = body.substr(0, kExcerptBytes);
  return core::EncodeUtf8(core::DecodeUtf8(head, core::Utf8Errors::kReplace));
}

}  // namespace

// ------------------------------------------------------------------ public

core::Result<std::string> SignWebhook(std::string_view secret, std::string_view msg_id,
                                      int64_t timestamp, std::string_view body) {
  if (!secret.starts_with(kSecretPrefix)) {
    return core::InvalidArgument("a webhook secret starts with whsec_", "secret");
  }
  const std::string_view encoded = secret.substr(kSecretPrefix.size());
  std::vector<unsigned char> key(encoded.size());
  size_t key_size = 0;
  if (encoded.empty() ||
      sodium_base642bin(key.data(), key.size(), encoded.data(), encoded.size(), nullptr, &key_size,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return core::InvalidArgument("a webhook secret is whsec_ followed by base64", "secret");
  }
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key_size);
  const std::string ts = std::to_string(timestamp);
  auto update = [&](std::string_view part) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
  };
  update(msg_id);
  update(".");
  update(ts);
  update(".");
  update(body);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(key.data(), key.size());
  return "v1," + Base64(mac.data(), mac.size());
}

std::string NewWebhookSecret() {
  if (sodium_init() < 0) std::abort();  // no usable randomness: nothing safe to do
  std::array<unsigned char, kSecretBytes> raw;
  randombytes_buf(raw.data(), raw.size());
  return std::string(kSecretPrefix) + Base64(raw.data(), raw.size());
}

std::vector<int64_t> DefaultRetrySchedule() {
  constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute;
  return {0, 5'000, 5 * kMinute, 30 * kMinute, 2 * kHour, 5 * kHour, 10 * kHour, 10 * kHour};
}

core::Result<std::vector<int64_t>> ParseRetrySchedule(std::string_view text) {
  const auto bad = [&](std::string why) {
    return core::InvalidArgument(
        "--webhooks-retry-schedule must be 1 to 20 comma-separated "
        "delays in seconds, each 0 to 86400, e.g. 0,5,300 (" +
            why + ")",
        "webhooks-retry-schedule");
  };
  std::vector<int64_t> out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t comma = text.find(',', at);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(at, comma - at);
    int64_t seconds = 0;
    if (!core::ParseNumber(item, seconds) || seconds < 0 || seconds > 86'400) {
      return bad("got '" + std::string(item) + "'");
    }
    out.push_back(seconds * 1000);
    at = comma + 1;
  }
  if (out.size() > 20) return bad("got " + std::to_string(out.size()));
  return out;
}

core::Status ValidateWebhookUrl(std::string_view url, bool allow_private) {
  if (url.empty()) return core::InvalidArgument("url must not be empty", "url");
  if (url.size() > kMaxUrlBytes) {
    return core::InvalidArgument("url must be at most " + std::to_string(kMaxUrlBytes) + " bytes",
                                 "url");
  }
  if (url.find('#') != std::string_view::npos) {
    return core::InvalidArgument("url must not have a #fragment", "url");
  }
  KINORA_ASSIGN_OR_RETURN(net::ParsedUrl parsed, net::ParseUrl(url));
  if (allow_private) return core::Ok();
  return CheckPublicHost(parsed.host);
}

WebhookService::WebhookService(store::Store& store, const core::Clock& clock,
                               net::HttpClient& client, WebhookOptions options)
    : store_(store), clock_(clock), client_(client), options_(std::move(options)) {}

WebhookService::~WebhookService() { Stop(); }

// ---------------------------------------------------------------- endpoints

core::Result<store::WebhookEndpoint> WebhookService::Create(const social::Principal& who,
                                                            const WebhookSpec& spec) {
  store::WebhookEndpoint e;
  if (spec.installation && !who.is_admin()) {
    return core::Error{core::ErrorCode::kPermissionDenied,
                       "only administrators manage installation-wide webhooks", "installation"};
  }
  if (spec.installation || !who.is_member()) {
    e.owner_id = std::nullopt;
  } else {
    e.owner_id = who.user_id();
  }
  KINORA_RETURN_IF_ERROR(ValidateWebhookUrl(spec.url, options_.allow_private));
  KINORA_ASSIGN_OR_RETURN(e.events, ValidateEvents(spec.events.value_or(std::vector<std::string>{
                                        std::string(kVideoCompleted), std::string(kVideoFailed)})));
  if (spec.description.size() > kMaxDescriptionBytes) {
    return core::InvalidArgument(
        "description must be at most " + std::to_string(kMaxDescriptionBytes) + " bytes",
        "description");
  }
  if (core::EncodeUtf8(core::DecodeUtf8(spec.description)) != spec.description) {
    return core::InvalidArgument("description must be valid UTF-8", "description");
  }
  KINORA_ASSIGN_OR_RETURN(auto existing, store_.ListWebhookEndpoints(e.owner_id));
  if (existing.size() >= kMaxEndpointsPerOwner) {
    return core::Error{
        core::ErrorCode::kResourceExhausted,
        "at most " + std::to_string(kMaxEndpointsPerOwner) + " webhook endpoints; delete one first",
        ""};
  }
  e.id = core::NewId("wh", clock_);
  e.url = spec.url;
  e.secret = NewWebhookSecret();
  e.description = spec.description;
  e.created_at = clock_.UnixMillis();
  KINORA_RETURN_IF_ERROR(store_.CreateWebhookEndpoint(e));
  return e;
}

core::Result<std::vector<store::WebhookEndpoint>> WebhookService::List(
    const social::Principal& who) {
  std::vector<store::WebhookEndpoint> out;
  if (who.is_member()) {
    KINORA_ASSIGN_OR_RETURN(out, store_.ListWebhookEndpoints(who.user_id()));
  }
  if (who.is_admin()) {
    KINORA_ASSIGN_OR_RETURN(auto site, store_.ListWebhookEndpoints(std::nullopt));
    out.insert(out.end(), site.begin(), site.end());
  }
  return out;
}

core::Result<store::WebhookEndpoint> WebhookService::Owned(const social::Principal& who,
                                                           const std::string& id) {
  auto e = store_.GetWebhookEndpoint(id);
  if (!e.ok() && e.error().code != core::ErrorCode::kNotFound) return e.error();
  if (!e.ok() || !Manages(who, *e)) return core::NotFound("no such webhook endpoint");
  return e;
}

core::Result<store::WebhookEndpoint> WebhookService::Get(const social::Principal& who,
                                                         const std::string& id) {
  return Owned(who, id);
}

core::Status WebhookService::Delete(const social::Principal& who, const std::string& id) {
  KINORA_RETURN_IF_ERROR(Owned(who, id));
  return store_.DeleteWebhookEndpoint(id);
}

core::Result<store::WebhookEndpoint> WebhookService::RotateSecret(const social::Principal& who,
                                                                  const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::WebhookEndpoint e, Owned(who, id));
  e.secret = NewWebhookSecret();
  KINORA_RETURN_IF_ERROR(store_.SetWebhookSecret(id, e.secret));
  return e;
}

core::Result<store::Page<store::WebhookDelivery>> WebhookService::Deliveries(
    const social::Principal& who, const std::string& id, const std::string& after, int limit) {
  KINORA_RETURN_IF_ERROR(Owned(who, id));
  return store_.ListWebhookDeliveries(id, after, limit);
}

core::Result<store::WebhookDelivery> WebhookService::SendTest(const social::Principal& who,
                                                              const std::string& id) {
  KINORA_RETURN_IF_ERROR(Owned(who, id));
  store::WebhookDelivery d =
      NewDelivery(id, kWebhookTest, EventPayload(kWebhookTest, id, clock_), clock_);
  KINORA_RETURN_IF_ERROR(Queue({d}));
  return d;
}

// ---------------------------------------------------------------- deliveries

void WebhookService::Enqueue(const store::Generation& g) {
  std::string_view type;
  if (g.status == store::GenerationStatus::kCompleted) {
    type = kVideoCompleted;
  } else if (g.status == store::GenerationStatus::kFailed) {
    type = kVideoFailed;
  } else {
    return;
  }
  auto targets = store_.WebhookTargets(g.owner_id);
  if (!targets.ok()) {
    core::LogError("cannot find webhook endpoints",
                   {{"generation", g.id}, {"error", targets.error().ToString()}});
    return;
  }
  const std::string payload = EventPayload(type, g.id, clock_);
  std::vector<store::WebhookDelivery> deliveries;
  for (const auto& e : *targets) {
    if (std::find(e.events.begin(), e.events.end(), type) == e.events.end()) continue;
    deliveries.push_back(NewDelivery(e.id, type, payload, clock_));
  }
  if (auto queued = Queue(std::move(deliveries)); !queued.ok()) {
    core::LogError("cannot queue webhook deliveries",
                   {{"generation", g.id}, {"error", queued.error().ToString()}});
  }
}

core::Status WebhookService::Queue(std::vector<store::WebhookDelivery> deliveries) {
  if (deliveries.empty()) return core::Ok();
  KINORA_RETURN_IF_ERROR(store_.EnqueueWebhookDeliveries(deliveries));
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  wake_.notify_all();
  return core::Ok();
}

core::Result<int> WebhookService::DispatchOnce(int limit) {
  const int64_t lease = options_.timeout.count() + kLeaseMarginMs;
  KINORA_ASSIGN_OR_RETURN(auto claimed,
                          store_.ClaimWebhookDeliveries(clock_.UnixMillis(), lease, limit));
  for (const auto& c : claimed) Deliver(c);
  return static_cast<int>(claimed.size());
}

void WebhookService::Deliver(const store::ClaimedDelivery& claimed) {
  const store::WebhookDelivery& d = claimed.delivery;
  store::WebhookAttempt a;
  a.delivery_id = d.id;
  a.attempt = d.attempts;
  a.at = clock_.UnixMillis();
  // Checked again at each attempt: the name may resolve elsewhere by now.
  core::Status destination = ValidateWebhookUrl(claimed.endpoint.url, options_.allow_private);
  auto signature = SignWebhook(claimed.endpoint.secret, d.id, a.at / 1000, d.payload);
  if (!destination.ok()) {
    a.error = destination.error().message;
  } else if (!signature.ok()) {
    a.error = signature.error().message;
  } else {
    net::HttpRequest request;
    request.method = "POST";
    request.url = claimed.endpoint.url;
    request.headers["Content-Type"] = "application/json";
    request.headers["User-Agent"] = "Kinora-Webhooks/1";
    request.headers["webhook-id"] = d.id;
    request.headers["webhook-timestamp"] = std::to_string(a.at / 1000);
    request.headers["webhook-signature"] = *signature;
    request.body = d.payload;
    request.timeout = options_.timeout;
    request.max_response_bytes = kMaxResponseBytes;
    auto response = client_.Send(request);
    if (!response.ok()) {
      a.error = response.error().ToString();
    } else {
      a.status_code = response->status;
      a.response_excerpt = Excerpt(response->body);
      if (response->status / 100 != 2) a.error = "HTTP " + std::to_string(response->status);
    }
  }
  const int64_t done = clock_.UnixMillis();
  a.duration_ms = done - a.at;

  store::DeliveryStatus outcome = store::DeliveryStatus::kDelivered;
  int64_t next = done;
  const auto& schedule = options_.retry_schedule_ms;
  if (!a.error.empty()) {
    // schedule[k] is the wait before attempt k + 1.
    if (static_cast<size_t>(a.attempt) < schedule.size()) {
      outcome = store::DeliveryStatus::kPending;
      next = done + schedule[a.attempt];
    } else {
      outcome = store::DeliveryStatus::kFailed;
    }
  }
  auto recorded = store_.RecordWebhookAttempt(a, outcome, next);
  if (!recorded.ok()) {
    core::LogWarn("cannot record a webhook attempt", {{"delivery", d.id},
                                                      {"attempt", std::to_string(a.attempt)},
                                                      {"error", recorded.error().ToString()}});
  } else if (outcome == store::DeliveryStatus::kFailed) {
    core::LogWarn("gave up on a webhook delivery",
                  {{"delivery", d.id}, {"endpoint", claimed.endpoint.id}, {"error", a.error}});
  }
}

// ---------------------------------------------------------------- dispatchers

void WebhookService::Start() {
  std::lock_guard lock(mu_);
  if (!dispatchers_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.dispatchers); ++i) {
    dispatchers_.emplace_back([this] { DispatcherLoop(); });
  }
}

void WebhookService::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    threads.swap(dispatchers_);
  }
  wake_.notify_all();
  for (auto& t : threads) t.join();
}

void WebhookService::DispatcherLoop() {
  while (true) {
    int64_t seen = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      seen = wakeups_;
    }
    auto claimed = DispatchOnce(1);
    if (!claimed.ok()) {
      core::LogWarn("cannot claim webhook deliveries", {{"error", claimed.error().ToString()}});
    }
    if (claimed.ok() && *claimed > 0) continue;
    // Idle: wait for new work here, or poll for retries coming due and for
    // work other processes queued.
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, options_.poll_interval, [&] { return stopping_ || wakeups_ != seen; });
  }
}

}  // namespace kinora::jobs
