#include "engine/plan/planner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace kinora::engine {
namespace {

using core::InvalidArgument;

// ---------------------------------------------------------------------------
// Vocabulary tables. Each maps words of a prompt (lower case, matched as a
// word prefix) to a storyboard value. Earlier rows win.

struct Term {
  std::string_view word;
  std::string_view value;
};

constexpr Term kPlaceTerms[] = {
    {"skate park", "skate park"},
    {"skatepark", "skate park"},
    {"beach", "beach"},
    {"ocean", "beach"},
    {"seaside", "beach"},
    {"shore", "beach"},
    {"newsroom", "newsroom"},
    {"news desk", "newsroom"},
    {"city", "city street"},
    {"street", "city street"},
    {"downtown", "city street"},
    {"park", "park"},
    {"garden", "park"},
    {"lake", "lake"},
    {"river", "lake"},
    {"stadium", "stadium"},
    {"arena", "stadium"},
    {"gym", "gym"},
    {"forest", "forest"},
    {"woods", "forest"},
    {"jungle", "forest"},
    {"mountain", "mountains"},
    {"kitchen", "kitchen"},
    {"office", "office"},
    {"stage", "stage"},
    {"concert", "stage"},
    {"outer space", "space"},
    {"space", "space"},
    {"mars", "space"},
    {"desert", "desert"},
    {"snow field", "snowfield"},
    {"living room", "living room"},
    {"classroom", "classroom"},
    {"school", "classroom"},
    {"restaurant", "restaurant"},
    {"cafe", "restaurant"},
    {"café", "restaurant"},
    {"underwater", "underwater"},
    {"studio", "studio"},
};

constexpr std::string_view kIndoorPlaces[] = {"newsroom",    "gym",       "kitchen",
                                              "office",      "stage",     "studio",
                                              "living room", "classroom", "restaurant"};

constexpr Term kTimeTerms[] = {
    {"sunset", "sunset"},       {"golden hour", "sunset"}, {"sundown", "sunset"},
    {"sunrise", "dawn"},        {"dawn", "dawn"},          {"midnight", "night"},
    {"night", "night"},         {"moonlight", "night"},    {"evening", "dusk"},
    {"dusk", "dusk"},           {"twilight", "dusk"},      {"morning", "morning"},
    {"afternoon", "afternoon"}, {"noon", "noon"},          {"midday", "noon"},
};

constexpr Term kWeatherTerms[] = {
    {"rain", "rain"},       {"storm", "rain"}, {"snowing", "snow"}, {"snowfall", "snow"},
    {"blizzard", "snow"},   {"fog", "fog"},    {"mist", "fog"},     {"cloud", "cloudy"},
    {"overcast", "cloudy"}, {"wind", "wind"},  {"breez", "wind"},
};

constexpr Term kStyleTerms[] = {
    {"anime", "anime"},
    {"manga", "anime"},
    {"cartoon", "cartoon"},
    {"animated", "cartoon"},
    {"claymation", "claymation"},
    {"clay", "claymation"},
    {"stop motion", "claymation"},
    {"noir", "noir"},
    {"black and white", "noir"},
    {"black-and-white", "noir"},
    {"watercolor", "watercolor"},
    {"watercolour", "watercolor"},
    {"oil painting", "painting"},
    {"painting", "painting"},
    {"painted", "painting"},
    {"pixel art", "pixel art"},
    {"8-bit", "pixel art"},
    {"pixel", "pixel art"},
    {"vintage", "vintage film"},
    {"film grain", "vintage film"},
    {"retro", "vintage film"},
    {"photoreal", "realistic"},
    {"realistic", "realistic"},
    {"cinematic", "realistic"},
};

constexpr Term kMoodTerms[] = {
    {"news", "news"},          {"epic", "epic"},       {"olympic", "epic"},
    {"championship", "epic"},  {"scary", "tense"},     {"tense", "tense"},
    {"horror", "tense"},       {"sad", "sad"},         {"crying", "sad"},
    {"funny", "funny"},        {"silly", "funny"},     {"hilarious", "funny"},
    {"romantic", "romantic"},  {"love", "romantic"},   {"mysterious", "mysterious"},
    {"mystery", "mysterious"}, {"celebrat", "upbeat"}, {"party", "upbeat"},
    {"happy", "upbeat"},       {"excit", "upbeat"},    {" ad ", "upbeat"},
    {"commercial", "upbeat"},  {"calm", "calm"},       {"peaceful", "calm"},
};

constexpr Term kVerbTerms[] = {
    {"backflip", "backflip"},   {"back flip", "backflip"},
    {"kickflip", "kickflip"},   {"wakeboard", "wakeboard"},
    {"surf", "surf"},           {"gymnast", "gymnastics"},
    {"danc", "dance"},          {"waves at", "wave"},
    {"waving", "wave"},         {"fist pump", "fist-pump"},
    {"fist-pump", "fist-pump"}, {"shout", "shout"},
    {"yell", "shout"},          {"scream", "shout"},
    {"walk", "walk"},           {"stroll", "walk"},
    {"running", "run"},         {"runs", "run"},
    {"sprint", "run"},          {"jump", "jump"},
    {"leap", "jump"},           {"eat", "eat"},
    {"drink", "drink"},         {"sits", "sit"},
    {"sitting", "sit"},         {"falls", "fall"},
    {"falling", "fall"},        {"throw", "throw"},
    {"catch", "catch"},         {"swim", "swim"},
    {"flying", "fly"},          {"flies", "fly"},
    {"bark", "bark"},           {"sing", "sing"},
    {"skateboard", "skate"},    {"skating", "skate"},
    {"riding", "ride"},         {"rides", "ride"},
    {"clap", "clap"},           {"laugh", "laugh"},
    {"point", "point"},         {"nod", "nod"},
};

// Cast kinds the planner recognises, with a default look.
struct CastTerm {
  std::string_view word;
  std::string_view kind;
  std::string_view species;
  std::string_view breed;
  std::string_view label;   // display name when the prompt gives none
  std::string_view gender;  // "f", "m" or "" — picks a default voice
};

constexpr CastTerm kCastTerms[] = {
    {"golden retriever", "animal", "dog", "golden retriever", "Dog", ""},
    {"labrador", "animal", "dog", "labrador", "Dog", ""},
    {"corgi", "animal", "dog", "corgi", "Dog", ""},
    {"puppy", "animal", "dog", "", "Puppy", ""},
    {"dog", "animal", "dog", "", "Dog", ""},
    {"kitten", "animal", "cat", "", "Kitten", ""},
    {"cat", "animal", "cat", "", "Cat", ""},
    {"parrot", "animal", "bird", "parrot", "Parrot", ""},
    {"bird", "animal", "bird", "", "Bird", ""},
    {"horse", "animal", "horse", "", "Horse", ""},
    {"fish", "animal", "fish", "", "Fish", ""},
    {"news anchor", "person", "", "", "Anchor", ""},
    {"anchor", "person", "", "", "Anchor", ""},
    {"reporter", "person", "", "", "Reporter", ""},
    {"woman", "person", "", "", "Woman", "f"},
    {"girl", "person", "", "", "Girl", "f"},
    {"lady", "person", "", "", "Woman", "f"},
    {"man", "person", "", "", "Man", "m"},
    {"boy", "person", "", "", "Boy", "m"},
    {"guy", "person", "", "", "Man", "m"},
    {"chef", "person", "", "", "Chef", ""},
    {"skater", "person", "", "", "Skater", ""},
    {"astronaut", "person", "", "", "Astronaut", ""},
    {"robot", "object", "", "", "Robot", ""},
};

constexpr std::string_view kColors[] = {"red",    "orange", "yellow", "green", "blue", "navy",
                                        "purple", "pink",   "black",  "white", "grey", "gray",
                                        "brown",  "gold",   "silver", "teal",  "beige"};
constexpr std::string_view kClothes[] = {"hoodie", "t-shirt", "shirt", "jacket", "dress",
                                         "suit",   "sweater", "coat",  "hat",    "cap",
                                         "scarf",  "jersey",  "apron", "uniform"};

struct LanguageHint {
  std::string_view word;
  std::string_view code;
};
constexpr LanguageHint kLanguageNames[] = {
    {"english", "en"}, {"spanish", "es"},    {"french", "fr"},       {"german", "de"},
    {"italian", "it"}, {"portuguese", "pt"}, {"brazilian", "pt-BR"}, {"japanese", "ja"},
    {"korean", "ko"},  {"mandarin", "zh"},   {"chinese", "zh"},      {"hindi", "hi"},
    {"arabic", "ar"},  {"russian", "ru"},    {"dutch", "nl"},        {"swedish", "sv"},
    {"polish", "pl"},  {"turkish", "tr"},    {"greek", "el"},        {"vietnamese", "vi"},
};

struct StopWords {
  std::string_view code;
  std::array<std::string_view, 12> words;
};
constexpr StopWords kStopWords[] = {
    {"en", {"the", "is", "hello", "you", "and", "to", "of", "it", "this", "world", "i", "are"}},
    {"es",
     {"el", "la", "que", "hola", "es", "y", "los", "por", "muy", "gracias", "mundo", "buenos"}},
    {"fr",
     {"le", "la", "je", "bonjour", "est", "et", "les", "merci", "vous", "monde", "oui", "c'est"}},
    {"de",
     {"der", "die", "und", "ich", "ist", "das", "nicht", "hallo", "danke", "welt", "guten", "ein"}},
    {"it",
     {"il", "che", "ciao", "sono", "è", "grazie", "non", "buongiorno", "della", "mondo", "questo",
      "molto"}},
    {"pt",
     {"olá", "obrigado", "você", "não", "um", "uma", "bom", "dia", "mundo", "muito", "eu", "isso"}},
};

// ---------------------------------------------------------------------------
// Text helpers

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '\''; }

// Finds `word` at a word start in `text` from `from`; npos if absent.
size_t FindWord(std::string_view text, std::string_view word, size_t from = 0) {
  while (true) {
    size_t pos = text.find(word, from);
    if (pos == std::string_view::npos) return pos;
    if (pos == 0 || !IsWordChar(text[pos - 1]) || !IsWordChar(word.front())) return pos;
    from = pos + 1;
  }
}

template <typename Table>
std::string_view FirstMatch(std::string_view text, const Table& table, std::string_view fallback) {
  size_t best = std::string_view::npos;
  std::string_view value = fallback;
  for (const auto& t : table) {
    size_t pos = FindWord(text, t.word);
    if (pos < best) {
      best = pos;
      value = t.value;
    }
  }
  return value;
}

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes yield U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

struct Quote {
  size_t begin = 0;  // byte offset of the opening mark
  size_t end = 0;    // byte offset just past the closing mark
  std::string text;
};

// Straight, curly, guillemet and CJK corner quotes.
std::vector<Quote> FindQuotes(std::string_view s) {
  static const std::pair<std::string_view, std::string_view> kMarks[] = {
      {"\"", "\""}, {"\u201C", "\u201D"}, {"\u00AB", "\u00BB"}, {"\u300C", "\u300D"}};
  std::vector<Quote> out;
  size_t i = 0;
  while (i < s.size()) {
    bool matched = false;
    for (auto [open, close] : kMarks) {
      if (s.substr(i, open.size()) != open) continue;
      size_t close_at = s.find(close, i + open.size());
      if (close_at == std::string_view::npos) break;
      Quote q{i, close_at + close.size(),
              std::string(s.substr(i + open.size(), close_at - i - open.size()))};
      if (q.text.find_first_not_of(" \t\n") != std::string::npos) out.push_back(std::move(q));
      i = close_at + close.size();
      matched = true;
      break;
    }
    if (!matched) ++i;
  }
  return out;
}

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser: a stable hash step
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// ---------------------------------------------------------------------------
// Planning steps

struct Mention {
  size_t pos;      // byte offset in the lowered prompt
  std::string id;  // cast id
};

struct CastFinding {
  std::vector<CastMember> cast;
  std::vector<Mention> mentions;
};

Looks ReadLooks(std::string_view text, size_t from) {
  Looks looks;
  std::string_view window = text.substr(from, 80);
  for (auto item : kClothes) {
    size_t pos = FindWord(window, item);
    if (pos == std::string_view::npos) continue;
    std::string color;
    for (auto c : kColors) {
      size_t cp = window.rfind(c, pos);
      if (cp != std::string_view::npos && pos - cp <= c.size() + 12) color = c;
    }
    looks.outfit.push_back({std::string(item), color});
  }
  if (window.find("gold chain") != std::string_view::npos)
    looks.accessories.push_back("gold chain");
  if (window.find("glasses") != std::string_view::npos) looks.accessories.push_back("glasses");
  if (window.find("sunglasses") != std::string_view::npos)
    looks.accessories.push_back("sunglasses");
  for (auto age : {"child", "teen", "elder", "old"}) {
    if (FindWord(window, age) != std::string_view::npos) {
      looks.age = std::string_view(age) == "old" ? "elder" : age;
    }
  }
  return looks;
}

CastFinding FindCast(std::string_view lowered, uint64_t seed) {
  CastFinding out;
  std::vector<std::pair<size_t, size_t>> taken;  // spans already claimed by a longer term
  std::map<std::string, int> per_label;
  for (const auto& term : kCastTerms) {
    for (size_t pos = FindWord(lowered, term.word); pos != std::string_view::npos;
         pos = FindWord(lowered, term.word, pos + 1)) {
      size_t end = pos + term.word.size();
      if (end < lowered.size() && std::isalpha(static_cast<unsigned char>(lowered[end])) &&
          lowered[end] != 's') {
        continue;  // "manager" is not "man"
      }
      bool overlaps = false;
      for (auto [b, e] : taken) overlaps |= pos < e && end > b;
      if (overlaps) continue;
      taken.push_back({pos, end});
      CastMember c;
      std::string base = Lower(term.label);
      int n = ++per_label[base];
      c.id = n == 1 ? base : base + std::to_string(n);
      c.kind = term.kind;
      c.name = std::string(term.label);
      c.species = term.species;
      c.breed = term.breed;
      c.looks = ReadLooks(lowered, pos);
      if (c.kind == "animal" && c.species == "dog" && c.breed == "golden retriever") {
        c.looks.hair = "golden";
      }
      const uint64_t h = Mix(seed ^ std::hash<std::string>{}(c.id));
      if (term.gender == "f") {
        c.voice.voice = "slt";
      } else if (term.gender == "m") {
        c.voice.voice = (h & 1) ? "rms" : "awb";
      } else {
        static constexpr std::string_view kVoices[] = {"slt", "rms", "awb", "kal"};
        c.voice.voice = kVoices[h % 4];
      }
      c.voice.pitch = 0.92 + 0.16 * static_cast<double>((h >> 8) % 100) / 100.0;
      if (c.kind == "animal") c.voice.pitch = std::min(1.6, c.voice.pitch * 1.25);
      out.mentions.push_back({pos, c.id});
      out.cast.push_back(std::move(c));
    }
  }
  std::sort(out.mentions.begin(), out.mentions.end(),
            [](const Mention& a, const Mention& b) { return a.pos < b.pos; });
  // Cast in order of first mention, so "the dog and the cat" lists the dog first.
  std::stable_sort(out.cast.begin(), out.cast.end(), [&](const CastMember& a, const CastMember& b) {
    auto first = [&](const std::string& id) {
      for (const auto& m : out.mentions) {
        if (m.id == id) return m.pos;
      }
      return std::string_view::npos;
    };
    return first(a.id) < first(b.id);
  });
  return out;
}

std::string_view EmotionNear(std::string_view lowered, size_t quote_pos, std::string_view line) {
  std::string_view before =
      lowered.substr(quote_pos > 40 ? quote_pos - 40 : 0, quote_pos > 40 ? 40 : quote_pos);
  if (before.find("whisper") != std::string_view::npos) return "whispering";
  if (before.find("shout") != std::string_view::npos ||
      before.find("yell") != std::string_view::npos ||
      before.find("scream") != std::string_view::npos) {
    return "shouting";
  }
  if (before.find("excit") != std::string_view::npos || line.find('!') != std::string_view::npos) {
    return "excited";
  }
  if (before.find("sad") != std::string_view::npos ||
      before.find("cry") != std::string_view::npos) {
    return "sad";
  }
  return "neutral";
}

// Splits the prompt into shot segments at "then", "cut to", "next," and "shot N:".
std::vector<std::pair<size_t, size_t>> ShotSegments(std::string_view lowered,
                                                    const std::vector<Quote>& quotes) {
  static constexpr std::string_view kBreaks[] = {". then ",   ", then ", " then ", "cut to ",
                                                 "next shot", "shot 2",  "shot 3", "shot 4",
                                                 "shot 5",    "shot 6",  "later,"};
  std::vector<size_t> cuts;
  for (auto b : kBreaks) {
    for (size_t pos = lowered.find(b); pos != std::string_view::npos;
         pos = lowered.find(b, pos + 1)) {
      bool in_quote = false;
      for (const auto& q : quotes) in_quote |= pos >= q.begin && pos < q.end;
      if (!in_quote && pos > 0) cuts.push_back(pos);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::pair<size_t, size_t>> segments;
  size_t start = 0;
  for (size_t c : cuts) {
    if (c - start < 8) continue;  // "…, then" right after another break
    segments.push_back({start, c});
    start = c;
  }
  segments.push_back({start, lowered.size()});
  if (segments.size() > 6) {  // at most six shots; the tail joins the last
    segments[5].second = lowered.size();
    segments.resize(6);
  }
  return segments;
}

// The prompt text around a quote, bounded by its neighbouring quotes, where a
// language hint ("she says in French") belongs to this line and no other.
std::string ContextAround(std::string_view prompt, const std::vector<Quote>& quotes,
                          const Quote& q) {
  size_t begin = q.begin > 60 ? q.begin - 60 : 0;
  size_t end = std::min(prompt.size(), q.end + 30);
  for (const auto& other : quotes) {
    if (other.end <= q.begin) begin = std::max(begin, other.end);
    if (other.begin >= q.end) end = std::min(end, other.begin);
  }
  return std::string(prompt.substr(begin, q.begin - begin)) + " " +
         std::string(prompt.substr(q.end, end - q.end));
}

// Rough spoken length of a line, for spacing lines within a shot.
double EstimateSpeechSeconds(std::string_view text) {
  size_t code_points = 0;
  for (size_t i = 0; i < text.size();) {
    NextCodePoint(text, i);
    ++code_points;
  }
  return std::max(0.6, 0.07 * static_cast<double>(code_points));
}

std::vector<std::string> DeriveTags(const Storyboard& sb) {
  std::set<std::string> tags;
  for (const auto& shot : sb.shots) {
    tags.insert(shot.setting.place);
    for (const auto& a : shot.actions) {
      if (a.verb != "talk" && a.verb != "idle") tags.insert(a.verb);
    }
    if (!shot.dialogue.empty()) tags.insert("dialogue");
  }
  for (const auto& c : sb.cast) tags.insert(c.species.empty() ? c.kind : c.species);
  tags.insert(sb.style);
  tags.insert(sb.mood);
  return {tags.begin(), tags.end()};
}

int TempoFor(std::string_view mood) {
  static const std::map<std::string_view, int> kTempo = {
      {"calm", 84},   {"upbeat", 120},  {"epic", 132},      {"tense", 96}, {"sad", 72},
      {"funny", 116}, {"romantic", 80}, {"mysterious", 90}, {"news", 110}};
  auto it = kTempo.find(mood);
  return it == kTempo.end() ? 100 : it->second;
}

}  // namespace

std::string DetectLanguage(std::string_view line, std::string_view context) {
  bool kana = false, han = false;
  for (size_t i = 0; i < line.size();) {
    char32_t cp = NextCodePoint(line, i);
    if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) ||
        (cp >= 0x3130 && cp <= 0x318F)) {
      return "ko";
    }
    if (cp >= 0x3040 && cp <= 0x30FF) kana = true;
    if (cp >= 0x4E00 && cp <= 0x9FFF) han = true;
    if (cp >= 0x0400 && cp <= 0x04FF) return "ru";
    if (cp >= 0x0600 && cp <= 0x06FF) return "ar";
    if (cp >= 0x0900 && cp <= 0x097F) return "hi";
    if (cp >= 0x0370 && cp <= 0x03FF) return "el";
    if (cp >= 0x0590 && cp <= 0x05FF) return "he";
    if (cp >= 0x0E00 && cp <= 0x0E7F) return "th";
  }
  if (kana) return "ja";
  if (han) return "zh";
  // Latin script: an explicit "in French" near the line decides.
  const std::string ctx = Lower(context);
  for (const auto& hint : kLanguageNames) {
    std::string phrase = "in " + std::string(hint.word);
    if (ctx.find(phrase) != std::string::npos) return std::string(hint.code);
  }
  // Latin script: vote with each language's commonest words.
  const std::string lowered = Lower(line);
  std::string_view best = "en";
  int best_score = 0;
  for (const auto& sw : kStopWords) {
    int score = 0;
    for (auto w : sw.words) {
      for (size_t p = FindWord(lowered, w); p != std::string::npos;
           p = FindWord(lowered, w, p + 1)) {
        size_t end = p + w.size();
        if (end == lowered.size() || !IsWordChar(lowered[end])) ++score;
      }
    }
    if (score > best_score) {
      best_score = score;
      best = sw.code;
    }
  }
  if (lowered.find("¿") != std::string::npos || lowered.find("¡") != std::string::npos ||
      lowered.find("ñ") != std::string::npos) {
    return "es";
  }
  return std::string(best);
}

core::Result<Storyboard> Plan(const PlanRequest& req) {
  const std::string& prompt = req.prompt;
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("prompt is required", "prompt");
  }
  if (prompt.size() > kMaxPromptBytes) {
    return InvalidArgument("prompt is longer than " + std::to_string(kMaxPromptBytes) + " bytes",
                           "prompt");
  }
  if (!(req.seconds > 0) || req.seconds > kMaxClipSeconds) {
    return InvalidArgument("seconds must be greater than 0 and at most " +
                               std::to_string(static_cast<int>(kMaxClipSeconds)),
                           "seconds");
  }
  if (req.fps < kMinFps || req.fps > kMaxFps) {
    return InvalidArgument("fps must be within 1–60", "fps");
  }

  Storyboard sb;
  sb.seed = req.seed;
  sb.width = req.width;
  sb.height = req.height;
  sb.fps = req.fps;
  sb.origin.prompt = prompt;

  const std::vector<Quote> quotes = FindQuotes(prompt);
  // Keywords are read outside quotes only: "…says 'the beach is closed'" is not a beach.
  std::string narrative = Lower(prompt);
  for (const auto& q : quotes) {
    std::fill(narrative.begin() + q.begin, narrative.begin() + q.end, ' ');
  }
  const std::string padded = " " + narrative + " ";

  sb.style = std::string(FirstMatch(narrative, kStyleTerms, "realistic"));
  sb.mood = std::string(FirstMatch(padded, kMoodTerms, "calm"));
  sb.music.mood = sb.mood;
  sb.music.tempo_bpm = TempoFor(sb.mood);

  CastFinding found = FindCast(narrative, req.seed);
  sb.cast = std::move(found.cast);
  if (sb.cast.empty() && !quotes.empty()) {
    CastMember host;
    host.id = "host";
    host.kind = "person";
    host.name = "Host";
    host.voice.voice = "slt";
    sb.cast.push_back(host);
    found.mentions.push_back({0, "host"});
  }

  // Shot timing: whole frames, summing exactly to the requested length.
  const auto segments = ShotSegments(narrative, quotes);
  const int total_frames = std::max(1, static_cast<int>(std::lround(req.seconds * req.fps)));
  const int shot_count = std::min<int>(static_cast<int>(segments.size()), total_frames);
  Setting previous;
  int frames_used = 0;
  for (int i = 0; i < shot_count; ++i) {
    const auto [seg_begin, seg_end] = segments[i];
    const std::string_view seg = std::string_view(narrative).substr(seg_begin, seg_end - seg_begin);
    Shot shot;
    shot.id = "s" + std::to_string(i + 1);
    const int frames = i + 1 == shot_count ? total_frames - frames_used : total_frames / shot_count;
    shot.start = static_cast<double>(frames_used) / req.fps;
    shot.duration = static_cast<double>(frames) / req.fps;
    frames_used += frames;

    // Setting: this segment's words, else the whole prompt's, else the previous shot's.
    shot.setting.place = std::string(FirstMatch(seg, kPlaceTerms, ""));
    if (shot.setting.place.empty()) {
      shot.setting.place =
          i > 0 ? previous.place : std::string(FirstMatch(narrative, kPlaceTerms, "studio"));
    }
    shot.setting.time_of_day = std::string(FirstMatch(
        seg, kTimeTerms, i > 0 ? previous.time_of_day : FirstMatch(narrative, kTimeTerms, "noon")));
    shot.setting.weather = std::string(
        FirstMatch(seg, kWeatherTerms,
                   i > 0 ? previous.weather : FirstMatch(narrative, kWeatherTerms, "clear")));
    shot.setting.indoor = std::find(std::begin(kIndoorPlaces), std::end(kIndoorPlaces),
                                    shot.setting.place) != std::end(kIndoorPlaces);
    previous = shot.setting;

    // Who is in this segment (nearest mention before a position is the subject).
    auto subject_before = [&](size_t pos) -> std::string {
      std::string id;
      for (const auto& m : found.mentions) {
        if (m.pos <= pos) id = m.id;
      }
      return id.empty() && !sb.cast.empty() ? sb.cast.front().id : id;
    };

    // Dialogue in this segment, spaced so lines don't collide.
    double cursor = std::min(0.3, shot.duration * 0.1);
    for (const auto& q : quotes) {
      if (q.begin < seg_begin || q.begin >= seg_end) continue;
      DialogueLine line;
      line.speaker = subject_before(q.begin);
      line.text = q.text;
      line.language = DetectLanguage(q.text, ContextAround(prompt, quotes, q));
      line.emotion = std::string(EmotionNear(narrative, q.begin, q.text));
      line.at = std::min(cursor, std::max(0.0, shot.duration - 0.2));
      cursor = line.at + EstimateSpeechSeconds(q.text) + 0.25;
      shot.dialogue.push_back(std::move(line));
    }

    // Actions named in this segment.
    for (const auto& v : kVerbTerms) {
      size_t pos = FindWord(seg, v.word);
      if (pos == std::string_view::npos || sb.cast.empty()) continue;
      const std::string actor = subject_before(seg_begin + pos);
      bool dup = false;
      for (const auto& a : shot.actions) dup |= a.actor == actor && a.verb == v.value;
      if (dup) continue;
      shot.actions.push_back({actor, std::string(v.value), 0.0, shot.duration});
    }

    // Camera: framing from the words; otherwise close on a lone speaker, wide on action.
    const uint64_t h = Mix(req.seed + static_cast<uint64_t>(i) * 7919);
    if (seg.find("close-up") != std::string_view::npos ||
        seg.find("close up") != std::string_view::npos ||
        seg.find("closeup") != std::string_view::npos) {
      shot.camera.framing = "close-up";
    } else if (seg.find("over the shoulder") != std::string_view::npos) {
      shot.camera.framing = "over-the-shoulder";
    } else if (seg.find("wide") != std::string_view::npos ||
               seg.find("aerial") != std::string_view::npos) {
      shot.camera.framing = "wide";
    } else if (!shot.dialogue.empty() && sb.cast.size() == 1) {
      shot.camera.framing = "medium";
    } else {
      shot.camera.framing = shot.actions.empty() ? "medium" : "wide";
    }
    static constexpr std::string_view kMoves[] = {"static", "dolly", "pan", "handheld"};
    shot.camera.move = std::string(kMoves[h % 4]);
    if (seg.find("pan") != std::string_view::npos) shot.camera.move = "pan";
    if (seg.find("dolly") != std::string_view::npos ||
        seg.find("push in") != std::string_view::npos) {
      shot.camera.move = "dolly";
    }
    if (seg.find("orbit") != std::string_view::npos) shot.camera.move = "orbit";
    if (seg.find("handheld") != std::string_view::npos ||
        seg.find("shaky") != std::string_view::npos) {
      shot.camera.move = "handheld";
    }
    if (!shot.dialogue.empty()) {
      shot.camera.subject = shot.dialogue.front().speaker;
    } else if (!shot.actions.empty()) {
      shot.camera.subject = shot.actions.front().actor;
    } else if (!sb.cast.empty()) {
      shot.camera.subject = sb.cast.front().id;
    }
    sb.shots.push_back(std::move(shot));
  }

  // A speaker's voice follows the language of their first line.
  for (auto& c : sb.cast) {
    for (const auto& shot : sb.shots) {
      auto it = std::find_if(shot.dialogue.begin(), shot.dialogue.end(),
                             [&](const DialogueLine& d) { return d.speaker == c.id; });
      if (it != shot.dialogue.end()) {
        c.voice.language = it->language;
        break;
      }
    }
  }
  sb.tags = DeriveTags(sb);
  KINORA_RETURN_IF_ERROR(Validate(sb));
  return sb;
}

}  // namespace kinora::engine
