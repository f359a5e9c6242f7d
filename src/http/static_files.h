// Serves the built web app (web/dist) for GET requests no API route claims.
// Paths are confined to the root; "/" and extension-less paths that match no
// file get index.html (client-side routes); hashed assets are cached forever.
// Thread-safe (read-only).
#pragma once

#include <string>

#include "http/message.h"

namespace kinora::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  Response Serve(const Request& request) const;

 private:
  std::string root_;
};

std::string_view ContentTypeFor(std::string_view path);

}  // namespace kinora::http
