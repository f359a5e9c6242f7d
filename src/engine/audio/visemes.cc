#include "engine/audio/visemes.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace kinora::engine::audio {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Lips reach a closure or a rounding ahead of the sound (coarticulation);
// 40–60 ms is what studies of lip movement and animators' practice agree on.
constexpr double kAnticipationSeconds = 0.05;
// Half the width of the raised-cosine blend between shapes: an 80 ms jaw
// movement, which also keeps every shape of 40 ms or more visible on a 24 fps
// frame instead of flickering in and out between samples.
constexpr double kTweenHalfSeconds = 0.04;

using V = Viseme;

struct ArpabetGroup {
  std::string_view symbols;  // space-separated
  Viseme first, second;      // a diphthong glides from the first to the second
  bool vowel;                // syllabic consonants count as vowels
};

// Flite's US English phone set (cmu_us / cmulex).
constexpr ArpabetGroup kArpabet[] = {
    {"aa", V::kD, V::kD, true},
    {"ae ah ax eh", V::kC, V::kC, true},
    {"ao axr er", V::kE, V::kE, true},
    {"ih iy", V::kB, V::kB, true},
    {"uh uw", V::kF, V::kF, true},
    {"ay", V::kD, V::kB, true},
    {"aw", V::kD, V::kF, true},
    {"ey", V::kC, V::kB, true},
    {"ow", V::kE, V::kF, true},
    {"oy", V::kE, V::kB, true},
    {"el", V::kH, V::kH, true},
    {"em", V::kA, V::kA, true},
    {"en", V::kB, V::kB, true},
    {"b m p", V::kA, V::kA, false},
    {"f v", V::kG, V::kG, false},
    {"w", V::kF, V::kF, false},
    {"l", V::kH, V::kH, false},
    {"ch d dh dx g hh hv jh k n ng nx r s sh t th y z zh", V::kB, V::kB, false},
    {"pau h# brth", V::kX, V::kX, false},
};

const ArpabetGroup* FindArpabet(std::string_view symbol) {
  if (symbol.empty()) return nullptr;
  for (const ArpabetGroup& g : kArpabet) {
    for (size_t at = g.symbols.find(symbol); at != std::string_view::npos;
         at = g.symbols.find(symbol, at + 1)) {
      const size_t after = at + symbol.size();
      if ((at == 0 || g.symbols[at - 1] == ' ') &&
          (after == g.symbols.size() || g.symbols[after] == ' ')) {
        return &g;
      }
    }
  }
  return nullptr;
}

struct LetterClass {
  std::string_view letters;
  Viseme shape;
};

// espeak-ng writes vowels with X-SAMPA-like letters; each letter's shape
// follows its openness and rounding.
constexpr LetterClass kEspeakVowels[] = {
    {"aA", V::kD},      // open: a, ɑ
    {"&eE@V", V::kC},   // æ, e, ɛ, ə, ʌ
    {"iI", V::kB},      // close spread: i, ɪ
    {"oO03W8", V::kE},  // rounded mid: o, ɔ, ɒ, ɜ, œ, ɵ
    {"uUyY", V::kF},    // close rounded: u, ʊ, y, ʏ
};

// An espeak-ng consonant shows its place of articulation on the lips; its
// first letter names it. Everything else is B.
constexpr LetterClass kEspeakConsonants[] = {
    {"pbmBP", V::kA},  // bilabials, β, ɸ
    {"fvF", V::kG},    // labiodentals, ɱ
    {"w", V::kF},
    {"lL", V::kH},  // l, ʎ
};

// Whether `c` is a vowel letter, and its shape.
bool EspeakVowel(char c, Viseme& shape) {
  for (const LetterClass& v : kEspeakVowels) {
    if (v.letters.find(c) != std::string_view::npos) {
      shape = v.shape;
      return true;
    }
  }
  return false;
}

Viseme EspeakConsonant(char c) {
  for (const LetterClass& v : kEspeakConsonants) {
    if (v.letters.find(c) != std::string_view::npos) return v.shape;
  }
  return V::kB;
}

bool IsStressMark(char c) { return c == '\'' || c == ',' || c == '%' || c == '=' || c == '+'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<Viseme> EspeakVisemes(std::string_view symbol) {
  std::string s;
  for (char c : symbol) {
    if (!IsStressMark(c) && c != ':' && static_cast<unsigned char>(c) < 0x80) s += c;
  }
  if (s == "pau" || s.starts_with('_') || s.starts_with('|')) return {V::kX};
  // '#' prefixes, modifiers alone ('-', '!', ';' for palatalisation, '~'
  // for nasalisation) and tone numbers are markers without a sound of their
  // own; tones never start with 0, and 3 and 8 alone are vowels (ɜ, ɵ).
  while (!s.empty() && s.front() == '#') s.erase(0, 1);
  if (s.find_first_not_of("-!;~>") == std::string::npos) return {};
  if (std::all_of(s.begin(), s.end(), IsDigit) && s[0] != '0' && s != "3" && s != "8") return {};
  if (s == "?") return {V::kB};    // a glottal stop shows nothing but a slack mouth
  if (s[0] == '?') s.erase(0, 1);  // a glottal onset shows as its vowel
  Viseme shape = V::kB;
  std::vector<Viseme> out;
  if (EspeakVowel(s[0], shape)) {
    out.push_back(shape);
  } else {
    out.push_back(EspeakConsonant(s[0]));
    // A glide fused with its vowel ("ja", "ju") goes on to that vowel; any
    // other consonant's remaining letters are modifiers ("tS", "t_h", "n^").
    if (s[0] != 'j') return out;
  }
  // After the first letter, digits number a variant ("a2", "a13") and are
  // not vowels.
  for (size_t i = 1; i < s.size(); ++i) {
    if (IsDigit(s[i]) || !EspeakVowel(s[i], shape)) continue;
    if (out.back() != shape) out.push_back(shape);
  }
  return out;
}

bool IsAspiration(std::string_view symbol, PhonemeSet set) {
  if (set == PhonemeSet::kArpabet) return symbol == "hh" || symbol == "hv";
  return symbol == "h" || symbol == "h#" || symbol == "<h>";
}

// The blended share of [start, end) in a raised-cosine window centred on t:
// the integral of the window over the span.
double WindowShare(double start, double end, double t) {
  const auto cdf = [](double u) {
    constexpr double h = kTweenHalfSeconds;
    if (u <= -h) return 0.0;
    if (u >= h) return 1.0;
    return (u + h) / (2 * h) + std::sin(kPi * u / h) / (2 * kPi);
  };
  return cdf(end - t) - cdf(start - t);
}

void Append(std::vector<VisemeSpan>& track, Viseme shape, double start, double end) {
  if (!track.empty() && start > track.back().end + 1e-9) {
    track.push_back({V::kX, track.back().end, start});  // a gap is a pause
  }
  if (!track.empty() && track.back().shape == shape) {
    track.back().end = end;
  } else {
    track.push_back({shape, start, end});
  }
}

bool Anticipated(Viseme shape) { return shape == V::kA || shape == V::kE || shape == V::kF; }

}  // namespace

char VisemeLetter(Viseme shape) { return "ABCDEFGHX"[static_cast<int>(shape)]; }

float VisemeOpening(Viseme shape) {
  // Jaw openings as the Preston Blair drawings show them, relative to the
  // widest (D); L (H) sits between C and D, rounded shapes close the jaw.
  constexpr float kOpening[] = {0.0f, 0.3f, 0.6f, 1.0f, 0.5f, 0.3f, 0.15f, 0.55f, 0.0f};
  return kOpening[static_cast<int>(shape)];
}

PhonemeSet DetectPhonemeSet(std::span<const PhonemeTiming> phonemes) {
  // Every espeak-ng line has a vowel Flite's set lacks (Flite's vowels are
  // all two letters), so a line is ARPAbet when every symbol is Flite's and
  // at least one is a Flite vowel, or when it has no sound at all.
  bool sound = false, vowel = false;
  for (const PhonemeTiming& p : phonemes) {
    const ArpabetGroup* g = FindArpabet(p.phoneme);
    if (g == nullptr) return PhonemeSet::kEspeak;
    sound |= g->first != V::kX;
    vowel |= g->vowel;
  }
  return vowel || !sound ? PhonemeSet::kArpabet : PhonemeSet::kEspeak;
}

std::vector<Viseme> VisemesOf(std::string_view symbol, PhonemeSet set) {
  if (set == PhonemeSet::kEspeak) return EspeakVisemes(symbol);
  const ArpabetGroup* g = FindArpabet(symbol);
  if (g == nullptr) return {V::kB};
  if (g->first == g->second) return {g->first};
  return {g->first, g->second};
}

std::vector<VisemeSpan> VisemeTrack(const SpeechClip& clip) {
  const std::vector<PhonemeTiming>& phonemes = clip.phonemes;
  const PhonemeSet set = DetectPhonemeSet(phonemes);
  std::vector<std::vector<Viseme>> shapes;
  shapes.reserve(phonemes.size());
  for (const PhonemeTiming& p : phonemes) shapes.push_back(VisemesOf(p.phoneme, set));
  // /h/ is breath through the mouth already shaped for the next vowel.
  for (size_t i = 0; i < phonemes.size(); ++i) {
    if (!IsAspiration(phonemes[i].phoneme, set)) continue;
    for (size_t j = i + 1; j < phonemes.size(); ++j) {
      if (shapes[j].empty()) continue;
      if (shapes[j].front() != V::kX) shapes[i] = {shapes[j].front()};
      break;
    }
  }

  std::vector<VisemeSpan> track;
  for (size_t i = 0; i < phonemes.size(); ++i) {
    const PhonemeTiming& p = phonemes[i];
    if (!(p.end > p.start)) continue;
    if (shapes[i].empty()) {
      // A marker lengthens whatever shape the mouth already holds.
      if (!track.empty()) track.back().end = std::max(track.back().end, p.end);
      continue;
    }
    const double part = (p.end - p.start) / static_cast<double>(shapes[i].size());
    for (size_t k = 0; k < shapes[i].size(); ++k) {
      double start = p.start + part * static_cast<double>(k);
      const double end = k + 1 == shapes[i].size() ? p.end : start + part;
      if (!track.empty()) start = std::max(start, track.back().end);  // never overlap
      if (end > start) Append(track, shapes[i][k], start, end);
    }
  }

  // Anticipation: each lead takes at most half of the span before it as it
  // was before any shift, so a span shortened at both ends keeps half itself.
  const std::vector<VisemeSpan> plain = track;
  for (size_t i = 1; i < track.size(); ++i) {
    if (!Anticipated(track[i].shape)) continue;
    const double lead =
        std::min(kAnticipationSeconds, 0.5 * (plain[i - 1].end - plain[i - 1].start));
    track[i].start -= lead;
    track[i - 1].end = track[i].start;
  }
  return track;
}

float OpeningAt(std::span<const VisemeSpan> track, double t) {
  // Spans are ordered and contiguous: visit those within the window.
  auto it = std::upper_bound(track.begin(), track.end(), t + kTweenHalfSeconds,
                             [](double x, const VisemeSpan& s) { return x < s.start; });
  double open = 0;
  while (it != track.begin()) {
    --it;
    if (it->end <= t - kTweenHalfSeconds) break;
    open += VisemeOpening(it->shape) * WindowShare(it->start, it->end, t);
  }
  return static_cast<float>(std::clamp(open, 0.0, 1.0));
}

std::vector<float> VisemeOpenTrackAt(std::span<const VisemeSpan> track, double fps,
                                     double start_seconds, int frame_count) {
  std::vector<float> out(static_cast<size_t>(std::max(frame_count, 0)), 0.0f);
  if (!(fps > 0) || track.empty()) return out;
  // Each frame shows the mouth at its own instant, so sample the tweened
  // curve there rather than averaging over the frame's duration.
  const double first = start_seconds + track.front().start - kTweenHalfSeconds;
  const double last = start_seconds + track.back().end + kTweenHalfSeconds;
  const int begin = std::max(0, static_cast<int>(std::floor(first * fps)));
  const int end = std::min(frame_count, static_cast<int>(std::ceil(last * fps)) + 1);
  for (int k = begin; k < end; ++k) {
    out[static_cast<size_t>(k)] = OpeningAt(track, k / fps - start_seconds);
  }
  return out;
}

}  // namespace kinora::engine::audio
