// The seam between Kinora's repository code and a SQL database: a connection
// with cached prepared statements, and a pool that hands out connections for
// reads and for write transactions. The SQL text the repositories use is
// shared by every backend: `?` placeholders (rewritten to $1, $2… where the
// backend needs that), integers for booleans and times, ON CONFLICT DO
// NOTHING and RETURNING (both in SQLite ≥ 3.35 and PostgreSQL). What differs
// between backends — the DDL of each migration, the row-locking suffix of a
// queue claim — is described by a Dialect.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/migration.h"

namespace kinora::store::sql {

// One prepared statement. Parameters and columns are 0-based here whatever
// the backend counts from. The statement runs on the first Step() or Run().
class Statement {
 public:
  virtual ~Statement() = default;

  virtual void BindText(int index, std::string_view value) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindNull(int index) = 0;

  // Advances to the next row: true with a row, false when done.
  virtual core::Result<bool> Step() = 0;
  // Runs a statement; returns how many rows it changed.
  virtual core::Result<int64_t> Run() = 0;

  virtual std::string Text(int column) const = 0;
  virtual int64_t Int(int column) const = 0;  // booleans read as 0 / 1
  virtual bool IsNull(int column) const = 0;
  std::optional<int64_t> OptionalInt(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
  }
};

// Binds values in order: Bind(s, a, b, c) binds a to parameter 0 and so on.
// Accepts strings, integers, bools, std::optional of those and nullptr.
namespace detail {
inline void BindOne(Statement& s, int i, std::string_view v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, const std::string& v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, const char* v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, int64_t v) { s.BindInt(i, v); }
inline void BindOne(Statement& s, int i, int v) { s.BindInt(i, v); }
inline void BindOne(Statement& s, int i, uint64_t v) { s.BindInt(i, static_cast<int64_t>(v)); }
inline void BindOne(Statement& s, int i, bool v) { s.BindInt(i, v ? 1 : 0); }
inline void BindOne(Statement& s, int i, std::nullptr_t) { s.BindNull(i); }
template <typename T>
void BindOne(Statement& s, int i, const std::optional<T>& v) {
  if (v) {
    BindOne(s, i, *v);
  } else {
    s.BindNull(i);
  }
}
}  // namespace detail

template <typename... Args>
Statement& Bind(Statement& s, const Args&... args) {
  int i = 0;
  (detail::BindOne(s, i++, args), ...);
  return s;
}

class Connection {
 public:
  virtual ~Connection() = default;
  // A prepared statement for `sql`, cached on this connection and reset for
  // a new run. It stays valid until the next Prepare() of the same text.
  virtual core::Result<Statement*> Prepare(std::string_view sql) = 0;
  // Runs a script of one or more statements without parameters (DDL).
  virtual core::Status Exec(std::string_view script) = 0;
};

// What differs between backends.
struct Dialect {
  std::string_view name;              // "sqlite", "postgres"
  std::vector<Migration> migrations;  // ascending versions
  std::string_view skip_locked;       // appended to a queue claim's SELECT
  // Run first in every migration transaction, so two processes starting at
  // once do not both migrate (PostgreSQL: an advisory lock); may be empty.
  std::string_view migration_lock;
  // Run first in a member's creation, so "is this the first member?" has one
  // answer under concurrency (SQLite's single writer already ensures it).
  std::string_view signup_lock;
  // Run first in a transaction that must not overlap another naming the same
  // key (its one text parameter), e.g. one owner's quota check; empty where
  // write transactions never overlap (SQLite's single writer).
  std::string_view key_lock;
};

// Connections for reads and for write transactions. Thread-safe.
class Pool {
 public:
  virtual ~Pool() = default;
  virtual const Dialect& dialect() const = 0;
  // Runs fn on a connection for reads (autocommit: each statement sees committed data).
  virtual core::Status Read(const std::function<core::Status(Connection&)>& fn) = 0;
  // Runs fn inside one transaction; commits when fn succeeds, else rolls back.
  // Retries a few times when the database reports a serialization conflict.
  virtual core::Status Write(const std::function<core::Status(Connection&)>& fn) = 0;
};

// Runs the pending migrations of pool's dialect, each in its own transaction,
// recording them in `schema_version`.
core::Result<MigrationPlan> PlanMigrations(Pool& pool);
core::Status Migrate(Pool& pool);

}  // namespace kinora::store::sql
