// Seeding: loads a DataSet into a new SQLite file or an empty PostgreSQL
// database below the Store interface, writing exactly the rows the store
// would. Store::Migrate() makes the schema; each table then loads in
// primary-key order (SQLite: one transaction of prepared INSERTs; PostgreSQL:
// COPY) with its secondary indexes dropped and rebuilt after, and at the end
// the data is flushed. Also the small PostgreSQL helpers the runs reuse.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "store_bench_data.h"

namespace kinora::bench {

using SteadyClock = std::chrono::steady_clock;

// Seconds from `since` to now.
double Seconds(SteadyClock::time_point since);

// How long one step of seeding took: a table's load, or (rows 0) the flush.
struct TableTime {
  std::string name;
  size_t rows = 0;
  double seconds = 0;
};

// Migrates a new SQLite file at `path`, loads `d` into it and syncs it to disk.
core::Result<std::vector<TableTime>> SeedSqlite(const std::string& path, const DataSet& d);

// Seeds an empty database; `note` says whether foreign-key checks ran during COPY.
core::Result<std::vector<TableTime>> SeedPostgres(const std::string& url, const DataSet& d,
                                                  std::string& note);

using PgConn = std::unique_ptr<PGconn, void (*)(PGconn*)>;

core::Result<PgConn> PgConnect(const std::string& url);

// Runs sql (with at most one text parameter); returns the rows of a query.
core::Result<std::vector<std::vector<std::string>>> PgRun(PGconn* conn, const std::string& sql,
                                                          const char* param = nullptr);

}  // namespace kinora::bench
