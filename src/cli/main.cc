// kinora: the command-line entry point (serve, worker, generate, plan, admin).
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "core/log.h"

extern char** environ;

namespace kinora::cli {
namespace {

int Main(int argc, char** argv) {
  CLI::App root{
      "Kinora turns prompts and storyboards into short videos with synchronized sound,\n"
      "and serves the app and the OpenAI-compatible /v1/videos API.\n\n"
      "Settings come from flags, then KINORA_* environment variables, then the JSON\n"
      "file named by --config (or KINORA_CONFIG), then built-in defaults.",
      "kinora"};
  root.require_subcommand(1);
  root.set_version_flag("--version", "kinora 0.1.0");
  GlobalOptions global;
  root.add_option("--config", global.config_file, "JSON config file (env KINORA_CONFIG)");
  root.add_option("--log-level", global.log_level,
                  "trace, debug, info, warn, error or off (default info; env KINORA_LOG_LEVEL)");
  root.add_option("--log-format", global.log_format, "text or json (default text)");

  struct Command {
    CLI::App* app;
    Runner run;
  };
  std::vector<Command> commands;
  Runner gen = AddGenerateCommand(root);
  Runner plan = AddPlanCommand(root);
  Runner serve = AddServeCommand(root);
  Runner admin = AddAdminCommand(root);
  Runner worker = AddWorkerCommand(root);
  commands = {{root.get_subcommand("generate"), gen},
              {root.get_subcommand("plan"), plan},
              {root.get_subcommand("serve"), serve},
              {root.get_subcommand("admin"), admin},
              {root.get_subcommand("worker"), worker}};
  for (auto& [app, run] : AddStoryboardCommands(root)) commands.push_back({app, run});

  try {
    root.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what.empty()) what = e.get_name();
    std::fprintf(stderr, "kinora: error: %s (see kinora --help)\n", what.c_str());
    return kExitUsage;
  }

  core::ConfigLayers layers;
  layers.LoadEnvironment(environ);
  std::string config_file = global.config_file;
  if (config_file.empty()) {
    if (const char* env = std::getenv("KINORA_CONFIG")) config_file = env;
  }
  if (!config_file.empty()) {
    auto loaded = layers.LoadFile(config_file);
    if (!loaded.ok()) return ReportError("", loaded.error());
  }
  if (root.count("--log-level")) layers.SetFlag("log-level", global.log_level);
  if (global.log_format != "text" && global.log_format != "json") {
    std::fprintf(stderr, "kinora: error: --log-format must be text or json (got '%s')\n",
                 global.log_format.c_str());
    return kExitUsage;
  }
  auto logging = core::InitLogging(layers.GetOr("log-level", "info"), global.log_format == "json"
                                                                          ? core::LogFormat::kJson
                                                                          : core::LogFormat::kText);
  if (!logging.ok()) return ReportError("", logging.error());

  for (auto& c : commands) {
    if (c.app->parsed()) return c.run(layers);
  }
  return kExitUsage;
}

}  // namespace
}  // namespace kinora::cli

int main(int argc, char** argv) {
  // Generations must be bit-identical for a seed. In a process that also runs
  // Mesa and Bullet, libx264's output was found to depend on what earlier
  // allocations left in recycled heap memory (the frames fed to it were
  // identical; glibc's MALLOC_PERTURB_ made the bitstream repeatable whatever
  // the pattern). Filling every allocation with one pattern removes that
  // dependence at the cost of a memset per malloc and free.
  mallopt(M_PERTURB, 0xA5);
  return kinora::cli::Main(argc, argv);
}
