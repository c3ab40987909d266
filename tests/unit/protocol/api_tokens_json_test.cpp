// The API token and export bodies against the shared examples (protocol/examples/http): the
// request parses, the answers are encoded to the examples' bytes, bad bodies and bad export
// filters are refused with a message that names the field or parameter.
#include "protocol/api_tokens_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocol_fixtures.hpp"

namespace samrad::protocol {
namespace {

using domain::ErrorCode;

std::string example(const std::string& name) {
  auto text = fixtures::read_bytes(fixtures::protocol_dir() / "examples" / "http" / name);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

domain::Timestamp at(const char* text) {
  return *domain::parse_timestamp(text);
}

const domain::Person eva{
    .id = 11,
    .name = "Eva Lund",
    .email = "eva.lund@finans.example",
    .role = domain::Role::observer,
    .organisation = {3, "Finansdepartementet", domain::OrganisationKind::ministry}};

domain::ApiTokenRecord nightly() {
  return {.id = 7,
          .person = eva.id,
          .name = "Nattlig export till diariet",
          .scope = domain::TokenScope::export_,
          .created_at = at("2026-11-30T17:20:00.000Z"),
          .last_used_at = at("2026-11-30T17:25:02.250Z"),
          .expires_at = at("2027-06-30T23:59:59.000Z"),
          .revoked_at = std::nullopt,
          .revoked_by = std::nullopt};
}

TEST(ApiTokenRequests, TheExampleSaysWhatItShould) {
  const auto command = parse_create_api_token(example("request_create_api_token.json"));
  ASSERT_TRUE(command.ok());
  EXPECT_EQ(command->name, "Nattlig export till diariet");
  EXPECT_EQ(command->expires_at, at("2027-06-30T23:59:59Z"));
  const auto without = parse_create_api_token(R"({"name":"x"})");
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->expires_at, std::nullopt);
}

TEST(ApiTokenRequests, BadBodiesAreRefusedNamingTheField) {
  for (const auto& [body, code, words] :
       std::vector<std::tuple<std::string, ErrorCode, std::string>>{
           {"{}", ErrorCode::bad_request, "\"name\""},
           {R"({"name":1})", ErrorCode::bad_request, "\"name\""},
           {R"({"name":"x","expires_at":"2027-06-30"})", ErrorCode::bad_request, "\"expires_at\""},
           {R"({"name":"x","expires_at":null})", ErrorCode::bad_request, "\"expires_at\""},
           {R"({"name":"x","scope":"write"})", ErrorCode::unknown_field, "\"scope\""},
           {R"({"name":"x","name":"y"})", ErrorCode::bad_json, ""},
           {"[]", ErrorCode::bad_json, ""},
       }) {
    const auto parsed = parse_create_api_token(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, code) << body;
    EXPECT_NE(parsed.error().message.find(words), std::string::npos) << parsed.error().message;
  }
}

TEST(ApiTokenAnswers, AreEncodedToTheExamplesBytes) {
  EXPECT_EQ(encode_created_api_token(nightly(),
                                     "samrad_export_Zk3r0bqY8iHc1n2XwV7oL4eT9aMdPjS6uQ5yB0cKfGg"),
            example("response_create_api_token.json"));
  auto old = nightly();
  old.id = 3;
  old.name = "Test från förra året";
  old.created_at = at("2025-10-01T09:00:00.000Z");
  old.last_used_at = std::nullopt;
  old.expires_at = at("2026-10-01T09:00:00.000Z");
  old.revoked_at = at("2026-03-02T10:00:00.000Z");
  old.revoked_by = eva.id;
  const auto now = at("2026-11-30T17:30:00.000Z");
  EXPECT_EQ(encode_api_tokens({{nightly(), eva}, {old, eva}}, now),
            example("response_api_tokens.json"));
  auto revoked = nightly();
  revoked.revoked_at = at("2026-11-30T18:00:00.000Z");
  EXPECT_EQ(encode_api_token(revoked, now), example("response_revoke_api_token.json"));
  // Past its end and not revoked: expired.
  EXPECT_NE(
      encode_api_token(nightly(), at("2027-07-01T00:00:00.000Z")).find("\"status\":\"expired\""),
      std::string::npos);
}

TEST(RoundExport, IsEncodedToTheExamplesBytes) {
  using domain::Sector;
  const std::vector<domain::RoundSummary> rounds = {
      {.id = 5,
       .title = "Samordnad uppföljning av statsbidrag till skolan",
       .phase = domain::Phase::decided,
       .head_seq = 40,
       .created_at = "2026-11-27T11:00:00.000Z",
       .kind = domain::RoundKind::bilateral,
       .sectors = {Sector::school},
       .opens_at = std::nullopt,
       .closes_at = std::nullopt},
      {.id = 1,
       .title = "Generella statsbidrag som huvudprincip",
       .phase = domain::Phase::open,
       .head_seq = 90,
       .created_at = "2026-11-27T09:00:00.000Z",
       .kind = domain::RoundKind::plenary,
       .sectors = {Sector::health_care, Sector::school, Sector::social_care},
       .opens_at = at("2026-11-27T09:00:00.000Z"),
       .closes_at = at("2026-12-18T16:00:00.000Z")}};
  EXPECT_EQ(encode_round_export(rounds), example("response_export_rounds.json"));
}

TEST(RoundExport, FiltersAreReadFromTheQueryString) {
  const auto query = parse_round_export_query({{"phase", "open"},
                                               {"sector", "school"},
                                               {"from", "2026-01-01T00:00:00Z"},
                                               {"to", "2027-01-01T00:00:00.000Z"}});
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->phase, domain::Phase::open);
  EXPECT_EQ(query->sector, domain::Sector::school);
  EXPECT_EQ(query->from, at("2026-01-01T00:00:00Z"));
  EXPECT_EQ(query->to, at("2027-01-01T00:00:00Z"));
  EXPECT_TRUE(parse_round_export_query({}).ok());
}

TEST(RoundExport, BadFiltersAreRefusedNamingTheParameter) {
  for (const auto& [parameters, name] :
       std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>>{
           {{{"phase", "finished"}}, "phase"},
           {{{"phase", ""}}, "phase"},
           {{{"sector", "defence"}}, "sector"},
           {{{"from", "yesterday"}}, "from"},
           {{{"to", "2026-02-30T00:00:00Z"}}, "to"},
           {{{"phase", "open"}, {"phase", "draft"}}, "phase"},
           {{{"colour", "red"}}, "colour"},
           {{{"from", "2026-02-01T00:00:00Z"}, {"to", "2026-01-01T00:00:00Z"}}, "from"},
       }) {
    const auto query = parse_round_export_query(parameters);
    ASSERT_FALSE(query.ok()) << name;
    EXPECT_EQ(query.error().code, ErrorCode::bad_request);
    EXPECT_NE(query.error().message.find("\"" + name + "\""), std::string::npos)
        << query.error().message;
  }
}

}  // namespace
}  // namespace samrad::protocol
