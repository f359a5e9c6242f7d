#include "social/accounts.h"

#include <algorithm>

#include "core/id.h"
#include "core/utf8.h"
#include "social/validation.h"

namespace kinora::social {
namespace {

constexpr size_t kInviteCodeLength = 10;
constexpr std::string_view kKeyPrefix = "kn_";

core::Error Unauthenticated(std::string message) {
  return core::Error{core::ErrorCode::kUnauthenticated, std::move(message), ""};
}

core::Error Forbidden(std::string message) {
  return core::Error{core::ErrorCode::kPermissionDenied, std::move(message), ""};
}

core::Status RequireAdmin(const Principal& who) {
  if (!who.is_admin()) return Forbidden("only administrators may do this");
  return core::Ok();
}

}  // namespace

AccountService::AccountService(store::Store& store, const core::Clock& clock,
                               AccountOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      account_throttle_(options_.max_failures_per_account, options_.failure_window_ms),
      address_throttle_(options_.max_failures_per_address, options_.failure_window_ms) {
  (void)InitCredentials();
}

const std::string& AccountService::DummyHash() {
  // Made on the first sign-in for an unknown handle, not at start-up: a hash
  // at interactive cost takes a tenth of a second and 64 MiB.
  std::call_once(dummy_once_, [this] {
    auto dummy = HashPassword(RandomToken(16), options_.password_cost);
    if (dummy.ok()) dummy_hash_ = *dummy;
  });
  return dummy_hash_;
}

std::vector<std::string> AccountService::NewCodes(int count) const {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(RandomCode(kInviteCodeLength));
  return out;
}

core::Result<SignedIn> AccountService::SignUp(const SignUpRequest& r) {
  const int64_t now = clock_.UnixMillis();
  store::NewUser n;
  KINORA_ASSIGN_OR_RETURN(n.user.handle, NormalizeHandle(r.handle));
  KINORA_ASSIGN_OR_RETURN(n.user.display_name,
                          ValidateDisplayName(r.display_name.empty() ? r.handle : r.display_name));
  KINORA_RETURN_IF_ERROR(ValidatePassword(r.password));
  KINORA_ASSIGN_OR_RETURN(n.user.birthdate, ValidateBirthdate(r.birthdate, now));
  KINORA_ASSIGN_OR_RETURN(n.user.country, NormalizeCountry(r.country));
  if (!options_.allowed_countries.empty() &&
      std::find(options_.allowed_countries.begin(), options_.allowed_countries.end(),
                n.user.country) == options_.allowed_countries.end()) {
    return core::Error{
        core::ErrorCode::kPermissionDenied,
        "Kinora is not open in " + n.user.country + " yet; join the waitlist to hear when it is",
        "country"};
  }
  std::string code = core::AsciiLower(r.invite_code);
  code.erase(std::remove_if(code.begin(), code.end(), [](char c) { return c == ' ' || c == '-'; }),
             code.end());
  n.invite_required = options_.invites_required;
  if (options_.invites_required) n.invite_code = code;
  n.first_member_is_admin = true;
  KINORA_ASSIGN_OR_RETURN(n.user.password_hash, HashPassword(r.password, options_.password_cost));
  n.user.id = core::NewId("user", clock_);
  n.user.created_at = now;
  n.starter_codes = NewCodes(options_.starter_invites);
  auto created = store_.CreateUser(n);
  if (!created.ok()) return created.error();
  return StartSession(*created, r.user_agent, r.ip);
}

core::Result<SignedIn> AccountService::StartSession(const store::User& user,
                                                    const std::string& user_agent,
                                                    const std::string& ip) {
  const int64_t now = clock_.UnixMillis();
  SignedIn out;
  out.user = user;
  out.token = RandomToken(32);
  out.session.id = Sha256Hex(out.token);
  out.session.user_id = user.id;
  out.session.csrf_token = RandomToken(24);
  out.session.user_agent = user_agent.substr(0, 300);
  out.session.ip = ip.substr(0, 64);
  out.session.created_at = now;
  out.session.last_seen_at = now;
  out.session.expires_at = now + options_.session_ttl_ms;
  KINORA_RETURN_IF_ERROR(store_.CreateSession(out.session));
  return out;
}

core::Result<SignedIn> AccountService::SignIn(const std::string& handle_in,
                                              const std::string& password,
                                              const std::string& user_agent,
                                              const std::string& ip) {
  const int64_t now = clock_.UnixMillis();
  if (handle_in.empty()) return core::InvalidArgument("handle is required", "handle");
  if (password.empty()) return core::InvalidArgument("password is required", "password");
  const std::string handle = core::AsciiLower(handle_in.substr(0, 64));
  const std::string account_key = "account:" + handle;
  const std::string address_key = "address:" + ip;
  const int64_t wait = std::max(account_throttle_.RetryAfterSeconds(account_key, now),
                                address_throttle_.RetryAfterSeconds(address_key, now));
  if (wait > 0) {
    return core::Error{
        core::ErrorCode::kResourceExhausted,
        "too many failed sign-ins; try again in " + std::to_string(wait) + " seconds",
        std::to_string(wait)};
  }
  auto user = store_.GetUserByHandle(handle);
  if (!user.ok() && user.error().code != core::ErrorCode::kNotFound) return user.error();
  const bool good = user.ok() ? VerifyPassword(password, user->password_hash)
                              : (VerifyPassword(password, DummyHash()), false);
  if (!good) {
    account_throttle_.RecordFailure(account_key, now);
    address_throttle_.RecordFailure(address_key, now);
    return Unauthenticated("the handle or password is wrong");
  }
  account_throttle_.Clear(account_key);
  if (PasswordNeedsRehash(user->password_hash, options_.password_cost)) {
    if (auto h = HashPassword(password, options_.password_cost); h.ok()) {
      (void)store_.SetPasswordHash(user->id, *h);
    }
  }
  return StartSession(*user, user_agent, ip);
}

core::Status AccountService::SignOut(const Principal& who) {
  if (who.via != Principal::Via::kSession) {
    return core::FailedPrecondition("API keys do not sign out; revoke the key instead");
  }
  return store_.DeleteSession(who.user_id(), who.session_id);
}

core::Result<Principal> AccountService::AuthenticateSession(const std::string& token) {
  if (token.empty() || token.size() > 100) return Unauthenticated("not signed in");
  auto session = store_.GetSession(Sha256Hex(token));
  if (!session.ok()) {
    if (session.error().code == core::ErrorCode::kNotFound) {
      return Unauthenticated("the session has ended; sign in again");
    }
    return session.error();
  }
  const int64_t now = clock_.UnixMillis();
  if (session->expires_at <= now) return Unauthenticated("the session has expired; sign in again");
  KINORA_ASSIGN_OR_RETURN(store::User user, store_.GetUser(session->user_id));
  // Sliding expiry, written at most once a minute per session.
  if (now - session->last_seen_at > 60'000) {
    (void)store_.TouchSession(session->id, now, now + options_.session_ttl_ms);
  }
  Principal p;
  p.user = std::move(user);
  p.via = Principal::Via::kSession;
  p.session_id = session->id;
  p.csrf_token = session->csrf_token;
  return p;
}

core::Result<Principal> AccountService::AuthenticateApiKey(const std::string& key) {
  if (key.rfind(kKeyPrefix, 0) != 0 || key.size() > 100) {
    return Unauthenticated("the API key is not valid (Kinora keys start with kn_)");
  }
  auto found = store_.GetApiKeyByHash(Sha256Hex(key));
  if (!found.ok()) {
    if (found.error().code == core::ErrorCode::kNotFound) {
      return Unauthenticated("the API key is not valid");
    }
    return found.error();
  }
  if (found->revoked_at) return Unauthenticated("the API key was revoked");
  Principal p;
  p.via = Principal::Via::kApiKey;
  p.api_key_id = found->id;
  if (found->user_id) {
    KINORA_ASSIGN_OR_RETURN(p.user, store_.GetUser(*found->user_id));
  }
  const int64_t now = clock_.UnixMillis();
  if (!found->last_used_at || now - *found->last_used_at > 60'000) {
    (void)store_.TouchApiKey(found->id, now);
  }
  return p;
}

core::Result<std::vector<store::Session>> AccountService::Sessions(const Principal& who) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  return store_.ListSessions(who.user_id());
}

core::Status AccountService::RevokeSession(const Principal& who, const std::string& session_id) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  auto s = store_.DeleteSession(who.user_id(), session_id);
  if (!s.ok() && s.error().code == core::ErrorCode::kNotFound) {
    return core::NotFound("no session with id '" + session_id + "'");
  }
  return s;
}

core::Status AccountService::ChangePassword(const Principal& who, const std::string& current,
                                            const std::string& replacement) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  KINORA_RETURN_IF_ERROR(ValidatePassword(replacement));
  KINORA_ASSIGN_OR_RETURN(store::User user, store_.GetUser(who.user_id()));
  if (!VerifyPassword(current, user.password_hash)) {
    return core::Error{core::ErrorCode::kPermissionDenied, "the current password is wrong",
                       "current_password"};
  }
  KINORA_ASSIGN_OR_RETURN(std::string hash, HashPassword(replacement, options_.password_cost));
  return store_.SetPasswordHash(user.id, hash);
}

core::Result<NewApiKey> AccountService::MakeKey(const std::optional<std::string>& user_id,
                                                const std::string& name_in) {
  KINORA_ASSIGN_OR_RETURN(std::string name, ValidateKeyName(name_in));
  NewApiKey out;
  out.secret = std::string(kKeyPrefix) + RandomToken(32);
  out.key.id = core::NewId("key", clock_);
  out.key.user_id = user_id;
  out.key.name = name;
  out.key.prefix = out.secret.substr(0, 7);
  out.key.key_hash = Sha256Hex(out.secret);
  out.key.created_at = clock_.UnixMillis();
  KINORA_RETURN_IF_ERROR(store_.CreateApiKey(out.key));
  return out;
}

core::Result<NewApiKey> AccountService::CreateApiKey(const Principal& who,
                                                     const std::string& name) {
  if (who.is_member()) return MakeKey(who.user_id(), name);
  return MakeKey(std::nullopt, name);
}

core::Result<NewApiKey> AccountService::CreateApiKeyFor(const std::string& handle,
                                                        const std::string& name) {
  if (handle.empty()) return MakeKey(std::nullopt, name);
  KINORA_ASSIGN_OR_RETURN(std::string h, NormalizeHandle(handle));
  KINORA_ASSIGN_OR_RETURN(store::User user, store_.GetUserByHandle(h));
  return MakeKey(user.id, name);
}

core::Result<std::vector<store::ApiKey>> AccountService::ApiKeys(const Principal& who) {
  if (who.is_member()) return store_.ListApiKeys(who.user_id());
  return store_.ListApiKeys(std::nullopt);
}

core::Status AccountService::RevokeApiKey(const Principal& who, const std::string& key_id) {
  std::optional<std::string> owner;
  if (who.is_member()) owner = who.user_id();
  auto s = store_.RevokeApiKey(owner, key_id, clock_.UnixMillis());
  if (!s.ok() && s.error().code == core::ErrorCode::kNotFound) {
    return core::NotFound("no API key with id '" + key_id + "'");
  }
  return s;
}

core::Result<std::vector<store::Invite>> AccountService::MyInvites(const Principal& who) {
  if (who.is_member()) return store_.ListInvites(who.user_id());
  return store_.ListInvites(std::nullopt);
}

core::Result<std::vector<store::Invite>> AccountService::CreateInvites(const Principal& who,
                                                                       int count) {
  KINORA_RETURN_IF_ERROR(RequireAdmin(who));
  if (count < 1 || count > 100) {
    return core::InvalidArgument("count must be from 1 to 100", "count");
  }
  std::vector<store::Invite> invites;
  const int64_t now = clock_.UnixMillis();
  for (const auto& code : NewCodes(count)) {
    store::Invite i;
    i.code = code;
    if (who.is_member()) i.created_by = who.user_id();
    i.created_at = now;
    invites.push_back(i);
  }
  KINORA_RETURN_IF_ERROR(store_.CreateInvites(invites));
  return invites;
}

core::Result<std::vector<store::Invite>> AccountService::CreateAdminInvites(int count) {
  return CreateInvites(Principal{}, count);  // no user: the installation
}

core::Result<store::WaitlistEntry> AccountService::JoinWaitlist(const std::string& email,
                                                                const std::string& country,
                                                                const std::string& note) {
  store::WaitlistEntry w;
  KINORA_ASSIGN_OR_RETURN(w.email, NormalizeEmail(email));
  KINORA_ASSIGN_OR_RETURN(w.country, NormalizeCountry(country));
  KINORA_ASSIGN_OR_RETURN(w.note, ValidateNote(note));
  w.id = core::NewId("wait", clock_);
  w.created_at = clock_.UnixMillis();
  KINORA_RETURN_IF_ERROR(store_.JoinWaitlist(w));
  return w;
}

core::Result<store::WaitlistEntry> AccountService::WaitlistStatus(const std::string& id) {
  if (!core::IsValidId(id, "wait")) return core::NotFound("no waitlist entry with id '" + id + "'");
  return store_.GetWaitlistEntry(id);
}

core::Result<store::Page<store::WaitlistEntry>> AccountService::Waitlist(const Principal& who,
                                                                         bool waiting_only,
                                                                         const std::string& after,
                                                                         int limit) {
  KINORA_RETURN_IF_ERROR(RequireAdmin(who));
  return store_.ListWaitlist(waiting_only, after, limit);
}

core::Result<store::WaitlistEntry> AccountService::AdmitEntry(const std::string& entry_id) {
  store::Invite invite;
  invite.code = RandomCode(kInviteCodeLength);
  invite.created_at = clock_.UnixMillis();
  return store_.AdmitWaitlistEntry(entry_id, invite);
}

core::Result<store::WaitlistEntry> AccountService::Admit(const Principal& who,
                                                         const std::string& entry_id) {
  KINORA_RETURN_IF_ERROR(RequireAdmin(who));
  return AdmitEntry(entry_id);
}

core::Result<store::WaitlistEntry> AccountService::AdmitFromCommandLine(
    const std::string& entry_id_or_email) {
  if (entry_id_or_email.find('@') == std::string::npos) return AdmitEntry(entry_id_or_email);
  KINORA_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(entry_id_or_email));
  std::string after;
  while (true) {
    KINORA_ASSIGN_OR_RETURN(auto page, store_.ListWaitlist(false, after, 100));
    for (const auto& e : page.items) {
      if (e.email == email) return AdmitEntry(e.id);
    }
    if (page.next.empty()) break;
    after = page.next;
  }
  return core::NotFound("nobody with the email " + email + " is on the waitlist");
}

core::Result<std::pair<store::User, std::string>> AccountService::UpdateProfile(
    const Principal& who, const std::optional<std::string>& display_name,
    const std::optional<std::string>& bio, const std::optional<std::string>& avatar_key) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  KINORA_ASSIGN_OR_RETURN(store::User user, store_.GetUser(who.user_id()));
  std::string name = user.display_name, text = user.bio, avatar = user.avatar_key;
  if (display_name) {
    KINORA_ASSIGN_OR_RETURN(name, ValidateDisplayName(*display_name));
  }
  if (bio) {
    KINORA_ASSIGN_OR_RETURN(text, ValidateBio(*bio));
  }
  if (avatar_key) avatar = *avatar_key;
  return store_.UpdateProfile(user.id, name, text, avatar);
}

bool AccountService::IsTeen(const store::User& user) const {
  return AgeOn(user.birthdate, clock_.UnixMillis()) < 18;
}

}  // namespace kinora::social
