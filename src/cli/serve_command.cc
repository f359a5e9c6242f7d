#include "app/app.h"
#include "cli/commands.h"
#include "core/log.h"
#include "store/store.h"

namespace kinora::cli {
namespace {

struct ServeFlags {
  std::string data_dir, db, listen, web_dir, workers, http_threads;
};

}  // namespace

Runner AddServeCommand(CLI::App& root) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd =
      root.add_subcommand("serve", "Run the web app, the API and the generation workers");
  AddStorageFlags(*cmd, flags->data_dir, flags->db);
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  cmd->add_option("--web-dir", flags->web_dir, "Built web app to serve at / (default web/dist)");
  cmd->add_option("--workers", flags->workers, "Generations run at once, 1–64 (default 1)");
  cmd->add_option("--http-threads", flags->http_threads, "HTTP I/O threads, 1–64 (default 2)");
  return [flags, cmd](core::ConfigLayers& layers) -> int {
    app::AddServeDefaults(layers);
    ApplyStorageFlags(*cmd, flags->data_dir, flags->db, layers);
    if (cmd->count("--listen")) layers.SetFlag("listen", flags->listen);
    if (cmd->count("--web-dir")) layers.SetFlag("web-dir", flags->web_dir);
    if (cmd->count("--workers")) layers.SetFlag("workers", flags->workers);
    if (cmd->count("--http-threads")) layers.SetFlag("http-threads", flags->http_threads);
    auto config = app::ResolveServeConfig(layers);
    if (!config.ok()) return ReportError("serve", config.error());
    auto created = app::App::Create(*config);
    if (!created.ok()) return ReportError("serve", created.error());
    std::unique_ptr<app::App> application = std::move(created).value();
    return WithSignalWatcher(
        [&] {
          core::LogInfo("shutting down on signal");
          application->Stop();
        },
        [&]() -> int {
          auto status = application->Run();
          return status.ok() ? kExitOk : ReportError("serve", status.error());
        });
  };
}

Runner AddAdminCommand(CLI::App& root) {
  CLI::App* admin = root.add_subcommand("admin", "Administer a Kinora installation");
  admin->require_subcommand(1);
  auto data_dir = std::make_shared<std::string>();
  auto db = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  CLI::App* migrate = admin->add_subcommand("migrate", "Apply pending database migrations");
  AddStorageFlags(*migrate, *data_dir, *db);
  migrate->add_flag("--dry-run", *dry_run, "Only print the migrations that would run");
  return [=](core::ConfigLayers& layers) -> int {
    layers.SetDefault("data-dir", "./var");
    ApplyStorageFlags(*migrate, *data_dir, *db, layers);
    const std::string url =
        layers.GetOr("db", app::DefaultDbUrl(layers.GetOr("data-dir", "./var")));
    auto store = store::OpenStore(url);
    if (!store.ok()) return ReportError("admin migrate", store.error());
    auto plan = (*store)->PlanMigrations();
    if (!plan.ok()) return ReportError("admin migrate", plan.error());
    std::printf("database %s is at schema version %d\n", url.c_str(), plan->current_version);
    if (plan->pending.empty()) {
      std::printf("nothing to migrate\n");
      return kExitOk;
    }
    for (const auto& m : plan->pending) {
      std::printf("%s %d %.*s\n", *dry_run ? "would apply" : "applying", m.version,
                  static_cast<int>(m.name.size()), m.name.data());
    }
    if (*dry_run) return kExitOk;
    auto status = (*store)->Migrate();
    if (!status.ok()) return ReportError("admin migrate", status.error());
    std::printf("done\n");
    return kExitOk;
  };
}

}  // namespace kinora::cli
