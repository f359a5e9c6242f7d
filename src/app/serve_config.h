// Settings of `kinora serve`, resolved from flags, KINORA_* environment
// variables, an optional JSON config file and built-in defaults (in that
// order of precedence; see docs/configuration.md).
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace kinora::app {

struct ServeConfig {
  std::string data_dir = "./var";
  std::string db_url;  // default sqlite:<data_dir>/kinora.db
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string web_dir = "web/dist";
  int workers = 1;
  int http_threads = 2;
  size_t max_body_bytes = 8 * 1024 * 1024;
  bool invites_required = true;                // "invites": required | open
  std::vector<std::string> allowed_countries;  // empty: sign-up open everywhere
  bool secure_cookies = false;                 // set behind HTTPS
};

// Registers every serve setting's default in `layers`.
void AddServeDefaults(core::ConfigLayers& layers);

// Reads and validates the settings; errors name the setting.
core::Result<ServeConfig> ResolveServeConfig(const core::ConfigLayers& layers);

// The database URL for a data dir when --db is not given.
std::string DefaultDbUrl(const std::string& data_dir);

}  // namespace kinora::app
