// Every export format against its golden file in golden/, byte for byte, from the fixtures;
// and the fixture bundle itself is what the TEST key and the fixture record give, and verifies.
// SAMRAD_UPDATE_EXAMPLES=1 rewrites the files instead of comparing them.
#include <gtest/gtest.h>

#include "export_fixtures.hpp"
#include "records/archive_html.hpp"
#include "records/bundle_verifier.hpp"
#include "records/note_keys.hpp"
#include "records/positions_csv.hpp"
#include "records/posts_csv.hpp"
#include "records/record_html.hpp"
#include "records/responses_csv.hpp"

using namespace samrad::records;
namespace fx = samrad::records::export_fixtures;

namespace {

std::filesystem::path golden(const char* name) {
  return fx::test_dir() / "golden" / name;
}

}  // namespace

TEST(ExportGolden, BundleFixtureIsRebuiltAndVerifies) {
  const auto text = fx::bundle_text(fx::record());
  fx::expect_file(fx::test_dir() / "fixtures" / "bundle.json", text);
  const auto verified = verify_bundle(text, examples::test_key().verifier());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->log_index, 2u);
}

TEST(ExportGolden, PositionsCsv) {
  std::string out;
  const auto written = write_positions_csv(fx::record(), fx::append_to(out));
  ASSERT_TRUE(written.ok()) << written.error().message;
  fx::expect_file(golden("positions.csv"), out);
}

TEST(ExportGolden, ResponsesCsv) {
  std::string out;
  const auto written = write_responses_csv(fx::record(), fx::append_to(out));
  ASSERT_TRUE(written.ok()) << written.error().message;
  fx::expect_file(golden("responses.csv"), out);
}

TEST(ExportGolden, PostsCsv) {
  std::string out;
  const auto written = write_posts_csv(fx::archive(), fx::append_to(out));
  ASSERT_TRUE(written.ok()) << written.error().message;
  fx::expect_file(golden("posts.csv"), out);
}

TEST(ExportGolden, RecordHtml) {
  std::string out;
  const auto written = write_record_html(fx::bundle(), fx::append_to(out));
  ASSERT_TRUE(written.ok()) << written.error().message;
  fx::expect_file(golden("record.html"), out);
}

TEST(ExportGolden, ArchiveHtml) {
  std::string out;
  const auto written = write_archive_html(fx::archive(), fx::append_to(out));
  ASSERT_TRUE(written.ok()) << written.error().message;
  fx::expect_file(golden("archive.html"), out);
}
