// Structured logging on spdlog. Messages are short sentences followed by
// key=value pairs, e.g. `LogInfo("job finished", {{"job", id}, {"ms", "812"}})`
// prints `job finished job=video_… ms=812`. With json output each line is one
// JSON object. Thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace kinora::core {

enum class LogFormat { kText, kJson };

struct LogField {
  std::string_view key;
  std::string value;
};

// Sets the level ("trace", "debug", "info", "warn", "error", "off") and format.
// Logs go to stderr.
Status InitLogging(std::string_view level, LogFormat format = LogFormat::kText);

void LogDebug(std::string_view message, std::initializer_list<LogField> fields = {});
void LogInfo(std::string_view message, std::initializer_list<LogField> fields = {});
void LogWarn(std::string_view message, std::initializer_list<LogField> fields = {});
void LogError(std::string_view message, std::initializer_list<LogField> fields = {});

}  // namespace kinora::core
