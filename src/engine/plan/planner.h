// The planner: a prompt becomes a Storyboard, deterministically for a seed.
//
// This first planner reads the prompt with keyword tables: the cast (people,
// animals, objects with simple looks), the setting (place, time of day,
// weather), style, mood, camera framing, actions, quoted dialogue and who
// says it (with its language, from the script or an explicit "in French"),
// and the shot structure ("then", "cut to", "shot 1: …"). Words it does not
// know never fail the plan; they are simply not used. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "engine/storyboard.h"

namespace kinora::engine {

inline constexpr size_t kMaxPromptBytes = 4000;

struct PlanRequest {
  std::string prompt;
  double seconds = 4.0;
  int width = 720;
  int height = 1280;
  int fps = 24;
  uint64_t seed = 0;
};

core::Result<Storyboard> Plan(const PlanRequest& request);

// The language of a dialogue line: an explicit "in <Language>" hint in the
// surrounding prompt text wins, then the line's script; "en" otherwise.
std::string DetectLanguage(std::string_view line, std::string_view context);

}  // namespace kinora::engine
