// The PostgreSQL backend of Store: a pool of libpq connections
// (store/postgres/database.h) under the shared SQL repositories.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace kinora::store::postgres {

// Connects to `url` (postgres://user:password@host:port/dbname). Errors never
// contain the password.
core::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url);

}  // namespace kinora::store::postgres
