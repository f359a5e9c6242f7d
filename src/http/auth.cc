#include "http/auth.h"

#include <algorithm>

namespace kinora::http {

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string_view value = pair.substr(eq + 1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

Response ErrorFor(const core::Error& e) {
  Response r = ErrorResponse(e);
  if (e.code == core::ErrorCode::kResourceExhausted && !e.detail.empty() &&
      std::all_of(e.detail.begin(), e.detail.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    r.headers["Retry-After"] = e.detail;
  }
  return r;
}

std::optional<Response> Authenticator::Authenticate(const Request& request,
                                                    social::Principal& out) const {
  const std::string authorization = request.Header("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() ||
        !std::equal(kBearer.begin(), kBearer.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return ErrorResponse(401, "authentication_error",
                           "the Authorization header must be 'Bearer <API key>'", {},
                           "invalid_api_key");
    }
    auto p = accounts_.AuthenticateApiKey(authorization.substr(kBearer.size()));
    if (!p.ok()) {
      if (p.error().code != core::ErrorCode::kUnauthenticated) return ErrorFor(p.error());
      return ErrorResponse(401, "authentication_error", p.error().message, {}, "invalid_api_key");
    }
    out = std::move(p).value();
    return std::nullopt;
  }
  const std::string token = CookieValue(request.Header("Cookie"), kSessionCookie);
  if (token.empty()) {
    return ErrorResponse(401, "authentication_error",
                         "sign in, or send an API key as 'Authorization: Bearer kn_…'", {},
                         "unauthenticated");
  }
  auto p = accounts_.AuthenticateSession(token);
  if (!p.ok()) {
    if (p.error().code != core::ErrorCode::kUnauthenticated) return ErrorFor(p.error());
    Response r =
        ErrorResponse(401, "authentication_error", p.error().message, {}, "unauthenticated");
    r.headers["Set-Cookie"] = ClearedCookie();
    return r;
  }
  const std::string& m = request.method;
  const bool changes = m != "GET" && m != "HEAD" && m != "OPTIONS";
  if (changes && !social::SecureEquals(request.Header("X-CSRF-Token"), p->csrf_token)) {
    return ErrorResponse(403, "permission_error",
                         "the X-CSRF-Token header is missing or does not match this session", {},
                         "csrf_failed");
  }
  out = std::move(p).value();
  return std::nullopt;
}

std::string Authenticator::SessionCookie(const std::string& token, int64_t max_age_seconds) const {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Lax" +
         (secure_cookies_ ? "; Secure" : "");
}

std::string Authenticator::ClearedCookie() const {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" +
         (secure_cookies_ ? "; Secure" : "");
}

Handler Authed(const Authenticator& auth, AuthedHandler h) {
  return [&auth, h = std::move(h)](Request& request) -> Response {
    social::Principal who;
    if (auto refused = auth.Authenticate(request, who)) return *refused;
    return h(request, who);
  };
}

}  // namespace kinora::http
