#include "engine/plan/cast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace kinora::engine::plan {
namespace {

// Function words and prompt words that are capitalised at a sentence start
// but are never names.
constexpr std::string_view kNotNames[] = {
    "the",       "a",         "an",         "this",    "that",
    "these",     "those",     "then",       "first",   "finally",
    "next",      "after",     "afterwards", "later",   "meanwhile",
    "suddenly",  "cut",       "shot",       "scene",   "make",
    "show",      "create",    "generate",   "imagine", "depict",
    "animate",   "film",      "render",     "write",   "give",
    "add",       "please",    "now",        "today",   "tomorrow",
    "yesterday", "happy",     "merry",      "good",    "breaking",
    "hello",     "hi",        "hey",        "welcome", "congratulations",
    "i",         "we",        "you",        "he",      "she",
    "it",        "they",      "his",        "her",     "their",
    "its",       "my",        "our",        "your",    "one",
    "two",       "three",     "four",       "five",    "six",
    "seven",     "eight",     "nine",       "ten",     "in",
    "at",        "on",        "with",       "and",     "or",
    "but",       "while",     "as",         "when",    "where",
    "here",      "there",     "what",       "who",     "how",
    "why",       "wow",       "oh",         "ok",      "okay",
    "yes",       "no",        "tv",         "ai",      "dj",
    "mr",        "mrs",       "ms",         "dr",      "monday",
    "tuesday",   "wednesday", "thursday",   "friday",  "saturday",
    "sunday",    "january",   "february",   "april",   "june",
    "july",      "august",    "september",  "october", "november",
    "december",  "christmas", "halloween",  "easter",  "olympic",
    "olympics",  "earth",     "god",        "some",    "every",
    "all",       "both",      "each",       "another", "other",
    "its",       "new",       "old",        "big",     "little",
    "close",     "wide",      "medium",     "slow",    "fast",
    "same",      "end",       "intro",      "outro",   "instagram",
    "tiktok",    "youtube",   "style",      "kinora",
};

constexpr std::string_view kDeterminers[] = {"a",    "an",  "the",  "some",   "this",
                                             "that", "his", "her",  "their",  "its",
                                             "my",   "our", "your", "another"};

constexpr std::pair<std::string_view, int> kCounts[] = {
    {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6},  {"2", 2},    {"3", 3},
    {"4", 4},   {"5", 5},     {"6", 6},    {"both", 2}, {"twin", 2}, {"pair", 2}, {"couple", 2},
};

template <typename List>
bool InList(const List& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool IsUpperStart(std::string_view w) {
  if (w.size() < 2) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  if (c >= 'A' && c <= 'Z') {
    return std::any_of(w.begin() + 1, w.end(), [](char x) { return x >= 'a' && x <= 'z'; });
  }
  // Latin-1 capitals: U+00C0–U+00DE are C3 80–C3 9E.
  return c == 0xC3 && static_cast<unsigned char>(w[1]) >= 0x80 &&
         static_cast<unsigned char>(w[1]) <= 0x9E;
}

bool MatchesWhole(std::string_view word, const TermTable& table) {
  for (const TermMatch& m : AllTerms(word, table)) {
    if (m.span.begin == 0 && m.span.end == word.size()) return true;
  }
  return false;
}

// Whether a lower-case word belongs to any of the planner's vocabularies.
bool IsVocabularyWord(std::string_view w) {
  if (InList(kNotNames, w) || IsPhraseBreak(w) || IsDescriptor(w) || IsKnownNonCastNoun(w) ||
      IsWearable(w)) {
    return true;
  }
  if (InList(Colors(), w)) return true;
  for (const CastTerm& t : CastTerms()) {
    if (FindTerm(w, t.word, Inflect::kNoun).found() || t.plural == w) return true;
  }
  for (const TermTable* table :
       {&kPlaceTerms, &kTimeTerms, &kWeatherTerms, &kStyleTerms, &kMoodTerms, &kVerbTerms,
        &kFramingTerms, &kMoveTerms, &kLanguageNames, &kSfxTerms}) {
    if (MatchesWhole(w, *table)) return true;
  }
  return false;
}

bool IsSpeechVerb(std::string_view w) {
  static constexpr std::string_view kSpeech[] = {
      "says",   "said",      "asks",     "asked",   "replies", "replied",  "answers",  "answered",
      "shouts", "yells",     "whispers", "screams", "tells",   "adds",     "exclaims", "cries",
      "sings",  "announces", "reports",  "speaks",  "laughs",  "responds", "calls",    "cheers",
      "'s",     "is",        "was",      "has",     "who",     "and",      "with",     "gets",
      "wins",   "loves",     "goes",     "can",     "will",    "wants",    "likes",    "turns",
  };
  return InList(kSpeech, w) || MatchesWhole(w, kVerbTerms);
}

struct Occurrence {
  size_t begin = 0;
  size_t end = 0;
  size_t phrase_begin = 0;  // article and adjectives before the word
  const CastTerm* term = nullptr;
  int count = 1;
  bool force_new = false;
  bool definite = false;  // "the dog"
  std::string name;
  // Unknown things: their own id, display name and colour.
  bool unknown = false;
  std::string thing_id;
  std::string thing_name;
  std::string thing_color;
};

struct WordInfo {
  Word word;
  std::string lower;
  bool sentence_start = false;
};

std::vector<WordInfo> ReadWords(const PromptText& text) {
  std::vector<WordInfo> out;
  for (Word& w : SplitWords(text.cased)) {
    WordInfo info;
    info.lower = AsciiLower(w.text);
    // A possessive "'s" belongs to the word, not its spelling.
    if (info.lower.size() > 2 && info.lower.ends_with("'s")) {
      info.lower.resize(info.lower.size() - 2);
      w.text.resize(w.text.size() - 2);
      w.end -= 2;
    }
    size_t k = w.begin;
    bool newline = false;
    while (k > 0 && text.cased[k - 1] == ' ') newline |= text.original[--k] == '\n';
    const char prev = k == 0 ? '.' : text.cased[k - 1];
    info.sentence_start =
        newline || prev == '.' || prev == '!' || prev == '?' || prev == ':' || prev == ')';
    info.word = std::move(w);
    out.push_back(std::move(info));
  }
  return out;
}

int WordAt(const std::vector<WordInfo>& words, size_t pos) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].word.begin <= pos && pos < words[i].word.end) return static_cast<int>(i);
  }
  return -1;
}

int WordStartingAtOrAfter(const std::vector<WordInfo>& words, size_t pos) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].word.begin >= pos) return static_cast<int>(i);
  }
  return -1;
}

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

// The name a capitalised run of words starting at word i spells, or "".
std::string NameAt(const std::vector<WordInfo>& words, size_t i, size_t* last) {
  if (i >= words.size() || !IsUpperStart(words[i].word.text) || IsVocabularyWord(words[i].lower)) {
    return {};
  }
  std::string name = words[i].word.text;
  *last = i;
  // "Mia Wong": a second capitalised, unknown word right after joins the name.
  if (i + 1 < words.size() && IsUpperStart(words[i + 1].word.text) &&
      !IsVocabularyWord(words[i + 1].lower) && words[i + 1].word.begin == words[i].word.end + 1) {
    name += " " + words[i + 1].word.text;
    *last = i + 1;
  }
  return name;
}

bool InSpans(const std::vector<Span>& spans, size_t pos) {
  return std::any_of(spans.begin(), spans.end(),
                     [&](const Span& s) { return pos >= s.begin && pos < s.end; });
}

// Finds the table words for cast members, longest first, skipping phrases
// that only look like them ("hot dog") and verbs that look like nouns.
std::vector<Occurrence> FindTermOccurrences(const PromptText& text,
                                            const std::vector<WordInfo>& words) {
  const std::string& lower = text.lower;
  std::vector<std::pair<size_t, size_t>> blocked;
  for (std::string_view ex : CastExclusions()) {
    for (Span s = FindTerm(lower, ex, Inflect::kNoun); s.found();
         s = FindTerm(lower, ex, Inflect::kNoun, s.begin + 1)) {
      blocked.push_back({s.begin, s.end});
    }
  }
  std::vector<Occurrence> found;
  for (const CastTerm& term : CastTerms()) {
    std::vector<Span> spans;
    for (Span s = FindTerm(lower, term.word, Inflect::kNoun); s.found();
         s = FindTerm(lower, term.word, Inflect::kNoun, s.begin + 1)) {
      spans.push_back(s);
    }
    if (!term.plural.empty()) {
      for (Span s = FindTerm(lower, term.plural, Inflect::kExact); s.found();
           s = FindTerm(lower, term.plural, Inflect::kExact, s.begin + 1)) {
        spans.push_back(s);
      }
    }
    for (const Span& s : spans) {
      bool taken = false;
      for (auto [b, e] : blocked) taken |= Overlaps(s.begin, s.end, b, e);
      for (const auto& o : found) taken |= Overlaps(s.begin, s.end, o.begin, o.end);
      if (taken) continue;
      Occurrence o;
      o.begin = s.begin;
      o.end = s.end;
      o.term = &term;
      const bool plural =
          (s.end - s.begin != term.word.size() && term.plural.empty()) ||
          (!term.plural.empty() && lower.substr(s.begin, s.end - s.begin) == term.plural &&
           term.plural != term.word);
      if (plural) o.count = 2;
      found.push_back(o);
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Occurrence& a, const Occurrence& b) { return a.begin < b.begin; });
  // "a man fishes", "she hosts": an inflected word right after its subject is a verb.
  std::vector<Occurrence> kept;
  for (const Occurrence& o : found) {
    const int wi = WordAt(words, o.begin);
    const bool inflected = o.end - o.begin > o.term->word.size() && o.count > 1 &&
                           lower.substr(o.begin, o.end - o.begin) != o.term->plural;
    if (inflected && wi > 0) {
      const WordInfo& prev = words[wi - 1];
      static constexpr std::string_view kSubjects[] = {"he",  "she", "it", "they",
                                                       "who", "i",   "we", "you"};
      const bool after_subject = InList(kSubjects, prev.lower) ||
                                 (!kept.empty() && kept.back().end >= prev.word.begin &&
                                  kept.back().end <= prev.word.end) ||
                                 (IsUpperStart(prev.word.text) && !IsVocabularyWord(prev.lower));
      if (after_subject) continue;
    }
    kept.push_back(o);
  }
  // Counts, "another", and where each noun phrase starts.
  for (Occurrence& o : kept) {
    int wi = WordAt(words, o.begin);
    o.phrase_begin = o.begin;
    for (int k = wi - 1, steps = 0; k >= 0 && steps < 4; --k, ++steps) {
      const std::string& w = words[k].lower;
      bool counted = false;
      for (auto [word, n] : kCounts) {
        if (w == word) {
          o.count = std::max(o.count, n);
          counted = true;
        }
      }
      if (w == "another" || w == "second" || w == "other" || w == "new") o.force_new = true;
      if (w == "the" || w == "this" || w == "that") o.definite = true;
      const bool modifier = counted || InList(kDeterminers, w) || IsDescriptor(w) ||
                            InList(Colors(), w) || w == "of" || w == "second" || w == "other" ||
                            w.ends_with("-year-old") || w == "teenage" || w == "elderly" ||
                            w == "blonde" || w == "blond" || w == "bald" || w == "bearded" ||
                            w == "middle-aged" || w == "light" || w == "dark";
      if (!modifier) break;
      o.phrase_begin = words[k].word.begin;
      if (InList(kDeterminers, w)) break;
    }
    o.count = std::min(o.count, 4);
  }
  return kept;
}

// "a woman named Mia", "my dog Rocket", "Mia, a chef,", "Rocket the dog".
void AttachNames(const PromptText& text, const std::vector<WordInfo>& words,
                 std::vector<Occurrence>& occ, std::vector<bool>& name_used) {
  for (Occurrence& o : occ) {
    if (o.count != 1) continue;
    int next = WordStartingAtOrAfter(words, o.end);
    if (next < 0) continue;
    size_t last = 0;
    // "named Mia" / "called Mia", allowing ", named Mia".
    if ((words[next].lower == "named" || words[next].lower == "called") &&
        static_cast<size_t>(next + 1) < words.size()) {
      std::string name = NameAt(words, next + 1, &last);
      if (!name.empty()) {
        o.name = name;
        for (size_t k = next; k <= last; ++k) name_used[k] = true;
        continue;
      }
    }
    // "my dog Rocket": a name right after the word, one space apart.
    if (words[next].word.begin == o.end + 1 && text.cased[o.end] == ' ') {
      std::string name = NameAt(words, next, &last);
      if (!name.empty()) {
        o.name = name;
        for (size_t k = next; k <= last; ++k) name_used[k] = true;
        continue;
      }
    }
    // "Mia, a chef" / "Rocket the dog": a name just before the noun phrase.
    const int first = WordAt(words, o.phrase_begin);
    if (first <= 0) continue;
    int k = first - 1;
    const bool comma = text.cased.substr(words[k].word.end, 2) == ", ";
    const bool the_form = words[first].lower == "the" && text.cased[words[k].word.end] == ' ';
    if (!comma && !the_form) continue;
    // Walk back over a two-word name.
    if (k > 0 && IsUpperStart(words[k - 1].word.text) && !IsVocabularyWord(words[k - 1].lower) &&
        words[k - 1].word.end + 1 == words[k].word.begin) {
      --k;
    }
    std::string name = NameAt(words, k, &last);
    if (!name.empty() && static_cast<int>(last) == first - 1 && !name_used[k]) {
      o.name = name;
      for (size_t j = k; j <= last; ++j) name_used[j] = true;
    }
  }
}

// Capitalised words that behave like names: "Rohan skateboards", "with Mia".
std::vector<Occurrence> FindStandaloneNames(const std::vector<WordInfo>& words,
                                            const std::vector<Occurrence>& occ,
                                            std::vector<bool>& name_used,
                                            const std::vector<Span>& not_names) {
  static constexpr std::string_view kNotAfter[] = {
      "the",     "a",        "an",     "in",   "at",   "from", "near", "into",   "on",   "across",
      "through", "visiting", "around", "over", "this", "that", "like", "called", "named"};
  std::vector<Occurrence> out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (name_used[i] || InSpans(not_names, words[i].word.begin)) continue;
    bool inside_term = false;
    for (const Occurrence& o : occ) {
      inside_term |= Overlaps(words[i].word.begin, words[i].word.end, o.begin, o.end);
    }
    if (inside_term) continue;
    size_t last = i;
    std::string name = NameAt(words, i, &last);
    if (name.empty()) continue;
    if (i > 0 && !words[i].sentence_start && InList(kNotAfter, words[i - 1].lower)) continue;
    // "the X Games": a capitalised word after another is part of a title.
    if (i > 0 && !words[i].sentence_start && words[i - 1].word.text[0] >= 'A' &&
        words[i - 1].word.text[0] <= 'Z') {
      continue;
    }
    const bool has_next = last + 1 < words.size();
    const std::string next = has_next ? words[last + 1].lower : "";
    if (words[i].sentence_start) {
      // At a sentence start only a following verb shows it is a name.
      if (!has_next || !IsSpeechVerb(next)) continue;
    } else if (has_next && !IsSpeechVerb(next) && !IsPhraseBreak(next) &&
               words[last + 1].word.begin == words[last].word.end + 1) {
      continue;  // "Nimbus sneakers": a capitalised modifier, not a name
    }
    for (size_t k = i; k <= last; ++k) name_used[k] = true;
    Occurrence o;
    o.begin = words[i].word.begin;
    o.end = words[last].word.end;
    o.phrase_begin = o.begin;
    o.name = name;
    out.push_back(std::move(o));
    i = last;
  }
  return out;
}

// Noun phrases whose head no table knows: "a glowing teapot".
std::vector<Occurrence> FindUnknownThings(const PromptText& text,
                                          const std::vector<WordInfo>& words,
                                          const std::vector<Occurrence>& occ,
                                          const std::vector<bool>& name_used) {
  std::vector<Occurrence> out;
  const auto covered = [&](const WordInfo& w) {
    for (const Occurrence& o : occ) {
      if (Overlaps(w.word.begin, w.word.end, o.phrase_begin, o.end)) return true;
    }
    return false;
  };
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (!InList(kDeterminers, words[i].lower) &&
        !InList(std::array<std::string_view, 4>{"two", "three", "four", "five"}, words[i].lower)) {
      continue;
    }
    // The phrase: up to four words before a break, punctuation or a known verb.
    std::vector<size_t> phrase;
    for (size_t k = i + 1; k < words.size() && phrase.size() < 4; ++k) {
      const WordInfo& w = words[k];
      const bool modifier = IsDescriptor(w.lower) || InList(Colors(), w.lower);
      if (!modifier && (IsPhraseBreak(w.lower) || InList(kDeterminers, w.lower))) break;
      if (name_used[k]) break;
      if (MatchesWhole(w.lower, kVerbTerms) && !phrase.empty()) break;
      // "a mailman delivers a package": a word before an article is a verb.
      if (!phrase.empty() && k + 1 < words.size() && InList(kDeterminers, words[k + 1].lower) &&
          !modifier) {
        break;
      }
      phrase.push_back(k);
      // A garment, a place or a cast word is the head ("a blue cardigan knits").
      if (IsWearable(w.lower) || FindCastTerm(w.lower) != nullptr ||
          MatchesWhole(w.lower, kPlaceTerms)) {
        break;
      }
      // Punctuation right after the word ends the phrase.
      if (w.word.end < text.cased.size() && text.cased[w.word.end] != ' ') break;
    }
    if (phrase.empty()) continue;
    bool any_covered = false;
    for (size_t k : phrase) any_covered |= covered(words[k]);
    if (any_covered) continue;
    const WordInfo& head = words[phrase.back()];
    std::string head_word = head.lower;
    const bool alpha = std::all_of(head_word.begin(), head_word.end(),
                                   [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
    if (!alpha || head_word.size() < 3 || IsVocabularyWord(head_word)) continue;
    // A plural head names one thing of its kind: "teapots" → "teapot".
    if (head_word.size() > 3 && head_word.ends_with('s') && !head_word.ends_with("ss")) {
      head_word.pop_back();
      if (IsVocabularyWord(head_word)) continue;
    }
    Occurrence o;
    o.unknown = true;
    o.begin = head.word.begin;
    o.end = head.word.end;
    o.phrase_begin = words[i].word.begin;
    std::vector<std::string> name_words;
    std::vector<std::string> id_words;
    for (size_t k : phrase) {
      const std::string& w = words[k].lower;
      if (InList(Colors(), w)) {
        o.thing_color = w;
        continue;
      }
      name_words.push_back(k == phrase.back() ? head_word : w);
      if (!IsDescriptor(w)) id_words.push_back(k == phrase.back() ? head_word : w);
    }
    std::string joined_name, joined_id;
    for (const auto& w : name_words) joined_name += (joined_name.empty() ? "" : " ") + w;
    for (const auto& w : id_words) joined_id += (joined_id.empty() ? "" : " ") + w;
    o.thing_name = TitleCase(joined_name);
    o.thing_id = Slug(joined_id);
    if (o.thing_id.empty()) continue;
    out.push_back(std::move(o));
    i = phrase.back();
  }
  return out;
}

// The text after a cast word that describes it: up to the next cast word or
// the end of the clause.
std::string_view LooksWindow(const std::string& lower, size_t from, size_t next_cast) {
  size_t end = std::min({lower.size(), next_cast, from + 90});
  for (std::string_view stop : {".", ";", "!", "?", " then ", " cut to "}) {
    const size_t p = lower.find(stop, from);
    if (p != std::string::npos && p < end) end = p;
  }
  return std::string_view(lower).substr(from, end - from);
}

}  // namespace

int CastReading::IndexOf(std::string_view id) const {
  for (size_t i = 0; i < cast.size(); ++i) {
    if (cast[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

const Mention* CastReading::LastMentionBefore(size_t pos, size_t not_before) const {
  const Mention* best = nullptr;
  for (const Mention& m : mentions) {
    if (m.end > pos || m.begin < not_before) continue;
    // The latest-ending mention wins; a group beats a member ending with it.
    if (best == nullptr || m.end > best->end ||
        (m.end == best->end && m.ids.size() > best->ids.size())) {
      best = &m;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------

namespace {

// Resolves an occurrence of a table word against cast that already exists.
int ExistingMatch(const Occurrence& o, const std::vector<CastMember>& existing) {
  if (o.force_new || o.count > 1) return -1;
  const auto lower_eq = [](std::string_view a, std::string_view b) {
    return AsciiLower(a) == AsciiLower(b);
  };
  if (!o.name.empty()) {
    for (size_t i = 0; i < existing.size(); ++i) {
      if (lower_eq(existing[i].name, o.name)) return static_cast<int>(i);
    }
    return -1;
  }
  if (o.unknown) {
    for (size_t i = 0; i < existing.size(); ++i) {
      if (existing[i].kind == "object" && existing[i].id == o.thing_id) return static_cast<int>(i);
    }
    return -1;
  }
  const CastTerm& t = *o.term;
  for (size_t i = 0; i < existing.size(); ++i) {
    const CastMember& c = existing[i];
    if (c.kind != t.kind) continue;
    if (t.kind == "animal" &&
        (c.species == t.species || (!t.breed.empty() && c.breed == t.breed))) {
      return static_cast<int>(i);
    }
    if (t.kind != "animal" && (lower_eq(c.name, t.label) || c.id == Slug(t.label))) {
      return static_cast<int>(i);
    }
  }
  // "the woman" when the storyboard has exactly one person.
  if (o.definite && t.kind == "person") {
    int only = -1, people = 0;
    for (size_t i = 0; i < existing.size(); ++i) {
      if (existing[i].kind == "person") only = static_cast<int>(i), ++people;
    }
    if (people == 1) return only;
  }
  return -1;
}

void AddPronounMentions(const std::vector<WordInfo>& words, const std::string& focus,
                        CastReading& r) {
  std::vector<Mention> added;
  const auto gender_of = [&](const std::string& id) {
    const int i = r.IndexOf(id);
    return i < 0 ? Gender::kUnknown : r.notes[i].gender;
  };
  const auto kind_of = [&](const std::string& id) {
    const int i = r.IndexOf(id);
    return i < 0 ? std::string() : r.cast[i].kind;
  };
  for (size_t wi = 0; wi < words.size(); ++wi) {
    const std::string& w = words[wi].lower;
    const size_t pos = words[wi].word.begin;
    std::vector<const Mention*> before;
    for (const Mention& m : r.mentions) {
      if (m.end <= pos) before.push_back(&m);
    }
    for (const Mention& m : added) {
      if (m.end <= pos) before.push_back(&m);
    }
    std::sort(before.begin(), before.end(),
              [](const Mention* a, const Mention* b) { return a->end > b->end; });
    std::vector<std::string> ids;
    const auto pick = [&](auto accept) {
      for (const Mention* m : before) {
        if (m->ids.size() == 1 && accept(m->ids[0])) return std::vector<std::string>{m->ids[0]};
      }
      // No one named yet in this text: the storyboard's cast, the focus first.
      if (!focus.empty() && r.IndexOf(focus) >= 0 && accept(focus)) {
        return std::vector<std::string>{focus};
      }
      for (size_t i = r.cast.size(); i > 0; --i) {
        if (!r.notes[i - 1].from_text && accept(r.cast[i - 1].id)) {
          return std::vector<std::string>{r.cast[i - 1].id};
        }
      }
      return std::vector<std::string>{};
    };
    Mention everyone{0, 0, {}, true};
    for (size_t i = 0; i < r.cast.size(); ++i) {
      if (!r.notes[i].from_text && r.cast[i].kind != "object") everyone.ids.push_back(r.cast[i].id);
    }
    const auto group = [&]() -> const Mention* {
      for (const Mention* m : before) {
        if (m->ids.size() > 1) return m;
      }
      return everyone.ids.size() > 1 ? &everyone : nullptr;
    };
    if (w == "he" || w == "him" || w == "his" || w == "himself") {
      ids = pick([&](const std::string& id) { return gender_of(id) == Gender::kMale; });
      if (ids.empty()) {
        ids = pick([&](const std::string& id) {
          return gender_of(id) == Gender::kUnknown && kind_of(id) != "object";
        });
      }
    } else if (w == "she" || w == "her" || w == "hers" || w == "herself") {
      ids = pick([&](const std::string& id) { return gender_of(id) == Gender::kFemale; });
      if (ids.empty()) {
        ids = pick([&](const std::string& id) {
          return gender_of(id) == Gender::kUnknown && kind_of(id) != "object";
        });
      }
    } else if (w == "it" || w == "its") {
      // "it" is often no one ("make it rain"); only a verb after it makes it a subject.
      const bool subject = wi + 1 < words.size() && MatchesWhole(words[wi + 1].lower, kVerbTerms);
      if (subject || w == "its") {
        ids = pick([&](const std::string& id) { return kind_of(id) != "person"; });
      }
    } else if (w == "they" || w == "them" || w == "their" || w == "both") {
      if (const Mention* g = group()) ids = g->ids;
    } else if (w == "one" || w == "first") {
      const bool of_them = wi + 2 < words.size() && words[wi + 1].lower == "of";
      if (const Mention* g = group();
          g != nullptr && (of_them || w == "one" || (wi > 0 && words[wi - 1].lower == "the"))) {
        ids = {g->ids[0]};
      }
    } else if ((w == "other" || w == "second") && wi > 0 && words[wi - 1].lower == "the") {
      if (const Mention* g = group()) ids = {g->ids[1]};
    }
    if (!ids.empty()) {
      added.push_back({pos, words[wi].word.end, ids, true});
    }
  }
  r.mentions.insert(r.mentions.end(), added.begin(), added.end());
  std::sort(r.mentions.begin(), r.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
}

// "Mia and Leo", "a man and his dog": members joined by "and" act together.
void AddGroups(const std::string& lower, CastReading& r) {
  std::vector<Mention> groups;
  std::vector<Mention> singles;
  for (const Mention& m : r.mentions) {
    if (!m.pronoun && m.ids.size() == 1) singles.push_back(m);
  }
  for (size_t i = 0; i + 1 < singles.size(); ++i) {
    const Mention& a = singles[i];
    std::vector<std::string> ids = a.ids;
    size_t end = a.end;
    size_t j = i + 1;
    for (; j < singles.size(); ++j) {
      std::string_view gap = std::string_view(lower).substr(end, singles[j].begin - end);
      std::string g = Trim(gap);
      // Allow "and", "and her", "and a little", ", ".
      bool joined = false;
      for (std::string_view lead : {"and ", "& ", ", ", ","}) {
        if (g.rfind(lead, 0) == 0 || g == Trim(lead)) joined = true;
      }
      if (!joined || g.size() > 24 || g.find('.') != std::string::npos) break;
      for (const auto& id : singles[j].ids) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
      end = singles[j].end;
    }
    if (ids.size() > 1) {
      groups.push_back({a.begin, end, ids, false});
      i = j - 1;
    }
  }
  r.mentions.insert(r.mentions.end(), groups.begin(), groups.end());
  std::sort(r.mentions.begin(), r.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
}

}  // namespace

CastReading ReadCast(const PromptText& text, const CastOptions& options) {
  CastReading r;
  for (const CastMember& c : options.existing) {
    r.cast.push_back(c);
    CastNotes n;
    n.gender = GuessGender(c);
    n.from_text = false;
    r.notes.push_back(n);
  }
  const std::vector<WordInfo> words = ReadWords(text);
  std::vector<bool> name_used(words.size(), false);
  std::vector<Occurrence> occ = FindTermOccurrences(text, words);
  AttachNames(text, words, occ, name_used);
  std::vector<Occurrence> names = FindStandaloneNames(words, occ, name_used, options.not_names);
  occ.insert(occ.end(), names.begin(), names.end());
  std::vector<Occurrence> things = FindUnknownThings(text, words, occ, name_used);
  occ.insert(occ.end(), things.begin(), things.end());
  std::sort(occ.begin(), occ.end(),
            [](const Occurrence& a, const Occurrence& b) { return a.begin < b.begin; });

  const std::string& lower = text.lower;
  for (size_t oi = 0; oi < occ.size(); ++oi) {
    const Occurrence& o = occ[oi];
    const size_t next_cast = oi + 1 < occ.size() ? occ[oi + 1].phrase_begin : lower.size();
    const std::string_view before =
        std::string_view(lower).substr(o.phrase_begin, o.begin - o.phrase_begin);
    const std::string_view window = LooksWindow(lower, o.end, next_cast);
    Mention mention{o.begin, o.end, {}, false};
    const int existing = ExistingMatch(o, r.cast);
    if (existing >= 0) {
      mention.ids.push_back(r.cast[existing].id);
      r.mentions.push_back(std::move(mention));
      continue;
    }
    // An object, animal or person named again ("the dog" twice) is one member.
    if (!o.force_new && o.count == 1 && existing < 0) {
      int again = -1;
      for (size_t i = 0; i < r.cast.size(); ++i) {
        if (!r.notes[i].from_text) continue;
        const CastMember& c = r.cast[i];
        const bool same_name = !o.name.empty() && c.name == o.name;
        const bool same_term = o.term != nullptr && o.name.empty() &&
                               c.name == std::string(o.term->label) && o.definite;
        const bool same_thing = o.unknown && c.id == o.thing_id;
        if (same_name || same_term || same_thing) again = static_cast<int>(i);
      }
      if (again >= 0) {
        mention.ids.push_back(r.cast[again].id);
        r.mentions.push_back(std::move(mention));
        continue;
      }
    }
    for (int n = 0; n < o.count; ++n) {
      if (r.cast.size() >= kMaxCast) {
        r.warnings.push_back("only the first " + std::to_string(kMaxCast) +
                             " cast members are kept; later ones are left out");
        break;
      }
      CastMember c;
      CastNotes notes;
      if (o.unknown) {
        c.kind = "object";
        c.name = o.thing_name;
        c.id = UniqueId(o.thing_id, r.cast);
        if (!o.thing_color.empty()) c.looks.outfit.push_back({o.thing_id, o.thing_color});
        AssignVoice(c, Gender::kUnknown, options.seed);
        r.warnings.push_back("unknown thing '" + o.thing_id + "' drawn as a generic object");
      } else if (o.term == nullptr) {  // a bare name: a person
        c.kind = "person";
        c.name = o.name;
        c.id = UniqueId(Slug(o.name).empty() ? "person" : Slug(o.name), r.cast);
        c.looks = ReadLooks(window, before, "person");
        notes.gender = GenderOfName(o.name);
        AssignVoice(c, notes.gender, options.seed);
      } else {
        const CastTerm& t = *o.term;
        c = MakeCastMember(t, o.count == 1 ? o.name : "", r.cast, options.seed);
        Looks looks = ReadLooks(window, before, t.kind);
        looks.age = c.kind == "person" ? std::string(AgeFromWords(before, t.age)) : "";
        if (looks.hair.empty()) looks.hair = c.looks.hair;
        if (c.kind == "object") {
          const std::string color = ColorBefore(before, before.size());
          if (!color.empty()) looks.outfit.insert(looks.outfit.begin(), {Slug(t.label), color});
        }
        c.looks = std::move(looks);
        notes.gender = t.gender != Gender::kUnknown ? t.gender : GenderOfName(o.name);
        notes.role_verb = std::string(t.role_verb);
        notes.place = std::string(t.place);
        AssignVoice(c, notes.gender, options.seed);
        if (!t.drawn) {
          r.warnings.push_back("animal '" + std::string(t.word) +
                               "' has no drawing of its own; drawn as a generic animal");
        }
      }
      mention.ids.push_back(c.id);
      r.cast.push_back(std::move(c));
      r.notes.push_back(std::move(notes));
    }
    if (!mention.ids.empty()) r.mentions.push_back(std::move(mention));
  }
  std::sort(r.mentions.begin(), r.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  AddGroups(lower, r);
  AddPronounMentions(words, options.focus, r);
  // Warnings once each, in the order they arose.
  std::vector<std::string> unique;
  for (auto& w : r.warnings) {
    if (std::find(unique.begin(), unique.end(), w) == unique.end()) unique.push_back(w);
  }
  r.warnings = std::move(unique);
  return r;
}

PromptText ReadPromptText(std::string cleaned) {
  PromptText t;
  t.original = std::move(cleaned);
  t.quotes = FindQuotes(t.original);
  t.cased = t.original;
  for (char& c : t.cased) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  for (const Quote& q : t.quotes) {
    std::fill(t.cased.begin() + static_cast<std::ptrdiff_t>(q.begin),
              t.cased.begin() + static_cast<std::ptrdiff_t>(q.end), ' ');
  }
  t.lower = AsciiLower(t.cased);
  return t;
}

}  // namespace kinora::engine::plan
