#include <ctime>

#include "app/app.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/log.h"
#include "social/accounts.h"
#include "store/store.h"

namespace kinora::cli {
namespace {

struct ServeFlags {
  std::string data_dir, db, listen, web_dir, workers, http_threads, invites, allowed_countries,
      secure_cookies, lease_seconds;
  EngineFlags engine;
  std::string rate_limit, rate_limit_burst, webhooks_allow_private, webhooks_retry_schedule;
};

}  // namespace

Runner AddServeCommand(CLI::App& root) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd =
      root.add_subcommand("serve", "Run the web app, the API and the generation workers");
  AddStorageFlags(*cmd, flags->data_dir, flags->db);
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  cmd->add_option("--web-dir", flags->web_dir, "Built web app to serve at / (default web/dist)");
  cmd->add_option("--workers", flags->workers,
                  "Generations run at once in this process, 0–64 (default: one per core; 0: "
                  "only remote `kinora worker`s render)");
  cmd->add_option("--lease-seconds", flags->lease_seconds,
                  "How long a worker holds a job without a heartbeat before it is retried "
                  "elsewhere, 1–3600 (default 30)");
  cmd->add_option("--http-threads", flags->http_threads, "HTTP I/O threads, 1–64 (default 2)");
  cmd->add_option("--invites", flags->invites,
                  "required (default): joining needs an invite code; open: anyone may join");
  cmd->add_option("--allowed-countries", flags->allowed_countries,
                  "Countries where sign-up is open, e.g. US,FR (default: everywhere)");
  cmd->add_option("--secure-cookies", flags->secure_cookies,
                  "true behind HTTPS: session cookies get the Secure flag (default false)");
  AddEngineFlags(*cmd, flags->engine);
  cmd->add_option("--rate-limit", flags->rate_limit,
                  "Requests per minute per API key or session on /v1, 0–1000000 (default 600; "
                  "0: no limit)");
  cmd->add_option("--rate-limit-burst", flags->rate_limit_burst,
                  "Requests allowed at once above the rate, 1–1000000 (default 120)");
  cmd->add_option("--webhooks-allow-private", flags->webhooks_allow_private,
                  "true lets webhooks go to loopback and private addresses (default false)");
  cmd->add_option("--webhooks-retry-schedule", flags->webhooks_retry_schedule,
                  "Seconds before each webhook delivery attempt, e.g. 0,5,300 (default: the "
                  "Standard Webhooks schedule 0,5,300,1800,7200,18000,36000,36000)");
  return [flags, cmd](core::ConfigLayers& layers) -> int {
    app::AddServeDefaults(layers);
    ApplyStorageFlags(*cmd, flags->data_dir, flags->db, layers);
    if (cmd->count("--listen")) layers.SetFlag("listen", flags->listen);
    if (cmd->count("--web-dir")) layers.SetFlag("web-dir", flags->web_dir);
    if (cmd->count("--workers")) layers.SetFlag("workers", flags->workers);
    if (cmd->count("--lease-seconds")) layers.SetFlag("lease-seconds", flags->lease_seconds);
    if (cmd->count("--http-threads")) layers.SetFlag("http-threads", flags->http_threads);
    if (cmd->count("--invites")) layers.SetFlag("invites", flags->invites);
    if (cmd->count("--allowed-countries")) {
      layers.SetFlag("allowed-countries", flags->allowed_countries);
    }
    if (cmd->count("--secure-cookies")) layers.SetFlag("secure-cookies", flags->secure_cookies);
    ApplyEngineFlags(*cmd, flags->engine, layers);
    if (cmd->count("--rate-limit")) layers.SetFlag("rate-limit", flags->rate_limit);
    if (cmd->count("--rate-limit-burst")) {
      layers.SetFlag("rate-limit-burst", flags->rate_limit_burst);
    }
    if (cmd->count("--webhooks-allow-private")) {
      layers.SetFlag("webhooks-allow-private", flags->webhooks_allow_private);
    }
    if (cmd->count("--webhooks-retry-schedule")) {
      layers.SetFlag("webhooks-retry-schedule", flags->webhooks_retry_schedule);
    }
    auto config = app::ResolveServeConfig(layers);
    if (!config.ok()) return ReportError("serve", config.error());
    // Block the shutdown signals before any thread starts, so every thread
    // inherits the mask and only the watcher (below) receives them.
    BlockShutdownSignals();
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

namespace {

// Opens (and migrates) the store named by the storage flags.
core::Result<std::unique_ptr<store::Store>> OpenMigrated(core::ConfigLayers& layers) {
  const std::string url = layers.GetOr("db", app::DefaultDbUrl(layers.GetOr("data-dir", "./var")));
  KINORA_ASSIGN_OR_RETURN(auto store, store::OpenStore(url));
  KINORA_RETURN_IF_ERROR(store->Migrate());
  return store;
}

std::string Iso(int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

}  // namespace

Runner AddAdminCommand(CLI::App& root) {
  CLI::App* admin = root.add_subcommand("admin", "Administer a Kinora installation");
  admin->require_subcommand(1);
  struct Flags {
    std::string data_dir, db, name, user, target;
    bool dry_run = false;
    int count = 1;
    bool all = false;
  };
  auto f = std::make_shared<Flags>();

  CLI::App* migrate = admin->add_subcommand("migrate", "Apply pending database migrations");
  migrate->add_flag("--dry-run", f->dry_run, "Only print the migrations that would run");

  CLI::App* key = admin->add_subcommand("api-key", "Manage API keys");
  key->require_subcommand(1);
  CLI::App* key_create = key->add_subcommand(
      "create", "Create an API key and print it (on the last line); it is not shown again");
  key_create->add_option("--name", f->name, "What the key is for (1–60 characters)")->required();
  key_create->add_option("--user", f->user,
                         "The member who owns it (default: the installation, as administrator)");

  CLI::App* invite = admin->add_subcommand("invite", "Manage invite codes");
  invite->require_subcommand(1);
  CLI::App* invite_create = invite->add_subcommand("create", "Create invite codes, one per line");
  invite_create->add_option("--count", f->count, "How many, 1–100 (default 1)");
  CLI::App* invite_list = invite->add_subcommand("list", "List the administrators' invite codes");

  CLI::App* waitlist = admin->add_subcommand("waitlist", "See and admit people on the waitlist");
  waitlist->require_subcommand(1);
  CLI::App* waitlist_list = waitlist->add_subcommand("list", "List who is waiting");
  waitlist_list->add_flag("--all", f->all, "Include people already admitted");
  CLI::App* waitlist_admit =
      waitlist->add_subcommand("admit", "Admit someone: prints the invite code made for them");
  waitlist_admit->add_option("entry", f->target, "Waitlist id (wait_…) or email address")
      ->required();

  for (CLI::App* c :
       {migrate, key_create, invite_create, invite_list, waitlist_list, waitlist_admit}) {
    AddStorageFlags(*c, f->data_dir, f->db);
  }

  return [=](core::ConfigLayers& layers) -> int {
    layers.SetDefault("data-dir", "./var");
    for (CLI::App* c :
         {migrate, key_create, invite_create, invite_list, waitlist_list, waitlist_admit}) {
      if (c->parsed()) ApplyStorageFlags(*c, f->data_dir, f->db, layers);
    }
    if (migrate->parsed()) {
      const std::string url =
          layers.GetOr("db", app::DefaultDbUrl(layers.GetOr("data-dir", "./var")));
      auto store = store::OpenStore(url);
      if (!store.ok()) return ReportError("admin migrate", store.error());
      auto plan = (*store)->PlanMigrations();
      if (!plan.ok()) return ReportError("admin migrate", plan.error());
      std::printf("database %s (%.*s) is at schema version %d\n", store::RedactUrl(url).c_str(),
                  static_cast<int>((*store)->Backend().size()), (*store)->Backend().data(),
                  plan->current_version);
      if (plan->pending.empty()) {
        std::printf("nothing to migrate\n");
        return kExitOk;
      }
      for (const auto& m : plan->pending) {
        std::printf("%s %d %.*s\n", f->dry_run ? "would apply" : "applying", m.version,
                    static_cast<int>(m.name.size()), m.name.data());
      }
      if (f->dry_run) return kExitOk;
      auto status = (*store)->Migrate();
      if (!status.ok()) return ReportError("admin migrate", status.error());
      std::printf("done\n");
      return kExitOk;
    }

    auto store = OpenMigrated(layers);
    if (!store.ok()) return ReportError("admin", store.error());
    core::SystemClock clock;
    social::AccountOptions options;
    options.password_cost = social::PasswordCost::Minimum();  // the CLI hashes no passwords
    social::AccountService accounts(**store, clock, options);

    if (key_create->parsed()) {
      auto made = accounts.CreateApiKeyFor(f->user, f->name);
      if (!made.ok()) return ReportError("admin api-key create", made.error());
      std::printf("created API key %s (%s) for %s; it is shown only now:\n", made->key.id.c_str(),
                  made->key.name.c_str(),
                  f->user.empty() ? "the installation (administrator)" : f->user.c_str());
      std::printf("%s\n", made->secret.c_str());
      return kExitOk;
    }
    if (invite_create->parsed()) {
      auto made = accounts.CreateAdminInvites(f->count);
      if (!made.ok()) return ReportError("admin invite create", made.error());
      for (const auto& i : *made) std::printf("%s\n", i.code.c_str());
      return kExitOk;
    }
    if (invite_list->parsed()) {
      auto list = (*store)->ListInvites(std::nullopt);
      if (!list.ok()) return ReportError("admin invite list", list.error());
      for (const auto& i : *list) {
        std::printf("%s  %s  %s\n", i.code.c_str(), Iso(i.created_at).c_str(),
                    i.used_by ? "used" : "unused");
      }
      return kExitOk;
    }
    if (waitlist_list->parsed()) {
      std::string after;
      do {
        auto page = (*store)->ListWaitlist(!f->all, after, 100);
        if (!page.ok()) return ReportError("admin waitlist list", page.error());
        for (const auto& w : page->items) {
          std::printf("%s  %s  %s  %s  %s\n", w.id.c_str(), w.email.c_str(), w.country.c_str(),
                      Iso(w.created_at).c_str(),
                      w.admitted_at ? ("admitted: " + w.invite_code).c_str() : "waiting");
        }
        after = page->next;
      } while (!after.empty());
      return kExitOk;
    }
    if (waitlist_admit->parsed()) {
      auto entry = accounts.AdmitFromCommandLine(f->target);
      if (!entry.ok()) return ReportError("admin waitlist admit", entry.error());
      std::printf("admitted %s; their invite code:\n%s\n", entry->email.c_str(),
                  entry->invite_code.c_str());
      return kExitOk;
    }
    return kExitUsage;
  };
}

}  // namespace kinora::cli
