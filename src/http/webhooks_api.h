// /api/webhooks: webhook endpoints for generation events — register, list,
// read, delete, rotate the signing secret, read the delivery log and send a
// test event. Members manage their own endpoints; installation keys and
// administrators manage the installation-wide ones. See docs/api.md
// ("Webhooks").
#pragma once

#include "http/auth.h"
#include "http/router.h"
#include "jobs/webhooks.h"

namespace kinora::http {

// Registers the routes; `webhooks` and `auth` must outlive the router's use.
void AddWebhookRoutes(Router& router, jobs::WebhookService& webhooks, const Authenticator& auth);

}  // namespace kinora::http
