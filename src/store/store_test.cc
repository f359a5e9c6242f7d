#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

namespace kinora::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_store_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<Store> Open() {
    auto s = OpenStore("sqlite:" + (dir_ / "kinora.db").string());
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE((*s)->Migrate().ok());
    return std::move(s).value();
  }
  Generation Make(const std::string& id, int64_t created) {
    Generation g;
    g.id = id;
    g.model = "kinora-sim";
    g.prompt = "a dog";
    g.created_at = created;
    return g;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, MigrationsRunOnceAndReportWhatIsPending) {
  auto plan = store_->PlanMigrations();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->pending.empty());
  EXPECT_GE(plan->current_version, 1);
  EXPECT_TRUE(store_->Migrate().ok());  // idempotent

  auto fresh = OpenStore("sqlite:" + (dir_ / "fresh.db").string());
  ASSERT_TRUE(fresh.ok());
  auto fresh_plan = (*fresh)->PlanMigrations();
  ASSERT_TRUE(fresh_plan.ok());
  EXPECT_EQ(fresh_plan->current_version, 0);
  EXPECT_FALSE(fresh_plan->pending.empty());
}

TEST_F(StoreTest, GenerationLifecycle) {
  ASSERT_TRUE(store_->CreateGeneration(Make("video_a", 10), {}).ok());
  EXPECT_EQ(store_->CreateGeneration(Make("video_a", 11), {}).error().code,
            core::ErrorCode::kAlreadyExists);
  auto got = store_->GetGeneration("video_a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, GenerationStatus::kQueued);
  EXPECT_EQ(store_->GetGeneration("video_missing").error().code, core::ErrorCode::kNotFound);

  auto claimed = store_->ClaimNextGeneration("w/0", 20, 1000, 0);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  EXPECT_EQ((*claimed)->id, "video_a");
  EXPECT_EQ((*claimed)->status, GenerationStatus::kInProgress);
  EXPECT_EQ((*claimed)->attempts, 1);
  EXPECT_FALSE(store_->ClaimNextGeneration("w/0", 21, 1000, 0)->has_value());
  const std::string token = (*claimed)->lease_token;

  ASSERT_TRUE(store_->Heartbeat("video_a", token, 42, 25, 1000).ok());
  EXPECT_EQ(store_->GetGeneration("video_a")->progress, 42);
  ASSERT_TRUE(
      store_->CompleteGeneration("video_a", token, {.content_key = std::string(64, 'a')}, "{}", 30)
          .ok());
  auto done = store_->GetGeneration("video_a");
  EXPECT_EQ(done->status, GenerationStatus::kCompleted);
  EXPECT_EQ(done->progress, 100);
  EXPECT_EQ(done->completed_at, 30);
  // A heartbeat on a finished job is refused, not silently applied.
  EXPECT_EQ(store_->Heartbeat("video_a", token, 5, 31, 1000).error().code,
            core::ErrorCode::kFailedPrecondition);
}

TEST_F(StoreTest, InterruptedJobsSurviveARestart) {
  ASSERT_TRUE(store_->CreateGeneration(Make("video_b", 1), {}).ok());
  ASSERT_TRUE(store_->ClaimNextGeneration("srv-a/0", 2, 1000, 0)->has_value());
  store_.reset();  // the process "dies" mid-job
  store_ = Open();
  EXPECT_EQ(store_->GetGeneration("video_b")->status, GenerationStatus::kInProgress);
  auto n = store_->RecoverLeases("srv-a/", 3);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->requeued, 1);
  auto again = store_->ClaimNextGeneration("srv-a/0", 3, 1000, 0);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->attempts, 2);
}

TEST_F(StoreTest, ConcurrentClaimsNeverShareAJob) {
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(store_->CreateGeneration(Make("video_" + std::to_string(100 + i), i), {}).ok());
  }
  std::mutex mu;
  std::multiset<std::string> claimed;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      while (true) {
        auto g = store_->ClaimNextGeneration("w/" + std::to_string(t), 99, 1000, 0);
        ASSERT_TRUE(g.ok());
        if (!g->has_value()) return;
        std::lock_guard lock(mu);
        claimed.insert((*g)->id);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.size(), 40u);
  for (const auto& id : claimed) EXPECT_EQ(claimed.count(id), 1u);
  auto counts = store_->CountByStatus();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ(counts->at(0).second, 40);
}

TEST(OpenStoreTest, RejectsUnknownUrls) {
  EXPECT_EQ(OpenStore("mysql://x").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:/proc/nope/kinora.db").error().code, core::ErrorCode::kIo);
}

}  // namespace
}  // namespace kinora::store
