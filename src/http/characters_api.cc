#include "http/characters_api.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "http/form.h"

namespace kinora::http {
namespace {

const std::set<std::string, std::less<>> kCreateFields = {"name", "video", "kind"};

nlohmann::json CharacterObject(const store::Character& c) {
  return {{"id", c.id}, {"created_at", c.created_at / 1000}, {"name", c.name}};
}

Response CharacterError(const core::Error& e) {
  if (e.code == core::ErrorCode::kInvalidArgument && e.message == social::kHumanFaceRefusal) {
    return ErrorResponse(400, "invalid_request_error", e.message, "video", "human_face_detected");
  }
  return ErrorResponse(e);
}

// Writes an uploaded file to a fresh scratch file; returns its path.
core::Result<std::string> SaveUpload(const store::BlobStore& blobs, const std::string& bytes) {
  std::string path = blobs.ScratchDir() + "/character-upload-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return core::IoError(std::string("cannot store the upload: ") + std::strerror(errno));
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(path.c_str());
      return core::IoError("cannot store the upload", path);
    }
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  return path;
}

Response Create(Request& req, const social::Principal& who, social::CharacterService& service,
                const store::BlobStore& blobs) {
  auto form = ParseForm(req);
  if (!form.ok()) return ErrorResponse(form.error());
  for (const auto& [name, field] : *form) {
    if (!kCreateFields.count(name)) {
      return ErrorResponse(core::InvalidArgument("unknown parameter '" + name + "'", name));
    }
  }
  auto name = form->find("name");
  if (name == form->end()) return ErrorResponse(core::InvalidArgument("name is required", "name"));
  if (name->second.from_json_non_string || !name->second.filename.empty()) {
    return ErrorResponse(core::InvalidArgument("name must be text", "name"));
  }
  auto video = form->find("video");
  if (video == form->end()) {
    return ErrorResponse(core::InvalidArgument("video is required", "video"));
  }
  if (video->second.filename.empty()) {
    return ErrorResponse(core::InvalidArgument(
        "video must be a file upload (multipart/form-data with a filename)", "video"));
  }
  if (video->second.value.empty()) {
    return ErrorResponse(core::InvalidArgument("video is an empty file", "video"));
  }
  std::string kind;
  if (auto it = form->find("kind"); it != form->end()) kind = it->second.value;
  auto path = SaveUpload(blobs, video->second.value);
  if (!path.ok()) return ErrorResponse(path.error());
  auto character = service.Create(who, name->second.value, *path, kind);  // consumes the file
  if (!character.ok()) return CharacterError(character.error());
  return JsonResponse(200, CharacterObject(*character));
}

}  // namespace

void AddCharacterRoutes(Router& router, social::CharacterService& service,
                        const store::BlobStore& blobs, const Authenticator& auth) {
  router.Add("POST", "/v1/videos/characters",
             Authed(auth, [&service, &blobs](Request& req, const social::Principal& who) {
               return Create(req, who, service, blobs);
             }));
  router.Add("GET", "/v1/videos/characters/{id}",
             Authed(auth, [&service](Request& req, const social::Principal& who) {
               auto character = service.Get(who, req.params["id"]);
               if (!character.ok()) return CharacterError(character.error());
               return JsonResponse(200, CharacterObject(*character));
             }));
}

}  // namespace kinora::http
