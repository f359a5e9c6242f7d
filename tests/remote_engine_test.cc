// The openai-compatible engine end to end: a `kinora serve` whose engine is
// another `kinora serve` (the upstream, rendering locally), both real
// processes talking HTTP on loopback.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "media/probe.h"
#include "support/http_client.h"
#include "support/subprocess.h"

namespace kinora {
namespace {

using testing::HttpCall;
using testing::HttpReply;

// Long enough for retried failures (the queue backs off between attempts)
// under ASan on a loaded machine; only reached when something is wrong.
constexpr int kJobTimeoutS = 180;

// One `kinora serve` with its own data dir and installation key.
struct Node {
  explicit Node(std::string name) : name(std::move(name)) {
    std::filesystem::create_directories(dir.path() + "/web");
    std::ofstream(dir.path() + "/web/index.html") << "<!doctype html><title>Kinora</title>";
  }

  // Makes an installation key the way an operator does.
  std::string CreateKey() {
    auto made = testing::Run({testing::KinoraBinary(), "admin", "api-key", "create", "--name", name,
                              "--data-dir", dir.path() + "/data"});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    std::string key = made.out.substr(made.out.rfind("kn_"));
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    return key;
  }

  std::vector<std::string> ServeArgs() {
    port = testing::FreePort();
    return {testing::KinoraBinary(),
            "serve",
            "--listen",
            "127.0.0.1:" + std::to_string(port),
            "--data-dir",
            dir.path() + "/data",
            "--web-dir",
            dir.path() + "/web"};
  }

  void Start(std::vector<std::string> extra_args = {}, std::vector<std::string> env = {}) {
    key = CreateKey();
    std::vector<std::string> args = ServeArgs();
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    server = std::make_unique<testing::Child>(args, dir.path() + "/server.log", env);
    ASSERT_TRUE(testing::WaitHealthy(port, 30000)) << server->Log();
  }

  HttpReply Call(const std::string& method, const std::string& target,
                 const std::string& body = {}) {
    std::map<std::string, std::string> headers{{"Authorization", "Bearer " + key}};
    if (!body.empty()) headers["Content-Type"] = "application/json";
    return HttpCall(port, method, target, body, headers);
  }

  // Polls until the video leaves queued/in_progress; returns the last object.
  nlohmann::json WaitDone(const std::string& id, std::vector<int>* progress = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kJobTimeoutS);
    nlohmann::json v;
    while (std::chrono::steady_clock::now() < deadline) {
      v = Call("GET", "/v1/videos/" + id).Json();
      if (progress && v.contains("progress")) progress->push_back(v["progress"].get<int>());
      const std::string status = v.value("status", "");
      if (status != "queued" && status != "in_progress") return v;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return v;
  }

  std::string name;
  testing::TempDir dir;
  std::string key;
  int port = 0;
  std::unique_ptr<testing::Child> server;
};

// The upstream job ids the downstream logged, in order.
std::vector<std::string> UpstreamJobs(const std::string& log) {
  std::vector<std::string> ids;
  constexpr std::string_view kField = "upstream_job=video_";
  for (size_t at = log.find(kField); at != std::string::npos; at = log.find(kField, at)) {
    at += kField.size() - 6;  // keep the "video_" prefix
    size_t end = at + 6;
    while (end < log.size() && std::isxdigit(static_cast<unsigned char>(log[end]))) ++end;
    ids.push_back(log.substr(at, end - at));
    at = end;
  }
  return ids;
}

class RemoteEngineTest : public ::testing::Test {
 protected:
  // A downstream forwarding to the upstream with `key` (given as a flag).
  void StartDownstream(const std::string& key, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--engine", "openai-compatible", "--engine-url", Upstream("/v1"),    "--engine-strict",
        "false",    "--engine-poll-ms",  "100",          "--engine-api-key", key};
    args.insert(args.end(), extra.begin(), extra.end());
    down_.Start(args);
  }

  std::string Upstream(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(up_.port) + path;
  }

  std::string CreateJob(int seconds) {
    auto r = down_.Call("POST", "/v1/videos",
                        nlohmann::json{{"prompt", "a cat walks in a kitchen and says hello"},
                                       {"size", "128x128"},
                                       {"seconds", std::to_string(seconds)},
                                       {"seed", 7}}
                            .dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("id", "");
  }

  Node up_{"upstream"};
  Node down_{"downstream"};
};

TEST_F(RemoteEngineTest, GeneratesThroughTheUpstreamAndKeepsItsBytes) {
  const std::string engine_key = up_.CreateKey();
  up_.Start();
  // The key through the environment, as an operator should pass it.
  down_.Start({"--engine", "openai-compatible", "--engine-url", Upstream("/v1/"), "--engine-strict",
               "false", "--engine-poll-ms", "100"},
              {"KINORA_ENGINE_API_KEY=" + engine_key});
  EXPECT_EQ(down_.Call("GET", "/healthz").Json()["engine"], "openai-compatible");

  const std::string id = CreateJob(2);
  ASSERT_FALSE(id.empty());
  std::vector<int> progress;
  auto v = down_.WaitDone(id, &progress);
  ASSERT_EQ(v["status"], "completed") << v.dump() << "\n" << down_.server->Log();
  EXPECT_EQ(v["size"], "128x128");
  EXPECT_EQ(v["progress"], 100);
  // The upstream's progress came through: something between start and end.
  EXPECT_TRUE(std::any_of(progress.begin(), progress.end(), [](int p) { return p > 2 && p < 100; }))
      << ::testing::PrintToString(progress);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()))
      << ::testing::PrintToString(progress);

  auto content = down_.Call("GET", "/v1/videos/" + id + "/content");
  ASSERT_EQ(content.status, 200);
  const std::string mp4 = down_.dir.path() + "/down.mp4";
  std::ofstream(mp4, std::ios::binary) << content.body;
  auto info = media::Probe(mp4);
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  ASSERT_NE(info->First("video"), nullptr);
  EXPECT_EQ(info->First("video")->width, 128);
  EXPECT_NEAR(info->duration, 2.0, 0.5);

  // The same bytes as the upstream's own job, which was made with our size and seed.
  const auto jobs = UpstreamJobs(down_.server->Log());
  ASSERT_EQ(jobs.size(), 1u) << down_.server->Log();
  auto upstream_job = up_.Call("GET", "/v1/videos/" + jobs[0]).Json();
  EXPECT_EQ(upstream_job["status"], "completed") << upstream_job.dump();
  EXPECT_EQ(upstream_job["size"], "128x128");
  EXPECT_EQ(upstream_job["seed"], 7);
  auto upstream_content = up_.Call("GET", "/v1/videos/" + jobs[0] + "/content");
  ASSERT_EQ(upstream_content.status, 200);
  EXPECT_TRUE(upstream_content.body == content.body)
      << upstream_content.body.size() << " vs " << content.body.size() << " bytes";
}

TEST_F(RemoteEngineTest, UpstreamRejectionFailsTheJobWithItsMessage) {
  const std::string engine_key = up_.CreateKey();
  up_.Start();
  StartDownstream(engine_key, {"--engine-model", "no-such-model"});
  const std::string id = CreateJob(1);
  ASSERT_FALSE(id.empty());
  auto v = down_.WaitDone(id);
  ASSERT_EQ(v["status"], "failed") << v.dump();
  const std::string message = v["error"]["message"];
  EXPECT_NE(message.find("the upstream rejected the request"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown model 'no-such-model'"), std::string::npos) << message;
}

TEST_F(RemoteEngineTest, BadUpstreamKeyIsNamed) {
  up_.Start();
  StartDownstream("kn_not-a-real-key");
  const std::string id = CreateJob(1);
  ASSERT_FALSE(id.empty());
  auto v = down_.WaitDone(id);
  ASSERT_EQ(v["status"], "failed") << v.dump();
  const std::string message = v["error"]["message"];
  EXPECT_NE(message.find("the upstream refused the engine's API key (HTTP 401)"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("kn_not-a-real-key"), std::string::npos) << "the key leaked: " << message;
}

TEST_F(RemoteEngineTest, UpstreamStoppingMidJobFailsTheJob) {
  const std::string engine_key = up_.CreateKey();
  up_.Start();
  StartDownstream(engine_key);
  const std::string id = CreateJob(4);
  ASSERT_FALSE(id.empty());
  // Kill the upstream as soon as it has the job.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (UpstreamJobs(down_.server->Log()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(UpstreamJobs(down_.server->Log()).empty()) << down_.server->Log();
  up_.server->Signal(SIGKILL);
  up_.server->Wait(10000);

  auto v = down_.WaitDone(id);
  ASSERT_EQ(v["status"], "failed") << v.dump();
  const std::string message = v["error"]["message"];
  EXPECT_NE(message.find("cannot reach the upstream"), std::string::npos) << message;
  // The downstream itself is unharmed.
  EXPECT_EQ(down_.Call("GET", "/healthz").status, 200);
}

TEST(RemoteEngineConfigTest, MissingOrBadSettingsAreNamed) {
  testing::TempDir dir;
  struct Case {
    std::vector<std::string> args;
    std::string phrase;
  };
  for (const Case& c : std::vector<Case>{
           {{"--engine", "magic"}, "--engine must be local, noop or openai-compatible"},
           {{"--engine", "openai-compatible"}, "needs --engine-url"},
           {{"--engine", "openai-compatible", "--engine-url", "ftp://x/v1"}, "--engine-url"},
           {{"--engine", "openai-compatible", "--engine-url", "http://127.0.0.1:1/v1"},
            "needs --engine-api-key"},
           {{"--engine-poll-ms", "0"}, "--engine-poll-ms"},
           {{"--engine-strict", "maybe"}, "--engine-strict must be true or false"}}) {
    std::vector<std::string> argv = {testing::KinoraBinary(),
                                     "serve",
                                     "--listen",
                                     "127.0.0.1:" + std::to_string(testing::FreePort()),
                                     "--data-dir",
                                     dir.path() + "/data"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto r = testing::Run(argv);
    EXPECT_EQ(r.exit_code, 2) << c.phrase << ": " << r.err;
    EXPECT_NE(r.err.find(c.phrase), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace kinora
