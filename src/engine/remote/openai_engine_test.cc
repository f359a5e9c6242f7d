// The remote engine against a scripted upstream: a real HTTP server in
// process whose answers each test chooses (rate limits, outages, failures),
// which a real OpenAI or Kinora upstream cannot be made to give on cue.
#include "engine/remote/openai_engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "http/form.h"
#include "http/router.h"
#include "http/server.h"

namespace kinora::engine {
namespace {

namespace fs = std::filesystem;

constexpr char kKey[] = "sk-test-key";
constexpr char kVideo[] = "not really an mp4, but bytes to carry";

// What the scripted upstream answers and what it saw. Guarded by mu.
struct Upstream {
  std::mutex mu;
  std::vector<http::Response> poll_script;  // answered in order; then `status`
  std::string status = "completed";
  int progress = 100;
  nlohmann::json error = nullptr;
  int create_status = 200;
  http::Form created;  // the last create's fields
  int polls = 0;
  int deletes = 0;
};

class OpenAiEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_remote_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto authed = [](http::Request& req) {
      return req.Header("Authorization") == "Bearer sk-test-key";
    };
    router_.Add("POST", "/v1/videos", [this, authed](http::Request& req) {
      if (!authed(req)) {
        return http::ErrorResponse(401, "invalid_request_error", "Incorrect API key provided", {},
                                   "invalid_api_key");
      }
      std::lock_guard lock(up_.mu);
      if (up_.create_status != 200) {
        return http::ErrorResponse(up_.create_status, "invalid_request_error",
                                   "Your request was rejected", "prompt", "moderation_blocked");
      }
      auto form = http::ParseForm(req);
      if (!form.ok()) return http::ErrorResponse(form.error());
      up_.created = *form;
      return http::JsonResponse(200, {{"id", "video_1"}, {"status", "queued"}, {"progress", 0}});
    });
    router_.Add("GET", "/v1/videos/{id}", [this](http::Request&) {
      std::lock_guard lock(up_.mu);
      ++up_.polls;
      if (!up_.poll_script.empty()) {
        http::Response r = up_.poll_script.front();
        up_.poll_script.erase(up_.poll_script.begin());
        return r;
      }
      return http::JsonResponse(200, {{"id", "video_1"},
                                      {"status", up_.status},
                                      {"progress", up_.progress},
                                      {"error", up_.error}});
    });
    router_.Add("GET", "/v1/videos/{id}/content", [](http::Request&) {
      http::Response r;
      r.body = kVideo;
      r.headers["Content-Type"] = "video/mp4";
      return r;
    });
    router_.Add("DELETE", "/v1/videos/{id}", [this](http::Request&) {
      std::lock_guard lock(up_.mu);
      ++up_.deletes;
      return http::JsonResponse(200, {{"id", "video_1"}, {"deleted", true}});
    });
    http::ServerOptions options;
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<http::Server>(options, router_, metrics_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    fs::remove_all(dir_);
  }

  OpenAiEngineOptions Options() const {
    OpenAiEngineOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1";
    o.api_key = kKey;
    o.model = "sora-2";
    o.poll_interval = std::chrono::milliseconds(20);
    o.max_transient_failures = 2;
    return o;
  }

  GenerateRequest Request() const {
    GenerateRequest r;
    r.prompt = "a fox runs through snow";
    r.seconds = 5;
    r.width = 1920;
    r.height = 1080;
    r.seed = 42;
    r.output_path = (dir_ / "out.mp4").string();
    return r;
  }

  static http::Response Status(int status, std::string retry_after = {}) {
    http::Response r = http::ErrorResponse(status, "server_error", "try later");
    if (!retry_after.empty()) r.headers["Retry-After"] = retry_after;
    return r;
  }

  fs::path dir_;
  Upstream up_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST_F(OpenAiEngineTest, StrictModeSendsWhatOpenAiAcceptsAndDownloads) {
  auto engine = NewOpenAiEngine(Options());
  ASSERT_TRUE(engine.ok()) << engine.error().ToString();
  std::vector<double> fractions;
  auto result = (*engine)->Generate(
      Request(), [&](const Progress& p) { fractions.push_back(p.fraction); }, nullptr);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  {
    std::lock_guard lock(up_.mu);
    EXPECT_EQ(up_.created["prompt"].value, "a fox runs through snow");
    EXPECT_EQ(up_.created["model"].value, "sora-2");
    EXPECT_EQ(up_.created["seconds"].value, "4");
    EXPECT_EQ(up_.created["size"].value, "1792x1024");
    EXPECT_EQ(up_.created.count("seed"), 0u);
  }
  std::ifstream in(Request().output_path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), kVideo);
  EXPECT_FALSE(fs::exists(Request().output_path + ".part"));
  ASSERT_FALSE(fractions.empty());
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_EQ(fractions.back(), 1.0);
  EXPECT_FALSE(result->storyboard.shots.empty());
  EXPECT_EQ((*engine)->Name(), "sora-2");
}

TEST_F(OpenAiEngineTest, LenientModeSendsTheRequestAsIsWithItsSeed) {
  OpenAiEngineOptions options = Options();
  options.strict = false;
  options.model.clear();
  auto engine = NewOpenAiEngine(options);
  ASSERT_TRUE(engine.ok());
  GenerateRequest request = Request();
  request.width = request.height = 128;
  request.seconds = 3;
  ASSERT_TRUE((*engine)->Generate(request, nullptr, nullptr).ok());
  std::lock_guard lock(up_.mu);
  EXPECT_EQ(up_.created["seconds"].value, "3");
  EXPECT_EQ(up_.created["size"].value, "128x128");
  EXPECT_EQ(up_.created["seed"].value, "42");
  EXPECT_EQ(up_.created.count("model"), 0u);
}

TEST_F(OpenAiEngineTest, RateLimitsAndBriefOutagesAreRetried) {
  {
    std::lock_guard lock(up_.mu);
    up_.poll_script = {Status(429, "0.1"), Status(503), Status(429), Status(502),
                       http::JsonResponse(200, {{"status", "in_progress"}, {"progress", 50}})};
  }
  std::vector<double> fractions;
  auto engine = NewOpenAiEngine(Options());
  ASSERT_TRUE(engine.ok());
  auto result = (*engine)->Generate(
      Request(), [&](const Progress& p) { fractions.push_back(p.fraction); }, nullptr);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  std::lock_guard lock(up_.mu);
  EXPECT_EQ(up_.polls, 6);
  // 50% upstream shows as about half way.
  EXPECT_TRUE(
      std::any_of(fractions.begin(), fractions.end(), [](double f) { return f > 0.4 && f < 0.6; }));
}

TEST_F(OpenAiEngineTest, LastingOutageIsUnavailable) {
  {
    std::lock_guard lock(up_.mu);
    up_.poll_script = {Status(500), Status(500), Status(500), Status(500)};
  }
  auto engine = NewOpenAiEngine(Options());
  ASSERT_TRUE(engine.ok());
  auto result = (*engine)->Generate(Request(), nullptr, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("HTTP 500"), std::string::npos) << result.error().message;
  EXPECT_FALSE(fs::exists(Request().output_path));
}

TEST_F(OpenAiEngineTest, FailedUpstreamJobCarriesItsMessageAndCode) {
  {
    std::lock_guard lock(up_.mu);
    up_.status = "failed";
    up_.error = {{"code", "moderation_blocked"}, {"message", "the prompt was refused"}};
  }
  auto engine = NewOpenAiEngine(Options());
  ASSERT_TRUE(engine.ok());
  auto result = (*engine)->Generate(Request(), nullptr, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("the prompt was refused (moderation_blocked)"),
            std::string::npos)
      << result.error().message;

  {
    std::lock_guard lock(up_.mu);
    up_.error = {{"code", "internal_error"}, {"message", "a GPU fell over"}};
  }
  result = (*engine)->Generate(Request(), nullptr, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("a GPU fell over"), std::string::npos);
}

TEST_F(OpenAiEngineTest, RejectionsAndRefusedKeysAreNamed) {
  {
    std::lock_guard lock(up_.mu);
    up_.create_status = 400;
  }
  auto engine = NewOpenAiEngine(Options());
  ASSERT_TRUE(engine.ok());
  auto result = (*engine)->Generate(Request(), nullptr, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, "the upstream rejected the request: Your request was rejected");
  EXPECT_EQ(result.error().detail, "prompt");

  OpenAiEngineOptions options = Options();
  options.api_key = "sk-wrong";
  engine = NewOpenAiEngine(options);
  ASSERT_TRUE(engine.ok());
  result = (*engine)->Generate(Request(), nullptr, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("the upstream refused the engine's API key (HTTP 401)"),
            std::string::npos)
      << result.error().message;
  EXPECT_EQ(result.error().message.find("sk-wrong"), std::string::npos);
}

TEST_F(OpenAiEngineTest, CancelDeletesTheUpstreamJob) {
  {
    std::lock_guard lock(up_.mu);
    up_.status = "in_progress";
    up_.progress = 10;
  }
  auto engine = NewOpenAiEngine(Options());
  ASSERT_TRUE(engine.ok());
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  auto result = (*engine)->Generate(Request(), nullptr, &cancel);
  canceller.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(fs::exists(Request().output_path));
  std::lock_guard lock(up_.mu);
  EXPECT_EQ(up_.deletes, 1);
  EXPECT_GT(up_.polls, 1);
}

TEST_F(OpenAiEngineTest, AJobThatOutlivesTheTimeoutIsDeletedUpstream) {
  {
    std::lock_guard lock(up_.mu);
    up_.status = "queued";
  }
  OpenAiEngineOptions options = Options();
  options.timeout = std::chrono::seconds(1);
  auto engine = NewOpenAiEngine(options);
  ASSERT_TRUE(engine.ok());
  auto result = (*engine)->Generate(Request(), nullptr, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(result.error().message.find("did not finish within 1 s"), std::string::npos)
      << result.error().message;
  std::lock_guard lock(up_.mu);
  EXPECT_EQ(up_.deletes, 1);
}

TEST(OpenAiEngineOptionsTest, BadOptionsAreNamed) {
  OpenAiEngineOptions o;
  o.api_key = "k";
  EXPECT_EQ(NewOpenAiEngine(o).error().detail, "engine-url");
  o.url = "api.openai.com/v1";
  EXPECT_EQ(NewOpenAiEngine(o).error().detail, "engine-url");
  o.url = "https://api.openai.com/v1?x=1";
  EXPECT_EQ(NewOpenAiEngine(o).error().detail, "engine-url");
  o.url = "https://api.openai.com/v1";
  o.api_key = "";
  EXPECT_EQ(NewOpenAiEngine(o).error().detail, "engine-api-key");
  o.api_key = "a\r\nX-Evil: 1";
  EXPECT_EQ(NewOpenAiEngine(o).error().detail, "engine-api-key");
  o.api_key = "k";
  o.poll_interval = std::chrono::milliseconds(0);
  EXPECT_EQ(NewOpenAiEngine(o).error().detail, "engine-poll-ms");
  o.poll_interval = std::chrono::milliseconds(10);
  EXPECT_TRUE(NewOpenAiEngine(o).ok());
}

TEST(StrictShapeTest, PicksTheNearestAllowedShape) {
  auto s = StrictShape(1, 128, 128);
  EXPECT_EQ(s.seconds, 4);
  EXPECT_EQ(s.width, 720);
  EXPECT_EQ(s.height, 1280);
  s = StrictShape(7, 1920, 1080);
  EXPECT_EQ(s.seconds, 8);
  EXPECT_EQ(s.width, 1792);
  EXPECT_EQ(s.height, 1024);
  s = StrictShape(6, 1280, 720);
  EXPECT_EQ(s.seconds, 8);
  EXPECT_EQ(s.width, 1280);
  s = StrictShape(60, 1024, 1792);
  EXPECT_EQ(s.seconds, 12);
  EXPECT_EQ(s.height, 1792);
  s = StrictShape(10.5, 720, 1280);
  EXPECT_EQ(s.seconds, 12);
}

}  // namespace
}  // namespace kinora::engine
