#include "engine/plan/draft.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/plan/cast.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine::plan {
namespace {

// The mood the actions suggest when nothing names one.
std::string ImpliedMood(const std::vector<Shot>& shots, std::string_view style) {
  for (const Shot& s : shots) {
    for (const Action& a : s.actions) {
      if (a.verb == "gymnastics") return "epic";
    }
  }
  for (const Shot& s : shots) {
    for (const Action& a : s.actions) {
      for (std::string_view v :
           {"dance", "jump", "kickflip", "backflip", "surf", "wakeboard", "skate", "fist-pump"}) {
        if (a.verb == v) return "upbeat";
      }
    }
  }
  if (style == "noir") return "mysterious";
  return "";
}

// The news story gets a shot of its own when it has someone to show.
bool SplitNewsStory(const PromptText& text, const FormatRequest& format, const CastReading& cast,
                    Segmentation& seg) {
  if (format.format != Format::kNews || !format.subject_span.found() || seg.explicit_structure ||
      seg.segments.size() != 1) {
    return false;
  }
  const Span story = format.subject_span;
  const bool has_cast = std::any_of(
      cast.mentions.begin(), cast.mentions.end(),
      [&](const Mention& m) { return !m.pronoun && m.begin >= story.begin && m.end <= story.end; });
  const bool has_action =
      !AllTerms(text.lower.substr(story.begin, story.end - story.begin), kVerbTerms).empty();
  if (!has_cast && !has_action) return false;
  seg.segments = {Segment{0, text.lower.size(), story}, Segment{story.begin, story.end, {}}};
  return true;
}

}  // namespace

std::string NamedMood(std::string_view lower_text) {
  return std::string(FirstTerm(lower_text, kMoodTerms).value);
}

Draft DraftFromText(const DraftRequest& req) {
  Draft draft;
  const PromptText text = ReadPromptText(req.text);
  const FormatRequest format = DetectFormat(text);
  draft.format = format.format;

  CastOptions cast_options;
  cast_options.seed = req.seed;
  cast_options.existing = req.existing_cast;
  cast_options.focus = req.focus;
  if (format.format == Format::kAd && format.subject_span.found()) {
    cast_options.not_names.push_back(format.subject_span);
  }
  CastReading cast = ReadCast(text, cast_options);

  const int total_frames = std::max(1, static_cast<int>(std::lround(req.seconds * req.fps)));
  size_t max_shots =
      std::min<size_t>(kMaxShots, std::max<size_t>(1, static_cast<size_t>(req.seconds / 0.5)));
  max_shots = std::min<size_t>(max_shots, static_cast<size_t>(total_frames));
  Segmentation seg;
  if (req.single_shot) {
    seg.segments = {Segment{0, text.lower.size(), {}}};
  } else {
    seg = SplitShots(text, max_shots);
    if (max_shots >= 2 && req.seconds >= 3) SplitNewsStory(text, format, cast, seg);
  }

  // Longer shots where there is more to say; formats' copy needs room up front.
  const bool has_quotes = !text.quotes.empty();
  std::vector<double> weights;
  for (size_t i = 0; i < seg.segments.size(); ++i) {
    double w = 1.0 + SegmentSpeechSeconds(text, seg.segments[i]);
    if (i == 0 && !has_quotes && format.format != Format::kNone &&
        format.format != Format::kSports) {
      w += 1.5;
    }
    weights.push_back(w);
  }
  const std::vector<int> frames = AllocateFrames(weights, total_frames);

  ShotContext ctx;
  ctx.text = &text;
  ctx.cast = &cast;
  ctx.preamble = seg.preamble;
  ctx.format_place = std::string(PlaceForFormat(format.format));
  ctx.format_place_first = format.format == Format::kNews || format.format == Format::kInterview;
  ctx.sports = format.format == Format::kSports;
  ctx.continue_from = req.continue_from;
  ctx.continue_subject = req.focus;
  switch (format.format) {
    case Format::kNews: ctx.talker = "news anchor"; break;
    case Format::kAd: ctx.talker = "presenter"; break;
    case Format::kInterview: ctx.talker = "interviewer"; break;
    case Format::kVlog: ctx.talker = "vlogger"; break;
    default: break;
  }
  ctx.seed = req.seed;
  std::vector<std::string> shot_warnings;
  int frame = 0;
  for (size_t i = 0; i < seg.segments.size(); ++i) {
    ShotNotes notes;
    Shot shot = BuildShot(ctx, seg.segments[i], draft.shots.empty() ? nullptr : &draft.shots.back(),
                          i, static_cast<double>(frame) / req.fps,
                          static_cast<double>(frames[i]) / req.fps, notes, shot_warnings);
    shot.id = "s" + std::to_string(i + 1);
    frame += frames[i];
    draft.shots.push_back(std::move(shot));
    draft.notes.push_back(std::move(notes));
  }

  CopyOptions copy;
  copy.seed = req.seed;
  copy.keep_dialogue = std::any_of(draft.shots.begin(), draft.shots.end(),
                                   [](const Shot& s) { return !s.dialogue.empty(); });
  for (const ShotNotes& n : draft.notes) copy.framing_named.push_back(n.framing_named);
  std::vector<std::string> copy_warnings =
      WriteCopy(format, cast.cast, cast.notes, draft.shots, copy);
  for (size_t i = 0; i < draft.shots.size(); ++i) {
    FinishShot(draft.shots[i], draft.notes[i], cast.cast);
  }

  draft.style = std::string(FirstTerm(text.lower, kStyleTerms).value);
  draft.mood = NamedMood(text.lower);
  if (draft.mood.empty()) draft.mood = std::string(MoodForFormat(format.format));
  if (draft.mood.empty()) draft.mood = ImpliedMood(draft.shots, draft.style);
  draft.cast = std::move(cast.cast);
  for (auto* list : {&cast.warnings, &shot_warnings, &copy_warnings}) {
    draft.warnings.insert(draft.warnings.end(), list->begin(), list->end());
  }
  return draft;
}

void FinishStoryboard(Storyboard& sb, const std::vector<std::string>& format_tags) {
  for (CastMember& c : sb.cast) {
    bool found = false;
    for (const Shot& shot : sb.shots) {
      for (const DialogueLine& d : shot.dialogue) {
        if (!found && d.speaker == c.id) {
          c.voice.language = d.language;
          found = true;
        }
      }
    }
  }
  sb.music.mood = sb.mood;
  sb.music.tempo_bpm = TempoForMood(sb.mood);
  sb.music.key = std::string(KeyForMood(sb.mood));
  sb.music.instruments = InstrumentsForMood(sb.mood);
  std::set<std::string> tags(format_tags.begin(), format_tags.end());
  for (const Shot& shot : sb.shots) {
    tags.insert(shot.setting.place);
    for (const Action& a : shot.actions) {
      if (a.verb != "talk" && a.verb != "idle") tags.insert(a.verb);
    }
    if (!shot.dialogue.empty()) tags.insert("dialogue");
  }
  for (const CastMember& c : sb.cast) tags.insert(c.species.empty() ? c.kind : c.species);
  tags.insert(sb.style);
  tags.insert(sb.mood);
  sb.tags.assign(tags.begin(), tags.end());
  std::vector<std::string> unique;
  for (std::string& w : sb.warnings) {
    if (std::find(unique.begin(), unique.end(), w) == unique.end()) unique.push_back(std::move(w));
  }
  sb.warnings = std::move(unique);
}

core::Result<std::string> CleanInput(std::string_view raw, std::string_view param, size_t max_bytes,
                                     std::vector<std::string>& warnings) {
  const std::string name(param);
  if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return core::InvalidArgument(name + " is required", name);
  }
  if (raw.size() > max_bytes) {
    return core::InvalidArgument(name + " is longer than " + std::to_string(max_bytes) +
                                     " bytes (it has " + std::to_string(raw.size()) + ")",
                                 name);
  }
  CleanText clean = CleanPrompt(raw);
  if (Trim(clean.text).empty()) {
    return core::InvalidArgument(name + " has no visible text, only control characters", name);
  }
  if (clean.controls_removed > 0) {
    warnings.push_back("removed " + std::to_string(clean.controls_removed) +
                       " control character(s) from the " + name);
  }
  if (clean.sequences_replaced > 0) {
    warnings.push_back("the " + name + " was not valid UTF-8; " +
                       std::to_string(clean.sequences_replaced) +
                       " malformed UTF-8 sequence(s) were replaced with U+FFFD");
  }
  return std::move(clean.text);
}

}  // namespace kinora::engine::plan
