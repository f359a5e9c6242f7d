// Durable file publication: the one way Kinora makes a finished file appear.
// Thread-safe (plain system calls).
#pragma once

#include <string>

#include "core/result.h"

namespace kinora::core {

// Fsyncs `from`, renames it to `to` (atomically replacing any file there) and
// fsyncs `to`'s directory, so after a crash `to` is either absent, the old
// file, or the complete new one. Both paths must be on one filesystem.
Status PublishFile(const std::string& from, const std::string& to);

}  // namespace kinora::core
