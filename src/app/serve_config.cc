#include "app/serve_config.h"

#include <charconv>

#include "http/server.h"

namespace kinora::app {
namespace {

core::Result<int64_t> ReadInt(const core::ConfigLayers& layers, std::string_view key, int64_t min,
                              int64_t max) {
  const std::string v = layers.GetOr(key, "");
  int64_t out = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || r.ec != std::errc() || r.ptr != v.data() + v.size() || out < min || out > max) {
    return core::InvalidArgument("--" + std::string(key) + " must be a whole number from " +
                                     std::to_string(min) + " to " + std::to_string(max) +
                                     " (got '" + v + "')",
                                 std::string(key));
  }
  return out;
}

}  // namespace

std::string DefaultDbUrl(const std::string& data_dir) {
  return "sqlite:" + data_dir + "/kinora.db";
}

void AddServeDefaults(core::ConfigLayers& layers) {
  layers.SetDefault("data-dir", "./var");
  layers.SetDefault("listen", "127.0.0.1:8080");
  layers.SetDefault("web-dir", "web/dist");
  layers.SetDefault("workers", "1");
  layers.SetDefault("http-threads", "2");
  layers.SetDefault("max-body-bytes", std::to_string(8 * 1024 * 1024));
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
  KINORA_ASSIGN_OR_RETURN(int64_t workers, ReadInt(layers, "workers", 1, 64));
  KINORA_ASSIGN_OR_RETURN(int64_t threads, ReadInt(layers, "http-threads", 1, 64));
  KINORA_ASSIGN_OR_RETURN(int64_t body, ReadInt(layers, "max-body-bytes", 1024, int64_t{1} << 32));
  c.workers = static_cast<int>(workers);
  c.http_threads = static_cast<int>(threads);
  c.max_body_bytes = static_cast<size_t>(body);
  return c;
}

}  // namespace kinora::app
