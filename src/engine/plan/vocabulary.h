// The planner's word tables: how the words of a prompt map onto the closed
// storyboard vocabularies (kPlaces, kVerbs, kStyles, … in storyboard.h).
//
// Every value a table yields is a member of the matching closed vocabulary;
// vocabulary_test-style checks live in planner_test.cc. Tables are constant
// data with static storage; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/text.h"

namespace kinora::engine::plan {

// A word or phrase of a prompt (lower case) and the vocabulary value it means.
struct Term {
  std::string_view word;
  std::string_view value;
};

struct TermTable {
  std::span<const Term> terms;
  Inflect inflect;
};

struct TermMatch {
  Span span;
  std::string_view value;  // empty when nothing matched
  std::string_view word;
};

// The match that starts first in `text` (ties: the longer term).
TermMatch FirstTerm(std::string_view text, const TermTable& table);
// Every match in text order, overlapping matches dropped (longer wins).
std::vector<TermMatch> AllTerms(std::string_view text, const TermTable& table);

extern const TermTable kPlaceTerms;
extern const TermTable kTimeTerms;
extern const TermTable kWeatherTerms;
extern const TermTable kStyleTerms;
extern const TermTable kMoodTerms;
extern const TermTable kVerbTerms;
extern const TermTable kFramingTerms;
extern const TermTable kMoveTerms;
extern const TermTable kSfxTerms;       // sounds named outright ("thunder", "applause")
extern const TermTable kLanguageNames;  // "korean" → "ko"
extern const TermTable kEmotionTerms;   // "whispers" → "whispering"

bool IsIndoorPlace(std::string_view place);

// Cast vocabulary ------------------------------------------------------------

enum class Gender : char { kUnknown, kFemale, kMale };

struct CastTerm {
  std::string_view word;    // singular, lower case; plurals: + s/es or `plural`
  std::string_view plural;  // an irregular plural ("men"), or empty
  std::string_view kind;    // person | animal | object
  std::string_view species;
  std::string_view breed;
  std::string_view label;  // display name and id stem ("Dog", "Anchor")
  Gender gender = Gender::kUnknown;
  std::string_view age;        // child | teen | adult | elder | ""
  std::string_view role_verb;  // the verb the role implies: surfer → surf
  std::string_view place;      // where the role usually is: chef → kitchen
  bool drawn = true;           // the renderer has a drawing of its own for it
};

std::span<const CastTerm> CastTerms();
// Phrases that contain a cast word but are something else ("hot dog").
std::span<const std::string_view> CastExclusions();

// The performer a verb implies when no one is named: kickflip → skater.
const CastTerm* PerformerForVerb(std::string_view verb);
const CastTerm* FindCastTerm(std::string_view word);

// Looks ----------------------------------------------------------------------

std::span<const std::string_view> Colors();       // "red", "navy", "light blue", …
std::span<const std::string_view> OutfitItems();  // "hoodie", "top hat", …
std::span<const Term> AccessoryTerms();           // "shades" → "sunglasses"
bool IsHeadwear(std::string_view item);
bool IsWearable(std::string_view noun);  // an outfit item or accessory word

// Nouns the planner understands without drawing them as cast: meta words
// ("video", "routine"), body parts, scenery, gear. Never "unknown things".
bool IsKnownNonCastNoun(std::string_view word);
// Gear that belongs to an action ("skateboard" in "kickflips on a skateboard").
bool IsGear(std::string_view word);
// Props the renderer draws with a shape of its own.
bool IsDrawnProp(std::string_view word);
// Words that end a noun phrase: prepositions, conjunctions, common verbs.
bool IsPhraseBreak(std::string_view word);
// Adjectives that describe rather than name ("glowing", "giant").
bool IsDescriptor(std::string_view word);

// Moods and music -------------------------------------------------------------

int TempoForMood(std::string_view mood);
std::string_view KeyForMood(std::string_view mood);
std::vector<std::string> InstrumentsForMood(std::string_view mood);

// The language code for an English language name ("Korean" → "ko"), or "".
std::string_view LanguageCode(std::string_view name);
// The English name of a language code ("ko" → "Korean"), or the code itself.
std::string LanguageName(std::string_view code);

}  // namespace kinora::engine::plan
