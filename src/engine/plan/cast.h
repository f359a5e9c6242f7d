// Finding the cast in a prompt: people, animals and objects from the word
// tables, people by name ("Rohan skates", "a woman named Mia"), counts ("two
// dogs"), looks (age, hair, clothing colours, hats, glasses, a gold chain),
// pronouns, and nouns the tables do not know ("a glowing teapot"), which
// become generic objects with a warning. Deterministic for a seed; pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/reading.h"

namespace kinora::engine::plan {

inline constexpr size_t kMaxCast = 6;

struct CastOptions {
  uint64_t seed = 0;
  // Cast already in the storyboard (Extend, Edit): "the dog", "she" and
  // names refer to these before anyone new is created.
  std::vector<CastMember> existing;
  // Spans whose capitalised words are not names (an ad's product, "Nimbus").
  std::vector<Span> not_names;
  // The existing member in focus (the last shot's subject): "she" and "it"
  // with no one named before them in the text refer to it first.
  std::string focus;
};

CastReading ReadCast(const PromptText& text, const CastOptions& options);

// A new cast member for a table term, with its default look and a voice
// chosen by the seed. The id is made unique against `taken`.
CastMember MakeCastMember(const CastTerm& term, std::string_view name,
                          const std::vector<CastMember>& taken, uint64_t seed);
// Gives `member` a voice from its kind, age and gender, seeded by its id.
void AssignVoice(CastMember& member, Gender gender, uint64_t seed);
// An id from `stem` not used by anyone in `taken`: "dog", "dog2", …
std::string UniqueId(std::string_view stem, const std::vector<CastMember>& taken);
// The gender a cast member's name or voice suggests.
Gender GuessGender(const CastMember& member);

// The gender a first name suggests ("Mia" → female), from a small table.
Gender GenderOfName(std::string_view name);
// The age words before a cast word say: "old", "7-year-old", "teenage", …;
// `term_age` when they say nothing.
std::string_view AgeFromWords(std::string_view before, std::string_view term_age);
// The colour written just before `pos` in `text` (within two words), or "".
std::string ColorBefore(std::string_view text, size_t pos);

// Looks described in `window` (text after and just before a cast word):
// clothing with colours, accessories, hair, skin and age. `kind` decides
// where a colour goes (an animal's colour is its coat).
Looks ReadLooks(std::string_view window, std::string_view before, std::string_view kind);

}  // namespace kinora::engine::plan
