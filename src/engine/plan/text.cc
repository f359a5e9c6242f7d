#include "engine/plan/text.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kinora::engine::plan {

// ---------------------------------------------------------------------------
// UTF-8

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) DecodeUtf8(s, i);
  return n;
}

namespace {

bool IsRemovedControl(char32_t cp) {
  if (cp == '\n' || cp == '\t') return false;
  if (cp < 0x20 || cp == 0x7F) return true;
  if (cp >= 0x80 && cp <= 0x9F) return true;      // C1 controls
  if (cp == 0xFEFF) return true;                  // byte-order mark
  if (cp >= 0x202A && cp <= 0x202E) return true;  // bidi embeddings and overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true;  // bidi isolates
  return false;
}

}  // namespace

CleanText CleanPrompt(std::string_view raw) {
  CleanText out;
  out.text.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    const auto decoded = core::NextCodePoint(raw, i);
    if (!decoded) ++out.sequences_replaced;
    char32_t cp = decoded.value_or(core::kReplacementCharacter);
    if (cp == '\r') {
      if (i < raw.size() && raw[i] == '\n') continue;  // "\r\n" → "\n"
      cp = '\n';
    } else if (IsRemovedControl(cp)) {
      ++out.controls_removed;
      continue;
    }
    AppendUtf8(out.text, cp);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Words

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string TitleCase(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == ' ' || c == '-';
  }
  return out;
}

namespace {

// Latin-1 letters (U+00C0–U+00FF) as the ASCII letter they carry: "Zoë" → "zoe".
char FoldLatin1(char32_t cp) {
  static constexpr char kFold[] =
      "aaaaaaaceeeeiiiidnooooo-ouuuuyts"   // U+00C0–U+00DF
      "aaaaaaaceeeeiiiidnooooo-ouuuuyty";  // U+00E0–U+00FF
  return cp >= 0xC0 && cp <= 0xFF ? kFold[cp - 0xC0] : '-';
}

}  // namespace

std::string Slug(std::string_view text) {
  std::string s;
  for (size_t i = 0; i < text.size();) {
    const char32_t cp = DecodeUtf8(text, i);
    s += cp < 0x80 ? static_cast<char>(cp) : FoldLatin1(cp);
  }
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

Span FindTerm(std::string_view text, std::string_view term, Inflect inflect, size_t from) {
  if (term.empty()) return {};
  const bool stem = term.back() == '*';
  if (stem) term.remove_suffix(1);
  static constexpr std::array<std::string_view, 2> kNounEndings = {"es", "s"};
  static constexpr std::array<std::string_view, 5> kVerbEndings = {"ing", "es", "ed", "s", "d"};
  const auto boundary_at = [&](size_t e) { return e >= text.size() || !IsWordByte(text[e]); };
  for (size_t pos = text.find(term, from); pos != std::string_view::npos;
       pos = text.find(term, pos + 1)) {
    if (pos > 0 && IsWordByte(text[pos - 1]) && IsWordByte(term.front())) continue;
    size_t end = pos + term.size();
    if (stem) {
      while (end < text.size() && IsWordByte(text[end])) ++end;
      return {pos, end};
    }
    if (boundary_at(end) || !IsWordByte(term.back())) return {pos, end};
    const auto try_endings = [&](const auto& endings) -> size_t {
      for (std::string_view e : endings) {
        if (text.substr(end, e.size()) == e && boundary_at(end + e.size())) return end + e.size();
      }
      return std::string_view::npos;
    };
    size_t inflected = std::string_view::npos;
    if (inflect == Inflect::kNoun) inflected = try_endings(kNounEndings);
    if (inflect == Inflect::kVerb) inflected = try_endings(kVerbEndings);
    if (inflected != std::string_view::npos) return {pos, inflected};
  }
  return {};
}

bool HasTerm(std::string_view text, std::string_view term, Inflect inflect) {
  return FindTerm(text, term, inflect).found();
}

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(text[i])) ++i;
    size_t b = i;
    // Apostrophes and hyphens inside a word keep it whole ("don't", "t-shirt").
    while (i < text.size() &&
           (IsWordByte(text[i]) || ((text[i] == '\'' || text[i] == '-') && i + 1 < text.size() &&
                                    IsWordByte(text[i + 1]) && i > b))) {
      ++i;
    }
    if (i > b) words.push_back({b, i, std::string(text.substr(b, i - b))});
  }
  return words;
}

// ---------------------------------------------------------------------------
// Quotes

namespace {

bool IsLetterAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  const auto c = static_cast<unsigned char>(s[i]);
  return IsWordByte(static_cast<char>(c));
}

// A single-quoted span: opens after a space, colon or the start, closes where
// the next ' or ’ is not followed by a letter ("it's" is not a close).
size_t SingleQuoteClose(std::string_view s, size_t open_end) {
  constexpr size_t kMaxQuote = 400;
  for (size_t j = open_end; j < s.size() && j < open_end + kMaxQuote; ++j) {
    size_t mark = 0;
    if (s[j] == '\'') mark = 1;
    if (s.substr(j, 3) == "\u2019") mark = 3;
    if (mark == 0) continue;
    if (j > 0 && s[j - 1] == ' ') continue;
    if (!IsLetterAt(s, j + mark)) return j;
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<Quote> FindQuotes(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kMarks[] = {
      {"\"", "\""},         {"\u201C", "\u201D"}, {"\u201E", "\u201C"},
      {"\u00AB", "\u00BB"}, {"\u300C", "\u300D"}, {"\u300E", "\u300F"}};
  std::vector<Quote> out;
  const auto push = [&](size_t begin, size_t body, size_t close_at, size_t close_len) {
    Quote q{begin, close_at + close_len, Trim(s.substr(body, close_at - body))};
    if (!q.text.empty()) out.push_back(std::move(q));
  };
  size_t i = 0;
  while (i < s.size()) {
    bool matched = false;
    for (auto [open, close] : kMarks) {
      if (s.substr(i, open.size()) != open) continue;
      const size_t close_at = s.find(close, i + open.size());
      if (close_at == std::string_view::npos) break;
      push(i, i + open.size(), close_at, close.size());
      i = close_at + close.size();
      matched = true;
      break;
    }
    if (matched) continue;
    size_t single = 0;
    if (s[i] == '\'') single = 1;
    if (s.substr(i, 3) == "\u2018" || s.substr(i, 3) == "\u2019") single = 3;
    const bool opens = single > 0 && (i == 0 || s[i - 1] == ' ' || s[i - 1] == ':' ||
                                      s[i - 1] == '\n' || s[i - 1] == '(');
    if (opens && IsLetterAt(s, i + single)) {
      size_t close_at = std::string_view::npos;
      if (single == 3 && s.substr(i, 3) == "\u2018") {
        close_at = s.find("\u2019", i + 3);
        // "‘…’" may hold apostrophes written as ’; take the first one not before a letter.
        while (close_at != std::string_view::npos && IsLetterAt(s, close_at + 3)) {
          close_at = s.find("\u2019", close_at + 3);
        }
      } else {
        close_at = SingleQuoteClose(s, i + single);
      }
      if (close_at != std::string_view::npos) {
        const size_t close_len = s[close_at] == '\'' ? 1 : 3;
        push(i, i + single, close_at, close_len);
        i = close_at + close_len;
        continue;
      }
    }
    ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Hashing

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t Hash(uint64_t seed, std::string_view salt, uint64_t index) {
  return SplitMix(SplitMix(seed ^ Fnv1a(salt)) + index);
}

size_t Pick(uint64_t seed, std::string_view salt, size_t n, uint64_t index) {
  return n == 0 ? 0 : static_cast<size_t>(Hash(seed, salt, index) % n);
}

double SpeechSeconds(std::string_view text) {
  double weight = 0;
  for (size_t i = 0; i < text.size();) {
    const char32_t cp = DecodeUtf8(text, i);
    const bool dense = (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3040 && cp <= 0x30FF) ||
                       (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
                       (cp >= 0xAC00 && cp <= 0xD7AF);
    weight += dense ? 2.5 : 1.0;
  }
  return std::max(0.5, weight / kCharsPerSecond);
}

}  // namespace kinora::engine::plan
