// Store: every repository interface the domain needs, behind one object
// chosen by the --db URL. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/generation_store.h"
#include "store/migration.h"

namespace kinora::store {

class Store : public GenerationStore {
 public:
  // What Migrate() would run; for `kinora admin migrate --dry-run`.
  virtual core::Result<MigrationPlan> PlanMigrations() = 0;
  virtual core::Status Migrate() = 0;
  virtual std::string_view Backend() const = 0;  // "sqlite"
};

// Opens the store named by `url`: "sqlite:PATH" (created if absent).
// Does not migrate; callers run Migrate() at start-up.
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace kinora::store
