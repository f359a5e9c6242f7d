// store_bench: the store's latency on a realistic data set, on SQLite and PostgreSQL.
//
// Seeds each backend with the same deterministic data set — at --scale 1:
// 100k members, 1M follows skewed Zipf-like towards a few popular members,
// 10k blocks, 1M videos (popular members post more), 5M likes and 1M comments
// skewed towards popular videos, and the blob references the videos and
// avatars hold — then times, through the Store interface, the calls the app
// makes for a profile page, a followers page (and page 6 of a popular
// member's followers), a member's videos page, a comment list, a new like and
// a new follow, and prints p50/p99/max against the goals: every read's p99 ≤
// 5 ms on SQLite and ≤ 10 ms on PostgreSQL; seeding ≥ 50k rows/s.
//
// Seeding goes below the Store interface but writes exactly the rows the
// store would: Store::Migrate() makes the schema, then each table loads in
// primary-key order (SQLite: one transaction of prepared INSERTs per table;
// PostgreSQL: COPY), with every counter column computed from the rows. A
// table's secondary indexes are dropped before it loads and rebuilt after
// from their own DDL, as read back from the catalog; on PostgreSQL each table
// is then VACUUM ANALYZEd, which autovacuum would do after such a load; at
// the end the data is flushed (SQLite: fsync; PostgreSQL: CHECKPOINT). All of
// that counts as seeding time. SQLite gets no ANALYZE: the app never runs one.
//
// Reads are timed round-robin beside two baselines measured in the same run —
// fixed CPU work of about a read's p50, and on PostgreSQL `SELECT 1` — whose
// p99 is what a busy machine adds to any call; then the writes, one by one.
//
//   store_bench [--backend sqlite|postgres|both] [--scale 1.0] [--samples 2000]
//               [--pg-url URL] [--dir DIR]
//
// Without --pg-url a throwaway cluster is started with tests/support/pg_cluster
// and stopped at the end. Without --dir the SQLite file lives in a temporary
// directory that is removed at the end; with it, DIR/store_bench.db is kept.
// The exit code is 0 when every backend ran, whether or not it met the goals.
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/parse.h"
#include "store/store.h"
#include "store_bench_data.h"
#include "store_bench_seed.h"

#ifndef KINORA_SOURCE_DIR
#define KINORA_SOURCE_DIR "."
#endif

namespace kinora::bench {
namespace {

namespace fs = std::filesystem;
using kinora::core::Result;
using kinora::core::Status;

constexpr double kGoalSeedRowsPerSecond = 50000;
constexpr double kGoalP99MsSqlite = 5;
constexpr double kGoalP99MsPostgres = 10;
constexpr int kPageSize = 20;
constexpr int kProfileVideos = 12;
constexpr int kDeepPages = 5;  // pages followed before the timed one

// A shell command that undoes what this run left behind (a running cluster, a
// temporary directory of gigabytes); run from the signal handler by exec.
char g_cleanup[4096] = "";

void SetCleanup(const std::string& command) {
  std::snprintf(g_cleanup, sizeof g_cleanup, "%s", command.c_str());
}

void OnSignal(int) {
  if (g_cleanup[0]) execl("/bin/sh", "sh", "-c", g_cleanup, static_cast<char*>(nullptr));
  _exit(130);
}

// A throwaway PostgreSQL 15 cluster (tests/support/pg_cluster), stopped on destruction.
class PgCluster {
 public:
  static Result<std::unique_ptr<PgCluster>> Start() {
    const std::string script = KINORA_SOURCE_DIR "/tests/support/pg_cluster";
    if (access(script.c_str(), X_OK) != 0) {
      return kinora::core::Unavailable("no pg_cluster script at " + script +
                                       "; pass --pg-url or --backend sqlite");
    }
    // Straight under the temporary directory: when run as root the server runs
    // as `postgres`, which must be able to reach it.
    const std::string dir =
        (fs::temp_directory_path() / ("kinora_store_bench_pg." + std::to_string(getpid())))
            .string();
    std::unique_ptr<PgCluster> c(new PgCluster(script, dir));
    SetCleanup("echo 'store_bench: interrupted; stopping the cluster' >&2; '" + script +
               "' stop '" + dir + "' >/dev/null; exit 130");
    if (std::system(("'" + script + "' start '" + dir + "' >/dev/null").c_str()) != 0) {
      return kinora::core::Unavailable("pg_cluster could not start a cluster in " + dir);
    }
    std::ifstream in(dir + "/url");
    if (!std::getline(in, c->url_) || c->url_.empty()) {
      return kinora::core::Unavailable("pg_cluster wrote no URL to " + dir + "/url");
    }
    return c;
  }
  ~PgCluster() {
    SetCleanup("");
    if (std::system(("'" + script_ + "' stop '" + dir_ + "' >/dev/null").c_str()) != 0) {
      std::fprintf(stderr, "store_bench: could not stop the cluster in %s\n", dir_.c_str());
    }
  }
  const std::string& url() const { return url_; }

 private:
  PgCluster(std::string script, std::string dir)
      : script_(std::move(script)), dir_(std::move(dir)) {}
  std::string script_, dir_, url_;
};

// ---------------------------------------------------------------- measuring

enum class OpKind { kRead, kWrite, kBaseline };

struct OpStats {
  std::string name;
  OpKind kind = OpKind::kRead;
  std::vector<double> ms;
  int errors = 0;
  std::string first_error;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

double MsSince(SteadyClock::time_point t0) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

Status Mismatch(const std::string& what) { return kinora::core::Internal("mismatch: " + what); }

// Indices sorted by a count, largest first (ties by index).
std::vector<uint32_t> RankedBy(const std::vector<uint32_t>& ids,
                               const std::vector<uint32_t>& count) {
  std::vector<uint32_t> out = ids;
  std::stable_sort(out.begin(), out.end(),
                   [&](uint32_t a, uint32_t b) { return count[a] > count[b]; });
  return out;
}

// Half the time one of the top 1% of `ranked`, else any: popular pages are
// visited most, and they are the slow ones.
uint32_t PickSkewed(Rng& rng, const std::vector<uint32_t>& ranked) {
  if (rng.Below(2) == 0) return ranked[rng.Below(std::max<size_t>(1, ranked.size() / 100))];
  return ranked[rng.Below(ranked.size())];
}

using Op = std::function<Status(Rng&, double& ms)>;

struct NamedOp {
  std::string name;
  OpKind kind;
  Op op;
};

// The rival measured in the same run: fixed CPU work of about a read's p50,
// with no store call. Its p99 is what the machine's scheduling alone adds.
NamedOp Baseline() {
  return {"cpu-only baseline", OpKind::kBaseline, [](Rng& r, double& ms) -> Status {
            const auto t0 = SteadyClock::now();
            uint64_t x = r.Next();
            for (int i = 0; i < 40000; ++i) x = Mix(x);
            ms = MsSince(t0);
            return x == 42 ? Mismatch("impossible") : kinora::core::Ok();
          }};
}

std::vector<NamedOp> ReadOps(kinora::store::Store& s, const DataSet& d) {
  const size_t nu = d.sizes.users;
  std::vector<uint32_t> all(nu);
  for (size_t i = 0; i < nu; ++i) all[i] = static_cast<uint32_t>(i);
  auto by_followers = std::make_shared<std::vector<uint32_t>>(RankedBy(all, d.followers));
  auto by_posted = std::make_shared<std::vector<uint32_t>>(RankedBy(all, d.posted));
  auto by_comments =
      std::make_shared<std::vector<uint32_t>>(RankedBy(d.video_rank, d.comment_count));
  // Members with a page 6 of followers, from the most followed 1% (at least 10).
  auto deep = std::make_shared<std::vector<uint32_t>>();
  for (size_t r = 0; r < std::max<size_t>(10, nu / 100) && r < nu; ++r) {
    const uint32_t u = (*by_followers)[r];
    if (d.followers[u] > (kDeepPages + 1) * kPageSize) deep->push_back(u);
  }
  const std::vector<std::string> posted_only = {"posted"};
  std::vector<NamedOp> ops;
  ops.push_back({"profile page", OpKind::kRead,
                 [&s, &d, nu, by_followers, posted_only](Rng& r, double& ms) -> Status {
                   const auto viewer = static_cast<uint32_t>(r.Below(nu));
                   const uint32_t t = PickSkewed(r, *by_followers);
                   const auto t0 = SteadyClock::now();
                   auto user = s.GetUserByHandle(d.handles[t]);
                   if (!user.ok()) return user.error();
                   auto rel = s.GetRelationship(d.user_ids[viewer], user->id);
                   if (!rel.ok()) return rel.error();
                   auto videos = s.ListVideosByOwner(user->id, posted_only, "", kProfileVideos);
                   if (!videos.ok()) return videos.error();
                   ms = MsSince(t0);
                   if (user->id != d.user_ids[t] || user->follower_count != d.followers[t] ||
                       rel->following != d.Follows(viewer, t) ||
                       videos->items.size() != std::min<size_t>(kProfileVideos, d.posted[t])) {
                     return Mismatch("profile of " + d.handles[t]);
                   }
                   return kinora::core::Ok();
                 }});
  ops.push_back(
      {"followers page", OpKind::kRead, [&s, &d, by_followers](Rng& r, double& ms) -> Status {
         const uint32_t t = PickSkewed(r, *by_followers);
         const auto t0 = SteadyClock::now();
         auto page = s.ListFollowers(d.user_ids[t], "", kPageSize);
         if (!page.ok()) return page.error();
         ms = MsSince(t0);
         if (page->items.size() != std::min<size_t>(kPageSize, d.followers[t])) {
           return Mismatch("followers of " + d.handles[t]);
         }
         return kinora::core::Ok();
       }});
  if (deep->empty()) {
    std::printf("  (followers page 6 not measured: no member has over %d followers)\n",
                (kDeepPages + 1) * kPageSize);
  } else {
    ops.push_back(
        {"followers page 6, popular", OpKind::kRead, [&s, &d, deep](Rng& r, double& ms) -> Status {
           const uint32_t t = (*deep)[r.Below(deep->size())];
           std::string cursor;
           for (int p = 0; p < kDeepPages; ++p) {
             auto page = s.ListFollowers(d.user_ids[t], cursor, kPageSize);
             if (!page.ok()) return page.error();
             cursor = page->next;
           }
           const auto t0 = SteadyClock::now();
           auto page = s.ListFollowers(d.user_ids[t], cursor, kPageSize);
           if (!page.ok()) return page.error();
           ms = MsSince(t0);
           if (page->items.size() != kPageSize) return Mismatch("page 6 of " + d.handles[t]);
           return kinora::core::Ok();
         }});
  }
  ops.push_back({"member's videos page", OpKind::kRead,
                 [&s, &d, by_posted, posted_only](Rng& r, double& ms) -> Status {
                   const uint32_t t = PickSkewed(r, *by_posted);
                   const auto t0 = SteadyClock::now();
                   auto page = s.ListVideosByOwner(d.user_ids[t], posted_only, "", kPageSize);
                   if (!page.ok()) return page.error();
                   ms = MsSince(t0);
                   if (page->items.size() != std::min<size_t>(kPageSize, d.posted[t])) {
                     return Mismatch("videos of " + d.handles[t]);
                   }
                   return kinora::core::Ok();
                 }});
  ops.push_back(
      {"comment list", OpKind::kRead, [&s, &d, nu, by_comments](Rng& r, double& ms) -> Status {
         const uint32_t v = PickSkewed(r, *by_comments);
         const auto viewer = static_cast<uint32_t>(r.Below(nu));
         const auto t0 = SteadyClock::now();
         auto page = s.ListComments(d.video_ids[v], d.user_ids[viewer], "", kPageSize);
         if (!page.ok()) return page.error();
         ms = MsSince(t0);
         const size_t want = std::min<size_t>(kPageSize, d.comment_count[v]);
         if (page->items.size() > want || (!d.in_a_block[viewer] && page->items.size() != want)) {
           return Mismatch("comments of " + d.video_ids[v]);
         }
         return kinora::core::Ok();
       }});
  return ops;
}

std::vector<NamedOp> WriteOps(kinora::store::Store& s, const DataSet& d) {
  const size_t nu = d.sizes.users;
  auto made = std::make_shared<std::unordered_set<uint64_t>>();  // pairs created here
  auto now = std::make_shared<int64_t>(kEndMs + 3600000);
  std::vector<NamedOp> ops;
  ops.push_back(
      {"like (new)", OpKind::kWrite, [&s, &d, nu, made, now](Rng& r, double& ms) -> Status {
         uint32_t v, u;
         do {
           v = d.video_rank[d.video_zipf->Sample(r)];
           u = static_cast<uint32_t>(r.Below(nu));
         } while (d.Liked(v, u) || !made->insert(PairKey(v, u) | (1ull << 63)).second);
         const auto t0 = SteadyClock::now();
         auto liked = s.Like(d.user_ids[u], d.video_ids[v], ++*now);
         if (!liked.ok()) return liked.error();
         ms = MsSince(t0);
         return *liked ? kinora::core::Ok() : Mismatch("a new like was not new");
       }});
  ops.push_back(
      {"follow (new)", OpKind::kWrite, [&s, &d, nu, made, now](Rng& r, double& ms) -> Status {
         uint32_t a, b;
         do {
           b = d.user_rank[d.followee_zipf->Sample(r)];
           a = static_cast<uint32_t>(r.Below(nu));
         } while (a == b || d.Follows(a, b) || d.Blocked(a, b) ||
                  !made->insert(PairKey(a, b)).second);
         const auto t0 = SteadyClock::now();
         auto followed = s.Follow(d.user_ids[a], d.user_ids[b], ++*now);
         if (!followed.ok()) return followed.error();
         ms = MsSince(t0);
         return *followed == kinora::store::FollowResult::kCreated
                    ? kinora::core::Ok()
                    : Mismatch("a new follow was not created");
       }});
  return ops;
}

// Runs one sample of op into st.
void Sample(const NamedOp& op, Rng& rng, OpStats& st) {
  double ms = 0;
  if (Status done = op.op(rng, ms); done.ok()) {
    st.ms.push_back(ms);
  } else if (st.errors++ == 0) {
    st.first_error = done.error().ToString();
  }
}

// Reads and baselines are warmed up (prepared statements, caches), then timed
// round-robin, so that all of them see the same moments of a busy machine;
// then the writes, which add rows the reads' checks do not expect.
std::vector<OpStats> Measure(kinora::store::Store& s, const DataSet& d, int samples,
                             std::vector<NamedOp> baselines) {
  std::vector<NamedOp> ops = std::move(baselines);
  ops.insert(ops.begin(), Baseline());
  for (NamedOp& r : ReadOps(s, d)) ops.push_back(std::move(r));
  const size_t reads = ops.size();
  for (NamedOp& w : WriteOps(s, d)) ops.push_back(std::move(w));
  std::vector<OpStats> out;
  std::vector<Rng> rngs;
  for (size_t i = 0; i < ops.size(); ++i) {
    out.push_back({ops[i].name, ops[i].kind, {}, 0, ""});
    rngs.emplace_back(kSeed + 2000 + i);
  }
  for (size_t i = 0; i < reads; ++i) {
    Rng warm(kSeed + 1000 + i);
    OpStats ignored;
    for (int k = 0; k < std::min(100, samples); ++k) Sample(ops[i], warm, ignored);
  }
  for (int k = 0; k < samples; ++k) {
    for (size_t i = 0; i < reads; ++i) Sample(ops[i], rngs[i], out[i]);
  }
  for (size_t i = reads; i < ops.size(); ++i) {
    for (int k = 0; k < samples; ++k) Sample(ops[i], rngs[i], out[i]);
  }
  return out;
}

// The floor of a PostgreSQL call: `SELECT 1` on a connection of its own. It
// adds what a cpu-only baseline cannot show: waking the server process up.
NamedOp RoundTrip(PGconn* conn) {
  return {"SELECT 1 round trip", OpKind::kBaseline, [conn](Rng&, double& ms) -> Status {
            const auto t0 = SteadyClock::now();
            PGresult* res = PQexec(conn, "SELECT 1");
            ms = MsSince(t0);
            const bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
            PQclear(res);
            return ok ? kinora::core::Ok() : kinora::core::Unavailable(PQerrorMessage(conn));
          }};
}

// ---------------------------------------------------------------- reporting

struct BackendReport {
  std::string name;
  double goal_ms = 0;
  std::string where;  // the file or the (redacted) URL
  std::string note;
  std::vector<TableTime> tables;
  std::vector<OpStats> ops;
  int64_t disk_bytes = -1;
  double wall_seconds = 0;
  std::string error;  // set when the run could not finish

  size_t Rows() const {
    size_t n = 0;
    for (const auto& t : tables) n += t.rows;
    return n;
  }
  double SeedSeconds() const {
    double s = 0;
    for (const auto& t : tables) s += t.seconds;
    return s;
  }
};

const char* Verdict(bool pass) { return pass ? "PASS" : "MISS"; }

void PrintReport(const BackendReport& r) {
  std::printf("\n== %s: %s\n", r.name.c_str(), r.where.c_str());
  if (!r.note.empty()) std::printf("   %s\n", r.note.c_str());
  std::printf("%-28s %10s %9s %11s\n", "seeding", "rows", "seconds", "rows/s");
  for (const auto& t : r.tables) {
    if (t.rows == 0) {
      std::printf("  %-26s %10s %9.2f\n", t.name.c_str(), "", t.seconds);
    } else {
      std::printf("  %-26s %10zu %9.2f %11.0f\n", t.name.c_str(), t.rows, t.seconds,
                  static_cast<double>(t.rows) / t.seconds);
    }
  }
  if (!r.tables.empty()) {
    const double rate = static_cast<double>(r.Rows()) / r.SeedSeconds();
    std::printf("  %-26s %10zu %9.2f %11.0f   goal >= %.0f rows/s: %s\n", "all tables", r.Rows(),
                r.SeedSeconds(), rate, kGoalSeedRowsPerSecond,
                Verdict(rate >= kGoalSeedRowsPerSecond));
  }
  if (!r.ops.empty()) {
    std::printf("%-28s %8s %9s %9s %9s %12s\n", "operation", "samples", "p50 ms", "p99 ms",
                "max ms", "goal p99");
    for (const auto& o : r.ops) {
      const double p99 = Percentile(o.ms, 0.99);
      std::printf("  %-26s %8zu %9.3f %9.3f %9.3f", o.name.c_str(), o.ms.size(),
                  Percentile(o.ms, 0.5), p99,
                  o.ms.empty() ? 0 : *std::max_element(o.ms.begin(), o.ms.end()));
      switch (o.kind) {
        case OpKind::kRead:
          std::printf("   <= %4.1f ms  %s", r.goal_ms, Verdict(p99 <= r.goal_ms && !o.ms.empty()));
          break;
        case OpKind::kWrite: std::printf("   (write, no goal)"); break;
        case OpKind::kBaseline: std::printf("   (baseline: no store call)"); break;
      }
      if (o.errors) std::printf("  %d FAILED: %s", o.errors, o.first_error.c_str());
      std::printf("\n");
    }
  }
  if (r.disk_bytes >= 0)
    std::printf("  disk used: %.2f GB\n", static_cast<double>(r.disk_bytes) / 1e9);
  std::printf("  wall time: %.1f s\n", r.wall_seconds);
  if (!r.error.empty()) std::printf("  ERROR: %s\n", r.error.c_str());
  std::fflush(stdout);
}

void PrintSummary(const BackendReport& r) {
  if (!r.error.empty()) {
    std::printf("summary %-8s: did not finish: %s\n", r.name.c_str(), r.error.c_str());
    return;
  }
  const double rate = static_cast<double>(r.Rows()) / r.SeedSeconds();
  int reads = 0, missed = 0, failed = 0;
  double worst = 0;
  std::string baselines;
  std::string worst_name;
  for (const auto& o : r.ops) {
    failed += o.errors;
    if (o.kind == OpKind::kBaseline) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%s%s p99 %.3f ms", baselines.empty() ? "" : ", ",
                    o.name.c_str(), Percentile(o.ms, 0.99));
      baselines += buf;
    }
    if (o.kind != OpKind::kRead) continue;
    ++reads;
    const double p99 = Percentile(o.ms, 0.99);
    if (p99 > r.goal_ms || o.ms.empty()) ++missed;
    if (p99 >= worst) {
      worst = p99;
      worst_name = o.name;
    }
  }
  std::printf(
      "summary %-8s: seeding %.0f rows/s (goal >= %.0f): %s; reads p99 <= %.0f ms: %d of %d met, "
      "worst %s %.3f ms (%s): %s%s; %.2f GB; %.0f s\n",
      r.name.c_str(), rate, kGoalSeedRowsPerSecond, Verdict(rate >= kGoalSeedRowsPerSecond),
      r.goal_ms, reads - missed, reads, worst_name.c_str(), worst, baselines.c_str(),
      Verdict(missed == 0), failed ? (", " + std::to_string(failed) + " calls FAILED").c_str() : "",
      static_cast<double>(r.disk_bytes) / 1e9, r.wall_seconds);
}

// ---------------------------------------------------------------- the runs

struct Options {
  bool sqlite = true, postgres = true;
  double scale = 1.0;
  std::string pg_url;
  std::string dir;
  int samples = 2000;
};

int64_t FileSize(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

BackendReport RunSqlite(const Options& o, const DataSet& d) {
  const auto t0 = SteadyClock::now();
  BackendReport r{.name = "sqlite", .goal_ms = kGoalP99MsSqlite};
  const bool temporary = o.dir.empty();
  const fs::path dir =
      temporary ? fs::temp_directory_path() / ("kinora_store_bench." + std::to_string(getpid()))
                : fs::path(o.dir);
  const fs::path path = dir / "store_bench.db";
  std::error_code ec;
  fs::create_directories(dir, ec);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
  r.where = path.string() + (temporary ? " (removed at the end)" : " (kept)");
  if (temporary) {
    SetCleanup("echo 'store_bench: interrupted; removing " + dir.string() + "' >&2; rm -rf '" +
               dir.string() + "'; exit 130");
  }
  auto seeded = SeedSqlite(path.string(), d);
  if (!seeded.ok()) {
    r.error = seeded.error().ToString();
  } else {
    r.tables = std::move(*seeded);
    auto store = kinora::store::OpenStore("sqlite:" + path.string());
    if (!store.ok()) {
      r.error = store.error().ToString();
    } else {
      r.ops = Measure(**store, d, o.samples, {});
    }
  }
  r.disk_bytes = FileSize(path) + FileSize(path.string() + "-wal");
  if (temporary) {
    fs::remove_all(dir, ec);
    SetCleanup("");
  }
  r.wall_seconds = Seconds(t0);
  return r;
}

BackendReport RunPostgres(const Options& o, const DataSet& d) {
  const auto t0 = SteadyClock::now();
  BackendReport r{.name = "postgres", .goal_ms = kGoalP99MsPostgres};
  std::unique_ptr<PgCluster> cluster;
  std::string url = o.pg_url;
  if (url.empty()) {
    auto started = PgCluster::Start();
    if (!started.ok()) {
      r.error = started.error().ToString();
      return r;
    }
    cluster = std::move(*started);
    url = cluster->url();
  }
  r.where =
      kinora::store::RedactUrl(url) + (cluster ? " (throwaway cluster, stopped at the end)" : "");
  auto seeded = SeedPostgres(url, d, r.note);
  if (!seeded.ok()) {
    r.error = seeded.error().ToString();
  } else {
    r.tables = std::move(*seeded);
    auto store = kinora::store::OpenStore(url);
    auto conn = PgConnect(url);
    if (!store.ok() || !conn.ok()) {
      r.error = (store.ok() ? conn.error() : store.error()).ToString();
    } else {
      r.ops = Measure(**store, d, o.samples, {RoundTrip(conn->get())});
      if (auto size = PgRun(conn->get(), "SELECT pg_database_size(current_database())");
          size.ok()) {
        r.disk_bytes = std::stoll(size->at(0).at(0));
      }
    }
  }
  cluster.reset();
  r.wall_seconds = Seconds(t0);
  return r;
}

constexpr const char* kUsage =
    "usage: store_bench [--backend sqlite|postgres|both] [--scale 1.0] [--samples 2000]\n"
    "                   [--pg-url URL] [--dir DIR]\n"
    "  Seeds each backend with a deterministic data set (scale 1: 100k members, 1M follows,\n"
    "  1M videos, 5M likes, 1M comments) and prints seeding rows/s and p50/p99/max of the\n"
    "  app's reads and writes against the goals. Without --pg-url a throwaway PostgreSQL\n"
    "  cluster is started (tests/support/pg_cluster); without --dir the SQLite file is removed.\n";

using core::ParseNumber;

// Returns an empty string on success, else the one-line complaint.
std::string ParseFlags(int argc, char** argv, Options& o, bool& help) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      help = true;
      return "";
    }
    if (flag != "--backend" && flag != "--scale" && flag != "--samples" && flag != "--pg-url" &&
        flag != "--dir") {
      return "unknown flag " + flag + " (see --help)";
    }
    if (i + 1 >= argc) return flag + " needs a value";
    const std::string value = argv[++i];
    if (flag == "--backend") {
      if (value != "sqlite" && value != "postgres" && value != "both") {
        return "--backend must be sqlite, postgres or both (got '" + value + "')";
      }
      o.sqlite = value != "postgres";
      o.postgres = value != "sqlite";
    } else if (flag == "--scale") {
      if (!ParseNumber(value, o.scale) || !(o.scale >= 0.001) || o.scale > 10) {
        return "--scale must be a number from 0.001 to 10 (got '" + value + "')";
      }
    } else if (flag == "--samples") {
      if (!ParseNumber(value, o.samples) || o.samples < 1) {
        return "--samples must be a whole number of at least 1 (got '" + value + "')";
      }
    } else if (flag == "--pg-url") {
      if (!value.starts_with("postgres://") && !value.starts_with("postgresql://")) {
        return "--pg-url must be a postgres:// URL";
      }
      o.pg_url = value;
    } else {
      if (value.empty()) return "--dir is empty";
      o.dir = value;
    }
  }
  return "";
}

int Main(int argc, char** argv) {
  Options options;
  bool help = false;
  if (const std::string error = ParseFlags(argc, argv, options, help); !error.empty()) {
    std::fprintf(stderr, "store_bench: %s\n", error.c_str());
    return 2;
  }
  if (help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  const auto t0 = SteadyClock::now();
  const Sizes sizes = SizesAt(options.scale);
  std::printf(
      "store_bench: scale %g: %zu members, %zu follows, %zu blocks, %zu videos, %zu likes, "
      "%zu comments; %d samples per operation\n",
      options.scale, sizes.users, sizes.follows, sizes.blocks, sizes.videos, sizes.likes,
      sizes.comments, options.samples);
  std::printf(
      "pages: %d items (profile: %d videos); targets: half from the top 1%% by followers, "
      "videos or comments, half uniform\n",
      kPageSize, kProfileVideos);
  std::fflush(stdout);
  const DataSet data = Generate(sizes);
  std::printf("data set generated in memory in %.1f s (not counted as seeding)\n", Seconds(t0));
  std::fflush(stdout);

  std::vector<BackendReport> reports;
  if (options.sqlite) {
    reports.push_back(RunSqlite(options, data));
    PrintReport(reports.back());
  }
  if (options.postgres) {
    reports.push_back(RunPostgres(options, data));
    PrintReport(reports.back());
  }
  std::printf("\n");
  bool finished = true;
  for (const auto& r : reports) {
    PrintSummary(r);
    finished = finished && r.error.empty();
  }
  std::printf("total wall time %.1f s\n", Seconds(t0));
  return finished ? 0 : 1;
}

}  // namespace
}  // namespace kinora::bench

int main(int argc, char** argv) { return kinora::bench::Main(argc, argv); }
