#include "engine/plan/shots.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/plan/cast.h"
#include "engine/plan/language.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine::plan {
namespace {

template <typename List>
bool InList(const List& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

std::string OneDecimal(double v) {
  const long tenths = std::lround(v * 10);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// The segment's text, lower case, with its hole blanked; offsets relative to begin.
std::string SegmentText(const PromptText& t, const Segment& s) {
  std::string out = t.lower.substr(s.begin, s.end - s.begin);
  if (s.hole.found()) {
    for (size_t i = std::max(s.hole.begin, s.begin); i < std::min(s.hole.end, s.end); ++i) {
      out[i - s.begin] = ' ';
    }
  }
  return out;
}

bool MatchesWholeWord(std::string_view word, const TermTable& table) {
  for (const TermMatch& m : AllTerms(word, table)) {
    if (m.span.begin == 0 && m.span.end == word.size()) return true;
  }
  return false;
}

// Whether `place` suits `verb` well enough to stay there.
bool PlaceSuits(std::string_view verb, std::string_view place) {
  if (verb == "swim") return place == "beach" || place == "lake" || place == "underwater";
  if (verb == "surf" || verb == "wakeboard") return place == "beach" || place == "lake";
  if (verb == "kickflip" || verb == "skate") {
    return place == "skate park" || place == "city street" || place == "park";
  }
  if (verb == "gymnastics") return place == "gym" || place == "stadium" || place == "stage";
  if (verb == "sing") return place != "studio";
  return false;
}

std::string_view PlaceForVerb(std::string_view verb, bool sports) {
  if (verb == "kickflip" || verb == "skate") return "skate park";
  if (verb == "surf") return "beach";
  if (verb == "wakeboard") return "lake";
  if (verb == "swim") return "lake";
  if (verb == "gymnastics") return sports ? "stadium" : "gym";
  if (verb == "sing") return "stage";
  return "";
}

constexpr std::string_view kSpeechVerbs[] = {
    "says",      "said",      "asks",     "asked",     "replies",   "replied", "answers",
    "answered",  "shouts",    "shouted",  "whispers",  "whispered", "yells",   "yelled",
    "adds",      "added",     "exclaims", "exclaimed", "cries",     "cried",   "responds",
    "responded", "continues", "barks",    "meows",     "sings",     "sang",    "screams",
    "screamed",  "announces", "declares", "tells",     "told",      "calls",   "shout",
    "say",       "ask",       "reply",    "whisper",   "yell"};

constexpr std::string_view kOverlayWords[] = {
    "caption",   "captioned", "title",       "titled",      "subtitle", "text",
    "headline",  "banner",    "sign",        "reads",       "reading",  "the words",
    "on screen", "on-screen", "lower third", "lower-third", "chyron",   "name tag",
    "logo",      "tagline",   "slogan",      "billboard",   "poster"};

struct Resolver {
  const PromptText& text;
  const CastReading& cast;
  const Segment& seg;

  bool IsObject(const std::string& id) const {
    const int i = cast.IndexOf(id);
    return i >= 0 && cast.cast[i].kind == "object";
  }
  // The latest mention inside [from, to) of this segment (a group over its
  // last member); objects only when `allow_objects`.
  std::vector<std::string> Between(size_t from, size_t to, bool allow_objects) const {
    const Mention* best = nullptr;
    for (const Mention& m : cast.mentions) {
      if (m.begin < from || m.end > to || !seg.Covers(m.begin) || m.ids.empty()) continue;
      if (!allow_objects && IsObject(m.ids.front())) continue;
      if (best == nullptr || m.end > best->end ||
          (m.end == best->end && m.ids.size() > best->ids.size())) {
        best = &m;
      }
    }
    return best == nullptr ? std::vector<std::string>{} : best->ids;
  }
  // Who does the speaking in [from, to): the latest mention that is not
  // inside a phrase like "on a pirate's shoulder" or the one spoken to
  // ("tells Leo"); the latest mention when every one is.
  std::vector<std::string> Subject(size_t from, size_t to) const {
    static constexpr std::string_view kAside[] = {
        "on",     "in",     "at",    "with",   "to",      "from",  "of",       "near",
        "behind", "beside", "under", "over",   "for",     "by",    "next",     "tells",
        "asks",   "told",   "asked", "beside", "holding", "holds", "carrying", "carries"};
    const Mention* best = nullptr;
    for (const Mention& m : cast.mentions) {
      if (m.begin < from || m.end > to || !seg.Covers(m.begin) || m.ids.empty()) continue;
      if (IsObject(m.ids.front())) continue;
      // The two words before the mention (skipping articles and possessives).
      const std::vector<Word> before =
          SplitWords(std::string_view(text.lower).substr(from, m.begin - from));
      bool aside = false;
      for (size_t k = before.size(), n = 0; k > 0 && n < 3; --k, ++n) {
        const std::string& w = before[k - 1].text;
        if (InList(kAside, w)) aside = true;
        if (w != "a" && w != "an" && w != "the" && w != "his" && w != "her" && w != "their" &&
            w != "my" && !IsDescriptor(w)) {
          break;
        }
      }
      if (aside) continue;
      if (best == nullptr || m.end > best->end) best = &m;
    }
    return best == nullptr ? Between(from, to, false) : best->ids;
  }
};

std::string ClauseStart(const std::string& lower, size_t seg_begin, size_t pos,
                        const std::vector<Quote>& quotes, size_t* out) {
  size_t start = seg_begin;
  for (const Quote& q : quotes) {
    if (q.end <= pos && q.end > start) start = q.end;
  }
  for (size_t i = pos; i > start; --i) {
    const char c = lower[i - 1];
    if (c == '.' || c == '!' || c == '?' || c == ';') {
      start = i;
      break;
    }
  }
  *out = start;
  return lower.substr(start, pos - start);
}

}  // namespace

// ---------------------------------------------------------------------------

bool IsTrickVerb(std::string_view verb) {
  static constexpr std::string_view kTricks[] = {"jump",  "backflip", "kickflip",  "fall",  "throw",
                                                 "catch", "wave",     "fist-pump", "shout", "clap",
                                                 "nod",   "laugh",    "point",     "bark"};
  return InList(kTricks, verb);
}

Shot BuildShot(const ShotContext& ctx, const Segment& seg, const Shot* previous, size_t index,
               double start, double duration, ShotNotes& notes,
               std::vector<std::string>& warnings) {
  const PromptText& text = *ctx.text;
  CastReading& cast = *ctx.cast;
  const std::string seg_lower = SegmentText(text, seg);
  const std::string preamble =
      ctx.preamble.found()
          ? text.lower.substr(ctx.preamble.begin, ctx.preamble.end - ctx.preamble.begin)
          : std::string();
  Shot shot;
  shot.start = start;
  shot.duration = duration;
  const double d = duration;

  // Actions named in the segment, each with its actors.
  const Resolver resolve{text, cast, seg};
  std::vector<TermMatch> verbs = AllTerms(seg_lower, kVerbTerms);
  std::string implied;  // a performer created for verbs nobody does
  const auto actors_for = [&](size_t abs_pos, std::string_view verb) -> std::vector<std::string> {
    std::vector<std::string> ids = resolve.Between(seg.begin, abs_pos, false);
    if (ids.empty()) ids = resolve.Between(abs_pos, seg.end, false);
    if (ids.empty()) ids = resolve.Between(seg.begin, seg.end, true);
    if (ids.empty() && previous != nullptr && !previous->camera.subject.empty()) {
      ids = {previous->camera.subject};
    }
    if (ids.empty() && previous == nullptr && !ctx.continue_subject.empty() &&
        cast.IndexOf(ctx.continue_subject) >= 0) {
      ids = {ctx.continue_subject};
    }
    if (ids.empty()) {
      const Mention* m = cast.LastMentionBefore(abs_pos);
      if (m != nullptr && !m->ids.empty()) ids = m->ids;
    }
    if (ids.empty()) {
      if (implied.empty()) {
        // The most telling verb of the segment names the performer.
        const CastTerm* best = PerformerForVerb(verb);
        if (verb == "talk" && !ctx.talker.empty()) best = FindCastTerm(ctx.talker);
        for (const TermMatch& v : verbs) {
          const CastTerm* p = PerformerForVerb(v.value);
          if (p != nullptr && p->word != "person" && v.value != "talk" &&
              (best == nullptr || best->word == "person" || best->word == "acrobat")) {
            best = p;
          }
        }
        CastMember c = MakeCastMember(*best, "", cast.cast, ctx.seed);
        CastNotes n;
        n.gender = best->gender;
        n.role_verb = std::string(best->role_verb);
        n.place = std::string(best->place);
        implied = c.id;
        cast.cast.push_back(std::move(c));
        cast.notes.push_back(std::move(n));
      }
      ids = {implied};
    }
    return ids;
  };
  // "Snow falls", "the sun rises": a verb after a word for the world, not a
  // being, needs no one to do it.
  std::erase_if(verbs, [&](const TermMatch& v) {
    const std::vector<Word> before =
        SplitWords(std::string_view(seg_lower).substr(0, v.span.begin));
    if (before.empty()) return false;
    const std::string& w = before.back().text;
    const bool thing = IsKnownNonCastNoun(w) || MatchesWholeWord(w, kWeatherTerms) ||
                       MatchesWholeWord(w, kTimeTerms) || MatchesWholeWord(w, kPlaceTerms);
    return thing && resolve.Between(seg.begin, seg.end, true).empty();
  });
  for (const TermMatch& v : verbs) {
    for (const std::string& actor : actors_for(seg.begin + v.span.begin, v.value)) {
      const bool dup = std::any_of(shot.actions.begin(), shot.actions.end(), [&](const Action& a) {
        return a.actor == actor && a.verb == v.value;
      });
      if (!dup) shot.actions.push_back({actor, std::string(v.value), 0.0, d});
    }
  }

  // Who is in the shot: everyone mentioned in the segment (and the preamble for shot 1).
  std::vector<std::string> present;
  const auto add_present = [&](const std::string& id) {
    if (!id.empty() && std::find(present.begin(), present.end(), id) == present.end()) {
      present.push_back(id);
    }
  };
  for (const Mention& m : cast.mentions) {
    if (seg.Covers(m.begin)) {
      for (const auto& id : m.ids) add_present(id);
    }
  }
  for (const Action& a : shot.actions) add_present(a.actor);
  notes.has_content = !present.empty();
  if (present.empty() && previous != nullptr && !previous->camera.subject.empty()) {
    add_present(previous->camera.subject);
  }
  if (present.empty() && previous == nullptr && !ctx.continue_subject.empty() &&
      cast.IndexOf(ctx.continue_subject) >= 0) {
    add_present(ctx.continue_subject);
  }
  if (present.empty() && index == 0) {
    for (const Mention& m : cast.mentions) {
      if (ctx.preamble.found() && m.begin >= ctx.preamble.begin && m.end <= ctx.preamble.end) {
        for (const auto& id : m.ids) add_present(id);
      }
    }
  }
  // A role implies its action when the text gives none: a surfer surfs.
  for (const std::string& id : present) {
    const int i = cast.IndexOf(id);
    if (i < 0 || cast.notes[i].role_verb.empty()) continue;
    bool continuous = false;
    for (const Action& a : shot.actions) {
      continuous |= a.actor == id && !IsTrickVerb(a.verb);
    }
    // "A surfer rides a wave": the role says what kind of riding.
    for (Action& a : shot.actions) {
      if (a.actor == id && a.verb == "ride" && cast.notes[i].role_verb != "talk" &&
          !IsTrickVerb(cast.notes[i].role_verb)) {
        a.verb = cast.notes[i].role_verb;
      }
    }
    if (!continuous) {
      shot.actions.insert(shot.actions.begin(), {id, cast.notes[i].role_verb, 0.0, d});
    }
  }

  // Setting: the segment's words, the preamble's, then what the action implies,
  // the format's usual place, and continuity with the shot before.
  const Setting* prior = previous != nullptr ? &previous->setting
                         : ctx.continue_from ? &*ctx.continue_from
                                             : nullptr;
  const TermMatch place = FirstTerm(seg_lower, kPlaceTerms);
  const TermMatch pre_place = FirstTerm(preamble, kPlaceTerms);
  std::string inferred;
  for (const Action& a : shot.actions) {
    if (!inferred.empty()) break;
    inferred = std::string(PlaceForVerb(a.verb, ctx.sports));
    // Keep the place the clip is in when the action fits there (swimming at the beach).
    if (!inferred.empty() && prior != nullptr && PlaceSuits(a.verb, prior->place)) {
      inferred = prior->place;
    }
  }
  for (const std::string& id : present) {
    const int i = cast.IndexOf(id);
    if (!inferred.empty() || i < 0 || !cast.notes[i].from_text) continue;
    // A role's place counts where that member first appears ("cut to a chef").
    const Mention* first = nullptr;
    for (const Mention& m : cast.mentions) {
      if (!m.pronoun && std::find(m.ids.begin(), m.ids.end(), id) != m.ids.end()) {
        first = &m;
        break;
      }
    }
    // An animal's usual place is only a hint; a person's role sets the scene
    // even mid-story ("cut to a chef" is in a kitchen).
    const bool strong = cast.cast[i].kind == "person";
    if (prior == nullptr || (strong && first != nullptr && seg.Covers(first->begin))) {
      inferred = cast.notes[i].place;
    }
  }
  if (!place.value.empty()) {
    shot.setting.place = std::string(place.value);
  } else if (!pre_place.value.empty()) {
    shot.setting.place = std::string(pre_place.value);
  } else if (prior == nullptr && ctx.format_place_first && !ctx.format_place.empty()) {
    shot.setting.place = ctx.format_place;
  } else if (!inferred.empty()) {
    shot.setting.place = inferred;
  } else if (prior != nullptr) {
    shot.setting.place = prior->place;
  } else if (!ctx.format_place.empty()) {
    shot.setting.place = ctx.format_place;
  } else {
    const TermMatch anywhere = FirstTerm(text.lower, kPlaceTerms);
    shot.setting.place = anywhere.value.empty() ? "studio" : std::string(anywhere.value);
  }
  notes.place_named = !place.value.empty() || !pre_place.value.empty();
  const auto pick = [&](const TermTable& table, std::string Setting::*field,
                        std::string_view fallback, bool& named) {
    const TermMatch own = FirstTerm(seg_lower, table);
    const TermMatch pre = FirstTerm(preamble, table);
    named = !own.value.empty() || !pre.value.empty();
    if (!own.value.empty()) return std::string(own.value);
    if (!pre.value.empty()) return std::string(pre.value);
    if (prior != nullptr) return prior->*field;
    const TermMatch anywhere = FirstTerm(text.lower, table);
    return anywhere.value.empty() ? std::string(fallback) : std::string(anywhere.value);
  };
  shot.setting.time_of_day = pick(kTimeTerms, &Setting::time_of_day, "noon", notes.time_named);
  shot.setting.weather = pick(kWeatherTerms, &Setting::weather, "clear", notes.weather_named);
  shot.setting.indoor = IsIndoorPlace(shot.setting.place);

  // Quoted text: dialogue, or an on-screen caption ("a sign that reads "OPEN"").
  double cursor = std::min(0.3, d * 0.1);
  std::string last_speaker;
  for (size_t qi = 0; qi < text.quotes.size(); ++qi) {
    const Quote& q = text.quotes[qi];
    if (!seg.Covers(q.begin)) continue;
    size_t clause_start = 0;
    const std::string clause =
        ClauseStart(text.lower, seg.begin, q.begin, text.quotes, &clause_start);
    const std::string_view near =
        std::string_view(clause).substr(clause.size() > 40 ? clause.size() - 40 : 0);
    // Who says it: "…," says Mia / "…" Mia replies; then the clause before; then turns.
    std::string speaker;
    {
      size_t p = q.end;
      while (p < text.lower.size() && (text.lower[p] == ' ' || text.lower[p] == ',')) ++p;
      const std::vector<Word> after = SplitWords(std::string_view(text.lower).substr(p, 40));
      if (!after.empty() && InList(kSpeechVerbs, after[0].text)) {
        const size_t from = p + after[0].end;
        for (const Mention& m : cast.mentions) {
          if (m.begin >= from && m.begin <= from + 6 && !m.ids.empty()) {
            speaker = m.ids.front();
            break;
          }
        }
      }
      if (speaker.empty() && !after.empty()) {
        for (const Mention& m : cast.mentions) {
          if (m.begin == p && !m.ids.empty()) {
            const size_t e = m.end;
            const std::vector<Word> next = SplitWords(std::string_view(text.lower).substr(e, 24));
            if (!next.empty() && InList(kSpeechVerbs, next[0].text)) speaker = m.ids.front();
          }
        }
      }
    }
    bool overlay = false;
    std::string role = "caption";
    for (std::string_view w : kOverlayWords) {
      if (HasTerm(near, w, Inflect::kExact)) {
        overlay = true;
        if (w == "title" || w == "titled" || w == "headline" || w == "logo") role = "title";
        if (w == "lower third" || w == "lower-third" || w == "chyron" || w == "name tag") {
          role = "lower-third";
        }
      }
    }
    if (speaker.empty()) {
      std::vector<std::string> ids = resolve.Subject(clause_start, q.begin);
      if (ids.empty()) ids = resolve.Between(clause_start, q.begin, true);
      if (!ids.empty()) speaker = ids.front();
    }
    if (!speaker.empty() && resolve.IsObject(speaker)) {
      const int i = cast.IndexOf(speaker);
      if (i >= 0 && cast.cast[i].name == "Sign") overlay = true;
    }
    if (overlay) {
      shot.overlays.push_back({q.text, role, 0.0, d});
      continue;
    }
    if (speaker.empty() && !last_speaker.empty()) {
      // Turns: the next person present who did not speak last.
      std::vector<std::string> candidates;
      for (const std::string& id : present) {
        if (!resolve.IsObject(id)) candidates.push_back(id);
      }
      if (candidates.size() >= 2) {
        auto it = std::find(candidates.begin(), candidates.end(), last_speaker);
        speaker = it == candidates.end()
                      ? candidates.front()
                      : candidates[(it - candidates.begin() + 1) % candidates.size()];
      }
    }
    if (speaker.empty()) {
      const Mention* m = cast.LastMentionBefore(q.begin);
      if (m != nullptr && !m->ids.empty()) speaker = m->ids.front();
    }
    if (speaker.empty() && !present.empty()) speaker = present.front();
    if (speaker.empty()) {
      for (const CastMember& c : cast.cast) {
        if (c.kind != "object") {
          speaker = c.id;
          break;
        }
      }
    }
    if (speaker.empty() && !cast.cast.empty()) speaker = cast.cast.front().id;
    if (speaker.empty()) {
      CastMember host = MakeCastMember(*FindCastTerm("host"), "", cast.cast, ctx.seed);
      host.voice.voice = "slt";
      speaker = host.id;
      cast.cast.push_back(std::move(host));
      cast.notes.push_back({});
      cast.mentions.push_back({0, 0, {speaker}, false});
    }
    add_present(speaker);
    last_speaker = speaker;

    DialogueLine line;
    line.speaker = speaker;
    line.text = q.text;
    // The language: the script, an "in French" nearby, or the line's common words.
    size_t ctx_begin = q.begin > 60 ? q.begin - 60 : 0;
    size_t ctx_end = std::min(text.original.size(), q.end + 30);
    for (const Quote& other : text.quotes) {
      if (other.end <= q.begin) ctx_begin = std::max(ctx_begin, other.end);
      if (other.begin >= q.end) ctx_end = std::min(ctx_end, other.begin);
    }
    const std::string context = text.original.substr(ctx_begin, q.begin - ctx_begin) + " " +
                                text.original.substr(q.end, ctx_end - q.end);
    const LanguageGuess guess = GuessLanguage(q.text, context);
    line.language = guess.code;
    if (guess.from_hint && !guess.from_script) {
      const LanguageGuess own = GuessLanguage(q.text, "");
      if (own.code != guess.code) {
        if (auto translated = Translate(q.text, guess.code)) {
          line.text = *translated;
        } else if (guess.code == "ko" || guess.code == "ja" || guess.code == "zh" ||
                   guess.code == "ru" || guess.code == "ar" || guess.code == "hi") {
          warnings.push_back("line \"" + q.text + "\" kept in its own language: Kinora cannot " +
                             "translate it into " + LanguageName(guess.code));
          line.language = own.code;
        }
      }
    }
    // Emotion: a verb right after the line, then the words before it, then '!'.
    const std::string after(std::string_view(text.lower).substr(q.end, 30));
    TermMatch emotion = FirstTerm(after, kEmotionTerms);
    if (emotion.value.empty()) emotion = FirstTerm(near, kEmotionTerms);
    line.emotion = emotion.value.empty() ? "neutral" : std::string(emotion.value);
    if (line.emotion == "neutral" && q.text.find('!') != std::string::npos)
      line.emotion = "excited";
    line.at = std::clamp(cursor, 0.0, std::max(0.0, d - 0.1));
    cursor += SpeechSeconds(line.text) + 0.25;
    shot.dialogue.push_back(std::move(line));
  }
  if (!shot.dialogue.empty() && cursor - 0.25 > d + 0.05) {
    warnings.push_back("dialogue needs about " + OneDecimal(cursor - 0.25) +
                       " s but its shot lasts " + OneDecimal(d) +
                       " s; give the clip more seconds to hear it all");
  }
  notes.has_content |= !shot.dialogue.empty();

  // Sounds named outright.
  for (const TermMatch& s : AllTerms(seg_lower, kSfxTerms)) {
    const bool dup = std::any_of(shot.sfx.begin(), shot.sfx.end(),
                                 [&](const SoundEffect& e) { return e.kind == s.value; });
    if (!dup) shot.sfx.push_back({std::string(s.value), std::min(d, d * 0.3)});
  }

  // Camera: named framing and move, else what the content suggests.
  const TermMatch framing = FirstTerm(seg_lower, kFramingTerms);
  const TermMatch pre_framing = FirstTerm(preamble, kFramingTerms);
  const TermMatch move = FirstTerm(seg_lower, kMoveTerms);
  const TermMatch pre_move = FirstTerm(preamble, kMoveTerms);
  notes.framing_named = !framing.value.empty() || !pre_framing.value.empty();
  notes.move_named = !move.value.empty() || !pre_move.value.empty();
  bool tricks = false;
  for (const Action& a : shot.actions) {
    tricks |= IsTrickVerb(a.verb) || a.verb == "surf" || a.verb == "wakeboard" ||
              a.verb == "gymnastics" || a.verb == "skate" || a.verb == "run";
  }
  if (!framing.value.empty()) {
    shot.camera.framing = std::string(framing.value);
  } else if (!pre_framing.value.empty()) {
    shot.camera.framing = std::string(pre_framing.value);
  } else if (tricks) {
    shot.camera.framing = "wide";
  } else {
    shot.camera.framing = "medium";
  }
  const uint64_t h = Hash(ctx.seed, "camera", index);
  static constexpr std::string_view kCalm[] = {"static", "dolly", "pan"};
  static constexpr std::string_view kLively[] = {"pan", "dolly", "orbit", "handheld"};
  if (!move.value.empty()) {
    shot.camera.move = std::string(move.value);
  } else if (!pre_move.value.empty()) {
    shot.camera.move = std::string(pre_move.value);
  } else if (tricks) {
    shot.camera.move = std::string(kLively[h % std::size(kLively)]);
  } else {
    shot.camera.move = std::string(kCalm[h % std::size(kCalm)]);
  }
  notes.present = present;
  // A first guess at the subject, so the next shot can follow it.
  if (!shot.dialogue.empty()) shot.camera.subject = shot.dialogue.front().speaker;
  for (const Action& a : shot.actions) {
    if (shot.camera.subject.empty() && a.verb != "idle" && !resolve.IsObject(a.actor)) {
      shot.camera.subject = a.actor;
    }
  }
  if (shot.camera.subject.empty() && !present.empty()) shot.camera.subject = present.front();
  return shot;
}

void TimeActions(Shot& shot) {
  const double d = shot.duration;
  std::vector<std::string> actors;
  for (const Action& a : shot.actions) {
    if (std::find(actors.begin(), actors.end(), a.actor) == actors.end()) actors.push_back(a.actor);
  }
  std::vector<Action> timed;
  for (const std::string& actor : actors) {
    std::vector<Action> base, tricks, idle;
    for (const Action& a : shot.actions) {
      if (a.actor != actor) continue;
      if (a.verb == "idle") {
        idle.push_back(a);
      } else if (a.verb == "talk" && a.until > a.at && a.until < d) {
        tricks.push_back(a);  // talking during a line keeps its window
      } else if (IsTrickVerb(a.verb)) {
        tricks.push_back(a);
      } else {
        base.push_back(a);
      }
    }
    // Several continuous actions take turns across the shot.
    for (size_t k = 0; k < base.size(); ++k) {
      base[k].at = d * static_cast<double>(k) / static_cast<double>(base.size());
      base[k].until = d * static_cast<double>(k + 1) / static_cast<double>(base.size());
    }
    // Tricks are short and spread out, after a beat.
    size_t n_tricks = 0;
    for (const Action& a : tricks) n_tricks += a.verb == "talk" ? 0 : 1;
    size_t k = 0;
    for (Action& a : tricks) {
      if (a.verb == "talk") continue;
      const double slot = d * 0.6 / static_cast<double>(std::max<size_t>(1, n_tricks));
      a.at = d * 0.2 + slot * static_cast<double>(k++);
      a.until = std::min(d, a.at + std::max(std::min(1.2, slot), std::min(d - a.at, 0.6)));
      if (!(a.until > a.at)) a.until = d;
    }
    if (!base.empty()) idle.clear();  // an actor who acts needs no idling
    for (Action& a : idle) a.at = 0, a.until = d;
    timed.insert(timed.end(), idle.begin(), idle.end());
    timed.insert(timed.end(), base.begin(), base.end());
    timed.insert(timed.end(), tricks.begin(), tricks.end());
  }
  // The renderer lets a later action win where windows overlap, so the short,
  // striking ones go last.
  std::stable_sort(timed.begin(), timed.end(), [](const Action& a, const Action& b) {
    const auto rank = [](const Action& x) {
      return x.verb == "idle"                           ? 0
             : !IsTrickVerb(x.verb) && x.verb != "talk" ? 1
             : x.verb == "talk"                         ? 2
                                                        : 3;
    };
    return rank(a) < rank(b);
  });
  shot.actions = std::move(timed);
}

void FinishShot(Shot& shot, const ShotNotes& notes, const std::vector<CastMember>& cast,
                bool retime) {
  const double d = shot.duration;
  const auto is_object = [&](const std::string& id) {
    return std::any_of(cast.begin(), cast.end(),
                       [&](const CastMember& c) { return c.id == id && c.kind == "object"; });
  };
  // Speakers talk while they speak: "she replies" becomes talking during her
  // lines rather than for the whole shot.
  std::erase_if(shot.actions, [&](const Action& a) {
    return a.verb == "talk" && a.at <= 0 && a.until >= d &&
           std::any_of(shot.dialogue.begin(), shot.dialogue.end(),
                       [&](const DialogueLine& l) { return l.speaker == a.actor; });
  });
  for (const DialogueLine& line : shot.dialogue) {
    const double until = std::min(d, line.at + SpeechSeconds(line.text));
    bool busy = false;
    for (const Action& a : shot.actions) {
      const double a_until = a.until > a.at ? a.until : d;
      busy |= a.actor == line.speaker && a.at < until && a_until > line.at &&
              (a.verb == "talk" || a.verb == "sing" || a.verb == "shout" || a.verb == "bark");
    }
    if (!busy && until > line.at) shot.actions.push_back({line.speaker, "talk", line.at, until});
  }
  // Everyone present appears: give the idle ones something to do.
  std::vector<std::string> present = notes.present;
  for (const DialogueLine& line : shot.dialogue) {
    if (std::find(present.begin(), present.end(), line.speaker) == present.end()) {
      present.push_back(line.speaker);
    }
  }
  for (const std::string& id : present) {
    const bool acts = std::any_of(shot.actions.begin(), shot.actions.end(),
                                  [&](const Action& a) { return a.actor == id; });
    if (!acts) shot.actions.push_back({id, "idle", 0.0, d});
  }
  if (retime) TimeActions(shot);
  // Sounds the actions make.
  const auto add = [&](std::string_view kind, double at) {
    const bool dup = std::any_of(shot.sfx.begin(), shot.sfx.end(),
                                 [&](const SoundEffect& e) { return e.kind == kind; });
    if (!dup) shot.sfx.push_back({std::string(kind), std::clamp(at, 0.0, d)});
  };
  for (const Action& a : shot.actions) {
    const double until = a.until > a.at ? a.until : d;
    if (a.verb == "bark") add("bark", a.at);
    if (a.verb == "kickflip" || a.verb == "fall") add("impact", until);
    if (a.verb == "backflip" || a.verb == "throw") add("whoosh", a.at);
    if (a.verb == "wakeboard" || a.verb == "surf" || a.verb == "swim") {
      add("splash", a.at + (until - a.at) * 0.5);
    }
    if (a.verb == "walk" || a.verb == "run") add("footsteps", a.at + std::min(0.1, d * 0.1));
    if (a.verb == "clap") add("applause", a.at);
    if (a.verb == "laugh") add("laugh", a.at);
  }
  std::stable_sort(shot.sfx.begin(), shot.sfx.end(),
                   [](const SoundEffect& a, const SoundEffect& b) { return a.at < b.at; });
  // The camera follows who speaks, else who does the most, else who is there.
  if (shot.camera.subject.empty() ||
      std::none_of(cast.begin(), cast.end(),
                   [&](const CastMember& c) { return c.id == shot.camera.subject; })) {
    shot.camera.subject.clear();
    if (!shot.dialogue.empty()) shot.camera.subject = shot.dialogue.front().speaker;
    for (const Action& a : shot.actions) {
      if (shot.camera.subject.empty() && a.verb != "idle" && !is_object(a.actor)) {
        shot.camera.subject = a.actor;
      }
    }
    if (shot.camera.subject.empty() && !present.empty()) shot.camera.subject = present.front();
  }
  // Every window inside the shot.
  for (Action& a : shot.actions) {
    a.at = std::clamp(a.at, 0.0, d);
    a.until = std::clamp(a.until, 0.0, d);
    if (!(a.until > a.at)) a.until = 0;
  }
  for (DialogueLine& l : shot.dialogue) l.at = std::clamp(l.at, 0.0, d);
  for (SoundEffect& s : shot.sfx) s.at = std::clamp(s.at, 0.0, d);
  for (Overlay& o : shot.overlays) {
    o.at = std::clamp(o.at, 0.0, d);
    o.until = std::clamp(o.until, 0.0, d);
    if (!(o.until > o.at)) o.until = 0;
  }
}

}  // namespace kinora::engine::plan
