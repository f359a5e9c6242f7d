#include "store/sqlite/database.h"

#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kinora::store::sqlite {
namespace {

core::Error SqliteError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  std::string detail = sqlite3_errmsg(db);
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return core::Unavailable("the database is busy", detail);
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return core::Error{core::ErrorCode::kAlreadyExists, std::string(what) + ": already exists",
                           detail};
      }
      return core::Error{core::ErrorCode::kFailedPrecondition,
                         std::string(what) + ": constraint failed", detail};
    case SQLITE_FULL:
    case SQLITE_IOERR: return core::IoError(std::string(what) + ": storage error", detail);
    default: return core::Internal(std::string(what), detail);
  }
}

}  // namespace

class Database::Stmt final : public sql::Statement {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Stmt() override { sqlite3_finalize(stmt_); }

  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  void BindText(int index, std::string_view value) override {
    sqlite3_bind_text(stmt_, index + 1, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
  }
  void BindInt(int index, int64_t value) override { sqlite3_bind_int64(stmt_, index + 1, value); }
  void BindNull(int index) override { sqlite3_bind_null(stmt_, index + 1); }

  core::Result<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    core::Error e = SqliteError(db_, "query failed");
    sqlite3_reset(stmt_);
    return e;
  }

  core::Result<int64_t> Run() override {
    while (true) {
      KINORA_ASSIGN_OR_RETURN(bool row, Step());
      if (!row) break;
    }
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  std::string Text(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

Database::Database(sqlite3* db) : db_(db) {}

Database::~Database() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

core::Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return core::IoError("cannot open the database: " + msg, path);
  }
  std::unique_ptr<Database> db(new Database(raw));
  sqlite3_busy_timeout(raw, 5000);
  KINORA_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
  // NORMAL in WAL mode: a power loss may drop the last transactions but
  // never corrupts; a killed process loses nothing committed.
  KINORA_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL"));
  KINORA_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  return db;
}

core::Status Database::Exec(std::string_view script) {
  std::string s(script);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string detail = err ? err : "";
    sqlite3_free(err);
    core::Error e = SqliteError(db_, "statement failed");
    if (e.detail.empty()) e.detail = detail;
    return e;
  }
  return core::Ok();
}

core::Result<sql::Statement*> Database::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) {
    it->second->Reset();
    used_.push_back(it->second.get());
    return static_cast<sql::Statement*>(it->second.get());
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, "cannot prepare statement");
  auto owned = std::make_unique<Stmt>(db_, stmt);
  Stmt* raw = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  used_.push_back(raw);
  return static_cast<sql::Statement*>(raw);
}

void Database::ResetStatements() {
  for (Stmt* s : used_) s->Reset();
  used_.clear();
}

namespace {

// Checkpoints a WAL database in the background: when the writer's commits
// have put more than kFrames frames in the log (sqlite3_wal_hook), or once a
// second, a PASSIVE checkpoint copies what no reader still needs.
class Checkpointer {
 public:
  static constexpr int kFrames = 1000;

  Checkpointer(std::unique_ptr<Database> db, Database& writer)
      : db_(std::move(db)), writer_(writer.handle()) {
    sqlite3_wal_hook(writer_, &Checkpointer::OnCommit, this);
    thread_ = std::thread([this] { Loop(); });
  }
  ~Checkpointer() {
    sqlite3_wal_hook(writer_, nullptr, nullptr);
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  static int OnCommit(void* self, sqlite3*, const char*, int frames) {
    if (frames > kFrames) {
      auto* c = static_cast<Checkpointer*>(self);
      {
        std::lock_guard lock(c->mu_);
        c->due_ = true;
      }
      c->cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void Loop() {
    // Process signals (SIGTERM, SIGINT) are for the threads that wait for them.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_ || due_; });
      if (stopping_) break;
      due_ = false;
      lock.unlock();
      sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
      lock.lock();
    }
  }

  std::unique_ptr<Database> db_;
  sqlite3* writer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;       // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

class SqlitePool final : public sql::Pool {
 public:
  SqlitePool(std::unique_ptr<Database> writer, std::vector<std::unique_ptr<Database>> readers,
             std::unique_ptr<Database> checkpoint_connection)
      : writer_(std::move(writer)), readers_(std::move(readers)) {
    for (auto& r : readers_) free_.push_back(r.get());
    if (checkpoint_connection) {
      checkpointer_ = std::make_unique<Checkpointer>(std::move(checkpoint_connection), *writer_);
    }
  }
  ~SqlitePool() override { checkpointer_.reset(); }

  const sql::Dialect& dialect() const override { return SqliteDialect(); }

  core::Status Read(const std::function<core::Status(sql::Connection&)>& fn) override {
    if (readers_.empty()) {
      std::lock_guard lock(write_mu_);
      core::Status s = fn(*writer_);
      writer_->ResetStatements();
      return s;
    }
    Database* db = nullptr;
    {
      std::unique_lock lock(read_mu_);
      read_cv_.wait(lock, [&] { return !free_.empty(); });
      db = free_.back();
      free_.pop_back();
    }
    core::Status s = fn(*db);
    db->ResetStatements();
    {
      std::lock_guard lock(read_mu_);
      free_.push_back(db);
    }
    read_cv_.notify_one();
    return s;
  }

  core::Status Write(const std::function<core::Status(sql::Connection&)>& fn) override {
    std::lock_guard lock(write_mu_);
    KINORA_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
    core::Status s = fn(*writer_);
    writer_->ResetStatements();
    if (!s) {
      (void)writer_->Exec("ROLLBACK");
      return s;
    }
    core::Status committed = writer_->Exec("COMMIT");
    if (!committed) (void)writer_->Exec("ROLLBACK");
    return committed;
  }

 private:
  std::mutex write_mu_;
  std::unique_ptr<Database> writer_;  // guarded by write_mu_
  std::vector<std::unique_ptr<Database>> readers_;
  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<Database*> free_;  // guarded by read_mu_
  std::unique_ptr<Checkpointer> checkpointer_;
};

}  // namespace

core::Result<std::unique_ptr<sql::Pool>> OpenPool(const std::string& path, int readers) {
  KINORA_ASSIGN_OR_RETURN(auto writer, Database::Open(path));
  std::vector<std::unique_ptr<Database>> pool;
  std::unique_ptr<Database> checkpoint_connection;
  if (path != ":memory:") {
    for (int i = 0; i < readers; ++i) {
      KINORA_ASSIGN_OR_RETURN(auto r, Database::Open(path));
      KINORA_RETURN_IF_ERROR(r->Exec("PRAGMA query_only=ON"));
      pool.push_back(std::move(r));
    }
    KINORA_ASSIGN_OR_RETURN(checkpoint_connection, Database::Open(path));
  }
  return std::unique_ptr<sql::Pool>(std::make_unique<SqlitePool>(std::move(writer), std::move(pool),
                                                                 std::move(checkpoint_connection)));
}

}  // namespace kinora::store::sqlite
