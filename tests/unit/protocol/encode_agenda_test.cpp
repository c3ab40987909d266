// The agenda's server messages: agenda_item_proposed, agenda_item_decided, thread_moved,
// thread_locked, post_pinned and proposal_revised, each with its keys in the spec's order and
// its null ids; post_created's proposal_version (after body, and no key at all for a post
// written before versions); a preparation thread's thread_created; and the results of the new
// requests (only propose_agenda_item's names a new id).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/codec.hpp"

namespace samrad::protocol {
namespace {

using domain::OrganisationKind;
using domain::Role;
using domain::StreamId;
using domain::StreamKind;
using nlohmann::ordered_json;
using Keys = std::vector<std::string>;

constexpr StreamId main_of_4{4, StreamKind::main};
constexpr domain::Timestamp nov23_10_15 = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z

const domain::Person sara{1,
                          "Sara Ekström",
                          "sara@samrad.example",
                          Role::secretariat,
                          {1, "Samrådssekretariatet", OrganisationKind::other}};

domain::Event event_of(domain::EventData data, domain::Seq seq = 3,
                       const StreamId& stream = main_of_4) {
  return {.stream = stream,
          .seq = seq,
          .at = nov23_10_15,
          .actor = sara,
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

Keys keys_of(const ordered_json& object) {
  Keys keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

// A main-stream event's data, the frame around it checked.
ordered_json data_of(const domain::EventData& data) {
  const auto frame = frame_of(encode_event(event_of(data)));
  EXPECT_EQ(keys_of(frame), (Keys{"type", "round_id", "seq", "at", "kind", "actor", "data"}));
  EXPECT_EQ(frame.at("kind"), std::string(domain::kind_of(data)));
  EXPECT_EQ(frame.at("round_id"), 4);
  return frame.at("data");
}

// --- events ---

TEST(EncodeAgendaEvents, AgendaItemProposedHasTheThreadTitleAndMotivation) {
  const auto data =
      data_of(domain::AgendaItemProposed{12, "Övergångsregler \"nu\"", "Fleråriga projekt"});
  EXPECT_EQ(keys_of(data), (Keys{"thread_id", "title", "motivation"}));
  EXPECT_EQ(data.at("thread_id"), 12);
  EXPECT_EQ(data.at("title"), "Övergångsregler \"nu\"");
  EXPECT_EQ(data.at("motivation"), "Fleråriga projekt");
  // An empty motivation is written, as an empty string.
  EXPECT_EQ(data_of(domain::AgendaItemProposed{14, "Fråga", ""}).at("motivation"), "");
}

TEST(EncodeAgendaEvents, AgendaItemDecidedSaysWhetherAcceptedAndWhy) {
  const auto accepted = data_of(domain::AgendaItemDecided{12, true, ""});
  EXPECT_EQ(keys_of(accepted), (Keys{"thread_id", "accepted", "reason"}));
  EXPECT_EQ(accepted.at("accepted"), true);
  EXPECT_TRUE(accepted.at("accepted").is_boolean());
  EXPECT_EQ(accepted.at("reason"), "");
  const auto declined = data_of(domain::AgendaItemDecided{14, false, "Tas upp i en annan tråd."});
  EXPECT_EQ(declined.at("thread_id"), 14);
  EXPECT_EQ(declined.at("accepted"), false);
  EXPECT_EQ(declined.at("reason"), "Tas upp i en annan tråd.");
}

TEST(EncodeAgendaEvents, ThreadMovedNamesTheThreadBeforeOrNullForTheEnd) {
  const auto before = data_of(domain::ThreadMoved{12, 2});
  EXPECT_EQ(keys_of(before), (Keys{"thread_id", "before"}));
  EXPECT_EQ(before.at("thread_id"), 12);
  EXPECT_EQ(before.at("before"), 2);
  const auto to_end = data_of(domain::ThreadMoved{1, std::nullopt});
  EXPECT_EQ(keys_of(to_end), (Keys{"thread_id", "before"})) << "null is written, not left out";
  EXPECT_TRUE(to_end.at("before").is_null());
}

TEST(EncodeAgendaEvents, ThreadLockedSaysLockedOrUnlocked) {
  for (const bool locked : {true, false}) {
    const auto data = data_of(domain::ThreadLocked{3, locked});
    EXPECT_EQ(keys_of(data), (Keys{"thread_id", "locked"}));
    EXPECT_EQ(data.at("thread_id"), 3);
    EXPECT_EQ(data.at("locked"), locked);
  }
}

TEST(EncodeAgendaEvents, PostPinnedNamesThePostOrNullWhenThePinIsRemoved) {
  const auto pinned = data_of(domain::PostPinned{1, 3});
  EXPECT_EQ(keys_of(pinned), (Keys{"thread_id", "post_id"}));
  EXPECT_EQ(pinned.at("post_id"), 3);
  const auto removed = data_of(domain::PostPinned{1, std::nullopt});
  EXPECT_EQ(keys_of(removed), (Keys{"thread_id", "post_id"}));
  EXPECT_TRUE(removed.at("post_id").is_null());
}

TEST(EncodeAgendaEvents, ProposalRevisedHasTheVersionAndTheWholeText) {
  const auto data = data_of(domain::ProposalRevised{2, "## Förslag\n\n**Nytt**"});
  EXPECT_EQ(keys_of(data), (Keys{"version", "proposal"}));
  EXPECT_EQ(data.at("version"), 2);
  EXPECT_EQ(data.at("proposal"), "## Förslag\n\n**Nytt**");
  EXPECT_EQ(data_of(domain::ProposalRevised{7, ""}).at("proposal"), "");
}

TEST(EncodeAgendaEvents, APostsProposalVersionComesAfterItsBody) {
  const auto data = data_of(domain::PostCreated{21, 12, 20, "Ja.", 2});
  EXPECT_EQ(keys_of(data), (Keys{"post_id", "thread_id", "reply_to", "body", "proposal_version"}));
  EXPECT_EQ(data.at("proposal_version"), 2);
}

TEST(EncodeAgendaEvents, APostWithoutAProposalVersionHasNoSuchKey) {
  // Posts written before versions existed replay as they were sent: no key, not null.
  const auto frame =
      encode_event(event_of(domain::PostCreated{21, 12, std::nullopt, "Ja.", std::nullopt}));
  EXPECT_EQ(frame.find("proposal_version"), std::string::npos) << frame;
  EXPECT_EQ(keys_of(frame_of(frame).at("data")),
            (Keys{"post_id", "thread_id", "reply_to", "body"}));
}

TEST(EncodeAgendaEvents, APreparationThreadIsCreatedInItsStream) {
  for (const auto kind : {StreamKind::state_preparation, StreamKind::municipal_preparation}) {
    const auto frame =
        frame_of(encode_event(event_of(domain::ThreadCreated{13, "Förberedelse"}, 5, {1, kind})));
    EXPECT_EQ(keys_of(frame),
              (Keys{"type", "round_id", "stream", "seq", "at", "kind", "actor", "data"}));
    EXPECT_EQ(frame.at("stream"), domain::to_string(kind));
    EXPECT_EQ(frame.at("kind"), "thread_created");
  }
}

TEST(EncodeAgendaEvents, EachKindIsNamedAsTheSpecNamesIt) {
  EXPECT_EQ(domain::kind_of(domain::AgendaItemProposed{}), "agenda_item_proposed");
  EXPECT_EQ(domain::kind_of(domain::AgendaItemDecided{}), "agenda_item_decided");
  EXPECT_EQ(domain::kind_of(domain::ThreadMoved{}), "thread_moved");
  EXPECT_EQ(domain::kind_of(domain::ThreadLocked{}), "thread_locked");
  EXPECT_EQ(domain::kind_of(domain::PostPinned{}), "post_pinned");
  EXPECT_EQ(domain::kind_of(domain::ProposalRevised{}), "proposal_revised");
}

// --- results ---

TEST(EncodeAgendaResults, AProposedItemsResultNamesItsThread) {
  const auto result = frame_of(
      encode_command_result(110, event_of(domain::AgendaItemProposed{12, "Fråga", ""}, 13)));
  EXPECT_EQ(keys_of(result), (Keys{"type", "id", "result"}));
  EXPECT_EQ(result.at("id"), 110);
  EXPECT_EQ(keys_of(result.at("result")), (Keys{"round_id", "seq", "thread_id"}));
  EXPECT_EQ(result.at("result").at("seq"), 13);
  EXPECT_EQ(result.at("result").at("thread_id"), 12);
}

TEST(EncodeAgendaResults, TheOtherAgendaRequestsAnswerWithTheEventsPlaceOnly) {
  const std::vector<domain::EventData> events = {
      domain::AgendaItemDecided{12, true, ""}, domain::ThreadMoved{12, std::nullopt},
      domain::ThreadLocked{3, true},           domain::PostPinned{1, 3},
      domain::PostPinned{1, std::nullopt},     domain::ProposalRevised{2, "Text"}};
  for (const auto& data : events) {
    SCOPED_TRACE(std::string(domain::kind_of(data)));
    const auto result = frame_of(encode_command_result(111, event_of(data, 14)));
    EXPECT_EQ(keys_of(result.at("result")), (Keys{"round_id", "seq"}));
    EXPECT_EQ(result.at("result").at("round_id"), 4);
    EXPECT_EQ(result.at("result").at("seq"), 14);
  }
}

TEST(EncodeAgendaResults, APreparationThreadsResultNamesItsStreamAndThread) {
  const auto result =
      frame_of(encode_command_result(116, event_of(domain::ThreadCreated{13, "Förberedelse"}, 5,
                                                   {1, StreamKind::municipal_preparation})));
  EXPECT_EQ(keys_of(result.at("result")), (Keys{"round_id", "stream", "seq", "thread_id"}));
  EXPECT_EQ(result.at("result").at("stream"), "municipal_preparation");
  EXPECT_EQ(result.at("result").at("thread_id"), 13);
}

}  // namespace
}  // namespace samrad::protocol
