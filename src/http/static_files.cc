#include "http/static_files.h"

#include <filesystem>
#include <map>

namespace kinora::http {

namespace fs = std::filesystem;

std::string_view ContentTypeFor(std::string_view path) {
  static const std::map<std::string_view, std::string_view> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".mp4", "video/mp4"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto it = kTypes.find(path.substr(dot));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Response StaticFiles::Serve(const Request& request) const {
  const std::string& path = request.path;
  auto not_found = [&] {
    return ErrorResponse(404, "invalid_request_error", "no such file: " + path, {}, "not_found");
  };
  // Reject traversal before touching the filesystem.
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos)
    return not_found();
  if (root_.empty()) return not_found();
  fs::path file = fs::path(root_) / path.substr(1);
  std::error_code ec;
  if (path == "/" || fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::is_regular_file(file, ec)) {
    const bool looks_like_route = fs::path(path).extension().empty();
    if (!looks_like_route) return not_found();
    file = fs::path(root_) / "index.html";
    if (!fs::is_regular_file(file, ec)) {
      return ErrorResponse(404, "invalid_request_error",
                           "the web app is not built (no index.html in " + root_ + ")", {},
                           "not_found");
    }
  }
  Response r;
  r.file = file.string();
  r.headers["Content-Type"] = std::string(ContentTypeFor(file.string()));
  const bool hashed_asset = path.rfind("/assets/", 0) == 0;
  r.headers["Cache-Control"] = hashed_asset ? "public, max-age=31536000, immutable" : "no-cache";
  r.headers["X-Content-Type-Options"] = "nosniff";
  return r;
}

}  // namespace kinora::http
