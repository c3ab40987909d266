// A record that breaks records.md is refused with a typed error naming the key, by the reader
// and so by every export, which then writes nothing.
#include "records/decision_record_reader.hpp"

#include <gtest/gtest.h>

#include "export_fixtures.hpp"
#include "records/positions_csv.hpp"
#include "records/record_html.hpp"

using namespace samrad::records;
namespace fx = samrad::records::export_fixtures;

TEST(DecisionRecordReader, ReadsTheFixture) {
  const auto record = read_decision_record(fx::record());
  ASSERT_TRUE(record.ok()) << record.error().message;
  EXPECT_EQ(record->round.title, "Tillitsbaserad styrning av elevhälsan");
  EXPECT_EQ(record->positions.size(), 9u);
  EXPECT_EQ(record->participants.size(), 13u);
  ASSERT_TRUE(record->outcome);
  EXPECT_EQ(record->outcome->agreed.size(), 3u);
  EXPECT_FALSE(record->timeline[7].actor);
}

TEST(DecisionRecordReader, ReadsTheMinutesAndTakesARecordWithoutThemAsHavingNone) {
  const auto record = read_decision_record(fx::record());
  ASSERT_TRUE(record.ok()) << record.error().message;
  ASSERT_EQ(record->minutes.size(), 1u);
  EXPECT_EQ(record->minutes[0].title, "Finansiering av elevhälsan");
  EXPECT_EQ(record->minutes[0].posts, (std::vector<std::int64_t>{31, 33}));
  EXPECT_EQ(record->minutes[0].written_by.name, "Sara Ekström");

  // Logged before minutes were kept: no key, no minutes.
  auto earlier = fx::record();
  earlier.erase("minutes");
  const auto without = read_decision_record(earlier);
  ASSERT_TRUE(without.ok()) << without.error().message;
  EXPECT_TRUE(without->minutes.empty());

  auto broken = fx::record();
  broken["minutes"][0].erase("state_comment");
  const auto refused = read_decision_record(broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().path, "minutes[0].state_comment");
}

TEST(DecisionRecordReader, NamesAMissingKey) {
  auto json = fx::record();
  json["positions"][2]["versions"][0].erase("stance");
  const auto record = read_decision_record(json);
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ExportErrorKind::missing_key);
  EXPECT_EQ(record.error().path, "positions[2].versions[0].stance");
  EXPECT_NE(record.error().message.find("positions[2].versions[0].stance"), std::string::npos);
}

TEST(DecisionRecordReader, NamesAWrongType) {
  auto json = fx::record();
  json["tally"]["stances"]["opposes"] = "1";
  const auto record = read_decision_record(json);
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ExportErrorKind::wrong_type);
  EXPECT_EQ(record.error().path, "tally.stances.opposes");
}

TEST(DecisionRecordReader, NamesAKeyRecordsMdDoesNotList) {
  auto json = fx::record();
  json["round"]["decided_by"]["email"] = "sara@example.se";
  const auto record = read_decision_record(json);
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ExportErrorKind::unknown_key);
  EXPECT_EQ(record.error().path, "round.decided_by.email");

  auto bundle = fx::bundle();
  bundle["signature"] = "";
  const auto facts = read_record_bundle(bundle);
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.error().kind, ExportErrorKind::unknown_key);
  EXPECT_EQ(facts.error().path, "signature");
}

TEST(DecisionRecordReader, NamesAValueRecordsMdDoesNotAllow) {
  struct Case {
    const char* pointer;
    nlohmann::json value;
    const char* path;
  };
  const Case cases[] = {
      {"/format", "samrad-decision-record/2", "format"},
      {"/positions/0/organisation/kind", "kingdom", "positions[0].organisation.kind"},
      {"/responses/1/response", "maybe", "responses[1].response"},
      {"/round/decided_at", "2026-11-30 14:02", "round.decided_at"},
      {"/round/sectors/1", "defence", "round.sectors[1]"},
      {"/proposal/sha256", "ABC", "proposal.sha256"},
      {"/positions/1/versions", nlohmann::json::array(), "positions[1].versions"},
  };
  for (const auto& c : cases) {
    auto json = fx::record();
    json[nlohmann::json::json_pointer(c.pointer)] = c.value;
    const auto record = read_decision_record(json);
    ASSERT_FALSE(record.ok()) << c.pointer;
    EXPECT_EQ(record.error().kind, ExportErrorKind::bad_value) << c.pointer;
    EXPECT_EQ(record.error().path, c.path);
  }
}

TEST(DecisionRecordReader, RefusesWhatIsNotAnObject) {
  const auto record = read_decision_record(nlohmann::json::array());
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ExportErrorKind::wrong_type);
  EXPECT_EQ(record.error().path, "record");
}

TEST(DecisionRecordReader, ExportsWriteNothingForABadRecord) {
  auto json = fx::record();
  json["round"].erase("title");
  std::string out;
  const auto csv = write_positions_csv(json, fx::append_to(out));
  ASSERT_FALSE(csv.ok());
  EXPECT_EQ(csv.error().path, "round.title");
  EXPECT_EQ(out.find("Malmö"), std::string::npos);

  auto bundle = fx::bundle();
  bundle["record"]["round"].erase("title");
  std::string html;
  const auto page = write_record_html(bundle, fx::append_to(html));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().path, "record.round.title");
  EXPECT_TRUE(html.empty());
}

TEST(DecisionRecordReader, BundleFactsForVerification) {
  const auto facts = read_record_bundle(fx::bundle());
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  EXPECT_EQ(facts->log_index, 2u);
  EXPECT_EQ(facts->checkpoint_body.size, 3u);
  EXPECT_EQ(facts->checkpoint_body.origin, "samrad.example/log");
  EXPECT_EQ(facts->leaf_hash.size(), 44u);

  auto bad = fx::bundle();
  bad["checkpoint"] = "no note";
  const auto refused = read_record_bundle(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().path, "checkpoint");
}
