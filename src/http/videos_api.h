// /v1/videos: the OpenAI-compatible Videos API (wire format of the OpenAI
// SDKs' `client.videos`), backed by the generation service.
//
//   POST /v1/videos                 create (JSON, multipart or urlencoded)
//   GET  /v1/videos/{id}            retrieve
//   GET  /v1/videos/{id}/content    download the MP4 (?variant=video)
//
// Kinora extensions on create: `seed` (integer) and `storyboard` (object).
#pragma once

#include <nlohmann/json.hpp>

#include "http/auth.h"
#include "http/router.h"
#include "jobs/generation_service.h"

namespace kinora::http {

// Every route needs a caller (an API key or a session): a member's
// generations are theirs alone (others get 404); installation keys see all.
void AddVideoRoutes(Router& router, jobs::GenerationService& service, const Authenticator& auth);

// The API's video object for a stored generation.
nlohmann::json VideoObject(const store::Generation& g);

}  // namespace kinora::http
