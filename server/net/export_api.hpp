// The export endpoints of the HTTP API (/api/export/...): read-only, authenticated by a
// read-only API token ("Authorization: Bearer samrad_export_...") or a login session cookie.
// Every export endpoint starts with authenticate_export and then authorises what it exports
// against the caller's permissions (domain::can_view_round and friends), exactly as for their
// session, and records the export (ApiTokenService::record_export). Internal to server/net/.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "net/http_api.hpp"
#include "service/api_token_service.hpp"

namespace samrad::net {

// An export request on its way to an answer.
struct ExportCall {
  Request request;
  NetContext& context;
  std::string address;
  Respond respond;
  std::vector<std::string> path;  // decoded segments after "api", e.g. {"export", "rounds"}
  std::vector<std::pair<std::string, std::string>> parameters;  // the query, in order

  void answer(StringResponse response) { respond(std::move(response)); }
  // The error as JSON; an unauthenticated one is 401 with WWW-Authenticate (RFC 6750).
  void fail(const domain::Error& error);
};

using ExportHandler = std::function<void(ExportCall call, service::ExportCaller caller)>;

// Authenticates an export request (ApiTokenService::authenticate_export) and runs then with who
// asks; answers the request itself when it is refused (401 with WWW-Authenticate: Bearer
// error="invalid_token" for a token that does not work, 400 for a malformed Authorization
// header, 503 when the store fails).
void authenticate_export(ExportCall call, ExportHandler then);

// The WWW-Authenticate value for a refused request that did (or did not) present a token.
std::string bearer_challenge(bool token_presented);

bool is_export_api(std::string_view target);
void handle_export_api(Request request, NetContext& context, std::string address, Respond respond);

}  // namespace samrad::net
