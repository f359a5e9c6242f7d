// GenerationStore: the durable queue of video generation jobs.
//
// A generation moves queued → in_progress → completed | failed | cancelled,
// and back from in_progress to queued when an attempt fails with a
// retryable error, when its worker gives it back, or when its worker is
// lost. Workers take jobs under a lease: ClaimNextGeneration() hands out a
// fresh lease token that every later step of the attempt must present
// (fencing), and the lease must be renewed by Heartbeat() before it
// expires. A job whose lease expired is taken back by RequeueExpiredLeases()
// and its token stops working, so a worker that stalled and woke up later
// can never finish a job another worker now owns, nor finish one twice.
// Every attempt is recorded with its outcome and reason.
//
// Times are Unix milliseconds. Rows survive restarts; many processes may
// share one database (PostgreSQL). Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/social_store.h"

namespace kinora::store {

enum class GenerationStatus { kQueued, kInProgress, kCompleted, kFailed, kCancelled };

std::string_view GenerationStatusName(GenerationStatus status);  // "queued", "in_progress", …
std::optional<GenerationStatus> ParseGenerationStatus(std::string_view name);

// What a job makes: a new video, or one derived from an earlier video.
enum class GenerationKind { kCreate, kRemix, kExtension, kEdit };

std::string_view GenerationKindName(GenerationKind kind);  // "create", "remix", …
std::optional<GenerationKind> ParseGenerationKind(std::string_view name);

struct Generation {
  std::string id;
  std::optional<std::string> owner_id;  // the member who asked; nullopt for installation keys
  GenerationStatus status = GenerationStatus::kQueued;
  GenerationKind kind = GenerationKind::kCreate;
  std::optional<std::string> remixed_from;  // the source generation of a remix/extension/edit
  int progress = 0;                         // 0–100
  std::string model;
  std::string prompt;
  int seconds = 4;
  int width = 720;
  int height = 1280;
  uint64_t seed = 0;
  std::string storyboard_json;  // the input storyboard if given, else the plan once made
  std::string input_key;        // blob key of an input reference image; '' if none
  std::string content_key;      // blob keys of the finished MP4 and its previews; '' until then
  std::string thumbnail_key;
  std::string spritesheet_key;
  std::string error_code;     // set when failed
  std::string error_message;  // set when failed
  std::string last_error;     // why the latest attempt failed or was lost; '' if none did
  int priority = 0;           // higher runs first
  int attempts = 0;           // attempts that counted against max_attempts
  int max_attempts = 3;
  int64_t available_at = 0;  // not claimable before (retry backoff)
  bool cancel_requested = false;
  std::string lease_owner;       // the worker holding the job while in progress, else ''
  int64_t lease_expires_at = 0;  // while in progress
  // Only in what ClaimNextGeneration() returns: the new lease's token. Reads
  // never return it, so it cannot leak through the API.
  std::string lease_token;
  int64_t created_at = 0;
  std::optional<int64_t> started_at;    // the current or latest attempt's start
  std::optional<int64_t> completed_at;  // when it reached completed, failed or cancelled
};

// How CreateGeneration() guards a new job.
struct CreateOptions {
  // Idempotency: a second create with the same scope and key returns the
  // first job instead of making another, if request_hash matches; a
  // different hash is an error. No key: no idempotency.
  std::string idempotency_scope;  // whose key it is (e.g. the principal)
  std::string idempotency_key;
  std::string request_hash;  // a digest of the normalized request
  int64_t now = 0;
  // Limits on the job's owner (none for jobs without an owner); 0: no limit.
  int max_per_day = 0;     // jobs created in the 24 hours before now
  int max_unfinished = 0;  // jobs queued or in progress
};

struct CreatedGeneration {
  Generation generation;
  bool replayed = false;  // true: an earlier create with the same idempotency key
};

// The files of a finished job (blob keys; '' for a preview that could not be made).
struct GenerationMedia {
  std::string content_key;
  std::string thumbnail_key;
  std::string spritesheet_key;
};

// One attempt at a job, as recorded in generation_attempts.
struct GenerationAttempt {
  std::string generation_id;
  int attempt = 0;  // 1, 2, … in the order they started
  std::string worker;
  int64_t started_at = 0;
  std::optional<int64_t> ended_at;  // nullopt while it runs
  // '' while it runs, else completed | failed | retry | lost | released | cancelled.
  std::string outcome;
  std::string reason;
};

// What RequeueExpiredLeases() and RecoverLeases() did.
struct LeaseRecovery {
  int requeued = 0;                     // back in the queue for another attempt
  std::vector<std::string> failed_ids;  // out of attempts: now failed ("worker_lost")
};

class GenerationStore {
 public:
  virtual ~GenerationStore() = default;

  // In one write transaction: replays an idempotent create, checks the
  // owner's limits (kResourceExhausted), inserts `g` as queued and takes a
  // reference on its input_key. Concurrent creates of one owner or one
  // idempotency key take turns, so limits hold under concurrency. An
  // idempotency key reused with a different request_hash is
  // kFailedPrecondition; an existing id is kAlreadyExists.
  virtual core::Result<CreatedGeneration> CreateGeneration(const Generation& g,
                                                           const CreateOptions& options) = 0;
  virtual core::Result<Generation> GetGeneration(const std::string& id) = 0;
  // Jobs ordered by created_at then id, ascending or descending, after the
  // job `after` (an id; '' for the first page); nullopt owner: everyone's.
  // The page's `next` is the id to pass as `after` for the next page.
  virtual core::Result<Page<Generation>> ListGenerations(const std::optional<std::string>& owner_id,
                                                         const std::string& after, int limit,
                                                         bool ascending) = 0;
  // Deletes the job whatever its status (the caller decides the policy) with
  // its attempts and idempotency keys; returns the blob keys whose last
  // reference it dropped, for the caller to remove.
  virtual core::Result<std::vector<std::string>> DeleteGeneration(const std::string& id) = 0;
  virtual core::Result<std::vector<GenerationAttempt>> ListAttempts(const std::string& id) = 0;

  // Takes the next claimable job for `worker_id` under a new lease of
  // lease_ms: the highest priority first, then the oldest; never one whose
  // available_at is after now, nor one of an owner already running
  // max_running_per_owner jobs (0: no cap; on PostgreSQL concurrent claims
  // may briefly exceed it by the number of claiming workers). Records the
  // attempt. nullopt when nothing is claimable.
  virtual core::Result<std::optional<Generation>> ClaimNextGeneration(
      const std::string& worker_id, int64_t now, int64_t lease_ms, int max_running_per_owner) = 0;
  // Renews the lease until now + lease_ms and records progress; returns
  // whether a cancel was requested. kFailedPrecondition "lease lost" when
  // the token is not the job's current one or the lease has expired: the
  // worker must abandon the job.
  virtual core::Result<bool> Heartbeat(const std::string& id, const std::string& lease_token,
                                       int progress, int64_t now, int64_t lease_ms) = 0;

  // The steps that end an attempt. Each is fenced by the lease token: a
  // token that is not the job's current one is kFailedPrecondition "lease
  // lost" and changes nothing; an unknown id is kNotFound. A lease past its
  // expiry still works until the reaper takes the job back.
  //
  // completed; takes a reference on every non-empty media key.
  virtual core::Status CompleteGeneration(const std::string& id, const std::string& lease_token,
                                          const GenerationMedia& media,
                                          const std::string& storyboard_json, int64_t now) = 0;
  // Retryable with attempts left: back to queued, claimable from retry_at,
  // with last_error "code: message". Otherwise failed with the code and
  // message. A job whose cancel was requested becomes cancelled instead of
  // retrying. Returns the job's new status.
  virtual core::Result<GenerationStatus> FailAttempt(const std::string& id,
                                                     const std::string& lease_token,
                                                     const std::string& code,
                                                     const std::string& message, bool retryable,
                                                     int64_t retry_at, int64_t now) = 0;
  // Gives the job back (graceful shutdown): queued again at once, and the
  // attempt does not count against max_attempts; cancelled instead when a
  // cancel was requested.
  virtual core::Status ReleaseLease(const std::string& id, const std::string& lease_token,
                                    int64_t now) = 0;
  // The worker stopped the job because its cancel was requested.
  virtual core::Status MarkCancelled(const std::string& id, const std::string& lease_token,
                                     int64_t now) = 0;

  // A queued job is cancelled at once; an in-progress one gets
  // cancel_requested (its worker sees it at the next heartbeat); a finished
  // one is unchanged. Returns the job as it is now.
  virtual core::Result<Generation> RequestCancel(const std::string& id, int64_t now) = 0;

  // Jobs in progress whose lease expired go back to the queue with
  // last_error "worker lost (lease expired)", or to failed ("worker_lost")
  // when that was their last attempt. Each lost attempt is recorded.
  virtual core::Result<LeaseRecovery> RequeueExpiredLeases(int64_t now) = 0;
  // The same for every job leased by a worker whose id starts with
  // worker_prefix, expired or not: a restarted server takes back what its
  // own workers held when it died.
  virtual core::Result<LeaseRecovery> RecoverLeases(const std::string& worker_prefix,
                                                    int64_t now) = 0;

  // Number of jobs in each status, for metrics.
  virtual core::Result<std::vector<std::pair<GenerationStatus, int64_t>>> CountByStatus() = 0;
};

}  // namespace kinora::store
