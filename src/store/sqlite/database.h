// The SQLite driver: one connection with Kinora's pragmas (WAL, foreign
// keys, busy timeout) and a cache of prepared statements, and a pool of one
// writer connection and a few readers. WAL lets the readers run while the
// writer commits. A Database is not thread-safe; the pool hands each one to
// one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/sql.h"

struct sqlite3;

namespace kinora::store::sqlite {

class Database final : public sql::Connection {
 public:
  // Opens (creating if needed) the file at `path`; ":memory:" for a private in-memory DB.
  static core::Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database() override;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  core::Result<sql::Statement*> Prepare(std::string_view sql) override;
  core::Status Exec(std::string_view script) override;
  // Resets every statement used since the last call, ending the implicit
  // read transaction an unfinished SELECT would otherwise hold open.
  void ResetStatements();
  sqlite3* handle() const { return db_; }

 private:
  class Stmt;
  explicit Database(sqlite3* db);
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
  std::vector<Stmt*> used_;
};

// One writer and `readers` reader connections on the file at `path`
// (`readers` is 0 for ":memory:", whose connections cannot share data).
// The WAL is checkpointed by a background thread on a connection of its own,
// never inline in a writer's commit, so no write waits for it.
core::Result<std::unique_ptr<sql::Pool>> OpenPool(const std::string& path, int readers);

// The SQLite dialect: its migrations and queue-claim syntax.
const sql::Dialect& SqliteDialect();

}  // namespace kinora::store::sqlite
