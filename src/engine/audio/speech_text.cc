#include "engine/audio/speech_text.h"

#include <array>
#include <cstdint>

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
  struct Block {
    char32_t first, last;
    const char* language;
  };
  // Kana before Han, so Japanese (which mixes both) is not read as Chinese.
  static constexpr Block kBlocks[] = {
      {0xAC00, 0xD7AF, "ko"}, {0x1100, 0x11FF, "ko"},  {0x3130, 0x318F, "ko"},
      {0x3040, 0x30FF, "ja"}, {0x4E00, 0x9FFF, "cmn"}, {0x3400, 0x4DBF, "cmn"},
      {0x0600, 0x06FF, "ar"}, {0x0590, 0x05FF, "he"},  {0x0400, 0x04FF, "ru"},
      {0x0370, 0x03FF, "el"}, {0x0900, 0x097F, "hi"},  {0x0980, 0x09FF, "bn"},
      {0x0B80, 0x0BFF, "ta"}, {0x0E00, 0x0E7F, "th"},
  };
  constexpr size_t kCount = sizeof(kBlocks) / sizeof(kBlocks[0]);
  size_t counts[kCount] = {};
  for (const char32_t c : core::DecodeUtf8(utf8_text)) {
    for (size_t i = 0; i < kCount; ++i) {
      if (c >= kBlocks[i].first && c <= kBlocks[i].last) {
        ++counts[i];
        break;
      }
    }
  }
  auto total = [&](std::string_view language) {
    size_t n = 0;
    for (size_t i = 0; i < kCount; ++i) n += kBlocks[i].language == language ? counts[i] : 0;
    return n;
  };
  // Any kana makes it Japanese; otherwise the script with the most letters.
  if (total("ja") > 0) return "ja";
  std::string best;
  size_t most = 0;
  for (const Block& b : kBlocks) {
    if (total(b.language) > most) {
      most = total(b.language);
      best = b.language;
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
