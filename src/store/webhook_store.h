// WebhookStore: webhook endpoints, the durable queue of their deliveries
// and the log of every delivery attempt.
//
// A delivery is one event for one endpoint; its id is the message id sent as
// `webhook-id`, the same on every attempt. Deliveries move pending →
// delivered | failed. Several dispatchers (threads or processes on one
// database) share the queue: a claim leases due deliveries until a deadline,
// and `attempts`, raised by each claim, fences the claimer's later write, so
// a dispatcher whose lease ran out cannot overwrite a newer attempt. Rows
// survive restarts; an expired lease makes a delivery claimable again.
//
// Data access only: validation and authorization live in jobs/webhooks.h.
// Implementations are thread-safe. Times are Unix milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/social_store.h"

namespace kinora::store {

struct WebhookEndpoint {
  std::string id;                       // "wh_…"
  std::optional<std::string> owner_id;  // nullopt: installation-wide, receives every event
  std::string url;
  std::string secret;               // "whsec_<base64>"
  std::vector<std::string> events;  // event types it receives, e.g. "video.completed"
  std::string description;
  int64_t created_at = 0;
  std::optional<int64_t> disabled_at;  // disabled endpoints get no new deliveries
};

enum class DeliveryStatus { kPending, kDelivered, kFailed };

std::string_view DeliveryStatusName(DeliveryStatus status);  // "pending", "delivered", "failed"
std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view name);

// One try at sending a delivery.
struct WebhookAttempt {
  std::string delivery_id;
  int attempt = 0;                 // 1-based
  int64_t at = 0;                  // when the request started
  std::optional<int> status_code;  // the HTTP status; nullopt when no response came
  std::string error;               // why it did not succeed; "" on success
  int64_t duration_ms = 0;
  std::string response_excerpt;  // the start of the response body
};

struct WebhookDelivery {
  std::string id;  // "msg_…": the message id
  std::string endpoint_id;
  std::string event_type;
  std::string payload;  // the JSON body, sent byte for byte on every attempt
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;             // claims so far
  int64_t next_attempt_at = 0;  // due time while pending
  std::optional<int64_t> lease_expires_at;
  int64_t created_at = 0;
  std::optional<int64_t> delivered_at;
  std::vector<WebhookAttempt> log;  // filled by ListWebhookDeliveries, oldest first
};

// A delivery taken by ClaimWebhookDeliveries, with where to send it.
struct ClaimedDelivery {
  WebhookDelivery delivery;  // attempts already counts this claim
  WebhookEndpoint endpoint;
};

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // kAlreadyExists when the id is taken; kFailedPrecondition when the owner
  // is not a member.
  virtual core::Status CreateWebhookEndpoint(const WebhookEndpoint& endpoint) = 0;
  virtual core::Result<WebhookEndpoint> GetWebhookEndpoint(const std::string& id) = 0;
  // A member's endpoints, or the installation-wide ones when owner_id is
  // nullopt; oldest first.
  virtual core::Result<std::vector<WebhookEndpoint>> ListWebhookEndpoints(
      const std::optional<std::string>& owner_id) = 0;
  // The live endpoints an event of `owner_id`'s generation goes to: theirs
  // and the installation-wide ones (only the latter when owner_id is nullopt).
  virtual core::Result<std::vector<WebhookEndpoint>> WebhookTargets(
      const std::optional<std::string>& owner_id) = 0;
  virtual core::Status SetWebhookSecret(const std::string& id, const std::string& secret) = 0;
  // Deletes the endpoint with its deliveries and their log; kNotFound when absent.
  virtual core::Status DeleteWebhookEndpoint(const std::string& id) = 0;

  // Queues the deliveries in one transaction (status, attempts and lease as given).
  virtual core::Status EnqueueWebhookDeliveries(const std::vector<WebhookDelivery>& deliveries) = 0;
  // Takes up to `limit` pending deliveries that are due at `now` and not
  // leased, earliest due first: each gets attempts + 1 and a lease until
  // now + lease_ms. Concurrent claimers never take the same delivery.
  virtual core::Result<std::vector<ClaimedDelivery>> ClaimWebhookDeliveries(int64_t now,
                                                                            int64_t lease_ms,
                                                                            int limit) = 0;
  // Logs attempt `a` of a claimed delivery (a.attempt is the claim's
  // attempts) and settles it in one transaction: kDelivered (delivered_at =
  // a.at + a.duration_ms), kPending (due again at next_attempt_at) or
  // kFailed (given up). Releases the lease. kFailedPrecondition when the
  // delivery is no longer pending at that attempt (the lease was lost and
  // another claim followed); nothing is written then.
  virtual core::Status RecordWebhookAttempt(const WebhookAttempt& a, DeliveryStatus outcome,
                                            int64_t next_attempt_at) = 0;
  // An endpoint's deliveries, newest first, each with its attempt log.
  virtual core::Result<Page<WebhookDelivery>> ListWebhookDeliveries(const std::string& endpoint_id,
                                                                    const std::string& after,
                                                                    int limit) = 0;
};

}  // namespace kinora::store
