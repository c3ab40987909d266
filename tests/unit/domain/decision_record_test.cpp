// The decision record folded from a round's main stream (protocol/records.md, "The decision
// record"): every key present, positions with their history, a tally over the organisations
// invited when decided, a timeline without posts, counts, and nothing a record must not carry
// (e-mail addresses, the text of posts).
#include "domain/decision_record.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace samrad::domain {
namespace {

using nlohmann::json;

const Organisation sekretariatet{1, "Samrådssekretariatet", OrganisationKind::other};
const Organisation malmo{9, "Malmö stad", OrganisationKind::municipality};
const Organisation kiruna{10, "Kiruna kommun", OrganisationKind::municipality};
const Organisation skane{7, "Region Skåne", OrganisationKind::region};
const Organisation finans{2, "Finansdepartementet", OrganisationKind::ministry};
const Person sara{1, "Sara Ekström", "sara@samrad.example", Role::secretariat, sekretariatet};
const Person anna{3, "Anna Lind", "anna@malmo.example", Role::representative, malmo};
const Person erik{4, "Erik Nilsson", "erik@kiruna.example", Role::representative, kiruna};
const Person maria{5, "Maria Berg", "maria@skane.example", Role::representative, skane};

constexpr RoundId round_id = 12;
constexpr Timestamp t0 = 1'795'428'900'000;  // 2026-11-23T10:15:00.000Z

class DecisionRecordTest : public ::testing::Test {
 protected:
  void add(const Person& actor, EventData data) {
    events.push_back(Event{.stream = {round_id, StreamKind::main},
                           .seq = static_cast<Seq>(events.size() + 1),
                           .at = t0 + static_cast<Timestamp>(events.size()) * 60'000,
                           .actor = actor,
                           .data = std::move(data),
                           .access_after = std::nullopt});
  }

  // A round's whole life: created as a draft, opened, discussed, positions stated and revised,
  // an organisation invited and one withdrawn, the proposal revised, closed and decided.
  void live_a_round() {
    add(sara, RoundCreated{.title = "Generella statsbidrag",
                           .proposal = "## Förslag\n\nVersion 1.",
                           .phase = Phase::draft,
                           .invited = {malmo, kiruna, finans},
                           .kind = RoundKind::plenary,
                           .sectors = {Sector::school}});
    add(sara, ThreadCreated{.thread = 30, .title = "Finansiering"});
    add(sara, PhaseChanged{.previous = Phase::draft, .phase = Phase::open, .automatic = false});
    add(anna, PostCreated{.post = 100,
                          .thread = 30,
                          .reply_to = std::nullopt,
                          .body = "Hemlig text i ett inlägg."});
    add(anna, PostEdited{.post = 100, .thread = 30, .version = 2, .body = "Ändrad text."});
    add(erik,
        PostCreated{
            .post = 101, .thread = 30, .reply_to = 100, .body = "Lisa Nyström är sjukskriven."});
    add(sara, PostHidden{.post = 101, .thread = 30, .reason = "Personuppgifter om Lisa Nyström"});
    add(anna,
        PositionStated{malmo, 1, Stance::opposes, "Nej.", {{30, Stance::opposes, "Inte så."}}});
    add(erik, PositionStated{kiruna, 1, Stance::supports, "Ja.", {}});
    add(sara, OrganisationInvited{skane});
    add(maria, PositionStated{skane, 1, Stance::no_comments, "", {}});
    add(sara, InvitationWithdrawn{kiruna});
    add(sara, ReminderSent{finans, "", true});
    add(sara, ProposalRevised{.version = 2, .proposal = "## Förslag\n\nVersion 2."});
    add(anna,
        PositionStated{malmo, 2, Stance::supports_with_reservations, "Ja, med förbehåll.", {}});
    add(sara, PhaseChanged{.previous = Phase::open, .phase = Phase::closed, .automatic = true});
    add(sara, OutcomeWritten{1, "Första utfallet.", {}, {}});
    add(sara,
        OutcomeWritten{2,
                       "Förslaget genomförs.",
                       {"Uppföljningen samordnas."},
                       {{"Övergången", {100}, {9}, Acceptance::partly_accepted, "I två steg."}}});
    add(anna, DissentAttached{malmo, "Malmö stad reserverar sig."});
    add(sara, PhaseChanged{.previous = Phase::closed, .phase = Phase::decided, .automatic = false});
  }

  json build(std::optional<SupersededRecord> supersedes = std::nullopt) {
    return build_decision_record(
        {.events = events,
         .log_origin = "test.example/log",
         .supersedes = std::move(supersedes),
         .sha256_hex = [](std::string_view bytes) { return "sha(" + std::string(bytes) + ")"; }});
  }

  std::vector<Event> events;
};

TEST_F(DecisionRecordTest, HasEveryKeyOfTheSpecAndNothingElse) {
  live_a_round();
  const auto record = build();
  std::set<std::string> keys;
  for (const auto& [key, value] : record.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"format", "log_origin", "supersedes", "round", "proposal",
                                         "proposal_versions", "agenda", "participants", "positions",
                                         "tally", "outcome", "responses", "dissent", "minutes",
                                         "joint_document", "timeline", "counts"}));
  EXPECT_EQ(record["format"], "samrad-decision-record/1");
  EXPECT_EQ(record["log_origin"], "test.example/log");
  EXPECT_TRUE(record["supersedes"].is_null());
}

TEST_F(DecisionRecordTest, TheLatestOutcomeItsResponsesAndEveryDissent) {
  live_a_round();
  const auto record = build();
  EXPECT_EQ(record["outcome"]["version"], 2);
  EXPECT_EQ(record["outcome"]["summary"], "Förslaget genomförs.");
  EXPECT_EQ(record["outcome"]["agreed"], json::array({"Uppföljningen samordnas."}));
  EXPECT_EQ(record["outcome"]["written_by"]["name"], "Sara Ekström");
  EXPECT_EQ(record["responses"],
            json::array({{{"point", "Övergången"},
                          {"raised_by", {{"posts", {100}}, {"organisations", {9}}}},
                          {"response", "partly_accepted"},
                          {"reason", "I två steg."}}}));
  ASSERT_EQ(record["dissent"].size(), 1u);
  EXPECT_EQ(record["dissent"][0]["organisation"]["name"], "Malmö stad");
  EXPECT_EQ(record["dissent"][0]["text"], "Malmö stad reserverar sig.");
}

TEST_F(DecisionRecordTest, TheLatestMinutesOfEachAgendaItemInAgendaOrderWithATimelineEntry) {
  live_a_round();
  const auto decided = events.back();
  events.pop_back();
  add(sara, ThreadCreated{.thread = 31, .title = "Uppföljning"});
  add(sara, ThreadMoved{.thread = 31, .before = 30});
  add(sara, MinutesWritten{30, 1, "Statens inspel.", "", "", {100}});
  add(sara, MinutesWritten{31, 1, "", "Kommunernas inspel.", "", {}});
  add(sara, MinutesWritten{30, 2, "Statens inspel.", "Kommunernas inspel.", "Kommentar.", {100}});
  add(decided.actor, decided.data);
  const auto record = build();
  ASSERT_EQ(record["minutes"].size(), 2u);
  // Item 31 was moved before item 30.
  EXPECT_EQ(record["minutes"][0]["thread_id"], 31);
  EXPECT_EQ(record["minutes"][0]["title"], "Uppföljning");
  EXPECT_EQ(record["minutes"][1],
            json({{"thread_id", 30},
                  {"title", "Finansiering"},
                  {"version", 2},
                  {"state_input", "Statens inspel."},
                  {"municipal_input", "Kommunernas inspel."},
                  {"state_comment", "Kommentar."},
                  {"posts", {100}},
                  {"written_at", format_timestamp(events[events.size() - 2].at)},
                  {"written_by", {{"id", 1}, {"name", "Sara Ekström"}, {"organisation_id", 1}}}}));
  std::vector<std::string> summaries;
  for (const auto& entry : record["timeline"]) {
    if (entry["kind"] == "minutes_written") summaries.push_back(entry["summary"]);
  }
  EXPECT_EQ(summaries, (std::vector<std::string>{"Minutes written (version 1) for: Finansiering",
                                                 "Minutes written (version 1) for: Uppföljning",
                                                 "Minutes written (version 2) for: Finansiering"}));
  // A round without minutes has none.
  events.clear();
  live_a_round();
  EXPECT_EQ(build()["minutes"], json::array());
}

TEST_F(DecisionRecordTest, NoJointDocumentIsNull) {
  live_a_round();
  EXPECT_TRUE(build()["joint_document"].is_null());
}

TEST_F(DecisionRecordTest, TheLatestJointDocumentWithItsHashAndEveryApprovalOfEveryVersion) {
  live_a_round();
  const auto decided = events.back();
  events.pop_back();
  add(anna, JointDocumentWritten{1, "# Överenskommelse\n\nFörsta."});
  add(anna, JointDocumentApproved{1, Side::municipal});
  add(sara, JointDocumentWritten{2, "# Överenskommelse\n\nAndra."});
  add(sara, JointDocumentApproved{2, Side::state});
  add(erik, JointDocumentApproved{2, Side::municipal});
  add(decided.actor, decided.data);
  const auto record = build();
  const auto& document = record["joint_document"];
  EXPECT_EQ(document["version"], 2);
  EXPECT_EQ(document["text"], "# Överenskommelse\n\nAndra.");
  EXPECT_EQ(document["sha256"], "sha(# Överenskommelse\n\nAndra.)");
  ASSERT_EQ(document["approvals"].size(), 3u);
  // Oldest first, each naming its version, so a reader sees which version each side approved.
  EXPECT_EQ(document["approvals"][0]["side"], "municipal");
  EXPECT_EQ(document["approvals"][0]["version"], 1);
  EXPECT_EQ(document["approvals"][0]["by"]["name"], "Anna Lind");
  EXPECT_EQ(document["approvals"][1]["side"], "state");
  EXPECT_EQ(document["approvals"][1]["version"], 2);
  EXPECT_EQ(document["approvals"][1]["by"]["name"], "Sara Ekström");
  EXPECT_EQ(document["approvals"][2]["side"], "municipal");
  EXPECT_EQ(document["approvals"][2]["version"], 2);
  EXPECT_FALSE(document["approvals"][2]["at"].get<std::string>().empty());
  // The timeline says what happened; the secretariat's organisation does not become a participant.
  std::vector<std::string> summaries;
  for (const auto& entry : record["timeline"]) {
    if (entry["kind"].get<std::string>().starts_with("joint_document")) {
      summaries.push_back(entry["summary"]);
    }
  }
  EXPECT_EQ(summaries,
            (std::vector<std::string>{"Joint document written (version 1)",
                                      "Joint document version 1 approved for the municipal side",
                                      "Joint document written (version 2)",
                                      "Joint document version 2 approved for the state side",
                                      "Joint document version 2 approved for the municipal side"}));
  for (const auto& participant : record["participants"]) {
    EXPECT_NE(participant["organisation"]["name"], "Samrådssekretariatet");
  }
}

TEST_F(DecisionRecordTest, TheRoundItsTimesAndTheLatestProposalWithItsHash) {
  live_a_round();
  const auto record = build();
  const auto& round = record["round"];
  EXPECT_EQ(round["id"], round_id);
  EXPECT_EQ(round["title"], "Generella statsbidrag");
  EXPECT_EQ(round["kind"], "plenary");
  EXPECT_EQ(round["sectors"], json::array({"school"}));
  EXPECT_EQ(round["created_at"], "2026-11-23T10:15:00.000Z");
  EXPECT_EQ(round["opened_at"], "2026-11-23T10:17:00.000Z");
  EXPECT_EQ(round["closed_at"], format_timestamp(events[15].at));
  EXPECT_EQ(round["decided_at"], format_timestamp(events.back().at));
  EXPECT_EQ(round["decided_by"],
            json({{"id", 1}, {"name", "Sara Ekström"}, {"organisation_id", 1}}));
  EXPECT_EQ(record["proposal"]["version"], 2);
  EXPECT_EQ(record["proposal"]["text"], "## Förslag\n\nVersion 2.");
  EXPECT_EQ(record["proposal"]["sha256"], "sha(## Förslag\n\nVersion 2.)");
  ASSERT_EQ(record["proposal_versions"].size(), 2u);
  EXPECT_EQ(record["proposal_versions"][0]["sha256"], "sha(## Förslag\n\nVersion 1.)");
}

TEST_F(DecisionRecordTest, PositionsKeepEveryVersionAndTheTallyCountsTheInvitedAtTheEnd) {
  live_a_round();
  const auto record = build();
  const auto& positions = record["positions"];
  ASSERT_EQ(positions.size(), 3u);  // by name: Kiruna, Malmö, Region Skåne
  EXPECT_EQ(positions[0]["organisation"]["name"], "Kiruna kommun");
  EXPECT_EQ(positions[1]["organisation"]["name"], "Malmö stad");
  ASSERT_EQ(positions[1]["versions"].size(), 2u);
  EXPECT_EQ(positions[1]["versions"][0]["stance"], "opposes");
  EXPECT_EQ(positions[1]["versions"][0]["points"][0], json({{"thread_id", 30},
                                                            {"title", "Finansiering"},
                                                            {"stance", "opposes"},
                                                            {"motivation", "Inte så."}}));
  EXPECT_EQ(positions[1]["versions"][1]["stance"], "supports_with_reservations");
  // Kiruna was withdrawn: its position stays in the history but not in the tally.
  const auto& tally = record["tally"];
  EXPECT_EQ(tally["invited"], 3);  // Malmö, Finansdepartementet, Region Skåne
  EXPECT_EQ(tally["answered"], 2);
  EXPECT_EQ(tally["stances"]["supports"], 0);
  EXPECT_EQ(tally["stances"]["supports_with_reservations"], 1);
  EXPECT_EQ(tally["stances"]["no_comments"], 1);
  const auto& participants = record["participants"];
  ASSERT_EQ(participants.size(), 4u);
  EXPECT_EQ(participants[1]["organisation"]["name"], "Kiruna kommun");
  EXPECT_EQ(participants[1]["invited"], false);
  EXPECT_EQ(participants[1]["posts"], 1);
  EXPECT_EQ(participants[2]["organisation"]["name"], "Malmö stad");
  EXPECT_EQ(participants[2]["people"],
            json::array({{{"id", 3}, {"name", "Anna Lind"}, {"organisation_id", 9}}}));
  EXPECT_EQ(participants[2]["position_versions"], 2);
  EXPECT_EQ(participants[0]["organisation"]["name"], "Finansdepartementet");
  EXPECT_EQ(participants[0]["people"], json::array());
}

TEST_F(DecisionRecordTest, TheTimelineLeavesOutPostsAndTheCountsCountThem) {
  live_a_round();
  const auto record = build();
  for (const auto& entry : record["timeline"]) {
    EXPECT_NE(entry["kind"], "post_created");
    EXPECT_NE(entry["kind"], "post_edited");
  }
  EXPECT_EQ(record["timeline"].size(), events.size() - 3);
  EXPECT_EQ(record["timeline"].back()["summary"], "Phase changed from closed to decided");
  EXPECT_EQ(record["counts"], json({{"threads", 1},
                                    {"posts", 2},
                                    {"hidden_posts", 1},
                                    {"edited_posts", 1},
                                    {"positions_stated", 4},
                                    {"reminders", 1}}));
}

TEST_F(DecisionRecordTest, CarriesNoEmailAddressNoPostTextAndNoModeratorsReason) {
  live_a_round();
  const auto text = build().dump();
  EXPECT_EQ(text.find('@'), std::string::npos) << text;
  EXPECT_EQ(text.find("Hemlig text"), std::string::npos);
  EXPECT_EQ(text.find("Lisa Nyström"), std::string::npos);
}

TEST_F(DecisionRecordTest, ACorrectionNamesTheRecordItSupersedesAndWhy) {
  live_a_round();
  add(sara, OutcomeWritten{3,
                           "Förslaget genomförs 2027.",
                           {"Uppföljningen samordnas."},
                           {},
                           "Året föll bort i utfallet."});
  const auto record = build(SupersededRecord{4, "bGVhZg=="});
  EXPECT_EQ(record["supersedes"], json({{"log_index", 4},
                                        {"leaf_hash", "bGVhZg=="},
                                        {"reason", "Året föll bort i utfallet."}}));
  // The corrected outcome is the record's; the decision stays as it was.
  EXPECT_EQ(record["outcome"]["version"], 3);
  EXPECT_EQ(record["outcome"]["summary"], "Förslaget genomförs 2027.");
  EXPECT_EQ(record["responses"], json::array());
  EXPECT_EQ(record["round"]["decided_at"], "2026-11-23T10:34:00.000Z");
  EXPECT_EQ(record["dissent"].size(), 1u);
  EXPECT_EQ(record["timeline"].back()["summary"],
            "Outcome corrected (version 3): Året föll bort i utfallet.");
}

TEST_F(DecisionRecordTest, IsBuiltOnlyFromARoundsWholeStreamEndingInItsDecisionOrCorrection) {
  live_a_round();
  // A decision supersedes nothing; a correction always supersedes the round's record.
  EXPECT_THROW(build(SupersededRecord{4, "bGVhZg=="}), std::invalid_argument);
  add(sara, OutcomeWritten{3, "Rättat.", {}, {}, "Skäl."});
  EXPECT_THROW(build(), std::invalid_argument);
  // A revision without a reason after the decision is no correction.
  events.back().data = OutcomeWritten{3, "Rättat.", {}, {}, std::nullopt};
  EXPECT_THROW(build(SupersededRecord{4, "bGVhZg=="}), std::invalid_argument);
  events.pop_back();
  events.pop_back();  // closed, not decided
  EXPECT_THROW(build(), std::invalid_argument);
  events.clear();
  EXPECT_THROW(build(), std::invalid_argument);
}

}  // namespace
}  // namespace samrad::domain
