#include "engine/plan/planner.h"

#include <cmath>

#include "engine/plan/draft.h"

namespace kinora::engine {

using core::InvalidArgument;

core::Result<Storyboard> Plan(const PlanRequest& req) {
  std::vector<std::string> warnings;
  KINORA_ASSIGN_OR_RETURN(std::string prompt,
                          plan::CleanInput(req.prompt, "prompt", kMaxPromptBytes, warnings));
  if (!(req.seconds > 0) || req.seconds > kMaxClipSeconds) {
    return InvalidArgument("seconds must be greater than 0 and at most " +
                               std::to_string(static_cast<int>(kMaxClipSeconds)),
                           "seconds");
  }
  if (req.fps < kMinFps || req.fps > kMaxFps) {
    return InvalidArgument("fps must be within 1–60", "fps");
  }
  if (req.width < kMinDimension || req.width > kMaxDimension || req.height < kMinDimension ||
      req.height > kMaxDimension || req.width % 2 != 0 || req.height % 2 != 0) {
    return InvalidArgument("width and height must be even and within " +
                               std::to_string(kMinDimension) + "–" + std::to_string(kMaxDimension),
                           "width");
  }

  plan::DraftRequest draft_request;
  draft_request.text = prompt;
  draft_request.seconds = req.seconds;
  draft_request.fps = req.fps;
  draft_request.seed = req.seed;
  plan::Draft draft = plan::DraftFromText(draft_request);

  Storyboard sb;
  sb.seed = req.seed;
  sb.width = req.width;
  sb.height = req.height;
  sb.fps = req.fps;
  sb.style = draft.style.empty() ? "realistic" : draft.style;
  sb.mood = draft.mood.empty() ? "calm" : draft.mood;
  sb.cast = std::move(draft.cast);
  sb.shots = std::move(draft.shots);
  sb.origin.prompt = std::move(prompt);
  sb.warnings = std::move(warnings);
  sb.warnings.insert(sb.warnings.end(), draft.warnings.begin(), draft.warnings.end());
  std::vector<std::string> format_tags;
  if (draft.format != plan::Format::kNone) {
    format_tags.push_back(std::string(plan::FormatName(draft.format)));
  }
  plan::FinishStoryboard(sb, format_tags);
  if (core::Status valid = Validate(sb); !valid.ok()) {
    // The planner only writes vocabulary values; an invalid plan is a bug here.
    return core::Internal("the planner produced an invalid storyboard: " + valid.error().message,
                          valid.error().detail);
  }
  return sb;
}

}  // namespace kinora::engine
