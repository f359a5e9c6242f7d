#include "http/social_api.h"

#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

#include "core/id.h"
#include "core/log.h"
#include "core/parse.h"
#include "http/api_util.h"
#include "http/social_json.h"

namespace kinora::http {
namespace {

using nlohmann::json;
using social::Principal;

constexpr size_t kMaxAvatarBytes = 2 * 1024 * 1024;

// ------------------------------------------------------------------ routes

class Routes {
 public:
  explicit Routes(const SocialServices& s) : s_(s) {}

  void Register(Router& router) {
    auto authed = [this](AuthedHandler h) { return Authed(s_.auth, std::move(h)); };
    using P = const Principal&;

    // Joining and signing in.
    router.Add("POST", "/api/auth/signup", [this](Request& r) { return SignUp(r); });
    router.Add("POST", "/api/auth/signin", [this](Request& r) { return SignIn(r); });
    router.Add("POST", "/api/auth/signout", authed([this](Request&, P who) {
                 auto s = s_.accounts.SignOut(who);
                 if (!s.ok()) return ErrorFor(s.error());
                 Response r = NoContent();
                 r.headers["Set-Cookie"] = s_.auth.ClearedCookie();
                 return r;
               }));
    router.Add("POST", "/api/waitlist", [this](Request& r) { return JoinWaitlist(r); });
    router.Add("GET", "/api/waitlist/{id}", [this](Request& r) {
      auto w = s_.accounts.WaitlistStatus(r.params["id"]);
      if (!w.ok()) return ErrorFor(w.error());
      return JsonResponse(200, WaitlistJson(*w, false));
    });

    // Me.
    router.Add("GET", "/api/me", authed([this](Request&, P who) { return Me(who); }));
    router.Add("PATCH", "/api/me", authed([this](Request& r, P who) { return UpdateMe(r, who); }));
    router.Add("PUT", "/api/me/avatar",
               authed([this](Request& r, P who) { return PutAvatar(r, who); }));
    router.Add("POST", "/api/me/password", authed([this](Request& r, P who) {
                 auto body = Body(r, {"current_password", "new_password"});
                 if (!body.ok()) return ErrorFor(body.error());
                 auto current = ReqString(*body, "current_password");
                 if (!current.ok()) return ErrorFor(current.error());
                 auto next = ReqString(*body, "new_password");
                 if (!next.ok()) return ErrorFor(next.error());
                 auto s = s_.accounts.ChangePassword(who, *current, *next);
                 return s.ok() ? NoContent() : ErrorFor(s.error());
               }));
    router.Add("GET", "/api/me/sessions", authed([this](Request& r, P who) {
                 auto list = s_.accounts.Sessions(who);
                 if (!list.ok()) return ErrorFor(list.error());
                 return Paged(
                     r, std::move(*list), [](const store::Session& s) { return s.id; },
                     [&](const store::Session& s) { return SessionJson(s, who.session_id); });
               }));
    router.Add("DELETE", "/api/me/sessions/{id}",
               authed([this](Request& r, P who) { return RevokeSession(r.params["id"], who); }));
    router.Add("GET", "/api/me/api-keys", authed([this](Request& r, P who) {
                 auto list = s_.accounts.ApiKeys(who);
                 if (!list.ok()) return ErrorFor(list.error());
                 return Paged(
                     r, std::move(*list),
                     [](const store::ApiKey& k) { return TimeKey(k.created_at, k.id); },
                     ApiKeyJson);
               }));
    router.Add("POST", "/api/me/api-keys", authed([this](Request& r, P who) {
                 auto body = Body(r, {"name"});
                 if (!body.ok()) return ErrorFor(body.error());
                 auto name = ReqString(*body, "name");
                 if (!name.ok()) return ErrorFor(name.error());
                 auto made = s_.accounts.CreateApiKey(who, *name);
                 if (!made.ok()) return ErrorFor(made.error());
                 json j = ApiKeyJson(made->key);
                 j["key"] = made->secret;
                 return JsonResponse(201, j);
               }));
    router.Add("DELETE", "/api/me/api-keys/{id}", authed([this](Request& r, P who) {
                 auto s = s_.accounts.RevokeApiKey(who, r.params["id"]);
                 return s.ok() ? NoContent() : ErrorFor(s.error());
               }));
    router.Add("GET", "/api/me/invites", authed([this](Request& r, P who) {
                 auto list = s_.accounts.MyInvites(who);
                 if (!list.ok()) return ErrorFor(list.error());
                 return Paged(
                     r, std::move(*list),
                     [](const store::Invite& i) { return TimeKey(i.created_at, i.code); },
                     InviteJson);
               }));
    router.Add("GET", "/api/me/blocked", authed([this](Request& r, P who) {
                 return Edges(r, who, who.is_member() ? who.user->handle : "",
                              social::GraphService::List::kBlocked);
               }));
    router.Add("GET", "/api/me/muted", authed([this](Request& r, P who) {
                 return Edges(r, who, who.is_member() ? who.user->handle : "",
                              social::GraphService::List::kMuted);
               }));

    // Members and the graph.
    router.Add("GET", "/api/users/{handle}", authed([this](Request& r, P who) {
                 auto p = s_.graph.GetProfile(who, r.params["handle"]);
                 if (!p.ok()) return ErrorFor(p.error());
                 return JsonResponse(200, ProfileJson(*p));
               }));
    router.Add("GET", "/api/users/{handle}/avatar",
               authed([this](Request& r, P who) { return GetAvatar(r, who); }));
    for (auto [path, which] : {std::pair{"followers", social::GraphService::List::kFollowers},
                               std::pair{"following", social::GraphService::List::kFollowing},
                               std::pair{"mutuals", social::GraphService::List::kMutuals}}) {
      router.Add("GET", std::string("/api/users/{handle}/") + path,
                 authed([this, which = which](Request& r, P who) {
                   return Edges(r, who, r.params["handle"], which);
                 }));
    }
    AddToggle(router, "follow", "following", &social::GraphService::Follow,
              &social::GraphService::Unfollow);
    AddToggle(router, "block", "blocking", &social::GraphService::Block,
              &social::GraphService::Unblock);
    AddToggle(router, "mute", "muting", &social::GraphService::Mute, &social::GraphService::Unmute);
    router.Add("GET", "/api/users/{handle}/videos",
               authed([this](Request& r, P who) { return Shelf(r, who); }));

    // Videos and comments.
    router.Add("GET", "/api/generations/{id}/video", authed([this](Request& r, P who) {
                 return VideoOfGeneration(r.params["id"], who);
               }));
    router.Add("GET", "/api/videos/{id}", authed([this](Request& r, P who) {
                 auto v = s_.videos.Get(who, r.params["id"]);
                 if (!v.ok()) return ErrorFor(v.error());
                 return JsonResponse(200, ViewJson(*v));
               }));
    router.Add("PATCH", "/api/videos/{id}",
               authed([this](Request& r, P who) { return UpdateVideo(r, who); }));
    router.Add("DELETE", "/api/videos/{id}", authed([this](Request& r, P who) {
                 auto s = s_.videos.Delete(who, r.params["id"]);
                 return s.ok() ? NoContent() : ErrorFor(s.error());
               }));
    router.Add("GET", "/api/videos/{id}/content", authed([this](Request& r, P who) {
                 auto path = s_.videos.ContentPath(who, r.params["id"]);
                 if (!path.ok()) return ErrorFor(path.error());
                 Response resp;
                 resp.file = *path;
                 resp.headers["Content-Type"] = "video/mp4";
                 resp.headers["Cache-Control"] = "private, max-age=3600";
                 return resp;
               }));
    router.Add("POST", "/api/videos/{id}/view", authed([this](Request& r, P who) {
                 auto s = s_.videos.View(who, r.params["id"]);
                 return s.ok() ? NoContent() : ErrorFor(s.error());
               }));
    router.Add("POST", "/api/videos/{id}/like",
               authed([this](Request& r, P who) { return Like(r.params["id"], who, true); }));
    router.Add("DELETE", "/api/videos/{id}/like",
               authed([this](Request& r, P who) { return Like(r.params["id"], who, false); }));
    router.Add("GET", "/api/videos/{id}/comments",
               authed([this](Request& r, P who) { return Comments(r, who); }));
    router.Add("POST", "/api/videos/{id}/comments",
               authed([this](Request& r, P who) { return AddComment(r, who); }));
    router.Add("DELETE", "/api/comments/{id}", authed([this](Request& r, P who) {
                 auto s = s_.videos.DeleteComment(who, r.params["id"]);
                 return s.ok() ? NoContent() : ErrorFor(s.error());
               }));

    // Notifications.
    router.Add("GET", "/api/notifications",
               authed([this](Request& r, P who) { return Notifications(r, who); }));
    router.Add("POST", "/api/notifications/read", authed([this](Request& r, P who) {
                 auto body = Body(r, {"up_to_id"});
                 if (!body.ok()) return ErrorFor(body.error());
                 int64_t up_to = 0;
                 if (auto it = body->find("up_to_id"); it != body->end() && !it->is_null()) {
                   if (!it->is_number_integer() || it->get<int64_t>() < 1) {
                     return ErrorFor(
                         core::InvalidArgument("up_to_id must be a notification id", "up_to_id"));
                   }
                   up_to = it->get<int64_t>();
                 }
                 auto n = s_.notifications.MarkRead(who, up_to);
                 if (!n.ok()) return ErrorFor(n.error());
                 return JsonResponse(200, {{"marked", *n}});
               }));
    router.Add("GET", "/api/notifications/stream",
               authed([this](Request& r, P who) { return Stream(r, who); }));

    // Administration.
    router.Add("POST", "/api/admin/invites", authed([this](Request& r, P who) {
                 auto body = Body(r, {"count"});
                 if (!body.ok()) return ErrorFor(body.error());
                 int count = 1;
                 if (auto it = body->find("count"); it != body->end()) {
                   if (!it->is_number_integer()) {
                     return ErrorFor(core::InvalidArgument("count must be an integer", "count"));
                   }
                   count = static_cast<int>(std::clamp<int64_t>(it->get<int64_t>(), -1, 1000));
                 }
                 auto made = s_.accounts.CreateInvites(who, count);
                 if (!made.ok()) return ErrorFor(made.error());
                 json data = json::array();
                 for (const auto& i : *made) data.push_back(InviteJson(i));
                 return JsonResponse(201, {{"object", "list"}, {"data", data}});
               }));
    router.Add(
        "GET", "/api/admin/waitlist", authed([this](Request& r, P who) {
          auto args = ReadList(r);
          if (!args.ok()) return ErrorFor(args.error());
          const bool waiting = r.query.count("status") && r.query["status"] == "waiting";
          if (r.query.count("status") && r.query["status"] != "waiting" &&
              r.query["status"] != "all") {
            return ErrorFor(core::InvalidArgument("status must be waiting or all", "status"));
          }
          auto page = s_.accounts.Waitlist(who, waiting, args->after, args->limit);
          if (!page.ok()) return ErrorFor(page.error());
          return JsonResponse(200, ListJson(*page, [](const store::WaitlistEntry& w) {
                                return WaitlistJson(w, true);
                              }));
        }));
    router.Add("POST", "/api/admin/waitlist/{id}/admit", authed([this](Request& r, P who) {
                 auto w = s_.accounts.Admit(who, r.params["id"]);
                 if (!w.ok()) return ErrorFor(w.error());
                 return JsonResponse(200, WaitlistJson(*w, true));
               }));
  }

 private:
  using GraphOp = core::Result<bool> (social::GraphService::*)(const Principal&,
                                                               const std::string&);

  void AddToggle(Router& router, const std::string& path, const std::string& field, GraphOp on,
                 GraphOp off) {
    for (bool set : {true, false}) {
      router.Add(set ? "POST" : "DELETE", "/api/users/{handle}/" + path,
                 Authed(s_.auth,
                        [this, field, op = set ? on : off, set](Request& r, const Principal& who) {
                          auto changed = (s_.graph.*op)(who, r.params["handle"]);
                          if (!changed.ok()) return ErrorFor(changed.error());
                          return JsonResponse(200, {{field, set}, {"changed", *changed}});
                        }));
    }
  }

  Response Signed(const social::SignedIn& in, int status) {
    json body = {{"user", MeJson(in.user, s_.accounts.IsTeen(in.user))},
                 {"csrf_token", in.session.csrf_token}};
    Response r = JsonResponse(status, body);
    r.headers["Set-Cookie"] = s_.auth.SessionCookie(in.token, s_.accounts.session_ttl_ms() / 1000);
    r.headers["Cache-Control"] = "no-store";
    return r;
  }

  Response SignUp(Request& r) {
    auto body =
        Body(r, {"handle", "display_name", "password", "birthdate", "country", "invite_code"});
    if (!body.ok()) return ErrorFor(body.error());
    social::SignUpRequest req;
    for (auto [key, out] :
         {std::pair{"handle", &req.handle}, std::pair{"password", &req.password},
          std::pair{"birthdate", &req.birthdate}, std::pair{"country", &req.country}}) {
      auto v = ReqString(*body, key);
      if (!v.ok()) return ErrorFor(v.error());
      *out = *v;
    }
    for (auto [key, out] : {std::pair{"display_name", &req.display_name},
                            std::pair{"invite_code", &req.invite_code}}) {
      auto v = OptString(*body, key);
      if (!v.ok()) return ErrorFor(v.error());
      *out = v->value_or("");
    }
    req.user_agent = r.Header("User-Agent");
    req.ip = r.remote;
    auto in = s_.accounts.SignUp(req);
    if (!in.ok()) return ErrorFor(in.error());
    core::LogInfo("member joined", {{"handle", in->user.handle}, {"role", in->user.role}});
    return Signed(*in, 201);
  }

  Response SignIn(Request& r) {
    auto body = Body(r, {"handle", "password"});
    if (!body.ok()) return ErrorFor(body.error());
    auto handle = ReqString(*body, "handle");
    if (!handle.ok()) return ErrorFor(handle.error());
    auto password = ReqString(*body, "password");
    if (!password.ok()) return ErrorFor(password.error());
    auto in = s_.accounts.SignIn(*handle, *password, r.Header("User-Agent"), r.remote);
    if (!in.ok()) {
      if (in.error().code == core::ErrorCode::kUnauthenticated) {
        return ErrorResponse(401, "authentication_error", in.error().message, {},
                             "invalid_credentials");
      }
      return ErrorFor(in.error());
    }
    return Signed(*in, 200);
  }

  Response JoinWaitlist(Request& r) {
    auto body = Body(r, {"email", "country", "note"});
    if (!body.ok()) return ErrorFor(body.error());
    auto email = ReqString(*body, "email");
    if (!email.ok()) return ErrorFor(email.error());
    auto country = ReqString(*body, "country");
    if (!country.ok()) return ErrorFor(country.error());
    auto note = OptString(*body, "note");
    if (!note.ok()) return ErrorFor(note.error());
    auto w = s_.accounts.JoinWaitlist(*email, *country, note->value_or(""));
    if (!w.ok()) return ErrorFor(w.error());
    return JsonResponse(201, WaitlistJson(*w, false));
  }

  Response Me(const Principal& who) {
    if (!who.is_member()) {
      return JsonResponse(200, {{"user", nullptr}, {"role", "admin"}, {"installation_key", true}});
    }
    auto unread = s_.notifications.UnreadCount(who);
    return JsonResponse(
        200,
        {{"user", MeJson(*who.user, s_.accounts.IsTeen(*who.user))},
         {"csrf_token", who.via == Principal::Via::kSession ? json(who.csrf_token) : json(nullptr)},
         {"unread_notifications", unread.ok() ? *unread : 0}});
  }

  Response UpdateMe(Request& r, const Principal& who) {
    auto body = Body(r, {"display_name", "bio"});
    if (!body.ok()) return ErrorFor(body.error());
    auto name = OptString(*body, "display_name");
    if (!name.ok()) return ErrorFor(name.error());
    auto bio = OptString(*body, "bio");
    if (!bio.ok()) return ErrorFor(bio.error());
    auto updated = s_.accounts.UpdateProfile(who, *name, *bio, std::nullopt);
    if (!updated.ok()) return ErrorFor(updated.error());
    return JsonResponse(200,
                        {{"user", MeJson(updated->first, s_.accounts.IsTeen(updated->first))}});
  }

  Response PutAvatar(Request& r, const Principal& who) {
    if (!who.is_member()) {
      return ErrorFor(core::FailedPrecondition("installation keys have no profile"));
    }
    if (r.body.size() > kMaxAvatarBytes) {
      return ErrorResponse(413, "invalid_request_error", "an avatar must be at most 2 MiB", {},
                           "request_too_large");
    }
    const std::string type = SniffImage(r.body);
    if (type.empty()) {
      return ErrorFor(
          core::InvalidArgument("the avatar must be a PNG, JPEG or WebP image", "avatar"));
    }
    const std::string scratch =
        s_.blobs.ScratchDir() + "/avatar-" + core::NewId("up", core::SystemClock()) + ".img";
    {
      std::ofstream out(scratch, std::ios::binary);
      out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
      out.flush();
      if (!out) return ErrorFor(core::IoError("cannot write the avatar"));
    }
    auto key = s_.blobs.PutFile(scratch);
    if (!key.ok()) {
      std::error_code ec;
      std::filesystem::remove(scratch, ec);
      return ErrorFor(key.error());
    }
    auto updated = s_.accounts.UpdateProfile(who, std::nullopt, std::nullopt, *key);
    if (!updated.ok()) return ErrorFor(updated.error());
    if (!updated->second.empty()) (void)s_.blobs.Remove(updated->second);
    return JsonResponse(200,
                        {{"user", MeJson(updated->first, s_.accounts.IsTeen(updated->first))}});
  }

  Response GetAvatar(Request& r, const Principal& who) {
    auto p = s_.graph.GetProfile(who, r.params["handle"]);
    if (!p.ok()) return ErrorFor(p.error());
    if (p->user.avatar_key.empty()) return ErrorFor(core::NotFound("this member has no avatar"));
    auto path = s_.blobs.PathOf(p->user.avatar_key);
    if (!path.ok()) return ErrorFor(path.error());
    std::ifstream in(*path, std::ios::binary);
    char head[12] = {};
    in.read(head, sizeof head);
    Response resp;
    resp.file = *path;
    resp.headers["Content-Type"] =
        SniffImage(std::string_view(head, static_cast<size_t>(in.gcount())));
    resp.headers["Cache-Control"] = "private, max-age=86400";
    return resp;
  }

  Response RevokeSession(const std::string& short_id, const Principal& who) {
    // Sessions are listed by the first 16 characters of their digest.
    auto list = s_.accounts.Sessions(who);
    if (!list.ok()) return ErrorFor(list.error());
    for (const auto& s : *list) {
      if (short_id.size() == 16 && s.id.rfind(short_id, 0) == 0) {
        auto done = s_.accounts.RevokeSession(who, s.id);
        if (!done.ok()) return ErrorFor(done.error());
        Response r = NoContent();
        if (s.id == who.session_id) r.headers["Set-Cookie"] = s_.auth.ClearedCookie();
        return r;
      }
    }
    return ErrorFor(core::NotFound("no session with id '" + short_id + "'"));
  }

  Response Edges(Request& r, const Principal& who, const std::string& handle,
                 social::GraphService::List which) {
    if (handle.empty()) {
      return ErrorFor(core::FailedPrecondition("installation keys have no graph"));
    }
    auto args = ReadList(r);
    if (!args.ok()) return ErrorFor(args.error());
    auto page = s_.graph.ListOf(who, handle, which, args->after, args->limit);
    if (!page.ok()) return ErrorFor(page.error());
    return JsonResponse(200, ListJson(*page, [](const store::FollowEdge& e) {
                          json j = MemberJson(e.user);
                          j["since"] = e.since;
                          return j;
                        }));
  }

  // Lists of videos, each with its owner (looked up once per owner).
  json VideoList(const store::Page<store::Video>& page, const Principal& who) {
    std::map<std::string, store::User> owners;
    std::vector<std::string> ids;
    for (const auto& v : page.items) ids.push_back(v.id);
    auto liked = s_.videos.LikedAmong(who, ids);
    const std::set<std::string> liked_ids =
        liked.ok() ? std::set<std::string>(liked->begin(), liked->end()) : std::set<std::string>();
    return ListJson(page, [&](const store::Video& v) {
      auto it = owners.find(v.owner_id);
      if (it == owners.end()) {
        store::User owner;
        owner.id = v.owner_id;
        if (auto found = s_.graph.Member(v.owner_id); found.ok()) owner = *found;
        it = owners.emplace(v.owner_id, owner).first;
      }
      const bool mine = who.is_member() && who.user_id() == v.owner_id;
      return VideoJson(v, it->second, liked_ids.count(v.id) > 0, mine, mine || who.is_admin());
    });
  }

  Response Shelf(Request& r, const Principal& who) {
    auto args = ReadList(r);
    if (!args.ok()) return ErrorFor(args.error());
    const std::string shelf = r.query.count("shelf") ? r.query["shelf"] : "posted";
    social::VideoService::Shelf which;
    if (shelf == "posted") {
      which = social::VideoService::Shelf::kPosted;
    } else if (shelf == "drafts") {
      which = social::VideoService::Shelf::kDrafts;
    } else if (shelf == "liked") {
      which = social::VideoService::Shelf::kLiked;
    } else if (shelf == "cameos") {
      which = social::VideoService::Shelf::kCameos;
    } else {
      return ErrorFor(core::InvalidArgument(
          "shelf must be posted, drafts, liked or cameos (got '" + shelf.substr(0, 20) + "')",
          "shelf"));
    }
    auto page = s_.videos.MemberVideos(who, r.params["handle"], which, args->after, args->limit);
    if (!page.ok()) return ErrorFor(page.error());
    return JsonResponse(200, VideoList(*page, who));
  }

  Response VideoOfGeneration(const std::string& generation_id, const Principal& who) {
    auto v = s_.videos.OfGeneration(who, generation_id);
    if (!v.ok()) return ErrorFor(v.error());
    return JsonResponse(200, ViewJson(*v));
  }

  Response UpdateVideo(Request& r, const Principal& who) {
    auto body = Body(r, {"visibility", "caption", "tags"});
    if (!body.ok()) return ErrorFor(body.error());
    auto visibility = OptString(*body, "visibility");
    if (!visibility.ok()) return ErrorFor(visibility.error());
    auto caption = OptString(*body, "caption");
    if (!caption.ok()) return ErrorFor(caption.error());
    std::optional<std::vector<std::string>> tags;
    if (auto it = body->find("tags"); it != body->end() && !it->is_null()) {
      if (!it->is_array())
        return ErrorFor(core::InvalidArgument("tags must be a list of strings", "tags"));
      tags.emplace();
      for (const auto& t : *it) {
        if (!t.is_string()) {
          return ErrorFor(core::InvalidArgument("tags must be a list of strings", "tags"));
        }
        tags->push_back(t.get<std::string>());
      }
    }
    auto v = s_.videos.Update(who, r.params["id"], *visibility, *caption, tags);
    if (!v.ok()) return ErrorFor(v.error());
    return JsonResponse(200, ViewJson(*v));
  }

  Response Like(const std::string& id, const Principal& who, bool like) {
    auto changed = like ? s_.videos.Like(who, id) : s_.videos.Unlike(who, id);
    if (!changed.ok()) return ErrorFor(changed.error());
    auto v = s_.videos.Get(who, id);
    if (!v.ok()) return ErrorFor(v.error());
    return JsonResponse(200, {{"liked", like}, {"like_count", v->video.like_count}});
  }

  Response Comments(Request& r, const Principal& who) {
    auto args = ReadList(r);
    if (!args.ok()) return ErrorFor(args.error());
    auto comments = s_.videos.Comments(who, r.params["id"], args->after, args->limit);
    if (!comments.ok()) return ErrorFor(comments.error());
    return JsonResponse(200, ListJson(comments->page, [&](const store::Comment& c) {
                          return CommentJson(c, who, comments->video_owner_id);
                        }));
  }

  Response AddComment(Request& r, const Principal& who) {
    auto body = Body(r, {"body"});
    if (!body.ok()) return ErrorFor(body.error());
    auto text = ReqString(*body, "body");
    if (!text.ok()) return ErrorFor(text.error());
    auto c = s_.videos.AddComment(who, r.params["id"], *text);
    if (!c.ok()) return ErrorFor(c.error());
    return JsonResponse(201, CommentJson(*c, who, ""));
  }

  Response Notifications(Request& r, const Principal& who) {
    auto args = ReadList(r);
    if (!args.ok()) return ErrorFor(args.error());
    const bool unread = r.query.count("unread") && r.query["unread"] == "true";
    auto page = s_.notifications.List(who, unread, args->after, args->limit);
    if (!page.ok()) return ErrorFor(page.error());
    json j = ListJson(*page, NotificationJson);
    auto count = s_.notifications.UnreadCount(who);
    j["unread_count"] = count.ok() ? *count : 0;
    return JsonResponse(200, j);
  }

  Response Stream(Request& r, const Principal& who) {
    if (!who.is_member()) {
      return ErrorFor(core::FailedPrecondition("installation keys have no notifications"));
    }
    int64_t last_id = 0;
    const std::string last = r.Header("Last-Event-ID");
    if (!last.empty()) {
      if (!core::ParseNumber(last, last_id) || last_id < 0) {
        last_id = 0;
      }
    }
    Response resp;
    resp.headers["Content-Type"] = "text/event-stream";
    social::NotificationService& notifications = s_.notifications;
    const Principal principal = who;
    resp.stream = [&notifications, principal, last_id](std::shared_ptr<StreamSink> sink) {
      // Subscribe first, then replay what the client missed, so nothing
      // falls between the two; a notification in both is sent once.
      struct Sent {
        std::mutex mu;
        int64_t up_to;  // guarded by mu
      };
      auto sent = std::make_shared<Sent>();
      sent->up_to = last_id;
      auto send = [sink, sent](const store::Notification& n) {
        std::lock_guard lock(sent->mu);
        if (n.id <= sent->up_to) return sink->open();
        sent->up_to = n.id;
        return sink->Write(
            SseEvent("notification", NotificationJson(n).dump(), std::to_string(n.id)));
      };
      notifications.Subscribe(principal.user_id(), send, [sink] { return sink->open(); });
      if (last_id > 0) {
        auto missed = notifications.Since(principal, last_id);
        if (missed.ok()) {
          for (const auto& n : *missed) send(n);
        }
      }
      sink->Write(SseComment("connected"));
    };
    return resp;
  }

  SocialServices s_;
};

}  // namespace

std::shared_ptr<void> AddSocialRoutes(Router& router, const SocialServices& services) {
  auto routes = std::make_shared<Routes>(services);
  routes->Register(router);
  return routes;
}

}  // namespace kinora::http
