#include "app/serve_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <thread>

#include "core/parse.h"
#include "http/server.h"
#include "jobs/webhooks.h"

namespace kinora::app {
namespace {

core::Result<int64_t> ReadInt(const core::ConfigLayers& layers, std::string_view key, int64_t min,
                              int64_t max) {
  const std::string v = layers.GetOr(key, "");
  int64_t out = 0;
  if (!core::ParseNumber(v, out) || out < min || out > max) {
    return core::InvalidArgument("--" + std::string(key) + " must be a whole number from " +
                                     std::to_string(min) + " to " + std::to_string(max) +
                                     " (got '" + v + "')",
                                 std::string(key));
  }
  return out;
}

core::Result<bool> ReadBool(const core::ConfigLayers& layers, std::string_view key,
                            std::string_view fallback) {
  const std::string v = layers.GetOr(key, std::string(fallback));
  if (v != "true" && v != "false") {
    return core::InvalidArgument(
        "--" + std::string(key) + " must be true or false (got '" + v + "')", std::string(key));
  }
  return v == "true";
}

}  // namespace

core::Result<engine::EngineConfig> ReadEngineConfig(const core::ConfigLayers& layers) {
  engine::EngineConfig e;
  e.kind = layers.GetOr("engine", "local");
  e.url = layers.GetOr("engine-url", "");
  e.api_key = layers.GetOr("engine-api-key", "");
  e.model = layers.GetOr("engine-model", "");
  KINORA_ASSIGN_OR_RETURN(e.strict, ReadBool(layers, "engine-strict", "true"));
  KINORA_ASSIGN_OR_RETURN(int64_t poll_ms, ReadInt(layers, "engine-poll-ms", 10, 600'000));
  KINORA_ASSIGN_OR_RETURN(int64_t timeout, ReadInt(layers, "engine-timeout", 1, 7 * 24 * 3600));
  e.poll_interval = std::chrono::milliseconds(poll_ms);
  e.timeout = std::chrono::seconds(timeout);
  KINORA_RETURN_IF_ERROR(engine::ValidateEngineConfig(e));
  return e;
}

void AddEngineDefaults(core::ConfigLayers& layers) {
  layers.SetDefault("engine", "local");
  layers.SetDefault("engine-url", "");
  layers.SetDefault("engine-api-key", "");
  layers.SetDefault("engine-model", "");
  layers.SetDefault("engine-strict", "true");
  layers.SetDefault("engine-poll-ms", "2000");
  layers.SetDefault("engine-timeout", "3600");
}

std::string DefaultDbUrl(const std::string& data_dir) {
  return "sqlite:" + data_dir + "/kinora.db";
}

void AddServeDefaults(core::ConfigLayers& layers) {
  layers.SetDefault("data-dir", "./var");
  layers.SetDefault("listen", "127.0.0.1:8080");
  layers.SetDefault("web-dir", "web/dist");
  // As many generations at once as there are cores: each job's frames are
  // drawn one at a time process-wide, but planning, sound and encoding overlap.
  layers.SetDefault(
      "workers", std::to_string(std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 64)));
  layers.SetDefault("lease-seconds", "30");
  layers.SetDefault("http-threads", "2");
  layers.SetDefault("max-body-bytes", std::to_string(8 * 1024 * 1024));
  layers.SetDefault("rate-limit", "600");
  layers.SetDefault("rate-limit-burst", "120");
  layers.SetDefault("invites", "required");
  layers.SetDefault("allowed-countries", "");
  layers.SetDefault("secure-cookies", "false");
  layers.SetDefault("webhooks-allow-private", "false");
  layers.SetDefault("webhooks-retry-schedule", "");
  AddEngineDefaults(layers);
}

core::Result<ServeConfig> ResolveServeConfig(const core::ConfigLayers& layers) {
  ServeConfig c;
  c.data_dir = layers.GetOr("data-dir", "./var");
  if (c.data_dir.empty()) return core::InvalidArgument("--data-dir must not be empty", "data-dir");
  c.db_url = layers.GetOr("db", DefaultDbUrl(c.data_dir));
  KINORA_ASSIGN_OR_RETURN(auto listen, http::ParseListenAddress(layers.GetOr("listen", "")));
  c.listen_host = listen.first;
  c.listen_port = listen.second;
  c.web_dir = layers.GetOr("web-dir", "web/dist");
  KINORA_ASSIGN_OR_RETURN(int64_t workers, ReadInt(layers, "workers", 0, 64));
  KINORA_ASSIGN_OR_RETURN(int64_t lease_seconds, ReadInt(layers, "lease-seconds", 1, 3600));
  c.lease_ms = lease_seconds * 1000;
  KINORA_ASSIGN_OR_RETURN(int64_t threads, ReadInt(layers, "http-threads", 1, 64));
  KINORA_ASSIGN_OR_RETURN(int64_t body, ReadInt(layers, "max-body-bytes", 1024, int64_t{1} << 32));
  c.workers = static_cast<int>(workers);
  c.http_threads = static_cast<int>(threads);
  c.max_body_bytes = static_cast<size_t>(body);
  KINORA_ASSIGN_OR_RETURN(int64_t rate, ReadInt(layers, "rate-limit", 0, 1'000'000));
  KINORA_ASSIGN_OR_RETURN(int64_t burst, ReadInt(layers, "rate-limit-burst", 1, 1'000'000));
  c.rate_limit_per_minute = static_cast<int>(rate);
  c.rate_limit_burst = static_cast<int>(burst);
  const std::string invites = layers.GetOr("invites", "required");
  if (invites != "required" && invites != "open") {
    return core::InvalidArgument("--invites must be required or open (got '" + invites + "')",
                                 "invites");
  }
  c.invites_required = invites == "required";
  const std::string countries = layers.GetOr("allowed-countries", "");
  size_t at = 0;
  while (at < countries.size()) {
    size_t comma = countries.find(',', at);
    if (comma == std::string::npos) comma = countries.size();
    std::string code = countries.substr(at, comma - at);
    std::erase(code, ' ');
    if (!code.empty()) {
      if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
          !std::isalpha(static_cast<unsigned char>(code[1]))) {
        return core::InvalidArgument(
            "--allowed-countries must be two-letter country codes separated by commas, e.g. "
            "US,FR (got '" +
                code + "')",
            "allowed-countries");
      }
      for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      c.allowed_countries.push_back(code);
    }
    at = comma + 1;
  }
  KINORA_ASSIGN_OR_RETURN(c.secure_cookies, ReadBool(layers, "secure-cookies", "false"));
  KINORA_ASSIGN_OR_RETURN(c.webhooks_allow_private,
                          ReadBool(layers, "webhooks-allow-private", "false"));
  if (const std::string schedule = layers.GetOr("webhooks-retry-schedule", ""); !schedule.empty()) {
    KINORA_ASSIGN_OR_RETURN(c.webhooks_retry_schedule_ms, jobs::ParseRetrySchedule(schedule));
  }
  KINORA_ASSIGN_OR_RETURN(c.engine, ReadEngineConfig(layers));
  return c;
}

}  // namespace kinora::app
