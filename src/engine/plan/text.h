// Text helpers for the planner: UTF-8 decoding and repair, prompt cleaning,
// word-boundary term matching, quotes, and the stable hashing every seeded
// choice goes through.
//
// Everything here is a pure function of its arguments (no locale, no global
// state), so plans are identical on every machine. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace kinora::engine::plan {

// ---------------------------------------------------------------------------
// UTF-8

// One code point from s[i] (advancing i); a malformed sequence reads as U+FFFD.
inline char32_t DecodeUtf8(std::string_view s, size_t& i) {
  return core::NextCodePoint(s, i).value_or(core::kReplacementCharacter);
}
using core::AppendUtf8;
size_t CodePointCount(std::string_view s);

// The prompt as the planner reads it: valid UTF-8, no control characters
// except '\n' and '\t' ('\r' becomes '\n'; other C0/C1 controls, DEL, the
// byte-order mark and bidirectional overrides are removed).
struct CleanText {
  std::string text;
  int controls_removed = 0;    // characters dropped
  int sequences_replaced = 0;  // malformed UTF-8 sequences that became U+FFFD
};
CleanText CleanPrompt(std::string_view raw);

// ---------------------------------------------------------------------------
// Words

using core::AsciiLower;  // core/utf8.h
// Letters, digits and every byte of a multi-byte character are word bytes.
bool IsWordByte(char c);
std::string Trim(std::string_view s);
// "top hat" → "Top Hat" (ASCII letters only).
std::string TitleCase(std::string_view s);
// A lower-case ASCII identifier from words: "Top Hat" → "top-hat", "Zoë" →
// "zoe"; empty when no letter or digit remains (callers supply a fallback).
std::string Slug(std::string_view s);

// How a table word may be inflected where it appears in the text.
enum class Inflect {
  kExact,  // the word as written
  kNoun,   // + s, es
  kVerb,   // + s, es, d, ed, ing
};

struct Span {
  size_t begin = std::string_view::npos;
  size_t end = std::string_view::npos;
  bool found() const { return begin != std::string_view::npos; }
};

// Finds `term` in `text` (both lower case) at or after `from`, starting at a
// word boundary and ending at one after an allowed inflection. A term ending
// in '*' is a stem and matches any continuation ("danc*" → "dancing").
Span FindTerm(std::string_view text, std::string_view term, Inflect inflect, size_t from = 0);
bool HasTerm(std::string_view text, std::string_view term, Inflect inflect);

// Whitespace-separated words with their offsets (punctuation trimmed off).
struct Word {
  size_t begin = 0;
  size_t end = 0;
  std::string text;  // as written
};
std::vector<Word> SplitWords(std::string_view text);

// ---------------------------------------------------------------------------
// Quotes

struct Quote {
  size_t begin = 0;  // byte offset of the opening mark
  size_t end = 0;    // byte offset just past the closing mark
  std::string text;  // trimmed contents
};

// Straight and curly double quotes, guillemets, „…“, CJK corner brackets, and
// single quotes that open after a space or colon and close before a non-letter
// (so "the dog's ball" is not a quote). Unterminated quotes are ignored.
std::vector<Quote> FindQuotes(std::string_view s);

// ---------------------------------------------------------------------------
// Stable hashing (the only source of "randomness" in a plan)

uint64_t Fnv1a(std::string_view s);
uint64_t SplitMix(uint64_t x);
// A well-mixed value for (seed, salt, index); choose with `% n`.
uint64_t Hash(uint64_t seed, std::string_view salt, uint64_t index = 0);
size_t Pick(uint64_t seed, std::string_view salt, size_t n, uint64_t index = 0);

// Rough spoken length of a line: 14 Latin characters per second, a CJK or
// Hangul character counting as 2.5.
double SpeechSeconds(std::string_view text);
inline constexpr double kCharsPerSecond = 14.0;

}  // namespace kinora::engine::plan
