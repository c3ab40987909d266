// Deciding a round puts its decision record into the transparency log in the same transaction,
// on every store (command_handler_fixture.hpp): the entry is the record's canonical form with
// its leaf hash; a refused decision, and every other command, logs nothing; rounds decided in
// one batch take consecutive entries; a correction of a decided round's outcome logs a record
// that supersedes the round's previous one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "command_handler_fixture.hpp"
#include "records/base64.hpp"
#include "records/canonical_json.hpp"
#include "records/decision_record_reader.hpp"
#include "records/merkle.hpp"

namespace samrad::service::testing {
namespace {

class RecordPublisherTest : public CommandHandlerTest {
 protected:
  // Closed, with the outcome deciding needs.
  void close_round(domain::RoundId which) {
    first_event(run(secretariat, domain::ChangePhase{which, Phase::closed}));
    first_event(run(secretariat, domain::WriteOutcome{which, 0, "Förslaget genomförs.", {}, {}}));
  }
};

TEST_P(RecordPublisherTest, DecidingLogsTheRecordInItsCanonicalFormWithItsLeafHash) {
  first_event(run(anna, domain::StatePosition{round, 0, domain::Stance::opposes, "Nej.", {}}));
  close_round(round);
  first_event(run(
      secretariat,
      domain::WriteOutcome{
          round,
          1,
          "Förslaget genomförs i två steg.",
          {"Uppföljningen samordnas."},
          {{"Övergången", {}, {malmo.id}, domain::Acceptance::partly_accepted, "I två steg."}}}));
  first_event(run(anna, domain::AttachDissent{round, "Malmö stad reserverar sig."}));
  EXPECT_TRUE(backend->records().empty()) << "closing and the outcome log nothing";
  const auto decided = first_event(run(secretariat, domain::ChangePhase{round, Phase::decided}));
  const auto log = backend->records();
  ASSERT_EQ(log.size(), 1u);
  const auto& entry = log.front();
  EXPECT_EQ(entry.log_index, 0);
  EXPECT_EQ(entry.round, round);
  EXPECT_EQ(entry.at, decided.at);
  EXPECT_EQ(entry.leaf_hash, records::encode_base64(records::leaf_hash(entry.record)));
  const auto canonical = records::canonicalize(entry.record);
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(*canonical, entry.record) << "stored exactly as canonicalised";
  const auto record = nlohmann::json::parse(entry.record);
  EXPECT_EQ(record["format"], "samrad-decision-record/1");
  EXPECT_EQ(record["log_origin"], "test.example/log");
  EXPECT_EQ(record["round"]["id"], round);
  EXPECT_EQ(record["positions"][0]["versions"][0]["stance"], "opposes");
  EXPECT_EQ(record["timeline"].back()["seq"], decided.seq);
  EXPECT_EQ(record["outcome"]["version"], 2);
  EXPECT_EQ(record["responses"][0]["response"], "partly_accepted");
  EXPECT_EQ(record["dissent"][0]["text"], "Malmö stad reserverar sig.");
  // The exporters' strict reader of records.md takes it as it is.
  const auto read = records::read_decision_record(record);
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
}

TEST_P(RecordPublisherTest, ARefusedDecisionLogsNothing) {
  close_round(round);
  EXPECT_FALSE(run(anna, domain::ChangePhase{round, Phase::decided}).ok());
  EXPECT_TRUE(backend->records().empty());
}

TEST_P(RecordPublisherTest, RoundsDecidedInOneBatchTakeConsecutiveEntries) {
  const auto second =
      first_event(run(secretariat, new_round("Andra rundan", Phase::open, {malmo.id})))
          .stream.round;
  close_round(round);
  close_round(second);
  const Caller caller{secretariat, std::nullopt};
  const std::vector<Work> batch = {command(caller, domain::ChangePhase{round, Phase::decided}),
                                   command(caller, domain::ChangePhase{second, Phase::decided})};
  for (const auto& result : backend->write(batch)) ASSERT_TRUE(result.ok());
  const auto log = backend->records();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].round, round);
  EXPECT_EQ(log[1].round, second);
  EXPECT_EQ(log[1].log_index, 1);
}

TEST_P(RecordPublisherTest, ACorrectionLogsARecordThatSupersedesTheRoundsPrevious) {
  close_round(round);
  first_event(run(secretariat, domain::ChangePhase{round, Phase::decided}));
  EXPECT_FALSE(run(secretariat, domain::WriteOutcome{round, 1, "Rättat.", {}, {}}).ok())
      << "a decided round's outcome changes only as a correction";
  ASSERT_EQ(backend->records().size(), 1u);
  const auto corrected = first_event(run(
      secretariat, domain::WriteOutcome{round, 1, "Förslaget genomförs 2027.", {}, {}, "Året."}));
  const auto log = backend->records();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].round, round);
  EXPECT_EQ(log[1].at, corrected.at);
  const auto record = nlohmann::json::parse(log[1].record);
  EXPECT_EQ(
      record["supersedes"],
      nlohmann::json({{"log_index", 0}, {"leaf_hash", log[0].leaf_hash}, {"reason", "Året."}}));
  EXPECT_EQ(record["outcome"]["summary"], "Förslaget genomförs 2027.");
  EXPECT_EQ(record["timeline"].back()["seq"], corrected.seq);
  const auto read = records::read_decision_record(record);
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
  EXPECT_EQ(nlohmann::json::parse(log[0].record)["outcome"]["summary"], "Förslaget genomförs.")
      << "the earlier record stays as it was";
}

INSTANTIATE_TEST_SUITE_P(EveryStore, RecordPublisherTest, every_backend(), backend_name);

}  // namespace
}  // namespace samrad::service::testing
