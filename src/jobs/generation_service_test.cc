#include "jobs/generation_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "engine/local_engine.h"

namespace kinora::jobs {
namespace {

namespace fs = std::filesystem;

class GenerationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_jobs_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    store_ = std::move(store::OpenStore("sqlite:" + (dir_ / "k.db").string())).value();
    ASSERT_TRUE(store_->Migrate().ok());
    blobs_ = std::move(store::OpenFileBlobStore((dir_ / "blobs").string())).value();
    engine_ = std::move(engine::NewLocalEngine()).value();
  }
  void TearDown() override {
    service_.reset();
    fs::remove_all(dir_);
  }
  void StartService(ServiceOptions options = {}, engine::Engine* engine = nullptr,
                    const core::Clock* clock = nullptr) {
    options.on_finished = [this](const store::Generation& g) {
      std::lock_guard lock(mu_);
      finished_.push_back(g.id);
    };
    service_ = std::make_unique<GenerationService>(*store_, *blobs_, engine ? *engine : *engine_,
                                                   clock ? *clock : clock_, std::move(options));
    ASSERT_TRUE(service_->Start().ok());
  }
  std::vector<std::string> Finished() {
    std::lock_guard lock(mu_);
    return finished_;
  }
  std::vector<std::string> Outcomes(const std::string& id) {
    std::vector<std::string> out;
    auto attempts = store_->ListAttempts(id);
    EXPECT_TRUE(attempts.ok());
    if (attempts.ok()) {
      for (const auto& a : *attempts) out.push_back(a.outcome);
    }
    return out;
  }
  store::Generation WaitFor(const std::string& id, store::GenerationStatus want, int timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    store::Generation g;
    while (std::chrono::steady_clock::now() < deadline) {
      g = *service_->Get(id);
      if (g.status == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return g;
  }

  fs::path dir_;
  core::SystemClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<GenerationService> service_;
  std::mutex mu_;
  std::vector<std::string> finished_;  // guarded by mu_
};

// An engine that fails its first `failures` calls with a retryable error,
// then renders with the real one.
class FlakyEngine final : public engine::Engine {
 public:
  FlakyEngine(engine::Engine& real, int failures) : real_(real), failures_(failures) {}
  core::Result<engine::GenerateResult> Generate(const engine::GenerateRequest& request,
                                                const engine::ProgressFn& progress,
                                                const std::atomic<bool>* cancel) override {
    if (failures_-- > 0) return core::Unavailable("the GPU is busy");
    return real_.Generate(request, progress, cancel);
  }
  std::string_view Name() const override { return "flaky"; }

 private:
  engine::Engine& real_;
  std::atomic<int> failures_;
};

TEST_F(GenerationServiceTest, ValidatesRequests) {
  StartService();
  EXPECT_EQ(service_->Create({.prompt = " "}).error().detail, "prompt");
  EXPECT_EQ(service_->Create({.prompt = "a dog", .seconds = 0}).error().detail, "seconds");
  EXPECT_EQ(service_->Create({.prompt = "a dog", .seconds = 61}).error().detail, "seconds");
  EXPECT_EQ(service_->Create({.storyboard_json = "{\"version\": 1}"}).error().detail, "shots");
  EXPECT_EQ(service_->Get("video_nope").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(ParseSize("64x64")->first, 64);
  EXPECT_FALSE(ParseSize("64x").ok());
  EXPECT_FALSE(ParseSize("x64").ok());
  EXPECT_FALSE(ParseSize("65x64").ok());
  EXPECT_FALSE(ParseSize("4096x64").ok());
  EXPECT_FALSE(ParseSize("64x64x64").ok());
}

TEST_F(GenerationServiceTest, RunsAJobToCompletion) {
  StartService();
  auto created = service_->Create(
      {.prompt = "A cat says \"hi\"", .seconds = 1, .width = 96, .height = 96, .seed = 5});
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  auto* g = &created->generation;
  EXPECT_EQ(g->status, store::GenerationStatus::kQueued);
  EXPECT_EQ(g->seed, 5u);
  EXPECT_FALSE(service_->ContentPath(g->id, ContentVariant::kVideo).ok());  // not done yet
  auto done = WaitFor(g->id, store::GenerationStatus::kCompleted, 120);
  ASSERT_EQ(done.status, store::GenerationStatus::kCompleted) << done.error_message;
  EXPECT_EQ(done.progress, 100);
  EXPECT_FALSE(done.storyboard_json.empty());
  auto path = service_->ContentPath(g->id, ContentVariant::kVideo);
  ASSERT_TRUE(path.ok());
  EXPECT_GT(fs::file_size(*path), 1000u);
  auto thumbnail = service_->ContentPath(g->id, ContentVariant::kThumbnail);
  ASSERT_TRUE(thumbnail.ok()) << thumbnail.error().ToString();
  EXPECT_GT(fs::file_size(*thumbnail), 100u);
  EXPECT_TRUE(service_->ContentPath(g->id, ContentVariant::kSpritesheet).ok());
  EXPECT_EQ(service_->counters().completed.load(), 1);
  EXPECT_EQ(Finished(), std::vector<std::string>{g->id});
  EXPECT_EQ(Outcomes(g->id), std::vector<std::string>{"completed"});
  // Finished jobs can be deleted; their files go with them.
  ASSERT_TRUE(service_->Delete(g->id).ok());
  EXPECT_FALSE(fs::exists(*path));
  EXPECT_EQ(service_->Get(g->id).error().code, core::ErrorCode::kNotFound);
  // Nothing is left behind in the scratch folder.
  EXPECT_TRUE(fs::is_empty(blobs_->ScratchDir()));
}

TEST_F(GenerationServiceTest, StopRequeuesARunningJob) {
  StartService();
  auto created = service_->Create(
      {.prompt = "A dog walks in a park", .seconds = 30, .width = 320, .height = 320});
  ASSERT_TRUE(created.ok());
  auto* g = &created->generation;
  auto running = WaitFor(g->id, store::GenerationStatus::kInProgress, 30);
  ASSERT_EQ(running.status, store::GenerationStatus::kInProgress);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  service_->Stop();
  auto after = store_->GetGeneration(g->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, store::GenerationStatus::kQueued);
  EXPECT_EQ(after->attempts, 0);  // a shutdown does not use up an attempt
  EXPECT_EQ(service_->counters().requeued.load(), 1);
  EXPECT_EQ(Outcomes(g->id), std::vector<std::string>{"released"});
  EXPECT_TRUE(fs::is_empty(blobs_->ScratchDir()));
}

TEST_F(GenerationServiceTest, CancellingARunningJobStopsItBetweenFrames) {
  StartService({.heartbeat_ms = 50});
  auto created = service_->Create(
      {.prompt = "A dog walks in a park", .seconds = 30, .width = 320, .height = 320});
  ASSERT_TRUE(created.ok());
  const std::string id = created->generation.id;
  ASSERT_EQ(WaitFor(id, store::GenerationStatus::kInProgress, 30).status,
            store::GenerationStatus::kInProgress);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto asked = service_->Cancel(id);
  ASSERT_TRUE(asked.ok()) << asked.error().ToString();
  EXPECT_TRUE(asked->cancel_requested);
  const auto t0 = std::chrono::steady_clock::now();
  auto done = WaitFor(id, store::GenerationStatus::kCancelled, 20);
  ASSERT_EQ(done.status, store::GenerationStatus::kCancelled);
  // Within a heartbeat and a frame, far sooner than the 30 s clip would take.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(Outcomes(id), std::vector<std::string>{"cancelled"});
  EXPECT_TRUE(Finished().empty());  // on_finished is for completed and failed jobs
  EXPECT_EQ(service_->Cancel(id)->status, store::GenerationStatus::kCancelled);  // a no-op
  EXPECT_TRUE(service_->Delete(id).ok());
  // A queued job is cancelled at once; a finished one cannot be.
  auto queued = service_->Create({.prompt = "A cat", .seconds = 1, .width = 64, .height = 64});
  ASSERT_TRUE(queued.ok());
  (void)service_->Cancel(queued->generation.id);
  EXPECT_TRUE(fs::is_empty(blobs_->ScratchDir()));
}

TEST_F(GenerationServiceTest, AWorkerWhoseLeaseIsStolenAbandonsTheJob) {
  core::FakeClock clock;
  StartService({.lease_ms = 10'000, .heartbeat_ms = 50}, nullptr, &clock);
  auto created = service_->Create(
      {.prompt = "A dog walks in a park", .seconds = 6, .width = 256, .height = 256, .seed = 1});
  ASSERT_TRUE(created.ok());
  const std::string id = created->generation.id;
  ASSERT_EQ(WaitFor(id, store::GenerationStatus::kInProgress, 30).status,
            store::GenerationStatus::kInProgress);
  // The worker looks dead to the queue: its lease expires and the job is
  // taken back; the same process's worker will lease it again.
  clock.Advance(10'001);
  auto reaped = store_->RequeueExpiredLeases(clock.UnixMillis());
  ASSERT_TRUE(reaped.ok());
  ASSERT_EQ(reaped->requeued, 1);
  auto done = WaitFor(id, store::GenerationStatus::kCompleted, 120);
  ASSERT_EQ(done.status, store::GenerationStatus::kCompleted) << done.last_error;
  EXPECT_EQ(service_->counters().leases_lost.load(), 1);
  EXPECT_EQ(Outcomes(id), (std::vector<std::string>{"lost", "completed"}));
  EXPECT_EQ(done.attempts, 2);
  // Finished exactly once.
  EXPECT_EQ(Finished(), std::vector<std::string>{id});
  EXPECT_EQ(service_->counters().completed.load(), 1);
  EXPECT_TRUE(fs::is_empty(blobs_->ScratchDir()));
}

TEST_F(GenerationServiceTest, FailedAttemptsRetryAndRecordTheirReason) {
  FlakyEngine flaky(*engine_, 2);
  StartService({.max_attempts = 3, .retry_base_ms = 1}, &flaky);
  auto created = service_->Create({.prompt = "A cat", .seconds = 1, .width = 64, .height = 64});
  ASSERT_TRUE(created.ok());
  const std::string id = created->generation.id;
  auto done = WaitFor(id, store::GenerationStatus::kCompleted, 60);
  ASSERT_EQ(done.status, store::GenerationStatus::kCompleted) << done.last_error;
  EXPECT_EQ(done.attempts, 3);
  EXPECT_EQ(done.last_error, "generation_failed: the GPU is busy");
  auto listed = store_->ListAttempts(id);
  ASSERT_TRUE(listed.ok());
  const auto& attempts = *listed;
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_EQ(attempts[0].outcome, "retry");
  EXPECT_EQ(attempts[0].reason, "generation_failed: the GPU is busy");
  EXPECT_EQ(attempts[2].outcome, "completed");
  EXPECT_EQ(service_->counters().retries.load(), 2);
  EXPECT_EQ(Finished(), std::vector<std::string>{id});
}

TEST_F(GenerationServiceTest, OutOfAttemptsFailsOnceWithTheEnginesError) {
  FlakyEngine flaky(*engine_, 100);
  StartService({.max_attempts = 2, .retry_base_ms = 1}, &flaky);
  auto created = service_->Create({.prompt = "A cat", .seconds = 1, .width = 64, .height = 64});
  ASSERT_TRUE(created.ok());
  auto done = WaitFor(created->generation.id, store::GenerationStatus::kFailed, 30);
  ASSERT_EQ(done.status, store::GenerationStatus::kFailed);
  EXPECT_EQ(done.error_code, "generation_failed");
  EXPECT_EQ(Outcomes(done.id), (std::vector<std::string>{"retry", "failed"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(Finished(), std::vector<std::string>{done.id});
  EXPECT_EQ(service_->Delete(done.id).ok(), true);
}

TEST_F(GenerationServiceTest, IdempotentCreatesAndLimits) {
  StartService({.workers = 1, .max_unfinished_per_owner = 5, .max_per_day_per_owner = 2});
  // Keep the jobs queued: this test is about creating them.
  service_->Stop();
  const CreateGeneration request{
      .prompt = "A cat", .seconds = 1, .width = 64, .height = 64, .owner_id = std::nullopt};
  auto first = service_->Create(request, {.scope = "k", .key = "abc"});
  ASSERT_TRUE(first.ok());
  auto again = service_->Create(request, {.scope = "k", .key = "abc"});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->generation.id, first->generation.id);
  CreateGeneration changed = request;
  changed.seconds = 2;
  EXPECT_EQ(service_->Create(changed, {.scope = "k", .key = "abc"}).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->Create(request, {.scope = "k", .key = "has space"}).error().detail,
            "Idempotency-Key");
  EXPECT_EQ(service_->Create({.prompt = "x", .priority = 101}).error().detail, "priority");
  EXPECT_EQ(service_->Create({.prompt = "x", .kind = store::GenerationKind::kRemix}).error().detail,
            "remixed_from");
  EXPECT_EQ(service_->Delete(first->generation.id).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->List(std::nullopt, "", 10, false)->items.size(), 1u);
  EXPECT_EQ(service_->List(std::nullopt, "", 0, false).error().detail, "limit");
}

}  // namespace
}  // namespace kinora::jobs
