#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http/form.h"
#include "http/message.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"

namespace kinora::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace fs = std::filesystem;

TEST(MessageTest, ErrorShape) {
  Response r = ErrorResponse(core::InvalidArgument("size must look like 720x1280", "size"));
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["message"], "size must look like 720x1280");
  EXPECT_EQ(j["error"]["type"], "invalid_request_error");
  EXPECT_EQ(j["error"]["param"], "size");
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(ErrorResponse(core::NotFound("x")).status, 404);
  // Internal details never reach the client.
  auto internal = nlohmann::json::parse(ErrorResponse(core::Internal("boom", "secret path")).body);
  EXPECT_TRUE(internal["error"]["param"].is_null());
  EXPECT_EQ(internal["error"]["message"], "boom");
}

TEST(MessageTest, ParseTarget) {
  std::string path;
  std::map<std::string, std::string> q;
  ASSERT_TRUE(ParseTarget("/v1/videos/a%20b?variant=video&x=1+2", path, q));
  EXPECT_EQ(path, "/v1/videos/a b");
  EXPECT_EQ(q["variant"], "video");
  EXPECT_EQ(q["x"], "1 2");
  EXPECT_FALSE(ParseTarget("relative", path, q));
  EXPECT_FALSE(ParseTarget("/a%00b", path, q));
}

TEST(FormTest, MultipartAsTheSdksSendIt) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nA dog says \"hi\"\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"seconds\"\r\n\r\n4\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n";
  auto form = ParseMultipart(body, "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(form.ok()) << form.error().ToString();
  EXPECT_EQ((*form)["prompt"].value, "A dog says \"hi\"");
  EXPECT_EQ((*form)["seconds"].value, "4");
  EXPECT_EQ((*form)["f"].filename, "a.png");
  EXPECT_EQ((*form)["f"].value, "\x89PNG");
  EXPECT_FALSE(ParseMultipart(body, "multipart/form-data").ok());
  EXPECT_FALSE(ParseMultipart("--XyZ\r\nbroken", "multipart/form-data; boundary=XyZ").ok());
}

TEST(FormTest, JsonAndUrlEncoded) {
  auto j = ParseJsonObject(R"({"prompt":"x","seconds":4,"size":null})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["seconds"].value, "4");
  EXPECT_TRUE((*j)["seconds"].from_json_non_string);
  EXPECT_EQ(j->count("size"), 0u);
  EXPECT_FALSE(ParseJsonObject("[1]").ok());
  EXPECT_FALSE(ParseJsonObject("{").ok());
  auto u = ParseUrlEncoded("prompt=a+dog&seconds=8");
  EXPECT_EQ((*u)["prompt"].value, "a dog");
}

TEST(RouterTest, ParamsNotFoundAndMethodNotAllowed) {
  Router router;
  router.Add("GET", "/v1/videos/{id}", [](Request& r) {
    return JsonResponse(200, {{"id", r.params["id"]}});
  });
  router.Add("DELETE", "/v1/videos/{id}", [](Request&) { return JsonResponse(200, {}); });
  Request req;
  req.method = "GET";
  req.path = "/v1/videos/video_1";
  EXPECT_EQ(nlohmann::json::parse(router.Dispatch(req).body)["id"], "video_1");
  EXPECT_EQ(router.RouteLabel(req), "/v1/videos/{id}");
  req.method = "PUT";
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["Allow"], "GET, DELETE");
  req.path = "/nope";
  req.method = "GET";
  EXPECT_EQ(router.Dispatch(req).status, 404);
}

TEST(StaticFilesTest, ConfinedToRootWithAppFallback) {
  fs::path root = fs::temp_directory_path() / ("kinora_static_" + std::to_string(::getpid()));
  fs::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<html>app</html>";
  std::ofstream(root / "assets" / "app.js") << "console.log(1)";
  StaticFiles files(root.string());
  Request req;
  req.method = "GET";
  req.path = "/";
  Response r = files.Serve(req);
  ASSERT_TRUE(r.file.has_value());
  EXPECT_EQ(*r.file, (root / "index.html").string());
  req.path = "/assets/app.js";
  r = files.Serve(req);
  EXPECT_EQ(r.headers["Content-Type"], "text/javascript; charset=utf-8");
  EXPECT_NE(r.headers["Cache-Control"].find("immutable"), std::string::npos);
  req.path = "/profile/someone";  // a client-side route
  EXPECT_EQ(*files.Serve(req).file, (root / "index.html").string());
  req.path = "/../../etc/passwd";
  EXPECT_EQ(files.Serve(req).status, 404);
  req.path = "/missing.js";
  EXPECT_EQ(files.Serve(req).status, 404);
  fs::remove_all(root);
}

TEST(ListenAddressTest, Parses) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1:8080")->second, 8080);
  EXPECT_EQ(ParseListenAddress("[::1]:9")->first, "::1");
  EXPECT_EQ(ParseListenAddress(":8080")->first, "0.0.0.0");
  EXPECT_FALSE(ParseListenAddress("localhost").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:http").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:70000").ok());
  EXPECT_FALSE(ParseListenAddress("example.com:80").ok());
}

// A real server on a loopback port, spoken to with a real client.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = fs::temp_directory_path() / ("kinora_server_" + std::to_string(::getpid()) + ".bin");
    std::ofstream out(file_, std::ios::binary);
    for (int i = 0; i < 100000; ++i) out.put(static_cast<char>(i % 251));
    out.close();
    router_.Add("GET", "/healthz", [](Request&) { return JsonResponse(200, {{"status", "ok"}}); });
    router_.Add("POST", "/echo", [](Request& r) {
      return JsonResponse(200, {{"n", r.body.size()}});
    });
    router_.Add("GET", "/file", [this](Request&) {
      Response r;
      r.file = file_.string();
      r.headers["Content-Type"] = "application/octet-stream";
      return r;
    });
    router_.Add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("bug"); });
    ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 1024;
    options.access_log = false;
    server_ = std::make_unique<Server>(options, router_, metrics_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    fs::remove(file_);
  }

  bhttp::response<bhttp::string_body> Call(bhttp::verb verb, const std::string& target,
                                           std::string body = {},
                                           std::map<std::string, std::string> headers = {}) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "localhost");
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(10 * 1024 * 1024);
    bhttp::read(stream, buffer, parser);
    return parser.release();
  }

  fs::path file_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerTest, ServesRoutesErrorsAndLimits) {
  auto ok = Call(bhttp::verb::get, "/healthz");
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_EQ(nlohmann::json::parse(ok.body())["status"], "ok");

  auto missing = Call(bhttp::verb::get, "/nope");
  EXPECT_EQ(missing.result_int(), 404u);
  EXPECT_TRUE(nlohmann::json::parse(missing.body())["error"].contains("message"));

  auto big = Call(bhttp::verb::post, "/echo", std::string(4096, 'x'));
  EXPECT_EQ(big.result_int(), 413u);
  EXPECT_EQ(nlohmann::json::parse(big.body())["error"]["code"], "request_too_large");

  auto thrown = Call(bhttp::verb::get, "/throw");
  EXPECT_EQ(thrown.result_int(), 500u);
  EXPECT_EQ(nlohmann::json::parse(thrown.body())["error"]["type"], "server_error");

  const std::string text = metrics_.Render();
  EXPECT_NE(
      text.find("kinora_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("kinora_http_request_duration_seconds_count{route=\"/healthz\"} 1"),
            std::string::npos);
}

TEST_F(ServerTest, StreamsFilesWithRanges) {
  auto whole = Call(bhttp::verb::get, "/file");
  ASSERT_EQ(whole.result_int(), 200u);
  EXPECT_EQ(whole.body().size(), 100000u);
  EXPECT_EQ(whole[bhttp::field::accept_ranges], "bytes");

  auto part = Call(bhttp::verb::get, "/file", {}, {{"Range", "bytes=1000-1999"}});
  ASSERT_EQ(part.result_int(), 206u);
  ASSERT_EQ(part.body().size(), 1000u);
  EXPECT_EQ(static_cast<unsigned char>(part.body()[0]), 1000 % 251);
  EXPECT_EQ(part[bhttp::field::content_range], "bytes 1000-1999/100000");

  auto tail = Call(bhttp::verb::get, "/file", {}, {{"Range", "bytes=-10"}});
  EXPECT_EQ(tail.body().size(), 10u);
  auto open_ended = Call(bhttp::verb::get, "/file", {}, {{"Range", "bytes=99990-"}});
  EXPECT_EQ(open_ended.body().size(), 10u);
  auto beyond = Call(bhttp::verb::get, "/file", {}, {{"Range", "bytes=200000-"}});
  EXPECT_EQ(beyond.result_int(), 416u);
}

TEST_F(ServerTest, MalformedRequestsGet400) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  const std::string garbage = "THIS IS NOT HTTP\r\n\r\n";
  boost::asio::write(stream, boost::asio::buffer(garbage));
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_TRUE(nlohmann::json::parse(res.body()).contains("error"));
}

}  // namespace
}  // namespace kinora::http
