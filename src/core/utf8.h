// UTF-8 decoding and encoding shared by every stage that handles user text
// (the planner, speech, text rendering). Malformed input never fails: each
// bad sequence (stray continuation, invalid lead, truncation, overlong form,
// surrogate, value above U+10FFFF) is one error, replaced or skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kinora::core {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point starting at text[i] and advances i past it. A
// malformed sequence gives nullopt and advances past the bytes it spans.
std::optional<char32_t> NextCodePoint(std::string_view text, size_t& i);

enum class Utf8Errors { kReplace, kSkip };

// Decodes all of `text`; malformed sequences become U+FFFD or are dropped.
std::u32string DecodeUtf8(std::string_view text, Utf8Errors errors = Utf8Errors::kReplace);

void AppendUtf8(std::string& out, char32_t code_point);

// ASCII letters lowered; every other byte (multi-byte sequences included)
// kept, so offsets are preserved and UTF-8 stays valid.
std::string AsciiLower(std::string_view text);
std::string EncodeUtf8(std::u32string_view text);

// The writing systems the engine tells apart by code point: those a
// dialogue language and a speech voice of their own are written in. Latin,
// digits, punctuation and everything else are kOther.
enum class Script {
  kOther,
  kHangul,
  kKana,
  kHan,  // CJK Unified Ideographs (U+4E00–U+9FFF)
  kArabic,
  kHebrew,
  kCyrillic,
  kGreek,
  kDevanagari,
  kBengali,
  kTamil,
  kThai,
};
Script ScriptOf(char32_t code_point);

}  // namespace kinora::core
