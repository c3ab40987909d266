// Beast's HTTP client side, for setup requests and Nchan publishing (see http_client.hpp).
#include "http_client.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace samrad::bench {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string host_of(const tcp::endpoint& server) {
  return server.address().to_string() + ":" + std::to_string(server.port());
}

}  // namespace

asio::awaitable<HttpResponse> http_request(tcp::endpoint server, std::string method,
                                           std::string target, std::string body,
                                           HttpHeaders headers) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  co_await stream.async_connect(server, asio::use_awaitable);
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, host_of(server));
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  request.body() = std::move(body);
  request.prepare_payload();
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  HttpResponse result{response.result_int(), std::move(response.body()), {}};
  const auto cookies = response.equal_range(http::field::set_cookie);
  for (auto field = cookies.first; field != cookies.second; ++field) {
    const std::string_view value = field->value();
    if (value.starts_with("samrad_session=")) {
      result.session_cookie = std::string(value.substr(0, value.find(';')));
    }
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return result;
}

struct HttpPublisher::Impl {
  Impl(asio::io_context& io, tcp::endpoint server, std::string target)
      : stream(io), server(server), target(std::move(target)) {}

  void send() {
    http::async_write(stream, request, [this](beast::error_code ec, std::size_t) {
      if (ec) return finish(0);
      response = {};
      http::async_read(stream, buffer, response, [this](beast::error_code ec, std::size_t) {
        finish(ec ? 0 : response.result_int());
      });
    });
  }

  void finish(unsigned status) {
    busy = false;
    if (status == 0 && connected) {
      connected = false;
      stream.close();  // the next publish connects afresh
    }
    auto done_now = std::move(done);
    done_now(status);
  }

  beast::tcp_stream stream;
  tcp::endpoint server;
  std::string target;
  bool connected = false;
  bool busy = false;
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  http::response<http::string_body> response;
  Done done;
};

HttpPublisher::HttpPublisher(asio::io_context& io, tcp::endpoint server, std::string target)
    : impl_(std::make_unique<Impl>(io, server, std::move(target))) {}

HttpPublisher::~HttpPublisher() = default;

bool HttpPublisher::busy() const {
  return impl_->busy;
}

void HttpPublisher::publish(std::string body, Done done) {
  auto& impl = *impl_;
  impl.busy = true;
  impl.done = std::move(done);
  impl.request = http::request<http::string_body>(http::verb::post, impl.target, 11);
  impl.request.set(http::field::host, host_of(impl.server));
  impl.request.set(http::field::content_type, "text/plain");
  impl.request.keep_alive(true);
  impl.request.body() = std::move(body);
  impl.request.prepare_payload();
  if (impl.connected) return impl.send();
  impl.stream.async_connect(impl.server, [&impl](beast::error_code ec) {
    if (ec) return impl.finish(0);
    impl.connected = true;
    impl.stream.socket().set_option(tcp::no_delay(true), ec);
    impl.send();
  });
}

}  // namespace samrad::bench
