// HTTP API handlers (see http_api.hpp). Bodies are JSON; every answer carries the security
// headers; state-changing requests must come from an allowed Origin (CSRF defence on top of
// the SameSite=Strict cookie); an Authorization header is accepted on export endpoints only.
#include "net/http_api.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "auth/tokens.hpp"
#include "net/export_api.hpp"
#include "net/http_responses.hpp"
#include "protocol/accounts_json.hpp"

namespace samrad::net {

using nlohmann::json;

std::string session_cookie(const NetContext& context, std::string_view token, bool clear) {
  std::string cookie = std::string(session_cookie_name()) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict";
  cookie += clear ? "; Max-Age=0"
                  : "; Max-Age=" + std::to_string(context.options.session_lifetime_seconds);
  if (behind_tls()) cookie += "; Secure";
  return cookie;
}

http::status status_for(domain::ErrorCode code) {
  switch (code) {
    case domain::ErrorCode::unauthenticated:
      return http::status::unauthorized;
    case domain::ErrorCode::forbidden:
      return http::status::forbidden;
    case domain::ErrorCode::not_found:
      return http::status::not_found;
    case domain::ErrorCode::conflict:
    case domain::ErrorCode::invalid_state:
      return http::status::conflict;
    case domain::ErrorCode::too_large:
      return http::status::payload_too_large;
    case domain::ErrorCode::invitation_expired:
    case domain::ErrorCode::invitation_used:
      return http::status::gone;
    case domain::ErrorCode::rate_limited:
      return http::status::too_many_requests;
    case domain::ErrorCode::storage_failed:
      return http::status::service_unavailable;
    case domain::ErrorCode::internal:
      return http::status::internal_server_error;
    default:
      return http::status::bad_request;
  }
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  if (text.empty() || text.size() > 16 || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value <= 9007199254740991 ? std::optional(value) : std::nullopt;
}

std::optional<std::int64_t> id_segment(std::string_view text) {
  const auto value = whole_number(text);
  return value && *value >= 1 ? value : std::nullopt;
}

StringResponse from_error(const Request& request, const domain::Error& error) {
  json body = {{"code", domain::to_string(error.code)}, {"message", error.message}};
  if (error.retry_after_ms) body["retry_after_ms"] = *error.retry_after_ms;
  auto response = json_response(request, status_for(error.code), {{"error", std::move(body)}});
  // Whole seconds, rounded up, for HTTP clients that know only the header.
  if (error.retry_after_ms) {
    response.set(http::field::retry_after, std::to_string((*error.retry_after_ms + 999) / 1000));
  }
  return response;
}

namespace {

// {"email": string, "password": string} and nothing else.
std::optional<std::pair<std::string, std::string>> parse_login(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object() || parsed.size() != 2) return std::nullopt;
  auto email = parsed.find("email");
  auto password = parsed.find("password");
  if (email == parsed.end() || password == parsed.end() || !email->is_string() ||
      !password->is_string()) {
    return std::nullopt;
  }
  auto email_text = email->get<std::string>();
  auto password_text = password->get<std::string>();
  if (email_text.empty() || email_text.size() > 320 || password_text.size() > 1024) {
    return std::nullopt;
  }
  return std::make_pair(std::move(email_text), std::move(password_text));
}

void login(Request request, NetContext& context, std::string address, Respond respond) {
  auto credentials = parse_login(request.body());
  if (!credentials) {
    return respond(error_response(request, http::status::bad_request, "bad_request",
                                  "Expected {\"email\": string, \"password\": string}"));
  }
  // Read before the callback below takes the request.
  service::ClientInfo client{std::move(address), user_agent_of(request)};
  context.service.login(
      std::move(credentials->first), std::move(credentials->second), std::move(client),
      [&context, request = std::move(request), respond = std::move(respond)](auto result) {
        if (!result) return respond(from_error(request, result.error()));
        auto response =
            json_text_response(request, http::status::ok, protocol::encode_person(result->person));
        response.set(http::field::set_cookie, session_cookie(context, result->token, false));
        respond(std::move(response));
      });
}

void logout(Request request, NetContext& context, std::string address, Respond respond) {
  std::string token = session_token_of(request);
  context.service.logout(
      token, domain::Origin{domain::Source::web, std::move(address)},
      [&context, token, request = std::move(request), respond = std::move(respond)](auto result) {
        if (!result) return respond(from_error(request, result.error()));
        if (auth::is_well_formed_token(token))
          context.registry.close_session(auth::token_hash(token));
        StringResponse response{http::status::no_content, request.version()};
        add_security_headers(response);
        response.set(http::field::set_cookie, session_cookie(context, "", true));
        response.set(http::field::cache_control, "no-store");
        response.keep_alive(request.keep_alive());
        respond(std::move(response));
      });
}

void me(Request request, NetContext& context, Respond respond) {
  std::string token = session_token_of(request);  // before request is moved below
  context.service.resolve_session(
      std::move(token), [request = std::move(request), respond = std::move(respond)](auto result) {
        if (!result) return respond(from_error(request, result.error()));
        if (!result->has_value()) {
          return respond(error_response(request, http::status::unauthorized, "unauthenticated",
                                        "Not logged in"));
        }
        respond(json_text_response(request, http::status::ok,
                                   protocol::encode_person((*result)->person)));
      });
}

}  // namespace

void handle_api(Request request, NetContext& context, std::string address, Respond respond) {
  const std::string_view target = request.target();
  const auto method = request.method();
  if (is_export_api(target)) {
    return handle_export_api(std::move(request), context, std::move(address), std::move(respond));
  }
  // An API token works on export endpoints alone: anywhere else it is refused outright and
  // never mistaken for, or combined with, a login session.
  if (request.find(http::field::authorization) != request.end()) {
    spdlog::info("http: refused an Authorization header on {}", target);
    auto response = error_response(request, http::status::unauthorized, "unauthenticated",
                                   "API tokens work only on /api/export/ endpoints");
    response.set(http::field::www_authenticate, bearer_challenge(true));
    return respond(std::move(response));
  }
  // Every request that may change something must come from an allowed origin (CSRF).
  const bool safe = method == http::verb::get || method == http::verb::head;
  if (!safe && !context.origin_allowed(request)) {
    spdlog::warn("http: refused {} from origin '{}' ({} Origin headers)", target,
                 std::string_view(request[http::field::origin]),
                 request.count(http::field::origin));
    return respond(
        error_response(request, http::status::forbidden, "forbidden", "Origin not allowed"));
  }
  if (target == "/api/health" && method == http::verb::get) {
    return respond(json_response(request, http::status::ok, {{"status", "ok"}}));
  }
  if (target == "/api/login" && method == http::verb::post) {
    return login(std::move(request), context, std::move(address), std::move(respond));
  }
  if (target == "/api/logout" && method == http::verb::post) {
    return logout(std::move(request), context, std::move(address), std::move(respond));
  }
  if (is_record_api(target)) {
    return handle_record_api(std::move(request), context, std::move(address), std::move(respond));
  }
  if (is_account_api(target)) {
    return handle_account_api(std::move(request), context, std::move(address), std::move(respond));
  }
  if (target == "/api/me" && method == http::verb::get) {
    return me(std::move(request), context, std::move(respond));
  }
  const bool known = target == "/api/health" || target == "/api/login" || target == "/api/logout" ||
                     target == "/api/me";
  respond(known
              ? error_response(request, http::status::method_not_allowed, "bad_request",
                               "Method not allowed")
              : error_response(request, http::status::not_found, "not_found", "No such endpoint"));
}

StringResponse json_response(const Request& request, http::status status, const json& body) {
  return json_text_response(request, status, body.dump());
}

StringResponse json_text_response(const Request& request, http::status status, std::string body) {
  StringResponse response{status, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

StringResponse error_response(const Request& request, http::status status, std::string_view code,
                              std::string_view message) {
  return json_response(request, status, {{"error", {{"code", code}, {"message", message}}}});
}

}  // namespace samrad::net
