#include <algorithm>
#include <cmath>
#include <string>

#include "engine/plan/shots.h"
#include "engine/plan/text.h"

namespace kinora::engine::plan {
namespace {

template <typename List>
bool InList(const List& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

constexpr std::string_view kNumberWords[] = {"one", "two",   "three", "four", "five",
                                             "six", "seven", "eight", "nine", "ten"};

// The number a shot marker carries ("2", "two"), or 0.
int MarkerNumber(std::string_view word) {
  if (!word.empty() &&
      std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return word.size() <= 2 ? std::stoi(std::string(word)) : 0;
  }
  for (size_t i = 0; i < std::size(kNumberWords); ++i) {
    if (kNumberWords[i] == word) return static_cast<int>(i + 1);
  }
  return 0;
}

// "Shot 1:", "scene two -", "SHOT 3." at word starts.
std::vector<size_t> ShotMarkers(std::string_view lower) {
  std::vector<size_t> out;
  for (std::string_view kw : {"shot", "scene"}) {
    for (Span s = FindTerm(lower, kw, Inflect::kExact); s.found();
         s = FindTerm(lower, kw, Inflect::kExact, s.begin + 1)) {
      size_t i = s.end;
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '#')) ++i;
      size_t j = i;
      while (j < lower.size() && IsWordByte(lower[j])) ++j;
      if (j == i || MarkerNumber(lower.substr(i, j - i)) == 0) continue;
      while (j < lower.size() && lower[j] == ' ') ++j;
      if (j >= lower.size()) continue;
      const std::string_view rest = lower.substr(j);
      if (rest[0] == ':' || rest[0] == '.' || rest[0] == ')' || rest[0] == '-' || rest[0] == ',' ||
          rest.starts_with("\u2013") || rest.starts_with("\u2014")) {
        out.push_back(s.begin);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "1. … 2. …" or "1) … 2) …", numbered from one in order.
std::vector<size_t> NumberedItems(std::string_view lower) {
  std::vector<size_t> out;
  int expect = 1;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (lower[i] < '0' || lower[i] > '9') continue;
    if (i > 0 && lower[i - 1] != ' ') continue;
    size_t j = i;
    while (j < lower.size() && lower[j] >= '0' && lower[j] <= '9') ++j;
    if (j + 1 >= lower.size() || (lower[j] != '.' && lower[j] != ')') || lower[j + 1] != ' ') {
      i = j;
      continue;
    }
    if (j - i <= 2 && std::stoi(std::string(lower.substr(i, j - i))) == expect) {
      out.push_back(i);
      ++expect;
    }
    i = j;
  }
  if (out.size() < 2) out.clear();
  return out;
}

// Soft breaks: "then", "cut to", "finally", "meanwhile", …
std::vector<size_t> SoftBreaks(std::string_view lower) {
  static constexpr std::string_view kBreaks[] = {
      "then",          "cut to",     "smash cut",  "fade to",       "transition to",
      "next shot",     "next scene", "next,",      "after that",    "afterwards",
      "afterward",     "later,",     "later that", "moments later", "a moment later",
      "seconds later", "finally",    "meanwhile",  "the next day",  "the next morning",
      "in the end"};
  std::vector<size_t> out;
  for (std::string_view b : kBreaks) {
    for (Span s = FindTerm(lower, b, Inflect::kExact); s.found();
         s = FindTerm(lower, b, Inflect::kExact, s.begin + 1)) {
      const std::string_view before = lower.substr(0, s.begin);
      if (b == "then" && (before.ends_with("by ") || before.ends_with("until ") ||
                          before.ends_with("since ") || before.ends_with("now and "))) {
        continue;
      }
      // "and then", ", then": cut before the joining word.
      size_t at = s.begin;
      if (before.ends_with("and ")) at -= 4;
      out.push_back(at);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether [b, e) holds anything beyond break words and punctuation.
bool HasContent(std::string_view lower, size_t b, size_t e) {
  static constexpr std::string_view kEmpty[] = {
      "then",       "and",     "cut",     "to",        "next", "shot",    "scene", "after", "that",
      "afterwards", "later",   "finally", "meanwhile", "the",  "a",       "first", "smash", "fade",
      "transition", "moments", "moment",  "seconds",   "day",  "morning", "in",    "end"};
  for (const Word& w : SplitWords(lower.substr(b, e - b))) {
    if (w.text.size() >= 2 && !InList(kEmpty, w.text) && MarkerNumber(w.text) == 0) return true;
  }
  return false;
}

std::vector<Segment> SegmentsAt(std::string_view lower, const std::vector<size_t>& cuts,
                                size_t from) {
  std::vector<Segment> segs;
  size_t start = from;
  for (size_t c : cuts) {
    if (c <= start) continue;
    if (!HasContent(lower, start, c)) continue;  // "…, then" right after another break
    segs.push_back({start, c, {}});
    start = c;
  }
  if (!segs.empty() && !HasContent(lower, start, lower.size())) {
    segs.back().end = lower.size();
  } else {
    segs.push_back({start, lower.size(), {}});
  }
  return segs;
}

}  // namespace

bool Segment::Covers(size_t pos) const {
  if (pos < begin || pos >= end) return false;
  return !(hole.found() && pos >= hole.begin && pos < hole.end);
}

Segmentation SplitShots(const PromptText& t, size_t max_shots) {
  Segmentation out;
  const std::string& lower = t.lower;
  std::vector<size_t> cuts = ShotMarkers(lower);
  if (cuts.empty()) cuts = NumberedItems(lower);
  if (!cuts.empty()) {
    out.explicit_structure = true;
    if (cuts.front() > 0 && HasContent(lower, 0, cuts.front())) out.preamble = {0, cuts.front()};
    out.segments = SegmentsAt(lower, cuts, cuts.front());
  } else {
    out.segments = SegmentsAt(lower, SoftBreaks(lower), 0);
  }
  max_shots = std::max<size_t>(1, max_shots);
  if (out.segments.size() > max_shots) {  // the tail joins the last shot allowed
    out.segments[max_shots - 1].end = out.segments.back().end;
    out.segments.resize(max_shots);
  }
  return out;
}

std::vector<int> AllocateFrames(const std::vector<double>& weights, int total_frames) {
  const int n = static_cast<int>(weights.size());
  std::vector<int> frames(n, 1);
  double sum = 0;
  for (double w : weights) sum += w;
  const int spare = total_frames - n;
  if (n == 0 || spare <= 0 || sum <= 0) return frames;
  std::vector<std::pair<double, int>> remainders;
  int given = 0;
  for (int i = 0; i < n; ++i) {
    const double exact = spare * weights[i] / sum;
    const int whole = static_cast<int>(std::floor(exact));
    frames[i] += whole;
    given += whole;
    remainders.push_back({exact - whole, i});
  }
  // Largest remainders first; earlier shots win ties so the result is stable.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int k = 0; k < spare - given; ++k) ++frames[remainders[k % n].second];
  return frames;
}

double SegmentSpeechSeconds(const PromptText& text, const Segment& segment) {
  double total = 0;
  for (const Quote& q : text.quotes) {
    if (segment.Covers(q.begin)) total += SpeechSeconds(q.text) + 0.25;
  }
  return total;
}

}  // namespace kinora::engine::plan
