// Store: every repository interface the domain needs, behind one object
// chosen by the --db URL. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/character_store.h"
#include "store/generation_store.h"
#include "store/migration.h"
#include "store/social_store.h"
#include "store/webhook_store.h"

namespace kinora::store {

class Store : public GenerationStore,
              public AccountStore,
              public GraphStore,
              public VideoStore,
              public NotificationStore,
              public WebhookStore,
              public CharacterStore {
 public:
  // What Migrate() would run; for `kinora admin migrate --dry-run`.
  virtual core::Result<MigrationPlan> PlanMigrations() = 0;
  virtual core::Status Migrate() = 0;
  virtual std::string_view Backend() const = 0;  // "sqlite" or "postgres"
};

// Opens the store named by `url`: "sqlite:PATH" (created if absent) or
// "postgres://user:password@host:port/db?…" (a libpq connection URI).
// Does not migrate; callers run Migrate() at start-up.
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

// `url` with any password replaced by "***", for messages and logs.
std::string RedactUrl(std::string_view url);

}  // namespace kinora::store
