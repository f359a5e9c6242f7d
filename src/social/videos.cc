#include "social/videos.h"

#include <algorithm>

#include "core/id.h"
#include "core/log.h"
#include "social/graph.h"
#include "social/validation.h"

namespace kinora::social {
namespace {

core::Error NoVideo(const std::string& id) {
  return core::NotFound("no video with id '" + id + "'");
}

}  // namespace

VideoService::VideoService(store::Store& store, store::BlobStore& blobs, const core::Clock& clock,
                           NotificationService& notifications)
    : store_(store), blobs_(blobs), clock_(clock), notifications_(notifications) {}

bool VideoService::IsCoOwner(const Principal& who, const store::Video& v) const {
  if (!who.is_member()) return false;
  if (v.owner_id == who.user_id()) return true;
  return std::any_of(v.cast.begin(), v.cast.end(),
                     [&](const store::CastMember& m) { return m.owner_id == who.user_id(); });
}

core::Result<store::Video> VideoService::Visible(const Principal& viewer, const std::string& id) {
  if (!core::IsValidId(id, "video")) return NoVideo(id);
  auto v = store_.GetVideo(id);
  if (!v.ok()) return v.error();
  // Installation keys see everything; a member, administrator or not, sees
  // others' drafts never and nothing across a block.
  if (!viewer.is_member() || IsCoOwner(viewer, *v)) return v;
  if (v->visibility == "draft") return NoVideo(id);  // drafts do not exist for others
  if (viewer.is_member()) {
    KINORA_ASSIGN_OR_RETURN(auto rel, store_.GetRelationship(viewer.user_id(), v->owner_id));
    if (rel.blocking || rel.blocked_by) return NoVideo(id);
  }
  return v;
}

void VideoService::OnGenerationFinished(const store::Generation& g) {
  if (!g.owner_id) return;
  store::Notification n;
  n.user_id = *g.owner_id;
  n.kind = "generation";
  if (g.status == store::GenerationStatus::kCompleted && !g.content_key.empty()) {
    store::Video v;
    v.owner_id = *g.owner_id;
    v.generation_id = g.id;
    v.prompt = g.prompt;
    v.storyboard_json = g.storyboard_json;
    v.visibility = "draft";
    v.content_key = g.content_key;
    v.seconds = g.seconds;
    v.width = g.width;
    v.height = g.height;
    auto made = Create(v);
    if (!made.ok()) {
      core::LogWarn("cannot make a draft of a finished generation",
                    {{"generation", g.id}, {"error", made.error().ToString()}});
      return;
    }
    n.video_id = made->id;
    n.text = "Your video is ready";
  } else if (g.status == store::GenerationStatus::kFailed) {
    n.text = g.error_message.empty() ? "Your video could not be made" : g.error_message;
  } else {
    return;
  }
  notifications_.Notify(n);
}

core::Result<store::Video> VideoService::Create(store::Video v) {
  v.id = core::NewId("video", clock_);
  v.created_at = clock_.UnixMillis();
  if (v.visibility == "posted" && !v.posted_at) v.posted_at = v.created_at;
  std::optional<store::Video> parent;
  if (v.remix_of) {
    auto p = store_.GetVideo(*v.remix_of);
    if (!p.ok()) return p.error();
    parent = std::move(p).value();
  }
  KINORA_RETURN_IF_ERROR(store_.CreateVideo(v));
  if (parent) {
    store::Notification n;
    n.user_id = parent->owner_id;
    n.kind = "remix";
    n.actor_id = v.owner_id;
    n.video_id = v.id;
    notifications_.Notify(n);
  }
  return v;
}

core::Result<VideoView> VideoService::Get(const Principal& viewer, const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(viewer, id));
  VideoView view;
  KINORA_ASSIGN_OR_RETURN(view.owner, store_.GetUser(v.owner_id));
  if (viewer.is_member()) {
    KINORA_ASSIGN_OR_RETURN(view.liked, store_.IsLiked(viewer.user_id(), v.id));
  }
  view.can_edit = viewer.is_member() && viewer.user_id() == v.owner_id;
  view.can_delete = IsCoOwner(viewer, v) || viewer.is_admin();
  view.video = std::move(v);
  return view;
}

core::Result<VideoView> VideoService::OfGeneration(const Principal& viewer,
                                                   const std::string& generation_id) {
  if (!core::IsValidId(generation_id, "video")) return NoVideo(generation_id);
  auto v = store_.GetVideoByGeneration(generation_id);
  if (!v.ok()) {
    if (v.error().code == core::ErrorCode::kNotFound) {
      return core::NotFound("generation '" + generation_id +
                            "' has not become a video (it is unfinished, failed or unknown)");
    }
    return v.error();
  }
  return Get(viewer, v->id);
}

core::Result<VideoView> VideoService::Update(const Principal& who, const std::string& id,
                                             const std::optional<std::string>& visibility,
                                             const std::optional<std::string>& caption,
                                             const std::optional<std::vector<std::string>>& tags) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(who, id));
  if (v.owner_id != who.user_id()) {
    return core::Error{core::ErrorCode::kPermissionDenied, "only the video's owner may change it",
                       ""};
  }
  std::string vis = v.visibility, cap = v.caption;
  if (visibility) {
    if (*visibility != "draft" && *visibility != "posted" && *visibility != "unlisted") {
      return core::InvalidArgument(
          "visibility must be draft, posted or unlisted (got '" + visibility->substr(0, 20) + "')",
          "visibility");
    }
    vis = *visibility;
  }
  if (caption) {
    KINORA_ASSIGN_OR_RETURN(cap, ValidateCaption(*caption));
  }
  std::vector<std::string> clean;
  if (tags) {
    if (tags->size() > 10) return core::InvalidArgument("a video has at most 10 tags", "tags");
    for (const auto& t : *tags) {
      KINORA_ASSIGN_OR_RETURN(std::string tag, NormalizeTag(t));
      if (std::find(clean.begin(), clean.end(), tag) == clean.end()) clean.push_back(tag);
    }
  }
  KINORA_RETURN_IF_ERROR(store_.UpdateVideo(v.id, vis, cap, clock_.UnixMillis()));
  if (tags) KINORA_RETURN_IF_ERROR(store_.SetVideoTags(v.id, clean));
  return Get(who, id);
}

void VideoService::RemoveBlobs(const std::vector<std::string>& keys) {
  for (const auto& key : keys) {
    auto removed = blobs_.Remove(key);
    if (!removed.ok()) {
      core::LogWarn("cannot remove an unreferenced blob",
                    {{"key", key}, {"error", removed.error().ToString()}});
    }
  }
}

core::Status VideoService::Delete(const Principal& who, const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(who, id));
  if (!IsCoOwner(who, v) && !who.is_admin()) {
    return core::Error{core::ErrorCode::kPermissionDenied,
                       "only the video's owner, the people in it and administrators may delete it",
                       ""};
  }
  KINORA_ASSIGN_OR_RETURN(auto released, store_.DeleteVideo(v.id));
  RemoveBlobs(released);
  return core::Ok();
}

core::Result<bool> VideoService::Like(const Principal& who, const std::string& id) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(who, id));
  KINORA_ASSIGN_OR_RETURN(bool created, store_.Like(who.user_id(), v.id, clock_.UnixMillis()));
  if (created) {
    store::Notification n;
    n.user_id = v.owner_id;
    n.kind = "like";
    n.actor_id = who.user_id();
    n.video_id = v.id;
    notifications_.Notify(n);
  }
  return created;
}

core::Result<bool> VideoService::Unlike(const Principal& who, const std::string& id) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(who, id));
  return store_.Unlike(who.user_id(), v.id);
}

core::Status VideoService::View(const Principal& who, const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(who, id));
  return store_.AddView(v.id);
}

core::Result<std::vector<std::string>> VideoService::LikedAmong(
    const Principal& viewer, const std::vector<std::string>& video_ids) {
  if (!viewer.is_member()) return std::vector<std::string>{};
  return store_.LikedAmong(viewer.user_id(), video_ids);
}

core::Result<std::string> VideoService::ContentPath(const Principal& viewer,
                                                    const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(viewer, id));
  if (v.content_key.empty()) return core::NotFound("video '" + id + "' has no media");
  return blobs_.PathOf(v.content_key);
}

core::Result<store::Comment> VideoService::AddComment(const Principal& who,
                                                      const std::string& video_id,
                                                      const std::string& body) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  KINORA_ASSIGN_OR_RETURN(std::string text, ValidateCommentBody(body));
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(who, video_id));
  store::Comment c;
  c.id = core::NewId("cmt", clock_);
  c.video_id = v.id;
  c.author_id = who.user_id();
  c.body = text;
  c.created_at = clock_.UnixMillis();
  KINORA_RETURN_IF_ERROR(store_.AddComment(c));
  c.author_handle = who.user->handle;
  c.author_display_name = who.user->display_name;
  c.author_avatar_key = who.user->avatar_key;
  store::Notification n;
  n.user_id = v.owner_id;
  n.kind = "comment";
  n.actor_id = who.user_id();
  n.video_id = v.id;
  n.comment_id = c.id;
  n.text = text.substr(0, 140);
  notifications_.Notify(n);
  return c;
}

core::Result<VideoService::CommentPage> VideoService::Comments(const Principal& viewer,
                                                               const std::string& video_id,
                                                               const std::string& after,
                                                               int limit) {
  KINORA_RETURN_IF_ERROR(CheckLimit(limit));
  KINORA_ASSIGN_OR_RETURN(store::Video v, Visible(viewer, video_id));
  CommentPage out;
  KINORA_ASSIGN_OR_RETURN(out.page, store_.ListComments(v.id, viewer.user_id(), after, limit));
  out.video_owner_id = v.owner_id;
  return out;
}

core::Status VideoService::DeleteComment(const Principal& who, const std::string& comment_id) {
  if (!core::IsValidId(comment_id, "cmt")) {
    return core::NotFound("no comment with id '" + comment_id + "'");
  }
  KINORA_ASSIGN_OR_RETURN(store::Comment c, store_.GetComment(comment_id));
  auto v = Visible(who, c.video_id);
  if (!v.ok()) return core::NotFound("no comment with id '" + comment_id + "'");
  const bool author = who.is_member() && c.author_id == who.user_id();
  const bool owner = who.is_member() && v->owner_id == who.user_id();
  if (!author && !owner && !who.is_admin()) {
    return core::Error{core::ErrorCode::kPermissionDenied,
                       "only the comment's author or the video's owner may delete it", ""};
  }
  return store_.DeleteComment(comment_id);
}

core::Result<store::Page<store::Video>> VideoService::MemberVideos(const Principal& viewer,
                                                                   const std::string& handle,
                                                                   Shelf shelf,
                                                                   const std::string& after,
                                                                   int limit) {
  KINORA_RETURN_IF_ERROR(CheckLimit(limit));
  KINORA_ASSIGN_OR_RETURN(store::User user, VisibleMember(store_, viewer, handle));
  const bool self = viewer.is_member() && viewer.user_id() == user.id;
  switch (shelf) {
    case Shelf::kPosted: return store_.ListVideosByOwner(user.id, {"posted"}, after, limit);
    case Shelf::kDrafts:
      if (!self) {
        return core::Error{core::ErrorCode::kPermissionDenied,
                           "drafts are visible to their owner only", ""};
      }
      return store_.ListVideosByOwner(user.id, {"draft", "unlisted"}, after, limit);
    case Shelf::kLiked:
      if (!self) {
        return core::Error{core::ErrorCode::kPermissionDenied,
                           "liked videos are visible to the member only", ""};
      }
      return store_.ListLikedVideos(user.id, after, limit);
    case Shelf::kCameos: {
      KINORA_ASSIGN_OR_RETURN(auto page, store_.ListVideosCasting(user.id, after, limit));
      if (!self) {
        std::erase_if(page.items, [](const store::Video& v) { return v.visibility != "posted"; });
      }
      return page;
    }
  }
  return store::Page<store::Video>{};
}

}  // namespace kinora::social
