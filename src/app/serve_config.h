// Settings of `kinora serve`, resolved from flags, KINORA_* environment
// variables, an optional JSON config file and built-in defaults (in that
// order of precedence; see docs/configuration.md).
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "engine/engine_factory.h"

namespace kinora::app {

struct ServeConfig {
  std::string data_dir = "./var";
  std::string db_url;  // default sqlite:<data_dir>/kinora.db
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string web_dir = "web/dist";
  int workers = 1;            // 0: only remote workers (`kinora worker`) render
  int64_t lease_ms = 30'000;  // how long a worker's lease lasts without a heartbeat
  int http_threads = 2;
  size_t max_body_bytes = 8 * 1024 * 1024;
  int rate_limit_per_minute = 600;  // per API key or session on /v1; 0: no limit
  int rate_limit_burst = 120;
  bool invites_required = true;                     // "invites": required | open
  std::vector<std::string> allowed_countries;       // empty: sign-up open everywhere
  bool secure_cookies = false;                      // set behind HTTPS
  bool webhooks_allow_private = false;              // webhooks may go to loopback/private addresses
  std::vector<int64_t> webhooks_retry_schedule_ms;  // empty: the Standard Webhooks schedule
  engine::EngineConfig engine;                      // which engine renders ("engine", "engine-*")
};

// Registers every serve setting's default in `layers`.
void AddServeDefaults(core::ConfigLayers& layers);

// Reads and validates the settings; errors name the setting.
core::Result<ServeConfig> ResolveServeConfig(const core::ConfigLayers& layers);

// The engine settings ("engine", "engine-*"), shared with `kinora worker`.
void AddEngineDefaults(core::ConfigLayers& layers);
core::Result<engine::EngineConfig> ReadEngineConfig(const core::ConfigLayers& layers);

// The database URL for a data dir when --db is not given.
std::string DefaultDbUrl(const std::string& data_dir);

}  // namespace kinora::app
