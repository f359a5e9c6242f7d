#include "http/social_json.h"

namespace kinora::http {

using nlohmann::json;
using social::Principal;

namespace {

json AvatarUrl(const store::User& u) {
  if (u.avatar_key.empty()) return nullptr;
  return "/api/users/" + u.handle + "/avatar?v=" + u.avatar_key.substr(0, 8);
}

}  // namespace

json MemberJson(const store::User& u) {
  return {{"id", u.id},
          {"handle", u.handle},
          {"display_name", u.display_name},
          {"avatar_url", AvatarUrl(u)}};
}

json MeJson(const store::User& u, bool teen) {
  return {{"id", u.id},
          {"handle", u.handle},
          {"display_name", u.display_name},
          {"bio", u.bio},
          {"avatar_url", AvatarUrl(u)},
          {"birthdate", u.birthdate},
          {"country", u.country},
          {"role", u.role},
          {"is_teen", teen},
          {"follower_count", u.follower_count},
          {"following_count", u.following_count},
          {"video_count", u.video_count},
          {"created_at", u.created_at}};
}

json ProfileJson(const social::Profile& p) {
  json rel = nullptr;
  if (!p.is_self) {
    rel = {{"following", p.relationship.following},
           {"followed_by", p.relationship.followed_by},
           {"blocking", p.relationship.blocking},
           {"muting", p.relationship.muting}};
  }
  return {{"id", p.user.id},
          {"handle", p.user.handle},
          {"display_name", p.user.display_name},
          {"bio", p.user.bio},
          {"avatar_url", AvatarUrl(p.user)},
          {"follower_count", p.user.follower_count},
          {"following_count", p.user.following_count},
          {"video_count", p.user.video_count},
          {"created_at", p.user.created_at},
          {"is_self", p.is_self},
          {"relationship", rel}};
}

json VideoJson(const store::Video& v, const store::User& owner, bool liked, bool can_edit,
               bool can_delete) {
  json cast = json::array();
  for (const auto& m : v.cast) cast.push_back({{"cameo_id", m.cameo_id}, {"owner_id", m.owner_id}});
  return {{"id", v.id},
          {"object", "social.video"},
          {"owner", MemberJson(owner)},
          {"generation_id", v.generation_id.empty() ? json(nullptr) : json(v.generation_id)},
          {"prompt", v.prompt},
          {"caption", v.caption},
          {"visibility", v.visibility},
          {"remix_of", v.remix_of ? json(*v.remix_of) : json(nullptr)},
          {"seconds", v.seconds},
          {"size", std::to_string(v.width) + "x" + std::to_string(v.height)},
          {"like_count", v.like_count},
          {"comment_count", v.comment_count},
          {"view_count", v.view_count},
          {"remix_count", v.remix_count},
          {"created_at", v.created_at},
          {"posted_at", v.posted_at ? json(*v.posted_at) : json(nullptr)},
          {"liked", liked},
          {"can_edit", can_edit},
          {"can_delete", can_delete},
          {"content_url", "/api/videos/" + v.id + "/content"},
          {"cast", cast},
          {"tags", v.tags}};
}

json ViewJson(const social::VideoView& v) {
  return VideoJson(v.video, v.owner, v.liked, v.can_edit, v.can_delete);
}

json CommentJson(const store::Comment& c, const Principal& viewer, const std::string& video_owner) {
  store::User author;
  author.id = c.author_id;
  author.handle = c.author_handle;
  author.display_name = c.author_display_name;
  author.avatar_key = c.author_avatar_key;
  const bool can_delete =
      viewer.is_admin() ||
      (viewer.is_member() && (viewer.user_id() == c.author_id || viewer.user_id() == video_owner));
  return {{"id", c.id},
          {"video_id", c.video_id},
          {"body", c.body},
          {"created_at", c.created_at},
          {"author", MemberJson(author)},
          {"can_delete", can_delete}};
}

json NotificationJson(const store::Notification& n) {
  json actor = nullptr;
  if (n.actor_id) {
    store::User u;
    u.id = *n.actor_id;
    u.handle = n.actor_handle;
    u.display_name = n.actor_display_name;
    actor = MemberJson(u);
  }
  return {{"id", n.id},
          {"kind", n.kind},
          {"actor", actor},
          {"video_id", n.video_id ? json(*n.video_id) : json(nullptr)},
          {"comment_id", n.comment_id ? json(*n.comment_id) : json(nullptr)},
          {"text", n.text},
          {"created_at", n.created_at},
          {"read", n.read_at.has_value()}};
}

json SessionJson(const store::Session& s, const std::string& current) {
  return {{"id", s.id.substr(0, 16)},   {"current", s.id == current},
          {"user_agent", s.user_agent}, {"ip", s.ip},
          {"created_at", s.created_at}, {"last_seen_at", s.last_seen_at},
          {"expires_at", s.expires_at}};
}

json ApiKeyJson(const store::ApiKey& k) {
  return {{"id", k.id},
          {"name", k.name},
          {"prefix", k.prefix},
          {"created_at", k.created_at},
          {"last_used_at", k.last_used_at ? json(*k.last_used_at) : json(nullptr)},
          {"revoked_at", k.revoked_at ? json(*k.revoked_at) : json(nullptr)}};
}

json InviteJson(const store::Invite& i) {
  return {{"code", i.code},
          {"created_at", i.created_at},
          {"used", i.used_by.has_value()},
          {"used_at", i.used_at ? json(*i.used_at) : json(nullptr)}};
}

json WaitlistJson(const store::WaitlistEntry& w, bool admin) {
  json j = {{"id", w.id},
            {"status", w.admitted_at ? "admitted" : "waiting"},
            {"created_at", w.created_at},
            {"invite_code", w.invite_code.empty() ? json(nullptr) : json(w.invite_code)}};
  if (admin) {
    j["email"] = w.email;
    j["country"] = w.country;
    j["note"] = w.note;
  }
  return j;
}

std::string SniffImage(std::string_view bytes) {
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    return "image/png";
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xff\xd8\xff", 3)) {
    return "image/jpeg";
  }
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  return {};
}

}  // namespace kinora::http
