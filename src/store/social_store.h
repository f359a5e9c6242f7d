// The social platform's repositories: accounts (members, sessions, API keys,
// invites, the waitlist), the graph (follows, blocks, mutes), videos as
// social objects (likes, comments, views, blob references) and
// notifications.
//
// These are data access, not policy: validation and authorization live in
// the domain layer (src/social). Each method is atomic — the counters it
// maintains change in the same transaction as the rows they count — and
// implementations are thread-safe. Times are Unix milliseconds. Lists are
// keyset-paginated: pass the previous page's `next` as `after` ("" for the
// first page); `next` is empty on the last page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace kinora::store {

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next;  // opaque position after the last item; empty when done
};

struct User {
  std::string id;      // "user_…"
  std::string handle;  // lowercase, unique
  std::string display_name;
  std::string bio;
  std::string avatar_key;  // blob key or ""
  std::string birthdate;   // "YYYY-MM-DD"
  std::string country;     // ISO 3166-1 alpha-2, uppercase
  std::string password_hash;
  std::string role = "member";  // "member" | "admin"
  int64_t follower_count = 0;
  int64_t following_count = 0;
  int64_t video_count = 0;  // posted videos
  int64_t created_at = 0;
};

struct NewUser {
  User user;                               // role is decided by CreateUser
  std::string invite_code;                 // consumed atomically; may be empty for the first member
  std::vector<std::string> starter_codes;  // invite codes the new member receives
  bool first_member_is_admin = true;       // an empty installation's first member needs no invite
  bool invite_required = true;             // false: anyone may join (a private installation)
};

struct Session {
  std::string id;  // SHA-256 of the cookie token, hex
  std::string user_id;
  std::string csrf_token;
  std::string user_agent;
  std::string ip;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
};

struct ApiKey {
  std::string id;                      // "key_…"
  std::optional<std::string> user_id;  // nullopt: an installation (admin) key
  std::string name;
  std::string prefix;    // the key's first characters, for recognising it in lists
  std::string key_hash;  // SHA-256 of the key, hex
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> revoked_at;
};

struct Invite {
  std::string code;
  std::optional<std::string> created_by;  // nullopt: an administrator
  int64_t created_at = 0;
  std::optional<std::string> used_by;
  std::optional<int64_t> used_at;
};

struct WaitlistEntry {
  std::string id;     // "wait_…"; doubles as the entrant's status token
  std::string email;  // lowercase
  std::string country;
  std::string note;
  int64_t created_at = 0;
  std::string invite_code;  // set when admitted
  std::optional<int64_t> admitted_at;
};

struct FollowEdge {
  User user;  // the follower (in a followers list) or the followee (following)
  int64_t since = 0;
};

struct Relationship {
  bool following = false;    // viewer follows other
  bool followed_by = false;  // other follows viewer
  bool blocking = false;     // viewer blocks other
  bool blocked_by = false;   // other blocks viewer
  bool muting = false;       // viewer mutes other
};

enum class FollowResult { kCreated, kAlreadyFollowing, kBlocked };

struct CastMember {
  std::string cameo_id;
  std::string owner_id;  // the member whose likeness the cameo is
};

struct Video {
  std::string id;  // "video_…"
  std::string owner_id;
  std::string generation_id;
  std::string prompt;
  std::string caption;
  std::string storyboard_json;
  std::string visibility = "draft";  // "draft" | "posted" | "unlisted"
  std::optional<std::string> remix_of;
  std::string content_key;    // blob key of the MP4
  std::string thumbnail_key;  // blob key or ""
  int seconds = 0;
  int width = 0;
  int height = 0;
  int64_t like_count = 0;
  int64_t comment_count = 0;
  int64_t view_count = 0;
  int64_t remix_count = 0;
  int64_t created_at = 0;
  std::optional<int64_t> posted_at;
  std::vector<CastMember> cast;
  std::vector<std::string> tags;
};

struct Comment {
  std::string id;  // "cmt_…"
  std::string video_id;
  std::string author_id;
  std::string body;
  int64_t created_at = 0;
  // Filled when read: who wrote it.
  std::string author_handle;
  std::string author_display_name;
  std::string author_avatar_key;
};

struct Notification {
  int64_t id = 0;       // assigned by the store, increasing
  std::string user_id;  // recipient
  std::string kind;     // "follow", "like", "comment", "remix", "generation", "cameo"
  std::optional<std::string> actor_id;
  std::optional<std::string> video_id;
  std::optional<std::string> comment_id;
  std::string text;  // optional detail (an error, a comment excerpt)
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
  // Filled when read: the actor's handle and name.
  std::string actor_handle;
  std::string actor_display_name;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Creates a member in one transaction: consumes the invite (kFailedPrecondition
  // when it is unknown or used; kFailedPrecondition when one is needed and
  // absent), inserts the member (kAlreadyExists when the handle is taken) and
  // their starter invites. Returns the member as stored, role included.
  virtual core::Result<User> CreateUser(const NewUser& user) = 0;
  virtual core::Result<User> GetUser(const std::string& id) = 0;
  virtual core::Result<User> GetUserByHandle(const std::string& handle) = 0;
  virtual core::Result<int64_t> CountUsers() = 0;
  // Sets the profile fields; moves the avatar's blob reference. Returns the
  // member and, when the old avatar lost its last reference, its key.
  virtual core::Result<std::pair<User, std::string>> UpdateProfile(
      const std::string& id, const std::string& display_name, const std::string& bio,
      const std::string& avatar_key) = 0;
  virtual core::Status SetPasswordHash(const std::string& user_id, const std::string& hash) = 0;

  virtual core::Status CreateSession(const Session& session) = 0;
  virtual core::Result<Session> GetSession(const std::string& id) = 0;
  virtual core::Status TouchSession(const std::string& id, int64_t now, int64_t expires_at) = 0;
  virtual core::Result<std::vector<Session>> ListSessions(const std::string& user_id) = 0;
  // kNotFound when the member has no such session.
  virtual core::Status DeleteSession(const std::string& user_id, const std::string& id) = 0;
  virtual core::Result<int64_t> DeleteExpiredSessions(int64_t now) = 0;

  virtual core::Status CreateApiKey(const ApiKey& key) = 0;
  virtual core::Result<ApiKey> GetApiKeyByHash(const std::string& key_hash) = 0;
  // A member's keys, or the installation's when user_id is nullopt.
  virtual core::Result<std::vector<ApiKey>> ListApiKeys(
      const std::optional<std::string>& user_id) = 0;
  // kNotFound when the owner has no such live key.
  virtual core::Status RevokeApiKey(const std::optional<std::string>& user_id,
                                    const std::string& id, int64_t now) = 0;
  virtual core::Status TouchApiKey(const std::string& id, int64_t now) = 0;

  virtual core::Status CreateInvites(const std::vector<Invite>& invites) = 0;
  virtual core::Result<std::vector<Invite>> ListInvites(
      const std::optional<std::string>& created_by) = 0;
  virtual core::Result<Invite> GetInvite(const std::string& code) = 0;

  // kAlreadyExists when the email is already waiting.
  virtual core::Status JoinWaitlist(const WaitlistEntry& entry) = 0;
  virtual core::Result<WaitlistEntry> GetWaitlistEntry(const std::string& id) = 0;
  virtual core::Result<Page<WaitlistEntry>> ListWaitlist(bool waiting_only,
                                                         const std::string& after, int limit) = 0;
  // Stores the invite and links it to the entry; kFailedPrecondition when
  // the entry was already admitted.
  virtual core::Result<WaitlistEntry> AdmitWaitlistEntry(const std::string& id,
                                                         const Invite& invite) = 0;
};

class GraphStore {
 public:
  virtual ~GraphStore() = default;

  virtual core::Result<FollowResult> Follow(const std::string& follower,
                                            const std::string& followee, int64_t now) = 0;
  // True when a follow was removed.
  virtual core::Result<bool> Unfollow(const std::string& follower, const std::string& followee) = 0;
  virtual core::Result<Page<FollowEdge>> ListFollowers(const std::string& user_id,
                                                       const std::string& after, int limit) = 0;
  virtual core::Result<Page<FollowEdge>> ListFollowing(const std::string& user_id,
                                                       const std::string& after, int limit) = 0;
  // Members who follow user_id and whom user_id follows.
  virtual core::Result<Page<FollowEdge>> ListMutuals(const std::string& user_id,
                                                     const std::string& after, int limit) = 0;
  virtual core::Result<Relationship> GetRelationship(const std::string& viewer,
                                                     const std::string& other) = 0;
  // Blocking removes follows both ways. True when the block is new.
  virtual core::Result<bool> Block(const std::string& blocker, const std::string& blocked,
                                   int64_t now) = 0;
  virtual core::Result<bool> Unblock(const std::string& blocker, const std::string& blocked) = 0;
  virtual core::Result<bool> Mute(const std::string& muter, const std::string& muted,
                                  int64_t now) = 0;
  virtual core::Result<bool> Unmute(const std::string& muter, const std::string& muted) = 0;
  // Everyone the member blocks or is blocked by.
  virtual core::Result<std::vector<std::string>> BlockSet(const std::string& user_id) = 0;
  virtual core::Result<Page<FollowEdge>> ListBlocked(const std::string& user_id,
                                                     const std::string& after, int limit) = 0;
  virtual core::Result<Page<FollowEdge>> ListMuted(const std::string& user_id,
                                                   const std::string& after, int limit) = 0;
};

class VideoStore {
 public:
  virtual ~VideoStore() = default;

  // Inserts the video with its cast and tags and takes references on its blobs.
  virtual core::Status CreateVideo(const Video& video) = 0;
  virtual core::Result<Video> GetVideo(const std::string& id) = 0;
  virtual core::Result<Video> GetVideoByGeneration(const std::string& generation_id) = 0;
  // Changes visibility and caption, keeping the owner's posted count right.
  virtual core::Result<Video> UpdateVideo(const std::string& id, const std::string& visibility,
                                          const std::string& caption, int64_t now) = 0;
  // Replaces the video's tags.
  virtual core::Status SetVideoTags(const std::string& id,
                                    const std::vector<std::string>& tags) = 0;
  // Deletes the video and everything hanging off it; returns the blob keys
  // that lost their last reference (the caller removes the files).
  virtual core::Result<std::vector<std::string>> DeleteVideo(const std::string& id) = 0;

  // A member's videos with one of the given visibilities, newest first.
  virtual core::Result<Page<Video>> ListVideosByOwner(const std::string& owner_id,
                                                      const std::vector<std::string>& visibilities,
                                                      const std::string& after, int limit) = 0;
  // Videos the member liked, most recent like first.
  virtual core::Result<Page<Video>> ListLikedVideos(const std::string& user_id,
                                                    const std::string& after, int limit) = 0;
  // Videos whose cast includes one of the member's cameos, newest first.
  virtual core::Result<Page<Video>> ListVideosCasting(const std::string& user_id,
                                                      const std::string& after, int limit) = 0;

  // True when the like is new.
  virtual core::Result<bool> Like(const std::string& user_id, const std::string& video_id,
                                  int64_t now) = 0;
  virtual core::Result<bool> Unlike(const std::string& user_id, const std::string& video_id) = 0;
  virtual core::Result<bool> IsLiked(const std::string& user_id, const std::string& video_id) = 0;
  // Which of video_ids (at most 100) the member liked.
  virtual core::Result<std::vector<std::string>> LikedAmong(
      const std::string& user_id, const std::vector<std::string>& video_ids) = 0;
  virtual core::Status AddView(const std::string& video_id) = 0;

  virtual core::Status AddComment(const Comment& comment) = 0;
  virtual core::Result<Comment> GetComment(const std::string& id) = 0;
  // Oldest first; comments by members who block or are blocked by `viewer`
  // are left out (viewer may be empty).
  virtual core::Result<Page<Comment>> ListComments(const std::string& video_id,
                                                   const std::string& viewer,
                                                   const std::string& after, int limit) = 0;
  virtual core::Status DeleteComment(const std::string& id) = 0;

  // Blob references for media not owned by a video row (avatars, uploads).
  virtual core::Status AcquireBlob(const std::string& key) = 0;
  // True when that was the last reference (the caller removes the file).
  virtual core::Result<bool> ReleaseBlob(const std::string& key) = 0;
};

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;

  // Stores the notification; returns it with its id.
  virtual core::Result<Notification> AddNotification(const Notification& n) = 0;
  // Newest first; `after` is a previous page's `next`.
  virtual core::Result<Page<Notification>> ListNotifications(const std::string& user_id,
                                                             bool unread_only,
                                                             const std::string& after,
                                                             int limit) = 0;
  // Oldest first, those with id > after_id (for live streams).
  virtual core::Result<std::vector<Notification>> NotificationsSince(const std::string& user_id,
                                                                     int64_t after_id,
                                                                     int limit) = 0;
  // Marks read those with id ≤ up_to_id (all when 0); returns how many changed.
  virtual core::Result<int64_t> MarkNotificationsRead(const std::string& user_id, int64_t up_to_id,
                                                      int64_t now) = 0;
  virtual core::Result<int64_t> CountUnread(const std::string& user_id) = 0;
};

}  // namespace kinora::store
