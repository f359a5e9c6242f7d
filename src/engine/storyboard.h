// The storyboard: Kinora's central data structure (docs/storyboard.md).
//
// The planner writes it from a prompt, users may hand-edit its JSON, and every
// later stage (audio, world, renderer) reads it. Times: Shot::start is
// absolute seconds; every `at`/`until` inside a shot is relative to the
// shot's start. Shots tile the clip with no gaps or overlaps.
// Plain value type; thread-compatible.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kinora::engine {

inline constexpr int kStoryboardVersion = 1;

// Limits that keep a generation bounded; validation enforces them.
inline constexpr double kMaxClipSeconds = 60.0;
inline constexpr int kMinDimension = 64;
inline constexpr int kMaxDimension = 2048;
inline constexpr int kMinFps = 1;
inline constexpr int kMaxFps = 60;

struct OutfitItem {
  std::string item;   // "hoodie", "t-shirt", "dress"
  std::string color;  // "red", "navy"
};

struct Looks {
  std::string age;   // "child", "teen", "adult", "elder"; may be empty
  std::string hair;  // a colour name; may be empty
  std::string skin;  // "light", "medium", "dark"; may be empty
  std::vector<OutfitItem> outfit;
  std::vector<std::string> accessories;  // "gold chain", "glasses", "hat"
};

struct Voice {
  std::string language = "en";  // BCP 47
  std::string voice;            // engine voice name ("slt", "rms", "awb", "kal") or empty
  double pitch = 1.0;           // multiplier, 0.5–2.0
  double rate = 1.0;            // multiplier, 0.5–2.0
};

struct CastMember {
  std::string id;               // referenced by actions, dialogue, camera
  std::string kind = "person";  // person | animal | object
  std::string name;
  std::string species;  // animals: dog, cat, bird, …
  std::string breed;
  Looks looks;
  Voice voice;
  std::optional<std::string> cameo;  // a cameo id, when the look comes from a real capture
};

struct Setting {
  std::string place = "studio";      // closed vocabulary, see kPlaces
  std::string time_of_day = "noon";  // dawn | morning | noon | afternoon | sunset | dusk | night
  std::string weather = "clear";     // clear | cloudy | rain | snow | fog | wind
  bool indoor = false;
};

struct Camera {
  std::string framing = "medium";  // wide | medium | close-up | over-the-shoulder
  std::string move = "static";     // static | pan | dolly | orbit | handheld
  std::string subject;             // a cast id or empty
};

struct Action {
  std::string actor;  // cast id
  std::string verb;   // closed vocabulary, see kVerbs
  double at = 0.0;
  double until = 0.0;
};

struct DialogueLine {
  std::string speaker;  // cast id
  std::string text;
  std::string language = "en";      // BCP 47
  double at = 0.0;                  // seconds from the shot's start
  std::string emotion = "neutral";  // neutral | excited | shouting | whispering | sad | calm
};

struct SoundEffect {
  std::string kind;  // closed vocabulary, see kSfxKinds
  double at = 0.0;
};

struct Overlay {
  std::string text;
  std::string role = "caption";  // title | caption | lower-third
  double at = 0.0;
  double until = 0.0;
};

struct Shot {
  std::string id;
  double start = 0.0;
  double duration = 0.0;
  Setting setting;
  Camera camera;
  std::vector<Action> actions;
  std::vector<DialogueLine> dialogue;
  std::vector<SoundEffect> sfx;
  std::vector<Overlay> overlays;
};

struct Music {
  std::string mood = "calm";
  int tempo_bpm = 100;
  std::string key = "C major";
  std::vector<std::string> instruments;
};

struct Origin {
  std::string prompt;
  std::optional<std::string> remix_of;
  std::optional<std::string> instruction;
};

struct Storyboard {
  int version = kStoryboardVersion;
  uint64_t seed = 0;
  int width = 720;
  int height = 1280;
  int fps = 24;
  std::string style = "realistic";  // closed vocabulary, see kStyles
  std::string mood = "calm";
  std::vector<CastMember> cast;
  std::vector<Shot> shots;
  Music music;
  std::vector<std::string> tags;
  Origin origin;
  std::vector<std::string> warnings;  // fallbacks the planner took

  double DurationSeconds() const;
  int FrameCount() const;  // round(duration * fps)
  const CastMember* FindCast(std::string_view id) const;
  // The shot that covers absolute time `t` (the last shot for t ≥ duration).
  const Shot* ShotAt(double t) const;
};

// Closed vocabularies.
extern const std::vector<std::string_view> kStyles;
extern const std::vector<std::string_view> kPlaces;
extern const std::vector<std::string_view> kTimesOfDay;
extern const std::vector<std::string_view> kWeathers;
extern const std::vector<std::string_view> kFramings;
extern const std::vector<std::string_view> kCameraMoves;
extern const std::vector<std::string_view> kVerbs;
extern const std::vector<std::string_view> kSfxKinds;
extern const std::vector<std::string_view> kMoods;
extern const std::vector<std::string_view> kEmotions;
extern const std::vector<std::string_view> kCastKinds;

// Checks every rule in docs/storyboard.md. The error's detail names the
// offending field as a JSON path, e.g. "shots[1].dialogue[0].speaker".
core::Status Validate(const Storyboard& storyboard);

nlohmann::json ToJson(const Storyboard& storyboard);
// Parses and validates. Unknown fields are rejected so typos surface.
core::Result<Storyboard> StoryboardFromJson(const nlohmann::json& json);
core::Result<Storyboard> ParseStoryboard(std::string_view json_text);

}  // namespace kinora::engine
