#include "media/sniff.h"

#include <array>
#include <fstream>

namespace kinora::media {

MediaKind SniffBytes(std::string_view h) {
  if (h.size() >= 8 && h.substr(4, 4) == "ftyp") return MediaKind::kIsoMedia;
  if (h.substr(0, 4) == "\x1A\x45\xDF\xA3") return MediaKind::kMatroska;
  if (h.substr(0, 8) == "\x89PNG\r\n\x1A\n") return MediaKind::kPng;
  if (h.substr(0, 3) == "\xFF\xD8\xFF") return MediaKind::kJpeg;
  if (h.size() >= 12 && h.substr(0, 4) == "RIFF" && h.substr(8, 4) == "WEBP") {
    return MediaKind::kWebp;
  }
  return MediaKind::kUnknown;
}

MediaKind SniffFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 12> head{};
  in.read(head.data(), head.size());
  return SniffBytes(std::string_view(head.data(), static_cast<size_t>(in.gcount())));
}

}  // namespace kinora::media
