// The export endpoints (see export_api.hpp): GET /api/export/rounds, the rounds one may export,
// and GET /api/export/rounds/<id>/<file>, one round in one format (protocol/records.md).
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

// The files of one round, by the name the address gives them.
std::optional<service::ExportFormat> format_named(std::string_view file) {
  using service::ExportFormat;
  if (file == "record.json") return ExportFormat::record_json;
  if (file == "record.html") return ExportFormat::record_html;
  if (file == "positions.csv") return ExportFormat::positions_csv;
  if (file == "responses.csv") return ExportFormat::responses_csv;
  if (file == "posts.csv") return ExportFormat::posts_csv;
  if (file == "archive.html") return ExportFormat::archive_html;
  return std::nullopt;
}

// GET /api/export/rounds/<id>/<file>: authorised for that round like every read of it, and
// recorded in the audit log (which round, which file) once it is answered.
void export_round(ExportCall call, domain::RoundId round, service::ExportFormat format,
                  std::string file) {
  authenticate_export(std::move(call), [round, format, file = std::move(file)](
                                           ExportCall call, service::ExportCaller caller) mutable {
    auto& records = call.context.records;
    const service::Caller reader{caller.person, caller.session_hash, caller.origin};
    records.export_round(
        reader, round, format,
        [call = std::move(call), caller = std::move(caller), round,
         file = std::move(file)](domain::Result<service::ExportFile> result) mutable {
          if (!result) return call.fail(result.error());
          auto& tokens = call.context.tokens;
          tokens.record_export(caller, {{"round", std::to_string(round)}, {"file", file}},
                               [call = std::move(call),
                                exported = std::move(result).value()](auto recorded) mutable {
                                 if (!recorded) return call.fail(recorded.error());
                                 StringResponse response{http::status::ok, call.request.version()};
                                 add_security_headers(response);
                                 response.set(http::field::content_type, exported.content_type);
                                 response.set(http::field::content_disposition,
                                              "attachment; filename=\"" + exported.filename + "\"");
                                 response.set(http::field::cache_control, "no-store");
                                 response.keep_alive(call.request.keep_alive());
                                 response.body() = std::move(exported.body);
                                 response.prepare_payload();
                                 call.answer(std::move(response));
                               });
        });
  });
}

// The files of many rounds at once, by name.
std::optional<service::BulkFormat> bulk_format_named(std::string_view file) {
  using service::BulkFormat;
  if (file == "positions.csv") return BulkFormat::positions_csv;
  if (file == "responses.csv") return BulkFormat::responses_csv;
  if (file == "posts.csv") return BulkFormat::posts_csv;
  if (file == "records.json") return BulkFormat::records_json;
  return std::nullopt;
}

// GET /api/export/<file>?phase=&sector=&from=&to=: the decided rounds the caller may see that
// the query asks for, in one file. The file is made on disk and sent from there, so neither side
// holds it whole in memory.
void export_bulk(ExportCall call, service::BulkFormat format) {
  auto query = protocol::parse_round_export_query(call.parameters);
  if (!query) return call.fail(query.error());
  authenticate_export(std::move(call), [query = std::move(query).value(), format](
                                           ExportCall call, service::ExportCaller caller) mutable {
    auto& records = call.context.records;
    const service::Caller reader{caller.person, caller.session_hash, caller.origin};
    records.export_bulk(
        reader, std::move(query), format,
        [call = std::move(call),
         caller = std::move(caller)](domain::Result<service::BulkFile> result) mutable {
          if (!result) return call.fail(result.error());
          beast::file file;
          file.native_handle(result->fd);  // owned by the response from here on
          auto& tokens = call.context.tokens;
          const auto filename = result->filename;
          tokens.record_export(
              caller, {{"file", filename}, {"rounds", result->rounds}},
              [call = std::move(call), file = std::make_shared<beast::file>(std::move(file)),
               filename, content_type = result->content_type](auto recorded) mutable {
                if (!recorded) return call.fail(recorded.error());
                http::response<http::file_body> response{http::status::ok, call.request.version()};
                add_security_headers(response);
                response.set(http::field::content_type, content_type);
                response.set(http::field::content_disposition,
                             "attachment; filename=\"" + filename + "\"");
                response.set(http::field::cache_control, "no-store");
                response.keep_alive(call.request.keep_alive());
                beast::error_code ec;
                response.body().reset(std::move(*file), ec);
                if (ec) {
                  return call.answer(error_response(call.request, http::status::service_unavailable,
                                                    "storage_failed",
                                                    "The export could not be read"));
                }
                response.prepare_payload();
                call.respond(std::move(response));
              });
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
  const auto& path = call.path;
  const bool list = path == std::vector<std::string>{"export", "rounds"};
  const auto bulk =
      path.size() == 2 && path[0] == "export" ? bulk_format_named(path[1]) : std::nullopt;
  const bool one = path.size() == 4 && path[0] == "export" && path[1] == "rounds";
  const auto round = one ? id_segment(path[2]) : std::nullopt;
  const auto format = one ? format_named(path[3]) : std::nullopt;
  if (!list && !bulk && !(round && format)) {
    return call.answer(
        error_response(call.request, http::status::not_found, "not_found", "No such endpoint"));
  }
  // Exports only read.
  if (call.request.method() != http::verb::get) {
    return call.answer(error_response(call.request, http::status::method_not_allowed, "bad_request",
                                      "Method not allowed"));
  }
  if (list) return export_rounds(std::move(call));
  if (bulk) return export_bulk(std::move(call), *bulk);
  if (!call.parameters.empty()) {
    return call.answer(error_response(call.request, http::status::bad_request, "bad_request",
                                      "A round's export takes no parameters"));
  }
  auto file = path[3];
  export_round(std::move(call), *round, *format, std::move(file));
}

}  // namespace samrad::net
