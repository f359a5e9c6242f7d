#include "store/postgres/postgres_store.h"

#include "store/postgres/database.h"
#include "store/sql/sql_store.h"

namespace kinora::store::postgres {

core::Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  KINORA_ASSIGN_OR_RETURN(auto pool, OpenPool(url, /*connections=*/4));
  return sql::NewSqlStore(std::move(pool));
}

}  // namespace kinora::store::postgres
