// Databases for tests that run against every store backend: SQLite in a file,
// and PostgreSQL in the throwaway cluster that CTest's `postgres` fixture
// starts (tests/support/pg_cluster, wired in tests/CMakeLists.txt).
//
// A test that uses PostgreSQL links kinora_test_db and passes
// `FIXTURES postgres` to kinora_test. The cluster is shared by every test
// running in parallel, so each test makes its own database:
//
//   for (std::string url : TestStoreUrls(dir / "kinora.db")) {
//     if (url.starts_with("postgres")) {
//       auto fresh = FreshPostgresDatabase(url, TestDatabaseName());
//       ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
//       url = *fresh;
//     }
//     … store::OpenStore(url) …
//   }
#pragma once

#include <errno.h>  // program_invocation_short_name
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

#ifndef KINORA_TEST_PG_URL_FILE
#define KINORA_TEST_PG_URL_FILE ""
#endif

namespace kinora::testing {

// The file the fixture writes the cluster's URL to: $KINORA_TEST_PG_URL_FILE
// when set, else the build's pg-test/url.
inline std::string PostgresUrlFile() {
  if (const char* env = std::getenv("KINORA_TEST_PG_URL_FILE"); env && *env) return env;
  return KINORA_TEST_PG_URL_FILE;
}

// The URL of the fixture's database. A missing cluster fails the test (it is
// never skipped) and yields "".
inline std::string PostgresTestUrl() {
  const std::string path = PostgresUrlFile();
  std::string url;
  if (std::ifstream in(path); !path.empty() && in) std::getline(in, url);
  if (url.empty()) {
    ADD_FAILURE() << "no PostgreSQL test cluster: cannot read its URL from '" << path
                  << "'. Run this test with ctest, whose 'postgres' fixture starts the cluster, "
                     "or run `tests/support/pg_cluster start DIR` and set "
                     "KINORA_TEST_PG_URL_FILE=DIR/url.";
  }
  return url;
}

// {"sqlite:" + sqlite_path, the PostgreSQL fixture's URL}. The second is the
// shared kinora_test database: pass it to FreshPostgresDatabase before use.
inline std::vector<std::string> TestStoreUrls(const std::string& sqlite_path) {
  std::vector<std::string> urls{"sqlite:" + sqlite_path};
  if (std::string pg = PostgresTestUrl(); !pg.empty()) urls.push_back(std::move(pg));
  return urls;
}

// A database name unique to the running test (binary, suite and test name),
// lower-case and at most 63 bytes as PostgreSQL requires.
inline std::string TestDatabaseName() {
  std::string raw = program_invocation_short_name;
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    raw = raw + "_" + info->test_suite_name() + "_" + info->name();
  }
  std::string name = "t_";
  for (char c : raw) {
    name += std::isalnum(static_cast<unsigned char>(c))
                ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                : '_';
  }
  if (name.size() > 63) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(name));
    name = name.substr(0, 46) + "_" + hash;
  }
  return name;
}

// Drops and creates database `name` (letters, digits and _) on the server of
// `base_url` and returns the URL of the new database.
inline core::Result<std::string> FreshPostgresDatabase(const std::string& base_url,
                                                       const std::string& name) {
  if (name.empty() || name.size() > 63 || std::isdigit(static_cast<unsigned char>(name[0]))) {
    return core::InvalidArgument("a test database name must be 1 to 63 characters", name);
  }
  for (char c : name) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return core::InvalidArgument("a test database name is [a-z0-9_]", name);
    }
  }
  const size_t scheme = base_url.find("://");
  if (scheme == std::string::npos) {
    return core::InvalidArgument("not a PostgreSQL URL", base_url);
  }
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(base_url.c_str()), &PQfinish);
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return core::Unavailable("cannot connect to the PostgreSQL test cluster",
                             conn ? PQerrorMessage(conn.get()) : "out of memory");
  }
  PQsetNoticeProcessor(
      conn.get(), [](void*, const char*) {}, nullptr);
  // FORCE: a crashed earlier run may have left sessions open on it. template0
  // takes no connections, so parallel tests can copy it at once.
  for (const std::string& sql : {"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                                 "CREATE DATABASE " + name + " TEMPLATE template0"}) {
    std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return core::Unavailable("cannot make test database " + name,
                               PQresultErrorMessage(res.get()));
    }
  }
  // Swap the URL's path (the database) for the new name, keeping ?options.
  const size_t authority = scheme + 3;
  const size_t path = base_url.find_first_of("/?", authority);
  if (path == std::string::npos) return base_url + "/" + name;
  const size_t query = base_url.find('?', path);
  const std::string rest = query == std::string::npos ? "" : base_url.substr(query);
  return base_url.substr(0, path) + "/" + name + rest;
}

}  // namespace kinora::testing
