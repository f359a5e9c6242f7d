// Picking still frames out of a video: decodes the first video stream in one
// forward pass and hands over only the frames nearest to the requested points
// in time, converted to RGBA and scaled down. Holds at most two decoded frames,
// never the clip. Used for previews (thumbnails, spritesheets) and for
// inspecting uploaded clips (characters). Free functions; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "media/image.h"

namespace kinora::media {

struct FrameSampleOptions {
  // Points in time as fractions of the video's duration, each in [0, 1] and in
  // ascending order. A point gets the frame shown at that moment (the last
  // frame that starts at or before it); points past the end get the last frame.
  std::vector<double> fractions;
  int max_width = 0;  // 0: the video's own width; frames are never upscaled
  // Refuse videos larger than this in either dimension (decoding them would
  // cost memory out of proportion to a preview). 0: no limit.
  int max_dimension = 8192;
};

// Called once per requested fraction, in order: the fraction's index, the
// frame (RGBA, full range) and its presentation time in seconds from the
// start of the stream. An error stops decoding and is returned.
using FrameSink = std::function<core::Status(size_t index, const RgbaImage& frame, double seconds)>;

// Only local files are opened (no network protocols). Errors: kIo when the
// file cannot be opened, kInvalidArgument when it has no decodable video or
// no frame, kInternal for decoder failures.
core::Status SampleFrames(const std::string& path, const FrameSampleOptions& options,
                          const FrameSink& sink);

// `count` fractions spread evenly over a clip: the middles of `count` equal
// slices, so neither the (often black) first frame nor the last is chosen.
std::vector<double> EvenFractions(int count);

}  // namespace kinora::media
