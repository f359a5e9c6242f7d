#include "support/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <thread>

namespace kinora::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;

HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body, const std::map<std::string, std::string>& headers) {
  HttpReply reply;
  try {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)});
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    bhttp::read(stream, buffer, parser);
    auto res = parser.release();
    reply.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(f.value());
    }
    reply.body = std::move(res.body());
  } catch (const std::exception&) {
    reply.status = 0;
  }
  return reply;
}

bool WaitHealthy(int port, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (HttpCall(port, "GET", "/healthz").status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace kinora::testing
