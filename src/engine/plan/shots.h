// Shots: splitting a prompt into shots (segments.cc) ("then", "cut to", "shot 1: …",
// "1. … 2. …", "first … then … finally"), timing them in whole frames, and
// filling each with its setting, camera, actions, dialogue (with speaker,
// language and emotion), quoted captions and named sounds. Deterministic for
// a seed; pure apart from its output arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/reading.h"
#include "engine/storyboard.h"

namespace kinora::engine::plan {

inline constexpr size_t kMaxShots = 8;

// A shot's text: [begin, end) of the prompt, less an optional hole (a news
// story told in the next shot).
struct Segment {
  size_t begin = 0;
  size_t end = 0;
  Span hole;

  bool Covers(size_t pos) const;  // in [begin, end) and not in the hole
};

struct Segmentation {
  std::vector<Segment> segments;
  Span preamble;  // text before "shot 1:" that applies to every shot
  bool explicit_structure = false;
};

Segmentation SplitShots(const PromptText& text, size_t max_shots);

// Whole frames per shot, in proportion to `weights`, each at least one,
// summing to `total_frames` (which must be ≥ weights.size()).
std::vector<int> AllocateFrames(const std::vector<double>& weights, int total_frames);

// Seconds of speech the quotes in a segment need.
double SegmentSpeechSeconds(const PromptText& text, const Segment& segment);

// What the text said outright about a shot, as opposed to defaults.
struct ShotNotes {
  bool place_named = false;
  bool time_named = false;
  bool weather_named = false;
  bool framing_named = false;
  bool move_named = false;
  bool has_content = false;          // named cast, actions or lines
  std::vector<std::string> present;  // cast ids in the shot
};

struct ShotContext {
  const PromptText* text = nullptr;
  CastReading* cast = nullptr;  // gains implied performers and a host as needed
  Span preamble;
  std::string format_place;              // the format's place when none is named
  bool format_place_first = false;       // it beats what the action implies (news: the newsroom)
  bool sports = false;                   // gymnastics happens in a stadium
  std::string talker;                    // who talks when no one is named (news → "news anchor")
  std::optional<Setting> continue_from;  // Extend: the setting the clip is in
  std::string continue_subject;          // Extend: who the clip was following
  uint64_t seed = 0;
};

Shot BuildShot(const ShotContext& context, const Segment& segment, const Shot* previous,
               size_t index, double start, double duration, ShotNotes& notes,
               std::vector<std::string>& warnings);

// After the copywriter: talking for each line, idling for everyone present,
// sounds the actions make, the camera's subject, windows clamped to the shot.
// With `retime` false, existing action windows are kept (remix).
void FinishShot(Shot& shot, const ShotNotes& notes, const std::vector<CastMember>& cast,
                bool retime = true);

// Actions laid out in time: continuous verbs span the shot (shared in turn
// when one actor has several), tricks take a short window on top.
void TimeActions(Shot& shot);

bool IsTrickVerb(std::string_view verb);

}  // namespace kinora::engine::plan
