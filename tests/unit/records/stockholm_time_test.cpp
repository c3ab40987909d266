// Swedish local time for exports, across both daylight saving changes of 2026 (29 March and
// 25 October, at 01:00 UTC).
#include "records/stockholm_time.hpp"

#include <gtest/gtest.h>

using samrad::records::format_stockholm_time;

TEST(StockholmTime, WinterIsUtcPlusOne) {
  EXPECT_EQ(format_stockholm_time("2026-11-30T13:02:00.000Z"), "2026-11-30 14:02");
  EXPECT_EQ(format_stockholm_time("2026-12-31T23:30:59.999Z"), "2027-01-01 00:30");
}

TEST(StockholmTime, SummerIsUtcPlusTwo) {
  EXPECT_EQ(format_stockholm_time("2026-07-01T10:00:00.000Z"), "2026-07-01 12:00");
}

TEST(StockholmTime, ChangesAtOneUtcOnTheLastSundays) {
  EXPECT_EQ(format_stockholm_time("2026-03-29T00:59:59.000Z"), "2026-03-29 01:59");
  EXPECT_EQ(format_stockholm_time("2026-03-29T01:00:00.000Z"), "2026-03-29 03:00");
  EXPECT_EQ(format_stockholm_time("2026-10-25T00:59:00.000Z"), "2026-10-25 02:59");
  EXPECT_EQ(format_stockholm_time("2026-10-25T01:00:00.000Z"), "2026-10-25 02:00");
}

TEST(StockholmTime, RefusesWhatIsNotARecordTimestamp) {
  EXPECT_FALSE(format_stockholm_time("2026-11-31T10:00:00.000Z"));
  EXPECT_FALSE(format_stockholm_time("2026-11-30T10:00:00Z"));
  EXPECT_FALSE(format_stockholm_time("2026-11-30 10:00:00.000Z"));
  EXPECT_FALSE(format_stockholm_time("2026-11-30T24:00:00.000Z"));
  EXPECT_FALSE(format_stockholm_time(""));
}
