// Cast members one at a time: their looks from the words around them, ids,
// voices, and the gender a name or voice suggests (cast.h).
#include <algorithm>
#include <cmath>
#include <string>

#include "engine/plan/cast.h"

namespace kinora::engine::plan {
namespace {

template <typename List>
bool InList(const List& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

constexpr std::string_view kFemaleNames[] = {
    "mia",    "emma",   "olivia", "ava",    "sophia", "isabella", "lily",    "chloe", "grace",
    "zoe",    "ella",   "anna",   "sara",   "sarah",  "maria",    "yuna",    "jisoo", "sakura",
    "aiko",   "yuki",   "priya",  "ananya", "fatima", "amara",    "lucy",    "alice", "julia",
    "emily",  "hannah", "nina",   "eva",    "luna",   "rosa",     "camille", "sofia", "elena",
    "amelie", "clara",  "leila",  "mei",    "hana",   "jiwoo",    "seoyeon", "kate",  "jane",
    "mary",   "linda",  "susan",  "laura",  "nora",   "ruby",     "maya",    "aisha", "ines",
};
constexpr std::string_view kMaleNames[] = {
    "leo",    "liam",   "noah",    "james",   "lucas",  "ethan",  "max",   "jack",  "oliver",
    "rohan",  "arjun",  "rahul",   "kenji",   "hiro",   "minho",  "jun",   "omar",  "ali",
    "carlos", "diego",  "pedro",   "marco",   "luca",   "pierre", "hans",  "ivan",  "tom",
    "ben",    "david",  "daniel",  "michael", "john",   "paul",   "mike",  "tyler", "jake",
    "minjun", "jisung", "takeshi", "kai",     "felix",  "hugo",   "mateo", "raj",   "sanjay",
    "peter",  "george", "henry",   "oscar",   "victor", "bruno",  "rocky", "joe",   "bob",
};

}  // namespace

Gender GenderOfName(std::string_view name) {
  const std::string lower = AsciiLower(name.substr(0, name.find(' ')));
  if (InList(kFemaleNames, lower)) return Gender::kFemale;
  if (InList(kMaleNames, lower)) return Gender::kMale;
  return Gender::kUnknown;
}

std::string_view AgeFromWords(std::string_view before, std::string_view term_age) {
  const size_t yo = before.find("-year-old");
  if (yo != std::string_view::npos) {
    size_t b = yo;
    while (b > 0 && before[b - 1] >= '0' && before[b - 1] <= '9') --b;
    if (b < yo && yo - b <= 3) {
      const int years = std::stoi(std::string(before.substr(b, yo - b)));
      return years < 13 ? "child" : years < 20 ? "teen" : years < 65 ? "adult" : "elder";
    }
  }
  if (before.find("elderly") != std::string_view::npos || HasTerm(before, "old", Inflect::kExact) ||
      HasTerm(before, "senior", Inflect::kExact) || HasTerm(before, "aged", Inflect::kExact)) {
    return "elder";
  }
  if (HasTerm(before, "teenage", Inflect::kExact) || HasTerm(before, "teen", Inflect::kExact)) {
    return "teen";
  }
  if (HasTerm(before, "little", Inflect::kExact) || HasTerm(before, "young", Inflect::kExact)) {
    return term_age == "adult" ? "adult" : "child";
  }
  if (HasTerm(before, "middle-aged", Inflect::kExact)) return "adult";
  return term_age;
}

// The colour written just before position `pos` in `text` (within two words).
std::string ColorBefore(std::string_view text, size_t pos) {
  const size_t from = pos > 24 ? pos - 24 : 0;
  std::string_view window = text.substr(from, pos - from);
  std::string best;
  size_t best_end = 0;
  for (std::string_view c : Colors()) {
    for (Span s = FindTerm(window, c, Inflect::kExact); s.found();
         s = FindTerm(window, c, Inflect::kExact, s.begin + 1)) {
      // The colour closest to the item wins; longer names win ties ("light blue").
      if (s.end > best_end || (s.end == best_end && c.size() > best.size())) {
        best = std::string(c);
        best_end = s.end;
      }
    }
  }
  if (best.empty()) return best;
  // Only words like "bright" may sit between the colour and the item.
  std::string_view gap = window.substr(best_end);
  const size_t words = std::count(gap.begin(), gap.end(), ' ');
  return words <= 2 ? best : std::string();
}

Looks ReadLooks(std::string_view window, std::string_view before, std::string_view kind) {
  Looks looks;
  // Clothing, longest names first so "top hat" is not read as "hat".
  std::vector<std::string_view> items(OutfitItems().begin(), OutfitItems().end());
  std::stable_sort(items.begin(), items.end(),
                   [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::vector<std::pair<size_t, size_t>> used;
  std::vector<std::pair<size_t, OutfitItem>> outfit;
  for (std::string_view item : items) {
    for (Span s = FindTerm(window, item, Inflect::kNoun); s.found();
         s = FindTerm(window, item, Inflect::kNoun, s.begin + 1)) {
      bool overlap = false;
      for (auto [b, e] : used) overlap |= Overlaps(s.begin, s.end, b, e);
      if (overlap) continue;
      used.push_back({s.begin, s.end});
      outfit.push_back({s.begin, {std::string(item), ColorBefore(window, s.begin)}});
    }
  }
  std::sort(outfit.begin(), outfit.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [pos, item] : outfit) looks.outfit.push_back(std::move(item));
  // "dressed in red", "wearing blue": a colour with no garment named.
  if (looks.outfit.empty()) {
    for (std::string_view lead : {"dressed in ", "wearing ", "dressed all in ", "in all "}) {
      const size_t p = window.find(lead);
      if (p == std::string_view::npos) continue;
      std::string_view rest = window.substr(p + lead.size());
      for (std::string_view c : Colors()) {
        if (rest.substr(0, c.size()) == c &&
            (rest.size() == c.size() || !IsWordByte(rest[c.size()]))) {
          looks.outfit.push_back({"outfit", std::string(c)});
          break;
        }
      }
      if (!looks.outfit.empty()) break;
    }
  }
  for (const Term& a : AccessoryTerms()) {
    const Span s = FindTerm(window, a.word, Inflect::kNoun);
    if (!s.found()) continue;
    bool overlap = false;
    for (auto [b, e] : used) overlap |= Overlaps(s.begin, s.end, b, e);
    if (overlap) continue;
    used.push_back({s.begin, s.end});
    if (std::find(looks.accessories.begin(), looks.accessories.end(), a.value) ==
        looks.accessories.end()) {
      looks.accessories.push_back(std::string(a.value));
    }
  }
  // Hair (an animal's coat): "red hair", "red-haired", "blonde", "bald".
  for (std::string_view marker : {" hair", "-haired", " fur", "-furred", " coat"}) {
    const size_t p = window.find(marker);
    if (p == std::string_view::npos) continue;
    std::string color = ColorBefore(window, p + 1);
    if (!color.empty()) {
      looks.hair = color;
      break;
    }
  }
  if (looks.hair.empty()) {
    for (std::string_view text : {before, window}) {
      if (HasTerm(text, "bald", Inflect::kExact)) looks.hair = "bald";
      if (HasTerm(text, "redhead", Inflect::kNoun)) looks.hair = "red";
      if (HasTerm(text, "brunette", Inflect::kNoun)) looks.hair = "brown";
    }
    if (HasTerm(before, "blonde", Inflect::kExact) || HasTerm(before, "blond", Inflect::kExact)) {
      looks.hair = "blonde";
    }
  }
  // A colour right before an animal is its coat; before an object, its colour.
  if (kind != "person") {
    const std::string color = ColorBefore(before, before.size());
    if (!color.empty() && looks.hair.empty() && kind == "animal") looks.hair = color;
  }
  for (std::string_view skin : {"dark", "light", "pale", "tan", "olive", "brown", "fair"}) {
    const std::string a = std::string(skin) + "-skinned";
    const std::string b = std::string(skin) + " skin";
    if (window.find(a) != std::string_view::npos || window.find(b) != std::string_view::npos ||
        before.find(a) != std::string_view::npos) {
      looks.skin = std::string(skin);
    }
  }
  return looks;
}

std::string UniqueId(std::string_view stem, const std::vector<CastMember>& taken) {
  const std::string base = stem.empty() ? "cast" : std::string(stem);
  const auto used = [&](const std::string& id) {
    return std::any_of(taken.begin(), taken.end(), [&](const CastMember& c) { return c.id == id; });
  };
  if (!used(base)) return base;
  for (int n = 2;; ++n) {
    std::string id = base + std::to_string(n);
    if (!used(id)) return id;
  }
}

Gender GuessGender(const CastMember& member) {
  if (member.kind != "person") return Gender::kUnknown;
  const Gender by_name = GenderOfName(member.name);
  if (by_name != Gender::kUnknown) return by_name;
  for (const CastTerm& t : CastTerms()) {
    if (t.kind == "person" && t.label == member.name && t.gender != Gender::kUnknown) {
      return t.gender;
    }
  }
  if (member.voice.voice == "slt") return Gender::kFemale;
  if (!member.voice.voice.empty()) return Gender::kMale;
  return Gender::kUnknown;
}

void AssignVoice(CastMember& c, Gender gender, uint64_t seed) {
  const uint64_t h = Hash(seed, "voice:" + c.id);
  static constexpr std::string_view kMale[] = {"rms", "awb", "kal"};
  static constexpr std::string_view kAny[] = {"slt", "rms", "awb", "kal"};
  if (gender == Gender::kFemale) {
    c.voice.voice = "slt";
  } else if (gender == Gender::kMale) {
    c.voice.voice = std::string(kMale[h % 3]);
  } else {
    c.voice.voice = std::string(kAny[h % 4]);
  }
  double pitch = 0.92 + 0.16 * static_cast<double>((h >> 8) % 100) / 100.0;
  double rate = 1.0;
  if (c.kind == "animal") pitch *= 1.25;
  if (c.kind == "object") pitch *= 1.1;
  if (c.looks.age == "child") pitch *= 1.25, rate = 1.05;
  if (c.looks.age == "elder") pitch *= 0.9, rate = 0.92;
  c.voice.pitch = std::clamp(std::round(pitch * 100) / 100, 0.5, 2.0);
  c.voice.rate = rate;
}

CastMember MakeCastMember(const CastTerm& term, std::string_view name,
                          const std::vector<CastMember>& taken, uint64_t seed) {
  CastMember c;
  c.kind = std::string(term.kind);
  c.species = std::string(term.species);
  c.breed = std::string(term.breed);
  c.name = name.empty() ? std::string(term.label) : std::string(name);
  std::string stem = name.empty() ? Slug(term.label) : Slug(name);
  if (stem.empty()) stem = Slug(term.label);
  c.id = UniqueId(stem, taken);
  c.looks.age = c.kind == "person" ? std::string(term.age) : "";
  if (c.breed == "golden retriever") c.looks.hair = "golden";
  Gender g = term.gender;
  if (g == Gender::kUnknown && !name.empty()) g = GenderOfName(name);
  AssignVoice(c, g, seed);
  return c;
}

}  // namespace kinora::engine::plan
