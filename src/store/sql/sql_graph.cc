// SqlStore: follows, blocks, mutes and notifications.
#include <charconv>

#include "core/parse.h"
#include "store/sql/sql_store_impl.h"

namespace kinora::store::sql {
namespace {

// Adds delta to a member's counter column.
core::Status Bump(Connection& c, std::string_view column, const std::string& user_id, int delta) {
  const std::string sql = "UPDATE users SET " + std::string(column) + " = " + std::string(column) +
                          (delta > 0 ? " + 1" : " - 1") + " WHERE id = ?";
  KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, sql, user_id));
  KINORA_RETURN_IF_ERROR(s->Run());
  return core::Ok();
}

// Deletes the follow a → b if present, keeping both counters right.
core::Status RemoveFollow(Connection& c, const std::string& a, const std::string& b,
                          bool* removed) {
  KINORA_ASSIGN_OR_RETURN(
      Statement * s,
      Query(c, "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?", a, b));
  KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
  if (n > 0) {
    KINORA_RETURN_IF_ERROR(Bump(c, "following_count", a, -1));
    KINORA_RETURN_IF_ERROR(Bump(c, "follower_count", b, -1));
  }
  if (removed) *removed = n > 0;
  return core::Ok();
}

// SELECT <time>, <user columns> FROM <edges> JOIN users …, first and next page.
struct EdgeQuery {
  std::string first, next;
};

EdgeQuery MakeEdgeQuery(std::string_view table, std::string_view owner_col,
                        std::string_view other_col) {
  const std::string base = "SELECT e.created_at, " + UserColumns("u.") + " FROM " +
                           std::string(table) + " e JOIN users u ON u.id = e." +
                           std::string(other_col) + " WHERE e." + std::string(owner_col) + " = ?";
  const std::string order =
      " ORDER BY e.created_at DESC, e." + std::string(other_col) + " DESC LIMIT ?";
  return {base + order,
          base + " AND (e.created_at, e." + std::string(other_col) + ") < (?, ?)" + order};
}

constexpr std::string_view kNotificationSelect =
    "SELECT n.id, n.user_id, n.kind, n.actor_id, n.video_id, n.comment_id, n.text, "
    "n.created_at, n.read_at, COALESCE(u.handle, ''), COALESCE(u.display_name, '') "
    "FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.user_id = ?";

Notification ReadNotification(const Statement& s) {
  Notification n;
  n.id = s.Int(0);
  n.user_id = s.Text(1);
  n.kind = s.Text(2);
  if (!s.IsNull(3)) n.actor_id = s.Text(3);
  if (!s.IsNull(4)) n.video_id = s.Text(4);
  if (!s.IsNull(5)) n.comment_id = s.Text(5);
  n.text = s.Text(6);
  n.created_at = s.Int(7);
  n.read_at = s.OptionalInt(8);
  n.actor_handle = s.Text(9);
  n.actor_display_name = s.Text(10);
  return n;
}

}  // namespace

core::Result<FollowResult> SqlStore::Follow(const std::string& follower,
                                            const std::string& followee, int64_t now) {
  FollowResult result = FollowResult::kCreated;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * b,
        Query(c,
              "SELECT COUNT(*) FROM blocks WHERE (blocker_id = ? AND blocked_id = ?) "
              "OR (blocker_id = ? AND blocked_id = ?)",
              follower, followee, followee, follower));
    KINORA_ASSIGN_OR_RETURN(bool row, b->Step());
    if (row && b->Int(0) > 0) {
      result = FollowResult::kBlocked;
      return core::Ok();
    }
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT DO NOTHING",
              follower, followee, now));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) {
      result = FollowResult::kAlreadyFollowing;
      return core::Ok();
    }
    KINORA_RETURN_IF_ERROR(Bump(c, "following_count", follower, +1));
    return Bump(c, "follower_count", followee, +1);
  }));
  return result;
}

core::Result<bool> SqlStore::Unfollow(const std::string& follower, const std::string& followee) {
  bool removed = false;
  KINORA_RETURN_IF_ERROR(
      pool_->Write([&](Connection& c) { return RemoveFollow(c, follower, followee, &removed); }));
  return removed;
}

core::Result<Page<FollowEdge>> SqlStore::ListEdges(std::string_view first_page_sql,
                                                   std::string_view next_page_sql,
                                                   const std::string& user_id,
                                                   const std::string& after, int limit) {
  int64_t t = 0;
  std::string id;
  if (!after.empty()) KINORA_RETURN_IF_ERROR(ParseTimeCursor(after, t, id));
  Page<FollowEdge> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (after.empty()) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, first_page_sql, user_id, limit + 1));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, next_page_sql, user_id, t, id, limit + 1));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] {
      page.items.push_back({ReadUser(*s, 1), s->Int(0)});
    }));
    return core::Ok();
  }));
  TrimPage(page, limit, [](const FollowEdge& e) { return TimeCursor(e.since, e.user.id); });
  return page;
}

core::Result<Page<FollowEdge>> SqlStore::ListFollowers(const std::string& user_id,
                                                       const std::string& after, int limit) {
  static const EdgeQuery q = MakeEdgeQuery("follows", "followee_id", "follower_id");
  return ListEdges(q.first, q.next, user_id, after, limit);
}

core::Result<Page<FollowEdge>> SqlStore::ListFollowing(const std::string& user_id,
                                                       const std::string& after, int limit) {
  static const EdgeQuery q = MakeEdgeQuery("follows", "follower_id", "followee_id");
  return ListEdges(q.first, q.next, user_id, after, limit);
}

core::Result<Page<FollowEdge>> SqlStore::ListMutuals(const std::string& user_id,
                                                     const std::string& after, int limit) {
  // Follows of user_id whose followee follows back.
  static const EdgeQuery q = [] {
    const std::string base =
        "SELECT e.created_at, " + UserColumns("u.") +
        " FROM follows e JOIN follows back ON back.follower_id = e.followee_id AND "
        "back.followee_id = e.follower_id JOIN users u ON u.id = e.followee_id "
        "WHERE e.follower_id = ?";
    const std::string order = " ORDER BY e.created_at DESC, e.followee_id DESC LIMIT ?";
    return EdgeQuery{base + order, base + " AND (e.created_at, e.followee_id) < (?, ?)" + order};
  }();
  return ListEdges(q.first, q.next, user_id, after, limit);
}

core::Result<Relationship> SqlStore::GetRelationship(const std::string& viewer,
                                                     const std::string& other) {
  Relationship r;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "SELECT (SELECT COUNT(*) FROM follows WHERE follower_id = ? AND followee_id = ?), "
              "(SELECT COUNT(*) FROM follows WHERE follower_id = ? AND followee_id = ?), "
              "(SELECT COUNT(*) FROM blocks WHERE blocker_id = ? AND blocked_id = ?), "
              "(SELECT COUNT(*) FROM blocks WHERE blocker_id = ? AND blocked_id = ?), "
              "(SELECT COUNT(*) FROM mutes WHERE muter_id = ? AND muted_id = ?)",
              viewer, other, other, viewer, viewer, other, other, viewer, viewer, other));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::Internal("relationship query returned no row");
    r.following = s->Int(0) > 0;
    r.followed_by = s->Int(1) > 0;
    r.blocking = s->Int(2) > 0;
    r.blocked_by = s->Int(3) > 0;
    r.muting = s->Int(4) > 0;
    return core::Ok();
  }));
  return r;
}

core::Result<bool> SqlStore::Block(const std::string& blocker, const std::string& blocked,
                                   int64_t now) {
  bool created = false;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT DO NOTHING",
              blocker, blocked, now));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    created = n > 0;
    KINORA_RETURN_IF_ERROR(RemoveFollow(c, blocker, blocked, nullptr));
    return RemoveFollow(c, blocked, blocker, nullptr);
  }));
  return created;
}

namespace {

core::Result<bool> DeleteEdge(Pool& pool, std::string_view sql, const std::string& a,
                              const std::string& b) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool.Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, sql, a, b));
    KINORA_ASSIGN_OR_RETURN(n, s->Run());
    return core::Ok();
  }));
  return n > 0;
}

}  // namespace

core::Result<bool> SqlStore::Unblock(const std::string& blocker, const std::string& blocked) {
  return DeleteEdge(*pool_, "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blocker,
                    blocked);
}

core::Result<bool> SqlStore::Mute(const std::string& muter, const std::string& muted, int64_t now) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, Query(c,
                             "INSERT INTO mutes (muter_id, muted_id, created_at) VALUES (?, ?, ?) "
                             "ON CONFLICT DO NOTHING",
                             muter, muted, now));
    KINORA_ASSIGN_OR_RETURN(n, s->Run());
    return core::Ok();
  }));
  return n > 0;
}

core::Result<bool> SqlStore::Unmute(const std::string& muter, const std::string& muted) {
  return DeleteEdge(*pool_, "DELETE FROM mutes WHERE muter_id = ? AND muted_id = ?", muter, muted);
}

core::Result<std::vector<std::string>> SqlStore::BlockSet(const std::string& user_id) {
  std::vector<std::string> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c,
                                  "SELECT blocked_id FROM blocks WHERE blocker_id = ? UNION "
                                  "SELECT blocker_id FROM blocks WHERE blocked_id = ?",
                                  user_id, user_id));
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back(s->Text(0)); }));
    return core::Ok();
  }));
  return out;
}

core::Result<Page<FollowEdge>> SqlStore::ListBlocked(const std::string& user_id,
                                                     const std::string& after, int limit) {
  static const EdgeQuery q = MakeEdgeQuery("blocks", "blocker_id", "blocked_id");
  return ListEdges(q.first, q.next, user_id, after, limit);
}

core::Result<Page<FollowEdge>> SqlStore::ListMuted(const std::string& user_id,
                                                   const std::string& after, int limit) {
  static const EdgeQuery q = MakeEdgeQuery("mutes", "muter_id", "muted_id");
  return ListEdges(q.first, q.next, user_id, after, limit);
}

// ---------------------------------------------------------------- notifications

core::Result<Notification> SqlStore::AddNotification(const Notification& n) {
  Notification out = n;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO notifications (user_id, kind, actor_id, video_id, comment_id, text, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
              n.user_id, n.kind, n.actor_id, n.video_id, n.comment_id, n.text, n.created_at));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::Internal("the notification insert returned no id");
    out.id = s->Int(0);
    KINORA_RETURN_IF_ERROR(Finish(*s));
    return core::Ok();
  }));
  return out;
}

core::Result<Page<Notification>> SqlStore::ListNotifications(const std::string& user_id,
                                                             bool unread_only,
                                                             const std::string& after, int limit) {
  int64_t before = 0;
  if (!after.empty()) {
    if (!core::ParseNumber(after, before) || before <= 0) {
      return core::InvalidArgument("the cursor is malformed", "after");
    }
  }
  std::string sql(kNotificationSelect);
  if (unread_only) sql += " AND n.read_at IS NULL";
  if (!after.empty()) sql += " AND n.id < ?";
  sql += " ORDER BY n.id DESC LIMIT ?";
  Page<Notification> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (after.empty()) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, sql, user_id, limit + 1));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, sql, user_id, before, limit + 1));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { page.items.push_back(ReadNotification(*s)); }));
    return core::Ok();
  }));
  TrimPage(page, limit, [](const Notification& n) { return std::to_string(n.id); });
  return page;
}

core::Result<std::vector<Notification>> SqlStore::NotificationsSince(const std::string& user_id,
                                                                     int64_t after_id, int limit) {
  static const std::string kSql =
      std::string(kNotificationSelect) + " AND n.id > ? ORDER BY n.id LIMIT ?";
  std::vector<Notification> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, user_id, after_id, limit));
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back(ReadNotification(*s)); }));
    return core::Ok();
  }));
  return out;
}

core::Result<int64_t> SqlStore::MarkNotificationsRead(const std::string& user_id, int64_t up_to_id,
                                                      int64_t now) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (up_to_id > 0) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c,
                                       "UPDATE notifications SET read_at = ? WHERE user_id = ? "
                                       "AND read_at IS NULL AND id <= ?",
                                       now, user_id, up_to_id));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, Query(c,
                                       "UPDATE notifications SET read_at = ? WHERE user_id = ? "
                                       "AND read_at IS NULL",
                                       now, user_id));
    }
    KINORA_ASSIGN_OR_RETURN(n, s->Run());
    return core::Ok();
  }));
  return n;
}

core::Result<int64_t> SqlStore::CountUnread(const std::string& user_id) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
              user_id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    n = row ? s->Int(0) : 0;
    return core::Ok();
  }));
  return n;
}

}  // namespace kinora::store::sql
