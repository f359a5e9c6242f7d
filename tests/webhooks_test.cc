// Webhooks end to end: real `kinora serve` processes deliver generation
// events to a receiver in this process (the project's HTTP server on an
// ephemeral port), which checks every signature on its own (OpenSSL's HMAC,
// not the server's code) and can fail requests on purpose. Covers the event
// shape, retries with one message id, the delivery log, video.failed from a
// job the engine rejects at run time, a pending delivery surviving SIGKILL,
// SSRF refusal, and that members cannot see each other's endpoints.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "http/server.h"
#include "support/http_client.h"
#include "support/subprocess.h"

namespace kinora {
namespace {

using nlohmann::json;
using testing::HttpCall;
using testing::HttpReply;

// Standard base64 (with padding) to bytes; "" when malformed.
std::string DecodeBase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return "";
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return "";
  size_t pad = 0;
  while (pad < 2 && text[text.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string EncodeBase64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

// The Standard Webhooks check, written from the specification.
bool SignatureValid(const std::string& secret, const std::string& id, const std::string& ts,
                    const std::string& body, const std::string& header) {
  if (secret.rfind("whsec_", 0) != 0) return false;
  const std::string key = DecodeBase64(secret.substr(6));
  if (key.empty()) return false;
  const std::string signed_content = id + "." + ts + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac,
       &mac_size);
  const std::string expected = "v1," + EncodeBase64(mac, mac_size);
  // The header may carry several space-separated signatures.
  size_t at = 0;
  while (at <= header.size()) {
    size_t space = header.find(' ', at);
    if (space == std::string::npos) space = header.size();
    if (header.compare(at, space - at, expected) == 0) return true;
    at = space + 1;
  }
  return false;
}

struct Received {
  std::string path;
  std::string id;
  int64_t timestamp = 0;
  bool signature_ok = false;
  json event;
  int answered = 0;
};

// The receiver: answers 500 to a path's first `failures_[path]` requests,
// then 200. Thread-safe.
class Receiver {
 public:
  Receiver() {
    router_.Add("POST", "/hook/{name}", [this](http::Request& r) {
      std::lock_guard lock(mu_);
      Received got;
      got.path = r.path;
      got.id = r.Header("webhook-id");
      got.timestamp = std::atoll(r.Header("webhook-timestamp").c_str());
      got.signature_ok = SignatureValid(secrets_[r.path], got.id, r.Header("webhook-timestamp"),
                                        r.body, r.Header("webhook-signature"));
      got.event = json::parse(r.body, nullptr, false);
      got.answered = failures_[r.path] > 0 ? 500 : 200;
      if (failures_[r.path] > 0) --failures_[r.path];
      got_.push_back(got);
      http::Response out;
      out.status = got.answered;
      out.body = got.answered == 200 ? "thanks" : "try again later";
      return out;
    });
    // An upstream video API that rejects every request, so a generation on
    // the openai-compatible engine fails at run time.
    router_.Add("POST", "/upstream/videos", [](http::Request&) {
      return http::ErrorResponse(400, "invalid_request_error", "this upstream takes no requests",
                                 "prompt", "invalid_value");
    });
    http::ServerOptions options;
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<http::Server>(options, router_, metrics_);
    EXPECT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~Receiver() {
    server_->Stop();
    thread_.join();
  }

  std::string Base() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  std::string Url(const std::string& name) const { return Base() + "/hook/" + name; }
  void Expect(const std::string& name, const std::string& secret, int failures) {
    std::lock_guard lock(mu_);
    secrets_["/hook/" + name] = secret;
    failures_["/hook/" + name] = failures;
  }
  void SetFailures(const std::string& name, int failures) {
    std::lock_guard lock(mu_);
    failures_["/hook/" + name] = failures;
  }
  std::vector<Received> Got(const std::string& name) {
    std::lock_guard lock(mu_);
    std::vector<Received> out;
    for (const auto& g : got_) {
      if (g.path == "/hook/" + name) out.push_back(g);
    }
    return out;
  }
  // Waits until `name` has had `n` requests; returns them.
  std::vector<Received> WaitFor(const std::string& name, size_t n, int timeout_s = 60) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (Got(name).size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Got(name);
  }

 private:
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, std::string> secrets_;
  std::map<std::string, int> failures_;
  std::vector<Received> got_;
};

// A signed-in member: session cookie and CSRF token.
struct Member {
  std::string cookie;
  std::string csrf;
};

class WebhooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/web");
    std::ofstream(dir_.path() + "/web/index.html") << "<!doctype html><title>Kinora</title>";
  }

  // `kinora serve` on the noop engine (jobs finish at once), with one-second
  // retries; `extra` adds or overrides KINORA_* settings.
  void Start(std::vector<std::string> extra = {"KINORA_WEBHOOKS_ALLOW_PRIVATE=true"}) {
    server_.reset();
    port_ = testing::FreePort();
    std::vector<std::string> env = {"KINORA_ENGINE=noop", "KINORA_INVITES=open",
                                    "KINORA_WEBHOOKS_RETRY_SCHEDULE=0,1,1,1,1,1"};
    env.insert(env.end(), extra.begin(), extra.end());
    server_ = std::make_unique<testing::Child>(
        std::vector<std::string>{testing::KinoraBinary(), "serve", "--listen",
                                 "127.0.0.1:" + std::to_string(port_), "--data-dir",
                                 dir_.path() + "/data", "--web-dir", dir_.path() + "/web"},
        dir_.path() + "/server.log", env);
    ASSERT_TRUE(testing::WaitHealthy(port_, 30000)) << server_->Log();
  }

  HttpReply Api(const std::string& method, const std::string& target, const Member& as,
                const json& body = nullptr) {
    std::map<std::string, std::string> headers{{"Cookie", "kn_session=" + as.cookie},
                                               {"X-CSRF-Token", as.csrf}};
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    return HttpCall(port_, method, target, body.is_null() ? "" : body.dump(), headers);
  }

  Member SignUp(const std::string& handle) {
    const json body = {{"handle", handle},
                       {"display_name", handle},
                       {"password", "correct horse"},
                       {"birthdate", "1990-01-02"},
                       {"country", "FR"}};
    auto r = HttpCall(port_, "POST", "/api/auth/signup", body.dump(),
                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 201) << r.body;
    Member m;
    const std::string& c = r.headers["set-cookie"];
    const auto eq = c.find('='), semi = c.find(';');
    if (eq != std::string::npos) m.cookie = c.substr(eq + 1, semi - eq - 1);
    m.csrf = r.Json().value("csrf_token", "");
    return m;
  }

  // Registers an endpoint at the receiver's /hook/<name>; returns it (secret included).
  json AddEndpoint(const Member& as, const std::string& name, int failures = 0) {
    auto r = Api("POST", "/api/webhooks", as,
                 {{"url", receiver_.Url(name)}, {"description", "hook " + name}});
    EXPECT_EQ(r.status, 201) << r.body;
    json e = r.Json();
    receiver_.Expect(name, e.value("secret", ""), failures);
    return e;
  }

  std::string Generate(const Member& as) {
    auto r = Api("POST", "/v1/videos", as,
                 {{"prompt", "a red ball bounces"}, {"size", "128x128"}, {"seconds", "1"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("id", "");
  }

  json Deliveries(const Member& as, const std::string& endpoint_id) {
    auto r = Api("GET", "/api/webhooks/" + endpoint_id + "/deliveries", as);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }

  // Polls the delivery log until its newest delivery has `status`.
  json WaitDelivery(const Member& as, const std::string& endpoint_id, const std::string& status) {
    json log;
    for (int i = 0; i < 300; ++i) {
      log = Deliveries(as, endpoint_id);
      if (!log["data"].empty() && log["data"][0]["status"] == status) return log;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "no " << status << " delivery: " << log.dump();
    return log;
  }

  testing::TempDir dir_;
  Receiver receiver_;
  int port_ = 0;
  std::unique_ptr<testing::Child> server_;
};

TEST_F(WebhooksTest, CompletedVideoIsSignedRetriedWithOneIdAndLogged) {
  Start();
  SignUp("root");  // the first member, the administrator
  Member ada = SignUp("ada");
  json endpoint = AddEndpoint(ada, "ada", /*failures=*/1);
  const std::string endpoint_id = endpoint["id"];
  EXPECT_EQ(endpoint["events"], json({"video.completed", "video.failed"}));
  EXPECT_EQ(endpoint["secret"].get<std::string>().rfind("whsec_", 0), 0u);

  const int64_t before = std::time(nullptr);
  const std::string video = Generate(ada);
  std::vector<Received> got = receiver_.WaitFor("ada", 2);
  ASSERT_EQ(got.size(), 2u) << server_->Log();
  EXPECT_EQ(got[0].answered, 500);
  EXPECT_EQ(got[1].answered, 200);
  EXPECT_EQ(got[0].id, got[1].id);  // a retry is the same message
  EXPECT_EQ(got[0].id.rfind("msg_", 0), 0u);
  EXPECT_GE(got[1].timestamp, got[0].timestamp + 1);  // the schedule's one-second wait
  for (const auto& g : got) {
    EXPECT_TRUE(g.signature_ok);
    EXPECT_GE(g.timestamp, before);
    ASSERT_TRUE(g.event.is_object());
    EXPECT_EQ(g.event["object"], "event");
    EXPECT_EQ(g.event["type"], "video.completed");
    EXPECT_EQ(g.event["data"], json({{"id", video}}));
    EXPECT_EQ(g.event["id"].get<std::string>().rfind("evt_", 0), 0u);
    EXPECT_GE(g.event["created_at"].get<int64_t>(), before);
    EXPECT_EQ(g.event.size(), 5u);
  }
  EXPECT_EQ(got[0].event, got[1].event);

  json log = WaitDelivery(ada, endpoint_id, "delivered");
  ASSERT_EQ(log["data"].size(), 1u);
  const json& d = log["data"][0];
  EXPECT_EQ(d["id"], got[0].id);
  EXPECT_EQ(d["event"], got[0].event);
  ASSERT_EQ(d["attempts"].size(), 2u);
  EXPECT_EQ(d["attempts"][0]["status_code"], 500);
  EXPECT_EQ(d["attempts"][0]["error"], "HTTP 500");
  EXPECT_EQ(d["attempts"][0]["response_excerpt"], "try again later");
  EXPECT_EQ(d["attempts"][1]["status_code"], 200);
  EXPECT_EQ(d["next_attempt_at"], nullptr);

  // The secret is shown when made and rotated, never when read.
  auto read = Api("GET", "/api/webhooks/" + endpoint_id, ada);
  EXPECT_EQ(read.status, 200);
  EXPECT_FALSE(read.Json().contains("secret"));
  auto list = Api("GET", "/api/webhooks", ada).Json();
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_FALSE(list["data"][0].contains("secret"));
  auto rotated = Api("POST", "/api/webhooks/" + endpoint_id + "/rotate-secret", ada);
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string secret = rotated.Json()["secret"];
  EXPECT_NE(secret, endpoint["secret"]);
  receiver_.Expect("ada", secret, 0);
  auto test = Api("POST", "/api/webhooks/" + endpoint_id + "/test", ada);
  ASSERT_EQ(test.status, 202) << test.body;
  got = receiver_.WaitFor("ada", 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[2].signature_ok);  // signed with the new secret
  EXPECT_EQ(got[2].event["type"], "webhook.test");
  EXPECT_EQ(got[2].id, test.Json()["id"]);
}

TEST_F(WebhooksTest, OtherMembersCannotSeeOrTouchAnEndpoint) {
  Start();
  SignUp("root");
  Member ada = SignUp("ada");
  Member bob = SignUp("bob");
  const std::string id = AddEndpoint(ada, "ada")["id"];
  for (const auto& [method, suffix] :
       std::vector<std::pair<std::string, std::string>>{{"GET", ""},
                                                        {"DELETE", ""},
                                                        {"GET", "/deliveries"},
                                                        {"POST", "/rotate-secret"},
                                                        {"POST", "/test"}}) {
    auto r = Api(method, "/api/webhooks/" + id + suffix, bob);
    EXPECT_EQ(r.status, 404) << method << " " << suffix << ": " << r.body;
    EXPECT_TRUE(r.Json().contains("error")) << r.body;
  }
  EXPECT_TRUE(Api("GET", "/api/webhooks", bob).Json()["data"].empty());
  // bob's videos reach bob's endpoint, not ada's.
  AddEndpoint(bob, "bob");
  const std::string video = Generate(bob);
  std::vector<Received> bobs = receiver_.WaitFor("bob", 1);
  ASSERT_EQ(bobs.size(), 1u) << server_->Log();
  EXPECT_EQ(bobs[0].event["data"]["id"], video);
  EXPECT_EQ(Api("GET", "/api/webhooks/" + id, ada).status, 200);
  EXPECT_EQ(HttpCall(port_, "GET", "/api/webhooks").status, 401);

  // Bad requests name the field.
  auto bad_events = Api("POST", "/api/webhooks", ada,
                        {{"url", receiver_.Url("x")}, {"events", {"video.started"}}});
  EXPECT_EQ(bad_events.status, 400);
  EXPECT_EQ(bad_events.Json()["error"]["param"], "events");
  auto bad_url = Api("POST", "/api/webhooks", ada, {{"url", "ftp://example.com/"}});
  EXPECT_EQ(bad_url.status, 400);
  EXPECT_EQ(bad_url.Json()["error"]["param"], "url");
  auto unknown = Api("POST", "/api/webhooks", ada, {{"url", receiver_.Url("x")}, {"colour", 1}});
  EXPECT_EQ(unknown.status, 400);

  ASSERT_EQ(Api("DELETE", "/api/webhooks/" + id, ada).status, 204);
  EXPECT_EQ(Api("GET", "/api/webhooks/" + id, ada).status, 404);
  EXPECT_TRUE(receiver_.Got("ada").empty());
}

TEST_F(WebhooksTest, PrivateDestinationsAreRefusedByDefault) {
  Start({});
  SignUp("root");
  Member ada = SignUp("ada");
  auto r = Api("POST", "/api/webhooks", ada, {{"url", receiver_.Url("ada")}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.Json()["error"]["param"], "url");
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("private"), std::string::npos);
}

TEST_F(WebhooksTest, AJobTheEngineRejectsSendsVideoFailed) {
  // The openai-compatible engine against an upstream that refuses every job.
  Start({"KINORA_WEBHOOKS_ALLOW_PRIVATE=true", "KINORA_ENGINE=openai-compatible",
         "KINORA_ENGINE_URL=" + receiver_.Base() + "/upstream", "KINORA_ENGINE_API_KEY=sk-test",
         "KINORA_ENGINE_STRICT=false"});
  SignUp("root");
  Member ada = SignUp("ada");
  AddEndpoint(ada, "ada");
  const std::string video = Generate(ada);
  std::vector<Received> got = receiver_.WaitFor("ada", 1);
  ASSERT_EQ(got.size(), 1u) << server_->Log();
  EXPECT_TRUE(got[0].signature_ok);
  EXPECT_EQ(got[0].event["type"], "video.failed");
  EXPECT_EQ(got[0].event["data"]["id"], video);
  auto v = Api("GET", "/v1/videos/" + video, ada).Json();
  EXPECT_EQ(v["status"], "failed") << v.dump();
}

TEST_F(WebhooksTest, APendingDeliverySurvivesSigkill) {
  Start();
  SignUp("root");
  Member ada = SignUp("ada");
  const std::string id = AddEndpoint(ada, "ada", /*failures=*/1000)["id"];
  Generate(ada);
  ASSERT_GE(receiver_.WaitFor("ada", 1).size(), 1u) << server_->Log();
  server_->Signal(SIGKILL);
  server_->Wait(10000);
  const std::string message = receiver_.Got("ada")[0].id;

  // The receiver recovers; a new process on the same database (and the
  // same session: sessions are stored) finishes the delivery.
  receiver_.SetFailures("ada", 0);
  Start();
  std::vector<Received> got;
  for (int i = 0; i < 600; ++i) {
    got = receiver_.Got("ada");
    if (got.back().answered == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(got.back().answered, 200) << server_->Log();
  EXPECT_EQ(got.back().id, message);
  EXPECT_TRUE(got.back().signature_ok);
  json log = WaitDelivery(ada, id, "delivered");
  ASSERT_EQ(log["data"].size(), 1u);
  EXPECT_EQ(log["data"][0]["id"], message);
  // Every attempt the receiver answered before the kill was logged, unless
  // the kill fell between its answer and the log write.
  EXPECT_GE(log["data"][0]["attempts"].size(), 2u);
}

}  // namespace
}  // namespace kinora
