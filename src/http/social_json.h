// The JSON objects of /api (docs/api.md, "Objects"): members, profiles,
// videos, comments, notifications, sessions, keys, invites and waitlist
// entries, built from the store's and the domain's values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "social/graph.h"
#include "social/principal.h"
#include "social/videos.h"

namespace kinora::http {

nlohmann::json MemberJson(const store::User& u);
nlohmann::json MeJson(const store::User& u, bool teen);
nlohmann::json ProfileJson(const social::Profile& p);
nlohmann::json VideoJson(const store::Video& v, const store::User& owner, bool liked, bool can_edit,
                         bool can_delete);
nlohmann::json ViewJson(const social::VideoView& v);
nlohmann::json CommentJson(const store::Comment& c, const social::Principal& viewer,
                           const std::string& video_owner);
nlohmann::json NotificationJson(const store::Notification& n);
nlohmann::json SessionJson(const store::Session& s, const std::string& current);
nlohmann::json ApiKeyJson(const store::ApiKey& k);
nlohmann::json InviteJson(const store::Invite& i);
nlohmann::json WaitlistJson(const store::WaitlistEntry& w, bool admin);

// The image type of an avatar from its first bytes; "" when not one we take.
std::string SniffImage(std::string_view bytes);

}  // namespace kinora::http
