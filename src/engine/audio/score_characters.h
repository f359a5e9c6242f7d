// The score's characters (internal to score*.cc; not part of engine_audio's
// interface): what each mood, and the anime style, sounds like — its chord
// progressions, General MIDI programs, comping and bass rhythms, drum
// groove, ending, energy and reverb — and how the storyboard's music words
// (mood, instruments, key) and shots pick and adjust one. Tables and pure
// functions; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audio/score.h"
#include "engine/storyboard.h"

namespace kinora::engine::audio::score_internal {

inline constexpr int kParts = 6;  // the values of Part

enum class Drums { kNone, kPop, kAnime, kEpic, kNews, kPlayful, kTense, kLight };
// How the chords part plays its onsets: the whole voicing, one chord tone at
// a time climbing and falling, or a single-note riff on the root.
enum class Comp { kBlock, kArpeggio, kOstinato };
// A held tonic that fades, or a short tutti hit ("button") on the last half bar.
enum class Ending { kHold, kButton };

struct Progressions {
  std::array<int, 4> a, b;  // scale degrees: the main and the contrasting section
};

struct Character {
  std::string_view name;
  Progressions major, minor;
  std::array<int, kParts> programs;  // by Part; -1 = silent; drums: kit number
  Drums drums;
  Comp comp;
  std::string_view comp_rhythm;  // 16 sixteenths a bar, 'x' an onset
  std::string_view bass_rhythm;  // 'r' root, 'f' fifth, 'o' octave
  Ending ending;
  double intensity;  // 0–1
  double density;    // melody: 0 long notes … 1 running sixteenths
  int reverb;        // CC 91 for the pitched parts
  bool sevenths;
  bool sting;  // a tutti hit on the first frame and on every cut
};

// The character for the storyboard's mood (the music's, else the clip's) and
// style; "ambient" for a mood it does not know. The reference is to a
// static table.
const Character& PickCharacter(const Storyboard& sb);

struct Instrumentation {
  std::array<int, kParts> programs;
  Drums drums;
};

// The character's programs and drums, adjusted by the storyboard's
// instrument words: a generic word ("strings", "synth") keeps the
// character's own program when it lies in the word's range of General MIDI
// programs, so "strings" in an epic piece stays its choir-backed ensemble; a
// specific word ("cello") always gets its program. Unknown words are ignored.
Instrumentation Instrument(const Character& ch, const std::vector<std::string>& words);

struct Key {
  int tonic = 0;  // pitch class, 0 = C
  bool minor = false;
};

// "C major", "A minor", "E-flat major", "F# minor", "Bbm" → tonic and mode;
// nothing when the text names no key.
std::optional<Key> ParseKey(std::string_view text);
// For a key the storyboard does not name: A minor for the dark characters.
Key DefaultKey(const Character& ch);

// A shot's energy, added to the character's intensity: action and crowd
// sounds push the music harder.
double ShotEnergy(const Shot& shot);

// General MIDI percussion keys.
inline constexpr int kKick = 36, kSideStick = 37, kSnare = 38, kClap = 39, kLowFloorTom = 41,
                     kClosedHat = 42, kHighFloorTom = 43, kLowTom = 45, kLowMidTom = 47,
                     kHighMidTom = 48, kCrash = 49, kHighTom = 50, kRide = 51, kTambourine = 54,
                     kHighWood = 76, kLowWood = 77;

// One drum of a groove: its key and its pattern over a bar.
struct Lane {
  int key;
  std::string_view rhythm;  // 16 sixteenths, 'x' a hit
  int velocity;
};

// The bar-long drum pattern of a kit style; empty for Drums::kNone.
std::vector<Lane> Groove(Drums drums);

}  // namespace kinora::engine::audio::score_internal
