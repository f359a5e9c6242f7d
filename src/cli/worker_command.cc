// `kinora worker`: renders a server's generation jobs on this machine
// (jobs::RemoteWorker; docs/workers.md).
#include <unistd.h>

#include <filesystem>

#include "app/serve_config.h"
#include "cli/commands.h"
#include "core/log.h"
#include "core/parse.h"
#include "jobs/remote_worker.h"
#include "net/http_client.h"

namespace kinora::cli {
namespace {

struct WorkerFlags {
  std::string server, token, concurrency, scratch, id;
  EngineFlags engine;
};

bool PrintableNoSpace(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

core::Result<jobs::RemoteWorkerOptions> ResolveWorkerOptions(const core::ConfigLayers& layers) {
  jobs::RemoteWorkerOptions o;
  o.server_url = layers.GetOr("worker-server", "");
  if (o.server_url.empty()) {
    return core::InvalidArgument("--server is required (the server's URL, e.g. http://host:8080)",
                                 "server");
  }
  auto url = net::ParseUrl(o.server_url);
  if (!url.ok() || o.server_url.find('?') != std::string::npos ||
      o.server_url.find('#') != std::string::npos) {
    return core::InvalidArgument(
        "--server must be an http:// or https:// URL without a query (got '" + o.server_url + "')",
        "server");
  }
  o.token = layers.GetOr("worker-token", "");
  if (o.token.empty()) {
    return core::InvalidArgument(
        "--token is required (an administrator's API key; or set KINORA_WORKER_TOKEN)", "token");
  }
  if (!PrintableNoSpace(o.token) || o.token.size() > 512) {
    return core::InvalidArgument("--token must be an API key (printable, no spaces)", "token");
  }
  const std::string concurrency = layers.GetOr("worker-concurrency", "1");
  if (!core::ParseNumber(concurrency, o.concurrency) || o.concurrency < 1 || o.concurrency > 64) {
    return core::InvalidArgument(
        "--concurrency must be a whole number from 1 to 64 (got '" + concurrency + "')",
        "concurrency");
  }
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || !PrintableNoSpace(host) || !*host) {
    std::snprintf(host, sizeof host, "worker");
  }
  o.worker_id = layers.GetOr("worker-id", std::string(host) + "-" + std::to_string(getpid()));
  if (o.worker_id.empty() || o.worker_id.size() > 100 || !PrintableNoSpace(o.worker_id) ||
      o.worker_id.find('/') != std::string::npos) {
    return core::InvalidArgument(
        "--id must be 1 to 100 printable characters without spaces or '/' (got '" + o.worker_id +
            "')",
        "id");
  }
  o.scratch_dir = layers.GetOr("worker-scratch", "");
  if (o.scratch_dir.empty()) {
    std::error_code ec;
    const auto tmp = std::filesystem::temp_directory_path(ec);
    o.scratch_dir = (ec ? std::filesystem::path("/tmp") : tmp) / ("kinora-worker-" + o.worker_id);
  }
  std::error_code ec;
  std::filesystem::create_directories(o.scratch_dir, ec);
  if (ec || !std::filesystem::is_directory(o.scratch_dir)) {
    return core::InvalidArgument(
        "--scratch: cannot make folder '" + o.scratch_dir + "': " + ec.message(), "scratch");
  }
  return o;
}

}  // namespace

Runner AddWorkerCommand(CLI::App& root) {
  auto flags = std::make_shared<WorkerFlags>();
  CLI::App* cmd = root.add_subcommand(
      "worker",
      "Render a server's generation jobs on this machine: lease jobs from the server's\n"
      "/v1/workers API, render them with the engine, upload the videos. Runs until\n"
      "SIGINT/SIGTERM, which stops running jobs between frames and gives them back.");
  cmd->add_option("--server", flags->server,
                  "The server's URL, e.g. http://10.0.0.5:8080 (env KINORA_WORKER_SERVER)");
  cmd->add_option("--token", flags->token,
                  "An administrator's API key (`kinora admin api-key create`); better: env "
                  "KINORA_WORKER_TOKEN, which other users cannot see in the process list");
  cmd->add_option("--concurrency", flags->concurrency, "Jobs rendered at once, 1–64 (default 1)");
  cmd->add_option("--scratch", flags->scratch,
                  "Folder for renders in progress (default: a folder in the system's temp dir)");
  cmd->add_option("--id", flags->id,
                  "This worker's name in the server's attempt log (default HOSTNAME-PID)");
  AddEngineFlags(*cmd, flags->engine);
  return [flags, cmd](core::ConfigLayers& layers) -> int {
    app::AddEngineDefaults(layers);
    for (const auto& [flag, key, value] :
         {std::tuple{"--server", "worker-server", &flags->server},
          {"--token", "worker-token", &flags->token},
          {"--concurrency", "worker-concurrency", &flags->concurrency},
          {"--scratch", "worker-scratch", &flags->scratch},
          {"--id", "worker-id", &flags->id}}) {
      if (cmd->count(flag)) layers.SetFlag(key, *value);
    }
    ApplyEngineFlags(*cmd, flags->engine, layers);
    auto options = ResolveWorkerOptions(layers);
    if (!options.ok()) return ReportError("worker", options.error());
    auto engine_config = app::ReadEngineConfig(layers);
    if (!engine_config.ok()) return ReportError("worker", engine_config.error());
    // Before any thread starts: the local engine forks a helper process.
    auto engine = engine::NewEngine(*engine_config);
    if (!engine.ok()) return ReportError("worker", engine.error());
    BlockShutdownSignals();
    jobs::RemoteWorker worker(**engine, *options);
    return WithSignalWatcher(
        [&] {
          core::LogInfo("stopping on signal: running jobs stop and are given back");
          worker.Stop();
        },
        [&]() -> int {
          auto status = worker.Run();
          if (status.ok()) return kExitOk;
          const int code = ReportError("worker", status.error());
          const auto e = status.error().code;
          return e == core::ErrorCode::kUnauthenticated || e == core::ErrorCode::kPermissionDenied
                     ? kExitUsage
                     : code;
        });
  };
}

}  // namespace kinora::cli
