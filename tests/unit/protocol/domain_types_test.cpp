// The domain's wire spellings (enums, stream kinds, error codes) against the protocol's schemas,
// the side each organisation kind speaks for, and the timestamp format.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "domain/result.hpp"
#include "domain/types.hpp"
#include "protocol_fixtures.hpp"

namespace samrad::domain {
namespace {

namespace fx = protocol::fixtures;

std::set<std::string> schema_enum(const std::string& definition) {
  static const auto defs = fx::read_json(fx::protocol_dir() / "schemas" / "defs.schema.json");
  return defs.at("$defs").at(definition).at("enum").get<std::set<std::string>>();
}

template <class Enum, class From>
std::set<std::string> round_trip_all(Enum last, From from) {
  std::set<std::string> spellings;
  for (int i = 0; i <= static_cast<int>(last); ++i) {
    const auto value = static_cast<Enum>(i);
    const std::string text(to_string(value));
    EXPECT_EQ(from(text), value) << text;
    spellings.insert(text);
  }
  return spellings;
}

TEST(DomainTypes, EnumsRoundTripAndMatchTheSchemas) {
  EXPECT_EQ(round_trip_all(OrganisationKind::other, organisation_kind_from),
            schema_enum("organisation_kind"));
  EXPECT_EQ(round_trip_all(Role::observer, role_from), schema_enum("role"));
  EXPECT_EQ(round_trip_all(Phase::decided, phase_from), schema_enum("phase"));
  EXPECT_EQ(round_trip_all(RoundKind::bilateral, round_kind_from), schema_enum("round_kind"));
  EXPECT_EQ(round_trip_all(Sector::social_care, sector_from), schema_enum("sector"));
  EXPECT_EQ((std::set<std::string>{std::string(to_string(Side::state)),
                                   std::string(to_string(Side::municipal)),
                                   std::string(to_string(Side::neutral))}),
            schema_enum("side"));
}

TEST(DomainTypes, StreamKindsRoundTripAndMatchTheSchemas) {
  const auto spellings = round_trip_all(StreamKind::moderation, stream_kind_from);
  EXPECT_EQ(spellings.size(), 4u);
  // A client subscribes to any stream; the server writes every stream but main (left out).
  EXPECT_EQ(spellings, schema_enum("subscription_stream"));
  auto named = spellings;
  named.erase("main");
  EXPECT_EQ(named, schema_enum("named_stream"));
  // Threads are in the main stream or a side's preparation; results about threads and posts
  // name only a preparation stream.
  std::set<std::string> preparation;
  for (const auto& name : spellings) {
    if (preparing_side(*stream_kind_from(name))) preparation.insert(name);
  }
  EXPECT_EQ(preparation, schema_enum("preparation_stream"));
  preparation.insert("main");
  EXPECT_EQ(preparation, schema_enum("stream"));
  EXPECT_EQ(to_string(StreamKind::moderation), "moderation");
  EXPECT_EQ(to_string(StreamKind::main), "main");
  EXPECT_EQ(to_string(StreamKind::state_preparation), "state_preparation");
  EXPECT_EQ(to_string(StreamKind::municipal_preparation), "municipal_preparation");
}

TEST(DomainTypes, RequestsNameTheStreamWithTheSharedDefinition) {
  const auto schemas = fx::protocol_dir() / "schemas";
  for (const char* request : {"subscribe", "unsubscribe"}) {
    const auto schema = fx::read_json(schemas / "client" / (std::string(request) + ".schema.json"));
    EXPECT_EQ(schema.at("properties").at("stream").at("$ref"),
              "../defs.schema.json#/$defs/subscription_stream")
        << request;
    const auto& required = schema.at("required");
    EXPECT_EQ(std::find(required.begin(), required.end(), "stream"), required.end())
        << request << ": stream is optional";
  }
  for (const char* answer : {"event", "result_subscribe", "result_unsubscribe"}) {
    const auto schema = fx::read_json(schemas / "server" / (std::string(answer) + ".schema.json"));
    const auto& properties = std::string(answer) == "event"
                                 ? schema.at("properties")
                                 : schema.at("properties").at("result").at("properties");
    EXPECT_EQ(properties.at("stream").at("$ref"), "../defs.schema.json#/$defs/named_stream")
        << answer;
  }
  // A thread is never opened in the moderation stream, and results about threads and posts
  // name a preparation stream only.
  const auto thread = fx::read_json(schemas / "client" / "create_thread.schema.json");
  EXPECT_EQ(thread.at("properties").at("stream").at("$ref"), "../defs.schema.json#/$defs/stream");
  for (const char* answer : {"result_create_thread", "result_create_post", "result_edit_post"}) {
    const auto schema = fx::read_json(schemas / "server" / (std::string(answer) + ".schema.json"));
    EXPECT_EQ(schema.at("properties").at("result").at("properties").at("stream").at("$ref"),
              "../defs.schema.json#/$defs/preparation_stream")
        << answer;
  }
}

TEST(DomainTypes, UnknownSpellingsAreRefused) {
  EXPECT_EQ(organisation_kind_from("Municipality"), std::nullopt);
  EXPECT_EQ(role_from(""), std::nullopt);
  EXPECT_EQ(phase_from("open "), std::nullopt);
  EXPECT_EQ(role_from("administrator"), std::nullopt);
  EXPECT_EQ(stream_kind_from("Main"), std::nullopt);
  EXPECT_EQ(stream_kind_from(""), std::nullopt);
  EXPECT_EQ(stream_kind_from("preparation"), std::nullopt);
  EXPECT_EQ(stream_kind_from("state"), std::nullopt);
  EXPECT_EQ(round_kind_from("Plenary"), std::nullopt);
  EXPECT_EQ(round_kind_from(""), std::nullopt);
  EXPECT_EQ(round_kind_from("multilateral"), std::nullopt);
  EXPECT_EQ(sector_from("health care"), std::nullopt);
  EXPECT_EQ(sector_from("School"), std::nullopt);
  EXPECT_EQ(sector_from("education"), std::nullopt);
}

TEST(DomainTypes, RoundKindsAndSectorsAreSpelledAsTheProtocolSays) {
  EXPECT_EQ(to_string(RoundKind::plenary), "plenary");
  EXPECT_EQ(to_string(RoundKind::bilateral), "bilateral");
  EXPECT_EQ(to_string(Sector::health_care), "health_care");
  EXPECT_EQ(to_string(Sector::school), "school");
  EXPECT_EQ(to_string(Sector::social_care), "social_care");
}

// The timestamp patterns of the schemas accept what the codec writes and what it parses.
TEST(DomainTypes, TimestampsMatchTheSchemasPatterns) {
  static const auto defs = fx::read_json(fx::protocol_dir() / "schemas" / "defs.schema.json");
  const std::regex server(defs.at("$defs").at("timestamp").at("pattern").get<std::string>(),
                          std::regex::ECMAScript);
  const std::regex client(defs.at("$defs").at("client_timestamp").at("pattern").get<std::string>(),
                          std::regex::ECMAScript);
  for (const Timestamp time : {Timestamp{0}, Timestamp{1'795'428'900'123}, Timestamp{-1}}) {
    const auto text = format_timestamp(time);
    EXPECT_TRUE(std::regex_match(text, server)) << text;
    EXPECT_TRUE(std::regex_match(text, client)) << text;
  }
  for (const std::string text : {"2026-11-23T10:15:00Z", "2026-11-23T10:15:00.123Z"}) {
    EXPECT_TRUE(parse_timestamp(text).has_value()) << text;
    EXPECT_TRUE(std::regex_match(text, client)) << text;
  }
  for (const std::string text :
       {"2026-11-23T10:15:00+01:00", "2026-11-23T10:15:00", "2026-11-23 10:15:00Z",
        "2026-11-23T10:15:00.1Z", "2026-11-23T10:15:00z"}) {
    EXPECT_FALSE(parse_timestamp(text).has_value()) << text;
    EXPECT_FALSE(std::regex_match(text, client)) << text;
  }
}

TEST(DomainTypes, ErrorCodeSpellingsMatchTheSchema) {
  std::set<std::string> spellings;
  for (int i = 0; i <= static_cast<int>(ErrorCode::internal); ++i) {
    spellings.insert(std::string(to_string(static_cast<ErrorCode>(i))));
  }
  // No two codes share a spelling (a set would hide that).
  EXPECT_EQ(spellings.size(), static_cast<std::size_t>(ErrorCode::internal) + 1);
  EXPECT_EQ(spellings, schema_enum("error_code"));
  EXPECT_EQ(to_string(ErrorCode::bad_json), "bad_json");
  EXPECT_EQ(to_string(ErrorCode::storage_failed), "storage_failed");
  EXPECT_EQ(to_string(ErrorCode::stale_position), "stale_position");
  EXPECT_TRUE(schema_enum("error_code").contains("stale_position"));
}

TEST(DomainTypes, SideFollowsFromKind) {
  EXPECT_EQ(side_of(OrganisationKind::ministry), Side::state);
  EXPECT_EQ(side_of(OrganisationKind::agency), Side::state);
  EXPECT_EQ(side_of(OrganisationKind::municipality), Side::municipal);
  EXPECT_EQ(side_of(OrganisationKind::region), Side::municipal);
  EXPECT_EQ(side_of(OrganisationKind::association), Side::municipal);
  EXPECT_EQ(side_of(OrganisationKind::other), Side::neutral);
}

TEST(DomainTypes, FormatTimestampIsUtcWithMilliseconds) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(1795428900123), "2026-11-23T10:15:00.123Z");
  EXPECT_EQ(format_timestamp(1835481599999), "2028-02-29T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(1835481600000), "2028-03-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(253402300799999), "9999-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace samrad::domain
