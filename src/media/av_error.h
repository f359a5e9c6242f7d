// Helpers that turn libav* return codes into core::Error values.
#pragma once

#include <string>

#include "core/error.h"

namespace kinora::media {

// "what: <FFmpeg's description of code>".
std::string AvErrorString(int code);
core::Error AvError(const std::string& what, int code);

}  // namespace kinora::media
