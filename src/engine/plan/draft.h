// The planning pipeline shared by Plan, Extend and Edit: text → cast →
// shots → copy → finished shots, plus the finishing touches every storyboard
// gets (voices follow their lines' language, music follows the mood, tags are
// derived). Internal to src/engine/plan; pure and deterministic for a seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/copywriter.h"
#include "engine/plan/shots.h"
#include "engine/storyboard.h"

namespace kinora::engine::plan {

struct DraftRequest {
  std::string text;  // cleaned (see CleanPrompt)
  double seconds = 4.0;
  int fps = 24;
  uint64_t seed = 0;
  std::vector<CastMember> existing_cast;  // referents for "the dog", "she", names
  std::optional<Setting> continue_from;   // the setting the clip is already in
  std::string focus;                      // the existing member the clip was following
  bool single_shot = false;               // Edit: all the text describes one shot
};

struct Draft {
  std::vector<CastMember> cast;  // existing cast (possibly updated) first, then new members
  std::vector<Shot> shots;       // tiling [0, seconds); ids "s1", "s2", … (callers renumber)
  std::vector<ShotNotes> notes;  // parallel to `shots`
  std::string style;             // named in the text, or empty
  std::string mood;              // named or implied, or empty
  Format format = Format::kNone;
  std::vector<std::string> warnings;
};

// Plans `request.text` into shots. Never fails: unknown words fall back.
Draft DraftFromText(const DraftRequest& request);

// Voices speak their first line's language, music follows the mood, tags
// are derived (place, species, style, mood, actions, a format tag kept from
// `format_tags`), and warnings are de-duplicated.
void FinishStoryboard(Storyboard& storyboard, const std::vector<std::string>& format_tags = {});

// The mood a text names outright ("funny", "epic"), or empty.
std::string NamedMood(std::string_view lower_text);

// Cleans and checks a prompt or instruction: required, at most `max_bytes`,
// control characters removed and invalid UTF-8 repaired (each reported in
// `warnings`). `param` names the field in errors.
core::Result<std::string> CleanInput(std::string_view raw, std::string_view param, size_t max_bytes,
                                     std::vector<std::string>& warnings);

}  // namespace kinora::engine::plan
