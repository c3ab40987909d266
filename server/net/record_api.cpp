// The transparency log and the decision records over HTTP (protocol/records.md): the verifier
// key at a well-known address, the latest checkpoint and the proofs, all public (they reveal
// hashes only); a round's record bundle and a record by its log index, for someone who may see
// the round. Read-only: every route answers GET (and HEAD) alone.
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/tokens.hpp"
#include "net/http_api.hpp"
#include "net/http_responses.hpp"

namespace samrad::net {

namespace {

constexpr std::string_view key_path = "/.well-known/samrad-log-key";
constexpr std::string_view text = "text/plain; charset=utf-8";
constexpr std::string_view json = "application/json; charset=utf-8";

StringResponse text_response(const Request& request, std::string body, std::string_view type) {
  StringResponse response{http::status::ok, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, type);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

template <class Read>
void read_then_answer(Request request, Respond respond, std::string_view type,
                      std::string attachment, Read read) {
  read([request = std::move(request), respond = std::move(respond), type,
        attachment = std::move(attachment)](domain::Result<std::string> result) mutable {
    if (!result) return respond(from_error(request, result.error()));
    auto response = text_response(request, std::move(result).value(), type);
    if (!attachment.empty()) {
      response.set(http::field::content_disposition, "attachment; filename=\"" + attachment + "\"");
    }
    respond(std::move(response));
  });
}

// The parameters of the query string, each named once; nothing when the address is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parameters_of(
    const boost::urls::url_view& url) {
  std::vector<std::pair<std::string, std::string>> parameters;
  for (const auto& parameter : url.params()) {
    for (const auto& [name, value] : parameters) {
      if (name == parameter.key) return std::nullopt;
    }
    parameters.emplace_back(parameter.key, parameter.has_value ? parameter.value : "");
  }
  return parameters;
}

// Exactly these integer parameters, each present once.
std::optional<std::vector<std::int64_t>> integers(
    const std::vector<std::pair<std::string, std::string>>& parameters,
    std::initializer_list<std::string_view> names) {
  if (parameters.size() != names.size()) return std::nullopt;
  std::vector<std::int64_t> values;
  for (const auto name : names) {
    const auto found = std::find_if(parameters.begin(), parameters.end(),
                                    [&](const auto& parameter) { return parameter.first == name; });
    if (found == parameters.end()) return std::nullopt;
    const auto value = whole_number(found->second);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

StringResponse bad_parameters(const Request& request, std::string_view expected) {
  return error_response(
      request, http::status::bad_request, "bad_request",
      "Expected the parameters " + std::string(expected) + ", each a whole number written once");
}

// Runs then(caller) once the cookie's session is resolved; 401 without one.
template <class Then>
void with_caller(const Request& request, NetContext& context, std::string address, Respond respond,
                 Then then) {
  std::string token = session_token_of(request);
  context.service.resolve_session(
      token, [request, address = std::move(address), token, respond = std::move(respond),
              then = std::move(then)](auto result) mutable {
        if (!result) return respond(from_error(request, result.error()));
        if (!result->has_value()) {
          return respond(error_response(request, http::status::unauthorized, "unauthenticated",
                                        "Log in to read decision records"));
        }
        then(service::Caller{(*result)->person, auth::token_hash(token),
                             domain::Origin{domain::Source::web, std::move(address)}},
             std::move(respond));
      });
}

}  // namespace

bool is_record_api(std::string_view target) {
  return target == key_path || target.starts_with("/log/") || target.starts_with("/api/records/") ||
         (target.starts_with("/api/rounds/") && target.find("/record") != std::string_view::npos);
}

void handle_record_api(Request request, NetContext& context, std::string address, Respond respond) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return respond(error_response(request, http::status::method_not_allowed, "bad_request",
                                  "Method not allowed"));
  }
  const auto url = boost::urls::parse_origin_form(request.target());
  if (!url) {
    return respond(error_response(request, http::status::bad_request, "bad_request",
                                  "The request's address is not valid"));
  }
  const std::string path = url->path();
  const auto parameters = parameters_of(*url);
  if (!parameters) return respond(bad_parameters(request, "named once"));
  auto& records = context.records;

  if ((path == key_path || path == "/log/checkpoint") && !parameters->empty()) {
    return respond(error_response(request, http::status::bad_request, "bad_request",
                                  "This address takes no parameters"));
  }
  if (path == key_path) {
    return respond(text_response(request, records.verifier_key() + "\n", text));
  }
  if (path == "/log/checkpoint") {
    return read_then_answer(std::move(request), std::move(respond), text, {},
                            [&records](auto done) { records.checkpoint(std::move(done)); });
  }
  if (path == "/log/proof/inclusion") {
    const auto values = integers(*parameters, {"index", "tree_size"});
    if (!values) return respond(bad_parameters(request, "index and tree_size"));
    return read_then_answer(std::move(request), std::move(respond), json, {},
                            [&records, index = (*values)[0], size = (*values)[1]](auto done) {
                              records.inclusion_proof(index, size, std::move(done));
                            });
  }
  if (path == "/log/proof/consistency") {
    const auto values = integers(*parameters, {"from", "to"});
    if (!values) return respond(bad_parameters(request, "from and to"));
    return read_then_answer(std::move(request), std::move(respond), json, {},
                            [&records, from = (*values)[0], to = (*values)[1]](auto done) {
                              records.consistency_proof(from, to, std::move(done));
                            });
  }
  // /api/records/<index> and /api/rounds/<id>/record: for those who may see the round.
  std::vector<std::string> segments;
  for (const auto& segment : url->segments()) segments.push_back(segment);
  const bool by_index = segments.size() == 3 && segments[0] == "api" && segments[1] == "records";
  const bool by_round = segments.size() == 4 && segments[0] == "api" && segments[1] == "rounds" &&
                        segments[3] == "record";
  const auto id = (by_index || by_round) ? whole_number(segments[2]) : std::nullopt;
  if (!id || !parameters->empty()) {
    return respond(
        error_response(request, http::status::not_found, "not_found", "No such endpoint"));
  }
  with_caller(
      request, context, std::move(address), std::move(respond),
      [&records, request, by_round, id = *id](service::Caller caller, Respond respond) mutable {
        if (by_round) {
          // Saved under a name that says what it is, in Swedish as its readers speak.
          return read_then_answer(std::move(request), std::move(respond), json,
                                  "samradsprotokoll-runda-" + std::to_string(id) + ".json",
                                  [&records, caller = std::move(caller), id](auto done) mutable {
                                    records.round_record(std::move(caller), id, std::move(done));
                                  });
        }
        read_then_answer(std::move(request), std::move(respond), json, {},
                         [&records, caller = std::move(caller), id](auto done) mutable {
                           records.record(std::move(caller), id, std::move(done));
                         });
      });
}

}  // namespace samrad::net
