// A thin RAII layer over one SQLite connection: open with Kinora's pragmas
// (WAL, foreign keys, busy timeout), prepared statements with typed binding,
// and transactions. A Database is not thread-safe; callers serialize access
// (store/sqlite/sqlite_store.h holds a mutex around its connection).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kinora::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::nullopt_t);
  Statement& BindOptional(int index, const std::optional<int64_t>& value);

  // Advances to the next row: true with a row, false when done.
  core::Result<bool> Step();
  // Runs a statement that returns no rows.
  core::Status Run();

  std::string ColumnText(int index) const;
  int64_t ColumnInt(int index) const;
  bool ColumnIsNull(int index) const;
  std::optional<int64_t> ColumnOptionalInt(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (creating if needed) the file at `path`; ":memory:" for a private in-memory DB.
  static core::Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  core::Status Exec(std::string_view sql);
  core::Result<Statement> Prepare(std::string_view sql);
  int64_t Changes() const;

  // Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back if fn fails.
  template <typename Fn>
  core::Status Transaction(Fn&& fn) {
    KINORA_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    core::Status s = fn();
    if (!s) {
      (void)Exec("ROLLBACK");
      return s;
    }
    return Exec("COMMIT");
  }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace kinora::store::sqlite
