// Preview images of a finished video: a thumbnail (one representative frame)
// and a spritesheet (frames sampled across the clip, laid out in a grid), as
// served by GET /v1/videos/{id}/content?variant=thumbnail|spritesheet.
// Decoding and encoding use FFmpeg (libavcodec's libwebp and mjpeg encoders).
// Thread-safe; no shared state.
#pragma once

#include <string>

#include "core/result.h"

namespace kinora::media {

enum class ImageFormat { kWebp, kJpeg };

struct ThumbnailOptions {
  ImageFormat format = ImageFormat::kWebp;
  int max_width = 0;  // 0: the video's own width; never upscaled
  int quality = 80;   // 1–100
};

// Writes one frame of `mp4` to `out_path`, atomically.
core::Status MakeThumbnail(const std::string& mp4, const std::string& out_path,
                           const ThumbnailOptions& options = {});

struct SpritesheetOptions {
  ImageFormat format = ImageFormat::kJpeg;
  int columns = 5;
  int rows = 5;          // columns × rows frames, evenly spaced over the clip
  int tile_width = 160;  // each tile; height follows the aspect ratio
  int quality = 80;
};

// Writes a grid of frames sampled evenly across `mp4` to `out_path`, atomically.
core::Status MakeSpritesheet(const std::string& mp4, const std::string& out_path,
                             const SpritesheetOptions& options = {});

}  // namespace kinora::media
