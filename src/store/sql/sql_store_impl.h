// SqlStore: every repository of store/store.h over a sql::Pool. Private to
// src/store/sql; its definitions are split by repository across
// sql_store.cc (migrations, accounts), sql_generations.cc (generations), sql_graph.cc (graph,
// notifications) and sql_videos.cc (videos, likes, comments, blobs).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/sql/sql.h"
#include "store/store.h"

namespace kinora::store::sql {

// Prepares `text` on c and binds args in order.
template <typename... Args>
core::Result<Statement*> Query(Connection& c, std::string_view text, const Args&... args) {
  KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare(text));
  Bind(*s, args...);
  return s;
}

// Steps through the rest of s's rows, calling fn() at each.
template <typename Fn>
core::Status ForEachRow(Statement& s, Fn&& fn) {
  while (true) {
    KINORA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return core::Ok();
    fn();
  }
}

// Runs a statement whose current row was read to its end (RETURNING rows).
inline core::Status Finish(Statement& s) {
  return ForEachRow(s, [] {});
}

// Pages are read with limit + 1 rows: the extra row says there is more, and
// the last kept row's cursor(item) is where the next page starts.
template <typename T, typename Fn>
void TrimPage(Page<T>& page, int limit, Fn&& cursor) {
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next = cursor(page.items.back());
  }
}

// "created_at|id" keyset cursors for lists ordered by time then id.
std::string TimeCursor(int64_t time, const std::string& id);
core::Status ParseTimeCursor(const std::string& cursor, int64_t& time, std::string& id);

// The users columns in the order ReadUser expects, each prefixed by `table`.
std::string UserColumns(std::string_view table);
User ReadUser(const Statement& s, int first);
// The videos columns in the order ReadVideo expects.
std::string VideoColumns(std::string_view table);
Video ReadVideo(const Statement& s, int first);

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}

  // Store
  core::Result<MigrationPlan> PlanMigrations() override { return sql::PlanMigrations(*pool_); }
  core::Status Migrate() override { return sql::Migrate(*pool_); }
  std::string_view Backend() const override { return pool_->dialect().name; }

  // GenerationStore (sql_generations.cc)
  core::Result<CreatedGeneration> CreateGeneration(const Generation& g,
                                                   const CreateOptions& options) override;
  core::Result<Generation> GetGeneration(const std::string& id) override;
  core::Result<Page<Generation>> ListGenerations(const std::optional<std::string>& owner_id,
                                                 const std::string& after, int limit,
                                                 bool ascending) override;
  core::Result<std::vector<std::string>> DeleteGeneration(const std::string& id) override;
  core::Result<std::vector<GenerationAttempt>> ListAttempts(const std::string& id) override;
  core::Result<std::optional<Generation>> ClaimNextGeneration(const std::string& worker_id,
                                                              int64_t now, int64_t lease_ms,
                                                              int max_running_per_owner) override;
  core::Result<bool> Heartbeat(const std::string& id, const std::string& lease_token, int progress,
                               int64_t now, int64_t lease_ms) override;
  core::Status CompleteGeneration(const std::string& id, const std::string& lease_token,
                                  const GenerationMedia& media, const std::string& storyboard_json,
                                  int64_t now) override;
  core::Result<GenerationStatus> FailAttempt(const std::string& id, const std::string& lease_token,
                                             const std::string& code, const std::string& message,
                                             bool retryable, int64_t retry_at,
                                             int64_t now) override;
  core::Status ReleaseLease(const std::string& id, const std::string& lease_token,
                            int64_t now) override;
  core::Status MarkCancelled(const std::string& id, const std::string& lease_token,
                             int64_t now) override;
  core::Result<Generation> RequestCancel(const std::string& id, int64_t now) override;
  core::Result<LeaseRecovery> RequeueExpiredLeases(int64_t now) override;
  core::Result<LeaseRecovery> RecoverLeases(const std::string& worker_prefix, int64_t now) override;
  core::Result<std::vector<std::pair<GenerationStatus, int64_t>>> CountByStatus() override;

  // AccountStore
  core::Result<User> CreateUser(const NewUser& user) override;
  core::Result<User> GetUser(const std::string& id) override;
  core::Result<User> GetUserByHandle(const std::string& handle) override;
  core::Result<int64_t> CountUsers() override;
  core::Result<std::pair<User, std::string>> UpdateProfile(const std::string& id,
                                                           const std::string& display_name,
                                                           const std::string& bio,
                                                           const std::string& avatar_key) override;
  core::Status SetPasswordHash(const std::string& user_id, const std::string& hash) override;
  core::Status CreateSession(const Session& session) override;
  core::Result<Session> GetSession(const std::string& id) override;
  core::Status TouchSession(const std::string& id, int64_t now, int64_t expires_at) override;
  core::Result<std::vector<Session>> ListSessions(const std::string& user_id) override;
  core::Status DeleteSession(const std::string& user_id, const std::string& id) override;
  core::Result<int64_t> DeleteExpiredSessions(int64_t now) override;
  core::Status CreateApiKey(const ApiKey& key) override;
  core::Result<ApiKey> GetApiKeyByHash(const std::string& key_hash) override;
  core::Result<std::vector<ApiKey>> ListApiKeys(const std::optional<std::string>& user_id) override;
  core::Status RevokeApiKey(const std::optional<std::string>& user_id, const std::string& id,
                            int64_t now) override;
  core::Status TouchApiKey(const std::string& id, int64_t now) override;
  core::Status CreateInvites(const std::vector<Invite>& invites) override;
  core::Result<std::vector<Invite>> ListInvites(
      const std::optional<std::string>& created_by) override;
  core::Result<Invite> GetInvite(const std::string& code) override;
  core::Status JoinWaitlist(const WaitlistEntry& entry) override;
  core::Result<WaitlistEntry> GetWaitlistEntry(const std::string& id) override;
  core::Result<Page<WaitlistEntry>> ListWaitlist(bool waiting_only, const std::string& after,
                                                 int limit) override;
  core::Result<WaitlistEntry> AdmitWaitlistEntry(const std::string& id,
                                                 const Invite& invite) override;

  // GraphStore
  core::Result<FollowResult> Follow(const std::string& follower, const std::string& followee,
                                    int64_t now) override;
  core::Result<bool> Unfollow(const std::string& follower, const std::string& followee) override;
  core::Result<Page<FollowEdge>> ListFollowers(const std::string& user_id, const std::string& after,
                                               int limit) override;
  core::Result<Page<FollowEdge>> ListFollowing(const std::string& user_id, const std::string& after,
                                               int limit) override;
  core::Result<Page<FollowEdge>> ListMutuals(const std::string& user_id, const std::string& after,
                                             int limit) override;
  core::Result<Relationship> GetRelationship(const std::string& viewer,
                                             const std::string& other) override;
  core::Result<bool> Block(const std::string& blocker, const std::string& blocked,
                           int64_t now) override;
  core::Result<bool> Unblock(const std::string& blocker, const std::string& blocked) override;
  core::Result<bool> Mute(const std::string& muter, const std::string& muted, int64_t now) override;
  core::Result<bool> Unmute(const std::string& muter, const std::string& muted) override;
  core::Result<std::vector<std::string>> BlockSet(const std::string& user_id) override;
  core::Result<Page<FollowEdge>> ListBlocked(const std::string& user_id, const std::string& after,
                                             int limit) override;
  core::Result<Page<FollowEdge>> ListMuted(const std::string& user_id, const std::string& after,
                                           int limit) override;

  // VideoStore
  core::Status CreateVideo(const Video& video) override;
  core::Result<Video> GetVideo(const std::string& id) override;
  core::Result<Video> GetVideoByGeneration(const std::string& generation_id) override;
  core::Result<Video> UpdateVideo(const std::string& id, const std::string& visibility,
                                  const std::string& caption, int64_t now) override;
  core::Status SetVideoTags(const std::string& id, const std::vector<std::string>& tags) override;
  core::Result<std::vector<std::string>> DeleteVideo(const std::string& id) override;
  core::Result<Page<Video>> ListVideosByOwner(const std::string& owner_id,
                                              const std::vector<std::string>& visibilities,
                                              const std::string& after, int limit) override;
  core::Result<Page<Video>> ListLikedVideos(const std::string& user_id, const std::string& after,
                                            int limit) override;
  core::Result<Page<Video>> ListVideosCasting(const std::string& user_id, const std::string& after,
                                              int limit) override;
  core::Result<bool> Like(const std::string& user_id, const std::string& video_id,
                          int64_t now) override;
  core::Result<bool> Unlike(const std::string& user_id, const std::string& video_id) override;
  core::Result<bool> IsLiked(const std::string& user_id, const std::string& video_id) override;
  core::Result<std::vector<std::string>> LikedAmong(
      const std::string& user_id, const std::vector<std::string>& video_ids) override;
  core::Status AddView(const std::string& video_id) override;
  core::Status AddComment(const Comment& comment) override;
  core::Result<Comment> GetComment(const std::string& id) override;
  core::Result<Page<Comment>> ListComments(const std::string& video_id, const std::string& viewer,
                                           const std::string& after, int limit) override;
  core::Status DeleteComment(const std::string& id) override;
  core::Status AcquireBlob(const std::string& key) override;
  core::Result<bool> ReleaseBlob(const std::string& key) override;

  // NotificationStore
  core::Result<Notification> AddNotification(const Notification& n) override;
  core::Result<Page<Notification>> ListNotifications(const std::string& user_id, bool unread_only,
                                                     const std::string& after, int limit) override;
  core::Result<std::vector<Notification>> NotificationsSince(const std::string& user_id,
                                                             int64_t after_id, int limit) override;
  core::Result<int64_t> MarkNotificationsRead(const std::string& user_id, int64_t up_to_id,
                                              int64_t now) override;
  core::Result<int64_t> CountUnread(const std::string& user_id) override;

  // WebhookStore (sql_webhooks.cc)
  core::Status CreateWebhookEndpoint(const WebhookEndpoint& endpoint) override;
  core::Result<WebhookEndpoint> GetWebhookEndpoint(const std::string& id) override;
  core::Result<std::vector<WebhookEndpoint>> ListWebhookEndpoints(
      const std::optional<std::string>& owner_id) override;
  core::Result<std::vector<WebhookEndpoint>> WebhookTargets(
      const std::optional<std::string>& owner_id) override;
  core::Status SetWebhookSecret(const std::string& id, const std::string& secret) override;
  core::Status DeleteWebhookEndpoint(const std::string& id) override;
  core::Status EnqueueWebhookDeliveries(const std::vector<WebhookDelivery>& deliveries) override;
  core::Result<std::vector<ClaimedDelivery>> ClaimWebhookDeliveries(int64_t now, int64_t lease_ms,
                                                                    int limit) override;
  core::Status RecordWebhookAttempt(const WebhookAttempt& a, DeliveryStatus outcome,
                                    int64_t next_attempt_at) override;
  core::Result<Page<WebhookDelivery>> ListWebhookDeliveries(const std::string& endpoint_id,
                                                            const std::string& after,
                                                            int limit) override;

  // CharacterStore (sql_characters.cc)
  core::Status CreateCharacter(const Character& character) override;
  core::Result<Character> GetCharacter(const std::string& id) override;
  core::Result<Page<Character>> ListCharacters(const std::optional<std::string>& owner_id,
                                               const std::string& after, int limit) override;
  core::Result<std::vector<std::string>> DeleteCharacter(const std::string& id) override;

 private:
  // Lists of members joined through an edge table (follows, blocks, mutes).
  core::Result<Page<FollowEdge>> ListEdges(std::string_view first_page_sql,
                                           std::string_view next_page_sql,
                                           const std::string& user_id, const std::string& after,
                                           int limit);
  core::Result<Page<Video>> ListVideos(std::string_view first_page_sql,
                                       std::string_view next_page_sql, const std::string& key,
                                       const std::string& after, int limit, bool time_cursor);
  // Takes back in-progress jobs: those of workers whose id starts with
  // worker_prefix, else those whose lease expired by now.
  core::Result<LeaseRecovery> Recover(const std::optional<std::string>& worker_prefix, int64_t now);
  // Within a write transaction: one more reference on key.
  static core::Status Acquire(Connection& c, const std::string& key);
  // Within a write transaction: one reference fewer; true when it was the last.
  static core::Result<bool> Release(Connection& c, const std::string& key);

  std::unique_ptr<Pool> pool_;
};

}  // namespace kinora::store::sql
