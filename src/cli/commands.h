// The `kinora` subcommands. Each registers its flags on the CLI11 app and
// returns a runner; runners return the process exit code:
// 0 success, 1 runtime failure, 2 bad usage or invalid input, 130 interrupted.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "engine/storyboard.h"

namespace kinora::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

using Runner = std::function<int(core::ConfigLayers&)>;

// Options every command shares (registered on the root).
struct GlobalOptions {
  std::string config_file;
  std::string log_level = "info";
  std::string log_format = "text";
};

Runner AddGenerateCommand(CLI::App& root);
Runner AddPlanCommand(CLI::App& root);
Runner AddServeCommand(CLI::App& root);
Runner AddAdminCommand(CLI::App& root);
Runner AddWorkerCommand(CLI::App& root);
// remix, extend and edit: each subcommand with its runner.
std::vector<std::pair<CLI::App*, Runner>> AddStoryboardCommands(CLI::App& root);

// Registers --data-dir and --db (and records them as flags when given).
void AddStorageFlags(CLI::App& command, std::string& data_dir, std::string& db);
void ApplyStorageFlags(const CLI::App& command, const std::string& data_dir, const std::string& db,
                       core::ConfigLayers& layers);

// The engine settings (--engine, --engine-*), for the commands that render.
struct EngineFlags {
  std::string engine, url, api_key, model, strict, poll_ms, timeout;
};
void AddEngineFlags(CLI::App& command, EngineFlags& flags);
void ApplyEngineFlags(const CLI::App& command, const EngineFlags& flags,
                      core::ConfigLayers& layers);

// Reads and validates a storyboard JSON file; errors are InvalidArgument
// naming the file and the field.
core::Result<engine::Storyboard> ReadStoryboardFile(const std::string& path);

// Prints "kinora <command>: error: <message>" on one line; returns the exit code for it.
int ReportError(std::string_view command, const core::Error& error);

// Blocks SIGINT and SIGTERM in the calling thread (and the threads it starts).
void BlockShutdownSignals();
// Runs fn with SIGINT/SIGTERM turned into a call of on_signal (from a watcher thread).
int WithSignalWatcher(const std::function<void()>& on_signal, const std::function<int()>& fn);

}  // namespace kinora::cli
