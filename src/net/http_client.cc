#include "net/http_client.h"

#include <poll.h>
#include <strings.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <filesystem>
#include <mutex>

#include "core/clock.h"
#include "core/file_util.h"
#include "core/id.h"
#include "core/parse.h"

namespace kinora::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Idle connections kept per scheme+host+port; more are closed after use.
constexpr size_t kMaxIdlePerHost = 4;
// An idle connection older than this is closed rather than reused: servers
// (ours included) close idle keep-alive connections after about 30 s.
constexpr auto kMaxIdle = std::chrono::seconds(20);
constexpr uint32_t kMaxResponseHeaderBytes = 64 * 1024;

bool IsIdempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS" || method == "TRACE";
}

bool HasLineBreak(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

std::string HostHeader(const ParsedUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  const uint16_t default_port = url.scheme == "https" ? 443 : 80;
  if (url.port != default_port) host += ":" + std::to_string(url.port);
  return host;
}

// Why an exchange failed, as Send reports it: the request, the step and the cause.
core::Error ExchangeError(const HttpRequest& request, std::string_view step,
                          const beast::error_code& ec) {
  // A deadline shows as a Beast timeout, or as an aborted resolve (its timer cancels it).
  const bool timed_out = ec == beast::error::timeout || ec == asio::error::operation_aborted;
  const std::string cause =
      timed_out ? "timed out after " + std::to_string(request.timeout.count()) + " ms"
                : ec.message();
  return core::Unavailable(
      request.method + " " + request.url + " failed: " + std::string(step) + ": " + cause,
      request.url);
}

// One connection with its own io_context, so a call drives exactly its own
// asynchronous operations (which is what gives them deadlines) on the
// calling thread.
struct Connection {
  asio::io_context ioc;
  std::optional<beast::tcp_stream> tcp;
  std::optional<ssl::stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;

  beast::tcp_stream& lowest() { return tls ? tls->next_layer() : *tcp; }

  // Runs one asynchronous operation to completion; returns its error.
  template <typename Start>
  beast::error_code Run(Start&& start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  // True when the peer has closed (or sent something unasked): between
  // exchanges an idle connection must have nothing to read.
  bool Dropped() {
    if (buffer.size() > 0) return true;
    pollfd p{lowest().socket().native_handle(), POLLIN, 0};
    return ::poll(&p, 1, 0) != 0;
  }
};

// How one attempt on one connection ended, so Send can decide on a retry.
struct Attempt {
  core::Result<HttpResponse> result = core::Internal("no attempt made");
  bool fully_sent = false;
  bool got_response_bytes = false;
  bool keep_alive = false;
};

class Exchange {
 public:
  Exchange(Connection& c, const HttpRequest& request, const ParsedUrl& url,
           Clock::time_point deadline)
      : c_(c), request_(request), url_(url), deadline_(deadline) {}

  template <typename Stream>
  Attempt Run(Stream& stream) {
    Attempt attempt;
    if (request_.body_file) {
      bhttp::request<bhttp::file_body> req;
      beast::error_code ec;
      req.body().open(request_.body_file->c_str(), beast::file_mode::scan, ec);
      if (ec) {
        attempt.result = core::IoError("cannot read the request body file: " + ec.message(),
                                       *request_.body_file);
        return attempt;
      }
      Write(stream, req, attempt);
    } else {
      bhttp::request<bhttp::string_body> req;
      req.body() = request_.body;
      Write(stream, req, attempt);
    }
    if (!attempt.fully_sent) return attempt;
    Read(stream, attempt);
    return attempt;
  }

 private:
  core::Error Failure(std::string_view step, const beast::error_code& ec) const {
    return ExchangeError(request_, step, ec);
  }

  template <typename Stream, typename Body>
  void Write(Stream& stream, bhttp::request<Body>& req, Attempt& attempt) {
    req.method_string(request_.method);
    req.target(url_.target);
    req.version(11);
    req.set(bhttp::field::host, HostHeader(url_));
    req.set(bhttp::field::user_agent, "kinora/" KINORA_VERSION);
    for (const auto& [name, value] : request_.headers) req.set(name, value);
    req.prepare_payload();
    c_.lowest().expires_at(deadline_);
    beast::error_code ec =
        c_.Run([&](auto handler) { bhttp::async_write(stream, req, std::move(handler)); });
    if (ec) {
      attempt.result = Failure("sending the request", ec);
      return;
    }
    attempt.fully_sent = true;
  }

  template <typename Stream>
  void Read(Stream& stream, Attempt& attempt) {
    bhttp::response_parser<bhttp::empty_body> header;
    header.header_limit(kMaxResponseHeaderBytes);
    // The body's limit is set once the header says where the body goes.
    header.body_limit(boost::none);
    if (request_.method == "HEAD") header.skip(true);
    c_.lowest().expires_at(deadline_);
    beast::error_code ec = c_.Run([&](auto handler) {
      bhttp::async_read_header(stream, c_.buffer, header, std::move(handler));
    });
    attempt.got_response_bytes = header.got_some();
    if (ec) {
      attempt.result = Failure("reading the response", ec);
      return;
    }
    HttpResponse response;
    response.status = static_cast<int>(header.get().result_int());
    for (const auto& field : header.get()) {
      std::string name(field.name_string());
      auto [it, inserted] = response.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second.append(", ").append(field.value());
    }
    const bool to_file = request_.response_file && response.status >= 200 && response.status < 300;
    core::Status body = to_file ? ReadToFile(stream, header, attempt)
                                : ReadToMemory(stream, header, response.body, attempt);
    if (!body.ok()) {
      attempt.result = body.error();
      return;
    }
    attempt.result = std::move(response);
  }

  core::Error TooLarge() const {
    return core::Error{core::ErrorCode::kResourceExhausted,
                       request_.method + " " + request_.url + ": the response body exceeds " +
                           std::to_string(request_.max_response_bytes) + " bytes",
                       request_.url};
  }

  template <typename Stream>
  core::Status ReadToMemory(Stream& stream, bhttp::response_parser<bhttp::empty_body>& header,
                            std::string& out, Attempt& attempt) {
    const auto limit = static_cast<uint64_t>(std::max<int64_t>(request_.max_response_bytes, 0));
    if (header.content_length() && *header.content_length() > limit) return TooLarge();
    bhttp::response_parser<bhttp::string_body> parser(std::move(header));
    parser.body_limit(limit);  // for chunked bodies
    if (!parser.is_done()) {
      c_.lowest().expires_at(deadline_);
      beast::error_code ec = c_.Run(
          [&](auto handler) { bhttp::async_read(stream, c_.buffer, parser, std::move(handler)); });
      if (ec == bhttp::error::body_limit) return TooLarge();
      if (ec) return Failure("reading the response body", ec);
    }
    attempt.keep_alive = parser.get().keep_alive();
    out = std::move(parser.get().body());
    return core::Ok();
  }

  template <typename Stream>
  core::Status ReadToFile(Stream& stream, bhttp::response_parser<bhttp::empty_body>& header,
                          Attempt& attempt) {
    const std::string& path = *request_.response_file;
    const std::string part = path + ".part";
    bhttp::response_parser<bhttp::file_body> parser(std::move(header));
    beast::error_code ec;
    parser.get().body().open(part.c_str(), beast::file_mode::write, ec);
    if (ec) return core::IoError("cannot write the response file: " + ec.message(), part);
    beast::error_code read_ec;
    if (!parser.is_done()) {
      c_.lowest().expires_at(deadline_);
      read_ec = c_.Run(
          [&](auto handler) { bhttp::async_read(stream, c_.buffer, parser, std::move(handler)); });
    }
    beast::error_code close_ec;
    parser.get().body().file().close(close_ec);
    std::error_code removed;
    if (read_ec || close_ec) {
      std::filesystem::remove(part, removed);
      if (read_ec) return Failure("reading the response body", read_ec);
      return core::IoError("cannot write the response file: " + close_ec.message(), part);
    }
    attempt.keep_alive = parser.get().keep_alive();
    core::Status published = core::PublishFile(part, path);
    if (!published.ok()) std::filesystem::remove(part, removed);
    return published;
  }

  Connection& c_;
  const HttpRequest& request_;
  const ParsedUrl& url_;
  Clock::time_point deadline_;
};

core::Status ValidateRequest(const HttpRequest& request) {
  if (!IsToken(request.method)) {
    return core::InvalidArgument("the HTTP method must be a token, got '" + request.method + "'",
                                 "method");
  }
  if (request.timeout.count() <= 0) {
    return core::InvalidArgument("the request timeout must be positive", "timeout");
  }
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) return core::InvalidArgument("invalid header name '" + name + "'", name);
    if (HasLineBreak(value)) {
      return core::InvalidArgument("header " + name + " contains a line break", name);
    }
    if (strcasecmp(name.c_str(), "host") == 0 || strcasecmp(name.c_str(), "content-length") == 0) {
      return core::InvalidArgument("header " + name + " is set by the client", name);
    }
  }
  if (request.body_file && !request.body.empty()) {
    return core::InvalidArgument("a request has either a body or a body file, not both");
  }
  return core::Ok();
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string HttpResponse::Header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
  ssl::context tls_context{ssl::context::tls_client};
  std::mutex mu;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;  // guarded by mu
  std::atomic<int64_t> opened{0};

  Impl() {
    tls_context.set_default_verify_paths();
    tls_context.set_verify_mode(ssl::verify_peer);
  }

  static std::string Key(const ParsedUrl& url) {
    return url.scheme + "://" + url.host + ":" + std::to_string(url.port);
  }

  // An idle connection to the URL's origin that still looks alive, if any.
  std::unique_ptr<Connection> TakeIdle(const ParsedUrl& url) {
    std::lock_guard lock(mu);
    auto it = idle.find(Key(url));
    if (it == idle.end()) return nullptr;
    auto& list = it->second;
    while (!list.empty()) {
      std::unique_ptr<Connection> c = std::move(list.back());
      list.pop_back();
      if (Clock::now() - c->idle_since < kMaxIdle && !c->Dropped()) return c;
    }
    return nullptr;
  }

  void PutIdle(const ParsedUrl& url, std::unique_ptr<Connection> c) {
    c->lowest().expires_never();
    c->idle_since = Clock::now();
    std::lock_guard lock(mu);
    auto& list = idle[Key(url)];
    if (list.size() < kMaxIdlePerHost) list.push_back(std::move(c));
  }

  core::Result<std::unique_ptr<Connection>> Open(const HttpRequest& request, const ParsedUrl& url,
                                                 Clock::time_point deadline) {
    auto c = std::make_unique<Connection>();
    auto fail = [&](std::string_view step, const beast::error_code& ec) {
      return ExchangeError(request, step, ec);
    };

    // The resolver has no deadline of its own: a timer cancels it.
    tcp::resolver resolver(c->ioc);
    asio::steady_timer timer(c->ioc, deadline);
    tcp::resolver::results_type endpoints;
    beast::error_code ec = c->Run([&](auto handler) {
      timer.async_wait([&resolver](beast::error_code e) {
        if (!e) resolver.cancel();
      });
      resolver.async_resolve(url.host, std::to_string(url.port),
                             [&timer, &endpoints, handler = std::move(handler)](
                                 beast::error_code e, tcp::resolver::results_type r) mutable {
                               timer.cancel();
                               endpoints = std::move(r);
                               handler(e);
                             });
    });
    if (ec) return fail("resolving " + url.host, ec);

    if (url.scheme == "https") {
      c->tls.emplace(c->ioc, tls_context);
    } else {
      c->tcp.emplace(c->ioc);
    }
    c->lowest().expires_at(deadline);
    ec = c->Run([&](auto handler) { c->lowest().async_connect(endpoints, std::move(handler)); });
    if (ec) return fail("connecting to " + HostHeader(url), ec);
    opened.fetch_add(1, std::memory_order_relaxed);

    if (c->tls) {
      beast::error_code parse_ec;
      asio::ip::make_address(url.host, parse_ec);
      // SNI is for names only (RFC 6066); certificates are checked against the host either way.
      if (parse_ec && !SSL_set_tlsext_host_name(c->tls->native_handle(), url.host.c_str())) {
        return fail("setting the TLS server name",
                    beast::error_code(static_cast<int>(::ERR_get_error()),
                                      asio::error::get_ssl_category()));
      }
      c->tls->set_verify_callback(ssl::host_name_verification(url.host));
      c->lowest().expires_at(deadline);
      ec = c->Run([&](auto handler) {
        c->tls->async_handshake(ssl::stream_base::client, std::move(handler));
      });
      if (ec) return fail("TLS handshake with " + HostHeader(url), ec);
    }
    return c;
  }
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {}
HttpClient::~HttpClient() = default;

int64_t HttpClient::connections_opened() const {
  return impl_->opened.load(std::memory_order_relaxed);
}

core::Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  KINORA_RETURN_IF_ERROR(ValidateRequest(request));
  KINORA_ASSIGN_OR_RETURN(ParsedUrl url, ParseUrl(request.url));
  const Clock::time_point deadline = Clock::now() + request.timeout;

  std::unique_ptr<Connection> c = impl_->TakeIdle(url);
  const bool reused = c != nullptr;
  for (int tries = 0;; ++tries) {
    if (!c) {
      KINORA_ASSIGN_OR_RETURN(c, impl_->Open(request, url, deadline));
    }
    Exchange exchange(*c, request, url, deadline);
    Attempt attempt = c->tls ? exchange.Run(*c->tls) : exchange.Run(*c->tcp);
    if (attempt.result.ok()) {
      const auto connection = request.headers.find("Connection");
      const bool close_asked = connection != request.headers.end() &&
                               strcasecmp(connection->second.c_str(), "close") == 0;
      if (attempt.keep_alive && !close_asked) impl_->PutIdle(url, std::move(c));
      return std::move(attempt.result);
    }
    // A connection the server closed while it sat idle fails before any
    // response byte; the server then never processed the request, unless it
    // was sent in full (and it may have been acted on), so only idempotent
    // requests are retried then.
    const bool stale = reused && tries == 0 && !attempt.got_response_bytes &&
                       attempt.result.error().code == core::ErrorCode::kUnavailable &&
                       (!attempt.fully_sent || IsIdempotent(request.method));
    if (!stale || Clock::now() >= deadline) return attempt.result.error();
    c.reset();
  }
}

MultipartBody::MultipartBody() : boundary_("kinora-" + core::NewId("form", core::SystemClock())) {}

namespace {
// The HTML standard's escaping of names in Content-Disposition.
std::string EscapeFormName(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"') {
      out += "%22";
    } else if (ch == '\r') {
      out += "%0D";
    } else if (ch == '\n') {
      out += "%0A";
    } else {
      out += ch;
    }
  }
  return out;
}
}  // namespace

void MultipartBody::AddField(std::string_view name, std::string_view value) {
  body_.append("--").append(boundary_).append("\r\n");
  body_.append("Content-Disposition: form-data; name=\"").append(EscapeFormName(name));
  body_.append("\"\r\n\r\n").append(value).append("\r\n");
}

void MultipartBody::AddFile(std::string_view name, std::string_view filename,
                            std::string_view content_type, std::string_view bytes) {
  body_.append("--").append(boundary_).append("\r\n");
  body_.append("Content-Disposition: form-data; name=\"").append(EscapeFormName(name));
  body_.append("\"; filename=\"").append(EscapeFormName(filename)).append("\"\r\n");
  body_.append("Content-Type: ")
      .append(HasLineBreak(content_type) ? "application/octet-stream" : content_type)
      .append("\r\n\r\n");
  body_.append(bytes).append("\r\n");
}

std::string MultipartBody::ContentType() const {
  return "multipart/form-data; boundary=" + boundary_;
}

std::string MultipartBody::Finish() {
  body_.append("--").append(boundary_).append("--\r\n");
  return std::move(body_);
}

core::Result<ParsedUrl> ParseUrl(std::string_view url) {
  auto bad = [&](std::string why) {
    return core::InvalidArgument("invalid URL '" + std::string(url) + "': " + why, "url");
  };
  for (unsigned char ch : url) {
    if (ch <= 0x20 || ch == 0x7f) return bad("it contains a space or a control character");
  }
  ParsedUrl out;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("expected http:// or https://");
  for (char ch : url.substr(0, scheme_end)) {
    out.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  if (out.scheme != "http" && out.scheme != "https") {
    return bad("the scheme must be http or https");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  const size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? "" : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return bad("credentials in the URL are not supported");
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    out.host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
    boost::system::error_code ec;
    asio::ip::make_address_v6(out.host, ec);
    if (ec) return bad("'" + out.host + "' is not an IPv6 address");
  } else {
    const size_t colon = authority.find(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
    const bool host_ok = std::all_of(out.host.begin(), out.host.end(), [](unsigned char ch) {
      return std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_';
    });
    if (!host_ok) return bad("the host may hold letters, digits, '-', '.' and '_'");
  }
  if (out.host.empty()) return bad("no host");
  out.port = out.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    uint16_t port = 0;
    if (!core::ParseNumber(port_text, port) || port == 0) {
      return bad("the port must be a number from 1 to 65535");
    }
    out.port = port;
  }
  out.target =
      target.empty() || target.front() == '?' ? "/" + std::string(target) : std::string(target);
  return out;
}

}  // namespace kinora::net
