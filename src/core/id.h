// Identifiers: "<prefix>_<26 lowercase hex>" — 48 bits of milliseconds since
// the Unix epoch followed by 56 random bits, so ids sort by creation time and
// never collide in practice. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"

namespace kinora::core {

std::string NewId(std::string_view prefix, const Clock& clock);

// True when `id` has the given prefix and a well-formed suffix.
bool IsValidId(std::string_view id, std::string_view prefix);

}  // namespace kinora::core
