// Authentication for /v1 and /api: a bearer API key (`Authorization: Bearer
// kn_…`) or the web app's session cookie. Cookie-authenticated requests that
// change something must carry the session's CSRF token in X-CSRF-Token
// (a synchronizer token; SameSite=Lax on the cookie is the second line).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "http/message.h"
#include "http/router.h"
#include "social/accounts.h"

namespace kinora::http {

inline constexpr std::string_view kSessionCookie = "kn_session";

class Authenticator {
 public:
  Authenticator(social::AccountService& accounts, bool secure_cookies)
      : accounts_(accounts), secure_cookies_(secure_cookies) {}

  // The caller, or the error response to send (401, or 403 for a failed
  // CSRF check on a state-changing cookie request).
  std::optional<Response> Authenticate(const Request& request, social::Principal& out) const;

  // Set-Cookie values that start and end a session.
  std::string SessionCookie(const std::string& token, int64_t max_age_seconds) const;
  std::string ClearedCookie() const;

  social::AccountService& accounts() const { return accounts_; }

 private:
  social::AccountService& accounts_;
  bool secure_cookies_;
};

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name);

// An error response for e; adds Retry-After to rate-limit errors whose
// detail is a number of seconds.
Response ErrorFor(const core::Error& e);

using AuthedHandler = std::function<Response(Request&, const social::Principal&)>;
// Wraps h so it runs only for an authenticated caller.
Handler Authed(const Authenticator& auth, AuthedHandler h);

}  // namespace kinora::http
