// The embedded SQLite backend of Store: one writer connection and a pool of
// readers on one file in WAL mode (store/sqlite/database.h).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace kinora::store::sqlite {

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace kinora::store::sqlite
