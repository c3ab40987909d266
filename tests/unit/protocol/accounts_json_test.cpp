// The HTTP API's account bodies against the shared examples (protocol/examples/http): every
// request example parses, every invalid body is refused with the manifest's code, every answer
// is built from native values to exactly the example's bytes; and the audit log's query string
// is parsed strictly.
#include "protocol/accounts_json.hpp"
#include "protocol/api_tokens_json.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "protocol_fixtures.hpp"

namespace samrad::protocol {
namespace {

using domain::ErrorCode;
namespace fs = std::filesystem;

fs::path http_dir() {
  return fixtures::protocol_dir() / "examples" / "http";
}

std::string example(const std::string& name) {
  auto text = fixtures::read_bytes(http_dir() / name);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

domain::Timestamp at(const char* text) {
  return *domain::parse_timestamp(text);
}

const domain::Organisation malmo{9, "Malmö stad", domain::OrganisationKind::municipality};
const domain::Organisation gotland{12, "Region Gotland", domain::OrganisationKind::region};
const domain::Organisation office{1, "Samrådssekretariatet", domain::OrganisationKind::other};
const domain::Person karin{2, "Karin Holm", "admin@samrad.example", domain::Role::admin, office};
const domain::Person sara{1, "Sara Ekström", "sekretariat@samrad.example",
                          domain::Role::secretariat, office};
const domain::Person johanna{13, "Johanna Berg", "johanna.berg@gotland.example",
                             domain::Role::representative, gotland};
constexpr const char* token = "5f0c6a2e9b1d4c7a8e3f2b6d9a0c1e47";

// Which parser reads each kind of request body.
using Parse = std::function<domain::Status(std::string_view)>;
template <class T>
Parse status_of(domain::Result<T> (*parse)(std::string_view)) {
  return [parse](std::string_view body) -> domain::Status {
    auto parsed = parse(body);
    if (!parsed) return parsed.error();
    return domain::Ok{};
  };
}
const std::map<std::string, Parse> parsers = {
    {"create_organisation", status_of(parse_create_organisation)},
    {"create_person", status_of(parse_create_person)},
    {"change_role", status_of(parse_change_role)},
    {"invitation", status_of(parse_invitation_token)},
    {"invitation_accept", status_of(parse_accept_invitation)},
    {"create_api_token", status_of(parse_create_api_token)},
};

TEST(AccountRequests, EveryRequestExampleParses) {
  int checked = 0;
  for (const auto& name : fixtures::file_names(http_dir())) {
    if (!name.starts_with("request_")) continue;
    const auto parser = parsers.find(name.substr(8, name.size() - 8 - 5));
    ASSERT_NE(parser, parsers.end()) << name;
    const auto status = parser->second(example(name));
    EXPECT_TRUE(status.ok()) << name << ": " << (status ? "" : status.error().message);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(AccountRequests, TheExamplesSayWhatTheyShould) {
  const auto person = parse_create_person(example("request_create_person.json"));
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->name, "Johanna Berg");
  EXPECT_EQ(person->email, "johanna.berg@gotland.example");
  EXPECT_EQ(person->role, domain::Role::representative);
  EXPECT_EQ(person->organisation, 12);
  const auto organisation = parse_create_organisation(example("request_create_organisation.json"));
  EXPECT_EQ(organisation->kind, domain::OrganisationKind::region);
  EXPECT_EQ(*parse_change_role(example("request_change_role.json")), domain::Role::observer);
  const auto accept = parse_accept_invitation(example("request_invitation_accept.json"));
  EXPECT_EQ(accept->token, token);
  EXPECT_EQ(accept->password, "tre ord och en siffra 7");
}

TEST(AccountRequests, EveryInvalidBodyIsRefusedWithTheManifestsCode) {
  const auto manifest = fixtures::read_json(http_dir() / "invalid" / "manifest.json");
  auto files = fixtures::file_names(http_dir() / "invalid");
  files.erase("manifest.json");
  EXPECT_EQ(files.size(), manifest.size());
  for (const auto& [name, expected] : manifest.items()) {
    const auto parser = parsers.find(expected.at("parser").get<std::string>());
    ASSERT_NE(parser, parsers.end()) << name;
    const auto status = parser->second(fixtures::read_bytes(http_dir() / "invalid" / name));
    ASSERT_FALSE(status.ok()) << name;
    EXPECT_EQ(domain::to_string(status.error().code), expected.at("code").get<std::string>())
        << name << ": " << status.error().message;
  }
}

TEST(AccountAnswers, AreEncodedToTheExamplesBytes) {
  EXPECT_EQ(
      encode_admin_organisations(
          {{.record = {.organisation = gotland, .active = true}, .people = 2},
           {.record = {.organisation = {11, "Statskontoret", domain::OrganisationKind::agency},
                       .active = false},
            .people = 0}}),
      example("response_admin_organisations.json"));

  const domain::Person anna{3, "Anna Lind", "anna.lind@malmo.example", domain::Role::representative,
                            malmo};
  EXPECT_EQ(encode_admin_people({{.record = {.person = anna,
                                             .active = true,
                                             .organisation_active = true,
                                             .has_password = true},
                                  .invitation_expires_at = std::nullopt,
                                  .live_sessions = 2},
                                 {.record = {.person = johanna,
                                             .active = true,
                                             .organisation_active = true,
                                             .has_password = false},
                                  .invitation_expires_at = at("2026-11-30T10:15:00Z"),
                                  .live_sessions = 0}}),
            example("response_admin_people.json"));

  EXPECT_EQ(encode_account_result({.organisation_id = 12}),
            example("response_create_organisation.json"));
  EXPECT_EQ(encode_account_result({.person_id = 13,
                                   .invitation_token = token,
                                   .invitation_expires_at = at("2026-11-30T10:15:00Z")}),
            example("response_create_person.json"));
  EXPECT_EQ(encode_account_result({.person_id = 3, .sessions_ended = 2}),
            example("response_deactivate_person.json"));
  EXPECT_EQ(encode_account_result({.organisation_id = 11, .sessions_ended = 0}),
            example("response_deactivate_organisation.json"));
  EXPECT_EQ(encode_account_result({.person_id = 3}), example("response_change_role.json"));

  EXPECT_EQ(
      encode_sessions(
          {{.id = 41,
            .person = 3,
            .created_at = at("2026-11-23T08:02:11.500Z"),
            .last_used_at = at("2026-11-23T10:14:58.120Z"),
            .expires_at = at("2026-11-23T10:44:58.120Z"),
            .absolute_expires_at = at("2026-11-23T20:02:11.500Z"),
            .user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
            .address = "192.0.2.10"},
           {.id = 37,
            .person = 3,
            .created_at = at("2026-11-23T07:40:02.000Z"),
            .last_used_at = at("2026-11-23T07:55:30.004Z"),
            .expires_at = at("2026-11-23T08:25:30.004Z"),
            .absolute_expires_at = at("2026-11-23T19:40:02.000Z"),
            .user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
                          "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 "
                          "Safari/604.1",
            .address = "198.51.100.23"}},
          41),
      example("response_sessions.json"));

  EXPECT_EQ(encode_invitation({.person = johanna}), example("response_invitation.json"));
  EXPECT_EQ(encode_person(johanna), example("response_person.json"));
}

domain::AuditEntry entry(std::int64_t id, const char* time, const char* action,
                         std::optional<domain::Person> actor, domain::Origin origin,
                         std::optional<domain::RoundId> round, std::string target_kind,
                         std::optional<std::int64_t> target_id,
                         std::vector<domain::AuditDetail> details) {
  return {.id = id,
          .record = {.at = at(time),
                     .action = action,
                     .actor = actor ? std::optional(actor->id) : std::nullopt,
                     .origin = std::move(origin),
                     .round = round,
                     .target_kind = std::move(target_kind),
                     .target_id = target_id,
                     .details = std::move(details)},
          .actor = std::move(actor)};
}

TEST(AccountAnswers, TheAuditLogIsEncodedToTheExamplesBytes) {
  using domain::Source;
  const std::vector<domain::AuditEntry> entries = {
      entry(1207, "2026-11-23T10:15:00.123Z", "person_deactivated", karin,
            {Source::web, "192.0.2.10"}, std::nullopt, "person", 3,
            {{"person", "Anna Lind"},
             {"email", "anna.lind@malmo.example"},
             {"organisation", "Malmö stad"},
             {"sessions_ended", "2"}}),
      entry(1206, "2026-11-23T10:12:41.007Z", "login_failed", std::nullopt,
            {Source::web, "203.0.113.9"}, std::nullopt, "", std::nullopt,
            {{"email", "okand@example.se"}, {"reason", "unknown_email"}}),
      entry(1205, "2026-11-23T09:30:00.000Z", "change_phase", sara, {Source::web, "192.0.2.11"}, 3,
            "round", 3, {{"previous", "draft"}, {"phase", "open"}, {"events", "main 6"}}),
      entry(1204, "2026-11-23T08:00:00.000Z", "person_created", std::nullopt,
            {Source::cli, "root@samrad-1"}, std::nullopt, "person", 13,
            {{"person", "Johanna Berg"},
             {"email", "johanna.berg@gotland.example"},
             {"organisation", "Region Gotland"},
             {"role", "representative"}}),
  };
  EXPECT_EQ(encode_audit_entries(entries, 1204), example("response_audit.json"));
  EXPECT_EQ(encode_audit_entries({}, std::nullopt), example("response_audit_last_page.json"));
}

TEST(AuditQuery, EveryFilterIsReadFromTheQueryString) {
  const auto query = parse_audit_query({{"action", "login,login_failed"},
                                        {"actor", "3"},
                                        {"round", "7"},
                                        {"q", "Malmö"},
                                        {"from", "2026-11-01T00:00:00Z"},
                                        {"to", "2026-12-01T00:00:00.000Z"},
                                        {"before", "1200"},
                                        {"limit", "50"}});
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(query->actions, (std::vector<std::string>{"login", "login_failed"}));
  EXPECT_EQ(query->actor, 3);
  EXPECT_EQ(query->round, 7);
  EXPECT_EQ(query->text, "Malmö");
  EXPECT_EQ(query->from, at("2026-11-01T00:00:00Z"));
  EXPECT_EQ(query->to, at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(query->before, 1200);
  EXPECT_EQ(query->limit, 50u);
  const auto none = parse_audit_query({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->limit, 100u);
  EXPECT_TRUE(none->actions.empty());
}

TEST(AuditQuery, BadFiltersAreRefusedClearly) {
  const std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, ErrorCode>> bad = {
      {{{"action", "Login"}}, ErrorCode::bad_request},
      {{{"action", "login,,logout"}}, ErrorCode::bad_request},
      {{{"action", ""}}, ErrorCode::bad_request},
      {{{"actor", "0"}}, ErrorCode::bad_request},
      {{{"actor", "3a"}}, ErrorCode::bad_request},
      {{{"actor", "+3"}}, ErrorCode::bad_request},
      {{{"round", "9007199254740992"}}, ErrorCode::bad_request},
      {{{"from", "2026-11-31T00:00:00Z"}}, ErrorCode::bad_request},
      {{{"to", "yesterday"}}, ErrorCode::bad_request},
      {{{"limit", "501"}}, ErrorCode::bad_request},
      {{{"limit", "0"}}, ErrorCode::bad_request},
      {{{"q", std::string(201, 'x')}}, ErrorCode::too_large},
      {{{"actor", "3"}, {"actor", "4"}}, ErrorCode::bad_request},
      {{{"delete", "1"}}, ErrorCode::unknown_field},
  };
  for (const auto& [parameters, code] : bad) {
    const auto query = parse_audit_query(parameters);
    ASSERT_FALSE(query.ok()) << parameters.front().first << "=" << parameters.front().second;
    EXPECT_EQ(query.error().code, code) << query.error().message;
  }
}

}  // namespace
}  // namespace samrad::protocol
