// Versioned schema migrations. Each backend lists its migrations in order;
// a `schema_version` table records which have run. Applying is idempotent.
#pragma once

#include <string_view>
#include <vector>

namespace kinora::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

struct MigrationPlan {
  int current_version = 0;
  std::vector<Migration> pending;
};

}  // namespace kinora::store
