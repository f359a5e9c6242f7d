// Remote workers as an operator runs them: `kinora serve --workers 0` and
// `kinora worker` processes talking over /v1/workers. The protocol's
// refusals, jobs shared by two workers, and the chaos test: workers and the
// server SIGKILLed mid-generation, and still every accepted job completes
// exactly once.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "media/probe.h"
#include "support/http_client.h"
#include "support/subprocess.h"

namespace kinora {
namespace {

using nlohmann::json;
using testing::HttpCall;
using testing::HttpReply;
using Clock = std::chrono::steady_clock;

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/web");
    std::ofstream(dir_.path() + "/web/index.html") << "<!doctype html><title>Kinora</title>";
    auto made = testing::Run({testing::KinoraBinary(), "admin", "api-key", "create", "--name",
                              "workers", "--data-dir", dir_.path() + "/data"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    key_ = made.out.substr(made.out.rfind("kn_"));
    while (!key_.empty() && (key_.back() == '\n' || key_.back() == '\r')) key_.pop_back();
    port_ = testing::FreePort();
  }

  void StartServer(int lease_seconds = 30) {
    server_ = std::make_unique<testing::Child>(
        std::vector<std::string>{testing::KinoraBinary(), "serve", "--workers", "0",
                                 "--lease-seconds", std::to_string(lease_seconds),
                                 // The test polls every job several times a second.
                                 "--rate-limit", "0", "--listen",
                                 "127.0.0.1:" + std::to_string(port_), "--data-dir",
                                 dir_.path() + "/data", "--web-dir", dir_.path() + "/web"},
        dir_.path() + "/server-" + std::to_string(++servers_) + ".log");
    ASSERT_TRUE(testing::WaitHealthy(port_, 30000)) << server_->Log();
  }

  std::unique_ptr<testing::Child> StartWorker(const std::string& id,
                                              std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{testing::KinoraBinary(),
                                  "worker",
                                  "--server",
                                  "http://127.0.0.1:" + std::to_string(port_),
                                  "--id",
                                  id,
                                  "--scratch",
                                  dir_.path() + "/scratch-" + id};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return std::make_unique<testing::Child>(
        argv, dir_.path() + "/" + id + ".log",
        std::vector<std::string>{"KINORA_WORKER_TOKEN=" + key_});
  }

  HttpReply Call(const std::string& method, const std::string& target, const std::string& body = {},
                 const std::string& key = {}) {
    std::map<std::string, std::string> headers{
        {"Authorization", "Bearer " + (key.empty() ? key_ : key)}};
    if (!body.empty()) headers["Content-Type"] = "application/json";
    return HttpCall(port_, method, target, body, headers);
  }
  HttpReply Post(const std::string& target, const json& body, const std::string& key = {}) {
    return Call("POST", target, body.dump(), key);
  }

  std::string CreateVideo(int seconds = 1) {
    auto r = Post("/v1/videos", {{"prompt", "A red ball rolls across a wooden table"},
                                 {"seconds", std::to_string(seconds)},
                                 {"size", "128x128"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("id", "");
  }

  json Attempts(const std::string& id) {
    auto r = Call("GET", "/v1/workers/jobs/" + id + "/attempts");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["data"];
  }

  // Waits until every job has left queued/in_progress; returns their statuses.
  std::map<std::string, std::string> WaitAllDone(const std::vector<std::string>& ids,
                                                 int timeout_s) {
    std::map<std::string, std::string> status;
    const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
    while (Clock::now() < deadline) {
      bool pending = false;
      for (const auto& id : ids) {
        auto r = Call("GET", "/v1/videos/" + id);
        status[id] =
            r.status == 200 ? r.Json().value("status", "") : "http " + std::to_string(r.status);
        pending =
            pending || status[id] == "queued" || status[id] == "in_progress" || r.status != 200;
      }
      if (!pending) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return status;
  }

  // Downloads a completed job's MP4 and checks it is a playable 128x128 video.
  void ExpectValidVideo(const std::string& id) {
    auto r = Call("GET", "/v1/videos/" + id + "/content");
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string path = dir_.path() + "/" + id + ".mp4";
    std::ofstream(path, std::ios::binary) << r.body;
    auto info = media::Probe(path);
    ASSERT_TRUE(info.ok()) << id << ": " << info.error().ToString();
    const auto* video = info->First("video");
    ASSERT_NE(video, nullptr) << id;
    EXPECT_EQ(video->width, 128);
    EXPECT_EQ(video->height, 128);
    EXPECT_GT(video->frames, 0);
  }

  // Exactly one attempt completed, by a remote worker; returns the attempts.
  json ExpectCompletedOnce(const std::string& id) {
    json attempts = Attempts(id);
    int completed = 0;
    for (const auto& a : attempts) {
      if (a["outcome"] == "completed") {
        ++completed;
        const std::string worker = a["worker"];
        EXPECT_EQ(worker.rfind("w", 0), 0u) << "not a remote worker: " << attempts.dump();
      }
    }
    EXPECT_EQ(completed, 1) << id << ": " << attempts.dump();
    return attempts;
  }

  std::string Logs(std::initializer_list<const testing::Child*> children) {
    std::string out;
    for (const auto* c : children) {
      if (c)
        out += c->Log().substr(c->Log().size() > 6000 ? c->Log().size() - 6000 : 0) + "\n---\n";
    }
    return out;
  }

  testing::TempDir dir_;
  std::string key_;
  int port_ = 0;
  int servers_ = 0;
  std::unique_ptr<testing::Child> server_;
};

void ExpectError(const HttpReply& r, int status, const std::string& param = {},
                 const std::string& code = {}) {
  EXPECT_EQ(r.status, status) << r.body;
  auto j = r.Json();
  ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body;
  if (!param.empty()) {
    EXPECT_EQ(j["error"]["param"], param) << r.body;
  }
  if (!code.empty()) {
    EXPECT_EQ(j["error"]["code"], code) << r.body;
  }
}

// The protocol driven by hand, as a misbehaving or outdated worker would.
TEST_F(WorkerTest, ProtocolValidatesEveryStep) {
  StartServer();
  // Who may call it: no key 401, a member's key 403.
  EXPECT_EQ(HttpCall(port_, "POST", "/v1/workers/lease", R"({"worker_id":"x"})").status, 401);
  auto boss = HttpCall(port_, "POST", "/api/auth/signup",
                       json{{"handle", "boss"},
                            {"display_name", "Boss"},
                            {"password", "correct horse"},
                            {"birthdate", "1990-01-02"},
                            {"country", "FR"}}
                           .dump(),
                       {{"Content-Type", "application/json"}});
  ASSERT_EQ(boss.status, 201) << boss.body;
  auto invite = testing::Run(
      {testing::KinoraBinary(), "admin", "invite", "create", "--data-dir", dir_.path() + "/data"});
  ASSERT_EQ(invite.exit_code, 0) << invite.err;
  std::string code = invite.out.substr(0, invite.out.find('\n'));
  auto mia = HttpCall(port_, "POST", "/api/auth/signup",
                      json{{"handle", "mia"},
                           {"display_name", "Mia"},
                           {"password", "correct horse"},
                           {"birthdate", "1990-01-02"},
                           {"country", "FR"},
                           {"invite_code", code}}
                          .dump(),
                      {{"Content-Type", "application/json"}});
  ASSERT_EQ(mia.status, 201) << mia.body;
  const std::string cookie = mia.headers["set-cookie"].substr(
      mia.headers["set-cookie"].find('=') + 1,
      mia.headers["set-cookie"].find(';') - mia.headers["set-cookie"].find('=') - 1);
  auto member_key = HttpCall(port_, "POST", "/api/me/api-keys", R"({"name":"mine"})",
                             {{"Content-Type", "application/json"},
                              {"Cookie", "kn_session=" + cookie},
                              {"X-CSRF-Token", mia.Json().value("csrf_token", "")}});
  ASSERT_EQ(member_key.status, 201) << member_key.body;
  ExpectError(
      Post("/v1/workers/lease", {{"worker_id", "x"}}, member_key.Json()["key"].get<std::string>()),
      403);

  // Bad lease requests.
  ExpectError(Post("/v1/workers/lease", json::object()), 400, "worker_id");
  ExpectError(Post("/v1/workers/lease", {{"worker_id", 7}}), 400, "worker_id");
  ExpectError(Post("/v1/workers/lease", {{"worker_id", "has space"}}), 400, "worker_id");
  ExpectError(Post("/v1/workers/lease", {{"worker_id", "w"}, {"wait_seconds", 31}}), 400,
              "wait_seconds");
  ExpectError(Post("/v1/workers/lease", {{"worker_id", "w"}, {"wait_seconds", "1"}}), 400,
              "wait_seconds");
  ExpectError(Post("/v1/workers/lease", {{"worker_id", "w"}, {"extra", 1}}), 400, "extra");
  ExpectError(Call("POST", "/v1/workers/lease", "{nope"), 400);
  // Nothing queued: 204 at once, or after the long poll an empty lease.
  EXPECT_EQ(Post("/v1/workers/lease", {{"worker_id", "w"}}).status, 204);
  const auto polled = Clock::now();
  auto empty = Post("/v1/workers/lease", {{"worker_id", "w"}, {"wait_seconds", 1}});
  EXPECT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty.Json()["job"].is_null()) << empty.body;
  EXPECT_GE(Clock::now() - polled, std::chrono::milliseconds(900));

  // A long poll gets a job created while it waits.
  std::string id;
  std::thread creator([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    id = CreateVideo();
  });
  auto leased = Post("/v1/workers/lease", {{"worker_id", "w-hand"}, {"wait_seconds", 10}});
  creator.join();
  ASSERT_EQ(leased.status, 200) << leased.body;
  const json lease = leased.Json();
  ASSERT_TRUE(lease["job"].is_object()) << leased.body;
  EXPECT_EQ(lease["job"]["id"], id);
  EXPECT_EQ(lease["job"]["width"], 128);
  EXPECT_EQ(lease["job"]["attempt"], 1);
  EXPECT_EQ(lease["lease_ms"], 30000);
  EXPECT_EQ(lease["heartbeat_ms"], 10000);
  const std::string token = lease["token"];
  const std::string job = "/v1/workers/jobs/" + id;

  // Heartbeats: validated, and a wrong token is a lost lease.
  ExpectError(Post(job + "/heartbeat", {{"token", token}}), 400, "progress");
  ExpectError(Post(job + "/heartbeat", {{"token", token}, {"progress", 101}}), 400, "progress");
  ExpectError(Post(job + "/heartbeat", {{"token", token}, {"progress", "5"}}), 400, "progress");
  ExpectError(Post(job + "/heartbeat", {{"progress", 5}}), 400, "token");
  ExpectError(Post(job + "/heartbeat", {{"token", "stale"}, {"progress", 5}}), 409, "token",
              "lease_lost");
  ExpectError(Post("/v1/workers/jobs/video_0123456789abcdef0123456789/heartbeat",
                   {{"token", token}, {"progress", 5}}),
              404);
  ExpectError(Post("/v1/workers/jobs/..%2F..%2Fetc/heartbeat", {{"token", token}, {"progress", 5}}),
              404);
  auto beat = Post(job + "/heartbeat", {{"token", token}, {"progress", 40}});
  ASSERT_EQ(beat.status, 200) << beat.body;
  EXPECT_EQ(beat.Json()["cancel"], false);
  EXPECT_EQ(Call("GET", "/v1/videos/" + id).Json()["progress"], 40);

  // Uploads: the token is checked, offsets follow on, the variant is known.
  ExpectError(Call("PUT", job + "/files/video?token=stale", "abc"), 409, "token", "lease_lost");
  ExpectError(Call("PUT", job + "/files/poster?token=" + token, "abc"), 400, "variant");
  ExpectError(Call("PUT", job + "/files/video?token=" + token + "&offset=-1", "abc"), 400,
              "offset");
  ASSERT_EQ(Call("PUT", job + "/files/video?token=" + token, "not an mp4").status, 200);
  ExpectError(Call("PUT", job + "/files/video?token=" + token + "&offset=3", "x"), 409, "offset",
              "offset_mismatch");
  auto more = Call("PUT", job + "/files/video?token=" + token + "&offset=10", " at all");
  ASSERT_EQ(more.status, 200) << more.body;
  EXPECT_EQ(more.Json()["bytes"], 17);
  // Complete refuses a video that does not play, and stores nothing.
  ExpectError(Post(job + "/complete", {{"token", token}, {"storyboard_json", "{}"}}), 400, "video");
  ExpectError(Post(job + "/complete", {{"token", "stale"}, {"storyboard_json", "{}"}}), 409,
              "token", "lease_lost");
  ExpectError(Post(job + "/complete", {{"token", token}}), 400, "storyboard_json");
  EXPECT_EQ(Call("GET", "/v1/videos/" + id).Json()["status"], "in_progress");
  // No input reference on this job.
  ExpectError(Call("GET", job + "/input?token=" + token), 404);
  ExpectError(Call("GET", job + "/input?token=stale"), 409, "token", "lease_lost");

  // Fail: validated, then the attempt ends for good.
  ExpectError(Post(job + "/fail", {{"token", token}, {"code", "x"}, {"message", "m"}}), 400,
              "retryable");
  ExpectError(
      Post(job + "/fail",
           {{"token", token}, {"code", "has space"}, {"message", "m"}, {"retryable", false}}),
      400, "code");
  ExpectError(Post(job + "/fail", {{"token", token},
                                   {"code", "x"},
                                   {"message", std::string(5000, 'm')},
                                   {"retryable", false}}),
              400, "message");
  auto failed = Post(job + "/fail", {{"token", token},
                                     {"code", "generation_failed"},
                                     {"message", "the GPU caught fire"},
                                     {"retryable", false}});
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.Json()["status"], "failed");
  // The attempt is over: its token is dead everywhere.
  ExpectError(Post(job + "/release", {{"token", token}}), 409, "token", "lease_lost");
  ExpectError(Post(job + "/cancelled", {{"token", token}}), 409, "token", "lease_lost");
  auto attempts = Attempts(id);
  ASSERT_EQ(attempts.size(), 1u) << attempts.dump();
  EXPECT_EQ(attempts[0]["worker"], "w-hand");
  EXPECT_EQ(attempts[0]["outcome"], "failed");
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
}

// Two `kinora worker` processes drain a server that renders nothing itself.
TEST_F(WorkerTest, TwoWorkersCompleteEveryJobOnce) {
  StartServer();
  auto w1 = StartWorker("w1");
  auto w2 = StartWorker("w2");
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(CreateVideo());
  auto status = WaitAllDone(ids, 180);
  for (const auto& id : ids) {
    SCOPED_TRACE(id);
    ASSERT_EQ(status[id], "completed") << Logs({server_.get(), w1.get(), w2.get()});
    ExpectCompletedOnce(id);
    ExpectValidVideo(id);
  }
  // SIGTERM: idle workers leave cleanly.
  w1->Signal(SIGTERM);
  w2->Signal(SIGTERM);
  EXPECT_EQ(w1->Wait(30000), 0) << w1->Log();
  EXPECT_EQ(w2->Wait(30000), 0) << w2->Log();
}

// SIGTERM mid-generation: the job stops between frames, goes back to the
// queue at once (not after its lease), and the worker exits 0.
TEST_F(WorkerTest, SigtermReleasesTheRunningJob) {
  StartServer();
  const std::string id = CreateVideo(6);
  auto w1 = StartWorker("w1");
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline &&
         Call("GET", "/v1/videos/" + id).Json().value("status", "") != "in_progress") {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  w1->Signal(SIGTERM);
  EXPECT_EQ(w1->Wait(30000), 0) << w1->Log();
  json attempts = Attempts(id);
  ASSERT_EQ(attempts.size(), 1u) << attempts.dump();
  EXPECT_EQ(attempts[0]["outcome"], "released") << attempts.dump();
  EXPECT_EQ(Call("GET", "/v1/videos/" + id).Json()["status"], "queued");
  // Another worker picks it up and finishes it.
  auto w2 = StartWorker("w2");
  ASSERT_EQ(WaitAllDone({id}, 120)[id], "completed") << w2->Log();
  ExpectCompletedOnce(id);
}

TEST_F(WorkerTest, BadTokenOrServerExitsWithUsage) {
  StartServer();
  auto bad_url =
      testing::Run({testing::KinoraBinary(), "worker", "--server", "ftp://x", "--token", "kn_x"});
  EXPECT_EQ(bad_url.exit_code, 2) << bad_url.err;
  EXPECT_NE(bad_url.err.find("--server"), std::string::npos) << bad_url.err;
  auto no_token = testing::Run(
      {testing::KinoraBinary(), "worker", "--server", "http://127.0.0.1:" + std::to_string(port_)});
  EXPECT_EQ(no_token.exit_code, 2) << no_token.err;
  EXPECT_NE(no_token.err.find("KINORA_WORKER_TOKEN"), std::string::npos) << no_token.err;
  auto bad_token =
      testing::Run({testing::KinoraBinary(), "worker", "--engine", "noop", "--server",
                    "http://127.0.0.1:" + std::to_string(port_), "--token", "kn_not-a-real-key"});
  EXPECT_EQ(bad_token.exit_code, 2) << bad_token.err;
  EXPECT_NE(bad_token.err.find("API key"), std::string::npos) << bad_token.err;
}

// THE CHAOS TEST. Two workers take jobs under a 2-second lease; one is
// SIGKILLed mid-generation, then the server is SIGKILLed and restarted, and a
// fresh worker joins. Every accepted job must end completed, exactly once,
// with a playable MP4, and the killed worker's attempt must be recorded lost.
TEST_F(WorkerTest, ChaosKillsWorkersAndServerYetEveryJobCompletesOnce) {
  StartServer(/*lease_seconds=*/2);
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(CreateVideo(i % 2 + 2));
  auto w1 = StartWorker("w1");
  auto w2 = StartWorker("w2");

  // Wait until w1 holds a job that is in progress, then kill it.
  std::string victim;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (victim.empty() && Clock::now() < deadline) {
    for (const auto& id : ids) {
      if (Call("GET", "/v1/videos/" + id).Json().value("status", "") != "in_progress") continue;
      for (const auto& a : Attempts(id)) {
        if (a["ended_at"].is_null() && a["worker"].get<std::string>().rfind("w1/", 0) == 0) {
          victim = id;
        }
      }
    }
    if (victim.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(victim.empty()) << "w1 never ran a job\n" << Logs({server_.get(), w1.get()});
  w1->Signal(SIGKILL);
  EXPECT_EQ(w1->Wait(5000), 128 + SIGKILL);
  // A moment later the server dies too, with w2 mid-job or between jobs and
  // work still queued.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int unfinished = 0;
  for (const auto& id : ids) {
    unfinished += Call("GET", "/v1/videos/" + id).Json().value("status", "") != "completed";
  }
  EXPECT_GE(unfinished, 2) << "the chaos came too late to matter";
  server_->Signal(SIGKILL);
  EXPECT_EQ(server_->Wait(5000), 128 + SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  StartServer(/*lease_seconds=*/2);
  auto w3 = StartWorker("w3");

  auto status = WaitAllDone(ids, 240);
  for (const auto& id : ids) {
    SCOPED_TRACE(id);
    ASSERT_EQ(status[id], "completed") << Logs({server_.get(), w2.get(), w3.get()});
    ExpectCompletedOnce(id);
    ExpectValidVideo(id);
  }
  // The killed attempt was taken back by the reaper as lost, and another
  // worker finished the job.
  json attempts = Attempts(victim);
  bool lost = false;
  for (const auto& a : attempts) {
    if (a["worker"].get<std::string>().rfind("w1/", 0) == 0 && a["outcome"] != "completed") {
      EXPECT_EQ(a["outcome"], "lost") << attempts.dump();
      lost = lost || a["outcome"] == "lost";
    }
  }
  EXPECT_TRUE(lost) << attempts.dump();
  // The surviving worker rode out the server's restart.
  EXPECT_EQ(w2->Wait(0), -1) << "w2 exited\n" << w2->Log();
}

}  // namespace
}  // namespace kinora
