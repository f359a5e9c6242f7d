#include "app/app.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>

#include "core/clock.h"
#include "core/log.h"
#include "engine/engine_factory.h"
#include "http/auth.h"
#include "http/characters_api.h"
#include "http/server.h"
#include "http/social_api.h"
#include "http/static_files.h"
#include "http/videos_api.h"
#include "http/webhooks_api.h"
#include "http/worker_api.h"
#include "jobs/generation_service.h"
#include "jobs/webhooks.h"
#include "social/accounts.h"
#include "social/graph.h"
#include "social/notifications.h"
#include "social/throttle.h"
#include "social/videos.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace kinora::app {

struct App::Parts {
  ServeConfig config;
  core::SystemClock clock;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::BlobStore> blobs;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<social::NotificationService> notifications;
  std::unique_ptr<social::AccountService> accounts;
  std::unique_ptr<social::GraphService> graph;
  std::unique_ptr<social::VideoService> videos;
  std::unique_ptr<social::CharacterService> characters;
  std::unique_ptr<http::Authenticator> auth;
  std::unique_ptr<social::RateLimiter> rate_limiter;
  // Before the generation service, whose workers call into it until they stop.
  std::unique_ptr<net::HttpClient> http_client;
  std::unique_ptr<jobs::WebhookService> webhooks;
  std::unique_ptr<jobs::GenerationService> service;
  http::Metrics metrics;
  http::Router router;
  std::shared_ptr<void> social_routes;
  std::shared_ptr<void> worker_routes;  // its long polls call the service until destroyed
  std::unique_ptr<http::StaticFiles> static_files;
  std::unique_ptr<http::Server> server;
};

namespace {

std::string JobMetrics(store::Store& store, const jobs::ServiceCounters& c) {
  std::string out;
  out += "# HELP kinora_generations Generations in the store by status.\n";
  out += "# TYPE kinora_generations gauge\n";
  if (auto counts = store.CountByStatus(); counts.ok()) {
    for (auto s : {store::GenerationStatus::kQueued, store::GenerationStatus::kInProgress,
                   store::GenerationStatus::kCompleted, store::GenerationStatus::kFailed,
                   store::GenerationStatus::kCancelled}) {
      int64_t n = 0;
      for (const auto& [status, count] : *counts) {
        if (status == s) n = count;
      }
      out += fmt::format("kinora_generations{{status=\"{}\"}} {}\n", store::GenerationStatusName(s),
                         n);
    }
  }
  auto counter = [&](std::string_view name, std::string_view help, int64_t v) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, v);
  };
  counter("kinora_generations_created_total", "Generations accepted by this process.", c.created);
  counter("kinora_generations_completed_total", "Generations this process completed.", c.completed);
  counter("kinora_generations_failed_total", "Generations this process failed.", c.failed);
  counter("kinora_generations_requeued_total", "Generations interrupted and requeued.", c.requeued);
  counter("kinora_generations_cancelled_total", "Generations this process cancelled.", c.cancelled);
  counter("kinora_generation_retries_total", "Failed generation attempts queued again.", c.retries);
  counter("kinora_generation_leases_lost_total", "Generation attempts abandoned to another worker.",
          c.leases_lost);
  counter("kinora_generation_render_seconds_total", "Engine time spent on completed generations.",
          c.render_millis / 1000);
  out += fmt::format(
      "# HELP kinora_generations_running Generations running now.\n"
      "# TYPE kinora_generations_running gauge\nkinora_generations_running {}\n",
      c.running.load());
  return out;
}

// Where this server keeps its id: stable per machine and port, so a restart
// takes back its own interrupted jobs at once, while servers that share one
// data directory (on a shared filesystem, for the blobs) keep ids apart.
std::string ServerIdFile(const ServeConfig& config) {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::string name;
  for (const char* c = host; *c; ++c) {
    name += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' || *c == '.' ? *c : '_';
  }
  if (name.empty()) name = "localhost";
  return fmt::format("{}/server_id.{}-{}", config.data_dir, name, config.listen_port);
}

}  // namespace

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() = default;

core::Result<std::unique_ptr<App>> App::Create(const ServeConfig& config) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  // The engine first: the local engine forks its speech worker, which must happen while
  // this process has one thread (the store's pools start threads of their own).
  KINORA_ASSIGN_OR_RETURN(p->engine, engine::NewEngine(config.engine));
  KINORA_ASSIGN_OR_RETURN(p->store, store::OpenStore(config.db_url));
  KINORA_RETURN_IF_ERROR(p->store->Migrate());
  KINORA_ASSIGN_OR_RETURN(p->blobs, store::OpenFileBlobStore(config.data_dir + "/blobs"));
  p->notifications = std::make_unique<social::NotificationService>(*p->store, p->clock);
  social::AccountOptions account_options;
  account_options.invites_required = config.invites_required;
  account_options.allowed_countries = config.allowed_countries;
  p->accounts = std::make_unique<social::AccountService>(*p->store, p->clock, account_options);
  p->graph = std::make_unique<social::GraphService>(*p->store, p->clock, *p->notifications);
  p->videos =
      std::make_unique<social::VideoService>(*p->store, *p->blobs, p->clock, *p->notifications);
  KINORA_ASSIGN_OR_RETURN(p->characters,
                          social::CharacterService::Open(*p->store, *p->blobs, p->clock));
  p->auth = std::make_unique<http::Authenticator>(*p->accounts, config.secure_cookies);
  jobs::ServiceOptions service_options{.workers = config.workers, .lease_ms = config.lease_ms};
  // Leases shorter than the default reaper pass are taken back on time, too.
  service_options.reaper_interval_ms =
      std::min(service_options.reaper_interval_ms, config.lease_ms / 2);
  KINORA_ASSIGN_OR_RETURN(service_options.server_id,
                          jobs::LoadOrCreateServerId(ServerIdFile(config)));
  p->http_client = std::make_unique<net::HttpClient>();
  jobs::WebhookOptions webhook_options;
  webhook_options.allow_private = config.webhooks_allow_private;
  if (!config.webhooks_retry_schedule_ms.empty()) {
    webhook_options.retry_schedule_ms = config.webhooks_retry_schedule_ms;
  }
  p->webhooks =
      std::make_unique<jobs::WebhookService>(*p->store, p->clock, *p->http_client, webhook_options);
  jobs::WebhookService* webhooks = p->webhooks.get();
  social::VideoService* videos = p->videos.get();
  service_options.on_finished = [videos, webhooks](const store::Generation& g) {
    videos->OnGenerationFinished(g);
    webhooks->Enqueue(g);
  };
  p->service = std::make_unique<jobs::GenerationService>(*p->store, *p->blobs, *p->engine, p->clock,
                                                         service_options);

  auto& router = p->router;
  Parts* raw = p.get();
  router.Add("GET", "/healthz", [raw](http::Request&) {
    auto counts = raw->store->CountByStatus();
    if (!counts.ok()) {
      return http::ErrorResponse(503, "service_unavailable", "the database is not answering", {},
                                 "unavailable");
    }
    return http::JsonResponse(200, {{"status", "ok"}, {"engine", raw->engine->Name()}});
  });
  router.Add("GET", "/metrics", [raw](http::Request&) {
    http::Response r;
    r.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8";
    r.body = raw->metrics.Render();
    return r;
  });
  // Before the video routes: "/v1/videos/{id}/…" would match character paths too.
  http::AddCharacterRoutes(router, *p->characters, *p->blobs, *p->auth);
  p->rate_limiter =
      std::make_unique<social::RateLimiter>(config.rate_limit_per_minute, config.rate_limit_burst);
  http::AddVideoRoutes(
      router, http::VideoApi{*p->service, *p->blobs, *p->auth, *p->rate_limiter, p->clock});
  http::AddWebhookRoutes(router, *p->webhooks, *p->auth);
  p->worker_routes = http::AddWorkerRoutes(router, *p->service, *p->blobs, *p->auth);
  p->social_routes =
      http::AddSocialRoutes(router, http::SocialServices{*p->accounts, *p->graph, *p->videos,
                                                         *p->notifications, *p->blobs, *p->auth});
  p->static_files = std::make_unique<http::StaticFiles>(config.web_dir);
  router.SetFallback([raw](http::Request& r) {
    // API namespaces never fall through to the web app's index.html.
    for (std::string_view prefix : {"/v1/", "/api/"}) {
      if (r.path.rfind(prefix, 0) == 0) {
        return http::ErrorResponse(404, "invalid_request_error",
                                   "no route for " + r.method + " " + r.path, {}, "not_found");
      }
    }
    return raw->static_files->Serve(r);
  });
  p->metrics.AddCollector([raw] { return JobMetrics(*raw->store, raw->service->counters()); });

  http::ServerOptions options;
  options.host = config.listen_host;
  options.port = config.listen_port;
  options.threads = config.http_threads;
  options.max_body_bytes = config.max_body_bytes;
  p->server = std::make_unique<http::Server>(options, p->router, p->metrics);
  KINORA_RETURN_IF_ERROR(p->server->Listen());
  if (!std::filesystem::exists(std::filesystem::path(config.web_dir) / "index.html")) {
    core::LogWarn("the web app is not built; / will answer 404", {{"web_dir", config.web_dir}});
  }
  return std::unique_ptr<App>(new App(std::move(p)));
}

core::Status App::Run() {
  KINORA_RETURN_IF_ERROR(parts_->service->Start());
  parts_->webhooks->Start();
  core::LogInfo("serving",
                {{"url", fmt::format("http://{}:{}/", parts_->config.listen_host, port())},
                 {"db", parts_->config.db_url},
                 {"data_dir", parts_->config.data_dir}});
  parts_->server->Run();
  core::LogInfo("stopping workers");
  parts_->service->Stop();
  parts_->webhooks->Stop();
  core::LogInfo("stopped");
  return core::Ok();
}

void App::Stop() { parts_->server->Stop(); }

uint16_t App::port() const { return parts_->server->port(); }

}  // namespace kinora::app
