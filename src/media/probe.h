// Reading media back: stream facts (Probe) and decoded pictures and sound
// (Decode). Used by tests, `kinora verify` and provenance checks.
// Free functions; safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "media/image.h"

namespace kinora::media {

struct StreamInfo {
  std::string type;     // "video" | "audio" | "other"
  std::string codec;    // "h264", "aac"
  std::string profile;  // "High", "LC"
  int width = 0, height = 0;
  std::string pixel_format;  // "yuv420p"
  double frame_rate = 0;
  int sample_rate = 0, channels = 0;
  double duration = 0;  // seconds
  int64_t frames = 0;   // packets in the stream
};

struct MediaInfo {
  std::string format;  // the demuxer's names, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  double duration = 0;
  std::vector<StreamInfo> streams;
  bool index_at_front = false;  // MP4 "moov" before "mdat" (progressive playback)

  const StreamInfo* First(std::string_view type) const;
};

core::Result<MediaInfo> Probe(const std::string& path);

struct DecodeSinks {
  // Each decoded video frame as RGBA, in presentation order.
  std::function<void(const RgbaImage& frame, int64_t index)> video;
  // Decoded audio as interleaved stereo float at 48 kHz.
  std::function<void(const float* interleaved, size_t frames)> audio;
};

core::Status Decode(const std::string& path, const DecodeSinks& sinks);

}  // namespace kinora::media
