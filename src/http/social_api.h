// /api: the web app's API over the social domain — joining, sessions, API
// keys, profiles, the graph, videos, comments, notifications (with a live
// Server-Sent Events stream) and administration. See docs/api.md.
#pragma once

#include <memory>

#include "http/auth.h"
#include "http/router.h"
#include "social/accounts.h"
#include "social/graph.h"
#include "social/notifications.h"
#include "social/videos.h"
#include "store/blob_store.h"

namespace kinora::http {

struct SocialServices {
  social::AccountService& accounts;
  social::GraphService& graph;
  social::VideoService& videos;
  social::NotificationService& notifications;
  store::BlobStore& blobs;
  const Authenticator& auth;
};

// Registers the routes; the returned object holds their state and must
// outlive the router's use (keep it beside the router).
std::shared_ptr<void> AddSocialRoutes(Router& router, const SocialServices& services);

}  // namespace kinora::http
