// Mp4Writer: streams RGBA frames and float PCM into an MP4 file with
// H.264 (High profile, yuv420p, BT.709) video and AAC-LC audio, laid out for
// progressive playback (moov first, "+faststart").
//
// Frames are encoded as they arrive; the writer holds at most one frame and
// the encoders' own lookahead, never the clip. The file appears at `path`
// atomically: it is written to "<path>.partial", fsynced and renamed by
// Finish(). A writer destroyed without Finish() removes its partial file.
// Not thread-safe: one thread drives a writer.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "media/aac.h"
#include "media/image.h"

namespace kinora::media {

struct Mp4Options {
  int width = 720;
  int height = 1280;
  int fps = 24;
  int sample_rate = 48000;      // audio is always stereo
  std::string preset = "fast";  // x264 preset
  int crf = 20;                 // x264 constant rate factor (0–51, lower is better)
  int audio_bitrate = kAacBitrate;
};

class Mp4Writer {
 public:
  static core::Result<std::unique_ptr<Mp4Writer>> Open(const std::string& path,
                                                       const Mp4Options& options);
  ~Mp4Writer();
  Mp4Writer(const Mp4Writer&) = delete;
  Mp4Writer& operator=(const Mp4Writer&) = delete;

  // Appends the next video frame; its size must match the options.
  core::Status WriteVideoFrame(const RgbaImage& frame);

  // Appends interleaved stereo float samples (any count; buffered into AAC frames).
  core::Status WriteAudio(const float* interleaved, size_t frames);

  // Flushes the encoders, writes the index, fsyncs and renames into place.
  core::Status Finish();

  int64_t video_frames_written() const;

 private:
  struct Impl;
  explicit Mp4Writer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinora::media
