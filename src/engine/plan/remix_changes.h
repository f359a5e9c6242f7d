// The changes a remix instruction can ask for (internal to remix*.cc).
// Each Apply* reads `Instruction` and changes `sb` in place, returning
// whether it found something to change; the caller validates at the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/copywriter.h"
#include "engine/plan/reading.h"
#include "engine/storyboard.h"

namespace kinora::engine::plan::remix {

struct Instruction {
  PromptText text;
  std::string outside;  // lower case, the format's subject blanked
  FormatRequest format;
  uint64_t seed = 0;
  std::vector<std::string> warnings;  // added by the changes
};

bool IsFormatTag(std::string_view tag);
std::vector<std::string> FormatTagsOf(const Storyboard& sb);
// Ids a shot shows: actors, speakers and the camera's subject.
std::vector<std::string> PresentIn(const Shot& shot);
// Removes a cast member and every reference to it.
void RemoveCast(Storyboard& sb, const std::string& id);

bool ApplyFormat(Storyboard& sb, Instruction& in);  // "make this an ad for …"
bool ApplySetting(Storyboard& sb,
                  const Instruction& in);          // style, time, weather, place, mood, camera
bool ApplySwaps(Storyboard& sb, Instruction& in);  // "make the dog a cat"
bool ApplyNames(Storyboard& sb, const Instruction& in);  // "call the dog Rocket"
bool ApplyLanguage(Storyboard& sb, Instruction& in);     // "make them speak Korean"
bool ApplyQuotes(Storyboard& sb, Instruction& in);       // say "…", the title "…"
bool ApplyLooks(Storyboard& sb, const Instruction& in);  // "give her a red hat"
bool ApplyAdditions(Storyboard& sb, Instruction& in);    // "add a parrot"
bool ApplyActions(Storyboard& sb, const Instruction& in, bool language_changed);  // "make it dance"

}  // namespace kinora::engine::plan::remix
