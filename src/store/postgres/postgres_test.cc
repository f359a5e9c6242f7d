// The PostgreSQL driver against a real server: the throwaway cluster of the
// CTest fixture `postgres` (tests/support/pg_cluster), one fresh database per test.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <set>
#include <thread>
#include <utility>

#include "store/postgres/database.h"
#include "store/sqlite/database.h"
#include "store/store.h"
#include "support/test_db.h"

namespace kinora::store::postgres {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Runs `text` with text arguments; returns the first column of every row.
core::Result<Rows> Query(sql::Connection& c, std::string_view text,
                         const std::vector<std::string>& args = {}) {
  KINORA_ASSIGN_OR_RETURN(sql::Statement * s, c.Prepare(text));
  for (size_t i = 0; i < args.size(); ++i) s->BindText(static_cast<int>(i), args[i]);
  Rows rows;
  while (true) {
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    rows.push_back({s->Text(0)});
  }
  return rows;
}

core::Status RunStatement(sql::Statement& s) {
  auto changed = s.Run();
  if (!changed) return changed.error();
  return core::Ok();
}

class PostgresDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = testing::PostgresTestUrl();
    ASSERT_FALSE(base.empty());
    auto url = testing::FreshPostgresDatabase(base, testing::TestDatabaseName());
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    url_ = *url;
    auto pool = OpenPool(url_, 2);
    ASSERT_TRUE(pool.ok()) << pool.error().ToString();
    pool_ = std::move(pool).value();
    ASSERT_TRUE(pool_
                    ->Write([](sql::Connection& c) {
                      return c.Exec(
                          "CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0 "
                          "CHECK (n >= 0), note TEXT)");
                    })
                    .ok());
  }

  // How many rows `items` has, read in autocommit.
  int64_t CountItems() {
    int64_t count = -1;
    core::Status s = pool_->Read([&](sql::Connection& c) -> core::Status {
      KINORA_ASSIGN_OR_RETURN(sql::Statement * st, c.Prepare("SELECT COUNT(*) FROM items"));
      KINORA_ASSIGN_OR_RETURN(bool row, st->Step());
      if (row) count = st->Int(0);
      return core::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return count;
  }

  core::Status Insert(sql::Connection& c, const std::string& id, int64_t n = 0) {
    KINORA_ASSIGN_OR_RETURN(sql::Statement * s,
                            c.Prepare("INSERT INTO items (id, n) VALUES (?, ?)"));
    sql::Bind(*s, id, n);
    return RunStatement(*s);
  }

  std::string url_;
  std::unique_ptr<sql::Pool> pool_;
};

TEST(PostgresPlaceholders, RewritesQuestionMarksOutsideLiteralsAndComments) {
  int count = 0;
  EXPECT_EQ(
      RewritePlaceholders("SELECT ?, '?', 'it''s ?', \"odd?\" -- why?\n, ? /* ? */ + ?", &count),
      "SELECT $1, '?', 'it''s ?', \"odd?\" -- why?\n, $2 /* ? */ + $3");
  EXPECT_EQ(count, 3);
  EXPECT_EQ(RewritePlaceholders("SELECT 1", &count), "SELECT 1");
  EXPECT_EQ(count, 0);
}

TEST(PostgresPlaceholders, RedactsPasswords) {
  EXPECT_EQ(RedactUrl("postgres://kinora:s3cret@db:5432/k?sslmode=require"),
            "postgres://kinora:***@db:5432/k?sslmode=require");
  EXPECT_EQ(RedactUrl("postgresql://db/k?user=x&password=s3cret&sslmode=disable"),
            "postgresql://db/k?user=x&password=***&sslmode=disable");
  EXPECT_EQ(RedactUrl("postgres://kinora@db/k"), "postgres://kinora@db/k");
}

TEST_F(PostgresDriverTest, PlaceholdersBindInOrderAndSkipStringLiterals) {
  core::Status s = pool_->Read([](sql::Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(sql::Statement * st,
                            c.Prepare("SELECT ?::text, 'why?' || ?::text, ?::bigint + 1"));
    sql::Bind(*st, "first", std::string("second"), int64_t{INT64_MAX - 1});
    KINORA_ASSIGN_OR_RETURN(bool row, st->Step());
    EXPECT_TRUE(row);
    EXPECT_EQ(st->Text(0), "first");
    EXPECT_EQ(st->Text(1), "why?second");
    EXPECT_EQ(st->Int(2), INT64_MAX);
    KINORA_ASSIGN_OR_RETURN(bool more, st->Step());
    EXPECT_FALSE(more);
    return core::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST_F(PostgresDriverTest, ConstraintViolationsMapToErrorCodes) {
  ASSERT_TRUE(pool_->Write([&](sql::Connection& c) { return Insert(c, "a"); }).ok());
  core::Status dup = pool_->Write([&](sql::Connection& c) { return Insert(c, "a"); });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kAlreadyExists) << dup.error().ToString();
  EXPECT_EQ(dup.error().message.find('\n'), std::string::npos);
  EXPECT_NE(dup.error().detail.find("items_pkey"), std::string::npos) << dup.error().detail;
  EXPECT_EQ(dup.error().detail.find('\n'), std::string::npos);

  core::Status check = pool_->Write([&](sql::Connection& c) { return Insert(c, "b", -1); });
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, core::ErrorCode::kFailedPrecondition) << check.error().ToString();

  core::Status not_null = pool_->Write([](sql::Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(sql::Statement * s, c.Prepare("INSERT INTO items (id) VALUES (?)"));
    s->BindNull(0);
    return RunStatement(*s);
  });
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.error().code, core::ErrorCode::kFailedPrecondition);

  core::Status syntax = pool_->Read([](sql::Connection& c) { return c.Exec("SELEC 1"); });
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(syntax.error().detail.find("syntax error"), std::string::npos);
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(PostgresDriverTest, WriteRollsBackWhenFnFails) {
  core::Status s = pool_->Write([&](sql::Connection& c) -> core::Status {
    KINORA_RETURN_IF_ERROR(Insert(c, "a"));
    KINORA_RETURN_IF_ERROR(Insert(c, "b"));
    return core::FailedPrecondition("changed my mind");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "changed my mind");
  EXPECT_EQ(CountItems(), 0);

  // A failed statement that fn ignores still dooms the transaction: Write
  // must not report success for writes PostgreSQL threw away.
  s = pool_->Write([&](sql::Connection& c) -> core::Status {
    KINORA_RETURN_IF_ERROR(Insert(c, "c"));
    (void)Insert(c, "c");
    return core::Ok();
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(CountItems(), 0);

  // Statements prepared inside a rolled-back transaction stay usable.
  EXPECT_TRUE(pool_->Write([&](sql::Connection& c) { return Insert(c, "d"); }).ok());
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(PostgresDriverTest, ReadSeesCommittedDataOnly) {
  core::Status s = pool_->Write([&](sql::Connection& c) -> core::Status {
    KINORA_RETURN_IF_ERROR(Insert(c, "a"));
    // The pool's other connection does not see the open transaction.
    EXPECT_EQ(CountItems(), 0);
    return core::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(PostgresDriverTest, BooleansReadAsZeroOrOneAndNullsAreNull) {
  core::Status s = pool_->Read([](sql::Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(sql::Statement * st,
                            c.Prepare("SELECT true, false, 2 > 1, NULL::text, ?::text, ?::bigint, "
                                      "''::text, ?::text"));
    sql::Bind(*st, nullptr, std::optional<int64_t>{}, "héllo ✓");
    KINORA_ASSIGN_OR_RETURN(bool row, st->Step());
    EXPECT_TRUE(row);
    EXPECT_EQ(st->Int(0), 1);
    EXPECT_EQ(st->Int(1), 0);
    EXPECT_EQ(st->Int(2), 1);
    EXPECT_TRUE(st->IsNull(3));
    EXPECT_EQ(st->Text(3), "");
    EXPECT_TRUE(st->IsNull(4));
    EXPECT_EQ(st->OptionalInt(5), std::nullopt);
    EXPECT_FALSE(st->IsNull(6));  // '' is not NULL
    EXPECT_EQ(st->Text(7), "héllo ✓");
    EXPECT_FALSE(st->IsNull(0));
    return core::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST_F(PostgresDriverTest, ReturningAndAffectedRows) {
  core::Status s = pool_->Write([&](sql::Connection& c) -> core::Status {
    KINORA_RETURN_IF_ERROR(
        c.Exec("CREATE TABLE log (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, what TEXT)"));
    for (int i = 1; i <= 3; ++i) {
      KINORA_ASSIGN_OR_RETURN(sql::Statement * st,
                              c.Prepare("INSERT INTO log (what) VALUES (?) RETURNING id, what"));
      sql::Bind(*st, "entry " + std::to_string(i));
      KINORA_ASSIGN_OR_RETURN(bool row, st->Step());
      EXPECT_TRUE(row);
      EXPECT_EQ(st->Int(0), i);
      EXPECT_EQ(st->Text(1), "entry " + std::to_string(i));
    }
    KINORA_ASSIGN_OR_RETURN(sql::Statement * up,
                            c.Prepare("UPDATE log SET what = 'x' WHERE id >= ?"));
    sql::Bind(*up, 2);
    KINORA_ASSIGN_OR_RETURN(int64_t changed, up->Run());
    EXPECT_EQ(changed, 2);
    KINORA_ASSIGN_OR_RETURN(sql::Statement * none,
                            c.Prepare("UPDATE log SET what = 'y' WHERE false"));
    KINORA_ASSIGN_OR_RETURN(int64_t unchanged, none->Run());
    EXPECT_EQ(unchanged, 0);
    KINORA_ASSIGN_OR_RETURN(
        sql::Statement * conflict,
        c.Prepare("INSERT INTO items (id) VALUES (?), (?) ON CONFLICT DO NOTHING"));
    sql::Bind(*conflict, "k", "k2");
    KINORA_ASSIGN_OR_RETURN(int64_t inserted, conflict->Run());
    EXPECT_EQ(inserted, 2);
    KINORA_ASSIGN_OR_RETURN(
        conflict, c.Prepare("INSERT INTO items (id) VALUES (?), (?) ON CONFLICT DO NOTHING"));
    sql::Bind(*conflict, "k", "k3");
    KINORA_ASSIGN_OR_RETURN(inserted, conflict->Run());
    EXPECT_EQ(inserted, 1);
    return core::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST_F(PostgresDriverTest, MisusedBindingsFailCleanly) {
  core::Status s = pool_->Read([](sql::Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(sql::Statement * st, c.Prepare("SELECT ?::text"));
    st->BindText(3, "out of range");
    auto row = st->Step();
    EXPECT_FALSE(row.ok());
    // Prepare resets the statement: bindings cleared, unbound is NULL.
    KINORA_ASSIGN_OR_RETURN(st, c.Prepare("SELECT ?::text"));
    KINORA_ASSIGN_OR_RETURN(bool ok_row, st->Step());
    EXPECT_TRUE(ok_row);
    EXPECT_TRUE(st->IsNull(0));
    EXPECT_FALSE(c.Prepare("SELECT FROM WHERE").ok());
    return core::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST_F(PostgresDriverTest, BadUrlIsUnavailableAndHidesThePassword) {
  const std::string password = "s3cr3t-pw";
  for (const std::string& url :
       {"postgres://kinora:" + password + "@127.0.0.1:1/kinora_test",
        "postgresql://127.0.0.1:1/kinora_test?user=kinora&password=" + password,
        "postgres://kinora:" + password + "%zz@127.0.0.1:1/kinora_test",
        "postgres://kinora:" + password + "@127.0.0.1:1/kinora_test?bogus=1"}) {
    auto pool = OpenPool(url, 1);
    ASSERT_FALSE(pool.ok()) << url;
    const core::Error& e = pool.error();
    EXPECT_EQ(e.code, core::ErrorCode::kUnavailable) << e.ToString();
    EXPECT_EQ(e.ToString().find(password), std::string::npos) << e.ToString();
    EXPECT_EQ(e.ToString().find('\n'), std::string::npos) << e.ToString();
    EXPECT_NE(e.message.find("cannot connect to PostgreSQL"), std::string::npos) << e.message;

    auto store = OpenStore(url);  // OpenStore routes postgres URLs here
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(store.error().ToString().find(password), std::string::npos);
  }
  // A reachable server with a database that does not exist.
  std::string missing = url_.substr(0, url_.rfind('/')) + "/no_such_database";
  auto pool = OpenPool(missing, 1);
  ASSERT_FALSE(pool.ok());
  EXPECT_EQ(pool.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(pool.error().detail.find("no_such_database"), std::string::npos) << pool.error().detail;
}

TEST_F(PostgresDriverTest, ABrokenConnectionIsReplaced) {
  auto one = OpenPool(url_, 1);
  ASSERT_TRUE(one.ok());
  auto& pool = **one;
  std::string pid;
  ASSERT_TRUE(pool.Read([&](sql::Connection& c) -> core::Status {
                    KINORA_ASSIGN_OR_RETURN(Rows rows, Query(c, "SELECT pg_backend_pid()::text"));
                    pid = rows.at(0).at(0);
                    return core::Ok();
                  })
                  .ok());
  ASSERT_TRUE(pool_
                  ->Read([&](sql::Connection& c) {
                    return Query(c, "SELECT pg_terminate_backend(?::int)", {pid}).ok()
                               ? core::Ok()
                               : core::Internal("terminate failed");
                  })
                  .ok());
  // The write finds its connection dead at BEGIN, reconnects and runs.
  core::Status s = pool.Write([&](sql::Connection& c) { return Insert(c, "after"); });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(CountItems(), 1);
  s = pool.Read([&](sql::Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Rows rows, Query(c, "SELECT current_setting('TimeZone')"));
    EXPECT_EQ(rows.at(0).at(0), "UTC");  // the new session is configured too
    return core::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

TEST_F(PostgresDriverTest, DeadlockedWritesAreRetried) {
  ASSERT_TRUE(pool_
                  ->Write([&](sql::Connection& c) -> core::Status {
                    KINORA_RETURN_IF_ERROR(Insert(c, "x"));
                    return Insert(c, "y");
                  })
                  .ok());
  std::atomic<int> first_updates{0};
  std::atomic<int> attempts{0};
  auto writer = [&](const std::string& first, const std::string& second) {
    return pool_->Write([&, tries = 0](sql::Connection& c) mutable -> core::Status {
      ++attempts;
      auto bump = [&](const std::string& id) -> core::Status {
        KINORA_ASSIGN_OR_RETURN(sql::Statement * s,
                                c.Prepare("UPDATE items SET n = n + 1 WHERE id = ?"));
        sql::Bind(*s, id);
        return RunStatement(*s);
      };
      KINORA_RETURN_IF_ERROR(bump(first));
      if (tries++ == 0) {
        // Both transactions hold their first row before taking the other's.
        ++first_updates;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (first_updates < 2 && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
      return bump(second);
    });
  };
  core::Status a, b;
  std::thread ta([&] { a = writer("x", "y"); });
  std::thread tb([&] { b = writer("y", "x"); });
  ta.join();
  tb.join();
  EXPECT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(attempts.load(), 3);  // PostgreSQL aborted one of them once
  ASSERT_TRUE(pool_
                  ->Read([&](sql::Connection& c) -> core::Status {
                    KINORA_ASSIGN_OR_RETURN(Rows rows,
                                            Query(c, "SELECT n::text FROM items ORDER BY id"));
                    EXPECT_EQ(rows, (Rows{{"2"}, {"2"}}));
                    return core::Ok();
                  })
                  .ok());
}

// The names of the schema's tables with their columns, and of its indexes
// that do not back a key constraint.
struct Schema {
  std::set<std::string> columns;  // "table.column"
  std::set<std::string> indexes;
};

core::Result<Schema> ReadSchema(sql::Pool& pool, std::string_view columns_sql,
                                std::string_view indexes_sql) {
  Schema schema;
  KINORA_RETURN_IF_ERROR(pool.Read([&](sql::Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Rows columns, Query(c, columns_sql));
    for (const auto& r : columns) schema.columns.insert(r.at(0));
    KINORA_ASSIGN_OR_RETURN(Rows indexes, Query(c, indexes_sql));
    for (const auto& r : indexes) schema.indexes.insert(r.at(0));
    return core::Ok();
  }));
  return schema;
}

TEST_F(PostgresDriverTest, MigrationsMatchSqlitesSchema) {
  ASSERT_TRUE(pool_->Write([](sql::Connection& c) { return c.Exec("DROP TABLE items"); }).ok());
  core::Status migrated = sql::Migrate(*pool_);
  ASSERT_TRUE(migrated.ok()) << migrated.error().ToString();
  auto plan = sql::PlanMigrations(*pool_);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_TRUE(plan->pending.empty());
  EXPECT_EQ(plan->current_version, PostgresDialect().migrations.back().version);
  EXPECT_TRUE(sql::Migrate(*pool_).ok());  // idempotent

  auto sqlite_pool = sqlite::OpenPool(":memory:", 0);
  ASSERT_TRUE(sqlite_pool.ok());
  ASSERT_TRUE(sql::Migrate(**sqlite_pool).ok());
  ASSERT_EQ(PostgresDialect().migrations.size(), sqlite::SqliteDialect().migrations.size());
  for (size_t i = 0; i < PostgresDialect().migrations.size(); ++i) {
    EXPECT_EQ(PostgresDialect().migrations[i].version,
              sqlite::SqliteDialect().migrations[i].version);
    EXPECT_EQ(PostgresDialect().migrations[i].name, sqlite::SqliteDialect().migrations[i].name);
  }

  auto pg = ReadSchema(*pool_,
                       "SELECT table_name || '.' || column_name FROM information_schema.columns "
                       "WHERE table_schema = 'public'",
                       "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                       "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'public' "
                       "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = "
                       "x.indexrelid)");
  ASSERT_TRUE(pg.ok()) << pg.error().ToString();
  auto lite = ReadSchema(**sqlite_pool,
                         "SELECT m.name || '.' || p.name FROM sqlite_master m, "
                         "pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT "
                         "LIKE 'sqlite_%'",
                         "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
  ASSERT_TRUE(lite.ok()) << lite.error().ToString();
  EXPECT_EQ(pg->columns, lite->columns);
  EXPECT_EQ(pg->indexes, lite->indexes);
  EXPECT_GT(pg->columns.size(), 100u);

  core::Status s = pool_->Write([](sql::Connection& c) -> core::Status {
    // Integers are BIGINT (times are Unix milliseconds).
    KINORA_ASSIGN_OR_RETURN(Rows narrow,
                            Query(c,
                                  "SELECT table_name || '.' || column_name FROM "
                                  "information_schema.columns WHERE table_schema = 'public' AND "
                                  "data_type = 'integer' AND table_name <> 'schema_version'"));
    EXPECT_EQ(narrow, Rows{});
    // Ids order bytewise, as in SQLite, whatever the database's locale.
    KINORA_RETURN_IF_ERROR(
        c.Exec("INSERT INTO users (id, handle, display_name, birthdate, password_hash, created_at) "
               "VALUES ('b', 'b', 'B', '2000-01-01', 'x', 1), ('B', 'B', 'B', '2000-01-01', 'x', "
               "1), ('_', '_', '_', '2000-01-01', 'x', 1), ('a', 'a', 'A', '2000-01-01', 'x', "
               "4102444800000)"));
    KINORA_ASSIGN_OR_RETURN(Rows ids, Query(c, "SELECT id FROM users ORDER BY id"));
    EXPECT_EQ(ids, (Rows{{"B"}, {"_"}, {"a"}, {"b"}}));
    KINORA_ASSIGN_OR_RETURN(
        Rows collations,
        Query(c,
              "SELECT DISTINCT collation_name FROM information_schema.columns WHERE "
              "table_schema = 'public' AND data_type = 'text' AND column_name IN ('id', 'handle', "
              "'owner_id', "
              "'content_key', 'email', 'code')"));
    EXPECT_EQ(collations, (Rows{{"C"}}));
    // Notifications number themselves.
    KINORA_ASSIGN_OR_RETURN(Rows ids2,
                            Query(c,
                                  "INSERT INTO notifications (user_id, kind, created_at) VALUES "
                                  "('a', 'follow', 1), ('a', 'like', 2) RETURNING id::text"));
    EXPECT_EQ(ids2, (Rows{{"1"}, {"2"}}));
    return core::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.error().ToString();
}

}  // namespace
}  // namespace kinora::store::postgres
