// One HTTP connection (see http_session.hpp).
#include "net/http_session.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "auth/tokens.hpp"
#include "net/export_api.hpp"
#include "net/http_api.hpp"
#include "net/http_responses.hpp"
#include "net/net_context.hpp"
#include "net/static_files.hpp"
#include "net/websocket_session.hpp"

namespace samrad::net {

namespace {
constexpr std::size_t max_body_bytes = 16 * 1024;
constexpr std::size_t max_header_bytes = 16 * 1024;
}  // namespace

HttpSession::HttpSession(tcp::socket socket, NetContext& context, AddressLeases::Lease lease)
    : stream_(std::move(socket)), context_(context), lease_(std::move(lease)) {}

void HttpSession::run() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::shut_down() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->body_limit(max_body_bytes);
  parser_->header_limit(max_header_bytes);
  stream_.expires_after(context_.options.request_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::operation_aborted) {
    return close();
  }
  if (ec) {
    // Malformed or oversized request: answer once, then close.
    Request bad;
    bad.version(11);
    const bool too_large = ec == http::error::body_limit || ec == http::error::header_limit;
    auto response =
        error_response(bad, too_large ? http::status::payload_too_large : http::status::bad_request,
                       too_large ? "too_large" : "bad_request", ec.message());
    response.keep_alive(false);
    return respond(std::move(response));
  }
  Request request = parser_->release();
  const std::string_view target = request.target();
  if (websocket::is_upgrade(request)) {
    // API tokens are for exports: a WebSocket opens with a login session only.
    if (request.find(http::field::authorization) != request.end()) {
      auto response = error_response(request, http::status::unauthorized, "unauthenticated",
                                     "API tokens work only on /api/export/ endpoints");
      response.set(http::field::www_authenticate, bearer_challenge(true));
      return respond(std::move(response));
    }
    if (target == "/ws") return upgrade(std::move(request));
    return respond(
        error_response(request, http::status::not_found, "not_found", "No such endpoint"));
  }
  if (target.starts_with("/api/") || is_record_api(target)) {
    std::string address = context_.client_address(request, stream_.socket());
    return handle_api(std::move(request), context_, std::move(address),
                      [self = shared_from_this()](http::message_generator response) {
                        asio::post(self->stream_.get_executor(),
                                   [self, response = std::move(response)]() mutable {
                                     self->respond(std::move(response));
                                   });
                      });
  }
  respond(serve_static(request, context_.options.static_dir));
}

// The upgrade is granted only for an Origin on the allowlist and a live session.
void HttpSession::upgrade(Request request) {
  if (!context_.origin_allowed(request)) {
    spdlog::warn("websocket: refused origin '{}' ({} Origin headers)",
                 std::string_view(request[http::field::origin]),
                 request.count(http::field::origin));
    return respond(
        error_response(request, http::status::forbidden, "forbidden", "Origin not allowed"));
  }
  std::string token = session_token_of(request);
  context_.service.resolve_session(
      token, [self = shared_from_this(), token, request = std::move(request)](auto result) mutable {
        asio::post(self->stream_.get_executor(), [self, token = std::move(token),
                                                  request = std::move(request),
                                                  result = std::move(result)]() mutable {
          if (!result) {
            return self->respond(error_response(request, http::status::service_unavailable,
                                                domain::to_string(result.error().code),
                                                result.error().message));
          }
          if (!result->has_value()) {
            return self->respond(error_response(request, http::status::unauthorized,
                                                "unauthenticated", "Log in first"));
          }
          const domain::Person person = (*result)->person;
          const std::size_t limit = self->context_.options.max_connections_per_person;
          if (!self->context_.registry.has_room_for(person.id, limit)) {
            return self->respond(error_response(request, http::status::too_many_requests,
                                                "rate_limited", "Too many open connections"));
          }
          self->stream_.expires_never();
          const std::string hash = auth::token_hash(token);
          auto address = self->context_.client_address(request, self->stream_.socket());
          auto session = std::make_shared<WebSocketSession>(
              self->stream_.release_socket(), self->context_, std::move(**result), hash,
              std::move(address), std::move(self->lease_));
          self->context_.registry.remove(self.get());
          // Losing a race with shutdown or a parallel upgrade drops the socket with the session.
          if (!self->context_.registry.add(session, person, hash, limit)) return;
          session->run(std::move(request));
        });
      });
}

void HttpSession::respond(http::message_generator response) {
  const bool keep_alive = response.keep_alive();
  beast::async_write(
      stream_, std::move(response),
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec || !keep_alive || context_.registry.shutting_down()) return close();
  do_read();
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
  context_.registry.remove(this);
}

}  // namespace samrad::net
