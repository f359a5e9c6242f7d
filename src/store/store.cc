#include "store/store.h"

#include "store/postgres/database.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace kinora::store {

std::string_view GenerationStatusName(GenerationStatus status) {
  switch (status) {
    case GenerationStatus::kQueued: return "queued";
    case GenerationStatus::kInProgress: return "in_progress";
    case GenerationStatus::kCompleted: return "completed";
    case GenerationStatus::kFailed: return "failed";
    case GenerationStatus::kCancelled: return "cancelled";
  }
  return "failed";
}

std::optional<GenerationStatus> ParseGenerationStatus(std::string_view name) {
  for (auto s :
       {GenerationStatus::kQueued, GenerationStatus::kInProgress, GenerationStatus::kCompleted,
        GenerationStatus::kFailed, GenerationStatus::kCancelled}) {
    if (GenerationStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::string RedactUrl(std::string_view url) { return postgres::RedactUrl(url); }

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) return core::InvalidArgument("--db sqlite: needs a file path", "db");
    return sqlite::OpenSqliteStore(path);
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    return postgres::OpenPostgresStore(url);
  }
  return core::InvalidArgument(
      "--db must be sqlite:PATH or postgres://HOST/DB (got '" + postgres::RedactUrl(url) + "')",
      "db");
}

}  // namespace kinora::store
