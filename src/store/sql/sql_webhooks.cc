// SqlStore's WebhookStore: endpoints, the delivery queue and the attempt log.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "store/sql/sql_store_impl.h"

namespace kinora::store {

std::string_view DeliveryStatusName(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending: return "pending";
    case DeliveryStatus::kDelivered: return "delivered";
    case DeliveryStatus::kFailed: return "failed";
  }
  return "pending";
}

std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view name) {
  for (auto s : {DeliveryStatus::kPending, DeliveryStatus::kDelivered, DeliveryStatus::kFailed}) {
    if (DeliveryStatusName(s) == name) return s;
  }
  return std::nullopt;
}

namespace sql {
namespace {

constexpr std::string_view kEndpointColumns =
    "id, owner_id, url, secret, events, description, created_at, disabled_at";
constexpr std::string_view kDeliveryColumns =
    "id, endpoint_id, event_type, payload, status, attempts, next_attempt_at, lease_expires_at, "
    "created_at, delivered_at";
constexpr std::string_view kAttemptColumns =
    "delivery_id, attempt, at, status_code, error, duration_ms, response_excerpt";

// Event types never contain commas (the domain checks them against a fixed
// list), so the column holds them comma-separated.
std::string JoinEvents(const std::vector<std::string>& events) {
  std::string out;
  for (const auto& e : events) {
    if (!out.empty()) out += ',';
    out += e;
  }
  return out;
}

std::vector<std::string> SplitEvents(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t comma = text.find(',', at);
    if (comma == std::string::npos) comma = text.size();
    if (comma > at) out.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

WebhookEndpoint ReadEndpoint(const Statement& s) {
  WebhookEndpoint e;
  e.id = s.Text(0);
  if (!s.IsNull(1)) e.owner_id = s.Text(1);
  e.url = s.Text(2);
  e.secret = s.Text(3);
  e.events = SplitEvents(s.Text(4));
  e.description = s.Text(5);
  e.created_at = s.Int(6);
  e.disabled_at = s.OptionalInt(7);
  return e;
}

WebhookDelivery ReadDelivery(const Statement& s) {
  WebhookDelivery d;
  d.id = s.Text(0);
  d.endpoint_id = s.Text(1);
  d.event_type = s.Text(2);
  d.payload = s.Text(3);
  d.status = ParseDeliveryStatus(s.Text(4)).value_or(DeliveryStatus::kPending);
  d.attempts = static_cast<int>(s.Int(5));
  d.next_attempt_at = s.Int(6);
  d.lease_expires_at = s.OptionalInt(7);
  d.created_at = s.Int(8);
  d.delivered_at = s.OptionalInt(9);
  return d;
}

WebhookAttempt ReadAttempt(const Statement& s) {
  WebhookAttempt a;
  a.delivery_id = s.Text(0);
  a.attempt = static_cast<int>(s.Int(1));
  a.at = s.Int(2);
  if (auto code = s.OptionalInt(3)) a.status_code = static_cast<int>(*code);
  a.error = s.Text(4);
  a.duration_ms = s.Int(5);
  a.response_excerpt = s.Text(6);
  return a;
}

core::Result<std::vector<WebhookEndpoint>> ReadEndpoints(Statement& s) {
  std::vector<WebhookEndpoint> out;
  KINORA_RETURN_IF_ERROR(ForEachRow(s, [&] { out.push_back(ReadEndpoint(s)); }));
  return out;
}

}  // namespace

core::Status SqlStore::CreateWebhookEndpoint(const WebhookEndpoint& e) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, Query(c,
                             "INSERT INTO webhook_endpoints (" + std::string(kEndpointColumns) +
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             e.id, e.owner_id, e.url, e.secret, JoinEvents(e.events), e.description,
                             e.created_at, e.disabled_at));
    KINORA_RETURN_IF_ERROR(s->Run());
    return core::Ok();
  });
}

core::Result<WebhookEndpoint> SqlStore::GetWebhookEndpoint(const std::string& id) {
  std::optional<WebhookEndpoint> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c, "SELECT " + std::string(kEndpointColumns) + " FROM webhook_endpoints WHERE id = ?",
              id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = ReadEndpoint(*s);
    return core::Ok();
  }));
  if (!out) return core::NotFound("no such webhook endpoint");
  return std::move(*out);
}

core::Result<std::vector<WebhookEndpoint>> SqlStore::ListWebhookEndpoints(
    const std::optional<std::string>& owner_id) {
  std::vector<WebhookEndpoint> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    const std::string select =
        "SELECT " + std::string(kEndpointColumns) + " FROM webhook_endpoints ";
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, owner_id ? Query(c, select + "WHERE owner_id = ? ORDER BY id", *owner_id)
                                : Query(c, select + "WHERE owner_id IS NULL ORDER BY id"));
    KINORA_ASSIGN_OR_RETURN(out, ReadEndpoints(*s));
    return core::Ok();
  }));
  return out;
}

core::Result<std::vector<WebhookEndpoint>> SqlStore::WebhookTargets(
    const std::optional<std::string>& owner_id) {
  std::vector<WebhookEndpoint> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    // A NULL owner_id parameter matches no member's endpoint.
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c,
                                  "SELECT " + std::string(kEndpointColumns) +
                                      " FROM webhook_endpoints WHERE disabled_at IS NULL AND "
                                      "(owner_id IS NULL OR owner_id = ?) ORDER BY id",
                                  owner_id));
    KINORA_ASSIGN_OR_RETURN(out, ReadEndpoints(*s));
    return core::Ok();
  }));
  return out;
}

core::Status SqlStore::SetWebhookSecret(const std::string& id, const std::string& secret) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c, "UPDATE webhook_endpoints SET secret = ? WHERE id = ?", secret, id));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) return core::NotFound("no such webhook endpoint");
    return core::Ok();
  });
}

core::Status SqlStore::DeleteWebhookEndpoint(const std::string& id) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c, "DELETE FROM webhook_endpoints WHERE id = ?", id));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) return core::NotFound("no such webhook endpoint");
    return core::Ok();
  });
}

core::Status SqlStore::EnqueueWebhookDeliveries(const std::vector<WebhookDelivery>& deliveries) {
  if (deliveries.empty()) return core::Ok();
  const std::string sql = "INSERT INTO webhook_deliveries (" + std::string(kDeliveryColumns) +
                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return pool_->Write([&](Connection& c) -> core::Status {
    for (const auto& d : deliveries) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * s,
          Query(c, sql, d.id, d.endpoint_id, d.event_type, d.payload, DeliveryStatusName(d.status),
                d.attempts, d.next_attempt_at, d.lease_expires_at, d.created_at, d.delivered_at));
      KINORA_RETURN_IF_ERROR(s->Run());
    }
    return core::Ok();
  });
}

core::Result<std::vector<ClaimedDelivery>> SqlStore::ClaimWebhookDeliveries(int64_t now,
                                                                            int64_t lease_ms,
                                                                            int limit) {
  const std::string claim =
      "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_expires_at = ? "
      "WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND "
      "next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?) "
      "ORDER BY next_attempt_at, id LIMIT ?" +
      std::string(pool_->dialect().skip_locked) + ") RETURNING " + std::string(kDeliveryColumns);
  const std::string endpoint =
      "SELECT " + std::string(kEndpointColumns) + " FROM webhook_endpoints WHERE id = ?";
  std::vector<ClaimedDelivery> out;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    out.clear();  // a retried transaction starts over
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, claim, now + lease_ms, now, now, limit));
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back({ReadDelivery(*s), {}}); }));
    for (auto& claimed : out) {
      KINORA_ASSIGN_OR_RETURN(Statement * e, Query(c, endpoint, claimed.delivery.endpoint_id));
      KINORA_ASSIGN_OR_RETURN(bool row, e->Step());
      // The foreign key (ON DELETE CASCADE) keeps every delivery's endpoint.
      if (!row) return core::Internal("a webhook delivery has no endpoint", claimed.delivery.id);
      claimed.endpoint = ReadEndpoint(*e);
      KINORA_RETURN_IF_ERROR(Finish(*e));
    }
    return core::Ok();
  }));
  // RETURNING gives no order; hand them out earliest due first.
  std::sort(out.begin(), out.end(), [](const ClaimedDelivery& a, const ClaimedDelivery& b) {
    return std::tie(a.delivery.next_attempt_at, a.delivery.id) <
           std::tie(b.delivery.next_attempt_at, b.delivery.id);
  });
  return out;
}

core::Status SqlStore::RecordWebhookAttempt(const WebhookAttempt& a, DeliveryStatus outcome,
                                            int64_t next_attempt_at) {
  std::optional<int64_t> delivered_at;
  if (outcome == DeliveryStatus::kDelivered) delivered_at = a.at + a.duration_ms;
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c,
                                  "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, "
                                  "lease_expires_at = NULL, delivered_at = ? "
                                  "WHERE id = ? AND attempts = ? AND status = 'pending'",
                                  DeliveryStatusName(outcome), next_attempt_at, delivered_at,
                                  a.delivery_id, a.attempt));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) {
      return core::FailedPrecondition("webhook delivery " + a.delivery_id +
                                      " is no longer pending at attempt " +
                                      std::to_string(a.attempt));
    }
    KINORA_ASSIGN_OR_RETURN(Statement * log,
                            Query(c,
                                  "INSERT INTO webhook_attempts (" + std::string(kAttemptColumns) +
                                      ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                                  a.delivery_id, a.attempt, a.at, a.status_code, a.error,
                                  a.duration_ms, a.response_excerpt));
    KINORA_RETURN_IF_ERROR(log->Run());
    return core::Ok();
  });
}

core::Result<Page<WebhookDelivery>> SqlStore::ListWebhookDeliveries(const std::string& endpoint_id,
                                                                    const std::string& after,
                                                                    int limit) {
  // Message ids sort by creation time, so the id alone is the cursor.
  const std::string select =
      "SELECT " + std::string(kDeliveryColumns) + " FROM webhook_deliveries WHERE endpoint_id = ? ";
  const std::string attempts = "SELECT " + std::string(kAttemptColumns) +
                               " FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt";
  Page<WebhookDelivery> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, after.empty()
                           ? Query(c, select + "ORDER BY id DESC LIMIT ?", endpoint_id, limit + 1)
                           : Query(c, select + "AND id < ? ORDER BY id DESC LIMIT ?", endpoint_id,
                                   after, limit + 1));
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { page.items.push_back(ReadDelivery(*s)); }));
    TrimPage(page, limit, [](const WebhookDelivery& d) { return d.id; });
    for (auto& d : page.items) {
      KINORA_ASSIGN_OR_RETURN(Statement * a, Query(c, attempts, d.id));
      KINORA_RETURN_IF_ERROR(ForEachRow(*a, [&] { d.log.push_back(ReadAttempt(*a)); }));
    }
    return core::Ok();
  }));
  return page;
}

}  // namespace sql
}  // namespace kinora::store
