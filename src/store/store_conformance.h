// The fixture of the store's conformance tests (store_conformance_*_test.cc,
// one binary): the store's contract (store.h, generation_store.h,
// social_store.h) checked against every backend. Each test runs once on
// SQLite and once on PostgreSQL (the throwaway cluster of the CTest fixture
// `postgres`), each time on a brand-new migrated database of its own. A
// missing cluster fails the PostgreSQL half; it is never skipped.
//
// The suite is instantiated once per binary, as `store_conformance` over
// "sqlite" and "postgres", in store_conformance_accounts_test.cc; the other
// files only add TEST_Ps to it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "store/store.h"
#include "support/test_db.h"

namespace kinora::core {
// Error codes print by name in assertion messages.
inline void PrintTo(ErrorCode code, std::ostream* os) { *os << ErrorCodeName(code); }
}  // namespace kinora::core

#define KCT_CONCAT_INNER(a, b) a##b
#define KCT_CONCAT(a, b) KCT_CONCAT_INNER(a, b)
#define ASSERT_OK(expr)                                                             \
  do {                                                                              \
    const auto& kct_status = (expr);                                                \
    ASSERT_TRUE(kct_status.ok()) << #expr << ": " << kct_status.error().ToString(); \
  } while (0)
#define EXPECT_OK(expr)                                                             \
  do {                                                                              \
    const auto& kct_status = (expr);                                                \
    EXPECT_TRUE(kct_status.ok()) << #expr << ": " << kct_status.error().ToString(); \
  } while (0)
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(KCT_CONCAT(kct_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)                   \
  auto tmp = (expr);                                                \
  ASSERT_TRUE(tmp.ok()) << #expr << ": " << tmp.error().ToString(); \
  lhs = std::move(tmp).value()

// Shared by every file of the suite, so in a named namespace: a fixture in an
// anonymous one would be a different class in each file, which GoogleTest
// rejects for one suite.
namespace kinora::store::conformance {

namespace fs = std::filesystem;
using core::ErrorCode;

template <typename T>
ErrorCode CodeOf(const core::Result<T>& r) {
  return r.ok() ? ErrorCode::kOk : r.error().code;
}

inline std::string IdOf(const FollowEdge& e) { return e.user.id; }
inline std::string IdOf(const Video& v) { return v.id; }
inline std::string IdOf(const Generation& g) { return g.id; }
inline std::string IdOf(const Comment& c) { return c.id; }
inline std::string IdOf(const WaitlistEntry& w) { return w.id; }
inline int64_t IdOf(const Notification& n) { return n.id; }

// Every page of a keyset-paginated list, walked by following `next`.
template <typename T>
std::vector<std::vector<T>> Pages(
    const std::function<core::Result<Page<T>>(const std::string&)>& list) {
  std::vector<std::vector<T>> pages;
  std::string after;
  for (int i = 0; i < 100; ++i) {
    auto page = list(after);
    if (!page.ok()) {
      ADD_FAILURE() << "listing after '" << after << "': " << page.error().ToString();
      return pages;
    }
    pages.push_back(page->items);
    if (page->next.empty()) return pages;
    after = page->next;
  }
  ADD_FAILURE() << "the cursor never ran out";
  return pages;
}

template <typename T>
std::vector<size_t> Sizes(const std::vector<std::vector<T>>& pages) {
  std::vector<size_t> out;
  for (const auto& p : pages) out.push_back(p.size());
  return out;
}

// The ids of every item of every page, in order.
template <typename T>
auto Ids(const std::vector<std::vector<T>>& pages) {
  std::vector<decltype(IdOf(std::declval<T>()))> out;
  for (const auto& p : pages) {
    for (const auto& item : p) out.push_back(IdOf(item));
  }
  return out;
}

template <typename T>
auto Ids(const std::vector<T>& items) {
  std::vector<decltype(IdOf(std::declval<T>()))> out;
  for (const auto& item : items) out.push_back(IdOf(item));
  return out;
}

template <typename T>
std::set<T> AsSet(const std::vector<T>& v) {
  return {v.begin(), v.end()};
}

class StoreConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = OpenFresh("main");
    ASSERT_NE(store_, nullptr);
    ASSERT_OK(store_->Migrate());
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }

  // A brand-new, unmigrated database of this test's own; `tag` tells apart
  // several in one test. Sets *url to where it is. nullptr (the test failed)
  // when it cannot be made.
  std::unique_ptr<Store> OpenFresh(const std::string& tag, std::string* url = nullptr) {
    std::string where;
    if (GetParam() == "sqlite") {
      if (dir_.empty()) {
        dir_ = fs::temp_directory_path() / ("kinora_conformance_" + std::to_string(::getpid()) +
                                            "_" + testing::TestDatabaseName());
        std::error_code ec;
        fs::remove_all(dir_, ec);
        fs::create_directories(dir_, ec);
      }
      where = "sqlite:" + (dir_ / (tag + ".db")).string();
    } else {
      const std::string base = testing::PostgresTestUrl();
      if (base.empty()) return nullptr;  // PostgresTestUrl failed the test
      auto fresh = testing::FreshPostgresDatabase(base, DatabaseName(tag));
      if (!fresh.ok()) {
        ADD_FAILURE() << fresh.error().ToString();
        return nullptr;
      }
      where = *fresh;
    }
    auto store = OpenStore(where);
    if (!store.ok()) {
      ADD_FAILURE() << "cannot open " << where << ": " << store.error().ToString();
      return nullptr;
    }
    if (url) *url = where;
    return std::move(store).value();
  }

  static std::string DatabaseName(const std::string& tag) {
    std::string name = testing::TestDatabaseName() + "_" + tag;
    if (name.size() <= 63) return name;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(name));
    return name.substr(0, 46) + "_" + hash;
  }

  // Ids that sort in the order they are made, as the real ones do.
  std::string NewId(std::string_view prefix) {
    clock_.Advance(1);
    return core::NewId(prefix, clock_);
  }
  // A time (Unix ms) later than every earlier one.
  int64_t Tick() {
    clock_.Advance(1000);
    return clock_.UnixMillis();
  }
  // A fresh blob key (64 hex digits, like a SHA-256).
  std::string BlobKey() {
    char key[65];
    std::snprintf(key, sizeof key, "%064x", ++blobs_);
    return key;
  }

  User Profile(const std::string& handle) {
    User u;
    u.id = NewId("user");
    u.handle = handle;
    u.display_name = "Name of " + handle;
    u.bio = "bio of " + handle;
    u.birthdate = "1990-02-03";
    u.country = "FR";
    u.password_hash = "$argon2id$" + handle;
    u.created_at = Tick();
    return u;
  }

  // A member of an open installation (no invite needed); the first is admin.
  User AddMember(const std::string& handle) {
    NewUser n;
    n.user = Profile(handle);
    n.invite_required = false;
    auto created = store_->CreateUser(n);
    EXPECT_TRUE(created.ok()) << handle << ": " << created.error().ToString();
    return created.ok() ? *created : User{};
  }

  User Reload(const User& u) {
    auto got = store_->GetUser(u.id);
    EXPECT_TRUE(got.ok()) << u.handle << ": " << got.error().ToString();
    return got.ok() ? *got : User{};
  }

  Video MakeVideo(const std::string& owner_id, const std::string& visibility) {
    Video v;
    v.id = NewId("video");
    v.owner_id = owner_id;
    v.prompt = "a fox at night";
    v.visibility = visibility;
    v.content_key = BlobKey();
    v.seconds = 4;
    v.width = 720;
    v.height = 1280;
    v.created_at = Tick();
    if (visibility == "posted") v.posted_at = v.created_at;
    return v;
  }

  Video AddVideo(const std::string& owner_id, const std::string& visibility = "posted") {
    Video v = MakeVideo(owner_id, visibility);
    auto created = store_->CreateVideo(v);
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    return v;
  }

  Video ReloadVideo(const std::string& id) {
    auto got = store_->GetVideo(id);
    EXPECT_TRUE(got.ok()) << id << ": " << got.error().ToString();
    return got.ok() ? *got : Video{};
  }

  Generation MakeGeneration(int64_t created_at) {
    Generation g;
    g.id = NewId("video");
    g.model = "kinora-sim";
    g.prompt = "a lighthouse in a storm";
    g.seed = 42;
    g.created_at = created_at;
    return g;
  }

  std::string AddGeneration(int64_t created_at) {
    Generation g = MakeGeneration(created_at);
    auto inserted = store_->CreateGeneration(g, {});
    EXPECT_TRUE(inserted.ok()) << inserted.error().ToString();
    return g.id;
  }

  std::unique_ptr<Store> store_;
  core::FakeClock clock_{1'700'000'000'000};
  fs::path dir_;
  unsigned blobs_ = 0;
};

}  // namespace kinora::store::conformance
