// What the planner reads from a piece of text before it builds shots: the
// text in the forms the readers need, and the cast with every place it is
// mentioned. Internal to src/engine/plan; plain values, thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"
#include "engine/storyboard.h"

namespace kinora::engine::plan {

// One prompt (or instruction) in three aligned forms: every byte offset means
// the same character in all three.
struct PromptText {
  std::string original;  // cleaned: valid UTF-8, no control characters
  std::string cased;     // quotes blanked to spaces, whitespace made ' '
  std::string lower;     // `cased` with ASCII letters lowered
  std::vector<Quote> quotes;
};
PromptText ReadPromptText(std::string cleaned);

// A place in the text that refers to cast members.
struct Mention {
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::string> ids;  // usually one; "they", "two dogs" name several
  bool pronoun = false;
};

// What the planner knows about a cast member beyond the storyboard fields.
struct CastNotes {
  Gender gender = Gender::kUnknown;
  std::string role_verb;  // surfer → surf
  std::string place;      // chef → kitchen
  bool from_text = true;  // false: came from an existing storyboard
};

struct CastReading {
  std::vector<CastMember> cast;   // existing cast first, then new, in order of mention
  std::vector<CastNotes> notes;   // parallel to `cast`
  std::vector<Mention> mentions;  // sorted by `begin`
  std::vector<std::string> warnings;

  int IndexOf(std::string_view id) const;
  // The mention that ends last at or before `pos`; nullptr when none.
  const Mention* LastMentionBefore(size_t pos, size_t not_before = 0) const;
};

}  // namespace kinora::engine::plan
