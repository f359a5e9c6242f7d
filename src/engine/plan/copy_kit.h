// The copywriter's tools (internal to copywriter*.cc): a schedule of free
// speaking time per shot, seeded template choice, and a view of the cast that
// finds or adds the people a format needs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/cast.h"
#include "engine/plan/copywriter.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine::plan::copy {

struct Line {
  std::string speaker;
  std::string text;
  std::string language = "en";
  std::string emotion = "neutral";
};

// Tracks the free speaking time in each shot.
class Schedule {
 public:
  explicit Schedule(std::vector<Shot>& shots) : shots_(shots) {
    for (const Shot& s : shots) {
      double cursor = std::min(0.3, s.duration * 0.1);
      for (const DialogueLine& d : s.dialogue) {
        cursor = std::max(cursor, d.at + SpeechSeconds(d.text) + 0.25);
      }
      cursor_.push_back(cursor);
    }
  }
  size_t size() const { return shots_.size(); }
  double Room(size_t i) const { return shots_[i].duration - cursor_[i] - 0.1; }
  bool Fits(size_t i, std::string_view text) const { return SpeechSeconds(text) <= Room(i); }
  double Cursor(size_t i) const { return cursor_[i]; }

  // Places the line in shot i; when `force`, even past the budget.
  bool Place(size_t i, const Line& line, bool force) {
    if (!force && !Fits(i, line.text)) return false;
    Shot& s = shots_[i];
    DialogueLine d;
    d.speaker = line.speaker;
    d.text = line.text;
    d.language = line.language;
    d.emotion = line.emotion;
    d.at = std::clamp(cursor_[i], 0.0, std::max(0.0, s.duration - 0.1));
    s.dialogue.push_back(std::move(d));
    cursor_[i] += SpeechSeconds(line.text) + 0.25;
    return true;
  }
  // Places the line in the first shot from `from` with room; false if none has.
  bool PlaceFrom(size_t from, const Line& line) {
    for (size_t i = from; i < size(); ++i) {
      if (Place(i, line, false)) return true;
    }
    return false;
  }

 private:
  std::vector<Shot>& shots_;
  std::vector<double> cursor_;
};

// A seeded pick among templates, trying the others in turn until one fits.
inline std::string Choose(const std::vector<std::string>& options, uint64_t seed,
                          std::string_view salt,
                          const std::function<bool(const std::string&)>& fits) {
  if (options.empty()) return {};
  const size_t start = Pick(seed, salt, options.size());
  for (size_t k = 0; k < options.size(); ++k) {
    const std::string& o = options[(start + k) % options.size()];
    if (fits(o)) return o;
  }
  return {};
}

inline std::string Fill(std::string_view pattern, std::string_view slot, std::string_view value) {
  std::string out(pattern);
  const size_t p = out.find(slot);
  if (p != std::string::npos) out.replace(p, slot.size(), value);
  return out;
}

inline std::vector<std::string> FillAll(std::initializer_list<std::string_view> patterns,
                                        std::string_view slot, std::string_view value) {
  std::vector<std::string> out;
  for (std::string_view p : patterns) out.push_back(Fill(p, slot, value));
  return out;
}

inline std::string Capitalize(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

inline std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

class CastBook {
 public:
  CastBook(std::vector<CastMember>& cast, std::vector<CastNotes>& notes, uint64_t seed)
      : cast_(cast), notes_(notes), seed_(seed) {}

  int Find(const std::function<bool(const CastMember&)>& pred) const {
    for (size_t i = 0; i < cast_.size(); ++i) {
      if (pred(cast_[i])) return static_cast<int>(i);
    }
    return -1;
  }
  int WithLabel(std::initializer_list<std::string_view> labels) const {
    return Find([&](const CastMember& c) {
      for (std::string_view l : labels) {
        if (c.id == Slug(l) || c.name == l) return true;
      }
      return false;
    });
  }
  int FirstKind(std::string_view kind, int skip = -1) const {
    return Find([&](const CastMember& c) {
      return c.kind == kind && (skip < 0 || c.id != cast_[skip].id);
    });
  }
  // Adds the table member `word` ("presenter") and returns its index.
  int Add(std::string_view word, std::string_view name = {}) {
    const CastTerm* term = FindCastTerm(word);
    CastMember c = MakeCastMember(*term, name, cast_, seed_);
    CastNotes n;
    n.gender = term->gender;
    n.role_verb = std::string(term->role_verb);
    cast_.push_back(std::move(c));
    notes_.push_back(std::move(n));
    return static_cast<int>(cast_.size() - 1);
  }
  // Adds a member built by the caller, making its id unique and giving it a voice.
  int AddMember(CastMember c) {
    c.id = UniqueId(c.id, cast_);
    AssignVoice(c, Gender::kUnknown, seed_);
    cast_.push_back(std::move(c));
    notes_.push_back({});
    return static_cast<int>(cast_.size() - 1);
  }
  CastMember& at(int i) { return cast_[i]; }
  std::vector<CastMember>::const_iterator begin() const { return cast_.begin(); }
  std::vector<CastMember>::const_iterator end() const { return cast_.end(); }
  const std::string& id(int i) const { return cast_[i].id; }
  // How lines refer to a member: its name, or "the gymnast".
  std::string Callsign(int i) const {
    const CastMember& c = cast_[i];
    for (const CastTerm& t : CastTerms()) {
      if (t.label == c.name) return "the " + AsciiLower(c.name);
    }
    return c.name;
  }
  bool HasRealName(int i) const {
    const CastMember& c = cast_[i];
    return std::none_of(CastTerms().begin(), CastTerms().end(),
                        [&](const CastTerm& t) { return t.label == c.name; });
  }

 private:
  std::vector<CastMember>& cast_;
  std::vector<CastNotes>& notes_;
  uint64_t seed_;
};

inline void AddIdle(Shot& shot, const std::string& id) {
  for (const Action& a : shot.actions) {
    if (a.actor == id) return;
  }
  shot.actions.push_back({id, "idle", 0.0, shot.duration});
}

inline void AddSfx(Shot& shot, std::string_view kind, double at) {
  for (const SoundEffect& s : shot.sfx) {
    if (s.kind == kind) return;
  }
  shot.sfx.push_back({std::string(kind), std::clamp(at, 0.0, shot.duration)});
}

inline void AddOverlay(Shot& shot, std::string text, std::string_view role, double at,
                       double until) {
  at = std::clamp(at, 0.0, shot.duration);
  until = std::clamp(until, at + 0.01, shot.duration);
  if (until <= at) until = 0;
  shot.overlays.push_back({std::move(text), std::string(role), at, until});
}

inline void SetFraming(Shot& shot, size_t i, const CopyOptions& o, std::string_view framing) {
  if (i < o.framing_named.size() && o.framing_named[i]) return;
  shot.camera.framing = std::string(framing);
}

// Each occasion's writer (copy_occasions.cc): adds lines, overlays, sounds
// and cast to `shots`; returns warnings.
std::vector<std::string> WriteCelebration(const FormatRequest& req, CastBook& book,
                                          Schedule& schedule, std::vector<Shot>& shots,
                                          const CopyOptions& o);
std::vector<std::string> WriteInterview(const FormatRequest& req, CastBook& book,
                                        Schedule& schedule, std::vector<Shot>& shots,
                                        const CopyOptions& o);
std::vector<std::string> WriteVlog(const FormatRequest& req, CastBook& book, Schedule& schedule,
                                   std::vector<Shot>& shots, const CopyOptions& o);
std::vector<std::string> WriteConversation(const FormatRequest& req, CastBook& book,
                                           Schedule& schedule, std::vector<Shot>& shots,
                                           const CopyOptions& o);

}  // namespace kinora::engine::plan::copy
