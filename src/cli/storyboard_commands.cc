// kinora remix / extend / edit: new storyboards from an existing one, printed
// as JSON like `kinora plan`, ready to hand-edit or render with
// `kinora generate --storyboard`.
#include <charconv>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/parse.h"
#include "engine/plan/remix.h"

namespace kinora::cli {
namespace {

struct StoryboardFlags {
  std::string storyboard_file;
  std::string text;  // instruction or prompt
  std::string shot;
  std::string seconds = "4";
  std::string seed = "0";
};

core::Result<uint64_t> ParseSeed(const std::string& s) {
  uint64_t v = 0;
  if (!core::ParseNumber(s, v)) {
    return core::InvalidArgument("--seed must be a non-negative whole number (got '" + s + "')",
                                 "seed");
  }
  return v;
}

int Print(std::string_view command, const core::Result<engine::Storyboard>& sb) {
  if (!sb.ok()) return ReportError(command, sb.error());
  std::printf("%s\n", engine::ToJson(*sb).dump(2).c_str());
  return kExitOk;
}

// Registers a subcommand taking --storyboard, a text flag and --seed; `run`
// gets the parsed source, text and seed.
template <typename Fn>
Runner AddCommand(CLI::App& root, const char* name, const char* help, const char* text_flag,
                  const char* text_help, std::shared_ptr<StoryboardFlags> flags, CLI::App** out,
                  Fn run) {
  CLI::App* cmd = root.add_subcommand(name, help);
  cmd->add_option("--storyboard", flags->storyboard_file, "The storyboard JSON file to start from")
      ->required();
  cmd->add_option(text_flag, flags->text, text_help)->required();
  cmd->add_option("--seed", flags->seed, "Seed for the planner's own choices (default 0)");
  *out = cmd;
  return [flags, name, run](core::ConfigLayers&) -> int {
    auto source = ReadStoryboardFile(flags->storyboard_file);
    if (!source.ok()) return ReportError(name, source.error());
    auto seed = ParseSeed(flags->seed);
    if (!seed.ok()) return ReportError(name, seed.error());
    return Print(name, run(*source, *flags, *seed));
  };
}

}  // namespace

std::vector<std::pair<CLI::App*, Runner>> AddStoryboardCommands(CLI::App& root) {
  std::vector<std::pair<CLI::App*, Runner>> out(3);
  auto remix = std::make_shared<StoryboardFlags>();
  out[0].second = AddCommand(
      root, "remix", "Apply a change to a storyboard, keeping its cast and timing", "--instruction",
      "What to change, e.g. \"make it anime\" or \"at night\"", remix, &out[0].first,
      [](const engine::Storyboard& sb, const StoryboardFlags& f, uint64_t seed) {
        return engine::Remix(sb, f.text, seed);
      });
  auto extend = std::make_shared<StoryboardFlags>();
  out[1].second = AddCommand(
      root, "extend", "Continue a storyboard with new shots and the same cast", "--prompt",
      "What happens next", extend, &out[1].first,
      [](const engine::Storyboard& sb, const StoryboardFlags& f,
         uint64_t seed) -> core::Result<engine::Storyboard> {
        double seconds = 0;
        if (!core::ParseNumber(f.seconds, seconds) || !(seconds > 0)) {
          return core::InvalidArgument(
              "--seconds must be a number greater than 0 (got '" + f.seconds + "')", "seconds");
        }
        return engine::Extend(sb, f.text, seconds, seed);
      });
  out[1].first->add_option("-s,--seconds", extend->seconds,
                           "Length of the new shots in seconds (default 4)");
  auto edit = std::make_shared<StoryboardFlags>();
  out[2].second = AddCommand(root, "edit", "Re-plan one shot of a storyboard", "--instruction",
                             "What the shot should show instead", edit, &out[2].first,
                             [](const engine::Storyboard& sb, const StoryboardFlags& f,
                                uint64_t seed) { return engine::Edit(sb, f.shot, f.text, seed); });
  out[2]
      .first->add_option("--shot", edit->shot, "The id of the shot to change, e.g. s2")
      ->required();
  return out;
}

}  // namespace kinora::cli
