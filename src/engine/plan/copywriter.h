// The copywriter: when a prompt asks for a format without giving the words
// ("an ad for a top hat with giant feathers", "a news report", "a birthday
// video for Mia"), it writes short, plausible lines from templates chosen by
// the seed, places them in the shots within a speaking budget (~14 characters
// a second), and adds the overlays, sounds and cast the format needs.
// Deterministic for a seed; pure apart from its output arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/reading.h"
#include "engine/storyboard.h"

namespace kinora::engine::plan {

enum class Format { kNone, kAd, kNews, kSports, kCelebration, kInterview, kVlog, kConversation };

std::string_view FormatName(Format format);

struct FormatRequest {
  Format format = Format::kNone;
  std::string subject;  // ad product, news topic, interview guest, as written
  Span subject_span;    // where `subject` is in the text (not found when none)
  std::string
      occasion;  // celebration: birthday | wedding | anniversary | graduation | new year | party
  std::string honoree;                 // celebration: the name or cast word being celebrated
  bool commentary = false;             // sports: play-by-play asked for
  std::vector<std::string> languages;  // languages the text names, in order
};

// Reads which format, if any, `text` asks for.
FormatRequest DetectFormat(const PromptText& text);

// The mood, and the place used when the text names none, for a format.
std::string_view MoodForFormat(Format format);
std::string_view PlaceForFormat(Format format);

struct CopyOptions {
  uint64_t seed = 0;
  bool keep_dialogue = false;       // the text has its own lines: add no spoken copy
  std::vector<bool> framing_named;  // per shot: leave the camera framing alone
};

// Writes the format's copy into `shots` (which must tile from 0 and may be
// the shots of an existing storyboard), adding the cast it needs to `cast`
// (with `notes` kept parallel). Returns warnings. Does nothing for kNone.
std::vector<std::string> WriteCopy(const FormatRequest& request, std::vector<CastMember>& cast,
                                   std::vector<CastNotes>& notes, std::vector<Shot>& shots,
                                   const CopyOptions& options);

// "a top hat with giant feathers" → "The Feathered Top Hat"; "Nimbus
// sneakers" → "Nimbus Sneakers". Empty for an empty subject.
std::string ProductName(std::string_view subject);

}  // namespace kinora::engine::plan
