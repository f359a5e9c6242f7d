#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/commands.h"

namespace kinora::cli {

void AddStorageFlags(CLI::App& command, std::string& data_dir, std::string& db) {
  command.add_option("--data-dir", data_dir,
                     "Folder for the database and media (default ./var; env KINORA_DATA_DIR)");
  command.add_option("--db", db,
                     "Database URL: sqlite:PATH or postgres://USER@HOST:PORT/DB (default "
                     "sqlite:<data-dir>/kinora.db; env KINORA_DB)");
}

void ApplyStorageFlags(const CLI::App& command, const std::string& data_dir, const std::string& db,
                       core::ConfigLayers& layers) {
  if (command.count("--data-dir")) layers.SetFlag("data-dir", data_dir);
  if (command.count("--db")) layers.SetFlag("db", db);
}

void AddEngineFlags(CLI::App& command, EngineFlags& flags) {
  command.add_option("--engine", flags.engine,
                     "local (default), noop (a fixed tiny clip, for benchmarks) or "
                     "openai-compatible (forward to an upstream Videos API)");
  command.add_option("--engine-url", flags.url,
                     "openai-compatible: the upstream API base, e.g. https://api.openai.com/v1");
  command.add_option("--engine-api-key", flags.api_key,
                     "openai-compatible: the upstream's API key (better: KINORA_ENGINE_API_KEY)");
  command.add_option("--engine-model", flags.model,
                     "openai-compatible: the upstream model, e.g. sora-2 (default: upstream's)");
  command.add_option("--engine-strict", flags.strict,
                     "openai-compatible: true (default) maps to OpenAI's seconds and sizes; false "
                     "for an upstream that takes any, such as Kinora");
  command.add_option("--engine-poll-ms", flags.poll_ms,
                     "openai-compatible: how often to poll the upstream job (default 2000)");
  command.add_option("--engine-timeout", flags.timeout,
                     "openai-compatible: seconds one upstream job may take (default 3600)");
}

void ApplyEngineFlags(const CLI::App& command, const EngineFlags& flags,
                      core::ConfigLayers& layers) {
  for (const auto& [name, value] : {std::pair{"engine", &flags.engine},
                                    {"engine-url", &flags.url},
                                    {"engine-api-key", &flags.api_key},
                                    {"engine-model", &flags.model},
                                    {"engine-strict", &flags.strict},
                                    {"engine-poll-ms", &flags.poll_ms},
                                    {"engine-timeout", &flags.timeout}}) {
    if (command.count("--" + std::string(name))) layers.SetFlag(name, *value);
  }
}

core::Result<engine::Storyboard> ReadStoryboardFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::InvalidArgument("cannot read storyboard file '" + path + "'", "storyboard");
  std::stringstream ss;
  ss << in.rdbuf();
  auto sb = engine::ParseStoryboard(ss.str());
  if (!sb.ok()) {
    return core::InvalidArgument("storyboard " + path + ": " + sb.error().message,
                                 sb.error().detail);
  }
  return sb;
}

int ReportError(std::string_view command, const core::Error& error) {
  std::string message = error.message;
  // For invalid input the detail is the parameter, already named in the message.
  if (!error.detail.empty() && error.code != core::ErrorCode::kInvalidArgument) {
    message += " (" + error.detail + ")";
  }
  std::fprintf(stderr, "kinora %.*s: error: %s\n", static_cast<int>(command.size()), command.data(),
               message.c_str());
  return error.code == core::ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  const sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WithSignalWatcher(const std::function<void()>& on_signal, const std::function<int()>& fn) {
  sigset_t set = ShutdownSignals();
  // Threads started from here on inherit the mask, so only the watcher sees the signals.
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (true) {
      int sig = 0;
      sigwait(&set, &sig);
      if (done) return;
      on_signal();
    }
  });
  const int code = fn();
  done = true;
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  return code;
}

}  // namespace kinora::cli
