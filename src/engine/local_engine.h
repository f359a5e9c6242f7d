// LocalEngine: the built-in procedural engine. Plans, voices, renders with
// OpenGL ES on EGL (Mesa llvmpipe on a CPU) and encodes H.264 + AAC, streaming
// frame by frame so memory stays bounded whatever the clip length.
// Thread-safe: concurrent Generate() calls each get their own GL context.
#pragma once

#include <memory>

#include "engine/engine.h"

namespace kinora::engine {

core::Result<std::unique_ptr<Engine>> NewLocalEngine();

}  // namespace kinora::engine
