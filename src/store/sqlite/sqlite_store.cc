#include "store/sqlite/sqlite_store.h"

#include <filesystem>
#include <mutex>

#include "store/sqlite/database.h"

namespace kinora::store::sqlite {
namespace {

const std::vector<Migration> kMigrations = {
    {1, "generations", R"sql(
CREATE TABLE generations (
  id              TEXT PRIMARY KEY,
  status          TEXT NOT NULL CHECK (status IN
                    ('queued', 'in_progress', 'completed', 'failed', 'cancelled')),
  progress        INTEGER NOT NULL DEFAULT 0,
  model           TEXT NOT NULL,
  prompt          TEXT NOT NULL,
  seconds         INTEGER NOT NULL,
  width           INTEGER NOT NULL,
  height          INTEGER NOT NULL,
  seed            INTEGER NOT NULL,
  storyboard_json TEXT NOT NULL DEFAULT '',
  content_key     TEXT NOT NULL DEFAULT '',
  error_code      TEXT NOT NULL DEFAULT '',
  error_message   TEXT NOT NULL DEFAULT '',
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  started_at      INTEGER,
  completed_at    INTEGER
);
CREATE INDEX generations_by_status ON generations (status, created_at);
)sql"},
};

constexpr std::string_view kColumns =
    "id, status, progress, model, prompt, seconds, width, height, seed, storyboard_json, "
    "content_key, error_code, error_message, attempts, created_at, started_at, completed_at";

Generation ReadGeneration(const Statement& s) {
  Generation g;
  g.id = s.ColumnText(0);
  g.status = ParseGenerationStatus(s.ColumnText(1)).value_or(GenerationStatus::kFailed);
  g.progress = static_cast<int>(s.ColumnInt(2));
  g.model = s.ColumnText(3);
  g.prompt = s.ColumnText(4);
  g.seconds = static_cast<int>(s.ColumnInt(5));
  g.width = static_cast<int>(s.ColumnInt(6));
  g.height = static_cast<int>(s.ColumnInt(7));
  g.seed = static_cast<uint64_t>(s.ColumnInt(8));
  g.storyboard_json = s.ColumnText(9);
  g.content_key = s.ColumnText(10);
  g.error_code = s.ColumnText(11);
  g.error_message = s.ColumnText(12);
  g.attempts = static_cast<int>(s.ColumnInt(13));
  g.created_at = s.ColumnInt(14);
  g.started_at = s.ColumnOptionalInt(15);
  g.completed_at = s.ColumnOptionalInt(16);
  return g;
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  std::string_view Backend() const override { return "sqlite"; }

  core::Result<MigrationPlan> PlanMigrations() override {
    std::lock_guard lock(mu_);
    return PlanLocked();
  }

  core::Status Migrate() override {
    std::lock_guard lock(mu_);
    KINORA_ASSIGN_OR_RETURN(MigrationPlan plan, PlanLocked());
    for (const auto& m : plan.pending) {
      KINORA_RETURN_IF_ERROR(db_->Transaction([&]() -> core::Status {
        KINORA_RETURN_IF_ERROR(db_->Exec(m.sql));
        KINORA_ASSIGN_OR_RETURN(
            auto insert, db_->Prepare("INSERT INTO schema_version (version, name, applied_at) "
                                      "VALUES (?, ?, strftime('%s','now'))"));
        insert.Bind(1, int64_t{m.version}).Bind(2, m.name);
        return insert.Run();
      }));
    }
    return core::Ok();
  }

  core::Status InsertGeneration(const Generation& g) override {
    std::lock_guard lock(mu_);
    KINORA_ASSIGN_OR_RETURN(
        auto s, db_->Prepare("INSERT INTO generations (id, status, progress, model, prompt, "
                             "seconds, width, height, seed, storyboard_json, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    s.Bind(1, g.id)
        .Bind(2, GenerationStatusName(g.status))
        .Bind(3, int64_t{g.progress})
        .Bind(4, g.model)
        .Bind(5, g.prompt)
        .Bind(6, int64_t{g.seconds})
        .Bind(7, int64_t{g.width})
        .Bind(8, int64_t{g.height})
        .Bind(9, static_cast<int64_t>(g.seed))
        .Bind(10, g.storyboard_json)
        .Bind(11, g.created_at);
    return s.Run();
  }

  core::Result<Generation> GetGeneration(const std::string& id) override {
    std::lock_guard lock(mu_);
    KINORA_ASSIGN_OR_RETURN(
        auto s, db_->Prepare("SELECT " + std::string(kColumns) + " FROM generations WHERE id = ?"));
    s.Bind(1, id);
    KINORA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return core::NotFound("no video with id '" + id + "'");
    return ReadGeneration(s);
  }

  core::Result<std::optional<Generation>> ClaimNextGeneration(int64_t now) override {
    std::lock_guard lock(mu_);
    KINORA_ASSIGN_OR_RETURN(
        auto s, db_->Prepare("UPDATE generations SET status = 'in_progress', started_at = ?, "
                             "attempts = attempts + 1 WHERE id = (SELECT id FROM generations "
                             "WHERE status = 'queued' ORDER BY created_at, id LIMIT 1) "
                             "RETURNING " +
                             std::string(kColumns)));
    s.Bind(1, now);
    KINORA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<Generation>();
    Generation g = ReadGeneration(s);
    KINORA_ASSIGN_OR_RETURN(bool more, s.Step());  // finish the statement
    (void)more;
    return std::optional<Generation>(std::move(g));
  }

  core::Status UpdateProgress(const std::string& id, int progress) override {
    return Update("UPDATE generations SET progress = ? WHERE id = ? AND status = 'in_progress'",
                  [&](Statement& s) { s.Bind(1, int64_t{progress}).Bind(2, id); });
  }

  core::Status CompleteGeneration(const std::string& id, const std::string& content_key,
                                  const std::string& storyboard_json, int64_t now) override {
    return Update(
        "UPDATE generations SET status = 'completed', progress = 100, content_key = ?, "
        "storyboard_json = ?, completed_at = ? WHERE id = ?",
        [&](Statement& s) {
          s.Bind(1, content_key).Bind(2, storyboard_json).Bind(3, now).Bind(4, id);
        });
  }

  core::Status FailGeneration(const std::string& id, const std::string& code,
                              const std::string& message, int64_t now) override {
    return Update(
        "UPDATE generations SET status = 'failed', error_code = ?, error_message = ?, "
        "completed_at = ? WHERE id = ?",
        [&](Statement& s) { s.Bind(1, code).Bind(2, message).Bind(3, now).Bind(4, id); });
  }

  core::Status RequeueGeneration(const std::string& id) override {
    return Update(
        "UPDATE generations SET status = 'queued', progress = 0, started_at = NULL "
        "WHERE id = ? AND status = 'in_progress'",
        [&](Statement& s) { s.Bind(1, id); });
  }

  core::Result<int> RequeueInterrupted() override {
    std::lock_guard lock(mu_);
    KINORA_RETURN_IF_ERROR(
        db_->Exec("UPDATE generations SET status = 'queued', progress = 0, started_at = NULL "
                  "WHERE status = 'in_progress'"));
    return static_cast<int>(db_->Changes());
  }

  core::Result<std::vector<std::pair<GenerationStatus, int64_t>>> CountByStatus() override {
    std::lock_guard lock(mu_);
    KINORA_ASSIGN_OR_RETURN(
        auto s, db_->Prepare("SELECT status, COUNT(*) FROM generations GROUP BY status"));
    std::vector<std::pair<GenerationStatus, int64_t>> out;
    while (true) {
      KINORA_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (auto st = ParseGenerationStatus(s.ColumnText(0))) out.push_back({*st, s.ColumnInt(1)});
    }
    return out;
  }

 private:
  template <typename BindFn>
  core::Status Update(std::string_view sql, BindFn bind) {
    std::lock_guard lock(mu_);
    KINORA_ASSIGN_OR_RETURN(auto s, db_->Prepare(sql));
    bind(s);
    KINORA_RETURN_IF_ERROR(s.Run());
    if (db_->Changes() == 0) return core::NotFound("no such generation in that state");
    return core::Ok();
  }

  core::Result<MigrationPlan> PlanLocked() {
    KINORA_RETURN_IF_ERROR(
        db_->Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                  "name TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
    KINORA_ASSIGN_OR_RETURN(auto s,
                            db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    KINORA_ASSIGN_OR_RETURN(bool row, s.Step());
    MigrationPlan plan;
    plan.current_version = row ? static_cast<int>(s.ColumnInt(0)) : 0;
    for (const auto& m : kMigrations) {
      if (m.version > plan.current_version) plan.pending.push_back(m);
    }
    return plan;
  }

  std::mutex mu_;
  std::unique_ptr<Database> db_;  // guarded by mu_
};

}  // namespace

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (path != ":memory:") {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return core::IoError("cannot create the database directory: " + ec.message(), path);
  }
  KINORA_ASSIGN_OR_RETURN(auto db, Database::Open(path));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db)));
}

}  // namespace kinora::store::sqlite
