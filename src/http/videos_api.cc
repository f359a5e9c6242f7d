#include "http/videos_api.h"

#include <sodium.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "core/id.h"
#include "core/log.h"
#include "core/parse.h"
#include "engine/plan/remix.h"
#include "http/form.h"
#include "media/frame_sampler.h"
#include "media/sniff.h"
#include "social/credentials.h"

namespace kinora::http {
namespace {

using nlohmann::json;
using store::Generation;
using store::GenerationStatus;

constexpr std::string_view kNativeModel = "kinora-sim";
// A reference image's largest side; bigger ones are refused before decoding.
constexpr int kMaxReferenceDimension = 4096;
// How long DELETE waits for a running job it cancelled to stop.
constexpr auto kDeleteCancelWait = std::chrono::seconds(5);

// "-YYYY-MM-DD", the suffix of a model snapshot's name.
bool IsDateSuffix(std::string_view s) {
  if (s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 0 || i == 5 || i == 8;
    if (dash ? s[i] != '-' : !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// Model names accepted on create: ours, and the names existing OpenAI SDK
// code sends (with their dated snapshots), which run on the built-in engine.
bool IsKnownModel(std::string_view m) {
  if (m == kNativeModel || m == "kinora-1") return true;
  for (std::string_view base : {"sora-2-pro", "sora-2"}) {
    if (m.substr(0, base.size()) == base) {
      const std::string_view rest = m.substr(base.size());
      if (rest.empty() || IsDateSuffix(rest)) return true;
    }
  }
  return false;
}

const std::set<std::string, std::less<>> kCreateFields = {"prompt",
                                                          "model",
                                                          "seconds",
                                                          "size",
                                                          "seed",
                                                          "storyboard",
                                                          "priority",
                                                          "input_reference",
                                                          "input_reference[image_url]",
                                                          "input_reference[file_id]"};

core::Result<int> ParseWhole(const FormField& f, const char* name, int lo, int hi) {
  int v = 0;
  if (!core::ParseNumber(f.value, v) || v < lo || v > hi) {
    return core::InvalidArgument(std::string(name) + " must be a whole number from " +
                                     std::to_string(lo) + " to " + std::to_string(hi) + " (got '" +
                                     f.value + "')",
                                 name);
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

core::Status CheckUnknown(const Form& form, const std::set<std::string, std::less<>>& allowed) {
  for (const auto& [name, field] : form) {
    if (!allowed.count(name))
      return core::InvalidArgument("unknown parameter '" + name + "'", name);
  }
  return core::Ok();
}

core::Result<std::string> RequiredText(const Form& form, const std::string& name) {
  auto it = form.find(name);
  if (it == form.end() || it->second.value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return core::InvalidArgument(name + " is required", name);
  }
  if (it->second.from_json_non_string || !it->second.filename.empty()) {
    return core::InvalidArgument(name + " must be a string", name);
  }
  return it->second.value;
}

// A `{"id": …}` reference given as JSON (`video: {id}`) or as the SDKs'
// multipart bracket form (`video[id]`). A file upload is refused: Kinora
// changes its own videos through their storyboards, not arbitrary footage.
core::Result<std::string> ReferencedVideo(const Form& form) {
  if (auto it = form.find("video[id]"); it != form.end()) return it->second.value;
  auto it = form.find("video");
  if (it == form.end())
    return core::InvalidArgument("video is required: {\"id\": \"video_…\"}", "video");
  if (!it->second.filename.empty()) {
    return core::InvalidArgument(
        "uploading a video file to change is not supported; pass video: {\"id\": …} naming a "
        "completed video of yours",
        "video");
  }
  if (it->second.from_json_non_string) {
    const json j = json::parse(it->second.value, nullptr, false);
    if (j.is_object() && j.size() == 1 && j.contains("id") && j["id"].is_string()) {
      return j["id"].get<std::string>();
    }
  }
  return core::InvalidArgument("video must be an object {\"id\": \"video_…\"}", "video");
}

// --- input_reference

core::Result<std::string> DecodeDataUrl(std::string_view url) {
  const auto bad = [] {
    return core::InvalidArgument(
        "input_reference.image_url must be a base64 data URL (data:image/png;base64,…); Kinora "
        "does not fetch remote URLs",
        "input_reference");
  };
  if (url.rfind("data:", 0) != 0) return bad();
  const size_t comma = url.find(',');
  if (comma == std::string_view::npos) return bad();
  const std::string_view meta = url.substr(5, comma - 5);
  if (meta.size() < 7 || meta.substr(meta.size() - 7) != ";base64") return bad();
  const std::string_view data = url.substr(comma + 1);
  std::string out(data.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), data.data(),
                        data.size(), " \r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return bad();
  }
  out.resize(len);
  return out;
}

// The reference's bytes from whichever form it came in; nullopt when absent.
core::Result<std::optional<std::string>> ReferenceBytes(const Form& form) {
  std::optional<std::string> image_url, file_id;
  if (auto it = form.find("input_reference[image_url]"); it != form.end())
    image_url = it->second.value;
  if (auto it = form.find("input_reference[file_id]"); it != form.end()) file_id = it->second.value;
  if (auto it = form.find("input_reference"); it != form.end()) {
    const FormField& f = it->second;
    if (!f.filename.empty() || !f.content_type.empty()) return std::optional(f.value);  // an upload
    const json j = f.from_json_non_string ? json::parse(f.value, nullptr, false) : json();
    if (!j.is_object()) {
      return core::InvalidArgument(
          "input_reference must be an uploaded image or an object {\"image_url\": \"data:…\"}",
          "input_reference");
    }
    for (const auto& [k, v] : j.items()) {
      if ((k != "image_url" && k != "file_id") || !v.is_string()) {
        return core::InvalidArgument("input_reference takes image_url or file_id (strings)",
                                     "input_reference");
      }
    }
    if (j.contains("image_url")) image_url = j["image_url"].get<std::string>();
    if (j.contains("file_id")) file_id = j["file_id"].get<std::string>();
  }
  if (file_id) {
    return core::InvalidArgument(
        "input_reference.file_id is not supported: this server has no Files API; upload the "
        "image as input_reference or pass image_url as a data URL",
        "input_reference");
  }
  if (image_url) {
    KINORA_ASSIGN_OR_RETURN(std::string bytes, DecodeDataUrl(*image_url));
    return std::optional(std::move(bytes));
  }
  return std::optional<std::string>();
}

// Checks the reference is a picture we can read and stores it; its blob key.
core::Result<std::string> StoreReference(store::BlobStore& blobs, const std::string& bytes) {
  const media::MediaKind kind = media::SniffBytes(std::string_view(bytes).substr(0, 12));
  if (!media::IsImageKind(kind) && !media::IsVideoKind(kind)) {
    return core::InvalidArgument(
        "input_reference must be a PNG, JPEG or WebP image, or an MP4 or WebM video whose first "
        "frame is used",
        "input_reference");
  }
  const std::string path = blobs.ScratchDir() + "/reference-" + social::RandomToken(12);
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::remove(path.c_str());
      return core::IoError("cannot write a scratch file", path);
    }
  }
  bool readable = false;
  const auto sampled =
      media::SampleFrames(path, {.fractions = {0.0}, .max_dimension = kMaxReferenceDimension},
                          [&](size_t, const media::RgbaImage&, double) {
                            readable = true;
                            return core::Ok();
                          });
  if (!sampled.ok() || !readable) {
    std::remove(path.c_str());
    return core::InvalidArgument(
        "input_reference cannot be read as a picture" +
            (sampled.ok() ? std::string() : " (" + sampled.error().message + ")"),
        "input_reference");
  }
  return blobs.PutFile(path);
}

// --- create

core::Result<jobs::CreateGeneration> ReadCreate(const Form& form, const social::Principal& who) {
  KINORA_RETURN_IF_ERROR(CheckUnknown(form, kCreateFields));
  jobs::CreateGeneration c;
  if (auto it = form.find("prompt"); it != form.end()) {
    if (it->second.from_json_non_string) {
      return core::InvalidArgument("prompt must be a string", "prompt");
    }
    c.prompt = it->second.value;
  }
  if (auto it = form.find("model"); it != form.end()) {
    if (!IsKnownModel(it->second.value)) {
      return core::InvalidArgument("unknown model '" + it->second.value + "' (use " +
                                       std::string(kNativeModel) +
                                       "; sora-2, sora-2-pro and their dated snapshots are "
                                       "accepted and run on it)",
                                   "model");
    }
    c.model = it->second.value;
  }
  if (auto it = form.find("seconds"); it != form.end()) {
    KINORA_ASSIGN_OR_RETURN(c.seconds, ParseWhole(it->second, "seconds", 1, jobs::kMaxSeconds));
  }
  if (auto it = form.find("size"); it != form.end()) {
    KINORA_ASSIGN_OR_RETURN(auto wh, jobs::ParseSize(it->second.value));
    c.width = wh.first;
    c.height = wh.second;
  }
  if (auto it = form.find("seed"); it != form.end()) {
    KINORA_ASSIGN_OR_RETURN(c.seed, ParseSeed(it->second));
  }
  if (auto it = form.find("priority"); it != form.end()) {
    // Members may lower their own jobs' priority (bulk work), not raise it.
    const int hi = who.is_admin() ? jobs::kMaxPriority : 0;
    KINORA_ASSIGN_OR_RETURN(c.priority,
                            ParseWhole(it->second, "priority", -jobs::kMaxPriority, hi));
  }
  if (auto it = form.find("storyboard"); it != form.end()) c.storyboard_json = it->second.value;
  if (c.storyboard_json.empty() && c.prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    return core::InvalidArgument("prompt is required", "prompt");
  }
  if (who.is_member()) c.owner_id = who.user_id();
  return c;
}

// Whose Idempotency-Key it is: keys are per caller, so two callers' equal
// keys never meet.
jobs::IdempotencyKey IdempotencyOf(const Request& req, const social::Principal& who) {
  jobs::IdempotencyKey k;
  k.key = req.Header("Idempotency-Key");
  k.scope = who.is_member() ? "user:" + who.user_id() : "key:" + who.api_key_id;
  return k;
}

Response Created(const core::Result<store::CreatedGeneration>& made) {
  if (!made.ok()) return ErrorResponse(made.error());
  Response r = JsonResponse(200, VideoObject(made->generation));
  if (made->replayed) r.headers["Idempotent-Replayed"] = "true";
  return r;
}

// --- reading

// The generation if `who` may see it.
core::Result<Generation> Owned(jobs::GenerationService& service, const std::string& id,
                               const social::Principal& who) {
  KINORA_ASSIGN_OR_RETURN(Generation g, service.Get(id));
  if (!who.is_admin() && g.owner_id != std::optional<std::string>(who.user_id())) {
    return core::NotFound("no video with id '" + id + "'");
  }
  return g;
}

// A completed video of the caller's and its storyboard, for remix, extend and edit.
core::Result<std::pair<Generation, engine::Storyboard>> Source(jobs::GenerationService& service,
                                                               const std::string& id,
                                                               const social::Principal& who) {
  KINORA_ASSIGN_OR_RETURN(Generation g, Owned(service, id, who));
  if (g.status != GenerationStatus::kCompleted) {
    return core::FailedPrecondition("video '" + id + "' is " +
                                    std::string(store::GenerationStatusName(g.status)) +
                                    "; only a completed video can be remixed, extended or edited");
  }
  auto sb = engine::ParseStoryboard(g.storyboard_json);
  if (!sb.ok()) {
    return core::FailedPrecondition("video '" + id + "' has no storyboard to build on");
  }
  return std::make_pair(std::move(g), std::move(sb).value());
}

// The engine's planner names its text argument "instruction"; on the wire it is "prompt".
core::Error AsPromptError(core::Error e) {
  if (e.code == core::ErrorCode::kInvalidArgument &&
      (e.detail == "instruction" || e.detail.empty())) {
    e.detail = "prompt";
  }
  return e;
}

// A new job rendering `sb`, derived from `source`.
core::Result<store::CreatedGeneration> Derive(const VideoApi& api, const Request& req,
                                              const social::Principal& who,
                                              const Generation& source, engine::Storyboard sb,
                                              std::string prompt, store::GenerationKind kind) {
  sb.origin.remix_of = source.id;
  jobs::CreateGeneration c;
  c.prompt = std::move(prompt);
  c.model = source.model;
  c.storyboard_json = engine::ToJson(sb).dump();
  c.seed = sb.seed;
  c.kind = kind;
  c.remixed_from = source.id;
  if (who.is_member()) c.owner_id = who.user_id();
  return api.service.Create(c, IdempotencyOf(req, who));
}

// "shot 2: …", "in shot s2, …": an edit of one shot; anything else applies
// to the whole clip.
struct EditTarget {
  std::string shot_id;  // '' for the whole clip
  std::string instruction;
};
EditTarget ParseEdit(const std::string& prompt) {
  auto lower = [](std::string_view t) {
    std::string out(t);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string_view rest = prompt;
  auto skip_space = [&] {
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) {
      rest.remove_prefix(1);
    }
  };
  auto word = [&](std::string_view w) {
    if (rest.size() < w.size() || lower(rest.substr(0, w.size())) != w) return false;
    rest.remove_prefix(w.size());
    return true;
  };
  skip_space();
  if (word("in ")) skip_space();
  if (!word("shot ")) return {"", prompt};
  skip_space();
  if (!rest.empty() && (rest.front() == 's' || rest.front() == 'S')) rest.remove_prefix(1);
  size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits == 0 || digits > 3) return {"", prompt};
  const std::string shot = "s" + std::string(rest.substr(0, digits));
  rest.remove_prefix(digits);
  skip_space();
  if (rest.empty() || (rest.front() != ':' && rest.front() != ',')) return {"", prompt};
  rest.remove_prefix(1);
  skip_space();
  if (rest.empty()) return {"", prompt};
  return {shot, std::string(rest)};
}

core::Result<json> ListPage(jobs::GenerationService& service, const Request& req,
                            const social::Principal& who) {
  const auto param = [&](const char* name) -> std::optional<std::string> {
    auto it = req.query.find(name);
    if (it == req.query.end()) return std::nullopt;
    return it->second;
  };
  int limit = 20;
  if (auto v = param("limit")) {
    FormField f;
    f.value = *v;
    KINORA_ASSIGN_OR_RETURN(limit, ParseWhole(f, "limit", 1, 100));
  }
  bool ascending = false;
  if (auto v = param("order")) {
    if (*v != "asc" && *v != "desc") {
      return core::InvalidArgument("order must be asc or desc (got '" + *v + "')", "order");
    }
    ascending = *v == "asc";
  }
  std::string after = param("after").value_or("");
  if (!after.empty() && !core::IsValidId(after, "video")) {
    return core::InvalidArgument("after must be a video id (got '" + after + "')", "after");
  }
  std::optional<std::string> owner;
  if (!who.is_admin()) owner = who.user_id();
  KINORA_ASSIGN_OR_RETURN(auto page, service.List(owner, after, limit, ascending));
  json data = json::array();
  for (const auto& g : page.items) data.push_back(VideoObject(g));
  return json{{"object", "list"},
              {"data", data},
              {"first_id", page.items.empty() ? json(nullptr) : json(page.items.front().id)},
              {"last_id", page.items.empty() ? json(nullptr) : json(page.items.back().id)},
              {"has_more", !page.next.empty()}};
}

// Deletes a finished job; cancels an unfinished one first and waits a
// moment for a running one to stop between frames.
core::Status DeleteVideo(jobs::GenerationService& service, const Generation& g) {
  if (g.status == GenerationStatus::kQueued || g.status == GenerationStatus::kInProgress) {
    KINORA_ASSIGN_OR_RETURN(Generation now, service.Cancel(g.id));
    const auto deadline = std::chrono::steady_clock::now() + kDeleteCancelWait;
    while (now.status == GenerationStatus::kInProgress &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      KINORA_ASSIGN_OR_RETURN(now, service.Get(g.id));
    }
    if (now.status == GenerationStatus::kInProgress) {
      return core::FailedPrecondition("video '" + g.id +
                                      "' is still stopping; its cancel was requested — delete it "
                                      "again once its status is cancelled");
    }
  }
  return service.Delete(g.id);
}

std::string VariantType(jobs::ContentVariant v) {
  switch (v) {
    case jobs::ContentVariant::kThumbnail: return "image/webp";
    case jobs::ContentVariant::kSpritesheet: return "image/jpeg";
    case jobs::ContentVariant::kVideo: break;
  }
  return "video/mp4";
}

std::string VariantExtension(jobs::ContentVariant v) {
  switch (v) {
    case jobs::ContentVariant::kThumbnail: return ".webp";
    case jobs::ContentVariant::kSpritesheet: return ".jpg";
    case jobs::ContentVariant::kVideo: break;
  }
  return ".mp4";
}

}  // namespace

json VideoObject(const Generation& g) {
  json error = nullptr;
  if (g.status == GenerationStatus::kFailed) {
    error = {{"code", g.error_code}, {"message", g.error_message}};
  }
  return {{"id", g.id},
          {"object", "video"},
          {"created_at", g.created_at / 1000},
          {"status", store::GenerationStatusName(g.status)},
          {"completed_at", g.completed_at ? json(*g.completed_at / 1000) : json(nullptr)},
          {"error", error},
          {"expires_at", nullptr},
          {"model", g.model},
          {"progress", g.progress},
          {"prompt", g.prompt},
          {"remixed_from_video_id", g.remixed_from ? json(*g.remixed_from) : json(nullptr)},
          {"seconds", std::to_string(g.seconds)},
          {"size", std::to_string(g.width) + "x" + std::to_string(g.height)},
          {"seed", g.seed}};
}

Handler RateLimited(const VideoApi& api, AuthedHandler h) {
  return Authed(api.auth, [api, h = std::move(h)](Request& req, const social::Principal& who) {
    const std::string key = who.via == social::Principal::Via::kApiKey ? "key:" + who.api_key_id
                                                                       : "user:" + who.user_id();
    const auto d = api.limiter.Take(key, api.clock.UnixMillis());
    if (!d.allowed) {
      Response r = ErrorResponse(429, "rate_limit_error",
                                 "rate limit reached: " + std::to_string(api.limiter.limit()) +
                                     " requests a minute per key; retry in " +
                                     std::to_string(d.retry_after_seconds) + " s",
                                 {}, "rate_limit_exceeded");
      r.headers["Retry-After"] = std::to_string(d.retry_after_seconds);
      r.headers["x-ratelimit-limit-requests"] = std::to_string(api.limiter.limit());
      r.headers["x-ratelimit-remaining-requests"] = "0";
      return r;
    }
    Response r = h(req, who);
    if (api.limiter.enabled()) {
      r.headers["x-ratelimit-limit-requests"] = std::to_string(api.limiter.limit());
      r.headers["x-ratelimit-remaining-requests"] = std::to_string(d.remaining);
    }
    return r;
  });
}

void AddVideoRoutes(Router& router, const VideoApi& api) {
  jobs::GenerationService& service = api.service;

  router.Add("GET", "/v1/openapi.json", [](Request&) {
    Response r;
    r.headers["Content-Type"] = "application/json";
    r.headers["Cache-Control"] = "public, max-age=300";
    r.body = std::string(OpenApiDocument());
    return r;
  });

  router.Add("POST", "/v1/videos",
             RateLimited(api, [api](Request& req, const social::Principal& who) {
               auto form = ParseForm(req);
               if (!form.ok()) return ErrorResponse(form.error());
               auto create = ReadCreate(*form, who);
               if (!create.ok()) return ErrorResponse(create.error());
               auto reference = ReferenceBytes(*form);
               if (!reference.ok()) return ErrorResponse(reference.error());
               if (*reference) {
                 auto key = StoreReference(api.blobs, **reference);
                 if (!key.ok()) return ErrorResponse(key.error());
                 create->input_key = *key;
               }
               return Created(api.service.Create(*create, IdempotencyOf(req, who)));
             }));

  router.Add("GET", "/v1/videos",
             RateLimited(api, [&service](Request& req, const social::Principal& who) {
               auto page = ListPage(service, req, who);
               if (!page.ok()) return ErrorResponse(page.error());
               return JsonResponse(200, *page);
             }));

  router.Add("GET", "/v1/videos/{id}",
             RateLimited(api, [&service](Request& req, const social::Principal& who) {
               auto g = Owned(service, req.params["id"], who);
               if (!g.ok()) return ErrorResponse(g.error());
               return JsonResponse(200, VideoObject(*g));
             }));

  router.Add(
      "DELETE", "/v1/videos/{id}",
      RateLimited(api, [&service](Request& req, const social::Principal& who) {
        auto g = Owned(service, req.params["id"], who);
        if (!g.ok()) return ErrorResponse(g.error());
        if (auto deleted = DeleteVideo(service, *g); !deleted.ok()) {
          return ErrorResponse(deleted.error());
        }
        return JsonResponse(200, {{"id", g->id}, {"deleted", true}, {"object", "video.deleted"}});
      }));

  router.Add("POST", "/v1/videos/{id}/cancel",
             RateLimited(api, [&service](Request& req, const social::Principal& who) {
               auto g = Owned(service, req.params["id"], who);
               if (!g.ok()) return ErrorResponse(g.error());
               auto cancelled = service.Cancel(g->id);
               if (!cancelled.ok()) return ErrorResponse(cancelled.error());
               return JsonResponse(200, VideoObject(*cancelled));
             }));

  router.Add("GET", "/v1/videos/{id}/content",
             RateLimited(api, [&service](Request& req, const social::Principal& who) {
               auto variant = jobs::ParseContentVariant(
                   req.query.count("variant") ? req.query["variant"] : "video");
               if (!variant.ok()) return ErrorResponse(variant.error());
               auto g = Owned(service, req.params["id"], who);
               if (!g.ok()) return ErrorResponse(g.error());
               auto path = service.ContentPath(*g, *variant);
               if (!path.ok()) return ErrorResponse(path.error());
               Response r;
               r.file = *path;
               r.headers["Content-Type"] = VariantType(*variant);
               r.headers["Content-Disposition"] =
                   "inline; filename=\"" + g->id + VariantExtension(*variant) + "\"";
               r.headers["Cache-Control"] = "private, max-age=3600";
               // Blob keys are the files' SHA-256: a strong validator for free.
               r.headers["ETag"] = "\"" + jobs::MediaKey(*g, *variant) + "\"";
               return r;
             }));

  router.Add("POST", "/v1/videos/{id}/remix",
             RateLimited(api, [api](Request& req, const social::Principal& who) {
               auto form = ParseForm(req);
               if (!form.ok()) return ErrorResponse(form.error());
               if (auto s = CheckUnknown(*form, {"prompt"}); !s.ok())
                 return ErrorResponse(s.error());
               auto prompt = RequiredText(*form, "prompt");
               if (!prompt.ok()) return ErrorResponse(prompt.error());
               auto source = Source(api.service, req.params["id"], who);
               if (!source.ok()) return ErrorResponse(source.error());
               auto& [g, sb] = *source;
               auto remixed = engine::Remix(sb, *prompt, g.seed);
               if (!remixed.ok()) return ErrorResponse(AsPromptError(remixed.error()));
               return Created(Derive(api, req, who, g, std::move(remixed).value(), *prompt,
                                     store::GenerationKind::kRemix));
             }));

  router.Add(
      "POST", "/v1/videos/extensions",
      RateLimited(api, [api](Request& req, const social::Principal& who) {
        auto form = ParseForm(req);
        if (!form.ok()) return ErrorResponse(form.error());
        if (auto s = CheckUnknown(*form, {"prompt", "seconds", "video", "video[id]"}); !s.ok()) {
          return ErrorResponse(s.error());
        }
        auto prompt = RequiredText(*form, "prompt");
        if (!prompt.ok()) return ErrorResponse(prompt.error());
        auto seconds_field = form->find("seconds");
        if (seconds_field == form->end()) {
          return ErrorResponse(core::InvalidArgument("seconds is required", "seconds"));
        }
        auto seconds = ParseWhole(seconds_field->second, "seconds", 1, jobs::kMaxSeconds);
        if (!seconds.ok()) return ErrorResponse(seconds.error());
        auto id = ReferencedVideo(*form);
        if (!id.ok()) return ErrorResponse(id.error());
        auto source = Source(api.service, *id, who);
        if (!source.ok()) return ErrorResponse(source.error());
        auto& [g, sb] = *source;
        auto extended = engine::Extend(sb, *prompt, *seconds, g.seed);
        if (!extended.ok()) return ErrorResponse(AsPromptError(extended.error()));
        return Created(Derive(api, req, who, g, std::move(extended).value(), *prompt,
                              store::GenerationKind::kExtension));
      }));

  router.Add("POST", "/v1/videos/edits",
             RateLimited(api, [api](Request& req, const social::Principal& who) {
               auto form = ParseForm(req);
               if (!form.ok()) return ErrorResponse(form.error());
               if (auto s = CheckUnknown(*form, {"prompt", "video", "video[id]"}); !s.ok()) {
                 return ErrorResponse(s.error());
               }
               auto prompt = RequiredText(*form, "prompt");
               if (!prompt.ok()) return ErrorResponse(prompt.error());
               auto id = ReferencedVideo(*form);
               if (!id.ok()) return ErrorResponse(id.error());
               auto source = Source(api.service, *id, who);
               if (!source.ok()) return ErrorResponse(source.error());
               auto& [g, sb] = *source;
               const EditTarget target = ParseEdit(*prompt);
               auto edited = target.shot_id.empty()
                                 ? engine::Remix(sb, target.instruction, g.seed)
                                 : engine::Edit(sb, target.shot_id, target.instruction, g.seed);
               if (!edited.ok()) {
                 core::Error e = edited.error();
                 if (e.detail == "shot_id") {
                   e = core::InvalidArgument("video '" + g.id + "' has no shot " + target.shot_id,
                                             "prompt");
                 }
                 return ErrorResponse(AsPromptError(std::move(e)));
               }
               return Created(Derive(api, req, who, g, std::move(edited).value(), *prompt,
                                     store::GenerationKind::kEdit));
             }));
}

}  // namespace kinora::http
