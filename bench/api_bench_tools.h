// What api_bench drives: a keep-alive HTTP client, `kinora serve` and nginx
// as child processes, a stand-in for an upstream Videos API, and wrk.
// Children are stopped (SIGTERM, then SIGKILL) when their owner is
// destroyed, and by the handler StopOnSignal() installs.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/subprocess.h"

namespace kinora::bench {

// On SIGINT or SIGTERM: stop every TrackedChild still running, then run
// `cleanup` with /bin/sh (it should end with `exit 130`).
void StopOnSignal(const std::string& cleanup);

// A child process (stderr and stdout to log_path) that the signal handler
// stops too. Not thread-safe.
class TrackedChild {
 public:
  TrackedChild(const std::vector<std::string>& argv, const std::string& log_path);
  ~TrackedChild();  // SIGTERM, up to 15 s to exit, then SIGKILL
  TrackedChild(const TrackedChild&) = delete;
  TrackedChild& operator=(const TrackedChild&) = delete;

  bool Running();
  std::string Log() const { return child_.Log(); }

 private:
  kinora::testing::Child child_;
  const pid_t pid_;
};

struct Reply {
  int status = 0;  // 0: no answer
  std::string body;
};

// One keep-alive HTTP/1.1 connection to 127.0.0.1:port that sends
// "Authorization: Bearer <bearer>" and JSON bodies; reconnects once when the
// server has closed it. Bodies of any size are read into memory. Not
// thread-safe: one per thread.
class Connection {
 public:
  Connection(int port, std::string bearer);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Reply Call(std::string_view method, const std::string& target, const std::string& body = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The string member `name` of a JSON object; "" when there is none.
std::string Field(const std::string& body, const char* name);

// A data dir with an installation API key (`kinora admin api-key create`),
// and `kinora --log-level warn serve` on it on a free loopback port.
class Server {
 public:
  // An empty string when the server is healthy, else why not.
  std::string Start(const std::string& kinora, const std::filesystem::path& dir,
                    const std::vector<std::string>& flags);

  int port() const { return port_; }
  const std::string& key() const { return key_; }
  const std::string& command() const { return command_; }  // for people
  std::string Url(const std::string& path) const;

 private:
  std::string key_, command_;
  int port_ = 0;
  std::unique_ptr<TrackedChild> child_;
};

// nginx from a config generated in `dir` (worker_processes 2, access_log
// off, sendfile on), serving the files under `root` on a free loopback port.
class Nginx {
 public:
  // An empty string when nginx answers, else why not.
  std::string Start(const std::filesystem::path& dir, const std::filesystem::path& root);
  std::string Url(const std::string& path) const;

 private:
  int port_ = 0;
  std::unique_ptr<TrackedChild> child_;
};

// An upstream Videos API for a server with the openai-compatible engine:
// every job it is given is completed at once, and its content is `video`.
// One connection at a time, one request per connection, on its own thread.
class UpstreamStandIn {
 public:
  explicit UpstreamStandIn(std::filesystem::path video);
  ~UpstreamStandIn();
  UpstreamStandIn(const UpstreamStandIn&) = delete;
  UpstreamStandIn& operator=(const UpstreamStandIn&) = delete;

  std::string BaseUrl() const;  // for --engine-url

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct WrkResult {
  std::string error;  // wrk did not run, or the server answered non-2xx
  std::string note;   // wrk's socket errors (timeouts, closed connections)
  double requests_per_second = 0;
  double bytes_per_second = 0;  // bodies and headers
  double p50_ms = 0, p99_ms = 0;
};

// Runs `wrk -t<threads> -c<connections> -d<seconds>s --latency url`, with
// the bearer token when not empty, and reads its report.
WrkResult RunWrk(int threads, int connections, int seconds, const std::string& url,
                 const std::string& bearer);

}  // namespace kinora::bench
