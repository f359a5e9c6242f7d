// Tests of IsolatedWorker: every call starts from pristine state, and crashes,
// hangs and exits in the handler come back as errors.
#include "engine/audio/isolated_worker.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace kinora::engine::audio::internal {
namespace {

int g_counter = 0;  // mutated by the handler: each call must see it at 0

std::string Setup() { return std::to_string(getpid()); }

std::string Handle(std::string_view request) {
  if (request == "abort") std::abort();
  if (request == "exit") std::exit(3);
  if (request == "hang") std::this_thread::sleep_for(std::chrono::seconds(30));
  if (request == "segv") raise(SIGSEGV);
  ++g_counter;
  return std::string(request) + ":" + std::to_string(g_counter);
}

std::unique_ptr<IsolatedWorker> StartWorker() {
  auto worker = IsolatedWorker::Start(&Setup, &Handle, /*call_timeout_seconds=*/1);
  EXPECT_TRUE(worker.ok()) << worker.error().ToString();
  return worker.ok() ? std::move(*worker) : nullptr;
}

TEST(IsolatedWorkerTest, EveryCallStartsFromTheSameState) {
  auto worker = StartWorker();
  ASSERT_NE(worker, nullptr);
  EXPECT_NE(worker->hello(), std::to_string(getpid()));  // setup ran in another process
  for (int i = 0; i < 3; ++i) {
    auto reply = worker->Call("ping");
    ASSERT_TRUE(reply.ok()) << reply.error().ToString();
    EXPECT_EQ(*reply, "ping:1");
  }
  EXPECT_EQ(g_counter, 0);  // and never in this one
  const std::string big(3 << 20, 'x');
  auto echoed = worker->Call(big);
  ASSERT_TRUE(echoed.ok());
  EXPECT_EQ(echoed->size(), big.size() + 2);
}

TEST(IsolatedWorkerTest, CrashesHangsAndExitsBecomeErrors) {
  auto worker = StartWorker();
  ASSERT_NE(worker, nullptr);
  for (const char* request : {"abort", "segv", "exit", "hang"}) {
    auto reply = worker->Call(request);
    ASSERT_FALSE(reply.ok()) << request;
    EXPECT_EQ(reply.error().code, core::ErrorCode::kInternal);
    EXPECT_FALSE(reply.error().detail.empty()) << request;
    auto after = worker->Call("still alive");  // the helper itself survived
    ASSERT_TRUE(after.ok()) << request << ": " << after.error().ToString();
    EXPECT_EQ(*after, "still alive:1");
  }
  EXPECT_NE(worker->Call("hang").error().detail.find("timed out"), std::string::npos);
  EXPECT_NE(worker->Call("exit").error().detail.find("exited with status"), std::string::npos);
}

TEST(IsolatedWorkerTest, RestartsAHelperThatDied) {
  auto worker = StartWorker();
  ASSERT_NE(worker, nullptr);
  const pid_t helper = std::stoi(worker->hello());
  ASSERT_EQ(kill(helper, SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto reply = worker->Call("again");
  ASSERT_TRUE(reply.ok()) << reply.error().ToString();
  EXPECT_EQ(*reply, "again:1");
  EXPECT_NE(worker->hello(), std::to_string(helper));
}

TEST(IsolatedWorkerTest, ServesManyThreads) {
  auto worker = StartWorker();
  ASSERT_NE(worker, nullptr);
  std::vector<std::thread> threads;
  std::vector<std::string> replies(8);
  for (size_t i = 0; i < replies.size(); ++i) {
    threads.emplace_back([&, i] {
      auto r = worker->Call("t" + std::to_string(i));
      replies[i] = r.ok() ? *r : r.error().ToString();
    });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < replies.size(); ++i) EXPECT_EQ(replies[i], "t" + std::to_string(i) + ":1");
}

}  // namespace
}  // namespace kinora::engine::audio::internal
