#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <nlohmann/json.hpp>

namespace kinora::core {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || c == '\n' || c == '\t') return true;
  }
  return false;
}

std::string Render(std::string_view level, std::string_view message,
                   std::initializer_list<LogField> fields) {
  if (g_format.load() == LogFormat::kJson) {
    nlohmann::json j;
    j["level"] = level;
    j["msg"] = message;
    for (const auto& f : fields) j[std::string(f.key)] = f.value;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string out(message);
  for (const auto& f : fields) {
    out += ' ';
    out += f.key;
    out += '=';
    if (NeedsQuotes(f.value)) {
      out += nlohmann::json(f.value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      out += f.value;
    }
  }
  return out;
}

}  // namespace

Status InitLogging(std::string_view level, LogFormat format) {
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") {
    return InvalidArgument("unknown log level '" + std::string(level) +
                               "' (use trace, debug, info, warn, error or off)",
                           "log-level");
  }
  g_format = format;
  spdlog::drop("kinora");
  auto logger = spdlog::stderr_logger_mt("kinora");
  logger->set_level(lvl);
  logger->set_pattern(format == LogFormat::kJson ? "%v" : "%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  return Ok();
}

void LogDebug(std::string_view m, std::initializer_list<LogField> f) {
  if (spdlog::should_log(spdlog::level::debug)) spdlog::debug(Render("debug", m, f));
}
void LogInfo(std::string_view m, std::initializer_list<LogField> f) {
  if (spdlog::should_log(spdlog::level::info)) spdlog::info(Render("info", m, f));
}
void LogWarn(std::string_view m, std::initializer_list<LogField> f) {
  if (spdlog::should_log(spdlog::level::warn)) spdlog::warn(Render("warn", m, f));
}
void LogError(std::string_view m, std::initializer_list<LogField> f) {
  if (spdlog::should_log(spdlog::level::err)) spdlog::error(Render("error", m, f));
}

}  // namespace kinora::core
