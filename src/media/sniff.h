// What kind of media file an upload is, judged from its first bytes.
//
// Uploads are sniffed before FFmpeg opens them, so a user's file can only
// ever reach the demuxers Kinora means to use (ISO media, Matroska, still
// images) — never FFmpeg's playlist, concat or image-sequence readers, which
// can be made to open other files. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kinora::media {

enum class MediaKind { kUnknown, kIsoMedia, kMatroska, kPng, kJpeg, kWebp };

// From the first bytes of a file (12 are enough).
MediaKind SniffBytes(std::string_view head);
// Reads the first bytes of `path`; kUnknown when it cannot be read.
MediaKind SniffFile(const std::string& path);

inline bool IsVideoKind(MediaKind k) {
  return k == MediaKind::kIsoMedia || k == MediaKind::kMatroska;
}
inline bool IsImageKind(MediaKind k) {
  return k == MediaKind::kPng || k == MediaKind::kJpeg || k == MediaKind::kWebp;
}

}  // namespace kinora::media
