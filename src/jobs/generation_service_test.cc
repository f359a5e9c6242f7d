#include "jobs/generation_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
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
  void StartService() {
    service_ =
        std::make_unique<GenerationService>(*store_, *blobs_, *engine_, clock_, ServiceOptions{});
    ASSERT_TRUE(service_->Start().ok());
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
  auto g = service_->Create(
      {.prompt = "A cat says \"hi\"", .seconds = 1, .width = 96, .height = 96, .seed = 5});
  ASSERT_TRUE(g.ok()) << g.error().ToString();
  EXPECT_EQ(g->status, store::GenerationStatus::kQueued);
  EXPECT_EQ(g->seed, 5u);
  EXPECT_FALSE(service_->ContentPath(g->id).ok());  // not done yet
  auto done = WaitFor(g->id, store::GenerationStatus::kCompleted, 120);
  ASSERT_EQ(done.status, store::GenerationStatus::kCompleted) << done.error_message;
  EXPECT_EQ(done.progress, 100);
  EXPECT_FALSE(done.storyboard_json.empty());
  auto path = service_->ContentPath(g->id);
  ASSERT_TRUE(path.ok());
  EXPECT_GT(fs::file_size(*path), 1000u);
  EXPECT_EQ(service_->counters().completed.load(), 1);
  // Nothing is left behind in the scratch folder.
  EXPECT_TRUE(fs::is_empty(blobs_->ScratchDir()));
}

TEST_F(GenerationServiceTest, StopRequeuesARunningJob) {
  StartService();
  auto g = service_->Create(
      {.prompt = "A dog walks in a park", .seconds = 30, .width = 320, .height = 320});
  ASSERT_TRUE(g.ok());
  auto running = WaitFor(g->id, store::GenerationStatus::kInProgress, 30);
  ASSERT_EQ(running.status, store::GenerationStatus::kInProgress);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  service_->Stop();
  auto after = store_->GetGeneration(g->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, store::GenerationStatus::kQueued);
  EXPECT_EQ(service_->counters().requeued.load(), 1);
  EXPECT_TRUE(fs::is_empty(blobs_->ScratchDir()));
}

}  // namespace
}  // namespace kinora::jobs
