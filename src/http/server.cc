#include "http/server.h"

#include <sys/stat.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <charconv>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/log.h"
#include "core/parse.h"
#include "http/file_range_body.h"

namespace kinora::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A stream whose unsent bytes grow past this has a client that stopped reading.
constexpr size_t kMaxUnsentStreamBytes = 1024 * 1024;

struct ByteRange {
  uint64_t begin = 0;
  uint64_t length = 0;
};

// Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range against `size`.
// Returns nullopt for a syntactically invalid header (ignore it: whole file)
// and a zero-length range with begin == size when unsatisfiable.
std::optional<ByteRange> ParseRange(std::string_view header, uint64_t size, bool& unsatisfiable) {
  unsatisfiable = false;
  if (header.substr(0, 6) != "bytes=" || header.find(',') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view spec = header.substr(6);
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  uint64_t a = 0, b = 0;
  std::string_view first = spec.substr(0, dash), last = spec.substr(dash + 1);
  if (first.empty()) {
    if (!core::ParseNumber(last, b) || b == 0) return std::nullopt;
    b = std::min(b, size);
    return ByteRange{size - b, b};
  }
  if (!core::ParseNumber(first, a)) return std::nullopt;
  if (last.empty()) {
    b = size ? size - 1 : 0;
  } else if (!core::ParseNumber(last, b) || b < a) {
    return std::nullopt;
  }
  if (a >= size) {
    unsatisfiable = true;
    return std::nullopt;
  }
  b = std::min(b, size - 1);
  return ByteRange{a, b - a + 1};
}

// An entity tag: its quoted opaque part and whether it is weak (W/"…").
struct EntityTag {
  bool weak = false;
  std::string_view opaque;  // with its quotes
};

void SkipSpaces(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

// Reads the entity tag at the front of `s` (after blanks) and consumes it;
// nullopt when there is none. Commas inside the quotes are part of the tag.
std::optional<EntityTag> ReadEntityTag(std::string_view& s) {
  SkipSpaces(s);
  EntityTag tag;
  if (s.substr(0, 2) == "W/") {
    tag.weak = true;
    s.remove_prefix(2);
  }
  if (s.empty() || s.front() != '"') return std::nullopt;
  const size_t close = s.find('"', 1);
  if (close == std::string_view::npos) return std::nullopt;
  tag.opaque = s.substr(0, close + 1);
  s.remove_prefix(close + 1);
  return tag;
}

// If-None-Match (RFC 9110 13.1.2): "*" or a comma list of entity tags,
// compared weakly with `etag`. A malformed list matches nothing, so the
// client gets the full response rather than a wrong 304.
bool NoneMatchHits(std::string_view header, std::string_view etag) {
  const auto mine = ReadEntityTag(etag);
  if (!mine) return false;
  SkipSpaces(header);
  if (header == "*") return true;
  while (true) {
    while (!header.empty() &&
           (header.front() == ',' || header.front() == ' ' || header.front() == '\t')) {
      header.remove_prefix(1);
    }
    if (header.empty()) return false;
    const auto tag = ReadEntityTag(header);
    if (!tag) return false;
    if (tag->opaque == mine->opaque) return true;
    SkipSpaces(header);
    if (!header.empty() && header.front() != ',') return false;
  }
}

// If-Range (RFC 9110 13.1.5): the range applies only while the validator is a
// strong entity tag equal to `etag`; a date (we send no Last-Modified) or any
// other tag means the client's copy is stale, so it gets the whole file.
bool IfRangeHolds(std::string_view header, std::string_view etag) {
  if (header.empty()) return true;
  const auto mine = ReadEntityTag(etag);
  const auto theirs = ReadEntityTag(header);
  SkipSpaces(header);
  return mine && theirs && header.empty() && !mine->weak && !theirs->weak &&
         mine->opaque == theirs->opaque;
}

// The headers a 304 repeats from the 200 it stands for (RFC 9110 15.4.5).
constexpr const char* kNotModifiedHeaders[] = {"ETag", "Cache-Control", "Expires", "Vary",
                                               "Content-Location"};

}  // namespace

core::Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view address) {
  auto colon = address.rfind(':');
  if (colon == std::string_view::npos) {
    return core::InvalidArgument(
        "listen address must be HOST:PORT (got '" + std::string(address) + "')", "listen");
  }
  std::string host(address.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  unsigned port = 0;
  std::string_view p = address.substr(colon + 1);
  if (!core::ParseNumber(p, port) || port > 65535) {
    return core::InvalidArgument(
        "listen port must be a number from 0 to 65535 (got '" + std::string(p) + "')", "listen");
  }
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  if (ec) {
    return core::InvalidArgument("listen host must be an IP address (got '" + host + "')",
                                 "listen");
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

class Session;

// The StreamSink handed to a streaming handler: posts writes onto the
// session's strand. Holds the session weakly, so a producer that keeps a dead
// sink keeps no connection alive. Thread-safe.
class SessionSink final : public StreamSink {
 public:
  explicit SessionSink(std::weak_ptr<Session> session) : session_(std::move(session)) {}
  bool Write(std::string bytes) override;
  bool open() const override;
  void Close() override;
  // The stream ended (or is ending): later writes are refused.
  void Detach() {
    std::lock_guard lock(mu_);
    session_.reset();
  }

 private:
  mutable std::mutex mu_;
  std::weak_ptr<Session> session_;  // guarded by mu_; empty once detached
};

struct Server::Impl {
  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::set<std::shared_ptr<Session>> sessions;  // guarded by sessions_mu
  std::vector<std::thread> threads;
  asio::steady_timer drain_timer{ioc};

  Impl(ServerOptions o, const Router& r, Metrics& m)
      : options(std::move(o)), router(r), metrics(m) {}
  void Accept();
  // After Stop(): polls until every session has closed, or stops the
  // io_context at the deadline, abandoning what is still running.
  void WatchDrain(std::chrono::steady_clock::time_point deadline);
  void Forget(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }

  void Start() { DoRead(); }

  // Called on shutdown: idle connections close now, streams end now (after
  // the bytes already queued), busy ones after their response.
  void OnStop() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->streaming_) return self->FinishStream();
      if (self->idle_) self->Close();
    });
  }

  // For SessionSink; thread-safe.
  void PostStreamBytes(std::string bytes) {
    asio::post(stream_.get_executor(), [self = shared_from_this(), b = std::move(bytes)]() mutable {
      self->QueueStreamBytes(std::move(b));
    });
  }
  void PostFinishStream() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->FinishStream(); });
  }

  // Refuses further writes to this session's sink. Only once no I/O thread
  // runs (the server's destructor): it touches strand state.
  void DetachSink() {
    if (streaming_ && streaming_->sink) streaming_->sink->Detach();
  }

 private:
  void DoRead() {
    if (server_.stopping) return Close();
    idle_ = true;
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(server_.options.max_header_bytes));
    stream_.expires_after(server_.options.idle_timeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    idle_ = false;
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == beast::error::timeout || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
      return Close();
    }
    if (ec == bhttp::error::body_limit) {
      // The client is still sending; read and drop the rest after answering,
      // or closing with unread data would reset the connection and lose the 413.
      drain_after_write_ = true;
      return SendError(413, "request body is larger than " +
                                std::to_string(server_.options.max_body_bytes) + " bytes");
    }
    if (ec == bhttp::error::header_limit) return SendError(431, "request headers are too large");
    if (ec) return SendError(400, "malformed HTTP request: " + ec.message());
    Handle(parser_->release());
  }

  void SendError(int status, const std::string& message) {
    Response r =
        ErrorResponse(status, status == 413 ? "invalid_request_error" : "invalid_request_error",
                      message, {}, status == 413 ? "request_too_large" : "bad_request");
    Request req;
    req.method = "?";
    req.path = "?";
    Send(req, std::move(r), false, "unmatched", std::chrono::steady_clock::now());
  }

  void Handle(bhttp::request<bhttp::string_body> raw) {
    const auto started = std::chrono::steady_clock::now();
    Request req;
    req.method = std::string(raw.method_string());
    req.target = std::string(raw.target());
    req.remote = remote_;
    for (const auto& f : raw) req.headers[std::string(f.name_string())] = std::string(f.value());
    req.body = std::move(raw.body());
    version_ = raw.version();
    const bool keep_alive = raw.keep_alive();
    if (!ParseTarget(req.target, req.path, req.query)) {
      return Send(req,
                  ErrorResponse(400, "invalid_request_error", "malformed request target", {},
                                "bad_request"),
                  false, "unmatched", started);
    }
    const std::string route = server_.router.RouteLabel(req);
    Response resp;
    try {
      resp = server_.router.Dispatch(req);
    } catch (const std::exception& e) {
      core::LogError("handler threw", {{"path", req.path}, {"what", e.what()}});
      resp = ErrorResponse(500, "server_error", "internal error", {}, "internal");
    }
    Send(req, std::move(resp), keep_alive, route, started);
  }

  template <typename Body>
  void Write(std::shared_ptr<bhttp::response<Body>> res, bool keep_alive, Request req,
             std::string route, std::chrono::steady_clock::time_point started) {
    res->keep_alive(keep_alive && !server_.stopping);
    res->prepare_payload();
    const int status = static_cast<int>(res->result_int());
    const uint64_t bytes = res->payload_size().value_or(0);
    stream_.expires_after(std::chrono::minutes(10));  // large downloads on slow links
    bhttp::async_write(
        stream_, *res,
        [self = shared_from_this(), res, req = std::move(req), route = std::move(route), started,
         status, bytes](beast::error_code ec, size_t) {
          self->AfterWrite(ec, res->keep_alive(), req, route, started, status, bytes);
        });
  }

  void AfterWrite(beast::error_code ec, bool keep_alive, const Request& req,
                  const std::string& route, std::chrono::steady_clock::time_point started,
                  int status, uint64_t bytes) {
    Record(req, route, started, status, bytes);
    if (!ec && drain_after_write_) return Drain();
    if (ec || !keep_alive) return Close();
    DoRead();
  }

  // Metrics and the access log line, once a response is complete.
  // A stream's lifetime is not a latency: streams are counted, not timed.
  void Record(const Request& req, const std::string& route,
              std::chrono::steady_clock::time_point started, int status, uint64_t bytes,
              bool stream = false) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    server_.metrics.ObserveRequest(req.method, route, status, seconds, /*timed=*/!stream);
    if (server_.options.access_log) {
      core::LogInfo("http", {{"method", req.method},
                             {"path", req.path},
                             {"status", std::to_string(status)},
                             {"bytes", std::to_string(bytes)},
                             {"ms", std::to_string(static_cast<int64_t>(seconds * 1000))},
                             {"remote", req.remote}});
    }
  }

  void Drain() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(5));
    drain_buffer_.resize(64 * 1024);
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->Drain();
                            });
  }

  template <typename Res>
  void CopyHeaders(Res& res, const Response& resp) {
    for (const auto& [k, v] : resp.headers) res.set(k, v);
    res.set(bhttp::field::server, "kinora");
  }

  void Send(const Request& req, Response resp, bool keep_alive, std::string route,
            std::chrono::steady_clock::time_point started) {
    const bool head = req.method == "HEAD";
    if (resp.stream) return SendStream(req, std::move(resp), keep_alive, std::move(route), started);
    if (resp.file) return SendFile(req, std::move(resp), keep_alive, std::move(route), started);
    if (head) {
      auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(
          static_cast<bhttp::status>(resp.status), 11);
      CopyHeaders(*res, resp);
      res->content_length(resp.body.size());
      res->keep_alive(keep_alive && !server_.stopping);
      const int status = resp.status;
      bhttp::async_write(stream_, *res,
                         [self = shared_from_this(), res, req, route, started, status](
                             beast::error_code ec, size_t) {
                           self->AfterWrite(ec, res->keep_alive(), req, route, started, status, 0);
                         });
      return;
    }
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(resp.status), 11);
    CopyHeaders(*res, resp);
    res->body() = std::move(resp.body);
    Write(res, keep_alive, req, std::move(route), started);
  }

  void SendFile(const Request& req, Response resp, bool keep_alive, std::string route,
                std::chrono::steady_clock::time_point started) {
    int fd = ::open(resp.file->c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      if (fd >= 0) ::close(fd);
      return Send(req,
                  ErrorResponse(404, "invalid_request_error", "file not found", {}, "not_found"),
                  keep_alive, std::move(route), started);
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    ByteRange range{0, size};
    int status = resp.status;
    const auto etag_it = resp.headers.find("ETag");
    const std::string etag = etag_it == resp.headers.end() ? std::string() : etag_it->second;
    const std::string if_none_match = req.Header("If-None-Match");
    if (status == 200 && !etag.empty() && !if_none_match.empty() &&
        NoneMatchHits(if_none_match, etag)) {
      ::close(fd);
      auto res =
          std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::not_modified, 11);
      for (const char* name : kNotModifiedHeaders) {
        if (auto it = resp.headers.find(name); it != resp.headers.end()) res->set(name, it->second);
      }
      res->set(bhttp::field::server, "kinora");
      return Write(res, keep_alive, req, std::move(route), started);
    }
    bool unsatisfiable = false;
    const std::string range_header = req.Header("Range");
    if (!range_header.empty() && status == 200 && IfRangeHolds(req.Header("If-Range"), etag)) {
      if (auto r = ParseRange(range_header, size, unsatisfiable)) {
        range = *r;
        status = 206;
      } else if (unsatisfiable) {
        ::close(fd);
        Response err = ErrorResponse(416, "invalid_request_error", "range not satisfiable", {},
                                     "range_not_satisfiable");
        err.headers["Content-Range"] = "bytes */" + std::to_string(size);
        return Send(req, std::move(err), keep_alive, std::move(route), started);
      }
    }
    auto res =
        std::make_shared<bhttp::response<FileRangeBody>>(static_cast<bhttp::status>(status), 11);
    CopyHeaders(*res, resp);
    res->set(bhttp::field::accept_ranges, "bytes");
    if (status == 206) {
      res->set(bhttp::field::content_range, "bytes " + std::to_string(range.begin) + "-" +
                                                std::to_string(range.begin + range.length - 1) +
                                                "/" + std::to_string(size));
    }
    if (req.method == "HEAD") range.length = 0;
    res->body().Reset(fd, range.begin, range.length);
    if (req.method == "HEAD") {
      res->content_length(size);
      res->keep_alive(keep_alive && !server_.stopping);
      bhttp::async_write(stream_, *res,
                         [self = shared_from_this(), res, req, route, started, status](
                             beast::error_code ec, size_t) {
                           self->AfterWrite(ec, res->keep_alive(), req, route, started, status, 0);
                         });
      return;
    }
    Write(res, keep_alive, req, std::move(route), started);
  }

  // --- Streaming responses (Response::stream). All on the strand. ---

  // A streaming response in progress.
  struct StreamState {
    StreamState(bhttp::response<bhttp::empty_body> h, const asio::any_io_executor& ex)
        : header(std::move(h)), ticker(ex) {}
    bhttp::response<bhttp::empty_body> header;
    std::optional<bhttp::response_serializer<bhttp::empty_body>> serializer;  // of `header`
    std::function<void(std::shared_ptr<StreamSink>)> start;  // the handler's; called once
    std::shared_ptr<SessionSink> sink;
    Request req;
    std::string route;
    std::chrono::steady_clock::time_point started;
    bool chunked = true;        // false for HTTP/1.0: the body then ends with the connection
    bool event_stream = false;  // keep-alive comments only where SSE is spoken
    bool header_sent = false;
    bool writing = false;
    bool finishing = false;  // end once the queue is written
    bool ended = false;
    std::string pending;    // queued, not yet being written
    std::string in_flight;  // being written
    uint64_t bytes = 0;     // body bytes written
    std::chrono::steady_clock::time_point last_write, write_started;
    asio::steady_timer ticker;          // keep-alives; catches a write that never finishes
    std::array<char, 512> discarded{};  // whatever the client sends meanwhile
  };

  bhttp::response<bhttp::empty_body> StreamHeader(const Response& resp) {
    bhttp::response<bhttp::empty_body> res(static_cast<bhttp::status>(resp.status), 11);
    CopyHeaders(res, resp);
    if (res[bhttp::field::content_type].empty()) {
      res.set(bhttp::field::content_type, "text/event-stream");
    }
    res.set(bhttp::field::cache_control, "no-cache");
    res.set("X-Accel-Buffering", "no");  // nginx would otherwise hold events back
    res.erase(bhttp::field::content_length);
    res.chunked(version_ >= 11);
    return res;
  }

  void SendStream(const Request& req, Response resp, bool keep_alive, std::string route,
                  std::chrono::steady_clock::time_point started) {
    if (req.method == "HEAD") {
      auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(StreamHeader(resp));
      res->keep_alive(keep_alive && !server_.stopping);
      auto sr = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*res);
      bhttp::async_write_header(
          stream_, *sr,
          [self = shared_from_this(), res, sr, req, route, started](beast::error_code ec, size_t) {
            self->AfterWrite(ec, res->keep_alive(), req, route, started,
                             static_cast<int>(res->result_int()), 0);
          });
      return;
    }
    streaming_ = std::make_unique<StreamState>(StreamHeader(resp), stream_.get_executor());
    auto& s = *streaming_;
    s.header.keep_alive(false);
    s.serializer.emplace(s.header);
    s.start = std::move(resp.stream);
    s.req = req;
    s.route = std::move(route);
    s.started = started;
    s.chunked = s.header.chunked();
    s.event_stream = s.header[bhttp::field::content_type].starts_with("text/event-stream");
    // A stream may be silent for hours; the ticker, not the stream's timer, watches it.
    stream_.expires_never();
    bhttp::async_write_header(stream_, *s.serializer,
                              [self = shared_from_this()](beast::error_code ec, size_t) {
                                self->OnStreamHeaderWritten(ec);
                              });
  }

  void OnStreamHeaderWritten(beast::error_code ec) {
    auto& s = *streaming_;
    if (ec) return EndStream();
    s.header_sent = true;
    s.last_write = std::chrono::steady_clock::now();
    WatchClient();
    ScheduleTick();
    if (server_.stopping || s.finishing) return FinishStream();
    s.sink = std::make_shared<SessionSink>(weak_from_this());
    auto start = std::move(s.start);
    try {
      start(s.sink);
    } catch (const std::exception& e) {
      core::LogError("stream handler threw", {{"path", s.req.path}, {"what", e.what()}});
      FinishStream();
    }
  }

  // The client sends nothing while it listens, so a finished read means it left.
  void WatchClient() {
    stream_.async_read_some(asio::buffer(streaming_->discarded),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec || self->streaming_->ended) return self->EndStream();
                              self->WatchClient();
                            });
  }

  void QueueStreamBytes(std::string bytes) {
    auto& s = *streaming_;
    if (s.ended || s.finishing) return;
    s.pending += bytes;
    if (s.pending.size() + s.in_flight.size() > kMaxUnsentStreamBytes) {
      core::LogWarn("stream client is not reading; closing",
                    {{"path", s.req.path}, {"remote", remote_}});
      return EndStream();
    }
    WriteNext();
  }

  // Writes what is queued as one chunk, or the last chunk once finishing.
  void WriteNext() {
    auto& s = *streaming_;
    if (!s.header_sent || s.writing || s.ended) return;
    if (s.pending.empty() && !s.finishing) return;
    if (s.pending.empty() && !s.chunked) return EndStream();
    s.writing = true;
    s.write_started = std::chrono::steady_clock::now();
    auto self = shared_from_this();
    if (s.pending.empty()) {
      asio::async_write(stream_, bhttp::make_chunk_last(),
                        [self](beast::error_code, size_t) { self->EndStream(); });
      return;
    }
    s.in_flight.swap(s.pending);  // in_flight was empty: pending keeps its capacity
    auto done = [self](beast::error_code ec, size_t) { self->OnStreamWritten(ec); };
    if (s.chunked) {
      asio::async_write(stream_, bhttp::make_chunk(asio::buffer(s.in_flight)), std::move(done));
    } else {
      asio::async_write(stream_, asio::buffer(s.in_flight), std::move(done));
    }
  }

  void OnStreamWritten(beast::error_code ec) {
    auto& s = *streaming_;
    s.writing = false;
    if (ec) return EndStream();
    s.bytes += s.in_flight.size();
    s.in_flight.clear();
    s.last_write = std::chrono::steady_clock::now();
    WriteNext();
  }

  // Ends the stream after what is queued: no more writes are accepted.
  void FinishStream() {
    auto& s = *streaming_;
    if (s.ended) return;
    s.finishing = true;
    if (s.sink) s.sink->Detach();
    WriteNext();
  }

  // Ends the stream now and closes the connection.
  void EndStream() {
    auto& s = *streaming_;
    if (s.ended) return;
    s.ended = true;
    s.ticker.cancel();
    Record(s.req, s.route, s.started, static_cast<int>(s.header.result_int()), s.bytes,
           /*stream=*/true);
    Close();
  }

  std::chrono::milliseconds TickPeriod() const {
    const auto keepalive = server_.options.stream_keepalive;
    if (keepalive > std::chrono::milliseconds::zero()) return keepalive;
    return std::max<std::chrono::milliseconds>(server_.options.idle_timeout,
                                               std::chrono::seconds(1));
  }

  void ScheduleTick() {
    auto& s = *streaming_;
    const auto now = std::chrono::steady_clock::now();
    s.ticker.expires_at((s.writing ? now : s.last_write) + TickPeriod());
    s.ticker.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->OnTick();
    });
  }

  void OnTick() {
    auto& s = *streaming_;
    if (s.ended) return;
    const auto now = std::chrono::steady_clock::now();
    if (s.writing && now - s.write_started > server_.options.idle_timeout) {
      core::LogWarn("stream write stalled; closing", {{"path", s.req.path}, {"remote", remote_}});
      return EndStream();
    }
    const bool keepalive = server_.options.stream_keepalive > std::chrono::milliseconds::zero();
    if (keepalive && s.event_stream && !s.writing && !s.finishing &&
        now - s.last_write >= server_.options.stream_keepalive) {
      QueueStreamBytes(SseComment("keep-alive"));
    }
    ScheduleTick();
  }

  void Close() {
    if (streaming_ && streaming_->sink) streaming_->sink->Detach();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    server_.Forget(shared_from_this());
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  bool idle_ = true;
  bool drain_after_write_ = false;
  std::vector<char> drain_buffer_;
  unsigned version_ = 11;                   // of the request being answered: 10 or 11
  std::unique_ptr<StreamState> streaming_;  // set while answering with a stream
};

bool SessionSink::Write(std::string bytes) {
  std::lock_guard lock(mu_);
  auto session = session_.lock();
  if (!session) return false;
  if (!bytes.empty()) session->PostStreamBytes(std::move(bytes));
  return true;
}

bool SessionSink::open() const {
  std::lock_guard lock(mu_);
  return !session_.expired();
}

void SessionSink::Close() {
  std::lock_guard lock(mu_);
  if (auto session = session_.lock()) session->PostFinishStream();
  session_.reset();
}

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping) return;
      core::LogWarn("accept failed", {{"error", ec.message()}});
    } else {
      auto session = std::make_shared<Session>(std::move(socket), *this);
      {
        std::lock_guard lock(sessions_mu);
        sessions.insert(session);
      }
      session->Start();
    }
    if (!stopping) Accept();
  });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() {
  Stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  // A producer may keep its sink after we are gone; it must not post into a
  // destroyed io_context. Sessions that closed have detached theirs already.
  std::lock_guard lock(impl_->sessions_mu);
  for (auto& s : impl_->sessions) s->DetachSink();
}

core::Status Server::Listen() {
  auto& m = *impl_;
  beast::error_code ec;
  auto address = asio::ip::make_address(m.options.host, ec);
  if (ec) return core::InvalidArgument("bad listen host '" + m.options.host + "'", "listen");
  tcp::endpoint endpoint(address, m.options.port);
  const std::string where = m.options.host + ":" + std::to_string(m.options.port);
  m.acceptor.open(endpoint.protocol(), ec);
  if (!ec) m.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) m.acceptor.bind(endpoint, ec);
  if (ec) return core::Unavailable("cannot listen on " + where + ": " + ec.message(), "listen");
  m.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return core::Unavailable("cannot listen on " + where + ": " + ec.message(), "listen");
  m.Accept();
  return core::Ok();
}

uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run() {
  auto& m = *impl_;
  for (int i = 1; i < std::max(1, m.options.threads); ++i) {
    m.threads.emplace_back([&m] { m.ioc.run(); });
  }
  m.ioc.run();
  for (auto& t : m.threads) t.join();
  m.threads.clear();
}

void Server::Stop() {
  auto& m = *impl_;
  if (m.stopping.exchange(true)) return;
  asio::post(m.ioc, [&m] {
    beast::error_code ec;
    m.acceptor.close(ec);
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(m.sessions_mu);
      live.assign(m.sessions.begin(), m.sessions.end());
    }
    for (auto& s : live) s->OnStop();
    m.WatchDrain(std::chrono::steady_clock::now() + m.options.drain_timeout);
  });
}

void Server::Impl::WatchDrain(std::chrono::steady_clock::time_point deadline) {
  {
    std::lock_guard lock(sessions_mu);
    if (sessions.empty()) return;  // nothing left: run() returns on its own
  }
  if (std::chrono::steady_clock::now() >= deadline) {
    core::LogWarn("requests still running after the drain timeout; stopping anyway");
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(50));
  drain_timer.async_wait([this, deadline](beast::error_code ec) {
    if (!ec) WatchDrain(deadline);
  });
}

}  // namespace kinora::http
