// Seeding a backend with store_bench's data set: see store_bench_seed.h.
#include "store_bench_seed.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <charconv>
#include <string_view>
#include <utility>

#include "store/store.h"

namespace kinora::bench {

using kinora::core::Result;
using kinora::core::Status;

double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

// ---------------------------------------------------------------- SQLite loading

namespace {

class SqliteInsert final : public RowSink {
 public:
  explicit SqliteInsert(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void Text(std::string_view v) override {
    sqlite3_bind_text(stmt_, ++column_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Int(int64_t v) override { sqlite3_bind_int64(stmt_, ++column_, v); }
  void Null() override { sqlite3_bind_null(stmt_, ++column_); }
  bool EndRow() {
    column_ = 0;
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    return rc == SQLITE_DONE;
  }

 private:
  sqlite3_stmt* stmt_;
  int column_ = 0;
};

Status SqliteExec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string detail = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return kinora::core::Internal("sqlite: " + sql.substr(0, 60), detail);
  }
  return kinora::core::Ok();
}

// The DDL of a table's own (not automatic) indexes.
Result<std::vector<std::pair<std::string, std::string>>> SqliteIndexes(sqlite3* db,
                                                                       const std::string& table) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                         "tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                         -1, &s, nullptr) != SQLITE_OK) {
    return kinora::core::Internal("sqlite: cannot list indexes", sqlite3_errmsg(db));
  }
  sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::pair<std::string, std::string>> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
                     reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
  }
  sqlite3_finalize(s);
  return out;
}

Status SqliteLoad(sqlite3* db, const Table& t) {
  KINORA_ASSIGN_OR_RETURN(auto indexes, SqliteIndexes(db, t.name));
  for (const auto& [name, ddl] : indexes)
    KINORA_RETURN_IF_ERROR(SqliteExec(db, "DROP INDEX " + name));
  std::string sql = "INSERT INTO " + t.name + " (";
  for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + t.columns[c];
  sql += ") VALUES (";
  for (size_t c = 0; c < t.columns.size(); ++c) sql += c ? ", ?" : "?";
  sql += ")";
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    return kinora::core::Internal("sqlite: cannot prepare " + sql, sqlite3_errmsg(db));
  }
  KINORA_RETURN_IF_ERROR(SqliteExec(db, "BEGIN"));
  SqliteInsert sink(s);
  for (size_t i = 0; i < t.rows; ++i) {
    t.row(i, sink);
    if (!sink.EndRow()) {
      const std::string detail = sqlite3_errmsg(db);
      sqlite3_finalize(s);
      return kinora::core::Internal("sqlite: insert into " + t.name + " failed", detail);
    }
  }
  sqlite3_finalize(s);
  KINORA_RETURN_IF_ERROR(SqliteExec(db, "COMMIT"));
  for (const auto& [name, ddl] : indexes) KINORA_RETURN_IF_ERROR(SqliteExec(db, ddl));
  return kinora::core::Ok();
}

}  // namespace

Result<std::vector<TableTime>> SeedSqlite(const std::string& path, const DataSet& d) {
  {
    KINORA_ASSIGN_OR_RETURN(auto store, kinora::store::OpenStore("sqlite:" + path));
    KINORA_RETURN_IF_ERROR(store->Migrate());
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return kinora::core::IoError("cannot open " + path);
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
  // A bulk load that is redone from scratch if it fails needs no journal.
  KINORA_RETURN_IF_ERROR(SqliteExec(db,
                                    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                                    "PRAGMA cache_size=-262144; PRAGMA locking_mode=EXCLUSIVE; "
                                    "PRAGMA threads=2"));
  std::vector<TableTime> times;
  for (const Table& t : Tables(d)) {
    const auto t0 = SteadyClock::now();
    KINORA_RETURN_IF_ERROR(SqliteLoad(db, t));
    times.push_back({t.name, t.rows, Seconds(t0)});
  }
  // Loaded without syncs, the file's pages sit dirty in the OS cache: flush
  // them as part of seeding, or the store's first checkpoint pays for them.
  const auto t0 = SteadyClock::now();
  KINORA_RETURN_IF_ERROR(SqliteExec(db, "PRAGMA journal_mode=WAL"));
  closer.reset();
  const int fd = open(path.c_str(), O_RDONLY);
  const bool synced = fd >= 0 && fsync(fd) == 0;
  if (fd >= 0) close(fd);
  if (!synced) return kinora::core::IoError("cannot fsync " + path);
  times.push_back({"(flush to disk)", 0, Seconds(t0)});
  return times;
}

// ---------------------------------------------------------------- PostgreSQL loading

namespace {

class CopySink final : public RowSink {
 public:
  explicit CopySink(PGconn* conn) : conn_(conn) { buf_.reserve(kFlushBytes + 65536); }
  void Text(std::string_view v) override {
    Separate();
    for (char c : v) {
      switch (c) {
        case '\\': buf_ += "\\\\"; break;
        case '\t': buf_ += "\\t"; break;
        case '\n': buf_ += "\\n"; break;
        case '\r': buf_ += "\\r"; break;
        default: buf_ += c;
      }
    }
  }
  void Int(int64_t v) override {
    Separate();
    char tmp[24];
    buf_.append(tmp, std::to_chars(tmp, tmp + sizeof tmp, v).ptr);
  }
  void Null() override {
    Separate();
    buf_ += "\\N";
  }
  bool EndRow() {
    buf_ += '\n';
    first_ = true;
    return buf_.size() < kFlushBytes || Flush();
  }
  bool Flush() {
    const bool ok =
        buf_.empty() || PQputCopyData(conn_, buf_.data(), static_cast<int>(buf_.size())) == 1;
    buf_.clear();
    return ok;
  }

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  void Separate() {
    if (!first_) buf_ += '\t';
    first_ = false;
  }
  PGconn* conn_;
  std::string buf_;
  bool first_ = true;
};

Status PgCopy(PGconn* conn, const Table& t) {
  std::string sql = "COPY " + t.name + " (";
  for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + t.columns[c];
  sql += ") FROM STDIN";
  PGresult* res = PQexec(conn, sql.c_str());
  const bool started = PQresultStatus(res) == PGRES_COPY_IN;
  PQclear(res);
  if (!started) return kinora::core::Internal("postgres: " + sql, PQerrorMessage(conn));
  CopySink sink(conn);
  bool ok = true;
  for (size_t i = 0; i < t.rows && ok; ++i) {
    t.row(i, sink);
    ok = sink.EndRow();
  }
  ok = sink.Flush() && ok;
  PQputCopyEnd(conn, ok ? nullptr : "store_bench: sending rows failed");
  std::string error;
  while (PGresult* r = PQgetResult(conn)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  if (!ok || !error.empty()) {
    return kinora::core::Internal("postgres: copy into " + t.name + " failed", error);
  }
  return kinora::core::Ok();
}

Status PgLoad(PGconn* conn, const Table& t) {
  // Secondary indexes only: those that back a primary key or unique constraint stay.
  KINORA_ASSIGN_OR_RETURN(auto indexes, PgRun(conn,
                                              "SELECT indexname, indexdef FROM pg_indexes "
                                              "WHERE schemaname = current_schema() AND "
                                              "tablename = $1 AND indexname NOT IN (SELECT "
                                              "conname FROM pg_constraint) ORDER BY indexname",
                                              t.name.c_str()));
  for (const auto& row : indexes) KINORA_RETURN_IF_ERROR(PgRun(conn, "DROP INDEX " + row[0]));
  KINORA_RETURN_IF_ERROR(PgCopy(conn, t));
  for (const auto& row : indexes) KINORA_RETURN_IF_ERROR(PgRun(conn, row[1]));
  KINORA_RETURN_IF_ERROR(PgRun(conn, "VACUUM (ANALYZE) " + t.name));
  return kinora::core::Ok();
}

}  // namespace

// Runs sql (with at most one text parameter); returns the rows of a query.
Result<std::vector<std::vector<std::string>>> PgRun(PGconn* conn, const std::string& sql,
                                                    const char* param) {
  PGresult* res =
      PQexecParams(conn, sql.c_str(), param ? 1 : 0, nullptr, &param, nullptr, nullptr, 0);
  const ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string detail = PQresultErrorMessage(res);
    PQclear(res);
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    return kinora::core::Internal("postgres: " + sql.substr(0, 60), detail);
  }
  std::vector<std::vector<std::string>> rows(static_cast<size_t>(PQntuples(res)));
  for (int r = 0; r < PQntuples(res); ++r) {
    for (int c = 0; c < PQnfields(res); ++c)
      rows[static_cast<size_t>(r)].push_back(PQgetvalue(res, r, c));
  }
  PQclear(res);
  return rows;
}

Result<PgConn> PgConnect(const std::string& url) {
  PgConn conn(PQconnectdb(url.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return kinora::core::Unavailable(
        "cannot connect to PostgreSQL at " + kinora::store::RedactUrl(url),
        PQerrorMessage(conn.get()));
  }
  return conn;
}

// Seeds an empty database; `note` says whether foreign-key checks ran during COPY.
Result<std::vector<TableTime>> SeedPostgres(const std::string& url, const DataSet& d,
                                            std::string& note) {
  {
    KINORA_ASSIGN_OR_RETURN(auto store, kinora::store::OpenStore(url));
    KINORA_RETURN_IF_ERROR(store->Migrate());
  }
  KINORA_ASSIGN_OR_RETURN(PgConn conn, PgConnect(url));
  KINORA_ASSIGN_OR_RETURN(
      auto count,
      PgRun(conn.get(), "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM videos)"));
  if (count.at(0).at(0) != "0") {
    return kinora::core::InvalidArgument(
        "the database at --pg-url already holds members or videos; "
        "store_bench needs an empty one",
        "pg-url");
  }
  KINORA_RETURN_IF_ERROR(PgRun(conn.get(), "SET synchronous_commit = off"));
  KINORA_RETURN_IF_ERROR(PgRun(conn.get(), "SET maintenance_work_mem = '512MB'"));
  // The rows are consistent by construction; skipping the per-row foreign-key
  // checks needs a superuser, which the throwaway cluster's user is.
  note = PgRun(conn.get(), "SET session_replication_role = replica").ok()
             ? "foreign-key checks off during COPY"
             : "foreign-key checks on during COPY (not a superuser)";
  std::vector<TableTime> times;
  for (const Table& t : Tables(d)) {
    const auto t0 = SteadyClock::now();
    KINORA_RETURN_IF_ERROR(PgLoad(conn.get(), t));
    times.push_back({t.name, t.rows, Seconds(t0)});
  }
  // Dirty buffers out to the OS (or disk), so the measured calls do not pay
  // for the load. Needs a superuser or pg_checkpoint; skipped without.
  const auto t0 = SteadyClock::now();
  if (PgRun(conn.get(), "CHECKPOINT").ok()) times.push_back({"(checkpoint)", 0, Seconds(t0)});
  return times;
}

}  // namespace kinora::bench
