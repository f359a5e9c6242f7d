#include "social/notifications.h"

#include <vector>

#include "core/log.h"

namespace kinora::social {

NotificationService::NotificationService(store::Store& store, const core::Clock& clock)
    : store_(store), clock_(clock) {}

void NotificationService::Notify(store::Notification n) {
  if (n.actor_id) {
    if (*n.actor_id == n.user_id) return;
    auto rel = store_.GetRelationship(n.user_id, *n.actor_id);
    if (rel.ok() && (rel->muting || rel->blocking || rel->blocked_by)) return;
  }
  n.created_at = clock_.UnixMillis();
  auto stored = store_.AddNotification(n);
  if (!stored.ok()) {
    core::LogWarn("cannot store a notification",
                  {{"user", n.user_id}, {"kind", n.kind}, {"error", stored.error().ToString()}});
    return;
  }
  store::Notification full = *stored;
  if (full.actor_id) {
    if (auto actor = store_.GetUser(*full.actor_id); actor.ok()) {
      full.actor_handle = actor->handle;
      full.actor_display_name = actor->display_name;
    }
  }
  std::vector<Entry> targets;
  {
    std::lock_guard lock(mu_);
    auto [begin, end] = listeners_.equal_range(full.user_id);
    for (auto it = begin; it != end; ++it) targets.push_back(it->second);
  }
  std::vector<int64_t> gone;
  for (auto& e : targets) {
    if (!e.alive() || !e.listener(full)) gone.push_back(e.id);
  }
  for (int64_t id : gone) Unsubscribe(id);
}

core::Result<store::Page<store::Notification>> NotificationService::List(const Principal& who,
                                                                         bool unread_only,
                                                                         const std::string& after,
                                                                         int limit) {
  if (!who.is_member()) return store::Page<store::Notification>{};
  return store_.ListNotifications(who.user_id(), unread_only, after, limit);
}

core::Result<std::vector<store::Notification>> NotificationService::Since(const Principal& who,
                                                                          int64_t after_id) {
  if (!who.is_member()) return std::vector<store::Notification>{};
  return store_.NotificationsSince(who.user_id(), after_id, 100);
}

core::Result<int64_t> NotificationService::MarkRead(const Principal& who, int64_t up_to_id) {
  if (!who.is_member()) return int64_t{0};
  return store_.MarkNotificationsRead(who.user_id(), up_to_id, clock_.UnixMillis());
}

core::Result<int64_t> NotificationService::UnreadCount(const Principal& who) {
  if (!who.is_member()) return int64_t{0};
  return store_.CountUnread(who.user_id());
}

int64_t NotificationService::Subscribe(const std::string& user_id, Listener listener,
                                       std::function<bool()> alive) {
  std::lock_guard lock(mu_);
  // Drop listeners whose streams have ended without a delivery noticing.
  std::erase_if(listeners_, [](const auto& entry) { return !entry.second.alive(); });
  const int64_t id = next_subscription_++;
  listeners_.emplace(user_id, Entry{id, std::move(listener), std::move(alive)});
  return id;
}

void NotificationService::Unsubscribe(int64_t subscription) {
  std::lock_guard lock(mu_);
  for (auto it = listeners_.begin(); it != listeners_.end(); ++it) {
    if (it->second.id == subscription) {
      listeners_.erase(it);
      return;
    }
  }
}

size_t NotificationService::listener_count() const {
  std::lock_guard lock(mu_);
  return listeners_.size();
}

}  // namespace kinora::social
