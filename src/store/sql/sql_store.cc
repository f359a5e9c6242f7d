#include "store/sql/sql_store.h"

#include <charconv>
#include <chrono>

#include "core/parse.h"
#include "store/sql/sql_store_impl.h"

namespace kinora::store::sql {

// ---------------------------------------------------------------- migrations

namespace {

constexpr std::string_view kSchemaVersionDdl =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

core::Result<int> CurrentVersion(Connection& c) {
  KINORA_ASSIGN_OR_RETURN(Statement * s,
                          c.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
  const int version = row ? static_cast<int>(s->Int(0)) : 0;
  // Run to the end: a statement left mid-read keeps SQLite from dropping
  // tables or indexes in the migration that follows.
  if (row) KINORA_RETURN_IF_ERROR(Finish(*s));
  return version;
}

}  // namespace

core::Result<MigrationPlan> PlanMigrations(Pool& pool) {
  KINORA_RETURN_IF_ERROR(pool.Write([](Connection& c) { return c.Exec(kSchemaVersionDdl); }));
  MigrationPlan plan;
  KINORA_RETURN_IF_ERROR(pool.Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(plan.current_version, CurrentVersion(c));
    return core::Ok();
  }));
  for (const auto& m : pool.dialect().migrations) {
    if (m.version > plan.current_version) plan.pending.push_back(m);
  }
  return plan;
}

core::Status Migrate(Pool& pool) {
  const Dialect& dialect = pool.dialect();
  for (const auto& m : dialect.migrations) {
    KINORA_RETURN_IF_ERROR(pool.Write([&](Connection& c) -> core::Status {
      // Lock first, so processes starting together take turns from here on.
      if (!dialect.migration_lock.empty()) KINORA_RETURN_IF_ERROR(c.Exec(dialect.migration_lock));
      KINORA_RETURN_IF_ERROR(c.Exec(kSchemaVersionDdl));
      KINORA_ASSIGN_OR_RETURN(int current, CurrentVersion(c));
      if (m.version <= current) return core::Ok();  // another process got here first
      KINORA_RETURN_IF_ERROR(c.Exec(m.sql));
      KINORA_ASSIGN_OR_RETURN(
          Statement * s,
          Query(c, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                m.version, m.name,
                static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count())));
      KINORA_RETURN_IF_ERROR(s->Run());
      return core::Ok();
    }));
  }
  return core::Ok();
}

core::Result<std::unique_ptr<Store>> NewSqlStore(std::unique_ptr<Pool> pool) {
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(pool)));
}

// ---------------------------------------------------------------- helpers

std::string TimeCursor(int64_t time, const std::string& id) {
  return std::to_string(time) + "|" + id;
}

core::Status ParseTimeCursor(const std::string& cursor, int64_t& time, std::string& id) {
  const auto bar = cursor.find('|');
  if (bar == std::string::npos || bar + 1 >= cursor.size()) {
    return core::InvalidArgument("the cursor is malformed", "after");
  }
  if (!core::ParseNumber(std::string_view(cursor).substr(0, bar), time)) {
    return core::InvalidArgument("the cursor is malformed", "after");
  }
  id = cursor.substr(bar + 1);
  return core::Ok();
}

std::string UserColumns(std::string_view t) {
  std::string out;
  for (std::string_view c : {"id", "handle", "display_name", "bio", "avatar_key", "birthdate",
                             "country", "password_hash", "role", "follower_count",
                             "following_count", "video_count", "created_at"}) {
    if (!out.empty()) out += ", ";
    out += t;
    out += c;
  }
  return out;
}

User ReadUser(const Statement& s, int i) {
  User u;
  u.id = s.Text(i + 0);
  u.handle = s.Text(i + 1);
  u.display_name = s.Text(i + 2);
  u.bio = s.Text(i + 3);
  u.avatar_key = s.Text(i + 4);
  u.birthdate = s.Text(i + 5);
  u.country = s.Text(i + 6);
  u.password_hash = s.Text(i + 7);
  u.role = s.Text(i + 8);
  u.follower_count = s.Int(i + 9);
  u.following_count = s.Int(i + 10);
  u.video_count = s.Int(i + 11);
  u.created_at = s.Int(i + 12);
  return u;
}

namespace {

// Runs one UPDATE; kNotFound when it changed nothing.
template <typename... Args>
core::Status UpdateOne(Pool& pool, std::string_view text, std::string_view not_found,
                       const Args&... args) {
  return pool.Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, text, args...));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) return core::NotFound(std::string(not_found));
    return core::Ok();
  });
}

}  // namespace

// ---------------------------------------------------------------- accounts

namespace {

core::Result<User> ReadUserWhere(Pool& pool, std::string_view where, const std::string& value,
                                 std::string_view not_found) {
  const std::string sql = "SELECT " + UserColumns("") + " FROM users WHERE " + std::string(where);
  User u;
  KINORA_RETURN_IF_ERROR(pool.Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, sql, value));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound(std::string(not_found));
    u = ReadUser(*s, 0);
    return core::Ok();
  }));
  return u;
}

}  // namespace

core::Result<User> SqlStore::CreateUser(const NewUser& n) {
  User u = n.user;
  const std::string_view lock = pool_->dialect().signup_lock;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    if (!lock.empty()) KINORA_RETURN_IF_ERROR(c.Exec(lock));
    KINORA_ASSIGN_OR_RETURN(Statement * count, c.Prepare("SELECT COUNT(*) FROM users"));
    KINORA_ASSIGN_OR_RETURN(bool row, count->Step());
    const bool first = row && count->Int(0) == 0;
    u.role = first && n.first_member_is_admin ? "admin" : "member";
    if (!first && n.invite_required && n.invite_code.empty()) {
      return core::Error{core::ErrorCode::kFailedPrecondition,
                         "an invite code is required to join; ask a member for one or join the "
                         "waitlist",
                         "invite_code"};
    }
    KINORA_ASSIGN_OR_RETURN(
        Statement * ins,
        Query(c,
              "INSERT INTO users (id, handle, display_name, bio, avatar_key, birthdate, country, "
              "password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              u.id, u.handle, u.display_name, u.bio, u.avatar_key, u.birthdate, u.country,
              u.password_hash, u.role, u.created_at));
    auto inserted = ins->Run();
    if (!inserted.ok()) {
      if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
        return core::Error{core::ErrorCode::kAlreadyExists,
                           "the handle '" + u.handle + "' is taken", "handle"};
      }
      return inserted.error();
    }
    if (!n.invite_code.empty()) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * claim,
          Query(c, "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL",
                u.id, u.created_at, n.invite_code));
      KINORA_ASSIGN_OR_RETURN(int64_t claimed, claim->Run());
      if (claimed == 0) {
        return core::Error{core::ErrorCode::kFailedPrecondition,
                           "the invite code is unknown or already used", "invite_code"};
      }
    }
    for (const auto& code : n.starter_codes) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * inv,
          Query(c, "INSERT INTO invites (code, created_by, created_at) VALUES (?, ?, ?)", code,
                u.id, u.created_at));
      KINORA_RETURN_IF_ERROR(inv->Run());
    }
    if (!u.avatar_key.empty()) KINORA_RETURN_IF_ERROR(Acquire(c, u.avatar_key));
    return core::Ok();
  }));
  return u;
}

core::Result<User> SqlStore::GetUser(const std::string& id) {
  return ReadUserWhere(*pool_, "id = ?", id, "no member with id '" + id + "'");
}

core::Result<User> SqlStore::GetUserByHandle(const std::string& handle) {
  return ReadUserWhere(*pool_, "handle = ?", handle, "no member with handle '" + handle + "'");
}

core::Result<int64_t> SqlStore::CountUsers() {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare("SELECT COUNT(*) FROM users"));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    n = row ? s->Int(0) : 0;
    return core::Ok();
  }));
  return n;
}

core::Result<std::pair<User, std::string>> SqlStore::UpdateProfile(const std::string& id,
                                                                   const std::string& display_name,
                                                                   const std::string& bio,
                                                                   const std::string& avatar_key) {
  static const std::string kSelect = "SELECT " + UserColumns("") + " FROM users WHERE id = ?";
  User u;
  std::string released;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSelect, id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no member with id '" + id + "'");
    u = ReadUser(*s, 0);
    if (u.avatar_key != avatar_key) {
      if (!avatar_key.empty()) KINORA_RETURN_IF_ERROR(Acquire(c, avatar_key));
      if (!u.avatar_key.empty()) {
        KINORA_ASSIGN_OR_RETURN(bool last, Release(c, u.avatar_key));
        if (last) released = u.avatar_key;
      }
    }
    KINORA_ASSIGN_OR_RETURN(
        Statement * up,
        Query(c, "UPDATE users SET display_name = ?, bio = ?, avatar_key = ? WHERE id = ?",
              display_name, bio, avatar_key, id));
    KINORA_RETURN_IF_ERROR(up->Run());
    u.display_name = display_name;
    u.bio = bio;
    u.avatar_key = avatar_key;
    return core::Ok();
  }));
  return std::make_pair(u, released);
}

core::Status SqlStore::SetPasswordHash(const std::string& user_id, const std::string& hash) {
  return UpdateOne(*pool_, "UPDATE users SET password_hash = ? WHERE id = ?", "no such member",
                   hash, user_id);
}

namespace {

constexpr std::string_view kSessionColumns =
    "id, user_id, csrf_token, user_agent, ip, created_at, last_seen_at, expires_at";

Session ReadSession(const Statement& s) {
  Session x;
  x.id = s.Text(0);
  x.user_id = s.Text(1);
  x.csrf_token = s.Text(2);
  x.user_agent = s.Text(3);
  x.ip = s.Text(4);
  x.created_at = s.Int(5);
  x.last_seen_at = s.Int(6);
  x.expires_at = s.Int(7);
  return x;
}

constexpr std::string_view kApiKeyColumns =
    "id, user_id, name, prefix, key_hash, created_at, last_used_at, revoked_at";

ApiKey ReadApiKey(const Statement& s) {
  ApiKey k;
  k.id = s.Text(0);
  if (!s.IsNull(1)) k.user_id = s.Text(1);
  k.name = s.Text(2);
  k.prefix = s.Text(3);
  k.key_hash = s.Text(4);
  k.created_at = s.Int(5);
  k.last_used_at = s.OptionalInt(6);
  k.revoked_at = s.OptionalInt(7);
  return k;
}

Invite ReadInvite(const Statement& s) {
  Invite i;
  i.code = s.Text(0);
  if (!s.IsNull(1)) i.created_by = s.Text(1);
  i.created_at = s.Int(2);
  if (!s.IsNull(3)) i.used_by = s.Text(3);
  i.used_at = s.OptionalInt(4);
  return i;
}

constexpr std::string_view kWaitlistColumns =
    "id, email, country, note, created_at, invite_code, admitted_at";

WaitlistEntry ReadWaitlist(const Statement& s) {
  WaitlistEntry w;
  w.id = s.Text(0);
  w.email = s.Text(1);
  w.country = s.Text(2);
  w.note = s.Text(3);
  w.created_at = s.Int(4);
  w.invite_code = s.Text(5);
  w.admitted_at = s.OptionalInt(6);
  return w;
}

}  // namespace

core::Status SqlStore::CreateSession(const Session& x) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO sessions (id, user_id, csrf_token, user_agent, ip, created_at, "
              "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              x.id, x.user_id, x.csrf_token, x.user_agent, x.ip, x.created_at, x.last_seen_at,
              x.expires_at));
    KINORA_RETURN_IF_ERROR(s->Run());
    return core::Ok();
  });
}

core::Result<Session> SqlStore::GetSession(const std::string& id) {
  static const std::string kSql =
      "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id = ?";
  Session x;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no such session");
    x = ReadSession(*s);
    return core::Ok();
  }));
  return x;
}

core::Status SqlStore::TouchSession(const std::string& id, int64_t now, int64_t expires_at) {
  return UpdateOne(*pool_, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?",
                   "no such session", now, expires_at, id);
}

core::Result<std::vector<Session>> SqlStore::ListSessions(const std::string& user_id) {
  static const std::string kSql = "SELECT " + std::string(kSessionColumns) +
                                  " FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC";
  std::vector<Session> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, user_id));
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back(ReadSession(*s)); }));
    return core::Ok();
  }));
  return out;
}

core::Status SqlStore::DeleteSession(const std::string& user_id, const std::string& id) {
  return UpdateOne(*pool_, "DELETE FROM sessions WHERE id = ? AND user_id = ?", "no such session",
                   id, user_id);
}

core::Result<int64_t> SqlStore::DeleteExpiredSessions(int64_t now) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c, "DELETE FROM sessions WHERE expires_at <= ?", now));
    KINORA_ASSIGN_OR_RETURN(n, s->Run());
    return core::Ok();
  }));
  return n;
}

core::Status SqlStore::CreateApiKey(const ApiKey& k) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              k.id, k.user_id, k.name, k.prefix, k.key_hash, k.created_at));
    KINORA_RETURN_IF_ERROR(s->Run());
    return core::Ok();
  });
}

core::Result<ApiKey> SqlStore::GetApiKeyByHash(const std::string& key_hash) {
  static const std::string kSql =
      "SELECT " + std::string(kApiKeyColumns) + " FROM api_keys WHERE key_hash = ?";
  ApiKey k;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, key_hash));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no such API key");
    k = ReadApiKey(*s);
    return core::Ok();
  }));
  return k;
}

core::Result<std::vector<ApiKey>> SqlStore::ListApiKeys(const std::optional<std::string>& user_id) {
  static const std::string kMember =
      "SELECT " + std::string(kApiKeyColumns) + " FROM api_keys WHERE user_id = ? ORDER BY id DESC";
  static const std::string kAdmin = "SELECT " + std::string(kApiKeyColumns) +
                                    " FROM api_keys WHERE user_id IS NULL ORDER BY id DESC";
  std::vector<ApiKey> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (user_id) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, kMember, *user_id));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, c.Prepare(kAdmin));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back(ReadApiKey(*s)); }));
    return core::Ok();
  }));
  return out;
}

core::Status SqlStore::RevokeApiKey(const std::optional<std::string>& user_id,
                                    const std::string& id, int64_t now) {
  if (user_id) {
    return UpdateOne(*pool_,
                     "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND "
                     "revoked_at IS NULL",
                     "no such API key", now, id, *user_id);
  }
  return UpdateOne(*pool_,
                   "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id IS NULL AND "
                   "revoked_at IS NULL",
                   "no such API key", now, id);
}

core::Status SqlStore::TouchApiKey(const std::string& id, int64_t now) {
  return UpdateOne(*pool_, "UPDATE api_keys SET last_used_at = ? WHERE id = ?", "no such API key",
                   now, id);
}

core::Status SqlStore::CreateInvites(const std::vector<Invite>& invites) {
  return pool_->Write([&](Connection& c) -> core::Status {
    for (const auto& i : invites) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * s,
          Query(c, "INSERT INTO invites (code, created_by, created_at) VALUES (?, ?, ?)", i.code,
                i.created_by, i.created_at));
      KINORA_RETURN_IF_ERROR(s->Run());
    }
    return core::Ok();
  });
}

core::Result<std::vector<Invite>> SqlStore::ListInvites(
    const std::optional<std::string>& created_by) {
  std::vector<Invite> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (created_by) {
      KINORA_ASSIGN_OR_RETURN(
          s, Query(c,
                   "SELECT code, created_by, created_at, used_by, used_at FROM invites "
                   "WHERE created_by = ? ORDER BY created_at, code",
                   *created_by));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, c.Prepare("SELECT code, created_by, created_at, used_by, used_at "
                                           "FROM invites WHERE created_by IS NULL "
                                           "ORDER BY created_at, code"));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back(ReadInvite(*s)); }));
    return core::Ok();
  }));
  return out;
}

core::Result<Invite> SqlStore::GetInvite(const std::string& code) {
  Invite i;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "SELECT code, created_by, created_at, used_by, used_at FROM invites WHERE code = ?",
              code));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no such invite code");
    i = ReadInvite(*s);
    return core::Ok();
  }));
  return i;
}

core::Status SqlStore::JoinWaitlist(const WaitlistEntry& w) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO waitlist (id, email, country, note, created_at) VALUES (?, ?, ?, ?, ?)",
              w.id, w.email, w.country, w.note, w.created_at));
    auto r = s->Run();
    if (!r.ok() && r.error().code == core::ErrorCode::kAlreadyExists) {
      return core::Error{core::ErrorCode::kAlreadyExists,
                         "that email address is already on the waitlist", "email"};
    }
    if (!r.ok()) return r.error();
    return core::Ok();
  });
}

core::Result<WaitlistEntry> SqlStore::GetWaitlistEntry(const std::string& id) {
  static const std::string kSql =
      "SELECT " + std::string(kWaitlistColumns) + " FROM waitlist WHERE id = ?";
  WaitlistEntry w;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no waitlist entry with id '" + id + "'");
    w = ReadWaitlist(*s);
    return core::Ok();
  }));
  return w;
}

core::Result<Page<WaitlistEntry>> SqlStore::ListWaitlist(bool waiting_only,
                                                         const std::string& after, int limit) {
  std::string sql = "SELECT " + std::string(kWaitlistColumns) + " FROM waitlist WHERE 1 = 1";
  if (waiting_only) sql += " AND admitted_at IS NULL";
  if (!after.empty()) sql += " AND id > ?";
  sql += " ORDER BY id LIMIT ?";
  Page<WaitlistEntry> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (after.empty()) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, sql, limit + 1));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, sql, after, limit + 1));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { page.items.push_back(ReadWaitlist(*s)); }));
    return core::Ok();
  }));
  TrimPage(page, limit, [](const WaitlistEntry& w) { return w.id; });
  return page;
}

core::Result<WaitlistEntry> SqlStore::AdmitWaitlistEntry(const std::string& id,
                                                         const Invite& invite) {
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "UPDATE waitlist SET invite_code = ?, admitted_at = ? WHERE id = ? AND "
              "admitted_at IS NULL",
              invite.code, invite.created_at, id));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) {
      KINORA_ASSIGN_OR_RETURN(Statement * e, Query(c, "SELECT id FROM waitlist WHERE id = ?", id));
      KINORA_ASSIGN_OR_RETURN(bool exists, e->Step());
      if (!exists) return core::NotFound("no waitlist entry with id '" + id + "'");
      return core::FailedPrecondition("that waitlist entry was already admitted");
    }
    KINORA_ASSIGN_OR_RETURN(
        Statement * i,
        Query(c, "INSERT INTO invites (code, created_by, created_at) VALUES (?, ?, ?)", invite.code,
              invite.created_by, invite.created_at));
    KINORA_RETURN_IF_ERROR(i->Run());
    return core::Ok();
  }));
  return GetWaitlistEntry(id);
}

}  // namespace kinora::store::sql
