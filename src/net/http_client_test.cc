#include "net/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "http/form.h"
#include "http/router.h"
#include "http/server.h"

namespace kinora::net {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBigBytes = 24 << 20;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string RandomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint64_t v = rng();
    std::memcpy(out.data() + i, &v, 8);
  }
  return out;
}

// A free port nobody listens on: bound once, then released.
uint16_t UnusedPort() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_net_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    big_ = RandomBytes(kBigBytes, 7);
    std::ofstream(dir_ / "big.bin", std::ios::binary) << big_;

    router_.Add("GET", "/hello", [](http::Request& req) {
      http::Response r;
      r.body = "hello " + req.Header("X-Name");
      r.headers["X-Reply"] = "yes";
      r.headers["Content-Type"] = "text/plain";
      return r;
    });
    router_.Add("POST", "/echo", [](http::Request& req) {
      http::Response r;
      r.body = req.method + ":" + req.Header("Content-Type") + ":" + req.body;
      return r;
    });
    router_.Add("POST", "/digest", [](http::Request& req) {
      return http::JsonResponse(
          200, {{"size", req.body.size()}, {"hash", std::hash<std::string>{}(req.body)}});
    });
    router_.Add("POST", "/form", [](http::Request& req) {
      auto form = http::ParseForm(req);
      if (!form.ok()) return http::ErrorResponse(form.error());
      nlohmann::json j;
      for (const auto& [name, field] : *form) {
        j[name] = {
            {"value", field.value}, {"filename", field.filename}, {"type", field.content_type}};
      }
      return http::JsonResponse(200, j);
    });
    router_.Add("GET", "/big", [this](http::Request&) {
      http::Response r;
      r.file = (dir_ / "big.bin").string();
      r.headers["Content-Type"] = "application/octet-stream";
      return r;
    });
    router_.Add("GET", "/missing", [](http::Request&) {
      return http::ErrorResponse(core::NotFound("no such video"));
    });
    router_.Add("GET", "/slow", [](http::Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      http::Response r;
      r.body = "late";
      return r;
    });
    http::ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 64 << 20;
    options.access_log = false;
    options.idle_timeout = idle_timeout_;
    server_ = std::make_unique<http::Server>(options, router_, metrics_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    fs::remove_all(dir_);
  }

  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + std::string(path);
  }

  // How long the server keeps an idle connection (and waits on a slow request).
  std::chrono::seconds idle_timeout_{30};
  fs::path dir_;
  std::string big_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  HttpClient client_;
};

TEST_F(HttpClientTest, GetAndPostCarryHeadersAndBodies) {
  HttpRequest get;
  get.url = Url("/hello");
  get.headers["x-name"] = "kinora";
  auto r = client_.Send(get);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello kinora");
  EXPECT_EQ(r->Header("x-reply"), "yes");
  EXPECT_EQ(r->Header("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(r->Header("x-absent"), "");

  HttpRequest post;
  post.method = "POST";
  post.url = Url("/echo?x=1");
  post.headers["Content-Type"] = "application/json";
  post.body = R"({"a":1})";
  r = client_.Send(post);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->body, R"(POST:application/json:{"a":1})");

  // Statuses are responses, not errors; the error body stays readable.
  get.url = Url("/missing");
  r = client_.Send(get);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(nlohmann::json::parse(r->body)["error"]["message"], "no such video");
}

TEST_F(HttpClientTest, MultipartBodyIsParsedByOurServer) {
  MultipartBody form;
  form.AddField("prompt", "a cat \"sings\"\r\non a roof");
  form.AddField("we\"ird", "1");
  form.AddFile("input_reference", "ref.png", "image/png", std::string("PNG\0\1", 5));
  HttpRequest post;
  post.method = "POST";
  post.url = Url("/form");
  post.headers["Content-Type"] = form.ContentType();
  post.body = form.Finish();
  auto r = client_.Send(post);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["prompt"]["value"], "a cat \"sings\"\r\non a roof");
  EXPECT_EQ(j["we%22ird"]["value"], "1");
  EXPECT_EQ(j["input_reference"]["filename"], "ref.png");
  EXPECT_EQ(j["input_reference"]["type"], "image/png");
  EXPECT_EQ(j["input_reference"]["value"], std::string("PNG\0\1", 5));
}

TEST_F(HttpClientTest, StreamsLargeUploadFromFile) {
  HttpRequest post;
  post.method = "POST";
  post.url = Url("/digest");
  post.body_file = (dir_ / "big.bin").string();
  auto r = client_.Send(post);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["size"], kBigBytes);
  EXPECT_EQ(j["hash"], std::hash<std::string>{}(big_));

  post.body_file = (dir_ / "absent.bin").string();
  r = client_.Send(post);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kIo);
}

TEST_F(HttpClientTest, StreamsLargeDownloadToFileOnlyOnSuccess) {
  const fs::path out = dir_ / "download.bin";
  HttpRequest get;
  get.url = Url("/big");
  get.response_file = out.string();
  auto r = client_.Send(get);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(fs::file_size(out), kBigBytes);
  EXPECT_TRUE(ReadFile(out) == big_);
  EXPECT_FALSE(fs::exists(out.string() + ".part"));

  // An error status keeps its body in memory and leaves no file behind.
  const fs::path missing = dir_ / "missing.bin";
  get.url = Url("/missing");
  get.response_file = missing.string();
  r = client_.Send(get);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("no such video"), std::string::npos);
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_FALSE(fs::exists(missing.string() + ".part"));

  // A directory that does not exist cannot take the file.
  get.url = Url("/big");
  get.response_file = (dir_ / "no" / "such" / "dir.bin").string();
  r = client_.Send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kIo);
}

TEST_F(HttpClientTest, InMemoryBodiesAreCapped) {
  HttpRequest get;
  get.url = Url("/big");
  get.max_response_bytes = 1 << 20;
  auto r = client_.Send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_NE(r.error().message.find("exceeds 1048576 bytes"), std::string::npos);
}

TEST_F(HttpClientTest, TimesOutASlowServer) {
  HttpRequest get;
  get.url = Url("/slow");
  get.timeout = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  auto r = client_.Send(get);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("timed out after 300 ms"), std::string::npos)
      << r.error().message;
  EXPECT_LT(elapsed, std::chrono::milliseconds(1200));

  // The next call works (on a fresh connection: the timed-out one is gone).
  get.url = Url("/hello");
  get.timeout = std::chrono::seconds(10);
  r = client_.Send(get);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
}

// A server that closes idle connections after a second.
class HttpClientIdleTest : public HttpClientTest {
 protected:
  void SetUp() override {
    idle_timeout_ = std::chrono::seconds(1);
    HttpClientTest::SetUp();
  }
};

TEST_F(HttpClientIdleTest, ReusesKeepAliveConnectionsAndReplacesClosedOnes) {
  HttpRequest get;
  get.url = Url("/hello");
  for (int i = 0; i < 5; ++i) {
    auto r = client_.Send(get);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }
  EXPECT_EQ(client_.connections_opened(), 1);

  // The server closes idle connections after a second; a POST, which must
  // not be retried once sent, then goes out on a fresh connection.
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  HttpRequest post;
  post.method = "POST";
  post.url = Url("/echo");
  post.body = "x";
  auto r = client_.Send(post);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->body, "POST::x");
  EXPECT_EQ(client_.connections_opened(), 2);

  // Asking for Connection: close keeps nothing.
  get.headers["Connection"] = "close";
  ASSERT_TRUE(client_.Send(get).ok());
  get.headers.erase("Connection");
  ASSERT_TRUE(client_.Send(get).ok());
  EXPECT_EQ(client_.connections_opened(), 3);
}

TEST_F(HttpClientTest, ConcurrentCallsUseSeparateConnections) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        HttpRequest get;
        get.url = Url("/hello");
        auto r = client_.Send(get);
        if (r.ok() && r->body == "hello ") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 40);
  EXPECT_LE(client_.connections_opened(), 8);
}

TEST_F(HttpClientTest, ConnectionRefusedIsUnavailable) {
  HttpRequest get;
  get.url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/hello";
  auto r = client_.Send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("refused"), std::string::npos) << r.error().message;
}

TEST_F(HttpClientTest, TlsHandshakeWithAPlainServerFailsClearly) {
  HttpRequest get;
  get.url = "https://127.0.0.1:" + std::to_string(server_->port()) + "/hello";
  get.timeout = std::chrono::seconds(10);
  auto r = client_.Send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("TLS handshake with 127.0.0.1:"), std::string::npos)
      << r.error().message;
}

TEST_F(HttpClientTest, RejectsBadRequests) {
  HttpRequest get;
  get.url = Url("/hello");
  get.headers["X-Evil"] = "a\r\nInjected: 1";
  auto r = client_.Send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);

  get.headers.clear();
  get.headers["Bad Name"] = "1";
  EXPECT_EQ(client_.Send(get).error().code, core::ErrorCode::kInvalidArgument);

  get.headers.clear();
  get.headers["Host"] = "elsewhere";
  EXPECT_EQ(client_.Send(get).error().code, core::ErrorCode::kInvalidArgument);

  get.headers.clear();
  get.method = "GE T";
  EXPECT_EQ(client_.Send(get).error().code, core::ErrorCode::kInvalidArgument);

  get.method = "GET";
  get.url = "ftp://127.0.0.1/x";
  r = client_.Send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("http or https"), std::string::npos);
}

TEST(ParseUrlTest, AcceptsHttpAndHttps) {
  auto u = ParseUrl("http://example.com");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");

  u = ParseUrl("HTTPS://api.openai.com/v1/videos?limit=2#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/v1/videos?limit=2");

  u = ParseUrl("http://127.0.0.1:8080?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->target, "/?x=1");

  u = ParseUrl("https://[::1]:8443/v1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/v1");
}

TEST(ParseUrlTest, RejectsMalformedUrls) {
  for (const char* url :
       {"", "example.com", "http:/example.com", "ftp://example.com", "http://", "http:///path",
        "http://:80/", "http://host:/", "http://host:0/", "http://host:65536/", "http://host:8o/",
        "http://user:pw@host/", "http://ho st/", "http://host/a b", "http://host/\n",
        "http://[::1/", "http://[::1]x/", "http://[nothost]/", "http://h%6Fst/"}) {
    auto u = ParseUrl(url);
    EXPECT_FALSE(u.ok()) << url;
    if (!u.ok()) {
      EXPECT_EQ(u.error().code, core::ErrorCode::kInvalidArgument);
      EXPECT_NE(u.error().message.find("invalid URL"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace kinora::net
