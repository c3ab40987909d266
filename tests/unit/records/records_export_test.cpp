// The bulk JSON export (samrad-records-export/1): written a bundle at a time, it is one JSON
// document whose every bundle is byte for byte the single-round bundle and verifies on its own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "example_log.hpp"
#include "records/bundle_verifier.hpp"
#include "records/documents.hpp"

using namespace samrad::records;
namespace ex = samrad::records::examples;

TEST(RecordsExport, EveryBundleVerifiesOnItsOwn) {
  const auto key = ex::test_key();
  std::string text;
  std::size_t pieces = 0;
  RecordsExportWriter writer(
      [&](std::string_view piece) {
        ++pieces;
        text.append(piece);
      },
      "2026-11-30T14:02:00.000Z");
  constexpr std::size_t size = 12;
  for (std::size_t index = 0; index < size; ++index) {
    writer.add(parse_bundle(ex::bundle(index, size, key)).value());
  }
  writer.finish();
  EXPECT_LE(pieces, 2 * size + 2) << "a bundle at a time, not the export at the end";

  const auto exported = nlohmann::ordered_json::parse(text);  // keys as written
  EXPECT_EQ(exported["format"], "samrad-records-export/1");
  EXPECT_EQ(exported["exported_at"], "2026-11-30T14:02:00.000Z");
  ASSERT_EQ(exported["bundles"].size(), size);
  const auto verifier = key.verifier();
  for (std::size_t index = 0; index < size; ++index) {
    const auto& bundle = exported["bundles"][index];
    EXPECT_EQ(bundle.dump(2) + "\n", ex::bundle(index, size, key)) << index;
    const auto verified = verify_bundle(bundle.dump(), verifier);
    ASSERT_TRUE(verified) << index << ": " << verified.error().message;
    EXPECT_EQ(verified->log_index, index);
  }
}

TEST(RecordsExport, NothingSelectedIsAnEmptyList) {
  std::string text;
  RecordsExportWriter writer([&](std::string_view piece) { text.append(piece); },
                             "2026-11-30T14:02:00.000Z");
  writer.finish();
  EXPECT_EQ(nlohmann::json::parse(text)["bundles"], nlohmann::json::array());
}
