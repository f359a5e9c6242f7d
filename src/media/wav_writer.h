// WriteWav: float audio to a 24-bit PCM WAV file (RIFF/WAVE with a 16-byte
// fmt chunk and a data chunk), the format every audio tool reads.
//
// Samples are clamped to [-1, 1] and rounded to the nearest 24-bit step
// (no dither: at 24 bits the rounding error sits near -144 dBFS). The file
// appears at `path` atomically: it is written to a temporary file in the same
// folder, fsynced and renamed into place; on failure nothing is left behind.
// Thread-safe for distinct paths.
#pragma once

#include <string>

#include "core/result.h"
#include "media/image.h"

namespace kinora::media {

// Errors: InvalidArgument for a buffer without channels or sample rate, or
// too long for a WAV file (4 GiB); IoError when the folder cannot be written.
core::Status WriteWav(const std::string& path, const AudioBuffer& audio);

}  // namespace kinora::media
