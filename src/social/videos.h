// VideoService: videos as social objects. A member's finished generation
// becomes a draft; its owner posts it (or shares it unlisted), captions it,
// deletes it. Members like, comment and watch. Who may see a video: its
// owner and the members whose cameos are in it (co-owners) always; others
// only once it is posted or unlisted, and never across a block. Who may
// delete it: the owner, a co-owner, an administrator. A comment is deleted
// by its author or the video's owner. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "social/notifications.h"
#include "social/principal.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace kinora::social {

struct VideoView {
  store::Video video;
  store::User owner;
  bool liked = false;     // by the viewer
  bool can_edit = false;  // the viewer is the owner
  bool can_delete = false;
};

class VideoService {
 public:
  VideoService(store::Store& store, store::BlobStore& blobs, const core::Clock& clock,
               NotificationService& notifications);

  // Called when a generation ends: a completed one owned by a member becomes
  // that member's draft; either way the owner is notified.
  void OnGenerationFinished(const store::Generation& g);
  // Stores a video (id and created_at are set here) and tells the owner of
  // the video it remixes.
  core::Result<store::Video> Create(store::Video video);

  core::Result<VideoView> Get(const Principal& viewer, const std::string& id);
  // The video a generation became.
  core::Result<VideoView> OfGeneration(const Principal& viewer, const std::string& generation_id);
  // Fields left nullopt keep their value. Owner only.
  core::Result<VideoView> Update(const Principal& who, const std::string& id,
                                 const std::optional<std::string>& visibility,
                                 const std::optional<std::string>& caption,
                                 const std::optional<std::vector<std::string>>& tags = {});
  core::Status Delete(const Principal& who, const std::string& id);
  core::Result<bool> Like(const Principal& who, const std::string& id);
  core::Result<bool> Unlike(const Principal& who, const std::string& id);
  core::Status View(const Principal& who, const std::string& id);
  // Which of the videos the viewer liked (none for installation keys).
  core::Result<std::vector<std::string>> LikedAmong(const Principal& viewer,
                                                    const std::vector<std::string>& video_ids);
  // The local path of the video's MP4, for streaming.
  core::Result<std::string> ContentPath(const Principal& viewer, const std::string& id);

  core::Result<store::Comment> AddComment(const Principal& who, const std::string& video_id,
                                          const std::string& body);
  struct CommentPage {
    store::Page<store::Comment> page;
    std::string video_owner_id;  // who may delete any of them, besides their authors
  };
  core::Result<CommentPage> Comments(const Principal& viewer, const std::string& video_id,
                                     const std::string& after, int limit);
  core::Status DeleteComment(const Principal& who, const std::string& comment_id);

  enum class Shelf { kPosted, kDrafts, kLiked, kCameos };
  // A member's videos: posted (anyone), drafts and liked (the member only),
  // cameos (videos casting the member; the member only sees drafts there).
  core::Result<store::Page<store::Video>> MemberVideos(const Principal& viewer,
                                                       const std::string& handle, Shelf shelf,
                                                       const std::string& after, int limit);

 private:
  bool IsCoOwner(const Principal& who, const store::Video& v) const;
  core::Result<store::Video> Visible(const Principal& viewer, const std::string& id);
  void RemoveBlobs(const std::vector<std::string>& keys);

  store::Store& store_;
  store::BlobStore& blobs_;
  const core::Clock& clock_;
  NotificationService& notifications_;
};

}  // namespace kinora::social
