// NoopEngine: an engine that does no real work, for benchmarks of the queue,
// store and API and for tests that need jobs to finish fast. Every Generate()
// publishes the same tiny, valid MP4 (encoded once, when the engine is made)
// at the request's output path, reports progress and honours cancellation.
// Thread-safe.
#pragma once

#include <memory>

#include "engine/engine.h"

namespace kinora::engine {

// Encodes the clip into a private temporary file, removed with the engine.
core::Result<std::unique_ptr<Engine>> NewNoopEngine();

}  // namespace kinora::engine
