// The export endpoints (see export_api.hpp): GET /api/export/rounds so far.
#include "net/export_api.hpp"

#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "net/http_responses.hpp"
#include "protocol/api_tokens_json.hpp"

namespace samrad::net {

namespace {

using domain::ErrorCode;

bool presents_token(const Request& request) {
  return request.find(http::field::authorization) != request.end();
}

// GET /api/export/rounds?phase=&sector=&from=&to=: the rounds the caller may see.
void export_rounds(ExportCall call) {
  // The query is checked before authentication costs a write; its errors name the parameter.
  auto query = protocol::parse_round_export_query(call.parameters);
  if (!query) return call.fail(query.error());
  authenticate_export(std::move(call), [query = std::move(query).value()](
                                           ExportCall call, service::ExportCaller caller) mutable {
    auto& tokens = call.context.tokens;
    tokens.export_rounds(std::move(caller), std::move(query),
                         [call = std::move(call)](auto result) mutable {
                           if (!result) return call.fail(result.error());
                           call.answer(json_text_response(call.request, http::status::ok,
                                                          protocol::encode_round_export(*result)));
                         });
  });
}

}  // namespace

void ExportCall::fail(const domain::Error& error) {
  auto response = from_error(request, error);
  if (error.code == ErrorCode::unauthenticated) {
    response.set(http::field::www_authenticate, bearer_challenge(presents_token(request)));
  }
  respond(std::move(response));
}

std::string bearer_challenge(bool token_presented) {
  // RFC 6750 section 3: no error code when no credentials were sent at all.
  return token_presented ? "Bearer error=\"invalid_token\"" : "Bearer";
}

void authenticate_export(ExportCall call, ExportHandler then) {
  auto bearer = bearer_token_of(call.request);
  if (bearer && bearer->empty()) {
    auto response = error_response(call.request, http::status::bad_request, "bad_request",
                                   "Expected \"Authorization: Bearer <token>\"");
    response.set(http::field::www_authenticate, "Bearer error=\"invalid_request\"");
    return call.answer(std::move(response));
  }
  // A presented token is the only credential looked at: the cookie beside it is ignored.
  auto session_token = bearer ? std::string() : session_token_of(call.request);
  service::ExportCredentials credentials{
      .bearer_token = std::move(bearer),
      .session_token = std::move(session_token),
      .path = std::string(call.request.target()),
      .origin = domain::Origin{domain::Source::web, call.address}};
  auto& tokens = call.context.tokens;
  tokens.authenticate_export(std::move(credentials),
                             [call = std::move(call), then = std::move(then)](auto result) mutable {
                               if (!result) return call.fail(result.error());
                               then(std::move(call), std::move(*result));
                             });
}

bool is_export_api(std::string_view target) {
  return target.starts_with("/api/export/");
}

void handle_export_api(Request request, NetContext& context, std::string address, Respond respond) {
  const auto url = boost::urls::parse_origin_form(request.target());
  if (!url) {
    return respond(error_response(request, http::status::bad_request, "bad_request",
                                  "The request's address is not valid"));
  }
  ExportCall call{std::move(request), context, std::move(address), std::move(respond), {}, {}};
  auto segments = url->segments();
  auto it = segments.begin();
  if (it != segments.end() && *it == "api") {
    for (++it; it != segments.end(); ++it) call.path.push_back(*it);
  }
  for (const auto& parameter : url->params()) {
    call.parameters.emplace_back(parameter.key, parameter.has_value ? parameter.value : "");
  }
  if (call.path != std::vector<std::string>{"export", "rounds"}) {
    return call.answer(
        error_response(call.request, http::status::not_found, "not_found", "No such endpoint"));
  }
  // Exports only read.
  if (call.request.method() != http::verb::get) {
    return call.answer(error_response(call.request, http::status::method_not_allowed, "bad_request",
                                      "Method not allowed"));
  }
  export_rounds(std::move(call));
}

}  // namespace samrad::net
