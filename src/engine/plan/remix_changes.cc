#include "engine/plan/remix_changes.h"

#include <algorithm>
#include <optional>

#include "engine/plan/cast.h"
#include "engine/plan/draft.h"
#include "engine/plan/language.h"
#include "engine/plan/shots.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine::plan::remix {
namespace {

constexpr std::string_view kFormatTags[] = {"ad",        "news", "sports",      "celebration",
                                            "interview", "vlog", "conversation"};

// ---------------------------------------------------------------------------
// Finding cast members in an instruction

struct CastRef {
  size_t begin = 0;
  size_t end = 0;
  int index = -1;
};

// Words that name member `c`: its name, its id, its species and breed, and
// the table words that share its label ("the anchor" for an "Anchor").
std::vector<std::string> WordsFor(const CastMember& c) {
  std::vector<std::string> words;
  const auto add = [&](std::string w) {
    w = AsciiLower(w);
    if (!w.empty() && std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
  };
  add(c.name);
  std::string id = c.id;
  std::replace(id.begin(), id.end(), '-', ' ');
  add(id);
  add(c.species);
  add(c.breed);
  for (const CastTerm& t : CastTerms()) {
    const bool same =
        t.kind == c.kind && ((t.kind == "animal" && t.species == c.species) || t.label == c.name);
    if (same) add(std::string(t.word));
  }
  return words;
}

std::vector<CastRef> FindRefs(std::string_view lower, const std::vector<CastMember>& cast) {
  std::vector<CastRef> all;
  for (size_t i = 0; i < cast.size(); ++i) {
    for (const std::string& w : WordsFor(cast[i])) {
      for (Span s = FindTerm(lower, w, Inflect::kNoun); s.found();
           s = FindTerm(lower, w, Inflect::kNoun, s.begin + 1)) {
        all.push_back({s.begin, s.end, static_cast<int>(i)});
      }
    }
  }
  std::sort(all.begin(), all.end(), [](const CastRef& a, const CastRef& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<CastRef> out;
  for (const CastRef& r : all) {
    if (!out.empty() && r.begin < out.back().end) continue;
    out.push_back(r);
  }
  return out;
}

// Pronouns in an instruction: "her", "him", "it", "them".
std::vector<int> PronounTargets(std::string_view lower, const std::vector<CastMember>& cast) {
  std::vector<int> out;
  const auto first = [&](auto accept) {
    for (size_t i = 0; i < cast.size(); ++i) {
      if (accept(cast[i])) return static_cast<int>(i);
    }
    return -1;
  };
  for (const Word& w : SplitWords(lower)) {
    int i = -1;
    if (w.text == "she" || w.text == "her") {
      i = first([](const CastMember& c) { return GuessGender(c) == Gender::kFemale; });
    } else if (w.text == "he" || w.text == "him" || w.text == "his") {
      i = first([](const CastMember& c) { return GuessGender(c) == Gender::kMale; });
    } else if (w.text == "them" || w.text == "they" || w.text == "everyone" ||
               w.text == "everybody") {
      for (size_t k = 0; k < cast.size(); ++k) {
        if (cast[k].kind != "object") out.push_back(static_cast<int>(k));
      }
      continue;
    }
    if (i >= 0 && std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  }
  return out;
}

const CastTerm* TermAtStart(std::string_view text) {
  const CastTerm* best = nullptr;
  for (const CastTerm& t : CastTerms()) {
    const Span s = FindTerm(text, t.word, Inflect::kNoun);
    if (s.found() && s.begin == 0 && (best == nullptr || t.word.size() > best->word.size())) {
      best = &t;
    }
  }
  return best;
}

bool IsDefaultLabel(std::string_view name) {
  return std::any_of(CastTerms().begin(), CastTerms().end(),
                     [&](const CastTerm& t) { return t.label == name; });
}

}  // namespace

bool IsFormatTag(std::string_view tag) {
  return std::find(std::begin(kFormatTags), std::end(kFormatTags), tag) != std::end(kFormatTags);
}

std::vector<std::string> FormatTagsOf(const Storyboard& sb) {
  std::vector<std::string> out;
  for (const std::string& t : sb.tags) {
    if (IsFormatTag(t)) out.push_back(t);
  }
  return out;
}

std::vector<std::string> PresentIn(const Shot& shot) {
  std::vector<std::string> ids;
  const auto add = [&](const std::string& id) {
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  for (const Action& a : shot.actions) add(a.actor);
  for (const DialogueLine& d : shot.dialogue) add(d.speaker);
  add(shot.camera.subject);
  return ids;
}

void RemoveCast(Storyboard& sb, const std::string& id) {
  std::erase_if(sb.cast, [&](const CastMember& c) { return c.id == id; });
  for (Shot& s : sb.shots) {
    std::erase_if(s.actions, [&](const Action& a) { return a.actor == id; });
    std::erase_if(s.dialogue, [&](const DialogueLine& d) { return d.speaker == id; });
    if (s.camera.subject == id) s.camera.subject.clear();
  }
}

bool ApplyFormat(Storyboard& sb, Instruction& in) {
  const Format f = in.format.format;
  if (f == Format::kNone || f == Format::kConversation) return false;
  // The old copy goes: its lines, its overlays, its product.
  std::string old_titles;
  for (const Shot& s : sb.shots) {
    for (const Overlay& o : s.overlays) old_titles += " " + AsciiLower(o.text);
  }
  std::vector<std::string> products;
  for (const CastMember& c : sb.cast) {
    if (c.kind == "object" && !old_titles.empty() &&
        old_titles.find(AsciiLower(c.name)) != std::string::npos) {
      products.push_back(c.id);
    }
  }
  for (const std::string& id : products) RemoveCast(sb, id);
  for (CastMember& c : sb.cast) {
    std::erase_if(c.looks.outfit, [&](const OutfitItem& i) {
      return !old_titles.empty() && old_titles.find(i.item) != std::string::npos;
    });
    std::erase_if(c.looks.accessories, [&](const std::string& a) {
      for (const Word& w : SplitWords(a)) {
        std::string stem = w.text;
        if (stem.size() > 4 && stem.back() == 's') stem.pop_back();
        if (stem.size() >= 4 && old_titles.find(stem) != std::string::npos) return true;
      }
      return false;
    });
  }
  const bool had_format = !FormatTagsOf(sb).empty();
  for (Shot& s : sb.shots) {
    s.dialogue.clear();
    s.overlays.clear();
    std::erase_if(s.actions, [](const Action& a) { return a.verb == "talk" && a.until > 0; });
    if (had_format) {
      std::erase_if(s.sfx, [](const SoundEffect& e) {
        return e.kind == "crowd_cheer" || e.kind == "applause" || e.kind == "whoosh";
      });
    }
  }
  std::vector<CastNotes> notes;
  for (const CastMember& c : sb.cast) notes.push_back({GuessGender(c), "", "", false});
  CopyOptions copy;
  copy.seed = in.seed;
  copy.framing_named.assign(sb.shots.size(), true);  // a remix keeps the camera
  std::vector<std::string> w = WriteCopy(in.format, sb.cast, notes, sb.shots, copy);
  in.warnings.insert(in.warnings.end(), w.begin(), w.end());
  sb.mood = std::string(MoodForFormat(f));
  std::erase_if(sb.tags, [](const std::string& t) { return IsFormatTag(t); });
  sb.tags.push_back(std::string(FormatName(f)));
  return true;
}

bool ApplySetting(Storyboard& sb, const Instruction& in) {
  bool changed = false;
  const std::string_view text = in.outside;
  if (const TermMatch m = FirstTerm(text, kStyleTerms); !m.value.empty()) {
    sb.style = std::string(m.value);
    changed = true;
  }
  if (const TermMatch m = FirstTerm(text, kTimeTerms); !m.value.empty()) {
    for (Shot& s : sb.shots) s.setting.time_of_day = std::string(m.value);
    changed = true;
  }
  TermMatch weather = FirstTerm(text, kWeatherTerms);
  for (std::string_view clear : {"no rain", "stop the rain", "dry", "clear it up"}) {
    if (HasTerm(text, clear, Inflect::kExact)) weather.value = "clear";
  }
  if (!weather.value.empty()) {
    for (Shot& s : sb.shots) s.setting.weather = std::string(weather.value);
    changed = true;
  }
  if (const TermMatch m = FirstTerm(text, kPlaceTerms); !m.value.empty()) {
    for (Shot& s : sb.shots) {
      s.setting.place = std::string(m.value);
      s.setting.indoor = IsIndoorPlace(s.setting.place);
    }
    changed = true;
  }
  if (const std::string mood = NamedMood(text); !mood.empty()) {
    sb.mood = mood;
    changed = true;
  }
  if (const TermMatch m = FirstTerm(text, kFramingTerms); !m.value.empty()) {
    for (Shot& s : sb.shots) s.camera.framing = std::string(m.value);
    changed = true;
  }
  if (const TermMatch m = FirstTerm(text, kMoveTerms); !m.value.empty()) {
    for (Shot& s : sb.shots) s.camera.move = std::string(m.value);
    changed = true;
  }
  return changed;
}

// "make the dog a cat", "turn the man into a robot", "replace the cat with a fox".
bool ApplySwaps(Storyboard& sb, Instruction& in) {
  static constexpr std::string_view kVerbs[] = {"make", "turn",   "change",   "replace",
                                                "swap", "switch", "transform"};
  static constexpr std::string_view kJoins[] = {" into an ", " into a ",  " into ",   " to an ",
                                                " to a ",    " with an ", " with a ", " for an ",
                                                " for a ",   " an ",      " a "};
  const std::string& lower = in.outside;
  bool changed = false;
  for (const CastRef& ref : FindRefs(lower, sb.cast)) {
    const std::string_view before = std::string_view(lower).substr(0, ref.begin);
    const bool asked = std::any_of(std::begin(kVerbs), std::end(kVerbs), [&](std::string_view v) {
      const Span s = FindTerm(before, v, Inflect::kVerb);
      return s.found() && ref.begin - s.end <= 24;
    });
    if (!asked) continue;
    const std::string_view after = std::string_view(lower).substr(ref.end);
    for (std::string_view join : kJoins) {
      if (!after.starts_with(join)) continue;
      std::string_view rest = after.substr(join.size());
      // "a black cat": a colour first becomes the coat.
      std::string color;
      for (std::string_view c : Colors()) {
        if (rest.starts_with(c) && rest.size() > c.size() && rest[c.size()] == ' ') {
          color = std::string(c);
          rest.remove_prefix(c.size() + 1);
          break;
        }
      }
      const CastTerm* term = TermAtStart(rest);
      if (term == nullptr) break;
      CastMember& c = sb.cast[ref.index];
      const std::string old_species = c.species;
      if (IsDefaultLabel(c.name)) c.name = std::string(term->label);
      c.kind = std::string(term->kind);
      c.species = std::string(term->species);
      c.breed = std::string(term->breed);
      c.looks.age = c.kind == "person" ? std::string(term->age) : "";
      if (c.kind != "person")
        c.looks.hair = color.empty() && c.breed == "golden retriever" ? "golden" : color;
      if (!term->drawn) {
        in.warnings.push_back("animal '" + std::string(term->word) +
                              "' has no drawing of its own; drawn as a generic animal");
      }
      // What the old species did and said, the new one does its own way.
      const bool dog = c.species == "dog" || c.species == "puppy";
      const bool cat = c.species == "cat" || c.species == "kitten";
      for (Shot& s : sb.shots) {
        bool acts = false;
        for (Action& a : s.actions) {
          if (a.actor != c.id) continue;
          acts = true;
          if (a.verb == "bark" && !dog) a.verb = "talk";
        }
        for (DialogueLine& d : s.dialogue) {
          if (d.speaker != c.id) continue;
          const std::string t = AsciiLower(d.text);
          if (cat && t.starts_with("woof")) d.text = "Meow!";
          if (dog && t.starts_with("meow")) d.text = "Woof!";
        }
        if (!acts) continue;
        for (SoundEffect& e : s.sfx) {
          if (e.kind == "bark" && cat) e.kind = "meow";
          if (e.kind == "meow" && dog) e.kind = "bark";
        }
        std::erase_if(s.sfx, [&](const SoundEffect& e) {
          return (e.kind == "bark" && !dog && old_species != c.species && !cat) ||
                 (e.kind == "meow" && !cat && !dog);
        });
      }
      changed = true;
      break;
    }
  }
  return changed;
}

// "call the dog Rocket", "rename the man to Leo", "name her Mia".
bool ApplyNames(Storyboard& sb, const Instruction& in) {
  const std::string& lower = in.outside;
  const std::vector<Word> words = SplitWords(in.text.cased);
  bool changed = false;
  for (std::string_view verb : {"call", "rename", "name"}) {
    const Span v = FindTerm(lower, verb, Inflect::kVerb);
    if (!v.found()) continue;
    std::vector<CastRef> refs = FindRefs(std::string_view(lower).substr(v.end, 40), sb.cast);
    int target = refs.empty() ? -1 : refs.front().index;
    size_t after = refs.empty() ? v.end : v.end + refs.front().end;
    if (target < 0) {
      const std::vector<int> p = PronounTargets(std::string_view(lower).substr(v.end, 12), sb.cast);
      if (p.empty()) continue;
      target = p.front();
      after = v.end + 4;
    }
    for (const Word& w : words) {
      if (w.begin < after) continue;
      const std::string lw = AsciiLower(w.text);
      if (lw == "to" || lw == "as" || lw == "her" || lw == "him" || lw == "it") continue;
      if (w.text[0] >= 'A' && w.text[0] <= 'Z') {
        sb.cast[target].name = w.text;
        changed = true;
      }
      break;
    }
  }
  return changed;
}

// "make them speak Korean", "dub it in French".
bool ApplyLanguage(Storyboard& sb, Instruction& in) {
  const std::vector<std::string> named = NamedLanguages(in.outside);
  if (named.empty()) return false;
  const std::string& target = named.front();
  const size_t name_at = in.outside.find(AsciiLower(LanguageName(target)));
  std::vector<int> who;
  for (const CastRef& r : FindRefs(std::string_view(in.outside).substr(0, name_at), sb.cast)) {
    who.push_back(r.index);
  }
  const auto targeted = [&](const std::string& id) {
    if (who.empty()) return true;
    return std::any_of(who.begin(), who.end(), [&](int i) { return sb.cast[i].id == id; });
  };
  for (Shot& s : sb.shots) {
    for (DialogueLine& d : s.dialogue) {
      if (!targeted(d.speaker) || d.language == target) continue;
      if (std::optional<std::string> t = Translate(d.text, target)) {
        d.text = *t;
        d.language = target;
      } else {
        in.warnings.push_back("line \"" + d.text + "\" in shot " + s.id + " stays in " +
                              LanguageName(d.language) + ": Kinora translates only its " +
                              "phrasebook's phrases, not free text");
      }
    }
  }
  return true;
}

// Quoted words: a caption or title, or a line for someone to say.
bool ApplyQuotes(Storyboard& sb, Instruction& in) {
  bool changed = false;
  for (const Quote& q : in.text.quotes) {
    const std::string before = in.text.lower.substr(0, q.begin);
    const std::string near = before.substr(before.size() > 30 ? before.size() - 30 : 0);
    std::string role;
    if (HasTerm(near, "title", Inflect::kNoun) || HasTerm(near, "headline", Inflect::kNoun)) {
      role = "title";
    } else if (HasTerm(near, "caption", Inflect::kNoun) || HasTerm(near, "text", Inflect::kExact) ||
               HasTerm(near, "slogan", Inflect::kNoun) || HasTerm(near, "banner", Inflect::kNoun)) {
      role = "caption";
    } else if (HasTerm(near, "lower third", Inflect::kExact)) {
      role = "lower-third";
    }
    if (!role.empty()) {
      bool replaced = false;
      for (Shot& s : sb.shots) {
        for (Overlay& o : s.overlays) {
          if (!replaced && o.role == role) {
            o.text = q.text;
            replaced = true;
          }
        }
      }
      if (!replaced)
        sb.shots.front().overlays.push_back({q.text, role, 0.0, sb.shots.front().duration});
      changed = true;
      continue;
    }
    // The speaker: named before the quote, else whoever speaks first, else anyone.
    std::vector<CastRef> refs = FindRefs(before, sb.cast);
    int speaker = refs.empty() ? -1 : refs.back().index;
    if (speaker < 0) {
      const std::vector<int> p = PronounTargets(before, sb.cast);
      if (!p.empty()) speaker = p.front();
    }
    if (speaker < 0) {
      for (const Shot& s : sb.shots) {
        if (speaker < 0 && !s.dialogue.empty()) {
          for (size_t i = 0; i < sb.cast.size(); ++i) {
            if (sb.cast[i].id == s.dialogue.front().speaker) speaker = static_cast<int>(i);
          }
        }
      }
    }
    for (size_t i = 0; i < sb.cast.size() && speaker < 0; ++i) {
      if (sb.cast[i].kind != "object") speaker = static_cast<int>(i);
    }
    if (speaker < 0) continue;
    const std::string id = sb.cast[speaker].id;
    const std::string language = GuessLanguage(q.text, before).code;
    bool replaced = false;
    for (Shot& s : sb.shots) {
      for (DialogueLine& d : s.dialogue) {
        if (!replaced && d.speaker == id) {
          d.text = q.text;
          d.language = language;
          d.emotion = q.text.find('!') != std::string::npos ? "excited" : "neutral";
          replaced = true;
        }
      }
    }
    if (!replaced) {
      Shot* home = &sb.shots.front();
      for (Shot& s : sb.shots) {
        const std::vector<std::string> present = PresentIn(s);
        if (std::find(present.begin(), present.end(), id) != present.end()) {
          home = &s;
          break;
        }
      }
      double at = std::min(0.3, home->duration * 0.1);
      for (const DialogueLine& d : home->dialogue)
        at = std::max(at, d.at + SpeechSeconds(d.text) + 0.25);
      home->dialogue.push_back({id, q.text, language,
                                std::min(at, std::max(0.0, home->duration - 0.1)),
                                q.text.find('!') != std::string::npos ? "excited" : "neutral"});
    }
    changed = true;
  }
  return changed;
}

// "give her a red hat", "put sunglasses on the dog", "make his hoodie blue".
bool ApplyLooks(Storyboard& sb, const Instruction& in) {
  const std::string& lower = in.outside;
  const bool asked =
      HasTerm(lower, "give", Inflect::kVerb) || HasTerm(lower, "put", Inflect::kVerb) ||
      HasTerm(lower, "wear", Inflect::kVerb) || HasTerm(lower, "dress", Inflect::kVerb) ||
      HasTerm(lower, "make", Inflect::kVerb);
  if (!asked) return false;
  Looks looks = ReadLooks(lower, "", "person");
  if (looks.outfit.empty() && looks.accessories.empty() && looks.hair.empty()) return false;
  // "make his hoodie blue": a colour after the garment.
  for (OutfitItem& item : looks.outfit) {
    if (!item.color.empty()) continue;
    const size_t p = lower.find(item.item);
    if (p == std::string::npos) continue;
    std::string_view rest = std::string_view(lower).substr(p + item.item.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    for (std::string_view c : Colors()) {
      if (rest.starts_with(c)) item.color = std::string(c);
    }
  }
  std::vector<int> targets;
  for (const CastRef& r : FindRefs(lower, sb.cast)) targets.push_back(r.index);
  if (targets.empty()) targets = PronounTargets(lower, sb.cast);
  if (targets.empty()) {
    for (size_t i = 0; i < sb.cast.size() && targets.empty(); ++i) {
      if (sb.cast[i].kind == "person") targets.push_back(static_cast<int>(i));
    }
  }
  if (targets.empty() && !sb.cast.empty()) targets.push_back(0);
  if (targets.empty()) return false;
  CastMember& c = sb.cast[targets.front()];
  for (const OutfitItem& item : looks.outfit) {
    auto it = std::find_if(c.looks.outfit.begin(), c.looks.outfit.end(),
                           [&](const OutfitItem& o) { return o.item == item.item; });
    if (it != c.looks.outfit.end()) {
      if (!item.color.empty()) it->color = item.color;
    } else {
      c.looks.outfit.push_back(item);
    }
  }
  for (const std::string& a : looks.accessories) {
    if (std::find(c.looks.accessories.begin(), c.looks.accessories.end(), a) ==
        c.looks.accessories.end()) {
      c.looks.accessories.push_back(a);
    }
  }
  if (!looks.hair.empty()) c.looks.hair = looks.hair;
  return true;
}

// "add a parrot": new members appear in every shot.
bool ApplyAdditions(Storyboard& sb, Instruction& in) {
  const std::string& lower = in.outside;
  Span add;
  for (std::string_view verb : {"add", "include", "bring in", "introduce"}) {
    const Span s = FindTerm(lower, verb, Inflect::kVerb);
    if (s.found() && (!add.found() || s.begin < add.begin)) add = s;
  }
  if (!add.found()) return false;
  CastOptions options;
  options.seed = in.seed;
  PromptText part = ReadPromptText(in.text.original.substr(add.end));
  CastReading reading = ReadCast(part, options);
  bool changed = false;
  for (size_t i = 0; i < reading.cast.size(); ++i) {
    CastMember c = reading.cast[i];
    c.id = UniqueId(c.id, sb.cast);
    for (Shot& s : sb.shots) s.actions.push_back({c.id, "idle", 0.0, s.duration});
    sb.cast.push_back(std::move(c));
    changed = true;
  }
  if (changed)
    in.warnings.insert(in.warnings.end(), reading.warnings.begin(), reading.warnings.end());
  return changed;
}

// "make the dog dance", "have her wave".
bool ApplyActions(Storyboard& sb, const Instruction& in, bool language_changed) {
  const std::string& lower = in.outside;
  bool changed = false;
  for (const TermMatch& v : AllTerms(lower, kVerbTerms)) {
    if (v.value == "talk" && language_changed) continue;
    const std::string_view before = std::string_view(lower).substr(0, v.span.begin);
    std::vector<int> who;
    const std::vector<CastRef> refs = FindRefs(before, sb.cast);
    if (!refs.empty()) who.push_back(refs.back().index);
    if (who.empty()) who = PronounTargets(before, sb.cast);
    if (who.empty()) {
      for (size_t i = 0; i < sb.cast.size(); ++i) {
        if (sb.cast[i].kind != "object") who.push_back(static_cast<int>(i));
      }
    }
    for (int i : who) {
      const std::string& id = sb.cast[i].id;
      bool anywhere = false;
      for (const Shot& s : sb.shots) {
        const std::vector<std::string> p = PresentIn(s);
        anywhere |= std::find(p.begin(), p.end(), id) != p.end();
      }
      for (Shot& s : sb.shots) {
        const std::vector<std::string> p = PresentIn(s);
        if (anywhere && std::find(p.begin(), p.end(), id) == p.end()) continue;
        std::erase_if(s.actions,
                      [&](const Action& a) { return a.actor == id && a.verb != "talk"; });
        const double d = s.duration;
        if (IsTrickVerb(v.value)) {
          s.actions.push_back({id, "idle", 0.0, d});
          const double at = d * 0.2;
          s.actions.push_back({id, std::string(v.value), at,
                               std::min(d, at + std::max(0.6, std::min(1.2, d * 0.6)))});
        } else {
          s.actions.insert(s.actions.begin(), {id, std::string(v.value), 0.0, d});
        }
      }
      changed = true;
    }
  }
  return changed;
}

}  // namespace kinora::engine::plan::remix
