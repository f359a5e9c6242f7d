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
