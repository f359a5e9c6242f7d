#include "app/serve_config.h"

#include <cctype>
#include <charconv>

#include "core/parse.h"
#include "http/server.h"

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
  layers.SetDefault("invites", "required");
  layers.SetDefault("allowed-countries", "");
  layers.SetDefault("secure-cookies", "false");
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
  const std::string secure = layers.GetOr("secure-cookies", "false");
  if (secure != "true" && secure != "false") {
    return core::InvalidArgument("--secure-cookies must be true or false (got '" + secure + "')",
                                 "secure-cookies");
  }
  c.secure_cookies = secure == "true";
  return c;
}

}  // namespace kinora::app
