// CharacterStore: reusable characters — pets and objects shown in a short
// uploaded clip, which prompts can later cast by id. A character holds a
// counted reference on two blobs (the clip and a reference frame), taken in
// the same transaction that inserts it and dropped when it is deleted.
//
// Data access only: validation (names, clips, the no-human-faces rule) and
// authorization live in social/characters.h. Implementations are
// thread-safe. Times are Unix milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/social_store.h"

namespace kinora::store {

struct Character {
  std::string id;                       // "char_…"
  std::optional<std::string> owner_id;  // nullopt: made with an installation key
  std::string name;
  std::string kind;                  // "animal" | "object"
  std::string clip_key;              // blob key of the uploaded clip
  std::string image_key;             // blob key of the reference frame (WebP)
  std::vector<std::string> palette;  // dominant colours, "#rrggbb", most prominent first
  int64_t created_at = 0;
};

class CharacterStore {
 public:
  virtual ~CharacterStore() = default;

  // Inserts `character` and takes a reference on its clip and image blobs.
  // kAlreadyExists for a taken id; kInvalidArgument for an unknown kind.
  virtual core::Status CreateCharacter(const Character& character) = 0;
  // kNotFound when there is no such character.
  virtual core::Result<Character> GetCharacter(const std::string& id) = 0;
  // Newest first. `owner_id` set: that member's characters; nullopt: every
  // character. `after` is the previous page's `next` ("" for the first).
  virtual core::Result<Page<Character>> ListCharacters(const std::optional<std::string>& owner_id,
                                                       const std::string& after, int limit) = 0;
  // Deletes the character and drops its blob references; returns the blob
  // keys whose last reference went (the caller removes those files).
  // kNotFound when there is no such character.
  virtual core::Result<std::vector<std::string>> DeleteCharacter(const std::string& id) = 0;
};

}  // namespace kinora::store
