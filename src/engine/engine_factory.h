// The one place an Engine is chosen and built from settings: `kinora serve`
// and benchmarks name an engine kind and get it ready to use.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "engine/engine.h"

namespace kinora::engine {

struct EngineConfig {
  // "local" (the built-in renderer), "noop" (a fixed tiny clip, for
  // benchmarks and queue tests) or "openai-compatible" (an upstream Videos
  // API; the fields below are for it).
  std::string kind = "local";
  std::string url;      // the upstream API base, e.g. https://api.openai.com/v1
  std::string api_key;  // the upstream's key
  std::string model;    // the upstream model; empty: the upstream's default
  // Map requests to OpenAI's seconds (4, 8, 12) and sizes; off for an
  // upstream that accepts any (such as Kinora), which is then also sent the seed.
  bool strict = true;
  std::chrono::milliseconds poll_interval{2000};
  std::chrono::seconds timeout{3600};  // one whole upstream job
};

// Checks the settings without building anything; errors name the setting.
core::Status ValidateEngineConfig(const EngineConfig& config);

// Builds the configured engine. The local engine forks a helper process, so
// call this while the process has a single thread.
core::Result<std::unique_ptr<Engine>> NewEngine(const EngineConfig& config);

}  // namespace kinora::engine
