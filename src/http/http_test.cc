#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
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

// Long enough for an ASan build on a loaded machine; only reached on failure.
constexpr auto kWait = std::chrono::seconds(30);

struct SseMessage {
  std::string event;
  std::string data;
  std::string id;
  bool operator==(const SseMessage&) const = default;
};

// The event-stream parsing rules of the HTML standard, enough to check framing:
// comments skipped, "data" lines joined with LF, a blank line dispatches.
std::vector<SseMessage> ParseSse(std::string_view text) {
  std::vector<SseMessage> out;
  SseMessage current;
  bool has_data = false;
  while (!text.empty()) {
    size_t end = text.find_first_of("\r\n");
    if (end == std::string_view::npos) break;  // an incomplete line is not parsed yet
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1));
    if (line.empty()) {
      if (has_data) {
        current.data.pop_back();
        out.push_back(current);
      }
      current = SseMessage{};
      has_data = false;
      continue;
    }
    if (line[0] == ':') continue;
    size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
    if (field == "event") current.event = value;
    if (field == "id") current.id = value;
    if (field == "data") {
      current.data.append(value).push_back('\n');
      has_data = true;
    }
  }
  return out;
}

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

TEST(MessageTest, SseFraming) {
  EXPECT_EQ(SseEvent("note", "hello"), "event: note\ndata: hello\n\n");
  EXPECT_EQ(SseEvent("note", "a\nb\r\nc\rd", "7"),
            "event: note\nid: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(SseEvent("", ""), "data: \n\n");
  EXPECT_EQ(SseEvent("", "x\n"), "data: x\ndata: \n\n");
  // A line break in the name or id cannot smuggle in a field of its own.
  EXPECT_EQ(SseEvent("a\ndata: evil", "x", "1\r\n2"), "event: adata: evil\nid: 12\ndata: x\n\n");
  EXPECT_EQ(SseComment("keep-alive"), ": keep-alive\n\n");
  EXPECT_EQ(SseComment("a\nb"), ": a\n: b\n\n");

  // What a browser would make of it: the data comes back whole.
  const std::string data = "{\"a\": 1}\nsecond line\n\nafter a blank line";
  auto parsed = ParseSse(SseEvent("note", data, "42") + SseComment("ping") + SseEvent("x", ""));
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0], (SseMessage{"note", data, "42"}));
  EXPECT_EQ(parsed[1], (SseMessage{"x", "", ""}));
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

// Hands the sinks that streaming handlers receive to the test thread.
class SinkBox {
 public:
  void Put(std::shared_ptr<StreamSink> sink) {
    std::lock_guard lock(mu_);
    sinks_.push_back(std::move(sink));
    cv_.notify_all();
  }
  // The next sink, or null if none came within kWait.
  std::shared_ptr<StreamSink> Take() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kWait, [this] { return !sinks_.empty(); })) return nullptr;
    auto sink = std::move(sinks_.front());
    sinks_.pop_front();
    return sink;
  }
  size_t size() {
    std::lock_guard lock(mu_);
    return sinks_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<StreamSink>> sinks_;
};

// Reads a streaming response as it arrives. Every read shares one deadline,
// kWait from construction, so a missing byte fails the test instead of hanging it.
class StreamClient {
 public:
  StreamClient(uint16_t port, const std::string& target, bhttp::verb verb = bhttp::verb::get,
               unsigned version = 11) {
    stream_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    Send(verb, target, version);
  }

  // Sends another request on the same connection; reads then see its response.
  void Send(bhttp::verb verb, const std::string& target, unsigned version = 11) {
    bhttp::request<bhttp::empty_body> req{verb, target, version};
    req.set(bhttp::field::host, "localhost");
    bhttp::write(stream_, req);
    parser_.emplace();
    parser_->skip(verb == bhttp::verb::head);
  }

  bool ReadHeader() {
    return Await([this](auto done) { bhttp::async_read_header(stream_, buffer_, *parser_, done); });
  }
  // Reads until the decoded body contains `text`; false if the response ends first.
  bool ReadUntil(std::string_view text) {
    while (body().find(text) == std::string::npos) {
      if (parser_->is_done() || !ReadSome()) return false;
    }
    return true;
  }
  bool ReadToEnd() {
    while (!parser_->is_done()) {
      if (!ReadSome()) return false;
    }
    return true;
  }
  void Disconnect() {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  const bhttp::response<bhttp::string_body>& response() const { return parser_->get(); }
  const std::string& body() const { return parser_->get().body(); }

 private:
  bool ReadSome() {
    return Await([this](auto done) { bhttp::async_read_some(stream_, buffer_, *parser_, done); });
  }
  template <typename Start>
  bool Await(Start start) {
    std::optional<beast::error_code> result;
    stream_.expires_at(deadline_);
    start([&result](beast::error_code ec, size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result && !*result;
  }

  boost::asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::now() + kWait;
};

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
    router_.Add("GET", "/tagged", [this](Request&) {
      Response r;
      r.file = file_.string();
      r.headers["ETag"] = "\"0123abcd\"";
      r.headers["Cache-Control"] = "private, max-age=3600";
      r.headers["Content-Type"] = "video/mp4";
      return r;
    });
    router_.Add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("bug"); });
    router_.Add("GET", "/events", [this](Request&) {
      Response r;
      r.headers["Content-Type"] = "text/event-stream";
      r.stream = [this](std::shared_ptr<StreamSink> sink) { sinks_.Put(std::move(sink)); };
      return r;
    });
    ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 1024;
    options.access_log = false;
    options.drain_timeout = std::chrono::seconds(60);  // far beyond what a prompt Stop() takes
    options.stream_keepalive = stream_keepalive_;
    server_ = std::make_unique<Server>(options, router_, metrics_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
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

  std::chrono::milliseconds stream_keepalive_ = std::chrono::hours(1);
  fs::path file_;
  SinkBox sinks_;
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

TEST_F(ServerTest, FilesWithAnEtagAnswerConditionalRequests) {
  auto plain = Call(bhttp::verb::get, "/tagged");
  ASSERT_EQ(plain.result_int(), 200u);
  EXPECT_EQ(plain[bhttp::field::etag], "\"0123abcd\"");
  EXPECT_EQ(plain.body().size(), 100000u);

  for (const std::string header : {"\"0123abcd\"", "W/\"0123abcd\"", "\"other\", W/\"0123abcd\"",
                                   "*", " \"x,y\" ,, \"0123abcd\" "}) {
    auto r = Call(bhttp::verb::get, "/tagged", {}, {{"If-None-Match", header}});
    EXPECT_EQ(r.result_int(), 304u) << header;
    EXPECT_TRUE(r.body().empty()) << header;
    EXPECT_EQ(r[bhttp::field::etag], "\"0123abcd\"") << header;
    EXPECT_EQ(r[bhttp::field::cache_control], "private, max-age=3600") << header;
    EXPECT_EQ(r.count(bhttp::field::content_type), 0u) << header;
  }
  for (const std::string header :
       {"\"0123abcde\"", "\"other\"", "0123abcd", "\"0123abcd", "\"a\" \"0123abcd\""}) {
    auto r = Call(bhttp::verb::get, "/tagged", {}, {{"If-None-Match", header}});
    EXPECT_EQ(r.result_int(), 200u) << header;
    EXPECT_EQ(r.body().size(), 100000u) << header;
  }
  auto head = Call(bhttp::verb::head, "/tagged", {}, {{"If-None-Match", "\"0123abcd\""}});
  EXPECT_EQ(head.result_int(), 304u);
  // Files without an ETag ignore the header.
  EXPECT_EQ(Call(bhttp::verb::get, "/file", {}, {{"If-None-Match", "*"}}).result_int(), 200u);
}

TEST_F(ServerTest, IfRangeSendsTheWholeFileWhenTheTagChanged) {
  auto same = Call(bhttp::verb::get, "/tagged", {},
                   {{"Range", "bytes=1000-1999"}, {"If-Range", "\"0123abcd\""}});
  ASSERT_EQ(same.result_int(), 206u);
  EXPECT_EQ(same.body().size(), 1000u);
  EXPECT_EQ(same[bhttp::field::content_range], "bytes 1000-1999/100000");

  for (const std::string validator :
       {"\"stale\"", "W/\"0123abcd\"", "Wed, 21 Oct 2015 07:28:00 GMT"}) {
    auto r = Call(bhttp::verb::get, "/tagged", {},
                  {{"Range", "bytes=1000-1999"}, {"If-Range", validator}});
    EXPECT_EQ(r.result_int(), 200u) << validator;
    EXPECT_EQ(r.body().size(), 100000u) << validator;
    EXPECT_EQ(r.count(bhttp::field::content_range), 0u) << validator;
  }
  // A matching If-None-Match wins over the range.
  auto cached = Call(bhttp::verb::get, "/tagged", {},
                     {{"Range", "bytes=0-9"}, {"If-None-Match", "\"0123abcd\""}});
  EXPECT_EQ(cached.result_int(), 304u);
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

TEST_F(ServerTest, StreamsEventsFromAnotherThreadInOrder) {
  StreamClient client(server_->port(), "/events");
  ASSERT_TRUE(client.ReadHeader());
  EXPECT_EQ(client.response().result_int(), 200u);
  EXPECT_EQ(client.response()[bhttp::field::content_type], "text/event-stream");
  EXPECT_EQ(client.response()[bhttp::field::cache_control], "no-cache");
  EXPECT_EQ(client.response()["X-Accel-Buffering"], "no");
  EXPECT_TRUE(client.response().chunked());
  EXPECT_FALSE(client.response().has_content_length());
  auto sink = sinks_.Take();
  ASSERT_NE(sink, nullptr);
  EXPECT_TRUE(sink->open());

  const std::vector<SseMessage> sent = {
      {"note", "first", "1"}, {"note", "line one\nline two", "2"}, {"done", "third", "3"}};
  std::string frames;
  for (const auto& m : sent) frames += SseEvent(m.event, m.data, m.id);
  std::thread producer([&] {
    for (const auto& m : sent) EXPECT_TRUE(sink->Write(SseEvent(m.event, m.data, m.id)));
  });
  producer.join();
  // All three arrive while the response is still open.
  ASSERT_TRUE(client.ReadUntil(SseEvent("done", "third", "3"))) << client.body();
  EXPECT_EQ(client.body(), frames);
  EXPECT_EQ(ParseSse(client.body()), sent);

  sink->Close();
  EXPECT_FALSE(sink->Write("too late"));
  ASSERT_TRUE(client.ReadToEnd());  // the last chunk came
  EXPECT_EQ(client.body(), frames);
}

TEST_F(ServerTest, StreamNoticesTheClientLeaving) {
  auto client = std::make_unique<StreamClient>(server_->port(), "/events");
  ASSERT_TRUE(client->ReadHeader());
  auto sink = sinks_.Take();
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Write(SseEvent("note", "hello")));
  ASSERT_TRUE(client->ReadUntil(SseEvent("note", "hello")));
  client->Disconnect();

  // Noticed without writing anything: a producer may be silent for long.
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (sink->open() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(sink->open()) << "the stream outlived its client";
  EXPECT_FALSE(sink->Write(SseComment("ping")));
  // The stream was counted when it ended.
  EXPECT_NE(metrics_.Render().find(
                "kinora_http_requests_total{method=\"GET\",route=\"/events\",status=\"200\"} 1"),
            std::string::npos);
}

TEST_F(ServerTest, StreamToAClientThatStopsReadingIsDropped) {
  StreamClient client(server_->port(), "/events");  // never reads the body
  ASSERT_TRUE(client.ReadHeader());
  auto sink = sinks_.Take();
  ASSERT_NE(sink, nullptr);
  const std::string block(64 * 1024, 'x');
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  bool refused = false;
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    refused = !sink->Write(SseEvent("blob", block));
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(refused) << "unsent bytes grew without bound";
}

TEST_F(ServerTest, StopEndsOpenStreamsPromptly) {
  StreamClient client(server_->port(), "/events");
  ASSERT_TRUE(client.ReadHeader());
  auto sink = sinks_.Take();
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Write(SseEvent("note", "before stop")));
  ASSERT_TRUE(client.ReadUntil(SseEvent("note", "before stop")));

  const auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_TRUE(client.ReadToEnd());  // ended with the last chunk, not cut off
  EXPECT_EQ(client.body(), SseEvent("note", "before stop"));
  thread_.join();
  // The drain timeout is 60 s; a stream that held the drain up would take all of it.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_FALSE(sink->Write(SseEvent("note", "after stop")));
  EXPECT_FALSE(sink->open());
}

TEST_F(ServerTest, HeadOnAStreamSendsOnlyTheHeaders) {
  StreamClient client(server_->port(), "/events", bhttp::verb::head);
  ASSERT_TRUE(client.ReadHeader());
  EXPECT_EQ(client.response().result_int(), 200u);
  EXPECT_EQ(client.response()[bhttp::field::content_type], "text/event-stream");
  EXPECT_TRUE(client.response().chunked());
  EXPECT_TRUE(client.body().empty());
  // Nothing followed the headers (no last chunk): the next response on the
  // connection parses cleanly.
  client.Send(bhttp::verb::get, "/healthz");
  ASSERT_TRUE(client.ReadToEnd());
  EXPECT_EQ(client.response().result_int(), 200u);
  EXPECT_EQ(nlohmann::json::parse(client.body())["status"], "ok");
  EXPECT_EQ(sinks_.size(), 0u);  // the stream itself never started
}

TEST_F(ServerTest, StreamsToHttp10ClientsWithoutChunks) {
  StreamClient client(server_->port(), "/events", bhttp::verb::get, 10);
  ASSERT_TRUE(client.ReadHeader());
  EXPECT_FALSE(client.response().chunked());
  EXPECT_FALSE(client.response().has_content_length());
  auto sink = sinks_.Take();
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->Write(SseEvent("note", "one\ntwo")));
  ASSERT_TRUE(client.ReadUntil(SseEvent("note", "one\ntwo")));
  sink->Close();
  ASSERT_TRUE(client.ReadToEnd());  // the body ends with the connection
  EXPECT_EQ(client.body(), SseEvent("note", "one\ntwo"));
}

class KeepaliveTest : public ServerTest {
 protected:
  void SetUp() override {
    stream_keepalive_ = std::chrono::milliseconds(50);
    ServerTest::SetUp();
  }
};

TEST_F(KeepaliveTest, SilentStreamsGetKeepaliveComments) {
  StreamClient client(server_->port(), "/events");
  ASSERT_TRUE(client.ReadHeader());
  auto sink = sinks_.Take();
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(client.ReadUntil(": keep-alive\n\n"));
  ASSERT_TRUE(sink->Write(SseEvent("note", "between keep-alives")));
  ASSERT_TRUE(client.ReadUntil(SseEvent("note", "between keep-alives")));
  // Comments only, whole frames, and the event intact among them.
  std::string rest = client.body();
  for (size_t at; (at = rest.find(": keep-alive\n\n")) != std::string::npos;) {
    rest.erase(at, std::string_view(": keep-alive\n\n").size());
  }
  EXPECT_EQ(rest, SseEvent("note", "between keep-alives"));
  EXPECT_EQ(ParseSse(client.body()),
            (std::vector<SseMessage>{{"note", "between keep-alives", ""}}));
}

}  // namespace
}  // namespace kinora::http
