// GraphService: profiles and the social graph — follow, unfollow, block
// (hides both ways and removes follows), mute — with the rule that a member
// and someone they block, or who blocks them, do not see each other: to
// each, the other's profile and lists answer "not found". Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "social/notifications.h"
#include "social/principal.h"
#include "store/store.h"

namespace kinora::social {

struct Profile {
  store::User user;
  bool is_self = false;
  bool is_teen = false;              // filled for the member themself only
  store::Relationship relationship;  // the viewer's, when not self
};

inline constexpr int kMaxPageSize = 100;

// The member with `handle`, as `viewer` may see them: kNotFound when there is
// no such member or a block stands between them (administrators included;
// only installation keys see past blocks). When `relationship` is given and
// the viewer is another member, it receives the viewer's relationship.
core::Result<store::User> VisibleMember(store::Store& store, const Principal& viewer,
                                        const std::string& handle,
                                        store::Relationship* relationship = nullptr);

class GraphService {
 public:
  GraphService(store::Store& store, const core::Clock& clock, NotificationService& notifications);

  // A member by id, without visibility checks (for labelling lists).
  core::Result<store::User> Member(const std::string& id) { return store_.GetUser(id); }
  core::Result<Profile> GetProfile(const Principal& viewer, const std::string& handle);

  // True when the follow is new.
  core::Result<bool> Follow(const Principal& who, const std::string& handle);
  core::Result<bool> Unfollow(const Principal& who, const std::string& handle);
  core::Result<bool> Block(const Principal& who, const std::string& handle);
  core::Result<bool> Unblock(const Principal& who, const std::string& handle);
  core::Result<bool> Mute(const Principal& who, const std::string& handle);
  core::Result<bool> Unmute(const Principal& who, const std::string& handle);

  enum class List { kFollowers, kFollowing, kMutuals, kBlocked, kMuted };
  // Blocked and muted lists are the member's own only.
  core::Result<store::Page<store::FollowEdge>> ListOf(const Principal& viewer,
                                                      const std::string& handle, List which,
                                                      const std::string& after, int limit);

 private:
  core::Result<store::User> Target(const Principal& who, const std::string& handle);

  store::Store& store_;
  const core::Clock& clock_;
  NotificationService& notifications_;
};

// kInvalidArgument unless 1 ≤ limit ≤ kMaxPageSize.
core::Status CheckLimit(int limit);

}  // namespace kinora::social
