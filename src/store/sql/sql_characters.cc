// SqlStore's CharacterStore: reusable characters and their blob references.
#include <nlohmann/json.hpp>

#include "store/sql/sql_store_impl.h"

namespace kinora::store::sql {
namespace {

constexpr std::string_view kColumns =
    "id, owner_id, name, kind, clip_key, image_key, palette, created_at";

std::string PaletteJson(const std::vector<std::string>& palette) {
  return nlohmann::json(palette).dump();
}

// A palette column this code did not write (or damaged by hand) reads as no
// palette rather than failing the whole character.
std::vector<std::string> ParsePalette(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& colour : j) {
    if (colour.is_string()) out.push_back(colour.get<std::string>());
  }
  return out;
}

Character ReadCharacter(const Statement& s) {
  Character c;
  c.id = s.Text(0);
  if (!s.IsNull(1)) c.owner_id = s.Text(1);
  c.name = s.Text(2);
  c.kind = s.Text(3);
  c.clip_key = s.Text(4);
  c.image_key = s.Text(5);
  c.palette = ParsePalette(s.Text(6));
  c.created_at = s.Int(7);
  return c;
}

core::Result<std::optional<Character>> LoadCharacter(Connection& c, const std::string& id) {
  KINORA_ASSIGN_OR_RETURN(
      Statement * s,
      Query(c, "SELECT " + std::string(kColumns) + " FROM characters WHERE id = ?", id));
  KINORA_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Character>();
  Character character = ReadCharacter(*s);
  KINORA_RETURN_IF_ERROR(Finish(*s));
  return std::optional<Character>(std::move(character));
}

}  // namespace

core::Status SqlStore::CreateCharacter(const Character& character) {
  if (character.kind != "animal" && character.kind != "object") {
    return core::InvalidArgument("kind must be animal or object", "kind");
  }
  if (character.clip_key.empty() || character.image_key.empty()) {
    return core::InvalidArgument("a character needs a clip and an image");
  }
  return pool_->Write([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(
        Statement * s,
        Query(c,
              "INSERT INTO characters (" + std::string(kColumns) +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              character.id, character.owner_id, character.name, character.kind, character.clip_key,
              character.image_key, PaletteJson(character.palette), character.created_at));
    KINORA_RETURN_IF_ERROR(s->Run());
    KINORA_RETURN_IF_ERROR(Acquire(c, character.clip_key));
    return Acquire(c, character.image_key);
  });
}

core::Result<Character> SqlStore::GetCharacter(const std::string& id) {
  std::optional<Character> out;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    KINORA_ASSIGN_OR_RETURN(out, LoadCharacter(c, id));
    return core::Ok();
  }));
  if (!out) return core::NotFound("no character with id '" + id + "'");
  return std::move(*out);
}

core::Result<Page<Character>> SqlStore::ListCharacters(const std::optional<std::string>& owner_id,
                                                       const std::string& after, int limit) {
  if (limit < 1) return core::InvalidArgument("limit must be at least 1", "limit");
  int64_t before_time = 0;
  std::string before_id;
  if (!after.empty()) KINORA_RETURN_IF_ERROR(ParseTimeCursor(after, before_time, before_id));
  Page<Character> page;
  KINORA_RETURN_IF_ERROR(pool_->Read([&](Connection& c) -> core::Status {
    std::string sql = "SELECT " + std::string(kColumns) + " FROM characters WHERE " +
                      (owner_id ? "owner_id = ?" : "TRUE");
    if (!after.empty()) sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
    KINORA_ASSIGN_OR_RETURN(Statement * s, c.Prepare(sql));
    const int64_t rows = static_cast<int64_t>(limit) + 1;
    if (owner_id && !after.empty()) {
      Bind(*s, *owner_id, before_time, before_time, before_id, rows);
    } else if (owner_id) {
      Bind(*s, *owner_id, rows);
    } else if (!after.empty()) {
      Bind(*s, before_time, before_time, before_id, rows);
    } else {
      Bind(*s, rows);
    }
    return ForEachRow(*s, [&] { page.items.push_back(ReadCharacter(*s)); });
  }));
  TrimPage(page, limit, [](const Character& c) { return TimeCursor(c.created_at, c.id); });
  return page;
}

core::Result<std::vector<std::string>> SqlStore::DeleteCharacter(const std::string& id) {
  std::vector<std::string> released;
  KINORA_RETURN_IF_ERROR(pool_->Write([&](Connection& c) -> core::Status {
    released.clear();  // a retried transaction starts over
    KINORA_ASSIGN_OR_RETURN(auto found, LoadCharacter(c, id));
    if (!found) return core::NotFound("no character with id '" + id + "'");
    KINORA_ASSIGN_OR_RETURN(Statement * s, Query(c, "DELETE FROM characters WHERE id = ?", id));
    KINORA_RETURN_IF_ERROR(s->Run());
    for (const std::string& key : {found->clip_key, found->image_key}) {
      KINORA_ASSIGN_OR_RETURN(bool last, Release(c, key));
      if (last) released.push_back(key);
    }
    return core::Ok();
  }));
  return released;
}

}  // namespace kinora::store::sql
