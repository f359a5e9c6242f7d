// The embedded SQLite backend of Store. One connection guarded by a mutex;
// WAL mode lets readers in other processes proceed during writes.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace kinora::store::sqlite {

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace kinora::store::sqlite
