#include "store/sqlite/sqlite_store.h"

#include <filesystem>

#include "store/sql/sql_store.h"
#include "store/sqlite/database.h"

namespace kinora::store::sqlite {

core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (path != ":memory:") {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) return core::IoError("cannot create the database directory: " + ec.message(), path);
  }
  KINORA_ASSIGN_OR_RETURN(auto pool, OpenPool(path, /*readers=*/4));
  return sql::NewSqlStore(std::move(pool));
}

}  // namespace kinora::store::sqlite
