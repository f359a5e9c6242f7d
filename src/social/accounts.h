// AccountService: joining (invites, the waitlist, regions), signing in and
// out, sessions, API keys and profiles. It validates every field, hashes
// passwords with Argon2id, stores only digests of session tokens and keys,
// throttles failed sign-ins per account and per address, and checks who may
// do what. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "social/credentials.h"
#include "social/principal.h"
#include "social/throttle.h"
#include "store/store.h"

namespace kinora::social {

struct AccountOptions {
  PasswordCost password_cost = PasswordCost::Interactive();
  int64_t session_ttl_ms = 30LL * 24 * 3600 * 1000;
  int starter_invites = 4;
  // ISO codes of the countries where sign-up is open; empty: everywhere.
  std::vector<std::string> allowed_countries;
  // When false anyone may join without a code (a private installation).
  bool invites_required = true;
  int max_failures_per_account = 5;
  int max_failures_per_address = 30;
  int64_t failure_window_ms = 15LL * 60 * 1000;
};

struct SignUpRequest {
  std::string handle;
  std::string display_name;
  std::string password;
  std::string birthdate;
  std::string country;
  std::string invite_code;
  std::string user_agent;
  std::string ip;
};

struct SignedIn {
  store::User user;
  store::Session session;
  std::string token;  // the cookie value; shown once
};

struct NewApiKey {
  store::ApiKey key;
  std::string secret;  // "kn_…"; shown once
};

class AccountService {
 public:
  AccountService(store::Store& store, const core::Clock& clock, AccountOptions options);

  core::Result<SignedIn> SignUp(const SignUpRequest& request);
  // kUnauthenticated for a wrong handle or password; kResourceExhausted
  // (detail: seconds to wait) after too many failures.
  core::Result<SignedIn> SignIn(const std::string& handle, const std::string& password,
                                const std::string& user_agent, const std::string& ip);
  core::Status SignOut(const Principal& who);

  // kUnauthenticated when the token or key is unknown, expired or revoked.
  core::Result<Principal> AuthenticateSession(const std::string& token);
  core::Result<Principal> AuthenticateApiKey(const std::string& key);

  core::Result<std::vector<store::Session>> Sessions(const Principal& who);
  core::Status RevokeSession(const Principal& who, const std::string& session_id);
  core::Status ChangePassword(const Principal& who, const std::string& current,
                              const std::string& replacement);

  // A key for the signed-in member (or, for an installation key, another
  // installation key).
  core::Result<NewApiKey> CreateApiKey(const Principal& who, const std::string& name);
  // For the command line: a key for the member with `handle`, or an
  // installation key when handle is empty.
  core::Result<NewApiKey> CreateApiKeyFor(const std::string& handle, const std::string& name);
  core::Result<std::vector<store::ApiKey>> ApiKeys(const Principal& who);
  core::Status RevokeApiKey(const Principal& who, const std::string& key_id);

  core::Result<std::vector<store::Invite>> MyInvites(const Principal& who);
  // Administrators only: `count` (1–100) fresh codes.
  core::Result<std::vector<store::Invite>> CreateInvites(const Principal& who, int count);
  // The same for the command line, which acts as the administrator.
  core::Result<std::vector<store::Invite>> CreateAdminInvites(int count);

  core::Result<store::WaitlistEntry> JoinWaitlist(const std::string& email,
                                                  const std::string& country,
                                                  const std::string& note);
  core::Result<store::WaitlistEntry> WaitlistStatus(const std::string& id);
  core::Result<store::Page<store::WaitlistEntry>> Waitlist(const Principal& who, bool waiting_only,
                                                           const std::string& after, int limit);
  core::Result<store::WaitlistEntry> Admit(const Principal& who, const std::string& entry_id);
  core::Result<store::WaitlistEntry> AdmitFromCommandLine(const std::string& entry_id_or_email);

  // Fields left nullopt keep their value. Returns the updated member and the
  // avatar blob key that lost its last reference ("" if none).
  core::Result<std::pair<store::User, std::string>> UpdateProfile(
      const Principal& who, const std::optional<std::string>& display_name,
      const std::optional<std::string>& bio, const std::optional<std::string>& avatar_key);

  bool IsTeen(const store::User& user) const;
  int64_t session_ttl_ms() const { return options_.session_ttl_ms; }

 private:
  core::Result<SignedIn> StartSession(const store::User& user, const std::string& user_agent,
                                      const std::string& ip);
  core::Result<NewApiKey> MakeKey(const std::optional<std::string>& user_id,
                                  const std::string& name);
  core::Result<store::WaitlistEntry> AdmitEntry(const std::string& entry_id);
  std::vector<std::string> NewCodes(int count) const;

  store::Store& store_;
  const core::Clock& clock_;
  AccountOptions options_;
  LoginThrottle account_throttle_;
  LoginThrottle address_throttle_;
  // A hash verified against when the handle is unknown, to equalize timing.
  const std::string& DummyHash();
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // set once, under dummy_once_
};

}  // namespace kinora::social
