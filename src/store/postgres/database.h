// The PostgreSQL driver (libpq): a connection with a cache of named
// server-side prepared statements, and a fixed pool of connections that runs
// reads in autocommit and writes in one transaction each, retrying a write
// whose transaction lost a serialization conflict or a deadlock.
//
// Statements are written with `?` placeholders (store/sql/sql.h); Prepare()
// rewrites them to $1, $2… and lets the server infer the parameter types.
// Values travel in text format. A Connection is not thread-safe; the pool
// hands each one to one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql/sql.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace kinora::store::postgres {

class Connection final : public sql::Connection {
 public:
  // Connects to `url` (postgres://user:password@host:port/dbname?options) with
  // the session settings Kinora relies on: UTC, UTF-8, warnings and above only.
  // Errors are kUnavailable and never contain the password.
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  core::Result<sql::Statement*> Prepare(std::string_view sql) override;
  core::Status Exec(std::string_view script) override;

  // Frees the results of every statement run since the last call.
  void ReleaseResults();
  // True when a serialization failure or deadlock happened since the last
  // ClearRetryable(): the transaction is lost and running it again may succeed.
  bool retryable() const { return retryable_; }
  void ClearRetryable() { retryable_ = false; }
  // True when the server connection is gone.
  bool broken() const;
  // True inside a transaction that a failed statement has aborted.
  bool in_failed_transaction() const;
  // True inside a transaction block, failed or not.
  bool in_transaction() const;
  // Reconnects a broken connection. Prepared statements die with the old
  // session, so the statement cache is dropped.
  core::Status Reset();

 private:
  class Stmt;
  explicit Connection(PGconn* conn);
  core::Status Configure();
  // Maps a failed result (or, with res == nullptr, the connection's error) to an Error.
  core::Error ErrorFor(const PGresult* res, std::string_view what);

  PGconn* conn_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
  std::vector<Stmt*> used_;
  int64_t next_statement_ = 0;
  bool retryable_ = false;
};

// Rewrites `?` placeholders to $1..$n, leaving those inside string literals,
// quoted identifiers and comments alone. Sets *count to n when given.
std::string RewritePlaceholders(std::string_view sql, int* count = nullptr);

// `url` with its password replaced by "***", for messages and logs.
std::string RedactUrl(std::string_view url);

// Opens `connections` connections to `url` up front. Read borrows one and runs
// fn in autocommit; Write runs fn in BEGIN … COMMIT and runs it again (up to 3
// more times) after a serialization failure or deadlock, so fn must not keep
// state from one run to the next. A connection that broke is reconnected
// before it goes back to the pool. The pool is thread-safe.
core::Result<std::unique_ptr<sql::Pool>> OpenPool(const std::string& url, int connections);

// The PostgreSQL dialect: its migrations and queue-claim syntax.
const sql::Dialect& PostgresDialect();

}  // namespace kinora::store::postgres
