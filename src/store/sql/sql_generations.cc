// GenerationStore over SQL: the generation queue with leases, idempotent
// creation, per-owner limits and the record of attempts (generation_store.h).
#include <openssl/rand.h>

#include <array>
#include <cstdlib>

#include "store/sql/sql_store_impl.h"

namespace kinora::store {

std::string_view GenerationKindName(GenerationKind kind) {
  switch (kind) {
    case GenerationKind::kCreate: return "create";
    case GenerationKind::kRemix: return "remix";
    case GenerationKind::kExtension: return "extension";
    case GenerationKind::kEdit: return "edit";
  }
  return "create";
}

std::optional<GenerationKind> ParseGenerationKind(std::string_view name) {
  for (auto k : {GenerationKind::kCreate, GenerationKind::kRemix, GenerationKind::kExtension,
                 GenerationKind::kEdit}) {
    if (GenerationKindName(k) == name) return k;
  }
  return std::nullopt;
}

namespace sql {
namespace {

constexpr int64_t kDayMillis = 24 * 60 * 60 * 1000;

// Every column ReadGeneration reads, in its order; lease_token comes last
// (column kTokenColumn) and is read only where a fenced step needs it.
constexpr std::string_view kGenerationColumns =
    "id, status, progress, model, prompt, seconds, width, height, seed, storyboard_json, "
    "content_key, error_code, error_message, attempts, created_at, started_at, completed_at, "
    "owner_id, kind, remixed_from, input_key, thumbnail_key, spritesheet_key, last_error, "
    "priority, max_attempts, available_at, cancel_requested, lease_owner, lease_expires_at, "
    "lease_token";
constexpr int kTokenColumn = 30;

Generation ReadGeneration(const Statement& s) {
  Generation g;
  g.id = s.Text(0);
  g.status = ParseGenerationStatus(s.Text(1)).value_or(GenerationStatus::kFailed);
  g.progress = static_cast<int>(s.Int(2));
  g.model = s.Text(3);
  g.prompt = s.Text(4);
  g.seconds = static_cast<int>(s.Int(5));
  g.width = static_cast<int>(s.Int(6));
  g.height = static_cast<int>(s.Int(7));
  g.seed = static_cast<uint64_t>(s.Int(8));
  g.storyboard_json = s.Text(9);
  g.content_key = s.Text(10);
  g.error_code = s.Text(11);
  g.error_message = s.Text(12);
  g.attempts = static_cast<int>(s.Int(13));
  g.created_at = s.Int(14);
  g.started_at = s.OptionalInt(15);
  g.completed_at = s.OptionalInt(16);
  if (!s.IsNull(17)) g.owner_id = s.Text(17);
  g.kind = ParseGenerationKind(s.Text(18)).value_or(GenerationKind::kCreate);
  if (!s.IsNull(19)) g.remixed_from = s.Text(19);
  g.input_key = s.Text(20);
  g.thumbnail_key = s.Text(21);
  g.spritesheet_key = s.Text(22);
  g.last_error = s.Text(23);
  g.priority = static_cast<int>(s.Int(24));
  g.max_attempts = static_cast<int>(s.Int(25));
  g.available_at = s.Int(26);
  g.cancel_requested = s.Int(27) != 0;
  g.lease_owner = s.Text(28);
  g.lease_expires_at = s.Int(29);
  return g;
}

const std::string& SelectGeneration() {
  static const std::string kSql =
      "SELECT " + std::string(kGenerationColumns) + " FROM generations WHERE id = ?";
  return kSql;
}

// Runs one statement; returns how many rows it changed.
template <typename... Args>
core::Result<int64_t> Exec(Connection& c, std::string_view text, const Args&... args) {
  KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, text, args...));
  return s->Run();
}

core::Result<std::optional<Generation>> LoadGeneration(Connection& c, const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, SelectGeneration(), id));
  KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Generation>();
  Generation g = ReadGeneration(*s);
  KINORA_RETURN_IF_ERROR(Finish(*s));
  return std::optional<Generation>(std::move(g));
}

core::Error NoGeneration(const std::string& id) {
  return core::NotFound("no video with id '" + id + "'");
}

// Why a fenced step found no job with its token: the job is gone, or the
// lease is no longer this worker's.
core::Error LeaseLost(Connection& c, const std::string& id) {
  auto g = LoadGeneration(c, id);
  if (!g.ok()) return g.error();
  if (!*g) return NoGeneration(id);
  return core::FailedPrecondition(
      "lease lost: video '" + id +
      "' is no longer leased with this token (its lease expired and it was taken back, it was "
      "given back, or it finished); abandon it");
}

// The job `id` in progress under `token`, read within the write
// transaction; the lease-lost error otherwise.
core::Result<Generation> LoadLeased(Connection& c, const std::string& id,
                                    const std::string& token) {
  static const std::string kSql = "SELECT " + std::string(kGenerationColumns) +
                                  " FROM generations WHERE id = ? AND status = 'in_progress' AND "
                                  "lease_token = ?";
  if (!token.empty()) {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, id, token));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      Generation g = ReadGeneration(*s);
      KINORA_RETURN_IF_ERROR(Finish(*s));
      return g;
    }
  }
  return LeaseLost(c, id);
}

// Ends a leased attempt: writes `g`'s new status and outcome fields and
// clears the lease, fenced by `token`, and closes the attempt's record.
core::Status EndLease(Connection& c, const Generation& g, const std::string& token,
                      int attempts_delta, int64_t now, std::string_view outcome,
                      const std::string& reason) {
  KINORA_ASSIGN_OR_RETURN(
      int64_t n,
      Exec(c,
           "UPDATE generations SET status = ?, progress = ?, available_at = ?, last_error = ?, "
           "error_code = ?, error_message = ?, completed_at = ?, attempts = attempts + ?, "
           "lease_owner = '', lease_token = '', lease_expires_at = 0 "
           "WHERE id = ? AND status = 'in_progress' AND lease_token = ?",
           GenerationStatusName(g.status), g.progress, g.available_at, g.last_error, g.error_code,
           g.error_message, g.completed_at, attempts_delta, g.id, token));
  if (n == 0) return LeaseLost(c, g.id);
  KINORA_RETURN_IF_ERROR(Exec(c,
                              "UPDATE generation_attempts SET ended_at = ?, outcome = ?, "
                              "reason = ? WHERE generation_id = ? AND ended_at IS NULL",
                              now, outcome, reason, g.id));
  return core::Ok();
}

// Runs the dialect's key lock on `key`, if it has one.
core::Status LockKey(Connection& c, const Dialect& dialect, const std::string& key) {
  if (dialect.key_lock.empty()) return core::Ok();
  KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, dialect.key_lock, key));
  return Finish(*s);
}

// The single number a COUNT(*) statement returns.
core::Result<int64_t> CountOf(Statement* s) {
  KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
  const int64_t n = row ? s->Int(0) : 0;
  if (row) KINORA_RETURN_IF_ERROR(Finish(*s));
  return n;
}

// 128 random bits as hex: a lease token nobody can guess.
std::string NewLeaseToken() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // OpenSSL's generator does not fail once seeded; never hand out a guessable token.
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// The number of characters of a UTF-8 string (for SQL's substr()).
int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

}  // namespace

core::Result<CreatedGeneration> SqlStore::CreateGeneration(const Generation& g,
                                                           const CreateOptions& o) {
  CreatedGeneration out;
  const Dialect& dialect = pool_->dialect();
  const bool idempotent = !o.idempotency_key.empty();
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    out.replayed = false;
    // Take turns with creates naming the same key, then the same owner
    // (always in this order, so two creates never wait for each other).
    if (idempotent) {
      KINORA_RETURN_IF_ERROR(
          LockKey(c, dialect, "idempotency\n" + o.idempotency_scope + "\n" + o.idempotency_key));
      KINORA_ASSIGN_OR_RETURN(Statement * s,
                              Query(c,
                                    "SELECT request_hash, generation_id FROM idempotency_keys "
                                    "WHERE scope = ? AND key = ?",
                                    o.idempotency_scope, o.idempotency_key));
      KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) {
        const std::string hash = s->Text(0);
        const std::string id = s->Text(1);
        KINORA_RETURN_IF_ERROR(Finish(*s));
        if (hash != o.request_hash) {
          return core::Error{core::ErrorCode::kFailedPrecondition,
                             "Idempotency-Key '" + o.idempotency_key +
                                 "' was already used with different parameters",
                             "Idempotency-Key"};
        }
        KINORA_ASSIGN_OR_RETURN(auto earlier, LoadGeneration(c, id));
        if (!earlier) return NoGeneration(id);
        out.generation = std::move(*earlier);
        out.replayed = true;
        return core::Ok();
      }
    }
    if (g.owner_id && (o.max_unfinished > 0 || o.max_per_day > 0)) {
      KINORA_RETURN_IF_ERROR(LockKey(c, dialect, "owner\n" + *g.owner_id));
      if (o.max_unfinished > 0) {
        KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c,
                                                     "SELECT COUNT(*) FROM generations WHERE "
                                                     "owner_id = ? AND status IN ('queued', "
                                                     "'in_progress')",
                                                     *g.owner_id));
        KINORA_ASSIGN_OR_RETURN(int64_t unfinished, CountOf(s));
        if (unfinished >= o.max_unfinished) {
          return core::Error{
              core::ErrorCode::kResourceExhausted,
              "you have " + std::to_string(unfinished) +
                  " videos queued or in progress, the most allowed at once; wait for one to "
                  "finish or cancel one"};
        }
      }
      if (o.max_per_day > 0) {
        KINORA_ASSIGN_OR_RETURN(
            Statement * s,
            Query(c, "SELECT COUNT(*) FROM generations WHERE owner_id = ? AND created_at > ?",
                  *g.owner_id, o.now - kDayMillis));
        KINORA_ASSIGN_OR_RETURN(int64_t today, CountOf(s));
        if (today >= o.max_per_day) {
          return core::Error{core::ErrorCode::kResourceExhausted,
                             "you have made " + std::to_string(today) +
                                 " videos in the last 24 hours, the daily limit; try "
                                 "again later"};
        }
      }
    }
    KINORA_ASSIGN_OR_RETURN(
        Statement * ins,
        Query(c,
              "INSERT INTO generations (id, status, progress, model, prompt, seconds, width, "
              "height, seed, storyboard_json, created_at, owner_id, kind, remixed_from, "
              "input_key, priority, max_attempts, available_at) "
              "VALUES (?, 'queued', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              g.id, g.model, g.prompt, g.seconds, g.width, g.height, g.seed, g.storyboard_json,
              g.created_at, g.owner_id, GenerationKindName(g.kind), g.remixed_from, g.input_key,
              g.priority, g.max_attempts, g.available_at));
    KINORA_RETURN_IF_ERROR(ins->Run());
    if (idempotent) {
      KINORA_RETURN_IF_ERROR(Exec(c,
                                  "INSERT INTO idempotency_keys (scope, key, request_hash, "
                                  "generation_id, created_at) VALUES (?, ?, ?, ?, ?)",
                                  o.idempotency_scope, o.idempotency_key, o.request_hash, g.id,
                                  o.now));
    }
    // The job holds a reference on its input, as it will on its outputs.
    if (!g.input_key.empty()) KINORA_RETURN_IF_ERROR(Acquire(c, g.input_key));
    KINORA_ASSIGN_OR_RETURN(auto stored, LoadGeneration(c, g.id));
    if (!stored) return NoGeneration(g.id);
    out.generation = std::move(*stored);
    return core::Ok();
  }));
  return out;
}

core::Result<Generation> SqlStore::GetGeneration(const std::string& id) {
  std::optional<Generation> g;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(g, LoadGeneration(c, id));
    return core::Ok();
  }));
  if (!g) return NoGeneration(id);
  return std::move(*g);
}

core::Result<Page<Generation>> SqlStore::ListGenerations(const std::optional<std::string>& owner_id,
                                                         const std::string& after, int limit,
                                                         bool ascending) {
  if (limit < 1) return core::InvalidArgument("limit must be at least 1", "limit");
  std::string sql = "SELECT " + std::string(kGenerationColumns) + " FROM generations";
  std::vector<std::string> where;
  if (owner_id) where.push_back("owner_id = ?");
  if (!after.empty()) {
    where.push_back(ascending ? "(created_at, id) > (?, ?)" : "(created_at, id) < (?, ?)");
  }
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  sql +=
      ascending ? " ORDER BY created_at, id LIMIT ?" : " ORDER BY created_at DESC, id DESC LIMIT ?";

  Page<Generation> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    page.items.clear();
    int64_t after_time = 0;
    if (!after.empty()) {
      KINORA_ASSIGN_OR_RETURN(auto cursor, LoadGeneration(c, after));
      if (!cursor) {
        return core::InvalidArgument("after must be the id of a video (no video '" + after + "')",
                                     "after");
      }
      after_time = cursor->created_at;
    }
    KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare(sql));
    int i = 0;
    if (owner_id) s->BindText(i++, *owner_id);
    if (!after.empty()) {
      s->BindInt(i++, after_time);
      s->BindText(i++, after);
    }
    s->BindInt(i++, static_cast<int64_t>(limit) + 1);
    return ForEachRow(*s, [&] { page.items.push_back(ReadGeneration(*s)); });
  }));
  TrimPage(page, limit, [](const Generation& g) { return g.id; });
  return page;
}

core::Result<std::vector<std::string>> SqlStore::DeleteGeneration(const std::string& id) {
  std::vector<std::string> released;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    released.clear();
    KINORA_ASSIGN_OR_RETURN(auto g, LoadGeneration(c, id));
    if (!g) return NoGeneration(id);
    KINORA_RETURN_IF_ERROR(Exec(c, "DELETE FROM generations WHERE id = ?", id));
    for (const std::string* key :
         {&g->content_key, &g->thumbnail_key, &g->spritesheet_key, &g->input_key}) {
      if (key->empty()) continue;
      KINORA_ASSIGN_OR_RETURN(bool last, Release(c, *key));
      if (last) released.push_back(*key);
    }
    return core::Ok();
  }));
  return released;
}

core::Result<std::vector<GenerationAttempt>> SqlStore::ListAttempts(const std::string& id) {
  std::vector<GenerationAttempt> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    out.clear();
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c,
                                  "SELECT attempt, worker, started_at, ended_at, outcome, reason "
                                  "FROM generation_attempts WHERE generation_id = ? ORDER BY "
                                  "attempt",
                                  id));
    return ForEachRow(*s, [&] {
      GenerationAttempt a;
      a.generation_id = id;
      a.attempt = static_cast<int>(s->Int(0));
      a.worker = s->Text(1);
      a.started_at = s->Int(2);
      a.ended_at = s->OptionalInt(3);
      if (!s->IsNull(4)) a.outcome = s->Text(4);
      a.reason = s->Text(5);
      out.push_back(std::move(a));
    });
  }));
  return out;
}

core::Result<std::optional<Generation>> SqlStore::ClaimNextGeneration(const std::string& worker_id,
                                                                      int64_t now, int64_t lease_ms,
                                                                      int max_running_per_owner) {
  if (worker_id.empty()) return core::InvalidArgument("a worker id is required", "worker_id");
  if (lease_ms <= 0) return core::InvalidArgument("the lease must be positive", "lease_ms");
  // The claim index (status, priority DESC, created_at, id) serves the
  // ORDER BY; the owner cap looks only at the few jobs in progress.
  const std::string head =
      "UPDATE generations SET status = 'in_progress', started_at = ?, attempts = attempts + 1, "
      "progress = 0, lease_owner = ?, lease_token = ?, lease_expires_at = ? "
      "WHERE id = (SELECT id FROM generations WHERE status = 'queued' AND available_at <= ?";
  const std::string tail = " ORDER BY priority DESC, created_at, id LIMIT 1" +
                           std::string(pool_->dialect().skip_locked) + ") RETURNING " +
                           std::string(kGenerationColumns);
  const std::string capped =
      head +
      " AND (owner_id IS NULL OR owner_id NOT IN (SELECT owner_id FROM generations WHERE status "
      "= 'in_progress' AND owner_id IS NOT NULL GROUP BY owner_id HAVING COUNT(*) >= ?))" +
      tail;
  const std::string uncapped = head + tail;
  const std::string token = NewLeaseToken();
  std::optional<Generation> out;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    out.reset();
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        max_running_per_owner > 0
            ? Query(c, capped, now, worker_id, token, now + lease_ms, now, max_running_per_owner)
            : Query(c, uncapped, now, worker_id, token, now + lease_ms, now));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::Ok();
    Generation g = ReadGeneration(*s);
    KINORA_RETURN_IF_ERROR(Finish(*s));
    KINORA_RETURN_IF_ERROR(Exec(c,
                                "INSERT INTO generation_attempts (generation_id, attempt, worker, "
                                "started_at) SELECT ?, COALESCE(MAX(attempt), 0) + 1, ?, ? FROM "
                                "generation_attempts WHERE generation_id = ?",
                                g.id, worker_id, now, g.id));
    g.lease_token = token;
    out = std::move(g);
    return core::Ok();
  }));
  return out;
}

core::Result<bool> SqlStore::Heartbeat(const std::string& id, const std::string& lease_token,
                                       int progress, int64_t now, int64_t lease_ms) {
  if (progress < 0 || progress > 100) {
    return core::InvalidArgument("progress must be from 0 to 100", "progress");
  }
  if (lease_ms <= 0) return core::InvalidArgument("the lease must be positive", "lease_ms");
  bool cancel = false;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    // Progress never goes backwards, whatever order heartbeats arrive in.
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "UPDATE generations SET lease_expires_at = ?, progress = CASE WHEN progress < ? "
              "THEN ? ELSE progress END WHERE id = ? AND status = 'in_progress' AND "
              "lease_token = ? AND lease_token <> '' AND lease_expires_at > ? "
              "RETURNING cancel_requested",
              now + lease_ms, progress, progress, id, lease_token, now));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return LeaseLost(c, id);
    cancel = s->Int(0) != 0;
    return Finish(*s);
  }));
  return cancel;
}

core::Status SqlStore::CompleteGeneration(const std::string& id, const std::string& lease_token,
                                          const GenerationMedia& media,
                                          const std::string& storyboard_json, int64_t now) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Generation g, LoadLeased(c, id, lease_token));
    KINORA_ASSIGN_OR_RETURN(
        int64_t n,
        Exec(c,
             "UPDATE generations SET content_key = ?, thumbnail_key = ?, spritesheet_key = ?, "
             "storyboard_json = ? WHERE id = ? AND lease_token = ?",
             media.content_key, media.thumbnail_key, media.spritesheet_key, storyboard_json, id,
             lease_token));
    if (n == 0) return LeaseLost(c, id);
    g.status = GenerationStatus::kCompleted;
    g.progress = 100;
    g.completed_at = now;
    KINORA_RETURN_IF_ERROR(EndLease(c, g, lease_token, 0, now, "completed", ""));
    // The generation holds a reference on its media, as a video row does.
    for (const std::string* key :
         {&media.content_key, &media.thumbnail_key, &media.spritesheet_key}) {
      if (!key->empty()) KINORA_RETURN_IF_ERROR(Acquire(c, *key));
    }
    return core::Ok();
  });
}

core::Result<GenerationStatus> SqlStore::FailAttempt(const std::string& id,
                                                     const std::string& lease_token,
                                                     const std::string& code,
                                                     const std::string& message, bool retryable,
                                                     int64_t retry_at, int64_t now) {
  if (code.empty()) return core::InvalidArgument("an error code is required", "code");
  GenerationStatus status = GenerationStatus::kFailed;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Generation g, LoadLeased(c, id, lease_token));
    g.last_error = code + ": " + message;
    std::string_view outcome;
    if (g.cancel_requested) {
      g.status = GenerationStatus::kCancelled;
      g.completed_at = now;
      outcome = "cancelled";
    } else if (retryable && g.attempts < g.max_attempts) {
      g.status = GenerationStatus::kQueued;
      g.progress = 0;
      g.available_at = retry_at;
      outcome = "retry";
    } else {
      g.status = GenerationStatus::kFailed;
      g.error_code = code;
      g.error_message = message;
      g.completed_at = now;
      outcome = "failed";
    }
    status = g.status;
    return EndLease(c, g, lease_token, 0, now, outcome, g.last_error);
  }));
  return status;
}

core::Status SqlStore::ReleaseLease(const std::string& id, const std::string& lease_token,
                                    int64_t now) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Generation g, LoadLeased(c, id, lease_token));
    if (g.cancel_requested) {
      g.status = GenerationStatus::kCancelled;
      g.completed_at = now;
      return EndLease(c, g, lease_token, 0, now, "cancelled", "cancelled on request");
    }
    g.status = GenerationStatus::kQueued;
    g.progress = 0;
    g.available_at = now;
    return EndLease(c, g, lease_token, -1, now, "released", "given back by its worker");
  });
}

core::Status SqlStore::MarkCancelled(const std::string& id, const std::string& lease_token,
                                     int64_t now) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Generation g, LoadLeased(c, id, lease_token));
    g.status = GenerationStatus::kCancelled;
    g.completed_at = now;
    return EndLease(c, g, lease_token, 0, now, "cancelled", "cancelled on request");
  });
}

core::Result<Generation> SqlStore::RequestCancel(const std::string& id, int64_t now) {
  std::optional<Generation> out;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(int64_t n, Exec(c,
                                            "UPDATE generations SET status = 'cancelled', "
                                            "cancel_requested = 1, completed_at = ? WHERE id = ? "
                                            "AND status = 'queued'",
                                            now, id));
    if (n == 0) {
      KINORA_RETURN_IF_ERROR(Exec(c,
                                  "UPDATE generations SET cancel_requested = 1 WHERE id = ? AND "
                                  "status = 'in_progress'",
                                  id));
    }
    KINORA_ASSIGN_OR_RETURN(out, LoadGeneration(c, id));
    return core::Ok();
  }));
  if (!out) return NoGeneration(id);
  return std::move(*out);
}

core::Result<LeaseRecovery> SqlStore::RequeueExpiredLeases(int64_t now) {
  return Recover(std::nullopt, now);
}

core::Result<LeaseRecovery> SqlStore::RecoverLeases(const std::string& worker_prefix, int64_t now) {
  if (worker_prefix.empty()) {
    return core::InvalidArgument("a worker id prefix is required", "worker_prefix");
  }
  return Recover(worker_prefix, now);
}

core::Result<LeaseRecovery> SqlStore::Recover(const std::optional<std::string>& worker_prefix,
                                              int64_t now) {
  // Several reapers (one per server) may run at once: each skips the rows
  // another is taking back.
  const std::string select =
      "SELECT " + std::string(kGenerationColumns) +
      " FROM generations WHERE status = 'in_progress' AND " +
      (worker_prefix ? "substr(lease_owner, 1, ?) = ?" : "lease_expires_at <= ?") +
      std::string(pool_->dialect().skip_locked);
  const std::string reason =
      worker_prefix ? "worker lost (its server restarted)" : "worker lost (lease expired)";
  LeaseRecovery out;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    out = {};
    std::vector<std::pair<Generation, std::string>> lost;  // with their tokens
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, worker_prefix ? Query(c, select, CodePoints(*worker_prefix), *worker_prefix)
                                     : Query(c, select, now));
    KINORA_RETURN_IF_ERROR(
        ForEachRow(*s, [&] { lost.emplace_back(ReadGeneration(*s), s->Text(kTokenColumn)); }));
    for (auto& [g, token] : lost) {
      g.last_error = reason;
      if (g.cancel_requested) {
        g.status = GenerationStatus::kCancelled;
        g.completed_at = now;
      } else if (g.attempts < g.max_attempts) {
        g.status = GenerationStatus::kQueued;
        g.progress = 0;
        g.available_at = now;
        out.requeued++;
      } else {
        g.status = GenerationStatus::kFailed;
        g.error_code = "worker_lost";
        g.error_message = "the worker running this video stopped responding on each of its " +
                          std::to_string(g.attempts) + " attempts";
        g.completed_at = now;
        out.failed_ids.push_back(g.id);
      }
      KINORA_RETURN_IF_ERROR(EndLease(c, g, token, 0, now, "lost", reason));
    }
    return core::Ok();
  }));
  return out;
}

core::Result<std::vector<std::pair<GenerationStatus, int64_t>>> SqlStore::CountByStatus() {
  std::vector<std::pair<GenerationStatus, int64_t>> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    out.clear();
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            c.Prepare("SELECT status, COUNT(*) FROM generations GROUP BY status"));
    return ForEachRow(*s, [&] {
      if (auto st = ParseGenerationStatus(s->Text(0))) out.push_back({*st, s->Int(1)});
    });
  }));
  return out;
}

}  // namespace sql
}  // namespace kinora::store
