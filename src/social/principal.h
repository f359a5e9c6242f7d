// Principal: who is making a request, as the domain layer sees it — a
// member signed in with a session cookie, a member's API key, or an
// installation (administrator) key that belongs to no member.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "store/social_store.h"

namespace kinora::social {

struct Principal {
  enum class Via { kSession, kApiKey };
  std::optional<store::User> user;  // nullopt: an installation key
  Via via = Via::kSession;
  std::string session_id;  // Via::kSession
  std::string csrf_token;  // Via::kSession
  std::string api_key_id;  // Via::kApiKey

  bool is_admin() const { return !user || user->role == "admin"; }
  bool is_member() const { return user.has_value(); }
  // The member's id, or "" for an installation key.
  const std::string& user_id() const {
    static const std::string kNone;
    return user ? user->id : kNone;
  }
};

// kFailedPrecondition for an installation key, which has no account.
inline core::Status RequireMember(const Principal& who) {
  if (!who.is_member()) {
    return core::FailedPrecondition("this needs a member; installation keys have no account");
  }
  return core::Ok();
}

}  // namespace kinora::social
