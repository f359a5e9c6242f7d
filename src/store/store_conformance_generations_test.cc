// The store's conformance on the generation queue: creation with
// idempotency and limits, claiming by priority and availability, lease
// fencing, retries, lost workers, cancels, listing, deletion and the record
// of attempts (store_conformance.h).
#include <algorithm>
#include <atomic>
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

constexpr int64_t kLease = 30'000;

// Claims the next job for `worker`; fails the test when there is none.
Generation MustClaim(Store& store, int64_t now, const std::string& worker = "srv-a/0") {
  auto claimed = store.ClaimNextGeneration(worker, now, kLease, 0);
  EXPECT_TRUE(claimed.ok()) << claimed.error().ToString();
  EXPECT_TRUE(claimed.ok() && claimed->has_value()) << "nothing to claim";
  return claimed.ok() && claimed->has_value() ? **claimed : Generation{};
}

std::vector<std::string> Outcomes(Store& store, const std::string& id) {
  std::vector<std::string> out;
  auto attempts = store.ListAttempts(id);
  EXPECT_TRUE(attempts.ok()) << attempts.error().ToString();
  if (!attempts.ok()) return out;
  for (const auto& a : *attempts) out.push_back(a.outcome);
  return out;
}

TEST_P(StoreConformanceTest, GenerationsRoundTripEveryField) {
  User ada = AddMember("ada");
  const std::string source = AddGeneration(1);
  Generation g = MakeGeneration(1'700'000'123'456);
  g.owner_id = ada.id;
  g.seconds = 8;
  g.width = 1080;
  g.height = 1920;
  g.seed = 0xDEADBEEFCAFEF00Dull;  // above INT64_MAX: stored as its 64 bits
  g.storyboard_json = R"({"shots":[{"prompt":"héllo ✓"}]})";
  g.kind = GenerationKind::kRemix;
  g.remixed_from = source;
  g.input_key = BlobKey();
  g.priority = 7;
  g.max_attempts = 5;
  g.available_at = 1'700'000'200'000;
  ASSERT_OK_AND_ASSIGN(CreatedGeneration created, store_->CreateGeneration(g, {}));
  EXPECT_FALSE(created.replayed);
  ASSERT_OK_AND_ASSIGN(Generation got, store_->GetGeneration(g.id));
  for (const Generation& x : {created.generation, got}) {
    EXPECT_EQ(x.id, g.id);
    EXPECT_EQ(x.owner_id, ada.id);
    EXPECT_EQ(x.status, GenerationStatus::kQueued);
    EXPECT_EQ(x.kind, GenerationKind::kRemix);
    EXPECT_EQ(x.remixed_from, source);
    EXPECT_EQ(x.progress, 0);
    EXPECT_EQ(x.model, g.model);
    EXPECT_EQ(x.prompt, g.prompt);
    EXPECT_EQ(x.seconds, 8);
    EXPECT_EQ(x.width, 1080);
    EXPECT_EQ(x.height, 1920);
    EXPECT_EQ(x.seed, 0xDEADBEEFCAFEF00Dull);
    EXPECT_EQ(x.storyboard_json, g.storyboard_json);
    EXPECT_EQ(x.input_key, g.input_key);
    EXPECT_EQ(x.content_key, "");
    EXPECT_EQ(x.thumbnail_key, "");
    EXPECT_EQ(x.spritesheet_key, "");
    EXPECT_EQ(x.priority, 7);
    EXPECT_EQ(x.max_attempts, 5);
    EXPECT_EQ(x.available_at, 1'700'000'200'000);
    EXPECT_EQ(x.attempts, 0);
    EXPECT_FALSE(x.cancel_requested);
    EXPECT_EQ(x.lease_owner, "");
    EXPECT_EQ(x.lease_token, "");
    EXPECT_EQ(x.created_at, 1'700'000'123'456);
    EXPECT_EQ(x.started_at, std::nullopt);
    EXPECT_EQ(x.completed_at, std::nullopt);
  }
  // The job holds its input: the first release is not the last.
  EXPECT_EQ(store_->ReleaseBlob(g.input_key).value(), true);

  Generation anonymous = MakeGeneration(5);  // an installation key's job
  ASSERT_OK(store_->CreateGeneration(anonymous, {}));
  EXPECT_EQ(store_->GetGeneration(anonymous.id)->owner_id, std::nullopt);
  EXPECT_EQ(store_->GetGeneration(anonymous.id)->kind, GenerationKind::kCreate);

  EXPECT_EQ(CodeOf(store_->CreateGeneration(g, {})), ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(store_->GetGeneration(NewId("video"))), ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, ClaimTakesTheHighestPriorityThenTheOldest) {
  const std::string late = AddGeneration(30);
  // Two jobs made in the same millisecond: the lower id goes first.
  const std::string tie_first = NewId("video");
  const std::string tie_second = NewId("video");
  Generation g2 = MakeGeneration(10);
  g2.id = tie_second;
  ASSERT_OK(store_->CreateGeneration(g2, {}));
  Generation g1 = MakeGeneration(10);
  g1.id = tie_first;
  ASSERT_OK(store_->CreateGeneration(g1, {}));
  const std::string middle = AddGeneration(20);
  Generation urgent = MakeGeneration(40);
  urgent.priority = 5;
  ASSERT_OK(store_->CreateGeneration(urgent, {}));
  Generation later = MakeGeneration(1);
  later.priority = -1;
  ASSERT_OK(store_->CreateGeneration(later, {}));

  std::vector<std::string> order;
  std::set<std::string> tokens;
  for (int64_t now = 100;; ++now) {
    ASSERT_OK_AND_ASSIGN(std::optional<Generation> claimed,
                         store_->ClaimNextGeneration("srv-a/0", now, kLease, 0));
    if (!claimed) break;
    EXPECT_EQ(claimed->status, GenerationStatus::kInProgress);
    EXPECT_EQ(claimed->started_at, now);
    EXPECT_EQ(claimed->attempts, 1);
    EXPECT_EQ(claimed->lease_owner, "srv-a/0");
    EXPECT_EQ(claimed->lease_expires_at, now + kLease);
    EXPECT_GE(claimed->lease_token.size(), 32u);
    tokens.insert(claimed->lease_token);
    ASSERT_LT(order.size(), 6u);
    order.push_back(claimed->id);
  }
  EXPECT_EQ(order,
            (std::vector<std::string>{urgent.id, tie_first, tie_second, middle, late, later.id}));
  EXPECT_EQ(tokens.size(), 6u);
  // Reads never show the token.
  EXPECT_EQ(store_->GetGeneration(late)->lease_token, "");
  EXPECT_EQ(store_->GetGeneration(late)->lease_owner, "srv-a/0");
}

TEST_P(StoreConformanceTest, ClaimWaitsForAvailableAtAndCapsRunningJobsPerOwner) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  Generation future = MakeGeneration(1);
  future.available_at = 5'000;
  ASSERT_OK(store_->CreateGeneration(future, {}));
  std::vector<std::string> adas;
  for (int i = 0; i < 3; ++i) {
    Generation g = MakeGeneration(10 + i);
    g.owner_id = ada.id;
    ASSERT_OK(store_->CreateGeneration(g, {}));
    adas.push_back(g.id);
  }
  Generation bobs = MakeGeneration(20);
  bobs.owner_id = bob.id;
  ASSERT_OK(store_->CreateGeneration(bobs, {}));

  // Cap 2 per owner: two of ada's, then bob's, then nothing until 5000.
  std::vector<std::string> order;
  while (true) {
    ASSERT_OK_AND_ASSIGN(auto claimed, store_->ClaimNextGeneration("w", 4'999, kLease, 2));
    if (!claimed) break;
    order.push_back(claimed->id);
    ASSERT_LT(order.size(), 5u);
  }
  EXPECT_EQ(order, (std::vector<std::string>{adas[0], adas[1], bobs.id}));
  ASSERT_OK_AND_ASSIGN(auto at_time, store_->ClaimNextGeneration("w", 5'000, kLease, 2));
  ASSERT_TRUE(at_time.has_value());
  EXPECT_EQ(at_time->id, future.id);
  // Without a cap ada's third runs too.
  ASSERT_OK_AND_ASSIGN(auto uncapped, store_->ClaimNextGeneration("w", 5'000, kLease, 0));
  ASSERT_TRUE(uncapped.has_value());
  EXPECT_EQ(uncapped->id, adas[2]);
  EXPECT_EQ(CodeOf(store_->ClaimNextGeneration("", 1, kLease, 0)), ErrorCode::kInvalidArgument);
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
    workers.emplace_back([&, w] {
      go.arrive_and_wait();
      for (int i = 0; i <= kJobs; ++i) {
        auto g = store_->ClaimNextGeneration("w/" + std::to_string(w), 1000, kLease, 0);
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

TEST_P(StoreConformanceTest, HeartbeatRenewsTheLeaseAndAStaleTokenIsFenced) {
  const std::string id = AddGeneration(1);
  Generation job = MustClaim(*store_, 100);
  ASSERT_OK_AND_ASSIGN(bool cancel, store_->Heartbeat(id, job.lease_token, 40, 200, kLease));
  EXPECT_FALSE(cancel);
  ASSERT_OK_AND_ASSIGN(Generation got, store_->GetGeneration(id));
  EXPECT_EQ(got.progress, 40);
  EXPECT_EQ(got.lease_expires_at, 200 + kLease);
  // Progress never goes back.
  ASSERT_OK(store_->Heartbeat(id, job.lease_token, 10, 300, kLease));
  EXPECT_EQ(store_->GetGeneration(id)->progress, 40);
  EXPECT_EQ(CodeOf(store_->Heartbeat(id, job.lease_token, 101, 300, kLease)),
            ErrorCode::kInvalidArgument);

  // A wrong token, an empty one, an unknown job.
  EXPECT_EQ(CodeOf(store_->Heartbeat(id, "nope", 50, 400, kLease)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->Heartbeat(id, "", 50, 400, kLease)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->Heartbeat(NewId("video"), job.lease_token, 50, 400, kLease)),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(store_->CompleteGeneration(id, "nope", {.content_key = BlobKey()}, "{}", 400)),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->FailAttempt(id, "nope", "x", "y", false, 0, 400)),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->ReleaseLease(id, "nope", 400)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(store_->MarkCancelled(id, "nope", 400)), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetGeneration(id)->status, GenerationStatus::kInProgress);

  // Past its expiry the lease cannot be renewed: the worker must give up.
  const int64_t expiry = store_->GetGeneration(id)->lease_expires_at;
  EXPECT_EQ(CodeOf(store_->Heartbeat(id, job.lease_token, 50, expiry, kLease)),
            ErrorCode::kFailedPrecondition);
}

TEST_P(StoreConformanceTest, ALostWorkerCanNeverCompleteAJobTwice) {
  const std::string id = AddGeneration(1);
  Generation first = MustClaim(*store_, 100, "srv-a/0");
  // The first worker stalls; its lease expires and the reaper takes the job back.
  ASSERT_OK_AND_ASSIGN(LeaseRecovery none, store_->RequeueExpiredLeases(100 + kLease - 1));
  EXPECT_EQ(none.requeued, 0);
  ASSERT_OK_AND_ASSIGN(LeaseRecovery reaped, store_->RequeueExpiredLeases(100 + kLease));
  EXPECT_EQ(reaped.requeued, 1);
  EXPECT_TRUE(reaped.failed_ids.empty());
  ASSERT_OK_AND_ASSIGN(Generation requeued, store_->GetGeneration(id));
  EXPECT_EQ(requeued.status, GenerationStatus::kQueued);
  EXPECT_EQ(requeued.last_error, "worker lost (lease expired)");
  EXPECT_EQ(requeued.lease_owner, "");
  EXPECT_EQ(requeued.attempts, 1);

  Generation second = MustClaim(*store_, 100 + kLease + 1, "srv-b/0");
  EXPECT_EQ(second.id, id);
  EXPECT_EQ(second.attempts, 2);
  EXPECT_NE(second.lease_token, first.lease_token);
  // The first worker wakes up: every step with its token is refused.
  EXPECT_EQ(CodeOf(store_->Heartbeat(id, first.lease_token, 90, 100 + kLease + 2, kLease)),
            ErrorCode::kFailedPrecondition);
  const std::string zombie_key = BlobKey();
  EXPECT_EQ(CodeOf(store_->CompleteGeneration(id, first.lease_token, {.content_key = zombie_key},
                                              "{}", 200'000)),
            ErrorCode::kFailedPrecondition);
  // The second completes; the first's key was never referenced.
  const GenerationMedia media{
      .content_key = BlobKey(), .thumbnail_key = BlobKey(), .spritesheet_key = ""};
  ASSERT_OK(store_->CompleteGeneration(id, second.lease_token, media, R"({"plan":1})", 200'001));
  EXPECT_EQ(CodeOf(store_->CompleteGeneration(id, second.lease_token, media, "{}", 200'002)),
            ErrorCode::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(Generation done, store_->GetGeneration(id));
  EXPECT_EQ(done.status, GenerationStatus::kCompleted);
  EXPECT_EQ(done.progress, 100);
  EXPECT_EQ(done.content_key, media.content_key);
  EXPECT_EQ(done.thumbnail_key, media.thumbnail_key);
  EXPECT_EQ(done.spritesheet_key, "");
  EXPECT_EQ(done.storyboard_json, R"({"plan":1})");
  EXPECT_EQ(done.completed_at, 200'001);
  EXPECT_EQ(done.lease_owner, "");
  EXPECT_EQ(store_->ReleaseBlob(zombie_key).value(), true);  // no reference was taken
  // Each media key got exactly one reference.
  EXPECT_EQ(store_->ReleaseBlob(media.content_key).value(), true);
  EXPECT_EQ(store_->ReleaseBlob(media.thumbnail_key).value(), true);

  ASSERT_OK_AND_ASSIGN(auto attempts, store_->ListAttempts(id));
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].attempt, 1);
  EXPECT_EQ(attempts[0].worker, "srv-a/0");
  EXPECT_EQ(attempts[0].started_at, 100);
  EXPECT_EQ(attempts[0].ended_at, 100 + kLease);
  EXPECT_EQ(attempts[0].outcome, "lost");
  EXPECT_EQ(attempts[0].reason, "worker lost (lease expired)");
  EXPECT_EQ(attempts[1].worker, "srv-b/0");
  EXPECT_EQ(attempts[1].outcome, "completed");
  EXPECT_EQ(attempts[1].ended_at, 200'001);
}

TEST_P(StoreConformanceTest, ExpiredLeasesExhaustIntoFailed) {
  Generation g = MakeGeneration(1);
  g.max_attempts = 2;
  ASSERT_OK(store_->CreateGeneration(g, {}));
  int64_t now = 1000;
  MustClaim(*store_, now);
  now += kLease;
  ASSERT_EQ(store_->RequeueExpiredLeases(now)->requeued, 1);
  MustClaim(*store_, now);
  now += kLease;
  ASSERT_OK_AND_ASSIGN(LeaseRecovery last, store_->RequeueExpiredLeases(now));
  EXPECT_EQ(last.requeued, 0);
  EXPECT_EQ(last.failed_ids, std::vector<std::string>{g.id});
  ASSERT_OK_AND_ASSIGN(Generation failed, store_->GetGeneration(g.id));
  EXPECT_EQ(failed.status, GenerationStatus::kFailed);
  EXPECT_EQ(failed.error_code, "worker_lost");
  EXPECT_FALSE(failed.error_message.empty());
  EXPECT_EQ(failed.completed_at, now);
  EXPECT_EQ(Outcomes(*store_, g.id), (std::vector<std::string>{"lost", "lost"}));
  EXPECT_EQ(store_->RequeueExpiredLeases(now + kLease)->requeued, 0);
}

TEST_P(StoreConformanceTest, RecoverLeasesTakesBackOneServersJobsAtOnce) {
  for (int i = 0; i < 3; ++i) AddGeneration(i);
  const Generation mine = MustClaim(*store_, 10, "srv-a/0");
  const Generation also_mine = MustClaim(*store_, 10, "srv-a/1");
  const Generation theirs = MustClaim(*store_, 10, "srv-ab/0");  // a longer id with our prefix
  ASSERT_OK_AND_ASSIGN(LeaseRecovery r, store_->RecoverLeases("srv-a/", 11));
  EXPECT_EQ(r.requeued, 2);
  EXPECT_EQ(store_->GetGeneration(mine.id)->status, GenerationStatus::kQueued);
  EXPECT_EQ(store_->GetGeneration(also_mine.id)->status, GenerationStatus::kQueued);
  EXPECT_EQ(store_->GetGeneration(theirs.id)->status, GenerationStatus::kInProgress);
  EXPECT_EQ(store_->GetGeneration(mine.id)->last_error, "worker lost (its server restarted)");
  EXPECT_EQ(CodeOf(store_->RecoverLeases("", 11)), ErrorCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, FailedAttemptsRetryWithBackoffThenFail) {
  Generation g = MakeGeneration(1);
  g.max_attempts = 2;
  ASSERT_OK(store_->CreateGeneration(g, {}));
  Generation a1 = MustClaim(*store_, 100);
  ASSERT_OK_AND_ASSIGN(GenerationStatus s1,
                       store_->FailAttempt(g.id, a1.lease_token, "generation_failed",
                                           "GPU fell over", true, 5'000, 200));
  EXPECT_EQ(s1, GenerationStatus::kQueued);
  ASSERT_OK_AND_ASSIGN(Generation waiting, store_->GetGeneration(g.id));
  EXPECT_EQ(waiting.available_at, 5'000);
  EXPECT_EQ(waiting.last_error, "generation_failed: GPU fell over");
  EXPECT_EQ(waiting.error_code, "");
  EXPECT_EQ(waiting.progress, 0);
  // Not before its backoff.
  EXPECT_FALSE(store_->ClaimNextGeneration("w", 4'999, kLease, 0)->has_value());
  Generation a2 = MustClaim(*store_, 5'000);
  EXPECT_EQ(a2.attempts, 2);
  // Out of attempts: failed for good even though retryable.
  ASSERT_OK_AND_ASSIGN(
      GenerationStatus s2,
      store_->FailAttempt(g.id, a2.lease_token, "generation_failed", "again", true, 9'000, 6'000));
  EXPECT_EQ(s2, GenerationStatus::kFailed);
  ASSERT_OK_AND_ASSIGN(Generation failed, store_->GetGeneration(g.id));
  EXPECT_EQ(failed.error_code, "generation_failed");
  EXPECT_EQ(failed.error_message, "again");
  EXPECT_EQ(failed.completed_at, 6'000);
  ASSERT_OK_AND_ASSIGN(auto attempts, store_->ListAttempts(g.id));
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].outcome, "retry");
  EXPECT_EQ(attempts[0].reason, "generation_failed: GPU fell over");
  EXPECT_EQ(attempts[1].outcome, "failed");
  EXPECT_EQ(attempts[1].reason, "generation_failed: again");

  // Not retryable: failed at once.
  const std::string bad = AddGeneration(2);
  Generation b = MustClaim(*store_, 7'000);
  EXPECT_EQ(
      store_->FailAttempt(bad, b.lease_token, "invalid_request", "no", false, 0, 7'001).value(),
      GenerationStatus::kFailed);
  EXPECT_EQ(store_->GetGeneration(bad)->attempts, 1);
}

TEST_P(StoreConformanceTest, ReleasedLeasesDoNotCountAsAttempts) {
  Generation g = MakeGeneration(1);
  g.max_attempts = 1;
  ASSERT_OK(store_->CreateGeneration(g, {}));
  for (int i = 0; i < 3; ++i) {
    Generation job = MustClaim(*store_, 100 + i);
    EXPECT_EQ(job.attempts, 1);
    ASSERT_OK(store_->ReleaseLease(g.id, job.lease_token, 100 + i));
    ASSERT_OK_AND_ASSIGN(Generation back, store_->GetGeneration(g.id));
    EXPECT_EQ(back.status, GenerationStatus::kQueued);
    EXPECT_EQ(back.attempts, 0);
    EXPECT_EQ(back.lease_owner, "");
    EXPECT_EQ(CodeOf(store_->ReleaseLease(g.id, job.lease_token, 100 + i)),
              ErrorCode::kFailedPrecondition);
  }
  EXPECT_EQ(Outcomes(*store_, g.id),
            (std::vector<std::string>{"released", "released", "released"}));
}

TEST_P(StoreConformanceTest, CancellingQueuedAndRunningJobs) {
  const std::string queued = AddGeneration(1);
  const std::string running = AddGeneration(2);
  const std::string done = AddGeneration(3);
  ASSERT_OK_AND_ASSIGN(Generation cancelled, store_->RequestCancel(queued, 50));
  EXPECT_EQ(cancelled.status, GenerationStatus::kCancelled);
  EXPECT_EQ(cancelled.completed_at, 50);
  Generation job = MustClaim(*store_, 60);
  EXPECT_EQ(job.id, running);  // the cancelled job is never claimed
  Generation finished = MustClaim(*store_, 60);
  ASSERT_OK(
      store_->CompleteGeneration(done, finished.lease_token, {.content_key = BlobKey()}, "{}", 61));

  ASSERT_OK_AND_ASSIGN(Generation asked, store_->RequestCancel(running, 70));
  EXPECT_EQ(asked.status, GenerationStatus::kInProgress);
  EXPECT_TRUE(asked.cancel_requested);
  EXPECT_TRUE(store_->Heartbeat(running, job.lease_token, 10, 71, kLease).value());
  ASSERT_OK(store_->MarkCancelled(running, job.lease_token, 72));
  ASSERT_OK_AND_ASSIGN(Generation stopped, store_->GetGeneration(running));
  EXPECT_EQ(stopped.status, GenerationStatus::kCancelled);
  EXPECT_EQ(stopped.completed_at, 72);
  EXPECT_EQ(Outcomes(*store_, running), std::vector<std::string>{"cancelled"});

  // Finished jobs are unchanged.
  ASSERT_OK_AND_ASSIGN(Generation same, store_->RequestCancel(done, 80));
  EXPECT_EQ(same.status, GenerationStatus::kCompleted);
  EXPECT_FALSE(same.cancel_requested);
  EXPECT_EQ(CodeOf(store_->RequestCancel(NewId("video"), 80)), ErrorCode::kNotFound);

  // A job whose cancel was asked does not retry, nor go back on release.
  const std::string retry = AddGeneration(4);
  Generation r = MustClaim(*store_, 90);
  ASSERT_OK(store_->RequestCancel(retry, 91));
  EXPECT_EQ(
      store_->FailAttempt(retry, r.lease_token, "generation_failed", "x", true, 0, 92).value(),
      GenerationStatus::kCancelled);
  const std::string release = AddGeneration(5);
  Generation rl = MustClaim(*store_, 93);
  ASSERT_OK(store_->RequestCancel(release, 94));
  ASSERT_OK(store_->ReleaseLease(release, rl.lease_token, 95));
  EXPECT_EQ(store_->GetGeneration(release)->status, GenerationStatus::kCancelled);
}

TEST_P(StoreConformanceTest, IdempotentCreatesReplayOrConflict) {
  User ada = AddMember("ada");
  CreateOptions o{.idempotency_scope = ada.id,
                  .idempotency_key = "order-1",
                  .request_hash = "hash-a",
                  .now = 1000};
  Generation g = MakeGeneration(1000);
  g.owner_id = ada.id;
  ASSERT_OK_AND_ASSIGN(CreatedGeneration first, store_->CreateGeneration(g, o));
  EXPECT_FALSE(first.replayed);
  Generation retry = MakeGeneration(2000);  // a retry makes a new id; the first job comes back
  retry.owner_id = ada.id;
  ASSERT_OK_AND_ASSIGN(CreatedGeneration again, store_->CreateGeneration(retry, o));
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.generation.id, g.id);
  EXPECT_EQ(CodeOf(store_->GetGeneration(retry.id)), ErrorCode::kNotFound);

  CreateOptions changed = o;
  changed.request_hash = "hash-b";
  auto conflict = store_->CreateGeneration(MakeGeneration(3000), changed);
  ASSERT_EQ(CodeOf(conflict), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(conflict.error().message,
            "Idempotency-Key 'order-1' was already used with different parameters");
  // Keys are per scope.
  CreateOptions other = o;
  other.idempotency_scope = "someone-else";
  ASSERT_OK_AND_ASSIGN(CreatedGeneration theirs,
                       store_->CreateGeneration(MakeGeneration(4000), other));
  EXPECT_FALSE(theirs.replayed);
  // A replay is not held back by limits: it makes nothing new.
  CreateOptions limited = o;
  limited.max_unfinished = 1;
  EXPECT_TRUE(store_->CreateGeneration(MakeGeneration(5000), limited)->replayed);
  // Deleting the job forgets its key.
  ASSERT_OK(store_->DeleteGeneration(g.id));
  EXPECT_FALSE(store_->CreateGeneration(MakeGeneration(6000), o)->replayed);
}

TEST_P(StoreConformanceTest, OwnerLimitsOnUnfinishedAndDailyJobs) {
  User ada = AddMember("ada");
  const int64_t day = 24 * 3600 * 1000;
  const int64_t now = 10 * day;
  auto create = [&](int64_t at, int max_unfinished, int max_per_day) {
    Generation g = MakeGeneration(at);
    g.owner_id = ada.id;
    return store_->CreateGeneration(
        g, {.now = at, .max_per_day = max_per_day, .max_unfinished = max_unfinished});
  };
  ASSERT_OK(create(now - day, 2, 0));  // exactly 24 hours old: outside the day
  ASSERT_OK(create(now - 1, 2, 3));
  auto full = create(now, 2, 0);
  ASSERT_EQ(CodeOf(full), ErrorCode::kResourceExhausted);
  EXPECT_NE(full.error().message.find("2 videos queued or in progress"), std::string::npos)
      << full.error().message;
  // Finishing one frees a place.
  Generation job = MustClaim(*store_, now);
  ASSERT_OK(store_->FailAttempt(job.id, job.lease_token, "x", "y", false, 0, now));
  ASSERT_OK(create(now, 2, 3));
  ASSERT_OK(create(now, 0, 3));
  auto daily = create(now, 0, 3);
  ASSERT_EQ(CodeOf(daily), ErrorCode::kResourceExhausted);
  EXPECT_NE(daily.error().message.find("3 videos in the last 24 hours"), std::string::npos)
      << daily.error().message;
  // Jobs without an owner have no limits.
  EXPECT_OK(store_->CreateGeneration(MakeGeneration(now),
                                     {.now = now, .max_per_day = 1, .max_unfinished = 1}));
}

TEST_P(StoreConformanceTest, ConcurrentCreatesStayWithinTheOwnersLimit) {
  User ada = AddMember("ada");
  constexpr int kThreads = 8;
  constexpr int kLimit = 3;
  std::vector<Generation> jobs;
  for (int i = 0; i < kThreads; ++i) {
    jobs.push_back(MakeGeneration(100 + i));
    jobs.back().owner_id = ada.id;
  }
  std::atomic<int> made{0}, refused{0};
  std::latch go(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      auto r = store_->CreateGeneration(jobs[i], {.now = 200, .max_per_day = kLimit});
      if (r.ok()) {
        made++;
      } else {
        EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted) << r.error().ToString();
        refused++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(made.load(), kLimit);
  EXPECT_EQ(refused.load(), kThreads - kLimit);
  EXPECT_EQ(store_->ListGenerations(ada.id, "", 100, true)->items.size(),
            static_cast<size_t>(kLimit));
}

TEST_P(StoreConformanceTest, ListGenerationsPagesBothWays) {
  User ada = AddMember("ada");
  User bob = AddMember("bob");
  std::vector<std::string> adas;
  for (int i = 0; i < 5; ++i) {
    Generation g = MakeGeneration(100 + i / 2);  // pairs share a millisecond: id breaks the tie
    g.owner_id = ada.id;
    ASSERT_OK(store_->CreateGeneration(g, {}));
    adas.push_back(g.id);
    Generation b = MakeGeneration(100 + i);
    b.owner_id = bob.id;
    ASSERT_OK(store_->CreateGeneration(b, {}));
  }
  const auto pages = [&](std::optional<std::string> owner, bool asc) {
    return Pages<Generation>(
        [&](const std::string& after) { return store_->ListGenerations(owner, after, 2, asc); });
  };
  auto asc = pages(ada.id, true);
  EXPECT_EQ(Sizes(asc), (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ(Ids(asc), adas);
  auto desc = pages(ada.id, false);
  std::vector<std::string> reversed(adas.rbegin(), adas.rend());
  EXPECT_EQ(Ids(desc), reversed);
  EXPECT_EQ(Ids(pages(std::nullopt, true)).size(), 10u);
  // `after` is any video's id.
  ASSERT_OK_AND_ASSIGN(auto from_middle, store_->ListGenerations(ada.id, adas[2], 10, true));
  EXPECT_EQ(Ids(from_middle.items), (std::vector<std::string>{adas[3], adas[4]}));
  EXPECT_EQ(from_middle.next, "");
  EXPECT_EQ(CodeOf(store_->ListGenerations(ada.id, NewId("video"), 10, true)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(store_->ListGenerations(ada.id, "", 0, true)), ErrorCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, DeletingAGenerationReleasesItsBlobs) {
  User ada = AddMember("ada");
  Generation g = MakeGeneration(1);
  g.input_key = BlobKey();
  ASSERT_OK(store_->CreateGeneration(g, {}));
  Generation job = MustClaim(*store_, 2);
  const GenerationMedia media{
      .content_key = BlobKey(), .thumbnail_key = BlobKey(), .spritesheet_key = BlobKey()};
  ASSERT_OK(store_->CompleteGeneration(g.id, job.lease_token, media, "{}", 3));
  // A video of the same render still holds the MP4.
  Video v = MakeVideo(ada.id, "draft");
  v.content_key = media.content_key;
  ASSERT_OK(store_->CreateVideo(v));
  // A remix of it keeps existing, without its source.
  Generation remix = MakeGeneration(4);
  remix.kind = GenerationKind::kRemix;
  remix.remixed_from = g.id;
  ASSERT_OK(store_->CreateGeneration(remix, {}));

  ASSERT_OK_AND_ASSIGN(auto released, store_->DeleteGeneration(g.id));
  EXPECT_EQ(AsSet(released),
            (std::set<std::string>{media.thumbnail_key, media.spritesheet_key, g.input_key}));
  EXPECT_EQ(CodeOf(store_->GetGeneration(g.id)), ErrorCode::kNotFound);
  EXPECT_TRUE(store_->ListAttempts(g.id)->empty());
  EXPECT_EQ(store_->GetGeneration(remix.id)->remixed_from, std::nullopt);
  EXPECT_EQ(CodeOf(store_->DeleteGeneration(g.id)), ErrorCode::kNotFound);
  EXPECT_EQ(store_->ReleaseBlob(media.content_key).value(), true);  // the video's, the last
}

TEST_P(StoreConformanceTest, CountByStatusCountsEveryStatus) {
  ASSERT_OK_AND_ASSIGN(auto empty, store_->CountByStatus());
  EXPECT_TRUE(empty.empty());
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(AddGeneration(i));
  std::vector<Generation> jobs;
  for (int i = 0; i < 4; ++i) jobs.push_back(MustClaim(*store_, 10));
  ASSERT_OK(store_->CompleteGeneration(ids[0], jobs[0].lease_token, {.content_key = BlobKey()},
                                       "{}", 11));
  ASSERT_OK(store_->CompleteGeneration(ids[1], jobs[1].lease_token, {.content_key = BlobKey()},
                                       "{}", 11));
  ASSERT_OK(store_->FailAttempt(ids[2], jobs[2].lease_token, "e", "m", false, 0, 12));
  ASSERT_OK(store_->RequestCancel(ids[5], 13));
  ASSERT_OK_AND_ASSIGN(auto counts, store_->CountByStatus());
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts,
            (std::vector<std::pair<GenerationStatus, int64_t>>{{GenerationStatus::kQueued, 1},
                                                               {GenerationStatus::kInProgress, 1},
                                                               {GenerationStatus::kCompleted, 2},
                                                               {GenerationStatus::kFailed, 1},
                                                               {GenerationStatus::kCancelled, 1}}));
}

}  // namespace
}  // namespace kinora::store::conformance
