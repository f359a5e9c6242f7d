#include "engine/audio/speech_text.h"

#include <array>
#include <cstdint>
#include <utility>

#include "core/utf8.h"

namespace kinora::engine::audio::internal {
namespace {

bool IsWhitespace(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Zero-width and formatting characters: removed, because they sit inside words.
bool IsInvisible(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x00AD;
}

// Code points no engine can say: controls, private use, noncharacters, U+FFFD.
bool IsUnspeakable(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xE000 && c <= 0xF8FF) ||
         (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE ||
         c == core::kReplacementCharacter || c >= 0xF0000;
}

// ASCII spellings of U+00C0..U+00FF.
constexpr std::array<std::string_view, 64> kLatin1Fold = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  " ", "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  " ", "o", "u", "u", "u", "u", "y", "th", "y"};

// Base letters of U+0100..U+017F (Latin Extended-A), one per code point.
constexpr std::string_view kLatinExtAFold =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRr"
    "SsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatinExtAFold.size() == 0x80);

std::string_view FoldToAscii(char32_t c) {
  if (c >= 0xC0 && c <= 0xFF) return kLatin1Fold[c - 0xC0];
  if (c >= 0x100 && c <= 0x17F) return kLatinExtAFold.substr(c - 0x100, 1);
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x00B4: return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB: return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212: return " - ";
    case 0x2026: return "...";
    case 0x00A1: return "!";
    case 0x00BF: return "?";
    case 0x20AC: return " euros ";
    case 0x00A3: return " pounds ";
    case 0x00B0: return " degrees ";
    default: return " ";
  }
}

}  // namespace

std::string SpeakableUtf8(std::string_view text) {
  std::u32string cleaned;
  bool pending_space = false;
  for (char32_t c : core::DecodeUtf8(text)) {
    if (IsInvisible(c)) continue;
    if (IsWhitespace(c) || IsUnspeakable(c)) {
      pending_space = !cleaned.empty();
      continue;
    }
    if (pending_space) cleaned.push_back(' ');
    pending_space = false;
    cleaned.push_back(c);
  }
  return core::EncodeUtf8(cleaned);
}

std::string SpeakableAscii(std::string_view text) {
  std::string folded;
  for (char32_t c : core::DecodeUtf8(SpeakableUtf8(text))) {
    if (c < 0x80) {
      folded.push_back(static_cast<char>(c));
    } else {
      folded += FoldToAscii(c);
    }
  }
  // Folding may have produced runs of spaces again.
  return SpeakableUtf8(folded);
}

bool HasWordCharacters(std::string_view utf8_text) {
  for (char32_t c : core::DecodeUtf8(utf8_text)) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
    if (c >= 0xC0 && !IsWhitespace(c) && !IsUnspeakable(c) && !IsInvisible(c) &&
        !(c >= 0x2000 && c <= 0x206F) && !(c >= 0x3000 && c <= 0x303F) &&
        !(c >= 0xFF00 && c <= 0xFF0F)) {
      return true;
    }
  }
  return false;
}

std::string LanguageOfScript(std::string_view utf8_text) {
  using core::Script;
  // In core::Script's order, which breaks ties.
  static constexpr std::pair<Script, const char*> kLanguages[] = {
      {Script::kHangul, "ko"}, {Script::kKana, "ja"},       {Script::kHan, "cmn"},
      {Script::kArabic, "ar"}, {Script::kHebrew, "he"},     {Script::kCyrillic, "ru"},
      {Script::kGreek, "el"},  {Script::kDevanagari, "hi"}, {Script::kBengali, "bn"},
      {Script::kTamil, "ta"},  {Script::kThai, "th"},
  };
  std::array<size_t, static_cast<size_t>(Script::kThai) + 1> counts{};
  for (const char32_t c : core::DecodeUtf8(utf8_text))
    ++counts[static_cast<size_t>(core::ScriptOf(c))];
  // Any kana makes it Japanese (which mixes kana and Han); otherwise the
  // script with the most letters.
  if (counts[static_cast<size_t>(Script::kKana)] > 0) return "ja";
  std::string best;
  size_t most = 0;
  for (const auto& [script, language] : kLanguages) {
    if (counts[static_cast<size_t>(script)] > most) {
      most = counts[static_cast<size_t>(script)];
      best = language;
    }
  }
  return best;
}

namespace {

// The script a language is written in, by its primary subtag.
std::string_view ScriptOf(std::string_view language) {
  const std::string_view primary = language.substr(0, language.find_first_of("-_"));
  struct Entry {
    std::string_view language, script;
  };
  static constexpr Entry kScripts[] = {
      {"ko", "hangul"},   {"ja", "japanese"},   {"cmn", "han"},       {"zh", "han"},
      {"yue", "han"},     {"ar", "arabic"},     {"fa", "arabic"},     {"ur", "arabic"},
      {"he", "hebrew"},   {"ru", "cyrillic"},   {"uk", "cyrillic"},   {"bg", "cyrillic"},
      {"sr", "cyrillic"}, {"mk", "cyrillic"},   {"be", "cyrillic"},   {"kk", "cyrillic"},
      {"el", "greek"},    {"hi", "devanagari"}, {"mr", "devanagari"}, {"ne", "devanagari"},
      {"bn", "bengali"},  {"ta", "tamil"},      {"th", "thai"},
  };
  for (const Entry& e : kScripts) {
    if (e.language == primary) return e.script;
  }
  return "latin";
}

}  // namespace

bool ReadsScriptOf(std::string_view language, std::string_view script_language) {
  const std::string_view script = ScriptOf(script_language);
  const std::string_view own = ScriptOf(language);
  return own == script || (own == "japanese" && script == "han");
}

}  // namespace kinora::engine::audio::internal
