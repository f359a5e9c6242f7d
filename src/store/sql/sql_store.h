// Store implemented once in SQL over a sql::Pool, for every backend: the
// repositories' statements are shared, the dialect supplies the schema.
#pragma once

#include <memory>

#include "store/sql/sql.h"
#include "store/store.h"

namespace kinora::store::sql {

core::Result<std::unique_ptr<Store>> NewSqlStore(std::unique_ptr<Pool> pool);

}  // namespace kinora::store::sql
