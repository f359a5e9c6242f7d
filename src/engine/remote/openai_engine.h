// OpenAiEngine: an Engine that forwards each generation to an upstream
// service speaking the OpenAI Videos API (OpenAI itself, or another Kinora).
//
// Generate() submits `POST {url}/videos` (multipart: prompt, model, seconds,
// size, and seed for a non-strict upstream), polls `GET {url}/videos/{id}`
// and reports the upstream's progress, then streams
// `GET {url}/videos/{id}/content` to the request's output path (atomically).
// Rate limits (429, honouring Retry-After) and transient failures (5xx,
// network) are retried with backoff; cancelling deletes the upstream job (best
// effort). The storyboard in the result is planned locally, so the job record
// has a plan even though the upstream renders from the prompt.
//
// Errors: the upstream rejecting the request (400, 404/422 on create, or a
// job failed for its content) is kInvalidArgument with upstream's message;
// a refused API key (401/403), 5xx, network trouble and a job that outlives
// `timeout` are kUnavailable. Thread-safe: concurrent Generate() calls share
// one HttpClient, which gives each its own connection.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "engine/engine.h"

namespace kinora::engine {

struct OpenAiEngineOptions {
  std::string url;      // the API base, e.g. https://api.openai.com/v1 (no trailing /videos)
  std::string api_key;  // sent as "Authorization: Bearer …"; never logged
  std::string model;    // sent as "model" when not empty (OpenAI: sora-2, sora-2-pro)
  // OpenAI accepts only seconds 4, 8 and 12 and four sizes: in strict mode a
  // request is mapped to the nearest of those and no seed is sent. Off for an
  // upstream (such as Kinora) that takes any size, seconds and a seed.
  bool strict = true;
  std::chrono::milliseconds poll_interval{2000};
  std::chrono::seconds timeout{3600};        // one whole job, submit to download
  std::chrono::seconds request_timeout{60};  // one API call (a download gets the job's time left)
  int max_transient_failures = 5;            // consecutive 5xx/network failures before giving up
};

// Checks the options (an http(s) URL without a query, a key, positive
// durations); errors name the serve setting at fault.
core::Status ValidateOpenAiEngineOptions(const OpenAiEngineOptions& options);
core::Result<std::unique_ptr<Engine>> NewOpenAiEngine(OpenAiEngineOptions options);

// The (seconds, width, height) a strict upstream is sent for a request of
// `seconds` at width x height: the nearest allowed duration, and the allowed
// size of the same orientation closest in area.
struct UpstreamShape {
  int seconds = 4;
  int width = 720;
  int height = 1280;
};
UpstreamShape StrictShape(double seconds, int width, int height);

}  // namespace kinora::engine
