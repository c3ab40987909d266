// The round life cycle's server messages: the new events (phase_changed, schedule_changed,
// organisation_invited, invitation_withdrawn), round_created with and without kind and sectors,
// the command result of a life-cycle command, list_rounds' new fields, list_organisations'
// result and subscription_ended; each with its keys in the spec's order, compact.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/codec.hpp"

namespace samrad::protocol {
namespace {

using domain::OrganisationKind;
using domain::Phase;
using domain::Role;
using domain::Sector;
using domain::StreamId;
using domain::StreamKind;
using nlohmann::ordered_json;

constexpr StreamId main_of_4{4, StreamKind::main};
constexpr domain::Timestamp nov23_10_15 = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z

const domain::Organisation socialdepartementet{1, "Socialdepartementet",
                                               OrganisationKind::ministry};
const domain::Organisation malmo{2, "Malmö stad", OrganisationKind::municipality};
const domain::Organisation forum{7, "Forum för samråd", OrganisationKind::other};
const domain::Person erik{1, "Erik Holm", "erik.holm@regeringskansliet.se", Role::secretariat,
                          socialdepartementet};

domain::Event event_of(domain::EventData data, domain::Seq seq = 3,
                       const StreamId& stream = main_of_4) {
  return {.stream = stream,
          .seq = seq,
          .at = nov23_10_15,
          .actor = erik,
          .data = std::move(data),
          .access_after = std::nullopt};
}

// The frame, checked to be compact JSON with "type" first; parsed with its key order.
ordered_json frame_of(const std::string& frame) {
  const auto parsed = ordered_json::parse(frame, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << frame;
  if (parsed.is_discarded()) return ordered_json::object();
  EXPECT_EQ(frame, parsed.dump()) << "compact";
  EXPECT_EQ(frame.rfind(R"({"type":)", 0), 0u) << frame;
  return parsed;
}

std::vector<std::string> keys_of(const ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

using Keys = std::vector<std::string>;

ordered_json organisation_json(const domain::Organisation& organisation, const char* side) {
  return {{"id", organisation.id},
          {"name", organisation.name},
          {"kind", domain::to_string(organisation.kind)},
          {"side", side}};
}

ordered_json data_of(const domain::EventData& data) {
  const auto frame = frame_of(encode_event(event_of(data)));
  EXPECT_EQ(keys_of(frame), (Keys{"type", "round_id", "seq", "at", "kind", "actor", "data"}));
  EXPECT_EQ(frame.at("kind"), std::string(domain::kind_of(data)));
  return frame.at("data");
}

// --- events ---

TEST(EncodeRoundEvents, PhaseChangedSaysFromWhatToWhatAndWhetherByItself) {
  const auto by_hand = data_of(domain::PhaseChanged{Phase::draft, Phase::open, false});
  EXPECT_EQ(keys_of(by_hand), (Keys{"previous", "phase", "automatic"}));
  EXPECT_EQ(by_hand.dump(), R"({"previous":"draft","phase":"open","automatic":false})");
  EXPECT_EQ(data_of(domain::PhaseChanged{Phase::open, Phase::closed, true}).dump(),
            R"({"previous":"open","phase":"closed","automatic":true})");
  EXPECT_EQ(data_of(domain::PhaseChanged{Phase::closed, Phase::decided, false}).dump(),
            R"({"previous":"closed","phase":"decided","automatic":false})");
}

TEST(EncodeRoundEvents, ScheduleChangedWritesEachTimeOrNull) {
  EXPECT_EQ(data_of(domain::ScheduleChanged{nov23_10_15 + 7, nov23_10_15 + 86'400'000}).dump(),
            R"({"opens_at":"2026-11-23T10:15:00.007Z","closes_at":"2026-11-24T10:15:00.000Z"})");
  EXPECT_EQ(data_of(domain::ScheduleChanged{std::nullopt, nov23_10_15}).dump(),
            R"({"opens_at":null,"closes_at":"2026-11-23T10:15:00.000Z"})");
  EXPECT_EQ(data_of(domain::ScheduleChanged{nov23_10_15, std::nullopt}).dump(),
            R"({"opens_at":"2026-11-23T10:15:00.000Z","closes_at":null})");
  EXPECT_EQ(data_of(domain::ScheduleChanged{std::nullopt, std::nullopt}).dump(),
            R"({"opens_at":null,"closes_at":null})");
}

TEST(EncodeRoundEvents, InvitationsNameTheOrganisationWithItsSide) {
  const auto invited = data_of(domain::OrganisationInvited{malmo});
  EXPECT_EQ(invited, (ordered_json{{"organisation", organisation_json(malmo, "municipal")}}));
  EXPECT_EQ(keys_of(invited.at("organisation")), (Keys{"id", "name", "kind", "side"}));
  const auto withdrawn = data_of(domain::InvitationWithdrawn{socialdepartementet});
  EXPECT_EQ(withdrawn,
            (ordered_json{{"organisation", organisation_json(socialdepartementet, "state")}}));
  EXPECT_EQ(data_of(domain::InvitationWithdrawn{forum}).at("organisation").at("side"), "neutral");
}

TEST(EncodeRoundEvents, RoundCreatedAddsKindAndThenSectorsAfterTheInvited) {
  const auto data = data_of(domain::RoundCreated{"Hälsa",
                                                 "Text",
                                                 Phase::draft,
                                                 {socialdepartementet, malmo},
                                                 domain::RoundKind::bilateral,
                                                 {Sector::social_care, Sector::health_care}});
  EXPECT_EQ(keys_of(data), (Keys{"title", "proposal", "phase", "invited", "kind", "sectors"}));
  EXPECT_EQ(data.at("kind"), "bilateral");
  EXPECT_EQ(data.at("sectors"), (ordered_json{"social_care", "health_care"}));
  EXPECT_EQ(data.at("invited").at(1), organisation_json(malmo, "municipal"));
}

TEST(EncodeRoundEvents, RoundCreatedWithoutSectorsHasNoSectorsKey) {
  const auto data =
      data_of(domain::RoundCreated{"Skola", "", Phase::draft, {}, domain::RoundKind::plenary, {}});
  EXPECT_EQ(keys_of(data), (Keys{"title", "proposal", "phase", "invited", "kind"}));
  EXPECT_EQ(data.at("kind"), "plenary");
}

TEST(EncodeRoundEvents, ARoundCreatedBeforeKindsIsEncodedAsItWasThen) {
  // A legacy event: neither key, byte for byte what the server sent before rounds had kinds.
  const auto frame = encode_event(event_of(
      domain::RoundCreated{"Statsbidrag", "Text", Phase::open, {malmo}, std::nullopt, {}}, 1));
  EXPECT_EQ(frame,
            R"({"type":"event","round_id":4,"seq":1,"at":"2026-11-23T10:15:00.000Z",)"
            R"("kind":"round_created","actor":{"id":1,"name":"Erik Holm","role":"secretariat",)"
            R"("organisation":{"id":1,"name":"Socialdepartementet","kind":"ministry",)"
            R"("side":"state"}},"data":{"title":"Statsbidrag","proposal":"Text","phase":"open",)"
            R"("invited":[{"id":2,"name":"Malmö stad","kind":"municipality",)"
            R"("side":"municipal"}]}})");
  // Sectors without a kind cannot come from the domain; they are still written, after invited.
  const auto data =
      data_of(domain::RoundCreated{"T", "", Phase::open, {}, std::nullopt, {Sector::school}});
  EXPECT_EQ(keys_of(data), (Keys{"title", "proposal", "phase", "invited", "sectors"}));
}

TEST(EncodeRoundEvents, LifeCycleEventsOfAPreparationStreamNameIt) {
  const auto frame =
      frame_of(encode_event(event_of(domain::PhaseChanged{Phase::open, Phase::closed, true}, 2,
                                     {4, StreamKind::state_preparation})));
  EXPECT_EQ(keys_of(frame),
            (Keys{"type", "round_id", "stream", "seq", "at", "kind", "actor", "data"}));
}

// --- results ---

TEST(EncodeRoundResults, ALifeCycleCommandIsAnsweredWithItsEventsPlaceAlone) {
  for (const domain::EventData& data : std::vector<domain::EventData>{
           domain::PhaseChanged{Phase::draft, Phase::open, false},
           domain::ScheduleChanged{std::nullopt, nov23_10_15},
           domain::OrganisationInvited{malmo},
           domain::InvitationWithdrawn{malmo},
           domain::RoundCreated{"T", "", Phase::draft, {}, domain::RoundKind::plenary, {}},
       }) {
    SCOPED_TRACE(std::string(domain::kind_of(data)));
    EXPECT_EQ(encode_command_result(31, event_of(data, 9)),
              R"({"type":"result","id":31,"result":{"round_id":4,"seq":9}})");
  }
}

TEST(EncodeRoundResults, ListRoundsGivesKindSectorsScheduleAndPreparationStreamsAfterCreatedAt) {
  const auto frame = frame_of(
      encode_rounds_result(5, {{.id = 4,
                                .title = "Hälsa",
                                .phase = Phase::open,
                                .head_seq = 12,
                                .created_at = "2026-11-23T09:00:00.000Z",
                                .kind = domain::RoundKind::bilateral,
                                .sectors = {Sector::health_care, Sector::social_care},
                                .opens_at = nov23_10_15,
                                .closes_at = nov23_10_15 + 1,
                                .preparation_streams = {domain::StreamKind::state_preparation,
                                                        domain::StreamKind::municipal_preparation}},
                               {.id = 3,
                                .title = "Skola",
                                .phase = Phase::draft,
                                .head_seq = 1,
                                .created_at = "2026-11-22T09:00:00.000Z",
                                .kind = domain::RoundKind::plenary,
                                .sectors = {},
                                .opens_at = std::nullopt,
                                .closes_at = std::nullopt}}));
  EXPECT_EQ(keys_of(frame), (Keys{"type", "id", "result"}));
  const auto& rounds = frame.at("result").at("rounds");
  ASSERT_EQ(rounds.size(), 2u);
  for (const auto& round : rounds) {
    EXPECT_EQ(keys_of(round), (Keys{"id", "title", "phase", "head_seq", "created_at", "kind",
                                    "sectors", "opens_at", "closes_at", "preparation_streams"}));
  }
  EXPECT_EQ(rounds[0].at("kind"), "bilateral");
  EXPECT_EQ(rounds[0].at("sectors"), (ordered_json{"health_care", "social_care"}));
  EXPECT_EQ(rounds[0].at("opens_at"), "2026-11-23T10:15:00.000Z");
  EXPECT_EQ(rounds[0].at("closes_at"), "2026-11-23T10:15:00.001Z");
  EXPECT_EQ(rounds[1].at("kind"), "plenary");
  EXPECT_EQ(rounds[1].at("sectors"), ordered_json::array()) << "empty, not absent";
  EXPECT_TRUE(rounds[1].at("opens_at").is_null());
  EXPECT_TRUE(rounds[1].at("closes_at").is_null());
  EXPECT_EQ(rounds[0].at("preparation_streams"),
            (ordered_json{"state_preparation", "municipal_preparation"}));
  EXPECT_EQ(rounds[1].at("preparation_streams"), ordered_json::array()) << "empty, not absent";
}

TEST(EncodeRoundResults, ListOrganisationsKeepsTheGivenOrderWithEachSide) {
  const auto frame = frame_of(encode_organisations_result(8, {malmo, socialdepartementet, forum}));
  EXPECT_EQ(keys_of(frame.at("result")), (Keys{"organisations"}));
  EXPECT_EQ(frame.at("id"), 8);
  EXPECT_EQ(frame.at("result").at("organisations"),
            (ordered_json{organisation_json(malmo, "municipal"),
                          organisation_json(socialdepartementet, "state"),
                          organisation_json(forum, "neutral")}));
  EXPECT_EQ(encode_organisations_result(9, {}),
            R"({"type":"result","id":9,"result":{"organisations":[]}})");
}

// --- subscription_ended ---

TEST(EncodeSubscriptionEnded, NamesTheStreamOnlyWhenItIsNotMainThenTheReason) {
  EXPECT_EQ(encode_subscription_ended(main_of_4, "access_withdrawn"),
            R"({"type":"subscription_ended","round_id":4,"reason":"access_withdrawn"})");
  EXPECT_EQ(encode_subscription_ended({4, StreamKind::municipal_preparation}, "access_withdrawn"),
            R"({"type":"subscription_ended","round_id":4,"stream":"municipal_preparation",)"
            R"("reason":"access_withdrawn"})");
  EXPECT_EQ(encode_subscription_ended({9007199254740991, StreamKind::state_preparation},
                                      "access_withdrawn"),
            R"({"type":"subscription_ended","round_id":9007199254740991,)"
            R"("stream":"state_preparation","reason":"access_withdrawn"})");
}

}  // namespace
}  // namespace samrad::protocol
