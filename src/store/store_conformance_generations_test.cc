// The store's conformance on generation jobs: round trips, claiming,
// progress, requeueing, counts and media (store_conformance.h).
#include <algorithm>
#include <latch>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/store_conformance.h"

namespace kinora::store::conformance {
namespace {

// ---------------------------------------------------------------- generations

TEST_P(StoreConformanceTest, GenerationsRoundTripEveryField) {
  User ada = AddMember("ada");
  Generation g = MakeGeneration(1'700'000'123);
  g.owner_id = ada.id;
  g.seconds = 8;
  g.width = 1080;
  g.height = 1920;
  g.seed = 0xDEADBEEFCAFEF00Dull;  // above INT64_MAX: stored as its 64 bits
  g.storyboard_json = R"({"shots":[{"prompt":"héllo ✓"}]})";
  ASSERT_OK(store_->InsertGeneration(g));
  ASSERT_OK_AND_ASSIGN(Generation got, store_->GetGeneration(g.id));
  EXPECT_EQ(got.id, g.id);
  EXPECT_EQ(got.owner_id, ada.id);
  EXPECT_EQ(got.status, GenerationStatus::kQueued);
  EXPECT_EQ(got.progress, 0);
  EXPECT_EQ(got.model, g.model);
  EXPECT_EQ(got.prompt, g.prompt);
  EXPECT_EQ(got.seconds, 8);
  EXPECT_EQ(got.width, 1080);
  EXPECT_EQ(got.height, 1920);
  EXPECT_EQ(got.seed, 0xDEADBEEFCAFEF00Dull);
  EXPECT_EQ(got.storyboard_json, g.storyboard_json);
  EXPECT_EQ(got.content_key, "");
  EXPECT_EQ(got.attempts, 0);
  EXPECT_EQ(got.created_at, 1'700'000'123);
  EXPECT_EQ(got.started_at, std::nullopt);
  EXPECT_EQ(got.completed_at, std::nullopt);

  Generation anonymous = MakeGeneration(5);  // an installation key's job
  ASSERT_OK(store_->InsertGeneration(anonymous));
  EXPECT_EQ(store_->GetGeneration(anonymous.id)->owner_id, std::nullopt);

  EXPECT_EQ(CodeOf(store_->InsertGeneration(g)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(store_->GetGeneration(NewId("video"))), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, ClaimTakesTheOldestQueuedJobFirst) {
  const std::string late = AddGeneration(30);
  // Two jobs made in the same second: the lower id goes first.
  const std::string tie_first = NewId("video");
  const std::string tie_second = NewId("video");
  Generation g2 = MakeGeneration(10);
  g2.id = tie_second;
  ASSERT_OK(store_->InsertGeneration(g2));
  Generation g1 = MakeGeneration(10);
  g1.id = tie_first;
  ASSERT_OK(store_->InsertGeneration(g1));
  const std::string middle = AddGeneration(20);

  std::vector<std::string> order;
  for (int64_t now = 100;; ++now) {
    ASSERT_OK_AND_ASSIGN(std::optional<Generation> claimed, store_->ClaimNextGeneration(now));
    if (!claimed) break;
    EXPECT_EQ(claimed->status, GenerationStatus::kInProgress);
    EXPECT_EQ(claimed->started_at, now);
    EXPECT_EQ(claimed->attempts, 1);
    ASSERT_LT(order.size(), 4u);
    order.push_back(claimed->id);
  }
  EXPECT_EQ(order, (std::vector<std::string>{tie_first, tie_second, middle, late}));
  EXPECT_EQ(store_->GetGeneration(late)->status, GenerationStatus::kInProgress);
}

TEST_P(StoreConformanceTest, ConcurrentClaimsTakeEachJobExactlyOnce) {
  constexpr int kJobs = 40;
  constexpr int kWorkers = 4;
  std::set<std::string> queued;
  for (int i = 0; i < kJobs; ++i) queued.insert(AddGeneration(i));
  std::mutex mu;
  std::multiset<std::string> claimed;  // guarded by mu
  std::latch go(kWorkers);
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      go.arrive_and_wait();
      for (int i = 0; i <= kJobs; ++i) {
        auto g = store_->ClaimNextGeneration(1000);
        ASSERT_TRUE(g.ok()) << g.error().ToString();
        if (!g->has_value()) return;
        std::lock_guard lock(mu);
        claimed.insert((*g)->id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(AsSet(std::vector<std::string>(claimed.begin(), claimed.end())), queued);
  for (const auto& id : queued) EXPECT_EQ(claimed.count(id), 1u) << id;
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountByStatus());
  EXPECT_EQ(
      counts,
      (std::vector<std::pair<GenerationStatus, int64_t>>{{GenerationStatus::kInProgress, kJobs}}));
}

TEST_P(StoreConformanceTest, GenerationsProgressCompleteFailAndRequeue) {
  const std::string a = AddGeneration(1);
  const std::string b = AddGeneration(2);
  const std::string c = AddGeneration(3);
  // Only a job in progress takes progress or a requeue.
  EXPECT_EQ(CodeOf(store_->UpdateProgress(a, 10)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->RequeueGeneration(a)), ErrorCode::kNotFound);
  for (const auto& id : {a, b, c}) {
    ASSERT_OK_AND_ASSIGN(auto claimed, store_->ClaimNextGeneration(50));
    ASSERT_TRUE(claimed.has_value());
    EXPECT_EQ(claimed->id, id);
  }

  ASSERT_OK(store_->UpdateProgress(a, 42));
  EXPECT_EQ(store_->GetGeneration(a)->progress, 42);
  const std::string key = BlobKey();
  ASSERT_OK(store_->CompleteGeneration(a, key, R"({"plan":1})", 60));
  ASSERT_OK_AND_ASSIGN(Generation done, store_->GetGeneration(a));
  EXPECT_EQ(done.status, GenerationStatus::kCompleted);
  EXPECT_EQ(done.progress, 100);
  EXPECT_EQ(done.content_key, key);
  EXPECT_EQ(done.storyboard_json, R"({"plan":1})");
  EXPECT_EQ(done.completed_at, 60);
  EXPECT_EQ(done.started_at, 50);
  EXPECT_EQ(CodeOf(store_->UpdateProgress(a, 5)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->CompleteGeneration(a, BlobKey(), "{}", 61)), ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetGeneration(a)->content_key, key);

  ASSERT_OK(store_->FailGeneration(b, "render_failed", "the GPU fell over", 70));
  ASSERT_OK_AND_ASSIGN(Generation failed, store_->GetGeneration(b));
  EXPECT_EQ(failed.status, GenerationStatus::kFailed);
  EXPECT_EQ(failed.error_code, "render_failed");
  EXPECT_EQ(failed.error_message, "the GPU fell over");
  EXPECT_EQ(failed.completed_at, 70);
  EXPECT_EQ(CodeOf(store_->FailGeneration(NewId("video"), "x", "y", 71)), ErrorCode::kNotFound);

  ASSERT_OK(store_->UpdateProgress(c, 30));
  ASSERT_OK(store_->RequeueGeneration(c));
  ASSERT_OK_AND_ASSIGN(Generation requeued, store_->GetGeneration(c));
  EXPECT_EQ(requeued.status, GenerationStatus::kQueued);
  EXPECT_EQ(requeued.progress, 0);
  EXPECT_EQ(requeued.started_at, std::nullopt);
  EXPECT_EQ(CodeOf(store_->RequeueGeneration(c)), ErrorCode::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto again, store_->ClaimNextGeneration(80));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, c);
  EXPECT_EQ(again->attempts, 2);
  EXPECT_EQ(again->started_at, 80);
}

TEST_P(StoreConformanceTest, RequeueInterruptedReturnsEveryJobInProgress) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(AddGeneration(i));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->ClaimNextGeneration(10)->has_value());
  ASSERT_OK(store_->CompleteGeneration(ids[0], BlobKey(), "{}", 11));
  ASSERT_OK_AND_ASSIGN(int requeued, store_->RequeueInterrupted());
  EXPECT_EQ(requeued, 3);
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountByStatus());
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, (std::vector<std::pair<GenerationStatus, int64_t>>{
                        {GenerationStatus::kQueued, 4}, {GenerationStatus::kCompleted, 1}}));
  EXPECT_EQ(store_->GetGeneration(ids[2])->started_at, std::nullopt);
  ASSERT_OK_AND_ASSIGN(int none, store_->RequeueInterrupted());
  EXPECT_EQ(none, 0);
  // The requeued jobs come back oldest first, one attempt further on.
  ASSERT_OK_AND_ASSIGN(auto next, store_->ClaimNextGeneration(12));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->id, ids[1]);
  EXPECT_EQ(next->attempts, 2);
}

TEST_P(StoreConformanceTest, CountByStatusCountsEveryStatus) {
  ASSERT_OK_AND_ASSIGN(auto empty, store_->CountByStatus());
  EXPECT_TRUE(empty.empty());
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(AddGeneration(i));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->ClaimNextGeneration(10)->has_value());
  ASSERT_OK(store_->CompleteGeneration(ids[0], BlobKey(), "{}", 11));
  ASSERT_OK(store_->CompleteGeneration(ids[1], BlobKey(), "{}", 11));
  ASSERT_OK(store_->FailGeneration(ids[2], "e", "m", 12));
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountByStatus());
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts,
            (std::vector<std::pair<GenerationStatus, int64_t>>{{GenerationStatus::kQueued, 2},
                                                               {GenerationStatus::kInProgress, 1},
                                                               {GenerationStatus::kCompleted, 2},
                                                               {GenerationStatus::kFailed, 1}}));
}

TEST_P(StoreConformanceTest, ACompletedGenerationHoldsItsMedia) {
  User ada = AddMember("ada");
  const std::string alone = AddGeneration(1);
  const std::string shown = AddGeneration(2);
  ASSERT_TRUE(store_->ClaimNextGeneration(3)->has_value());
  ASSERT_TRUE(store_->ClaimNextGeneration(3)->has_value());
  const std::string k1 = BlobKey();
  const std::string k2 = BlobKey();
  ASSERT_OK(store_->CompleteGeneration(alone, k1, "{}", 4));
  ASSERT_OK(store_->CompleteGeneration(shown, k2, "{}", 4));
  // Nothing else holds k1: the generation's reference was the last.
  EXPECT_EQ(store_->ReleaseBlob(k1).value(), true);
  // A video made of k2 holds it too.
  Video v = MakeVideo(ada.id, "posted");
  v.generation_id = shown;
  v.content_key = k2;
  ASSERT_OK(store_->CreateVideo(v));
  EXPECT_EQ(store_->ReleaseBlob(k2).value(), false);
  EXPECT_EQ(store_->ReleaseBlob(k2).value(), true);
}

}  // namespace
}  // namespace kinora::store::conformance
