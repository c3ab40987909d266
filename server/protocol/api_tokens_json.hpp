// The HTTP API's bodies for API tokens and exports (protocol/README.md "HTTP API"): the request
// body that creates a token, the query of an export of rounds, and the answers. Requests are read
// strictly (strict_json.hpp); answers list their keys in the spec's order.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/api_tokens.hpp"
#include "domain/export_query.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::protocol {

// {"name": string, "expires_at"?: UTC time}
domain::Result<domain::CreateApiToken> parse_create_api_token(std::string_view body);

// ?phase=&sector=&from=&to=: each at most once; a bad value is bad_request naming it.
domain::Result<domain::RoundExportQuery> parse_round_export_query(
    const std::vector<std::pair<std::string, std::string>>& parameters);

// 201's body: {"id","name","token","created_at","expires_at"}. The only time a token is sent.
std::string encode_created_api_token(const domain::ApiTokenRecord& token, std::string_view secret);
// {"tokens":[{"id","name","scope","created_at","last_used_at","expires_at","revoked_at",
// "status","owner"}]}: never the token or its hash. status at now: live, expired or revoked.
std::string encode_api_tokens(const std::vector<domain::ApiTokenListing>& tokens,
                              domain::Timestamp now);
std::string encode_api_token(const domain::ApiTokenRecord& token, domain::Timestamp now);
// {"rounds":[{"id","title","kind","sectors","phase","created_at","opens_at","closes_at"}]}
std::string encode_round_export(const std::vector<domain::RoundSummary>& rounds);

}  // namespace samrad::protocol
