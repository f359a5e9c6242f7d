#include "engine/plan/remix.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/plan/cast.h"
#include "engine/plan/copywriter.h"
#include "engine/plan/draft.h"
#include "engine/plan/language.h"
#include "engine/plan/planner.h"
#include "engine/plan/remix_changes.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine {
namespace {

using core::InvalidArgument;
using namespace plan;
using namespace plan::remix;

core::Status CheckSource(const Storyboard& source) {
  if (core::Status v = Validate(source); !v.ok()) {
    return InvalidArgument("source storyboard is invalid: " + v.error().message, "source");
  }
  return core::Ok();
}

core::Result<Storyboard> Checked(Storyboard sb) {
  if (core::Status v = Validate(sb); !v.ok()) {
    return core::Internal("remix produced an invalid storyboard: " + v.error().message,
                          v.error().detail);
  }
  return sb;
}

// Ids a shot shows: actors, speakers and the camera's subject.
void Refresh(Storyboard& sb) {
  for (Shot& shot : sb.shots) {
    ShotNotes notes;
    notes.present = PresentIn(shot);
    FinishShot(shot, notes, sb.cast, /*retime=*/false);
  }
}

// Removes a cast member and every reference to it.
std::string Examples() {
  return "try 'make it anime', 'at night', 'in the rain', 'make the dog a cat', "
         "'make this an ad for …', 'make them speak Korean'";
}

}  // namespace

core::Result<Storyboard> Remix(const Storyboard& source, std::string_view instruction,
                               uint64_t seed) {
  KINORA_RETURN_IF_ERROR(CheckSource(source));
  std::vector<std::string> input_warnings;
  KINORA_ASSIGN_OR_RETURN(std::string cleaned,
                          CleanInput(instruction, "instruction", kMaxPromptBytes, input_warnings));
  Instruction in;
  in.text = ReadPromptText(cleaned);
  in.format = DetectFormat(in.text);
  in.seed = seed;
  in.outside = in.text.lower;
  if (in.format.subject_span.found()) {
    for (size_t i = in.format.subject_span.begin; i < in.format.subject_span.end; ++i) {
      in.outside[i] = ' ';
    }
  }
  Storyboard sb = source;
  bool changed = false;
  changed |= ApplyFormat(sb, in);
  changed |= ApplySwaps(sb, in);
  changed |= ApplyNames(sb, in);
  changed |= ApplySetting(sb, in);
  const bool language = ApplyLanguage(sb, in);
  changed |= language;
  changed |= ApplyQuotes(sb, in);
  changed |= ApplyLooks(sb, in);
  changed |= ApplyAdditions(sb, in);
  changed |= ApplyActions(sb, in, language);
  if (!changed) {
    return InvalidArgument(
        "instruction: no change recognised in '" + cleaned + "' (" + Examples() + ")",
        "instruction");
  }
  // A named mood wins over the one a format brings.
  if (const std::string named = NamedMood(in.outside); !named.empty()) sb.mood = named;
  Refresh(sb);
  sb.origin.instruction = cleaned;
  sb.warnings.insert(sb.warnings.end(), input_warnings.begin(), input_warnings.end());
  sb.warnings.insert(sb.warnings.end(), in.warnings.begin(), in.warnings.end());
  FinishStoryboard(sb, FormatTagsOf(sb));
  return Checked(std::move(sb));
}

core::Result<Storyboard> Extend(const Storyboard& source, std::string_view prompt, double seconds,
                                uint64_t seed) {
  KINORA_RETURN_IF_ERROR(CheckSource(source));
  std::vector<std::string> input_warnings;
  KINORA_ASSIGN_OR_RETURN(std::string cleaned,
                          CleanInput(prompt, "prompt", kMaxPromptBytes, input_warnings));
  const double start = source.DurationSeconds();
  if (!(seconds > 0)) return InvalidArgument("seconds must be greater than 0", "seconds");
  const double frames = std::round(seconds * source.fps);
  if (frames < 1) {
    return InvalidArgument(
        "seconds must be at least one frame (1/" + std::to_string(source.fps) + " s)", "seconds");
  }
  if (start + frames / source.fps > kMaxClipSeconds + 1e-9) {
    return InvalidArgument("the clip would last " + std::to_string(start + seconds).substr(0, 5) +
                               " s; a clip is at most " +
                               std::to_string(static_cast<int>(kMaxClipSeconds)) + " s",
                           "seconds");
  }
  DraftRequest req;
  req.text = cleaned;
  req.seconds = frames / source.fps;
  req.fps = source.fps;
  req.seed = seed;
  req.existing_cast = source.cast;
  req.continue_from = source.shots.back().setting;
  req.focus = source.shots.back().camera.subject;
  Draft draft = DraftFromText(req);

  Storyboard sb = source;
  sb.cast = std::move(draft.cast);
  std::set<std::string> used;
  for (const Shot& s : sb.shots) used.insert(s.id);
  int n = static_cast<int>(sb.shots.size()) + 1;
  for (Shot& s : draft.shots) {
    while (used.count("s" + std::to_string(n)) > 0) ++n;
    s.id = "s" + std::to_string(n++);
    used.insert(s.id);
    s.start += start;
    sb.shots.push_back(std::move(s));
  }
  if (!draft.style.empty() && draft.style != sb.style) {
    input_warnings.push_back("the extension asks for the '" + draft.style +
                             "' style; a clip keeps one style ('" + sb.style +
                             "'), so remix the whole clip to change it");
  }
  std::vector<std::string> tags = FormatTagsOf(source);
  if (draft.format != Format::kNone) tags.push_back(std::string(FormatName(draft.format)));
  sb.origin.instruction = "extend: " + cleaned;
  sb.warnings.insert(sb.warnings.end(), input_warnings.begin(), input_warnings.end());
  sb.warnings.insert(sb.warnings.end(), draft.warnings.begin(), draft.warnings.end());
  FinishStoryboard(sb, tags);
  return Checked(std::move(sb));
}

core::Result<Storyboard> Edit(const Storyboard& source, std::string_view shot_id,
                              std::string_view instruction, uint64_t seed) {
  KINORA_RETURN_IF_ERROR(CheckSource(source));
  auto it = std::find_if(source.shots.begin(), source.shots.end(),
                         [&](const Shot& s) { return s.id == shot_id; });
  if (it == source.shots.end()) {
    std::string ids;
    for (const Shot& s : source.shots) ids += (ids.empty() ? "" : ", ") + s.id;
    return InvalidArgument(
        "shot '" + std::string(shot_id) + "' is not in the storyboard (its shots are " + ids + ")",
        "shot_id");
  }
  const size_t index = static_cast<size_t>(it - source.shots.begin());
  std::vector<std::string> input_warnings;
  KINORA_ASSIGN_OR_RETURN(std::string cleaned,
                          CleanInput(instruction, "instruction", kMaxPromptBytes, input_warnings));
  const Shot& old = source.shots[index];
  DraftRequest req;
  req.text = cleaned;
  req.seconds = old.duration;
  req.fps = source.fps;
  req.seed = seed;
  req.existing_cast = source.cast;
  req.continue_from = old.setting;
  req.focus = old.camera.subject;
  req.single_shot = true;
  Draft draft = DraftFromText(req);
  const Shot& planned = draft.shots.front();
  const ShotNotes& notes = draft.notes.front();

  Shot shot = old;
  const bool content = notes.has_content || !planned.dialogue.empty();
  bool changed = content;
  if (notes.place_named || planned.setting.place != old.setting.place) {
    shot.setting.place = planned.setting.place;
    shot.setting.indoor = planned.setting.indoor;
    changed |= planned.setting.place != old.setting.place || notes.place_named;
  }
  if (notes.time_named) shot.setting.time_of_day = planned.setting.time_of_day;
  if (notes.weather_named) shot.setting.weather = planned.setting.weather;
  if (notes.framing_named) shot.camera.framing = planned.camera.framing;
  if (notes.move_named) shot.camera.move = planned.camera.move;
  changed |= notes.time_named || notes.weather_named || notes.framing_named || notes.move_named;
  if (content) {
    shot.actions = planned.actions;
    shot.dialogue = planned.dialogue;
    shot.sfx = planned.sfx;
    shot.camera.subject = planned.camera.subject;
    if (!planned.overlays.empty()) shot.overlays = planned.overlays;
  } else {
    for (const SoundEffect& e : planned.sfx) shot.sfx.push_back(e);
    for (const Overlay& o : planned.overlays) shot.overlays.push_back(o);
    changed |= !planned.sfx.empty() || !planned.overlays.empty();
  }
  if (!draft.style.empty() && draft.style != source.style) {
    input_warnings.push_back("style applies to the whole clip; remix it to make it '" +
                             draft.style + "'");
    changed = true;
  }
  if (!changed) {
    return InvalidArgument("instruction: no change recognised for shot " + old.id + " in '" +
                               cleaned +
                               "' (try 'a cat sleeps here', 'at night', 'close-up', "
                               "'the dog says \"Hi\"')",
                           "instruction");
  }
  // The planned shot was timed in whole frames; fit it to the shot's own length.
  shot.id = old.id;
  shot.start = old.start;
  shot.duration = old.duration;
  ShotNotes keep;
  keep.present = PresentIn(shot);
  FinishShot(shot, keep, draft.cast, /*retime=*/false);

  Storyboard sb = source;
  sb.cast = std::move(draft.cast);
  sb.shots[index] = std::move(shot);
  // Members the edit introduced but did not use go again.
  std::vector<std::string> unused;
  for (const CastMember& c : sb.cast) {
    if (source.FindCast(c.id) != nullptr) continue;
    const bool used = std::any_of(sb.shots.begin(), sb.shots.end(), [&](const Shot& s) {
      const std::vector<std::string> p = PresentIn(s);
      return std::find(p.begin(), p.end(), c.id) != p.end();
    });
    if (!used) unused.push_back(c.id);
  }
  for (const std::string& id : unused) RemoveCast(sb, id);
  std::vector<std::string> tags = FormatTagsOf(source);
  if (draft.format != Format::kNone) tags.push_back(std::string(FormatName(draft.format)));
  sb.origin.instruction = "edit " + old.id + ": " + cleaned;
  sb.warnings.insert(sb.warnings.end(), input_warnings.begin(), input_warnings.end());
  sb.warnings.insert(sb.warnings.end(), draft.warnings.begin(), draft.warnings.end());
  FinishStoryboard(sb, tags);
  return Checked(std::move(sb));
}

}  // namespace kinora::engine