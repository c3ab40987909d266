// Shared inputs of the export tests: the hand-built decision record of fixtures/, its bundle in
// a small log signed by the published TEST key, a discussion archive of the same round, and the
// golden-file comparison (SAMRAD_UPDATE_EXAMPLES=1 rewrites instead of comparing).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "example_log.hpp"
#include "records/canonical_json.hpp"
#include "records/discussion_archive.hpp"
#include "records/documents.hpp"
#include "records/merkle.hpp"
#include "records/text_sink.hpp"

namespace samrad::records::export_fixtures {

inline std::filesystem::path test_dir() {
  return SAMRAD_RECORDS_TEST_DIR;
}

inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return "(cannot read " + path.string() + ")";
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

inline bool updating() {
  const char* update = std::getenv("SAMRAD_UPDATE_EXAMPLES");
  return update && std::string(update) == "1";
}

// Compares bytes with the file, or rewrites the file when updating.
inline void expect_file(const std::filesystem::path& path, const std::string& bytes) {
  if (updating()) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    return;
  }
  EXPECT_EQ(read_bytes(path), bytes)
      << path.filename() << " differs; run unit_records with SAMRAD_UPDATE_EXAMPLES=1 to "
      << "rewrite it, and review the difference";
}

inline nlohmann::json record() {
  return nlohmann::json::parse(read_bytes(test_dir() / "fixtures" / "decision_record.json"));
}

// The fixture record as leaf 2 of a log of three (two example records before it), with its
// inclusion proof and the checkpoint of size 3 signed by the TEST key.
inline std::string bundle_text(const nlohmann::json& record_json) {
  const std::vector<std::string> leaves_bytes = {
      examples::sample_record(0), examples::sample_record(1), canonical_form(record_json)};
  std::vector<Hash> leaves;
  for (const auto& bytes : leaves_bytes) leaves.push_back(leaf_hash(bytes));
  const auto checkpoint =
      sign_checkpoint({examples::origin, 3, tree_root(leaves)}, examples::test_key());
  return format_bundle({2, leaves_bytes[2], inclusion_proof(leaves, 2), checkpoint});
}

inline nlohmann::json bundle() {
  return nlohmann::json::parse(bundle_text(record()));
}

inline ArchivedPost post(std::int64_t id, std::int64_t thread, std::optional<std::int64_t> reply,
                         std::string author, std::string organisation, std::string created,
                         std::vector<ArchivedPostVersion> versions,
                         std::optional<HiddenMark> hidden = std::nullopt) {
  return {id,
          thread,
          reply,
          std::move(author),
          std::move(organisation),
          std::move(created),
          std::move(versions),
          std::move(hidden)};
}

// Round 7's discussion: replies, an edited post, a hidden post, an empty declined thread, and
// minutes of the first item linked to two of its posts.
inline DiscussionArchive archive() {
  DiscussionArchive out;
  out.round_id = 7;
  out.round_title = "Tillitsbaserad styrning av elevhälsan";
  out.threads = {
      {11, "Finansiering av elevhälsan",
       ArchivedMinutes{.version = 2,
                       .state_input = "Staten vill att bidraget följer **lönekostnaderna**.",
                       .municipal_input = "Malmö stad och Kiruna kommun vill att "
                                          "glesbygdens merkostnader räknas in.",
                       .state_comment = "",
                       .posts = {31, 33},
                       .written_at = "2026-10-01T09:00:00.000Z",
                       .written_by = "Sara Ekström"}},
      {12, "Uppföljning och dokumentation"},
      {13, "Skolskjutsar"}};
  out.posts = {
      post(31, 11, std::nullopt, "Anna Lind", "Malmö stad", "2026-09-16T08:12:00.000Z",
           {{"Bidragsnivån bör räknas upp med **lönekostnaderna**; annars urholkas den.",
             "2026-09-16T08:12:00.000Z"},
            {"Bidragsnivån bör räknas upp med **lönekostnaderna**; annars urholkas den år för "
             "år.\n\nSe [SKR:s ekonomirapport](https://skr.se/ekonomirapporten).",
             "2026-09-16T09:40:30.000Z"}}),
      post(33, 11, 31, "Erik Nilsson", "Kiruna kommun", "2026-09-18T13:00:00.000Z",
           {{"Håller med. Dessutom saknas glesbygdens merkostnader:\n\n- resor\n- "
             "vikarier\n- \"hyrpersonal\"",
             "2026-09-18T13:00:00.000Z"}}),
      post(34, 11, 33, "Okänd Användare", "Örebro kommun", "2026-09-19T07:30:00.000Z",
           {{"Osakligt påhopp som moderatorn dolde.", "2026-09-19T07:30:00.000Z"}},
           HiddenMark{"Personangrepp; strider mot samrådets regler.", "2026-09-19T08:00:00.000Z"}),
      post(35, 12, std::nullopt, "Karin Sjöström", "Sveriges Kommuner och Regioner",
           "2026-10-02T10:00:00.000Z",
           {{"=Uppföljningen; bör använda befintlig statistik. Ökningen är 2,5 procent.",
             "2026-10-02T10:00:00.000Z"}}),
      post(36, 12, 35, "Johan Berg", "Skolverket", "2026-10-26T11:45:00.000Z",
           {{"Skolverket publicerar statistiken vartannat år.", "2026-10-26T11:45:00.000Z"}}),
  };
  return out;
}

// A sink that appends everything written to out.
inline TextSink append_to(std::string& out) {
  return [&out](std::string_view piece) { out += piece; };
}

}  // namespace samrad::records::export_fixtures
