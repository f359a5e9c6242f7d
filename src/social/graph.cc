#include "social/graph.h"

#include <algorithm>

#include "social/validation.h"

namespace kinora::social {
core::Status CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return core::InvalidArgument("limit must be from 1 to " + std::to_string(kMaxPageSize),
                                 "limit");
  }
  return core::Ok();
}

GraphService::GraphService(store::Store& store, const core::Clock& clock,
                           NotificationService& notifications)
    : store_(store), clock_(clock), notifications_(notifications) {}

core::Result<store::User> VisibleMember(store::Store& store, const Principal& viewer,
                                        const std::string& handle_in,
                                        store::Relationship* relationship) {
  auto handle = NormalizeHandle(handle_in);
  if (!handle.ok()) return core::NotFound("no member with handle '" + handle_in + "'");
  auto user = store.GetUserByHandle(*handle);
  if (!user.ok()) return user.error();
  if (viewer.is_member() && viewer.user_id() != user->id) {
    KINORA_ASSIGN_OR_RETURN(auto rel, store.GetRelationship(viewer.user_id(), user->id));
    if (rel.blocking || rel.blocked_by) {
      return core::NotFound("no member with handle '" + *handle + "'");
    }
    if (relationship) *relationship = rel;
  }
  return user;
}

core::Result<Profile> GraphService::GetProfile(const Principal& viewer, const std::string& handle) {
  Profile p;
  KINORA_ASSIGN_OR_RETURN(store::User user, VisibleMember(store_, viewer, handle, &p.relationship));
  p.is_self = viewer.is_member() && viewer.user_id() == user.id;
  if (p.is_self) p.is_teen = AgeOn(user.birthdate, clock_.UnixMillis()) < 18;
  p.user = std::move(user);
  return p;
}

core::Result<store::User> GraphService::Target(const Principal& who, const std::string& handle) {
  KINORA_RETURN_IF_ERROR(RequireMember(who));
  auto normalized = NormalizeHandle(handle);
  if (!normalized.ok()) return core::NotFound("no member with handle '" + handle + "'");
  auto user = store_.GetUserByHandle(*normalized);
  if (!user.ok()) return user.error();
  if (user->id == who.user_id()) {
    return core::InvalidArgument("you cannot do that to yourself", "handle");
  }
  return user;
}

core::Result<bool> GraphService::Follow(const Principal& who, const std::string& handle) {
  KINORA_ASSIGN_OR_RETURN(store::User target, Target(who, handle));
  KINORA_ASSIGN_OR_RETURN(store::FollowResult r,
                          store_.Follow(who.user_id(), target.id, clock_.UnixMillis()));
  if (r == store::FollowResult::kBlocked) {
    // Whoever blocked whom, the follower is told only that there is no one to follow.
    return core::NotFound("no member with handle '" + target.handle + "'");
  }
  if (r == store::FollowResult::kCreated) {
    store::Notification n;
    n.user_id = target.id;
    n.kind = "follow";
    n.actor_id = who.user_id();
    notifications_.Notify(n);
  }
  return r == store::FollowResult::kCreated;
}

core::Result<bool> GraphService::Unfollow(const Principal& who, const std::string& handle) {
  KINORA_ASSIGN_OR_RETURN(store::User target, Target(who, handle));
  return store_.Unfollow(who.user_id(), target.id);
}

core::Result<bool> GraphService::Block(const Principal& who, const std::string& handle) {
  KINORA_ASSIGN_OR_RETURN(store::User target, Target(who, handle));
  return store_.Block(who.user_id(), target.id, clock_.UnixMillis());
}

core::Result<bool> GraphService::Unblock(const Principal& who, const std::string& handle) {
  KINORA_ASSIGN_OR_RETURN(store::User target, Target(who, handle));
  return store_.Unblock(who.user_id(), target.id);
}

core::Result<bool> GraphService::Mute(const Principal& who, const std::string& handle) {
  KINORA_ASSIGN_OR_RETURN(store::User target, Target(who, handle));
  return store_.Mute(who.user_id(), target.id, clock_.UnixMillis());
}

core::Result<bool> GraphService::Unmute(const Principal& who, const std::string& handle) {
  KINORA_ASSIGN_OR_RETURN(store::User target, Target(who, handle));
  return store_.Unmute(who.user_id(), target.id);
}

core::Result<store::Page<store::FollowEdge>> GraphService::ListOf(const Principal& viewer,
                                                                  const std::string& handle,
                                                                  List which,
                                                                  const std::string& after,
                                                                  int limit) {
  KINORA_RETURN_IF_ERROR(CheckLimit(limit));
  KINORA_ASSIGN_OR_RETURN(store::User user, VisibleMember(store_, viewer, handle));
  const bool self = viewer.is_member() && viewer.user_id() == user.id;
  if (which == List::kBlocked || which == List::kMuted) {
    if (!self) {
      return core::Error{core::ErrorCode::kPermissionDenied,
                         "only the member sees whom they block or mute", ""};
    }
    return which == List::kBlocked ? store_.ListBlocked(user.id, after, limit)
                                   : store_.ListMuted(user.id, after, limit);
  }
  store::Page<store::FollowEdge> page;
  if (which == List::kFollowers) {
    KINORA_ASSIGN_OR_RETURN(page, store_.ListFollowers(user.id, after, limit));
  } else if (which == List::kFollowing) {
    KINORA_ASSIGN_OR_RETURN(page, store_.ListFollowing(user.id, after, limit));
  } else {
    KINORA_ASSIGN_OR_RETURN(page, store_.ListMutuals(user.id, after, limit));
  }
  // Members on the other side of a block from the viewer are left out.
  if (viewer.is_member()) {
    KINORA_ASSIGN_OR_RETURN(auto hidden, store_.BlockSet(viewer.user_id()));
    if (!hidden.empty()) {
      std::erase_if(page.items, [&](const store::FollowEdge& e) {
        return std::find(hidden.begin(), hidden.end(), e.user.id) != hidden.end();
      });
    }
  }
  return page;
}

}  // namespace kinora::social
