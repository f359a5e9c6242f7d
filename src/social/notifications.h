// NotificationService: stores what happened to a member (a new follower, a
// like, a comment, a remix, a finished generation, cameo events) and pushes
// it to that member's live listeners (the Server-Sent Events stream).
// Nothing is stored when the actor is the recipient, or when the recipient
// mutes or blocks the actor, or is blocked by them. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "social/principal.h"
#include "store/store.h"

namespace kinora::social {

class NotificationService {
 public:
  NotificationService(store::Store& store, const core::Clock& clock);

  // Stores n (created_at is set here) and tells listeners. Failures are
  // logged, never returned: a notification must not undo the action behind it.
  void Notify(store::Notification n);

  core::Result<store::Page<store::Notification>> List(const Principal& who, bool unread_only,
                                                      const std::string& after, int limit);
  core::Result<std::vector<store::Notification>> Since(const Principal& who, int64_t after_id);
  // Marks read up to and including up_to_id (everything when 0).
  core::Result<int64_t> MarkRead(const Principal& who, int64_t up_to_id);
  core::Result<int64_t> UnreadCount(const Principal& who);

  // A listener returns false to unsubscribe itself. It runs on the thread
  // that notifies, so it must not block.
  using Listener = std::function<bool(const store::Notification&)>;
  // `alive` is asked before each delivery and whenever listeners are added;
  // a listener whose `alive` says false is dropped.
  int64_t Subscribe(
      const std::string& user_id, Listener listener,
      std::function<bool()> alive = [] { return true; });
  void Unsubscribe(int64_t subscription);
  size_t listener_count() const;

 private:
  store::Store& store_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  int64_t next_subscription_ = 1;  // guarded by mu_
  struct Entry {
    int64_t id;
    Listener listener;
    std::function<bool()> alive;
  };
  std::multimap<std::string, Entry> listeners_;  // guarded by mu_
};

}  // namespace kinora::social
