// A bulk export of many rounds streams: 1,000 records through one writer call the sink once per
// row and leave nothing buffered in the writer between rows.
#include <gtest/gtest.h>

#include "export_fixtures.hpp"
#include "records/positions_csv.hpp"

using namespace samrad::records;
namespace fx = samrad::records::export_fixtures;

TEST(PositionsStreaming, ThousandRecordsRowByRow) {
  auto record = fx::record();
  std::size_t calls = 0;
  std::size_t total_bytes = 0;
  std::size_t largest_piece = 0;
  CsvWriter writer([&](std::string_view piece) {
    ++calls;
    total_bytes += piece.size();
    largest_piece = std::max(largest_piece, piece.size());
    EXPECT_TRUE(piece.ends_with("\r\n"));
  });
  write_positions_header(writer);
  for (int round = 1; round <= 1000; ++round) {
    record["round"]["id"] = round;
    const auto written = write_positions_rows(record, writer);
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(writer.buffered_bytes(), 0u);
  }
  EXPECT_EQ(calls, 1u + 1000u * 10u);  // the header, then ten versions per record
  EXPECT_GT(total_bytes, 1000u * 1000u);
  EXPECT_LT(largest_piece, 1024u) << "one row at a time, never a whole record or export";
}
