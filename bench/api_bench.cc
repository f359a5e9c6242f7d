// api_bench: the generation service's HTTP API, end to end, beside nginx.
//
// Starts `kinora serve` on loopback (SQLite in a fresh data dir, an
// installation API key made with `kinora admin api-key create`, requests
// logged at warn only, as nginx runs with access_log off) and measures:
//
//   1. create → completed with the no-op engine: per job, from just before
//      POST /v1/videos until GET /v1/videos/{id}, repeated every millisecond
//      on the same keep-alive connection, answers "completed"; sequential
//      jobs; p50/p90/p99 against the goal p50 ≤ 20 ms, beside the floor of
//      one POST plus one GET round trip.
//   2. throughput with the no-op engine: N jobs created as fast as several
//      keep-alive connections allow, then waited for (the store's count of
//      completed generations in /metrics, read every 20 ms); jobs/min end to
//      end against ≥ 2,000, with --workers 1 (the default) and 2, beside the
//      rate of the creates alone.
//   3. GET /v1/videos/{id} under wrk (-t2 -c32, keep-alive): req/s and p99
//      against ≥ 10,000 req/s and p99 ≤ 10 ms, beside nginx serving the same
//      JSON body as a static file.
//   4. GET /v1/videos/{id}/content of a large video under wrk (-t1 -c2):
//      MB/s beside nginx (sendfile on) serving the same file; goal ratio ≥
//      0.8. The video is a real job's output: a server with the
//      openai-compatible engine renders it through an upstream stand-in in
//      this process, which hands out an MP4 made with ffmpeg.
//
//   api_bench [--latency-jobs 300] [--jobs 2000] [--connections 8]
//             [--wrk-seconds 10] [--download-seconds 5] [--download-mb 32]
//             [--kinora PATH]
//
// Without wrk, parts 3 and 4 are skipped; without nginx, their rival is. The
// exit code is 0 when every part that could run did, whether or not it met
// its goal.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api_bench_tools.h"
#include "core/parse.h"
#include "support/subprocess.h"

namespace kinora::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr double kGoalOverheadP50Ms = 20;
constexpr double kGoalJobsPerMinute = 2000;
constexpr double kGoalGetPerSecond = 10000;
constexpr double kGoalGetP99Ms = 10;
constexpr double kGoalDownloadRatio = 0.8;
constexpr auto kPollEvery = std::chrono::milliseconds(1);
constexpr auto kMetricsEvery = std::chrono::milliseconds(20);
constexpr int kWarmupJobs = 10;  // before part 1's timed jobs: caches, prepared statements

struct Options {
  int latency_jobs = 300;
  int jobs = 2000;
  int connections = 8;
  int wrk_seconds = 10;
  int download_seconds = 5;
  int download_mb = 32;
  std::string kinora = kinora::testing::KinoraBinary();
};

double MsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

const char* Verdict(bool pass) { return pass ? "PASS" : "MISS"; }

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one.empty() ? "unknown" : one + " (1 min), " + five + " (5 min)";
}

bool OnPath(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

const std::string kCreateBody = R"({"prompt":"a red ball bounces","seconds":"1","size":"64x64"})";

// ---------------------------------------------------------------- the parts

// Part 1. Returns false when a job could not be created or did not complete.
bool MeasureOverhead(const Options& o, Server& server) {
  std::printf("\n== 1. create -> completed, no-op engine: %d sequential jobs after %d untimed\n",
              o.latency_jobs, kWarmupJobs);
  std::printf("   (GET /v1/videos/{id} every %lld ms on the same keep-alive connection)\n",
              static_cast<long long>(kPollEvery.count()));
  Connection conn(server.port(), server.key());
  std::vector<double> overhead, post_ms, get_ms;
  int polls = 0;
  for (int i = -kWarmupJobs; i < o.latency_jobs; ++i) {
    if (i == 0) {
      overhead.clear();
      post_ms.clear();
      get_ms.clear();
      polls = 0;
    }
    const auto t0 = Clock::now();
    const Reply created = conn.Call("POST", "/v1/videos", kCreateBody);
    const auto t1 = Clock::now();
    const std::string id = Field(created.body, "id");
    if (created.status != 200 || id.empty()) {
      std::printf("   FAILED: POST /v1/videos answered %d: %s\n", created.status,
                  created.body.c_str());
      return false;
    }
    post_ms.push_back(MsBetween(t0, t1));
    const auto deadline = t0 + std::chrono::seconds(30);
    for (;;) {
      const auto g0 = Clock::now();
      const Reply got = conn.Call("GET", "/v1/videos/" + id);
      const auto g1 = Clock::now();
      ++polls;
      get_ms.push_back(MsBetween(g0, g1));
      const std::string status = Field(got.body, "status");
      if (status == "completed") {
        overhead.push_back(MsBetween(t0, g1));
        break;
      }
      if (got.status != 200 || status == "failed" || status == "cancelled" || g1 > deadline) {
        std::printf("   FAILED: job %s: HTTP %d: %s\n", id.c_str(), got.status, got.body.c_str());
        return false;
      }
      std::this_thread::sleep_for(kPollEvery);
    }
  }
  const double p50 = Percentile(overhead, 0.5);
  const double floor = Percentile(post_ms, 0.5) + Percentile(get_ms, 0.5);
  std::printf("   %-34s %8s %8s %8s %8s\n", "", "p50 ms", "p90 ms", "p99 ms", "max ms");
  std::printf("   %-34s %8.2f %8.2f %8.2f %8.2f   goal p50 <= %.0f ms: %s\n", "create -> completed",
              p50, Percentile(overhead, 0.9), Percentile(overhead, 0.99),
              *std::max_element(overhead.begin(), overhead.end()), kGoalOverheadP50Ms,
              Verdict(p50 <= kGoalOverheadP50Ms));
  std::printf("   %-34s %8.2f %8.2f %8.2f\n", "POST /v1/videos alone", Percentile(post_ms, 0.5),
              Percentile(post_ms, 0.9), Percentile(post_ms, 0.99));
  std::printf("   %-34s %8.2f %8.2f %8.2f\n", "GET /v1/videos/{id} alone", Percentile(get_ms, 0.5),
              Percentile(get_ms, 0.9), Percentile(get_ms, 0.99));
  std::printf(
      "   floor (one POST + one GET, p50) %.2f ms: overhead p50 is %.1fx the floor; %.1f "
      "polls per job\n",
      floor, floor > 0 ? p50 / floor : 0,
      static_cast<double>(polls) / static_cast<double>(o.latency_jobs));
  std::fflush(stdout);
  return true;
}

// The store's count of generations with `status`, from /metrics; -1 on failure.
long long MetricCount(Connection& conn, const std::string& status) {
  const Reply r = conn.Call("GET", "/metrics");
  const std::string name = "kinora_generations{status=\"" + status + "\"} ";
  const size_t at = r.body.find(name);
  if (r.status != 200 || at == std::string::npos) return -1;
  const size_t from = at + name.size();
  long long n = -1;
  const size_t end = r.body.find('\n', from);
  kinora::core::ParseNumber(std::string_view(r.body).substr(from, end - from), n);
  return n;
}

struct Throughput {
  int workers = 0;
  double create_per_minute = 0;
  double jobs_per_minute = 0;  // end to end; completed ones only when not all were
  double seconds = 0;
  long long completed = 0;
  std::string error;
};

// Part 2, on a server with `workers` workers.
Throughput MeasureThroughput(const Options& o, Server& server, int workers) {
  Throughput t{.workers = workers};
  Connection watcher(server.port(), server.key());
  const long long done_before = MetricCount(watcher, "completed");
  const long long failed_before = MetricCount(watcher, "failed");
  if (done_before < 0 || failed_before < 0) {
    t.error = "no kinora_generations counts in /metrics";
    return t;
  }
  std::atomic<int> next{0}, errors{0};
  std::string first_error;
  std::mutex error_mu;
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < o.connections; ++c) {
    threads.emplace_back([&] {
      Connection conn(server.port(), server.key());
      while (next.fetch_add(1) < o.jobs) {
        const Reply r = conn.Call("POST", "/v1/videos", kCreateBody);
        if (r.status != 200 && errors.fetch_add(1) == 0) {
          std::lock_guard lock(error_mu);
          first_error = "POST /v1/videos answered " + std::to_string(r.status) + ": " + r.body;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto created = Clock::now();
  t.create_per_minute = o.jobs * 60000.0 / MsBetween(t0, created);
  if (errors > 0) {
    t.error = std::to_string(errors.load()) + " creates failed; the first: " + first_error;
    return t;
  }
  // Twice the goal's time, at least 30 s; a slower server's partial rate is reported.
  const auto deadline =
      t0 + std::chrono::milliseconds(std::max<long long>(
               30000, static_cast<long long>(2 * 60000.0 * o.jobs / kGoalJobsPerMinute)));
  for (;;) {
    const long long done = MetricCount(watcher, "completed") - done_before;
    const long long failed = MetricCount(watcher, "failed") - failed_before;
    const auto now = Clock::now();
    t.completed = done;
    t.seconds = MsBetween(t0, now) / 1000;
    if (failed > 0) {
      t.error = std::to_string(failed) + " jobs failed (see the server's log)";
      break;
    }
    if (done >= o.jobs) break;
    if (now > deadline) {
      t.error = "gave up waiting after " + std::to_string(static_cast<int>(t.seconds)) +
                " s: " + std::to_string(done) + " of " + std::to_string(o.jobs) + " completed";
      break;
    }
    std::this_thread::sleep_for(kMetricsEvery);
  }
  t.jobs_per_minute = static_cast<double>(t.completed) * 60 / t.seconds;
  return t;
}

void PrintThroughput(const Options& o, const std::vector<Throughput>& runs) {
  std::printf("\n== 2. throughput, no-op engine: %d jobs created over %d keep-alive connections\n",
              o.jobs, o.connections);
  std::printf("   %-9s %14s %18s %9s\n", "workers", "creates/min", "completed jobs/min", "wall s");
  for (const auto& t : runs) {
    std::printf("   %-9d %14.0f %18.0f %9.2f   goal >= %.0f jobs/min: %s", t.workers,
                t.create_per_minute, t.jobs_per_minute, t.seconds, kGoalJobsPerMinute,
                Verdict(t.error.empty() && t.jobs_per_minute >= kGoalJobsPerMinute));
    if (!t.error.empty()) std::printf("  FAILED: %s", t.error.c_str());
    std::printf("\n");
  }
  std::printf("   (creates/min: the POSTs alone, the bound on the end-to-end rate)\n");
  std::fflush(stdout);
}

// Part 3. Returns false when a measurement failed.
bool MeasureGet(const Options& o, Server& server, const Nginx* nginx, const fs::path& www,
                const std::string& id) {
  std::printf("\n== 3. GET /v1/videos/{id}: wrk -t2 -c32 -d%ds --latency (keep-alive)\n",
              o.wrk_seconds);
  Connection conn(server.port(), server.key());
  const Reply body = conn.Call("GET", "/v1/videos/" + id);
  if (body.status != 200) {
    std::printf("   FAILED: GET /v1/videos/%s answered %d\n", id.c_str(), body.status);
    return false;
  }
  std::ofstream(www / "video.json") << body.body;
  const WrkResult k = RunWrk(2, 32, o.wrk_seconds, server.Url("/v1/videos/" + id), server.key());
  std::printf("   %-38s %10s %8s %8s\n", "", "req/s", "p50 ms", "p99 ms");
  std::printf("   %-38s %10.0f %8.2f %8.2f   goal >= %.0f req/s: %s, p99 <= %.0f ms: %s\n",
              "kinora", k.requests_per_second, k.p50_ms, k.p99_ms, kGoalGetPerSecond,
              Verdict(k.error.empty() && k.requests_per_second >= kGoalGetPerSecond), kGoalGetP99Ms,
              Verdict(k.error.empty() && k.p99_ms <= kGoalGetP99Ms));
  if (!k.error.empty()) std::printf("   FAILED: %s\n", k.error.c_str());
  if (!k.note.empty()) std::printf("   kinora: wrk: %s\n", k.note.c_str());
  if (!nginx) {
    std::printf("   nginx: not installed; no rival measured (scripts/bootstrap installs it)\n");
    return k.error.empty();
  }
  const WrkResult n = RunWrk(2, 32, o.wrk_seconds, nginx->Url("/video.json"), server.key());
  std::printf("   %-38s %10.0f %8.2f %8.2f\n", "nginx, the same body as a static file",
              n.requests_per_second, n.p50_ms, n.p99_ms);
  if (!n.error.empty()) std::printf("   FAILED: nginx: %s\n", n.error.c_str());
  if (!n.note.empty()) std::printf("   nginx: wrk: %s\n", n.note.c_str());
  std::printf("   kinora / nginx: req/s %.2f, p99 %.2f (%zu-byte body)\n",
              k.requests_per_second / std::max(n.requests_per_second, 1e-9),
              k.p99_ms / std::max(n.p99_ms, 1e-9), body.body.size());
  std::fflush(stdout);
  return k.error.empty() && n.error.empty();
}

// Part 4: a big real job through the upstream stand-in, then downloads.
bool MeasureDownload(const Options& o, const fs::path& dir, const Nginx* nginx, const fs::path& www,
                     const std::vector<std::string>& limit_off) {
  std::printf("\n== 4. GET /v1/videos/{id}/content: wrk -t1 -c2 -d%ds (keep-alive)\n",
              o.download_seconds);
  const fs::path video = www / "video.mp4";
  // Lossless x264 of a test pattern: about 1.6 MB per second at 1280x720.
  const int seconds = std::max(1, o.download_mb * 10 / 16);
  const std::string encode = "ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=24 -t " +
                             std::to_string(seconds) +
                             " -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p '" +
                             video.string() + "'";
  if (std::system(encode.c_str()) != 0) {
    std::printf("   FAILED: ffmpeg could not make the video: %s\n", encode.c_str());
    return false;
  }
  chmod(video.c_str(), 0644);
  const double mb = static_cast<double>(fs::file_size(video)) / 1e6;
  UpstreamStandIn upstream(video);
  Server server;
  std::vector<std::string> flags = {
      "--engine", "openai-compatible", "--engine-url", upstream.BaseUrl(), "--engine-api-key",
      "bench",    "--engine-strict",   "false",        "--engine-poll-ms", "10"};
  flags.insert(flags.end(), limit_off.begin(), limit_off.end());
  const std::string started = server.Start(o.kinora, dir / "download", flags);
  if (!started.empty()) {
    std::printf("   FAILED: %s\n", started.c_str());
    return false;
  }
  Connection conn(server.port(), server.key());
  const Reply created = conn.Call(
      "POST", "/v1/videos",
      json{{"prompt", "a test pattern"}, {"seconds", std::to_string(seconds)}, {"size", "1280x720"}}
          .dump());
  const std::string id = Field(created.body, "id");
  std::string status;
  for (const auto deadline = Clock::now() + std::chrono::seconds(60);
       !id.empty() && Clock::now() < deadline;) {
    status = Field(conn.Call("GET", "/v1/videos/" + id).body, "status");
    if (status != "queued" && status != "in_progress") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (status != "completed") {
    std::printf("   FAILED: the job (%s) ended '%s'; created: HTTP %d %s\n", id.c_str(),
                status.c_str(), created.status, created.body.c_str());
    return false;
  }
  const std::string path = "/v1/videos/" + id + "/content";
  const Reply whole = conn.Call("GET", path);  // also warms the page cache
  if (whole.status != 200 || whole.body.size() != fs::file_size(video)) {
    std::printf("   FAILED: GET %s answered %d with %zu bytes\n", path.c_str(), whole.status,
                whole.body.size());
    return false;
  }
  std::printf("   the job's video: %.1f MB (%d s, 1280x720, from the openai-compatible engine)\n",
              mb, seconds);
  const WrkResult k = RunWrk(1, 2, o.download_seconds, server.Url(path), server.key());
  std::printf("   %-38s %10s %10s\n", "", "MB/s", "videos/s");
  std::printf("   %-38s %10.0f %10.1f\n", "kinora", k.bytes_per_second / 1e6,
              k.requests_per_second);
  if (!k.error.empty()) std::printf("   FAILED: %s\n", k.error.c_str());
  if (!k.note.empty()) std::printf("   kinora: wrk: %s\n", k.note.c_str());
  if (!nginx) {
    std::printf("   nginx: not installed; no rival measured (scripts/bootstrap installs it)\n");
    return k.error.empty();
  }
  const WrkResult n = RunWrk(1, 2, o.download_seconds, nginx->Url("/video.mp4"), "");
  std::printf("   %-38s %10.0f %10.1f\n", "nginx, the same file (sendfile on)",
              n.bytes_per_second / 1e6, n.requests_per_second);
  if (!n.error.empty()) std::printf("   FAILED: nginx: %s\n", n.error.c_str());
  if (!n.note.empty()) std::printf("   nginx: wrk: %s\n", n.note.c_str());
  const double ratio = k.bytes_per_second / std::max(n.bytes_per_second, 1e-9);
  std::printf("   kinora / nginx: %.2f   goal >= %.1f: %s\n", ratio, kGoalDownloadRatio,
              Verdict(k.error.empty() && n.error.empty() && ratio >= kGoalDownloadRatio));
  std::fflush(stdout);
  return k.error.empty() && n.error.empty();
}

// ---------------------------------------------------------------- main

constexpr const char* kUsage =
    "usage: api_bench [--latency-jobs 300] [--jobs 2000] [--connections 8]\n"
    "                 [--wrk-seconds 10] [--download-seconds 5] [--download-mb 32]\n"
    "                 [--kinora PATH]\n"
    "  Starts `kinora serve` (SQLite, no-op engine) and prints create->completed latency,\n"
    "  jobs/min with 1 and 2 workers, GET /v1/videos/{id} req/s and p99 under wrk, and\n"
    "  video download MB/s, against the goals and beside nginx serving the same bytes.\n";

// Returns an empty string on success, else the one-line complaint.
std::string ParseFlags(int argc, char** argv, Options& o, bool& help) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      help = true;
      return "";
    }
    if (i + 1 >= argc) return flag + " needs a value (see --help)";
    const std::string value = argv[++i];
    if (flag == "--kinora") {
      o.kinora = value;
      continue;
    }
    struct Count {
      const char* flag;
      int* out;
      int min, max;
    };
    const Count counts[] = {{"--latency-jobs", &o.latency_jobs, 1, 100000},
                            {"--jobs", &o.jobs, 1, 1000000},
                            {"--connections", &o.connections, 1, 256},
                            {"--wrk-seconds", &o.wrk_seconds, 1, 600},
                            {"--download-seconds", &o.download_seconds, 1, 600},
                            {"--download-mb", &o.download_mb, 1, 2000}};
    const Count* c = std::find_if(std::begin(counts), std::end(counts),
                                  [&](const Count& x) { return flag == x.flag; });
    if (c == std::end(counts)) return "unknown flag " + flag + " (see --help)";
    if (!kinora::core::ParseNumber(value, *c->out) || *c->out < c->min || *c->out > c->max) {
      return flag + " must be a whole number from " + std::to_string(c->min) + " to " +
             std::to_string(c->max) + " (got '" + value + "')";
    }
  }
  return "";
}

int Main(int argc, char** argv) {
  Options o;
  bool help = false;
  if (const std::string error = ParseFlags(argc, argv, o, help); !error.empty()) {
    std::fprintf(stderr, "api_bench: %s\n", error.c_str());
    return 2;
  }
  if (help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (access(o.kinora.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "api_bench: no kinora binary at %s (build it, or pass --kinora)\n",
                 o.kinora.c_str());
    return 2;
  }
  const auto t0 = Clock::now();
  kinora::testing::TempDir temp;
  const fs::path dir = temp.path();
  StopOnSignal("echo 'api_bench: interrupted; removing " + dir.string() +
               "' >&2; sleep 1; rm -rf '" + dir.string() + "'; exit 130");
  // nginx's workers may run as another user: they must reach the files.
  chmod(dir.c_str(), 0755);
  const fs::path www = dir / "www";
  fs::create_directories(www);
  chmod(www.c_str(), 0755);

  const bool have_wrk = OnPath("wrk") && access("/usr/bin/wrk", X_OK) == 0;
  std::unique_ptr<Nginx> nginx;
  if (access("/usr/sbin/nginx", X_OK) == 0) {
    nginx = std::make_unique<Nginx>();
    if (const std::string error = nginx->Start(dir / "nginx", www); !error.empty()) {
      std::printf("api_bench: %s\n", error.c_str());
      nginx.reset();
    }
  }
  // The API's per-key rate limit, where the server has one, is switched off.
  const auto help_text = kinora::testing::Run({o.kinora, "serve", "--help"});
  const bool has_rate_limit = help_text.out.find("--rate-limit ") != std::string::npos;
  std::vector<std::string> limit_off;
  if (has_rate_limit) limit_off = {"--rate-limit", "0"};
  std::vector<std::string> flags = {"--engine", "noop"};
  flags.insert(flags.end(), limit_off.begin(), limit_off.end());

  std::printf("api_bench: %s; %u CPUs; load average %s\n", o.kinora.c_str(),
              std::thread::hardware_concurrency(), LoadAverage().c_str());
  std::printf("rate limit: %s; wrk: %s; nginx: %s\n",
              has_rate_limit ? "--rate-limit 0 (off)" : "the server has no per-key limit",
              have_wrk ? "found" : "NOT INSTALLED (parts 3 and 4 skipped)",
              nginx ? "found" : "NOT INSTALLED (no rival)");
  bool ok = true;
  std::vector<Throughput> runs;
  std::string get_id;
  {
    Server server;
    if (const std::string error = server.Start(o.kinora, dir / "workers-1", flags);
        !error.empty()) {
      std::printf("api_bench: %s\n", error.c_str());
      return 1;
    }
    std::printf("server: %s\n", server.command().c_str());
    std::fflush(stdout);
    ok = MeasureOverhead(o, server) && ok;
    runs.push_back(MeasureThroughput(o, server, 1));
    ok = ok && runs.back().error.empty();
    // Part 3 reads a completed job from the store the other parts filled.
    Connection conn(server.port(), server.key());
    get_id = Field(conn.Call("POST", "/v1/videos", kCreateBody).body, "id");
    for (int i = 0;
         i < 1000 && Field(conn.Call("GET", "/v1/videos/" + get_id).body, "status") != "completed";
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    {
      Server two;
      std::vector<std::string> two_flags = flags;
      two_flags.insert(two_flags.end(), {"--workers", "2"});
      if (const std::string error = two.Start(o.kinora, dir / "workers-2", two_flags);
          error.empty()) {
        runs.push_back(MeasureThroughput(o, two, 2));
      } else {
        runs.push_back({.workers = 2, .error = error});
      }
      ok = ok && runs.back().error.empty();
    }
    PrintThroughput(o, runs);
    if (have_wrk) {
      ok = MeasureGet(o, server, nginx.get(), www, get_id) && ok;
    } else {
      std::printf("\n== 3. GET /v1/videos/{id}: skipped, wrk is not installed\n");
    }
  }
  if (have_wrk) {
    ok = MeasureDownload(o, dir, nginx.get(), www, limit_off) && ok;
  } else {
    std::printf("\n== 4. GET /v1/videos/{id}/content: skipped, wrk is not installed\n");
  }
  std::printf("\nload average at the end %s; total wall time %.1f s\n", LoadAverage().c_str(),
              MsBetween(t0, Clock::now()) / 1000);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace kinora::bench

int main(int argc, char** argv) { return kinora::bench::Main(argc, argv); }
