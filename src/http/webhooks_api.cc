#include "http/webhooks_api.h"

#include <nlohmann/json.hpp>

#include "http/api_util.h"

namespace kinora::http {
namespace {

using nlohmann::json;
using social::Principal;

json Nullable(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json EndpointJson(const store::WebhookEndpoint& e) {
  return {{"id", e.id},
          {"object", "webhook_endpoint"},
          {"url", e.url},
          {"events", e.events},
          {"description", e.description},
          {"scope", e.owner_id ? "member" : "installation"},
          {"created_at", e.created_at},
          {"disabled_at", Nullable(e.disabled_at)}};
}

// The endpoint with its secret: only when it is made or rotated.
json EndpointWithSecret(const store::WebhookEndpoint& e) {
  json j = EndpointJson(e);
  j["secret"] = e.secret;
  return j;
}

json AttemptJson(const store::WebhookAttempt& a) {
  return {{"attempt", a.attempt},
          {"at", a.at},
          {"status_code", a.status_code ? json(*a.status_code) : json(nullptr)},
          {"error", a.error},
          {"duration_ms", a.duration_ms},
          {"response_excerpt", a.response_excerpt}};
}

json DeliveryJson(const store::WebhookDelivery& d) {
  json attempts = json::array();
  for (const auto& a : d.log) attempts.push_back(AttemptJson(a));
  const bool pending = d.status == store::DeliveryStatus::kPending;
  // The payload is the event exactly as sent; it is our own JSON.
  json event = json::parse(d.payload, nullptr, /*allow_exceptions=*/false);
  return {{"id", d.id},
          {"object", "webhook_delivery"},
          {"event_type", d.event_type},
          {"event", event.is_discarded() ? json(d.payload) : event},
          {"status", store::DeliveryStatusName(d.status)},
          {"attempt_count", d.attempts},
          {"next_attempt_at", pending ? json(d.next_attempt_at) : json(nullptr)},
          {"created_at", d.created_at},
          {"delivered_at", Nullable(d.delivered_at)},
          {"attempts", attempts}};
}

core::Result<jobs::WebhookSpec> ReadSpec(const Request& r) {
  KINORA_ASSIGN_OR_RETURN(json body, Body(r, {"url", "events", "description", "installation"}));
  jobs::WebhookSpec spec;
  KINORA_ASSIGN_OR_RETURN(spec.url, ReqString(body, "url"));
  KINORA_ASSIGN_OR_RETURN(auto description, OptString(body, "description"));
  spec.description = description.value_or("");
  if (body.contains("events") && !body["events"].is_null()) {
    const json& events = body["events"];
    if (!events.is_array()) {
      return core::InvalidArgument("events must be an array of event types", "events");
    }
    std::vector<std::string> names;
    for (const json& e : events) {
      if (!e.is_string()) {
        return core::InvalidArgument("events must be an array of event types", "events");
      }
      names.push_back(e.get<std::string>());
    }
    spec.events = std::move(names);
  }
  if (body.contains("installation") && !body["installation"].is_null()) {
    if (!body["installation"].is_boolean()) {
      return core::InvalidArgument("installation must be true or false", "installation");
    }
    spec.installation = body["installation"].get<bool>();
  }
  return spec;
}

}  // namespace

void AddWebhookRoutes(Router& router, jobs::WebhookService& webhooks, const Authenticator& auth) {
  using P = const Principal&;
  jobs::WebhookService* w = &webhooks;
  router.Add("POST", "/api/webhooks", Authed(auth, [w](Request& r, P who) {
               auto spec = ReadSpec(r);
               if (!spec.ok()) return ErrorFor(spec.error());
               auto made = w->Create(who, *spec);
               if (!made.ok()) return ErrorFor(made.error());
               return JsonResponse(201, EndpointWithSecret(*made));
             }));
  router.Add("GET", "/api/webhooks", Authed(auth, [w](Request& r, P who) {
               auto list = w->List(who);
               if (!list.ok()) return ErrorFor(list.error());
               return Paged(
                   r, std::move(*list), [](const store::WebhookEndpoint& e) { return e.id; },
                   EndpointJson);
             }));
  router.Add("GET", "/api/webhooks/{id}", Authed(auth, [w](Request& r, P who) {
               auto e = w->Get(who, r.params["id"]);
               if (!e.ok()) return ErrorFor(e.error());
               return JsonResponse(200, EndpointJson(*e));
             }));
  router.Add("DELETE", "/api/webhooks/{id}", Authed(auth, [w](Request& r, P who) {
               auto s = w->Delete(who, r.params["id"]);
               return s.ok() ? NoContent() : ErrorFor(s.error());
             }));
  router.Add("POST", "/api/webhooks/{id}/rotate-secret", Authed(auth, [w](Request& r, P who) {
               auto body = Body(r, {});
               if (!body.ok()) return ErrorFor(body.error());
               auto e = w->RotateSecret(who, r.params["id"]);
               if (!e.ok()) return ErrorFor(e.error());
               return JsonResponse(200, EndpointWithSecret(*e));
             }));
  router.Add("GET", "/api/webhooks/{id}/deliveries", Authed(auth, [w](Request& r, P who) {
               auto args = ReadList(r);
               if (!args.ok()) return ErrorFor(args.error());
               auto page = w->Deliveries(who, r.params["id"], args->after, args->limit);
               if (!page.ok()) return ErrorFor(page.error());
               return JsonResponse(200, ListJson(*page, DeliveryJson));
             }));
  router.Add("POST", "/api/webhooks/{id}/test", Authed(auth, [w](Request& r, P who) {
               auto body = Body(r, {});
               if (!body.ok()) return ErrorFor(body.error());
               auto d = w->SendTest(who, r.params["id"]);
               if (!d.ok()) return ErrorFor(d.error());
               return JsonResponse(202, DeliveryJson(*d));
             }));
}

}  // namespace kinora::http
