// WebhookService against a real SQLite store and a real receiver (the
// project's HTTP server on an ephemeral port), with a clock the test moves:
// signing, URL and SSRF checks, ownership, retries on the schedule, giving
// up, network errors and timeouts.
#include "jobs/webhooks.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/id.h"
#include "http/server.h"

namespace kinora::jobs {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

// The Standard Webhooks specification's example, recomputed independently:
//   python3 -c 'import hmac,hashlib,base64; k=base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
//   print(base64.b64encode(hmac.new(k, b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\":
//   2432232314}", hashlib.sha256).digest()).decode())'
TEST(SignWebhookTest, MatchesAnIndependentlyComputedVector) {
  auto sig = SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                         1614265330, R"({"test": 2432232314})");
  ASSERT_TRUE(sig.ok()) << sig.error().ToString();
  EXPECT_EQ(*sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  // Any change to id, time or body changes the signature.
  EXPECT_NE(*SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                         1614265331, R"({"test": 2432232314})"),
            *sig);
  for (std::string_view bad : {"", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_", "whsec_!!!!",
                               "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"}) {
    auto r = SignWebhook(bad, "msg_1", 1, "{}");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(SignWebhookTest, NewSecretsAreRandomWhsecBase64OfThirtyTwoBytes) {
  const std::string a = NewWebhookSecret();
  const std::string b = NewWebhookSecret();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 44u);  // 32 bytes are 44 base64 characters
  EXPECT_TRUE(SignWebhook(a, "msg_1", 1, "{}").ok());
}

TEST(RetryScheduleTest, ParsesSecondsAndRefusesNonsense) {
  EXPECT_EQ(DefaultRetrySchedule(), (std::vector<int64_t>{0, 5'000, 300'000, 1'800'000, 7'200'000,
                                                          18'000'000, 36'000'000, 36'000'000}));
  EXPECT_EQ(*ParseRetrySchedule("0,1,30"), (std::vector<int64_t>{0, 1'000, 30'000}));
  EXPECT_EQ(*ParseRetrySchedule("7"), (std::vector<int64_t>{7'000}));
  std::string many = "0";
  for (int i = 0; i < 20; ++i) many += ",1";
  for (std::string_view bad : {"", ",", "1,", "1,,2", "-1", "x", "1.5", "86401", " 1"}) {
    auto r = ParseRetrySchedule(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().detail, "webhooks-retry-schedule");
  }
  EXPECT_FALSE(ParseRetrySchedule(many).ok());
}

TEST(WebhookUrlTest, RefusesWhatIsNotAPublicHttpEndpoint) {
  for (std::string_view ok : {"https://93.184.216.34/hooks", "http://93.184.216.34:8080/a?b=c",
                              "https://[2606:4700:4700::1111]/x"}) {
    EXPECT_TRUE(ValidateWebhookUrl(ok, false).ok()) << ok;
  }
  for (std::string_view bad :
       {"http://127.0.0.1/x", "http://localhost:9000/", "http://10.1.2.3/", "http://172.16.0.1/",
        "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/",
        "http://100.64.0.1/", "http://224.0.0.1/", "http://[::1]/", "http://[fe80::1]/",
        "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://[::]/"}) {
    auto r = ValidateWebhookUrl(bad, false);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.error().detail, "url") << bad;
    EXPECT_TRUE(ValidateWebhookUrl(bad, true).ok()) << bad;  // allowed when configured
  }
  for (std::string_view bad :
       {"", "ftp://93.184.216.34/", "93.184.216.34/x", "https://user:pw@93.184.216.34/",
        "https://93.184.216.34/#frag", "https://93.184.216.34 /", "https://93.184.216.34:0/",
        "https://93.184.216.34:99999/", "https://exa\nmple.com/",
        "https://no-such-host.invalid/"}) {
    auto r = ValidateWebhookUrl(bad, false);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().detail, "url") << bad;
  }
  EXPECT_FALSE(ValidateWebhookUrl("https://93.184.216.34/" + std::string(2048, 'a'), true).ok());
}

// A receiver that records what it gets and answers with scripted statuses,
// per path (200 once a path's script runs out).
class Receiver {
 public:
  Receiver() {
    router_.Add("POST", "/hook/{name}", [this](http::Request& r) {
      std::lock_guard lock(mu_);
      got_.push_back(r);
      http::Response out;
      out.status = 200;
      auto& script = scripts_[r.params["name"]];
      if (!script.empty()) {
        out.status = script.front();
        script.pop_front();
      }
      if (out.status == 0) {  // 0: answer too late
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        out.status = 200;
      }
      out.body = "answer " + std::to_string(out.status) + " é";
      return out;
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

  std::string Url(const std::string& name) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hook/" + name;
  }
  // The statuses /hook/<name> answers with next.
  void Script(const std::string& name, std::initializer_list<int> statuses) {
    std::lock_guard lock(mu_);
    scripts_[name].insert(scripts_[name].end(), statuses);
  }
  std::vector<http::Request> Got() {
    std::lock_guard lock(mu_);
    return got_;
  }

 private:
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, std::deque<int>> scripts_;
  std::vector<http::Request> got_;
};

class WebhookServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kinora_webhooks_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = store::OpenStore("sqlite:" + (dir_ / "kinora.db").string()).value();
    ASSERT_TRUE(store_->Migrate().ok());
    root_ = Member("root");  // the first member is the administrator
    ada_ = Member("ada");
    bob_ = Member("bob");
    options_.allow_private = true;
    options_.retry_schedule_ms = {0, 5'000, 60'000};
    options_.timeout = std::chrono::milliseconds(400);
    service_ = std::make_unique<WebhookService>(*store_, clock_, client_, options_);
  }

  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  social::Principal Member(const std::string& handle) {
    store::NewUser n;
    n.user.id = core::NewId("user", clock_);
    n.user.handle = handle;
    n.user.display_name = handle;
    n.user.birthdate = "1990-01-01";
    n.user.password_hash = "x";
    n.user.created_at = clock_.UnixMillis();
    n.invite_required = false;
    social::Principal p;
    p.user = store_->CreateUser(n).value();
    return p;
  }

  store::WebhookEndpoint Endpoint(const social::Principal& who, const std::string& name,
                                  std::optional<std::vector<std::string>> events = std::nullopt) {
    auto e = service_->Create(who, {.url = receiver_.Url(name), .events = events});
    EXPECT_TRUE(e.ok()) << e.error().ToString();
    return e.ok() ? *e : store::WebhookEndpoint{};
  }

  store::Generation Finished(const social::Principal& who, store::GenerationStatus status) {
    store::Generation g;
    g.id = core::NewId("video", clock_);
    g.owner_id = who.is_member() ? std::optional(who.user_id()) : std::nullopt;
    g.status = status;
    return g;
  }

  int Dispatch() {
    auto n = service_->DispatchOnce(10);
    EXPECT_TRUE(n.ok()) << n.error().ToString();
    return n.ok() ? *n : -1;
  }

  std::vector<store::WebhookDelivery> Log(const social::Principal& who, const std::string& id) {
    auto page = service_->Deliveries(who, id, "", 100);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    return page.ok() ? page->items : std::vector<store::WebhookDelivery>{};
  }

  fs::path dir_;
  core::FakeClock clock_{1'750'000'000'000};
  std::unique_ptr<store::Store> store_;
  net::HttpClient client_;
  Receiver receiver_;
  WebhookOptions options_;
  std::unique_ptr<WebhookService> service_;
  social::Principal root_, ada_, bob_;
  social::Principal installation_;  // an installation key: no member
};

TEST_F(WebhookServiceTest, EndpointsBelongToWhoMadeThem) {
  store::WebhookEndpoint mine = Endpoint(ada_, "ada");
  EXPECT_EQ(mine.owner_id, ada_.user_id());
  EXPECT_EQ(mine.events, (std::vector<std::string>{"video.completed", "video.failed"}));
  EXPECT_EQ(mine.secret.rfind("whsec_", 0), 0u);
  store::WebhookEndpoint site = Endpoint(installation_, "site");
  EXPECT_EQ(site.owner_id, std::nullopt);

  // Another member, and the installation, cannot see or touch ada's.
  for (const auto* who : {&bob_, &installation_, &root_}) {
    EXPECT_EQ(service_->Get(*who, mine.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Delete(*who, mine.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->RotateSecret(*who, mine.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Deliveries(*who, mine.id, "", 10).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->SendTest(*who, mine.id).error().code, ErrorCode::kNotFound);
  }
  // Members cannot manage the installation's; administrators can.
  EXPECT_EQ(service_->Get(ada_, site.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Get(root_, site.id).ok());
  EXPECT_EQ(service_->Create(ada_, {.url = receiver_.Url("x"), .installation = true}).error().code,
            ErrorCode::kPermissionDenied);
  auto by_admin = service_->Create(root_, {.url = receiver_.Url("y"), .installation = true});
  ASSERT_TRUE(by_admin.ok());
  EXPECT_EQ(by_admin->owner_id, std::nullopt);

  ASSERT_EQ(service_->List(ada_)->size(), 1u);
  EXPECT_EQ(service_->List(installation_)->size(), 2u);
  EXPECT_TRUE(service_->List(bob_)->empty());

  auto rotated = service_->RotateSecret(ada_, mine.id);
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(rotated->secret, mine.secret);
  EXPECT_EQ(service_->Get(ada_, mine.id)->secret, rotated->secret);
  ASSERT_TRUE(service_->Delete(ada_, mine.id).ok());
  EXPECT_EQ(service_->Get(ada_, mine.id).error().code, ErrorCode::kNotFound);
}

TEST_F(WebhookServiceTest, RefusesBadSpecs) {
  auto code_param = [&](WebhookSpec spec) {
    auto r = service_->Create(ada_, spec);
    return r.ok() ? std::pair<ErrorCode, std::string>{ErrorCode::kOk, ""}
                  : std::pair{r.error().code, r.error().detail};
  };
  const std::string url = receiver_.Url("ada");
  const auto invalid = [](std::string param) {
    return std::pair{ErrorCode::kInvalidArgument, param};
  };
  EXPECT_EQ(code_param({.url = ""}), invalid("url"));
  EXPECT_EQ(code_param({.url = "mailto:ada@example.com"}), invalid("url"));
  EXPECT_EQ(code_param({.url = url, .events = std::vector<std::string>{}}), invalid("events"));
  EXPECT_EQ(code_param({.url = url, .events = std::vector<std::string>{"video.started"}}),
            invalid("events"));
  EXPECT_EQ(code_param({.url = url, .description = std::string(501, 'd')}), invalid("description"));
  EXPECT_EQ(code_param({.url = url, .description = "\xff"}), invalid("description"));
  auto deduped = service_->Create(
      ada_, {.url = url, .events = std::vector<std::string>{"video.failed", "video.failed"}});
  ASSERT_TRUE(deduped.ok());
  EXPECT_EQ(deduped->events, std::vector<std::string>{"video.failed"});

  // Without the option, the receiver's loopback address is refused.
  WebhookService strict(*store_, clock_, client_, {});
  auto refused = strict.Create(ada_, {.url = url});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().detail, "url");
  EXPECT_NE(refused.error().message.find("private"), std::string::npos);

  for (int i = 1; i < 20; ++i) ASSERT_TRUE(service_->Create(ada_, {.url = url}).ok()) << i;
  EXPECT_EQ(service_->Create(ada_, {.url = url}).error().code, ErrorCode::kResourceExhausted);
}

TEST_F(WebhookServiceTest, SignsRetriesOnTheScheduleAndKeepsTheMessageId) {
  store::WebhookEndpoint e = Endpoint(ada_, "ada");
  Endpoint(bob_, "bob");  // bob's endpoint hears nothing of ada's videos
  store::WebhookEndpoint site = Endpoint(installation_, "site");
  receiver_.Script("ada", {500});
  store::Generation g = Finished(ada_, store::GenerationStatus::kCompleted);
  service_->Enqueue(g);

  EXPECT_EQ(Dispatch(), 2);  // ada's and the installation's
  std::vector<http::Request> got = receiver_.Got();
  ASSERT_EQ(got.size(), 2u);
  const http::Request first = got[0].path == "/hook/ada" ? got[0] : got[1];
  auto event = nlohmann::json::parse(first.body);
  EXPECT_EQ(event["object"], "event");
  EXPECT_EQ(event["type"], "video.completed");
  EXPECT_EQ(event["data"], nlohmann::json({{"id", g.id}}));
  EXPECT_EQ(event["created_at"], clock_.UnixSeconds());
  EXPECT_EQ(event["id"].get<std::string>().rfind("evt_", 0), 0u);
  EXPECT_EQ(first.Header("content-type"), "application/json");
  EXPECT_EQ(first.Header("webhook-timestamp"), std::to_string(clock_.UnixSeconds()));
  EXPECT_EQ(first.Header("webhook-signature"),
            *SignWebhook(e.secret, first.Header("webhook-id"), clock_.UnixSeconds(), first.body));

  // Not due again before the schedule says.
  clock_.Advance(4'999);
  EXPECT_EQ(Dispatch(), 0);
  clock_.Advance(1);
  EXPECT_EQ(Dispatch(), 1);
  got = receiver_.Got();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2].path, "/hook/ada");
  EXPECT_EQ(got[2].Header("webhook-id"), first.Header("webhook-id"));
  EXPECT_EQ(got[2].body, first.body);
  EXPECT_EQ(got[2].Header("webhook-timestamp"), std::to_string(clock_.UnixSeconds()));
  EXPECT_EQ(got[2].Header("webhook-signature"),
            *SignWebhook(e.secret, first.Header("webhook-id"), clock_.UnixSeconds(), first.body));

  std::vector<store::WebhookDelivery> log = Log(ada_, e.id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].id, first.Header("webhook-id"));
  EXPECT_EQ(log[0].status, store::DeliveryStatus::kDelivered);
  ASSERT_EQ(log[0].log.size(), 2u);
  EXPECT_EQ(log[0].log[0].status_code, 500);
  EXPECT_EQ(log[0].log[0].error, "HTTP 500");
  EXPECT_EQ(log[0].log[0].response_excerpt, "answer 500 é");
  EXPECT_EQ(log[0].log[1].status_code, 200);
  EXPECT_EQ(log[0].log[1].error, "");
  EXPECT_EQ(Log(installation_, site.id).at(0).status, store::DeliveryStatus::kDelivered);
}

TEST_F(WebhookServiceTest, GivesUpAfterTheLastAttempt) {
  store::WebhookEndpoint e = Endpoint(ada_, "ada");
  receiver_.Script("ada", {503, 502, 500, 500});
  service_->Enqueue(Finished(ada_, store::GenerationStatus::kFailed));
  EXPECT_EQ(Dispatch(), 1);
  clock_.Advance(5'000);
  EXPECT_EQ(Dispatch(), 1);
  clock_.Advance(60'000);
  EXPECT_EQ(Dispatch(), 1);
  clock_.Advance(100'000'000);
  EXPECT_EQ(Dispatch(), 0);  // three attempts: the schedule is spent
  std::vector<store::WebhookDelivery> log = Log(ada_, e.id);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].event_type, "video.failed");
  EXPECT_EQ(log[0].status, store::DeliveryStatus::kFailed);
  ASSERT_EQ(log[0].log.size(), 3u);
  EXPECT_EQ(log[0].log[2].status_code, 500);
  EXPECT_EQ(receiver_.Got().size(), 3u);
}

TEST_F(WebhookServiceTest, NetworkErrorsAndTimeoutsAreRetried) {
  // A port nobody listens on: bound, then closed.
  std::string dead_url;
  {
    Receiver gone;
    dead_url = gone.Url("gone");
  }
  auto dead = service_->Create(ada_, {.url = dead_url});
  ASSERT_TRUE(dead.ok());
  store::WebhookEndpoint slow = Endpoint(bob_, "slow");
  receiver_.Script("slow", {0});  // answers after the 400 ms timeout
  service_->Enqueue(Finished(ada_, store::GenerationStatus::kCompleted));
  service_->Enqueue(Finished(bob_, store::GenerationStatus::kCompleted));
  EXPECT_EQ(Dispatch(), 2);
  for (auto [who, id] : {std::pair{&ada_, dead->id}, std::pair{&bob_, slow.id}}) {
    std::vector<store::WebhookDelivery> log = Log(*who, id);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].status, store::DeliveryStatus::kPending);
    EXPECT_EQ(log[0].next_attempt_at, log[0].log.at(0).at + log[0].log[0].duration_ms + 5'000);
    ASSERT_EQ(log[0].log.size(), 1u);
    EXPECT_EQ(log[0].log[0].status_code, std::nullopt);
    EXPECT_FALSE(log[0].log[0].error.empty());
  }
}

TEST_F(WebhookServiceTest, ChoosesEventsAndSendsTestsThroughTheDispatchers) {
  store::WebhookEndpoint failures =
      Endpoint(ada_, "failures", std::vector<std::string>{"video.failed"});
  service_->Enqueue(Finished(ada_, store::GenerationStatus::kCompleted));
  service_->Enqueue(Finished(ada_, store::GenerationStatus::kInProgress));
  EXPECT_EQ(Dispatch(), 0);  // not subscribed; not finished

  service_->Start();
  auto test = service_->SendTest(ada_, failures.id);
  ASSERT_TRUE(test.ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (receiver_.Got().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  service_->Stop();
  ASSERT_EQ(receiver_.Got().size(), 1u);
  auto event = nlohmann::json::parse(receiver_.Got()[0].body);
  EXPECT_EQ(event["type"], "webhook.test");
  EXPECT_EQ(event["data"]["id"], failures.id);
  EXPECT_EQ(receiver_.Got()[0].Header("webhook-id"), test->id);
}

}  // namespace
}  // namespace kinora::jobs
