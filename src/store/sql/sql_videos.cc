// SqlStore: videos, likes, comments, views and blob references.
#include "store/sql/sql_store_impl.h"

namespace kinora::store::sql {

std::string VideoColumns(std::string_view t) {
  std::string out;
  for (std::string_view c :
       {"id", "owner_id", "generation_id", "prompt", "caption", "storyboard_json", "visibility",
        "remix_of", "content_key", "thumbnail_key", "seconds", "width", "height", "like_count",
        "comment_count", "view_count", "remix_count", "created_at", "posted_at"}) {
    if (!out.empty()) out += ", ";
    out += t;
    out += c;
  }
  return out;
}

Video ReadVideo(const Statement& s, int i) {
  Video v;
  v.id = s.Text(i + 0);
  v.owner_id = s.Text(i + 1);
  v.generation_id = s.Text(i + 2);
  v.prompt = s.Text(i + 3);
  v.caption = s.Text(i + 4);
  v.storyboard_json = s.Text(i + 5);
  v.visibility = s.Text(i + 6);
  if (!s.IsNull(i + 7)) v.remix_of = s.Text(i + 7);
  v.content_key = s.Text(i + 8);
  v.thumbnail_key = s.Text(i + 9);
  v.seconds = static_cast<int>(s.Int(i + 10));
  v.width = static_cast<int>(s.Int(i + 11));
  v.height = static_cast<int>(s.Int(i + 12));
  v.like_count = s.Int(i + 13);
  v.comment_count = s.Int(i + 14);
  v.view_count = s.Int(i + 15);
  v.remix_count = s.Int(i + 16);
  v.created_at = s.Int(i + 17);
  v.posted_at = s.OptionalInt(i + 18);
  return v;
}

namespace {

core::Status Exec1(Connection& c, std::string_view sql, const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, sql, id));
  KINORA_RETURN_IF_ERROR(s->Run());
  return core::Ok();
}

// Reads one video row, with its cast and tags, on connection c.
core::Result<std::optional<Video>> LoadVideo(Connection& c, const std::string& id) {
  static const std::string kSql = "SELECT " + VideoColumns("") + " FROM videos WHERE id = ?";
  KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, id));
  KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Video>();
  Video v = ReadVideo(*s, 0);
  KINORA_ASSIGN_OR_RETURN(
      Statement * cast,
      Query(c, "SELECT cameo_id, owner_id FROM video_cast WHERE video_id = ? ORDER BY cameo_id",
            id));
  KINORA_RETURN_IF_ERROR(ForEachRow(*cast, [&] {
    v.cast.push_back({cast->Text(0), cast->Text(1)});
  }));
  KINORA_ASSIGN_OR_RETURN(
      Statement * tags, Query(c, "SELECT tag FROM video_tags WHERE video_id = ? ORDER BY tag", id));
  KINORA_RETURN_IF_ERROR(ForEachRow(*tags, [&] { v.tags.push_back(tags->Text(0)); }));
  return std::optional<Video>(std::move(v));
}

Comment ReadComment(const Statement& s) {
  Comment c;
  c.id = s.Text(0);
  c.video_id = s.Text(1);
  c.author_id = s.Text(2);
  c.body = s.Text(3);
  c.created_at = s.Int(4);
  c.author_handle = s.Text(5);
  c.author_display_name = s.Text(6);
  c.author_avatar_key = s.Text(7);
  return c;
}

constexpr std::string_view kCommentSelect =
    "SELECT c.id, c.video_id, c.author_id, c.body, c.created_at, u.handle, u.display_name, "
    "u.avatar_key FROM comments c JOIN users u ON u.id = c.author_id";

}  // namespace

core::Status SqlStore::Acquire(Connection& c, const std::string& key) {
  KINORA_ASSIGN_OR_RETURN(Statement * s,
                          Query(c,
                                "INSERT INTO blob_refs (blob_key, refs) VALUES (?, 1) "
                                "ON CONFLICT (blob_key) DO UPDATE SET refs = blob_refs.refs + 1",
                                key));
  KINORA_RETURN_IF_ERROR(s->Run());
  return core::Ok();
}

core::Result<bool> SqlStore::Release(Connection& c, const std::string& key) {
  KINORA_ASSIGN_OR_RETURN(
      Statement * s,
      Query(c,
            "UPDATE blob_refs SET refs = refs - 1 WHERE blob_key = ? AND refs > 0 RETURNING refs",
            key));
  KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
  const int64_t left = row ? s->Int(0) : 0;
  if (row) KINORA_RETURN_IF_ERROR(Finish(*s));
  if (left > 0) return false;
  KINORA_RETURN_IF_ERROR(Exec1(c, "DELETE FROM blob_refs WHERE blob_key = ?", key));
  return true;  // no references left (or none were ever recorded)
}

core::Status SqlStore::AcquireBlob(const std::string& key) {
  return pool_->Write([&](Connection& c) { return Acquire(c, key); });
}

core::Result<bool> SqlStore::ReleaseBlob(const std::string& key) {
  bool last = false;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(last, Release(c, key));
    return core::Ok();
  }));
  return last;
}

core::Status SqlStore::CreateVideo(const Video& v) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO videos (id, owner_id, generation_id, prompt, caption, storyboard_json, "
              "visibility, remix_of, content_key, thumbnail_key, seconds, width, height, "
              "created_at, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              v.id, v.owner_id, v.generation_id, v.prompt, v.caption, v.storyboard_json,
              v.visibility, v.remix_of, v.content_key, v.thumbnail_key, v.seconds, v.width,
              v.height, v.created_at, v.posted_at));
    KINORA_RETURN_IF_ERROR(s->Run());
    for (const auto& m : v.cast) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * cs,
          Query(c,
                "INSERT INTO video_cast (video_id, cameo_id, owner_id) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                v.id, m.cameo_id, m.owner_id));
      KINORA_RETURN_IF_ERROR(cs->Run());
    }
    for (const auto& tag : v.tags) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * ts,
          Query(c, "INSERT INTO video_tags (video_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                v.id, tag));
      KINORA_RETURN_IF_ERROR(ts->Run());
    }
    if (!v.content_key.empty()) KINORA_RETURN_IF_ERROR(Acquire(c, v.content_key));
    if (!v.thumbnail_key.empty()) KINORA_RETURN_IF_ERROR(Acquire(c, v.thumbnail_key));
    if (v.visibility == "posted") {
      KINORA_RETURN_IF_ERROR(
          Exec1(c, "UPDATE users SET video_count = video_count + 1 WHERE id = ?", v.owner_id));
    }
    if (v.remix_of) {
      KINORA_RETURN_IF_ERROR(
          Exec1(c, "UPDATE videos SET remix_count = remix_count + 1 WHERE id = ?", *v.remix_of));
    }
    return core::Ok();
  });
}

core::Result<Video> SqlStore::GetVideo(const std::string& id) {
  Video v;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(auto found, LoadVideo(c, id));
    if (!found) return core::NotFound("no video with id '" + id + "'");
    v = std::move(*found);
    return core::Ok();
  }));
  return v;
}

core::Result<Video> SqlStore::GetVideoByGeneration(const std::string& generation_id) {
  Video v;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, Query(c, "SELECT id FROM videos WHERE generation_id = ? ORDER BY id LIMIT 1",
                             generation_id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no video for generation '" + generation_id + "'");
    const std::string id = s->Text(0);
    KINORA_ASSIGN_OR_RETURN(auto found, LoadVideo(c, id));
    if (!found) return core::NotFound("no video for generation '" + generation_id + "'");
    v = std::move(*found);
    return core::Ok();
  }));
  return v;
}

core::Result<Video> SqlStore::UpdateVideo(const std::string& id, const std::string& visibility,
                                          const std::string& caption, int64_t now) {
  Video v;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(auto found, LoadVideo(c, id));
    if (!found) return core::NotFound("no video with id '" + id + "'");
    v = std::move(*found);
    const bool was_posted = v.visibility == "posted";
    const bool now_posted = visibility == "posted";
    if (now_posted && !v.posted_at) v.posted_at = now;
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c, "UPDATE videos SET visibility = ?, caption = ?, posted_at = ? WHERE id = ?",
              visibility, caption, v.posted_at, id));
    KINORA_RETURN_IF_ERROR(s->Run());
    if (was_posted != now_posted) {
      KINORA_RETURN_IF_ERROR(
          Exec1(c,
                now_posted ? "UPDATE users SET video_count = video_count + 1 WHERE id = ?"
                           : "UPDATE users SET video_count = video_count - 1 WHERE id = ?",
                v.owner_id));
    }
    v.visibility = visibility;
    v.caption = caption;
    return core::Ok();
  }));
  return v;
}

core::Status SqlStore::SetVideoTags(const std::string& id, const std::vector<std::string>& tags) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * exists, Query(c, "SELECT id FROM videos WHERE id = ?", id));
    KINORA_ASSIGN_OR_RETURN(bool row, exists->Step());
    if (!row) return core::NotFound("no video with id '" + id + "'");
    KINORA_RETURN_IF_ERROR(Exec1(c, "DELETE FROM video_tags WHERE video_id = ?", id));
    for (const auto& tag : tags) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * s,
          Query(c, "INSERT INTO video_tags (video_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                id, tag));
      KINORA_RETURN_IF_ERROR(s->Run());
    }
    return core::Ok();
  });
}

core::Result<std::vector<std::string>> SqlStore::DeleteVideo(const std::string& id) {
  std::vector<std::string> released;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(auto found, LoadVideo(c, id));
    if (!found) return core::NotFound("no video with id '" + id + "'");
    const Video& v = *found;
    KINORA_RETURN_IF_ERROR(Exec1(c, "DELETE FROM videos WHERE id = ?", id));
    if (v.visibility == "posted") {
      KINORA_RETURN_IF_ERROR(
          Exec1(c, "UPDATE users SET video_count = video_count - 1 WHERE id = ?", v.owner_id));
    }
    if (v.remix_of) {
      KINORA_RETURN_IF_ERROR(Exec1(
          c, "UPDATE videos SET remix_count = remix_count - 1 WHERE id = ? AND remix_count > 0",
          *v.remix_of));
    }
    // The generation that made the video loses its media too (the video and
    // its previews): a deleted video is gone from every address it was
    // served at.
    std::vector<std::string> keys;
    if (!v.generation_id.empty()) {
      KINORA_ASSIGN_OR_RETURN(
          Statement * g,
          Query(c,
                "SELECT content_key, thumbnail_key, spritesheet_key FROM generations WHERE id = ?",
                v.generation_id));
      KINORA_RETURN_IF_ERROR(ForEachRow(*g, [&] {
        for (int i = 0; i < 3; ++i) {
          if (!g->Text(i).empty()) keys.push_back(g->Text(i));
        }
      }));
      KINORA_RETURN_IF_ERROR(Exec1(c,
                                   "UPDATE generations SET content_key = '', thumbnail_key = '', "
                                   "spritesheet_key = '' WHERE id = ?",
                                   v.generation_id));
    }
    if (!v.content_key.empty()) keys.push_back(v.content_key);
    if (!v.thumbnail_key.empty()) keys.push_back(v.thumbnail_key);
    for (const auto& key : keys) {
      KINORA_ASSIGN_OR_RETURN(bool last, Release(c, key));
      if (last) released.push_back(key);
    }
    return core::Ok();
  }));
  return released;
}

core::Result<Page<Video>> SqlStore::ListVideosByOwner(const std::string& owner_id,
                                                      const std::vector<std::string>& visibilities,
                                                      const std::string& after, int limit) {
  if (visibilities.empty()) return Page<Video>{};
  std::string sql = "SELECT " + VideoColumns("") + " FROM videos WHERE owner_id = ? AND visibility";
  if (visibilities.size() == 1) {
    sql += " = ?";
  } else {
    sql += " IN (";
    for (size_t i = 0; i < visibilities.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
  }
  if (!after.empty()) sql += " AND id < ?";
  sql += " ORDER BY id DESC LIMIT ?";
  Page<Video> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare(sql));
    int i = 0;
    s->BindText(i++, owner_id);
    for (const auto& v : visibilities) s->BindText(i++, v);
    if (!after.empty()) s->BindText(i++, after);
    s->BindInt(i++, limit + 1);
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { page.items.push_back(ReadVideo(*s, 0)); }));
    return core::Ok();
  }));
  TrimPage(page, limit, [](const Video& v) { return v.id; });
  return page;
}

core::Result<Page<Video>> SqlStore::ListLikedVideos(const std::string& user_id,
                                                    const std::string& after, int limit) {
  static const std::string kBase = "SELECT l.created_at, " + VideoColumns("v.") +
                                   " FROM likes l JOIN videos v ON v.id = l.video_id "
                                   "WHERE l.user_id = ?";
  static const std::string kOrder = " ORDER BY l.created_at DESC, l.video_id DESC LIMIT ?";
  static const std::string kFirst = kBase + kOrder;
  static const std::string kNext = kBase + " AND (l.created_at, l.video_id) < (?, ?)" + kOrder;
  int64_t t = 0;
  std::string id;
  if (!after.empty()) KINORA_RETURN_IF_ERROR(ParseTimeCursor(after, t, id));
  Page<Video> page;
  std::vector<int64_t> liked_at;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (after.empty()) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, kFirst, user_id, limit + 1));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, kNext, user_id, t, id, limit + 1));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] {
      liked_at.push_back(s->Int(0));
      page.items.push_back(ReadVideo(*s, 1));
    }));
    return core::Ok();
  }));
  TrimPage(page, limit,
           [&](const Video& v) { return TimeCursor(liked_at[page.items.size() - 1], v.id); });
  return page;
}

core::Result<Page<Video>> SqlStore::ListVideosCasting(const std::string& user_id,
                                                      const std::string& after, int limit) {
  static const std::string kBase = "SELECT DISTINCT " + VideoColumns("v.") +
                                   " FROM video_cast c JOIN videos v ON v.id = c.video_id "
                                   "WHERE c.owner_id = ?";
  static const std::string kOrder = " ORDER BY v.id DESC LIMIT ?";
  static const std::string kFirst = kBase + kOrder;
  static const std::string kNext = kBase + " AND c.video_id < ?" + kOrder;
  Page<Video> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    Statement* s = nullptr;
    if (after.empty()) {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, kFirst, user_id, limit + 1));
    } else {
      KINORA_ASSIGN_OR_RETURN(s, Query(c, kNext, user_id, after, limit + 1));
    }
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { page.items.push_back(ReadVideo(*s, 0)); }));
    return core::Ok();
  }));
  TrimPage(page, limit, [](const Video& v) { return v.id; });
  return page;
}

core::Result<bool> SqlStore::Like(const std::string& user_id, const std::string& video_id,
                                  int64_t now) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, Query(c,
                             "INSERT INTO likes (video_id, user_id, created_at) VALUES (?, ?, ?) "
                             "ON CONFLICT DO NOTHING",
                             video_id, user_id, now));
    KINORA_ASSIGN_OR_RETURN(n, s->Run());
    if (n > 0) {
      KINORA_RETURN_IF_ERROR(
          Exec1(c, "UPDATE videos SET like_count = like_count + 1 WHERE id = ?", video_id));
    }
    return core::Ok();
  }));
  return n > 0;
}

core::Result<bool> SqlStore::Unlike(const std::string& user_id, const std::string& video_id) {
  int64_t n = 0;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c, "DELETE FROM likes WHERE video_id = ? AND user_id = ?", video_id, user_id));
    KINORA_ASSIGN_OR_RETURN(n, s->Run());
    if (n > 0) {
      KINORA_RETURN_IF_ERROR(
          Exec1(c, "UPDATE videos SET like_count = like_count - 1 WHERE id = ?", video_id));
    }
    return core::Ok();
  }));
  return n > 0;
}

core::Result<bool> SqlStore::IsLiked(const std::string& user_id, const std::string& video_id) {
  bool liked = false;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, Query(c, "SELECT COUNT(*) FROM likes WHERE video_id = ? AND user_id = ?",
                             video_id, user_id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    liked = row && s->Int(0) > 0;
    return core::Ok();
  }));
  return liked;
}

core::Result<std::vector<std::string>> SqlStore::LikedAmong(
    const std::string& user_id, const std::vector<std::string>& video_ids) {
  std::vector<std::string> out;
  if (video_ids.empty()) return out;
  if (video_ids.size() > 100) {
    return core::InvalidArgument("at most 100 videos at a time", "video_ids");
  }
  std::string sql = "SELECT video_id FROM likes WHERE user_id = ? AND video_id IN (";
  for (size_t i = 0; i < video_ids.size(); ++i) sql += i ? ", ?" : "?";
  sql += ") ORDER BY video_id";
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare(sql));
    int i = 0;
    s->BindText(i++, user_id);
    for (const auto& id : video_ids) s->BindText(i++, id);
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { out.push_back(s->Text(0)); }));
    return core::Ok();
  }));
  return out;
}

core::Status SqlStore::AddView(const std::string& video_id) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c, "UPDATE videos SET view_count = view_count + 1 WHERE id = ?", video_id));
    KINORA_ASSIGN_OR_RETURN(int64_t n, s->Run());
    if (n == 0) return core::NotFound("no video with id '" + video_id + "'");
    return core::Ok();
  });
}

core::Status SqlStore::AddComment(const Comment& m) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s, Query(c,
                             "INSERT INTO comments (id, video_id, author_id, body, created_at) "
                             "VALUES (?, ?, ?, ?, ?)",
                             m.id, m.video_id, m.author_id, m.body, m.created_at));
    KINORA_RETURN_IF_ERROR(s->Run());
    return Exec1(c, "UPDATE videos SET comment_count = comment_count + 1 WHERE id = ?", m.video_id);
  });
}

core::Result<Comment> SqlStore::GetComment(const std::string& id) {
  static const std::string kSql = std::string(kCommentSelect) + " WHERE c.id = ?";
  Comment out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, kSql, id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no comment with id '" + id + "'");
    out = ReadComment(*s);
    return core::Ok();
  }));
  return out;
}

core::Result<Page<Comment>> SqlStore::ListComments(const std::string& video_id,
                                                   const std::string& viewer,
                                                   const std::string& after, int limit) {
  std::string sql = std::string(kCommentSelect) + " WHERE c.video_id = ?";
  if (!after.empty()) sql += " AND c.id > ?";
  if (!viewer.empty()) {
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = ? AND b.blocked_id = "
        "c.author_id) OR (b.blocker_id = c.author_id AND b.blocked_id = ?))";
  }
  sql += " ORDER BY c.id LIMIT ?";
  Page<Comment> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare(sql));
    int i = 0;
    s->BindText(i++, video_id);
    if (!after.empty()) s->BindText(i++, after);
    if (!viewer.empty()) {
      s->BindText(i++, viewer);
      s->BindText(i++, viewer);
    }
    s->BindInt(i++, limit + 1);
    KINORA_RETURN_IF_ERROR(ForEachRow(*s, [&] { page.items.push_back(ReadComment(*s)); }));
    return core::Ok();
  }));
  TrimPage(page, limit, [](const Comment& m) { return m.id; });
  return page;
}

core::Status SqlStore::DeleteComment(const std::string& id) {
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(Statement * s,
                            Query(c, "DELETE FROM comments WHERE id = ? RETURNING video_id", id));
    KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) return core::NotFound("no comment with id '" + id + "'");
    const std::string video_id = s->Text(0);
    KINORA_RETURN_IF_ERROR(Finish(*s));
    return Exec1(c, "UPDATE videos SET comment_count = comment_count - 1 WHERE id = ?", video_id);
  });
}

}  // namespace kinora::store::sql
