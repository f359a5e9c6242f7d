// The store's conformance on webhooks: endpoints and who receives what, the
// delivery queue's leases and fencing, retry scheduling, concurrent
// claimers and the delivery log (store_conformance.h).
#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store_conformance.h"

namespace kinora::store::conformance {

namespace {

// The ids of endpoints or deliveries, in order.
template <typename T>
std::vector<std::string> IdList(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}
template <typename T>
std::vector<std::string> IdList(const std::vector<std::vector<T>>& pages) {
  std::vector<std::string> out;
  for (const auto& page : pages) {
    for (const auto& id : IdList(page)) out.push_back(id);
  }
  return out;
}

constexpr int64_t kLeaseMs = 30'000;

class WebhookConformance : public StoreConformanceTest {
 protected:
  WebhookEndpoint AddEndpoint(const std::optional<std::string>& owner_id, Store* store = nullptr) {
    WebhookEndpoint e;
    e.id = NewId("wh");
    e.owner_id = owner_id;
    e.url = "https://hooks.example.com/kinora/" + e.id;
    e.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    e.events = {"video.completed", "video.failed"};
    e.description = "CI hooks ✓";
    e.created_at = Tick();
    auto made = (store ? store : store_.get())->CreateWebhookEndpoint(e);
    EXPECT_TRUE(made.ok()) << made.error().ToString();
    return e;
  }

  WebhookDelivery MakeDelivery(const std::string& endpoint_id, int64_t due) {
    WebhookDelivery d;
    d.id = NewId("msg");
    d.endpoint_id = endpoint_id;
    d.event_type = "video.completed";
    d.payload = R"({"id":"evt_1","object":"event","type":"video.completed","data":{"id":"v"}})";
    d.next_attempt_at = due;
    d.created_at = clock_.UnixMillis();
    return d;
  }

  std::vector<std::string> ClaimIds(int64_t now, int limit = 100, Store* store = nullptr) {
    auto claimed = (store ? store : store_.get())->ClaimWebhookDeliveries(now, kLeaseMs, limit);
    EXPECT_TRUE(claimed.ok()) << claimed.error().ToString();
    std::vector<std::string> ids;
    if (claimed.ok()) {
      for (const auto& c : *claimed) ids.push_back(c.delivery.id);
    }
    return ids;
  }

  WebhookAttempt Attempt(const std::string& delivery_id, int attempt, int64_t at,
                         std::optional<int> status) {
    WebhookAttempt a;
    a.delivery_id = delivery_id;
    a.attempt = attempt;
    a.at = at;
    a.status_code = status;
    a.error = status ? (*status / 100 == 2 ? "" : "HTTP " + std::to_string(*status))
                     : "connection refused";
    a.duration_ms = 42;
    a.response_excerpt = status ? "body " + std::to_string(*status) : "";
    return a;
  }

  std::vector<WebhookDelivery> AllDeliveries(const std::string& endpoint_id) {
    auto page = store_->ListWebhookDeliveries(endpoint_id, "", 100);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    return page.ok() ? page->items : std::vector<WebhookDelivery>{};
  }
};

TEST_P(WebhookConformance, EndpointsRoundTripAndReachTheirOwnersAndTheInstallation) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  WebhookEndpoint mine = AddEndpoint(ada.id);
  WebhookEndpoint site = AddEndpoint(std::nullopt);
  WebhookEndpoint bobs = AddEndpoint(bob.id);
  WebhookEndpoint off = mine;
  off.id = NewId("wh");
  off.created_at = Tick();
  off.disabled_at = Tick();
  off.events = {"video.failed"};
  ASSERT_OK(store_->CreateWebhookEndpoint(off));

  ASSERT_OK_AND_ASSIGN(WebhookEndpoint got, store_->GetWebhookEndpoint(mine.id));
  EXPECT_EQ(got.id, mine.id);
  EXPECT_EQ(got.owner_id, ada.id);
  EXPECT_EQ(got.url, mine.url);
  EXPECT_EQ(got.secret, mine.secret);
  EXPECT_EQ(got.events, mine.events);
  EXPECT_EQ(got.description, "CI hooks ✓");
  EXPECT_EQ(got.created_at, mine.created_at);
  EXPECT_EQ(got.disabled_at, std::nullopt);
  EXPECT_EQ(store_->GetWebhookEndpoint(off.id)->events, std::vector<std::string>{"video.failed"});
  EXPECT_EQ(store_->GetWebhookEndpoint(off.id)->disabled_at, off.disabled_at);
  EXPECT_EQ(store_->GetWebhookEndpoint(site.id)->owner_id, std::nullopt);

  EXPECT_EQ(IdList(*store_->ListWebhookEndpoints(ada.id)),
            (std::vector<std::string>{mine.id, off.id}));
  EXPECT_EQ(IdList(*store_->ListWebhookEndpoints(std::nullopt)), std::vector<std::string>{site.id});
  // Live endpoints only: the member's own and the installation's.
  EXPECT_EQ(IdList(*store_->WebhookTargets(ada.id)), (std::vector<std::string>{mine.id, site.id}));
  EXPECT_EQ(IdList(*store_->WebhookTargets(bob.id)), (std::vector<std::string>{site.id, bobs.id}));
  EXPECT_EQ(IdList(*store_->WebhookTargets(std::nullopt)), std::vector<std::string>{site.id});

  EXPECT_EQ(CodeOf(store_->CreateWebhookEndpoint(mine)), ErrorCode::kAlreadyExists);
  WebhookEndpoint orphan = mine;
  orphan.id = NewId("wh");
  orphan.owner_id = NewId("user");
  EXPECT_EQ(CodeOf(store_->CreateWebhookEndpoint(orphan)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->GetWebhookEndpoint(NewId("wh"))), ErrorCode::kNotFound);

  ASSERT_OK(store_->SetWebhookSecret(mine.id, "whsec_bmV3IHNlY3JldCBieXRlcyBoZXJlISE="));
  EXPECT_EQ(store_->GetWebhookEndpoint(mine.id)->secret, "whsec_bmV3IHNlY3JldCBieXRlcyBoZXJlISE=");
  EXPECT_EQ(CodeOf(store_->SetWebhookSecret(NewId("wh"), "whsec_x")), ErrorCode::kNotFound);

  // Deleting an endpoint takes its deliveries and their log with it.
  WebhookDelivery d = MakeDelivery(mine.id, Tick());
  ASSERT_OK(store_->EnqueueWebhookDeliveries({d}));
  ASSERT_EQ(ClaimIds(d.next_attempt_at), std::vector<std::string>{d.id});
  ASSERT_OK(store_->RecordWebhookAttempt(Attempt(d.id, 1, Tick(), 500), DeliveryStatus::kPending,
                                         Tick()));
  ASSERT_OK(store_->DeleteWebhookEndpoint(mine.id));
  EXPECT_EQ(CodeOf(store_->GetWebhookEndpoint(mine.id)), ErrorCode::kNotFound);
  EXPECT_TRUE(AllDeliveries(mine.id).empty());
  EXPECT_TRUE(ClaimIds(Tick() + 1'000'000).empty());
  EXPECT_EQ(CodeOf(store_->DeleteWebhookEndpoint(mine.id)), ErrorCode::kNotFound);
}

TEST_P(WebhookConformance, ClaimsLeaseDueDeliveriesAndFenceStaleClaimers) {
  User ada = AddMember("ada");
  WebhookEndpoint e = AddEndpoint(ada.id);
  const int64_t t = Tick();
  WebhookDelivery later = MakeDelivery(e.id, t + 10'000);
  WebhookDelivery second = MakeDelivery(e.id, t);
  WebhookDelivery first = MakeDelivery(e.id, t - 1);
  ASSERT_OK(store_->EnqueueWebhookDeliveries({later, second, first}));

  ASSERT_OK_AND_ASSIGN(std::vector<ClaimedDelivery> claimed,
                       store_->ClaimWebhookDeliveries(t, kLeaseMs, 10));
  ASSERT_EQ(claimed.size(), 2u);  // `later` is not due
  EXPECT_EQ(claimed[0].delivery.id, first.id);
  EXPECT_EQ(claimed[1].delivery.id, second.id);
  for (const auto& c : claimed) {
    EXPECT_EQ(c.delivery.attempts, 1);
    EXPECT_EQ(c.delivery.lease_expires_at, t + kLeaseMs);
    EXPECT_EQ(c.delivery.status, DeliveryStatus::kPending);
    EXPECT_EQ(c.delivery.payload, first.payload);
    EXPECT_EQ(c.endpoint.id, e.id);
    EXPECT_EQ(c.endpoint.url, e.url);
    EXPECT_EQ(c.endpoint.secret, e.secret);
  }
  // Leased: nobody else takes them until the lease runs out; only `later`,
  // due by then, is taken.
  EXPECT_EQ(ClaimIds(t + kLeaseMs - 1), std::vector<std::string>{later.id});
  EXPECT_TRUE(ClaimIds(t + kLeaseMs - 1).empty());
  // The first claimer lost its lease: the delivery is claimed again (the
  // limit holds), and the first claimer's late result is refused rather
  // than overwriting the newer attempt.
  EXPECT_EQ(ClaimIds(t + kLeaseMs, 1), std::vector<std::string>{first.id});
  EXPECT_EQ(CodeOf(store_->RecordWebhookAttempt(Attempt(first.id, 1, t, 200),
                                                DeliveryStatus::kDelivered, 0)),
            ErrorCode::kFailedPrecondition);
  ASSERT_OK(store_->RecordWebhookAttempt(Attempt(first.id, 2, t + kLeaseMs, 204),
                                         DeliveryStatus::kDelivered, 0));
  // The second claim of `second` is still leased to its first claimer, who settles it.
  ASSERT_OK(
      store_->RecordWebhookAttempt(Attempt(second.id, 1, t, 204), DeliveryStatus::kDelivered, 0));
  EXPECT_EQ(CodeOf(store_->RecordWebhookAttempt(Attempt(second.id, 1, t, 204),
                                                DeliveryStatus::kDelivered, 0)),
            ErrorCode::kFailedPrecondition);

  std::map<std::string, WebhookDelivery> by_id;
  for (auto& d : AllDeliveries(e.id)) by_id[d.id] = d;
  EXPECT_EQ(by_id[first.id].status, DeliveryStatus::kDelivered);
  EXPECT_EQ(by_id[first.id].attempts, 2);
  EXPECT_EQ(by_id[first.id].delivered_at, t + kLeaseMs + 42);
  EXPECT_EQ(by_id[first.id].lease_expires_at, std::nullopt);
  ASSERT_EQ(by_id[first.id].log.size(), 1u);  // the lost attempt wrote nothing
  EXPECT_EQ(by_id[first.id].log[0].attempt, 2);
  EXPECT_EQ(by_id[second.id].log.size(), 1u);
  // `later` was never settled: once its lease runs out it is taken again.
  EXPECT_EQ(ClaimIds(t + 2 * kLeaseMs - 2), std::vector<std::string>{});
  ASSERT_OK_AND_ASSIGN(auto again, store_->ClaimWebhookDeliveries(t + 2 * kLeaseMs, kLeaseMs, 10));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].delivery.id, later.id);
  EXPECT_EQ(again[0].delivery.attempts, 2);
}

TEST_P(WebhookConformance, RetriesWaitForTheirTimeAndGivingUpIsFinal) {
  User ada = AddMember("ada");
  WebhookEndpoint e = AddEndpoint(ada.id);
  const int64_t t = Tick();
  WebhookDelivery d = MakeDelivery(e.id, t);
  ASSERT_OK(store_->EnqueueWebhookDeliveries({d}));

  ASSERT_EQ(ClaimIds(t), std::vector<std::string>{d.id});
  ASSERT_OK(
      store_->RecordWebhookAttempt(Attempt(d.id, 1, t, 500), DeliveryStatus::kPending, t + 5'000));
  // The lease is released at once, but the retry waits for its time.
  EXPECT_TRUE(ClaimIds(t + 4'999).empty());
  ASSERT_EQ(ClaimIds(t + 5'000), std::vector<std::string>{d.id});
  ASSERT_OK(store_->RecordWebhookAttempt(Attempt(d.id, 2, t + 5'000, std::nullopt),
                                         DeliveryStatus::kPending, t + 300'000));
  ASSERT_EQ(ClaimIds(t + 300'000), std::vector<std::string>{d.id});
  ASSERT_OK(store_->RecordWebhookAttempt(Attempt(d.id, 3, t + 300'000, 410),
                                         DeliveryStatus::kFailed, t + 300'000));
  EXPECT_TRUE(ClaimIds(t + 100 * kLeaseMs).empty());

  std::vector<WebhookDelivery> all = AllDeliveries(e.id);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].status, DeliveryStatus::kFailed);
  EXPECT_EQ(all[0].attempts, 3);
  EXPECT_EQ(all[0].delivered_at, std::nullopt);
  ASSERT_EQ(all[0].log.size(), 3u);
  EXPECT_EQ(all[0].log[0].attempt, 1);
  EXPECT_EQ(all[0].log[0].at, t);
  EXPECT_EQ(all[0].log[0].status_code, 500);
  EXPECT_EQ(all[0].log[0].error, "HTTP 500");
  EXPECT_EQ(all[0].log[0].duration_ms, 42);
  EXPECT_EQ(all[0].log[0].response_excerpt, "body 500");
  EXPECT_EQ(all[0].log[1].status_code, std::nullopt);  // no response at all
  EXPECT_EQ(all[0].log[1].error, "connection refused");
  EXPECT_EQ(all[0].log[2].status_code, 410);
}

TEST_P(WebhookConformance, ConcurrentClaimersNeverTakeTheSameDelivery) {
  // Two processes' worth of dispatchers: two store objects on one database,
  // each with several threads.
  std::string url;
  std::unique_ptr<Store> one = OpenFresh("shared", &url);
  ASSERT_NE(one, nullptr);
  ASSERT_OK(one->Migrate());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> two, OpenStore(url));
  NewUser ada;
  ada.user = Profile("ada");
  ada.invite_required = false;
  ASSERT_OK(one->CreateUser(ada));
  WebhookEndpoint e = AddEndpoint(ada.user.id, one.get());
  const int64_t t = Tick();
  std::vector<WebhookDelivery> queued;
  for (int i = 0; i < 60; ++i) queued.push_back(MakeDelivery(e.id, t));
  ASSERT_OK(one->EnqueueWebhookDeliveries(queued));

  std::mutex mu;
  std::map<std::string, int> taken;
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    Store* s = i % 2 ? two.get() : one.get();
    threads.emplace_back([&, s] {
      while (true) {
        auto claimed = s->ClaimWebhookDeliveries(t, kLeaseMs, 3);
        ASSERT_TRUE(claimed.ok()) << claimed.error().ToString();
        if (claimed->empty()) return;
        std::lock_guard lock(mu);
        for (const auto& c : *claimed) ++taken[c.delivery.id];
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(taken.size(), queued.size());
  for (const auto& [id, n] : taken) EXPECT_EQ(n, 1) << id;
}

TEST_P(WebhookConformance, DeliveryLogPagesNewestFirst) {
  User ada = AddMember("ada");
  WebhookEndpoint e = AddEndpoint(ada.id);
  WebhookEndpoint other = AddEndpoint(ada.id);
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) {
    WebhookDelivery d = MakeDelivery(e.id, Tick());
    ASSERT_OK(store_->EnqueueWebhookDeliveries({d, MakeDelivery(other.id, d.next_attempt_at)}));
    made.push_back(d.id);
  }
  // An attempt on the oldest: the page brings its log along.
  ASSERT_EQ(ClaimIds(Tick(), 1), std::vector<std::string>{made[0]});
  ASSERT_OK(store_->RecordWebhookAttempt(Attempt(made[0], 1, Tick(), 503), DeliveryStatus::kPending,
                                         Tick()));

  auto pages = Pages<WebhookDelivery>(
      [&](const std::string& after) { return store_->ListWebhookDeliveries(e.id, after, 2); });
  EXPECT_EQ(Sizes(pages), (std::vector<size_t>{2, 2, 1}));
  std::vector<std::string> newest_first(made.rbegin(), made.rend());
  EXPECT_EQ(IdList(pages), newest_first);
  ASSERT_EQ(pages.size(), 3u);
  ASSERT_EQ(pages[2][0].log.size(), 1u);
  EXPECT_EQ(pages[2][0].log[0].status_code, 503);
  EXPECT_TRUE(pages[0][0].log.empty());
  // The other endpoint's deliveries are its own.
  EXPECT_EQ(AllDeliveries(other.id).size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(store_conformance, WebhookConformance,
                         ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace kinora::store::conformance
