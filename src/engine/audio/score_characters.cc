// The score's characters (see score_characters.h): the table of moods and
// what each sounds like, the storyboard's instrument words and the General
// MIDI programs they ask for, key names, shot energy, and the drum grooves.
#include "engine/audio/score_characters.h"

#include <algorithm>
#include <iterator>

#include "core/utf8.h"

namespace kinora::engine::audio::score_internal {
namespace {

// clang-format off
// Programs: melody, chords, pad, bass, accent, drums.
constexpr Character kCharacters[] = {
    {"jingle", {{0, 4, 5, 3}, {5, 3, 0, 4}}, {{0, 5, 2, 6}, {3, 5, 6, 0}},
     {9, 1, -1, 34, -1, 0}, Drums::kPop, Comp::kBlock, "x..x..x.x..x..x.",
     "r...r.f.r...r.o.", Ending::kButton, 0.75, 0.75, 30, false, false},
    {"news-sting", {{0, 5, 3, 4}, {3, 0, 4, 5}}, {{0, 6, 5, 6}, {5, 6, 0, 0}},
     {61, 90, 50, 38, 47, 0}, Drums::kNews, Comp::kOstinato, "x.x.x.x.x.x.x.x.",
     "r.r.r.r.r.r.r.r.", Ending::kButton, 0.7, 0.45, 40, false, true},
    {"sports-epic", {{0, 3, 5, 4}, {5, 3, 0, 4}}, {{0, 5, 2, 6}, {3, 5, 6, 0}},
     {60, 48, 52, 43, 47, 0}, Drums::kEpic, Comp::kOstinato, "x.xxx.xxx.xxx.xx",
     "r...r...r...r...", Ending::kButton, 0.9, 0.35, 60, false, false},
    {"ambient", {{0, 3, 0, 3}, {5, 2, 3, 0}}, {{0, 3, 0, 5}, {5, 2, 6, 0}},
     {11, 0, 89, -1, -1, -1}, Drums::kNone, Comp::kArpeggio, "x.x.x.x.x.x.x.x.",
     "r...............", Ending::kHold, 0.3, 0.15, 90, true, false},
    {"anime-opening", {{3, 4, 2, 5}, {1, 4, 2, 5}}, {{5, 6, 4, 0}, {3, 6, 2, 5}},
     {81, 48, 30, 34, -1, 0}, Drums::kAnime, Comp::kBlock, "x..x..x...x..x.x",
     "r.o.r.o.r.o.r.o.", Ending::kButton, 0.85, 0.8, 35, true, false},
    {"tense", {{0, 5, 0, 3}, {5, 3, 4, 4}}, {{0, 0, 5, 4}, {3, 3, 5, 6}},
     {0, 48, 49, 38, 47, 0}, Drums::kTense, Comp::kOstinato, "xxxxxxxxxxxxxxxx",
     "r.rr.rr.r.rr.rr.", Ending::kHold, 0.6, 0.2, 60, false, false},
    {"sad", {{0, 4, 5, 2}, {3, 0, 3, 4}}, {{0, 5, 3, 4}, {5, 2, 6, 0}},
     {40, 0, 49, 32, -1, -1}, Drums::kNone, Comp::kArpeggio, "x.x.x.x.x.x.x.x.",
     "r.......f.......", Ending::kHold, 0.35, 0.3, 80, false, false},
    {"playful", {{0, 5, 1, 4}, {3, 4, 0, 5}}, {{0, 3, 4, 0}, {5, 3, 6, 0}},
     {71, 45, -1, 58, -1, 0}, Drums::kPlayful, Comp::kBlock, "..x...x...x...x.",
     "r...f...r...f...", Ending::kButton, 0.6, 0.6, 30, false, false},
    {"romantic", {{0, 4, 5, 2}, {3, 0, 3, 4}}, {{0, 5, 2, 6}, {3, 6, 2, 5}},
     {40, 0, 49, 32, -1, -1}, Drums::kNone, Comp::kArpeggio, "x.x.x.x.x.x.x.x.",
     "r.......f.......", Ending::kHold, 0.4, 0.4, 70, true, false},
    {"mysterious", {{0, 5, 3, 6}, {3, 1, 4, 0}}, {{0, 5, 0, 3}, {5, 1, 6, 0}},
     {8, 46, 95, 32, -1, -1}, Drums::kNone, Comp::kArpeggio, "x...x...x...x...",
     "r...............", Ending::kHold, 0.35, 0.3, 100, true, false},
};
// clang-format on

const Character& CharacterNamed(std::string_view name) {
  for (const Character& c : kCharacters) {
    if (c.name == name) return c;
  }
  return kCharacters[3];  // ambient
}

// One instrument word: the parts it can take, the program it asks for, and
// the range [lo, hi] of programs that already satisfy it.
struct InstrumentWord {
  std::string_view word;
  std::array<Part, 2> roles;  // the first one no earlier word took
  int program, lo, hi;
};

// clang-format off
constexpr InstrumentWord kInstrumentWords[] = {
    {"piano", {Part::kChords, Part::kMelody}, 0, 0, 0},
    {"electric piano", {Part::kChords, Part::kMelody}, 4, 4, 5},
    {"pads", {Part::kPad, Part::kChords}, 89, 88, 95},
    {"strings", {Part::kPad, Part::kMelody}, 48, 40, 51},
    {"orchestra", {Part::kPad, Part::kChords}, 48, 40, 55},
    {"choir", {Part::kPad, Part::kMelody}, 52, 52, 54},
    {"synth", {Part::kChords, Part::kMelody}, 90, 80, 103},
    {"pulse", {Part::kBass, Part::kChords}, 38, 38, 39},
    {"bass", {Part::kBass, Part::kBass}, 33, 32, 39},
    {"brass", {Part::kMelody, Part::kAccent}, 61, 56, 63},
    {"trumpet", {Part::kMelody, Part::kAccent}, 56, 56, 56},
    {"horn", {Part::kMelody, Part::kAccent}, 60, 60, 60},
    {"cello", {Part::kMelody, Part::kBass}, 42, 42, 42},
    {"violin", {Part::kMelody, Part::kPad}, 40, 40, 40},
    {"pizzicato", {Part::kChords, Part::kBass}, 45, 45, 45},
    {"clarinet", {Part::kMelody, Part::kAccent}, 71, 71, 71},
    {"flute", {Part::kMelody, Part::kAccent}, 73, 73, 73},
    {"saxophone", {Part::kMelody, Part::kAccent}, 65, 64, 67},
    {"guitar", {Part::kChords, Part::kMelody}, 25, 24, 31},
    {"electric guitar", {Part::kChords, Part::kPad}, 27, 26, 31},
    {"harp", {Part::kChords, Part::kMelody}, 46, 46, 46},
    {"celesta", {Part::kMelody, Part::kChords}, 8, 8, 8},
    {"glockenspiel", {Part::kMelody, Part::kAccent}, 9, 9, 9},
    {"bells", {Part::kAccent, Part::kMelody}, 14, 14, 14},
    {"marimba", {Part::kMelody, Part::kChords}, 12, 12, 12},
    {"vibraphone", {Part::kMelody, Part::kChords}, 11, 11, 11},
    {"organ", {Part::kChords, Part::kPad}, 19, 16, 20},
    {"accordion", {Part::kMelody, Part::kChords}, 21, 21, 21},
    {"ukulele", {Part::kChords, Part::kMelody}, 24, 24, 24},
    {"tuba", {Part::kBass, Part::kAccent}, 58, 58, 58},
    {"timpani", {Part::kAccent, Part::kBass}, 47, 47, 47},
    {"drums", {Part::kDrums, Part::kDrums}, 0, 0, 0},
    {"percussion", {Part::kDrums, Part::kDrums}, 0, 0, 0},
    {"woodblock", {Part::kDrums, Part::kDrums}, 0, 0, 0},
};
// clang-format on

const InstrumentWord* FindInstrument(std::string_view raw) {
  std::string word = core::AsciiLower(raw);
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const InstrumentWord& w : kInstrumentWords) {
      if (w.word == word) return &w;
    }
    if (word.size() < 2 || word.back() != 's') break;
    word.pop_back();  // "horns", "bells" → the singular
  }
  return nullptr;
}

}  // namespace

const Character& PickCharacter(const Storyboard& sb) {
  const std::string_view mood = sb.music.mood.empty() ? sb.mood : sb.music.mood;
  if (sb.style == "anime" && (mood == "upbeat" || mood == "epic" || mood == "funny")) {
    return CharacterNamed("anime-opening");
  }
  if (mood == "upbeat") return CharacterNamed("jingle");
  if (mood == "news") return CharacterNamed("news-sting");
  if (mood == "epic") return CharacterNamed("sports-epic");
  if (mood == "funny") return CharacterNamed("playful");
  for (std::string_view same : {"tense", "sad", "romantic", "mysterious"}) {
    if (mood == same) return CharacterNamed(same);
  }
  return CharacterNamed("ambient");
}

Instrumentation Instrument(const Character& ch, const std::vector<std::string>& words) {
  Instrumentation out{ch.programs, ch.drums};
  std::array<bool, kParts> taken{};
  for (const std::string& raw : words) {
    const InstrumentWord* w = FindInstrument(raw);
    if (w == nullptr) continue;
    for (Part role : w->roles) {
      const auto r = static_cast<size_t>(role);
      if (taken[r]) continue;
      taken[r] = true;
      if (role == Part::kDrums) {
        if (out.drums == Drums::kNone) {
          out.drums = w->word == "woodblock" ? Drums::kPlayful : Drums::kLight;
        }
        out.programs[r] = 0;
      } else if (out.programs[r] < w->lo || out.programs[r] > w->hi) {
        out.programs[r] = w->program;
      }
      break;
    }
  }
  if (out.drums == Drums::kNone) out.programs[static_cast<size_t>(Part::kDrums)] = -1;
  return out;
}

std::optional<Key> ParseKey(std::string_view text) {
  const std::string s = core::AsciiLower(text);
  if (s.empty()) return std::nullopt;
  constexpr std::string_view kLetters = "c.d.ef.g.a.b";
  const size_t letter = kLetters.find(s[0]);
  if (s[0] == '.' || letter == std::string_view::npos) return std::nullopt;
  Key key{static_cast<int>(letter), false};
  std::string_view rest = std::string_view(s).substr(1);
  const bool flat_b = rest.starts_with("b");  // "Bb", "Eb": a 'b' right after the letter
  while (!rest.empty() && (rest[0] == '-' || rest[0] == ' ')) rest.remove_prefix(1);
  if (rest.starts_with("#") || rest.starts_with("sharp") || rest.starts_with("\xE2\x99\xAF")) {
    key.tonic += 1;
  } else if (flat_b || rest.starts_with("flat") || rest.starts_with("\xE2\x99\xAD")) {
    key.tonic += 11;
  }
  key.tonic %= 12;
  key.minor = s.find("min") != std::string::npos ||
              (s.size() >= 2 && s.back() == 'm' && s.find("major") == std::string::npos);
  return key;
}

Key DefaultKey(const Character& ch) {
  for (std::string_view dark : {"sports-epic", "tense", "sad", "mysterious"}) {
    if (ch.name == dark) return {9, true};
  }
  return {0, false};
}

// A shot's energy: action and crowd sounds push the music harder.
double ShotEnergy(const Shot& shot) {
  constexpr std::string_view kLively[] = {
      "run",   "jump",      "backflip", "kickflip", "wakeboard", "surf", "gymnastics",
      "dance", "fist-pump", "shout",    "skate",    "ride",      "throw"};
  constexpr std::string_view kLoud[] = {"crowd_cheer", "applause", "impact", "drumroll", "whoosh"};
  for (const Action& a : shot.actions) {
    if (std::find(std::begin(kLively), std::end(kLively), a.verb) != std::end(kLively)) {
      return 0.15;
    }
  }
  for (const SoundEffect& e : shot.sfx) {
    if (std::find(std::begin(kLoud), std::end(kLoud), e.kind) != std::end(kLoud)) return 0.1;
  }
  return 0;
}

std::vector<Lane> Groove(Drums drums) {
  switch (drums) {
    case Drums::kPop:
      return {{kKick, "x.....x.x.......", 100},
              {kSnare, "....x.......x...", 88},
              {kClap, "....x.......x...", 80},
              {kClosedHat, "x.x.x.x.x.x.x.x.", 64},
              {kTambourine, "..x...x...x...x.", 50}};
    case Drums::kAnime:
      return {{kKick, "x.....x.x.....x.", 104},
              {kSnare, "....x.......x..x", 96},
              {kClosedHat, "xxxxxxxxxxxxxxxx", 58}};
    case Drums::kEpic:
      return {{kKick, "x.......x.x.....", 110},
              {kSnare, "....x.......x...", 100},
              {kLowFloorTom, "x..x..x.x..x..x.", 92},
              {kHighFloorTom, "......x.......x.", 80}};
    case Drums::kNews:
      return {{kKick, "x...x...x...x...", 92},
              {kSideStick, "....x.......x...", 70},
              {kClosedHat, "x.xxx.xxx.xxx.xx", 54}};
    case Drums::kPlayful:
      return {{kKick, "x.......x.......", 80},
              {kHighWood, "....x.......x...", 80},
              {kLowWood, "......x.......xx", 70}};
    case Drums::kTense:
      return {{kKick, "x..x............", 84}, {kClosedHat, "..x...x...x...x.", 40}};
    case Drums::kLight:
      return {{kKick, "x.......x.......", 70},
              {kSideStick, "....x.......x...", 60},
              {kRide, "x.x.x.x.x.x.x.x.", 48}};
    case Drums::kNone: return {};
  }
  return {};
}

}  // namespace kinora::engine::audio::score_internal
