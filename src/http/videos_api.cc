#include "http/videos_api.h"

#include <charconv>
#include <set>

#include "core/parse.h"
#include "http/form.h"

namespace kinora::http {
namespace {

using nlohmann::json;

// Model names accepted on create: ours, and the names existing OpenAI SDK
// code sends, which run on the same engine.
const std::set<std::string, std::less<>> kModels = {"kinora-1", "sora-2", "sora-2-pro"};
const std::set<std::string, std::less<>> kCreateFields = {
    "prompt", "model", "seconds", "size", "seed", "storyboard", "input_reference"};

core::Result<int> ParseSeconds(const FormField& f) {
  int v = 0;
  const std::string& s = f.value;
  if (!core::ParseNumber(s, v) || v <= 0 || v > jobs::kMaxSeconds) {
    return core::InvalidArgument("seconds must be a whole number from 1 to " +
                                     std::to_string(jobs::kMaxSeconds) + " (got '" + s + "')",
                                 "seconds");
  }
  return v;
}

core::Result<uint64_t> ParseSeed(const FormField& f) {
  uint64_t v = 0;
  if (!core::ParseNumber(f.value, v) || v > (1ull << 53)) {
    return core::InvalidArgument("seed must be a non-negative integer below 2^53", "seed");
  }
  return v;
}

core::Result<jobs::CreateGeneration> ReadCreate(const Form& form) {
  for (const auto& [name, field] : form) {
    if (!kCreateFields.count(name)) {
      return core::InvalidArgument("unknown parameter '" + name + "'", name);
    }
  }
  if (form.count("input_reference")) {
    return core::InvalidArgument("input_reference is not supported by this server yet",
                                 "input_reference");
  }
  jobs::CreateGeneration c;
  if (auto it = form.find("prompt"); it != form.end()) {
    if (it->second.from_json_non_string)
      return core::InvalidArgument("prompt must be a string", "prompt");
    c.prompt = it->second.value;
  }
  if (auto it = form.find("model"); it != form.end()) {
    if (!kModels.count(it->second.value)) {
      return core::InvalidArgument(
          "unknown model '" + it->second.value +
              "' (use kinora-1; sora-2 and sora-2-pro are accepted as aliases)",
          "model");
    }
    c.model = it->second.value;
  }
  if (auto it = form.find("seconds"); it != form.end()) {
    KINORA_ASSIGN_OR_RETURN(c.seconds, ParseSeconds(it->second));
  }
  if (auto it = form.find("size"); it != form.end()) {
    KINORA_ASSIGN_OR_RETURN(auto wh, jobs::ParseSize(it->second.value));
    c.width = wh.first;
    c.height = wh.second;
  }
  if (auto it = form.find("seed"); it != form.end()) {
    KINORA_ASSIGN_OR_RETURN(c.seed, ParseSeed(it->second));
  }
  if (auto it = form.find("storyboard"); it != form.end()) c.storyboard_json = it->second.value;
  if (c.storyboard_json.empty() && c.prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    return core::InvalidArgument("prompt is required", "prompt");
  }
  return c;
}

}  // namespace

json VideoObject(const store::Generation& g) {
  json error = nullptr;
  if (g.status == store::GenerationStatus::kFailed) {
    error = {{"code", g.error_code}, {"message", g.error_message}};
  }
  return {{"id", g.id},
          {"object", "video"},
          {"created_at", g.created_at},
          {"status", store::GenerationStatusName(g.status)},
          {"completed_at", g.completed_at ? json(*g.completed_at) : json(nullptr)},
          {"error", error},
          {"expires_at", nullptr},
          {"model", g.model},
          {"progress", g.progress},
          {"prompt", g.prompt},
          {"remixed_from_video_id", nullptr},
          {"seconds", std::to_string(g.seconds)},
          {"size", std::to_string(g.width) + "x" + std::to_string(g.height)},
          {"seed", g.seed}};
}

namespace {

// The generation if `who` may see it.
core::Result<store::Generation> Owned(jobs::GenerationService& service, const std::string& id,
                                      const social::Principal& who) {
  KINORA_ASSIGN_OR_RETURN(store::Generation g, service.Get(id));
  if (!who.is_admin() && g.owner_id != std::optional<std::string>(who.user_id())) {
    return core::NotFound("no video with id '" + id + "'");
  }
  return g;
}

}  // namespace

void AddVideoRoutes(Router& router, jobs::GenerationService& service, const Authenticator& auth) {
  router.Add("POST", "/v1/videos",
             Authed(auth, [&service](Request& req, const social::Principal& who) {
               auto form = ParseForm(req);
               if (!form.ok()) return ErrorResponse(form.error());
               auto create = ReadCreate(*form);
               if (!create.ok()) return ErrorResponse(create.error());
               if (who.is_member()) create->owner_id = who.user_id();
               auto g = service.Create(*create);
               if (!g.ok()) return ErrorResponse(g.error());
               return JsonResponse(200, VideoObject(*g));
             }));
  router.Add("GET", "/v1/videos/{id}",
             Authed(auth, [&service](Request& req, const social::Principal& who) {
               auto g = Owned(service, req.params["id"], who);
               if (!g.ok()) return ErrorResponse(g.error());
               return JsonResponse(200, VideoObject(*g));
             }));
  router.Add(
      "GET", "/v1/videos/{id}/content",
      Authed(auth, [&service](Request& req, const social::Principal& who) {
        const std::string variant = req.query.count("variant") ? req.query["variant"] : "video";
        if (variant != "video") {
          if (variant == "thumbnail" || variant == "spritesheet") {
            return ErrorResponse(core::InvalidArgument(
                "variant '" + variant + "' is not available on this server yet", "variant"));
          }
          return ErrorResponse(core::InvalidArgument(
              "variant must be video, thumbnail or spritesheet (got '" + variant + "')",
              "variant"));
        }
        auto g = Owned(service, req.params["id"], who);
        if (!g.ok()) return ErrorResponse(g.error());
        auto path = service.ContentPath(req.params["id"]);
        if (!path.ok()) return ErrorResponse(path.error());
        Response r;
        r.file = *path;
        r.headers["Content-Type"] = "video/mp4";
        r.headers["Content-Disposition"] = "inline; filename=\"" + req.params["id"] + ".mp4\"";
        r.headers["Cache-Control"] = "private, max-age=3600";
        return r;
      }));
}

}  // namespace kinora::http
