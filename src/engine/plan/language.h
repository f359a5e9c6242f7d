// Languages of dialogue: detection from script, hints and common words, and
// a small phrasebook the copywriter writes from and that remix translates
// with. Free text is never machine-translated: a line is translatable only
// when it is one of the phrasebook's phrases. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kinora::engine::plan {

struct LanguageGuess {
  std::string code = "en";   // BCP 47
  bool from_hint = false;    // an explicit "in French" decided it
  bool from_script = false;  // the writing system decided it (Hangul, kana, …)
};

// As engine::DetectLanguage, saying what decided.
LanguageGuess GuessLanguage(std::string_view line, std::string_view context);

// Languages named in `lower_text` ("in Korean and French", "speaks Spanish"),
// in the order they are written, without repeats.
std::vector<std::string> NamedLanguages(std::string_view lower_text);

// The phrase `key` ("hello", "happy_birthday_name", …) in `language`, with
// {name} filled in; falls back to English for a language the book lacks.
std::string Phrase(std::string_view key, std::string_view language, std::string_view name = {});
bool HasLanguage(std::string_view language);

// `text` in `language` when it is a phrasebook phrase in any language
// (punctuation and ASCII case ignored); nullopt otherwise.
std::optional<std::string> Translate(std::string_view text, std::string_view language);

}  // namespace kinora::engine::plan
