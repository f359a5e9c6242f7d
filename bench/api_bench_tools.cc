#include "api_bench_tools.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/parse.h"
#include "support/http_client.h"

namespace kinora::bench {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using nlohmann::json;

constexpr int kStartTimeoutMs = 30000;

// The children running now, for the signal handler.
constexpr int kMaxChildren = 8;
std::atomic<pid_t> g_children[kMaxChildren];
char g_cleanup[4096] = "";

void Track(pid_t pid, bool running) {
  for (auto& slot : g_children) {
    pid_t expected = running ? 0 : pid;
    if (slot.compare_exchange_strong(expected, running ? pid : 0)) return;
  }
}

void OnSignal(int) {
  for (auto& slot : g_children) {
    if (const pid_t pid = slot.load(); pid > 0) kill(pid, SIGTERM);
  }
  if (g_cleanup[0]) execl("/bin/sh", "sh", "-c", g_cleanup, static_cast<char*>(nullptr));
  _exit(130);
}

std::string LoopbackUrl(int port, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

// "1.23ms" / "456.00us" / "1.02s" → ms; "12.3MB" → bytes (wrk's units are binary).
double WrkNumber(std::string_view text) {
  size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
    ++end;
  }
  double v = 0;
  if (!kinora::core::ParseNumber(text.substr(0, end), v)) return -1;
  const std::string_view unit = text.substr(end);
  if (unit == "us") return v / 1000;
  if (unit == "ms") return v;
  if (unit == "s") return v * 1000;
  if (unit == "m") return v * 60000;
  if (unit == "B" || unit.empty()) return v;
  if (unit == "KB") return v * 1024;
  if (unit == "MB") return v * 1024 * 1024;
  if (unit == "GB") return v * 1024 * 1024 * 1024;
  return -1;
}

}  // namespace

void StopOnSignal(const std::string& cleanup) {
  std::snprintf(g_cleanup, sizeof g_cleanup, "%s", cleanup.c_str());
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
}

TrackedChild::TrackedChild(const std::vector<std::string>& argv, const std::string& log_path)
    : child_(argv, log_path), pid_(child_.pid()) {
  Track(pid_, true);
}

TrackedChild::~TrackedChild() {
  Track(pid_, false);
  child_.Signal(SIGTERM);
  child_.Wait(15000);  // Child's destructor SIGKILLs what is left
}

bool TrackedChild::Running() {
  child_.Wait(0);  // reaps it if it has exited
  return child_.pid() > 0;
}

struct Connection::Impl {
  int port;
  std::string bearer;
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;

  void Close() {
    beast::error_code ignored;
    stream.socket().close(ignored);
    buffer.clear();
  }
};

Connection::Connection(int port, std::string bearer) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->bearer = std::move(bearer);
}

Connection::~Connection() = default;

Reply Connection::Call(std::string_view method, const std::string& target,
                       const std::string& body) {
  Impl& c = *impl_;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!c.stream.socket().is_open()) {
        c.stream.connect({asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(c.port)});
        c.stream.socket().set_option(asio::ip::tcp::no_delay(true));
      }
      bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
      req.set(bhttp::field::host, "127.0.0.1");
      req.set(bhttp::field::authorization, "Bearer " + c.bearer);
      if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
      c.stream.expires_after(std::chrono::seconds(30));
      bhttp::write(c.stream, req);
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(boost::none);  // whole videos, in part 4
      bhttp::read(c.stream, c.buffer, parser);
      bhttp::response<bhttp::string_body> res = parser.release();
      if (!res.keep_alive()) c.Close();
      return {static_cast<int>(res.result_int()), std::move(res.body())};
    } catch (const std::exception&) {
      c.Close();  // a keep-alive connection the server closed: try a fresh one once
    }
  }
  return {};
}

std::string Field(const std::string& body, const char* name) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains(name) || !j[name].is_string()) return "";
  return j[name].get<std::string>();
}

std::string Server::Start(const std::string& kinora, const fs::path& dir,
                          const std::vector<std::string>& flags) {
  fs::create_directories(dir);
  const auto made = kinora::testing::Run(
      {kinora, "admin", "api-key", "create", "--name", "bench", "--data-dir", dir.string()});
  std::string out = made.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  key_ = out.substr(out.find_last_of('\n') + 1);
  if (made.exit_code != 0 || key_.empty()) {
    return "`kinora admin api-key create` failed: " + made.err;
  }
  port_ = kinora::testing::FreePort();
  std::vector<std::string> argv = {kinora,       "--log-level",
                                   "warn",       "serve",
                                   "--data-dir", dir.string(),
                                   "--listen",   "127.0.0.1:" + std::to_string(port_),
                                   "--web-dir",  (dir / "no-web-app").string()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  std::string line;
  for (size_t i = 3; i < argv.size(); ++i) line += (i > 3 ? " " : "") + argv[i];
  command_ = "kinora " + line;
  child_ = std::make_unique<TrackedChild>(argv, (dir / "server.log").string());
  if (!kinora::testing::WaitHealthy(port_, kStartTimeoutMs)) {
    return "the server did not become healthy; its log:\n" + child_->Log();
  }
  return "";
}

std::string Server::Url(const std::string& path) const { return LoopbackUrl(port_, path); }

std::string Nginx::Start(const fs::path& dir, const fs::path& root) {
  port_ = kinora::testing::FreePort();
  fs::create_directories(dir / "logs");
  std::ofstream conf(dir / "nginx.conf");
  conf << "worker_processes 2;\n"
       << "pid " << (dir / "nginx.pid").string() << ";\n"
       << "error_log " << (dir / "logs/error.log").string() << " warn;\n"
       << "events { worker_connections 1024; }\n"
       << "http {\n"
       << "  access_log off;\n"
       << "  client_body_temp_path " << (dir / "tmp-body").string() << ";\n"
       << "  proxy_temp_path " << (dir / "tmp-proxy").string() << ";\n"
       << "  fastcgi_temp_path " << (dir / "tmp-fastcgi").string() << ";\n"
       << "  uwsgi_temp_path " << (dir / "tmp-uwsgi").string() << ";\n"
       << "  scgi_temp_path " << (dir / "tmp-scgi").string() << ";\n"
       << "  sendfile on;\n"
       << "  tcp_nopush on;\n"
       << "  keepalive_requests 1000000;\n"
       << "  types { application/json json; video/mp4 mp4; }\n"
       << "  server { listen 127.0.0.1:" << port_ << "; root " << root.string() << "; }\n"
       << "}\n";
  conf.close();
  child_ = std::make_unique<TrackedChild>(
      std::vector<std::string>{"/usr/sbin/nginx", "-p", dir.string(), "-e",
                               (dir / "logs/error.log").string(), "-c",
                               (dir / "nginx.conf").string(), "-g", "daemon off;"},
      (dir / "nginx.out").string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline && child_->Running()) {
    if (kinora::testing::HttpCall(port_, "GET", "/").status != 0) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "nginx did not start: " + child_->Log();
}

std::string Nginx::Url(const std::string& path) const { return LoopbackUrl(port_, path); }

struct UpstreamStandIn::Impl {
  fs::path video;
  asio::io_context ioc;
  asio::ip::tcp::acceptor acceptor{ioc};
  int port = 0;
  std::atomic<bool> stopping{false};
  std::thread thread;

  void Serve() {
    while (!stopping) {
      asio::ip::tcp::socket socket(ioc);
      beast::error_code ec;
      acceptor.accept(socket, ec);
      if (ec || stopping) continue;
      try {
        Answer(socket);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "api_bench: upstream stand-in: %s\n", e.what());
      }
      socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  void Answer(asio::ip::tcp::socket& socket) {
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req;
    bhttp::read(socket, buffer, req);
    const std::string target(req.target());
    const json job = {
        {"id", "videoupstream"}, {"object", "video"}, {"status", "completed"}, {"progress", 100}};
    if (target == "/v1/videos/videoupstream/content") {
      bhttp::response<bhttp::file_body> res{bhttp::status::ok, 11};
      beast::error_code ec;
      res.body().open(video.c_str(), beast::file_mode::scan, ec);
      if (ec) throw std::runtime_error("cannot open " + video.string());
      res.set(bhttp::field::content_type, "video/mp4");
      res.keep_alive(false);
      res.prepare_payload();
      bhttp::write(socket, res);
      return;
    }
    bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
    if (!(target == "/v1/videos" && req.method() == bhttp::verb::post) &&
        target != "/v1/videos/videoupstream") {
      res.result(bhttp::status::not_found);
    }
    res.set(bhttp::field::content_type, "application/json");
    res.body() = res.result() == bhttp::status::ok ? job.dump() : R"({"error":{}})";
    res.keep_alive(false);
    res.prepare_payload();
    bhttp::write(socket, res);
  }
};

UpstreamStandIn::UpstreamStandIn(fs::path video) : impl_(std::make_unique<Impl>()) {
  impl_->video = std::move(video);
  impl_->acceptor.open(asio::ip::tcp::v4());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->thread = std::thread([this] { impl_->Serve(); });
}

UpstreamStandIn::~UpstreamStandIn() {
  impl_->stopping = true;
  kinora::testing::HttpCall(impl_->port, "GET", "/");  // wakes the accept
  impl_->thread.join();
}

std::string UpstreamStandIn::BaseUrl() const { return LoopbackUrl(impl_->port, "/v1"); }

WrkResult RunWrk(int threads, int connections, int seconds, const std::string& url,
                 const std::string& bearer) {
  std::vector<std::string> argv = {"/usr/bin/wrk", "-t" + std::to_string(threads),
                                   "-c" + std::to_string(connections),
                                   "-d" + std::to_string(seconds) + "s", "--latency"};
  if (!bearer.empty()) {
    argv.push_back("-H");
    argv.push_back("Authorization: Bearer " + bearer);
  }
  argv.push_back(url);
  const auto ran = kinora::testing::Run(argv);
  WrkResult r;
  if (ran.exit_code != 0) {
    r.error = "wrk failed: " + ran.err + ran.out;
    return r;
  }
  std::istringstream in(ran.out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first, second;
    words >> first >> second;
    if (first == "Requests/sec:") r.requests_per_second = WrkNumber(second);
    if (first == "Transfer/sec:") r.bytes_per_second = WrkNumber(second);
    if (first == "50%") r.p50_ms = WrkNumber(second);
    if (first == "99%") r.p99_ms = WrkNumber(second);
    if (first == "Non-2xx") r.error = "the server answered errors: " + line;
    if (first == "Socket" && second == "errors:") r.note = line.substr(line.find('S'));
  }
  if (r.requests_per_second <= 0) r.error = "no Requests/sec in wrk's output: " + ran.out;
  return r;
}

}  // namespace kinora::bench
