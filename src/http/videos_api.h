// /v1/videos: the OpenAI-compatible Videos API (the wire format of the
// OpenAI SDKs' `client.videos`), backed by the generation service.
//
//   POST   /v1/videos                   create (JSON, multipart or urlencoded)
//   GET    /v1/videos                   list (after, limit, order)
//   GET    /v1/videos/{id}              retrieve
//   DELETE /v1/videos/{id}              delete (a queued job is cancelled first)
//   GET    /v1/videos/{id}/content      the MP4, or ?variant=thumbnail|spritesheet
//   POST   /v1/videos/{id}/remix        a remix of a completed video
//   POST   /v1/videos/extensions        a completed video made longer
//   POST   /v1/videos/edits             a completed video changed by an instruction
//   POST   /v1/videos/{id}/cancel       Kinora: stop a queued or running job
//   GET    /v1/openapi.json             the OpenAPI 3.1 description (no key needed)
//
// Kinora extensions on create: `seed` (integer), `storyboard` (object) and
// `priority` (integer; members may only lower theirs). Every route but the
// document needs a caller and is rate-limited per key (429 + Retry-After).
#pragma once

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/auth.h"
#include "http/router.h"
#include "jobs/generation_service.h"
#include "social/throttle.h"
#include "store/blob_store.h"

namespace kinora::http {

struct VideoApi {
  jobs::GenerationService& service;
  store::BlobStore& blobs;
  const Authenticator& auth;
  social::RateLimiter& limiter;
  const core::Clock& clock;
};

// A member's generations are theirs alone (others get 404); installation
// keys see all.
void AddVideoRoutes(Router& router, const VideoApi& api);

// `h` for an authenticated caller within its rate limit; adds the
// x-ratelimit-* headers. Shared by every /v1 route.
Handler RateLimited(const VideoApi& api, AuthedHandler h);

// The API's video object for a stored generation.
nlohmann::json VideoObject(const store::Generation& g);

// The OpenAPI 3.1 document served at /v1/openapi.json (docs/openapi.json).
std::string_view OpenApiDocument();

}  // namespace kinora::http
