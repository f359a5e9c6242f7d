// Helpers that turn libav* return codes into core::Error values.
#pragma once

#include <string>

#include "core/error.h"

namespace kinora::media {

// "what: <FFmpeg's description of code>".
std::string AvErrorString(int code);
core::Error AvError(const std::string& what, int code);

// Sets FFmpeg's process-wide log level to errors only (encoders otherwise
// print statistics when they close), once per process. Thread-safe.
void QuietFfmpegLogs();

}  // namespace kinora::media
