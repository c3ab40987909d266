// API token and export bodies (see api_tokens_json.hpp).
#include "protocol/api_tokens_json.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "protocol/strict_json.hpp"

namespace samrad::protocol {

namespace {

using domain::ErrorCode;
using domain::Result;
using ordered = nlohmann::ordered_json;
using strict_json::bad_request;
using strict_json::in_quotes;

ordered time_frame(const std::optional<domain::Timestamp>& time) {
  return time ? ordered(domain::format_timestamp(*time)) : ordered(nullptr);
}

std::string dump(const ordered& body) {
  return body.dump(-1, ' ', false, ordered::error_handler_t::replace);
}

std::string_view status_of(const domain::ApiTokenRecord& token, domain::Timestamp now) {
  if (token.revoked_at) return "revoked";
  return token.expires_at <= now ? "expired" : "live";
}

ordered token_frame(const domain::ApiTokenRecord& token, domain::Timestamp now) {
  return {{"id", token.id},
          {"name", token.name},
          {"scope", domain::to_string(token.scope)},
          {"created_at", domain::format_timestamp(token.created_at)},
          {"last_used_at", time_frame(token.last_used_at)},
          {"expires_at", domain::format_timestamp(token.expires_at)},
          {"revoked_at", time_frame(token.revoked_at)},
          {"status", status_of(token, now)}};
}

constexpr std::string_view time_text = " must be a UTC time such as \"2026-11-23T10:15:00Z\"";

}  // namespace

Result<domain::CreateApiToken> parse_create_api_token(std::string_view body) {
  auto parsed = strict_json::parse_object(body, "The body");
  if (!parsed) return parsed.error();
  for (const auto& [key, value] : parsed->items()) {
    if (key != "name" && key != "expires_at") {
      return domain::make_error(ErrorCode::unknown_field, "Unknown field " + in_quotes(key));
    }
  }
  const auto name = parsed->find("name");
  if (name == parsed->end()) return bad_request("Missing field \"name\"");
  if (!name->is_string()) return bad_request("\"name\" must be a string");
  domain::CreateApiToken command{name->get<std::string>(), std::nullopt};
  if (const auto expires = parsed->find("expires_at"); expires != parsed->end()) {
    const auto time = expires->is_string()
                          ? domain::parse_timestamp(expires->get_ref<const std::string&>())
                          : std::nullopt;
    if (!time) return bad_request("\"expires_at\"" + std::string(time_text));
    command.expires_at = *time;
  }
  return command;
}

Result<domain::RoundExportQuery> parse_round_export_query(
    const std::vector<std::pair<std::string, std::string>>& parameters) {
  domain::RoundExportQuery query;
  std::set<std::string> seen;
  for (const auto& [name, value] : parameters) {
    if (!seen.insert(name).second) {
      return bad_request("The parameter " + in_quotes(name) + " is given twice");
    }
    if (name == "phase") {
      query.phase = domain::phase_from(value);
      if (!query.phase) {
        return bad_request("\"phase\" must be \"draft\", \"open\", \"closed\" or \"decided\"");
      }
    } else if (name == "sector") {
      query.sector = domain::sector_from(value);
      if (!query.sector) {
        return bad_request("\"sector\" must be \"health_care\", \"school\" or \"social_care\"");
      }
    } else if (name == "from" || name == "to") {
      const auto time = domain::parse_timestamp(value);
      if (!time) return bad_request(in_quotes(name) + std::string(time_text));
      (name == "from" ? query.from : query.to) = *time;
    } else {
      return bad_request("Unknown parameter " + in_quotes(name) +
                         "; use \"phase\", \"sector\", \"from\" or \"to\"");
    }
  }
  if (query.from && query.to && *query.from > *query.to) {
    return bad_request("\"from\" must not be after \"to\"");
  }
  return query;
}

std::string encode_created_api_token(const domain::ApiTokenRecord& token, std::string_view secret) {
  return dump({{"id", token.id},
               {"name", token.name},
               {"token", secret},
               {"created_at", domain::format_timestamp(token.created_at)},
               {"expires_at", domain::format_timestamp(token.expires_at)}});
}

std::string encode_api_tokens(const std::vector<domain::ApiTokenListing>& tokens,
                              domain::Timestamp now) {
  ordered list = ordered::array();
  for (const auto& listing : tokens) {
    auto frame = token_frame(listing.token, now);
    frame["owner"] = {{"id", listing.owner.id},
                      {"name", listing.owner.name},
                      {"email", listing.owner.email},
                      {"role", domain::to_string(listing.owner.role)},
                      {"organisation", listing.owner.organisation.name}};
    list.push_back(std::move(frame));
  }
  return dump({{"tokens", std::move(list)}});
}

std::string encode_api_token(const domain::ApiTokenRecord& token, domain::Timestamp now) {
  return dump(token_frame(token, now));
}

std::string encode_round_export(const std::vector<domain::RoundSummary>& rounds) {
  ordered list = ordered::array();
  for (const auto& round : rounds) {
    ordered sectors = ordered::array();
    for (const auto sector : round.sectors) sectors.push_back(domain::to_string(sector));
    list.push_back({{"id", round.id},
                    {"title", round.title},
                    {"kind", domain::to_string(round.kind)},
                    {"sectors", std::move(sectors)},
                    {"phase", domain::to_string(round.phase)},
                    {"created_at", round.created_at},
                    {"opens_at", time_frame(round.opens_at)},
                    {"closes_at", time_frame(round.closes_at)}});
  }
  return dump({{"rounds", std::move(list)}});
}

}  // namespace samrad::protocol
