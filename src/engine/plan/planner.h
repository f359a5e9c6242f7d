// The planner: a prompt becomes a Storyboard, deterministically for a seed.
//
// It reads the prompt with word tables (vocabulary.h) onto the closed
// storyboard vocabularies: the cast (people, animals and objects; names such
// as "Rohan skates" or "a woman named Mia"; counts; looks such as age,
// clothing colours, hats, glasses), the setting (place, time of day,
// weather), style, mood, camera, actions, quoted dialogue with its speaker,
// language and emotion, and the shot structure ("then", "cut to", "shot 1:
// …", "1. … 2. …"). When the prompt asks for a format without giving words
// (an ad, a news report, a sports call, a celebration, an interview, a vlog,
// a conversation) the copywriter writes the lines (copywriter.h).
//
// Words it does not know never fail a plan: an unknown thing becomes a
// generic object and `Storyboard::warnings` says so. Input rules: the prompt
// is required and at most kMaxPromptBytes; control characters other than
// '\n' and '\t' are removed and invalid UTF-8 is replaced with U+FFFD (both
// reported in warnings); `origin.prompt` holds the cleaned prompt.
// Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/storyboard.h"

namespace kinora::engine {

inline constexpr size_t kMaxPromptBytes = 4000;

struct PlanRequest {
  std::string prompt;
  double seconds = 4.0;  // clip length, > 0 and ≤ kMaxClipSeconds
  int width = 720;
  int height = 1280;
  int fps = 24;
  uint64_t seed = 0;  // the same request and seed always give the same storyboard
};

// Errors are InvalidArgument naming the parameter ("prompt", "seconds",
// "fps", "width"). The result always passes Validate.
core::Result<Storyboard> Plan(const PlanRequest& request);

// The language of a dialogue line: its script (Hangul → "ko", kana → "ja",
// Cyrillic → "ru", …) wins, then an explicit "in <Language>" in the
// surrounding prompt text, then the line's common words; "en" otherwise.
std::string DetectLanguage(std::string_view line, std::string_view context);

}  // namespace kinora::engine
