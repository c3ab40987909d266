// Who has answered: list_participation and send_reminder; who is here: list_presence. The values
// each is parsed to, that an absent or empty message is none while a blank one is refused, the byte
// limit of a message, and the order in which the fields are checked (the order of the request's
// table). Also the order of keys in a reminder_sent event and a list_participation result.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/commands.hpp"
#include "parsing.hpp"
#include "protocol/codec.hpp"

namespace samrad::protocol {
namespace {

using domain::ErrorCode;
using fixtures::expect_refused;
using fixtures::parsed;

std::string frame(const std::string& type, const std::string& fields) {
  return R"({"type":")" + type + R"(","id":31)" + fields + "}";
}

std::string message_of(const std::string& text) {
  return R"(,"round_id":1,"organisation_id":4,"message":)" + nlohmann::json(text).dump();
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

TEST(ParseListParticipation, NamesTheRound) {
  EXPECT_EQ(
      parsed<ListParticipation>(frame("list_participation", R"(,"round_id":9007199254740991)"))
          .round,
      9007199254740991);
  for (const std::string bad : {"0", "-1", "1.5", R"("1")", "null", "[1]"}) {
    expect_refused(frame("list_participation", R"(,"round_id":)" + bad), ErrorCode::bad_request,
                   "round_id");
  }
}

TEST(ParseListPresence, NamesTheRoundAndNothingElse) {
  EXPECT_EQ(parsed<ListPresence>(frame("list_presence", R"(,"round_id":9007199254740991)")).round,
            9007199254740991);
  for (const std::string bad : {"0", "-1", "1.5", R"("1")", "null", "[1]"}) {
    expect_refused(frame("list_presence", R"(,"round_id":)" + bad), ErrorCode::bad_request,
                   "round_id");
  }
  expect_refused(frame("list_presence", R"(,"round_id":1,"since":0)"), ErrorCode::unknown_field,
                 "since");
}

TEST(ParseSendReminder, AnAbsentOrEmptyMessageIsNone) {
  const auto without =
      parsed<domain::SendReminder>(frame("send_reminder", R"(,"organisation_id":4,"round_id":1)"));
  EXPECT_EQ(without.round, 1);
  EXPECT_EQ(without.organisation, 4);
  EXPECT_EQ(without.message, "");
  EXPECT_EQ(parsed<domain::SendReminder>(frame("send_reminder", message_of(""))).message, "");
}

TEST(ParseSendReminder, AMessageIsKeptAsWrittenWithinTheReasonLimit) {
  const std::string written = "  Vi saknar era synpunkter.\nSamrådet stänger snart.  ";
  EXPECT_EQ(parsed<domain::SendReminder>(frame("send_reminder", message_of(written))).message,
            written);
  std::string two_byte_letters;
  for (std::size_t i = 0; i < domain::max_reason_bytes / 2; ++i) two_byte_letters += "å";
  EXPECT_EQ(parsed<domain::SendReminder>(frame("send_reminder", message_of(two_byte_letters)))
                .message.size(),
            domain::max_reason_bytes);
  expect_refused(frame("send_reminder", message_of(two_byte_letters + "x")), ErrorCode::too_large,
                 "message");
}

TEST(ParseSendReminder, ABlankMessageOrOneOfAnotherTypeIsRefused) {
  for (const std::string blank : {" ", "\t\n", "\u00a0\u200b", "\ufeff"}) {
    expect_refused(frame("send_reminder", message_of(blank)), ErrorCode::bad_request, "message");
  }
  for (const std::string bad : {"null", "42", "true", R"(["Hej"])", R"({"text":"Hej"})"}) {
    expect_refused(frame("send_reminder", R"(,"round_id":1,"organisation_id":4,"message":)" + bad),
                   ErrorCode::bad_request, "message");
  }
}

TEST(ParseSendReminder, FieldsAreCheckedInTheTablesOrder) {
  // Every field is wrong: the first in the table's order is named.
  expect_refused(frame("send_reminder", R"(,"message":null,"organisation_id":0,"round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  expect_refused(frame("send_reminder", R"(,"message":null,"organisation_id":0,"round_id":1)"),
                 ErrorCode::bad_request, "organisation_id");
  expect_refused(frame("send_reminder", R"(,"round_id":1)"), ErrorCode::bad_request,
                 "organisation_id");
}

TEST(EncodeParticipation, AReminderEventsDataIsTheOrganisationTheMessageAndAMissingPosition) {
  const domain::Event event{
      .stream = {1, domain::StreamKind::main},
      .seq = 7,
      .at = 1'795'428'900'000,
      .actor = {1,
                "Sara Ekström",
                "sara@example.se",
                domain::Role::secretariat,
                {1, "Samrådssekretariatet", domain::OrganisationKind::other}},
      .data = domain::ReminderSent{{9, "Malmö stad", domain::OrganisationKind::municipality}, ""},
      .access_after = std::nullopt};
  const auto frame = nlohmann::ordered_json::parse(encode_event(event));
  EXPECT_EQ(frame.at("kind"), "reminder_sent");
  EXPECT_FALSE(frame.contains("stream")) << "the main stream is not named";
  EXPECT_EQ(keys_of(frame.at("data")),
            (std::vector<std::string>{"organisation", "message", "position_missing"}));
  EXPECT_EQ(frame.at("data").at("organisation").at("side"), "municipal");
  EXPECT_EQ(frame.at("data").at("message"), "");
  EXPECT_EQ(frame.at("data").at("position_missing"), false);
}

TEST(EncodeParticipation, AnEmptyListIsAnEmptyArrayAndNoneIsNull) {
  const auto empty = nlohmann::ordered_json::parse(encode_participation_result(3, 5, {}));
  EXPECT_EQ(empty.at("result"),
            (nlohmann::ordered_json{{"round_id", 5}, {"organisations", nlohmann::json::array()}}));
  const auto one = nlohmann::ordered_json::parse(encode_participation_result(
      3, 5, {{{9, "Malmö stad", domain::OrganisationKind::municipality}, {}, {}}}));
  const auto& entry = one.at("result").at("organisations").at(0);
  EXPECT_EQ(keys_of(entry),
            (std::vector<std::string>{"organisation", "posts", "reminders", "position"}));
  EXPECT_EQ(entry.at("posts").dump(), R"({"main":0,"preparation":0,"latest_at":null})");
  EXPECT_EQ(entry.at("reminders").dump(), R"({"count":0,"latest_at":null})");
  EXPECT_EQ(entry.at("position").dump(), R"({"version":0,"stance":null,"latest_at":null})");
}

}  // namespace
}  // namespace samrad::protocol
