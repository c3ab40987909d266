// Timestamps as clients write them (parse_timestamp): "YYYY-MM-DDTHH:MM:SS" with or without
// ".mmm", in UTC ("Z") only, real calendar dates only; and parse(format(t)) == t over the years
// the form can hold.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "domain/types.hpp"

namespace samrad::domain {
namespace {

constexpr Timestamp first_of_year_0 = -62'167'219'200'000;  // 0000-01-01T00:00:00.000Z
constexpr Timestamp last_of_year_9999 = 253'402'300'799'999;

TEST(ParseTimestamp, TheFormWithMilliseconds) {
  EXPECT_EQ(parse_timestamp("2026-11-23T10:15:00.123Z"), 1'795'428'900'123);
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00.001Z"), 1);
  EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(parse_timestamp("9999-12-31T23:59:59.999Z"), last_of_year_9999);
  EXPECT_EQ(parse_timestamp("0000-01-01T00:00:00.000Z"), first_of_year_0);
}

TEST(ParseTimestamp, TheFormWithoutMillisecondsIsTheWholeSecond) {
  EXPECT_EQ(parse_timestamp("2026-11-23T10:15:00Z"), 1'795'428'900'000);
  EXPECT_EQ(parse_timestamp("2026-11-23T10:15:00Z"), parse_timestamp("2026-11-23T10:15:00.000Z"));
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_timestamp("2026-12-31T23:59:59Z"), 1'798'761'599'000);
}

TEST(ParseTimestamp, LeapDaysExistOnlyInLeapYears) {
  EXPECT_EQ(parse_timestamp("2028-02-29T23:59:59.999Z"), 1'835'481'599'999);
  EXPECT_EQ(parse_timestamp("2028-03-01T00:00:00Z"), 1'835'481'600'000);
  EXPECT_TRUE(parse_timestamp("2024-02-29T12:00:00Z"));
  EXPECT_TRUE(parse_timestamp("2000-02-29T00:00:00Z")) << "divisible by 400";
  EXPECT_FALSE(parse_timestamp("1900-02-29T00:00:00Z")) << "divisible by 100 only";
  EXPECT_FALSE(parse_timestamp("2100-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2028-02-30T00:00:00Z"));
}

TEST(ParseTimestamp, ImpossibleDatesAndTimesAreRefused) {
  for (const char* text : {
           "2026-00-10T10:00:00Z",
           "2026-13-10T10:00:00Z",
           "2026-11-00T10:00:00Z",
           "2026-11-31T10:00:00Z",
           "2026-04-31T10:00:00Z",
           "2026-01-32T10:00:00Z",
           "2026-11-23T24:00:00Z",
           "2026-11-23T23:60:00Z",
           "2026-11-23T23:59:60Z",
           "2026-11-23T99:99:99Z",
           "2026-99-99T10:00:00.000Z",
       }) {
    EXPECT_EQ(parse_timestamp(text), std::nullopt) << text;
  }
}

TEST(ParseTimestamp, OnlyUtcWrittenAsZ) {
  for (const char* text : {
           "2026-11-23T10:15:00",
           "2026-11-23T10:15:00.123",
           "2026-11-23T10:15:00+01:00",
           "2026-11-23T10:15:00.123+01:00",
           "2026-11-23T10:15:00+0100",
           "2026-11-23T10:15:00-00:00",
           "2026-11-23T10:15:00+00:00",
           "2026-11-23T10:15:00.12+01",
           "2026-11-23T10:15:00z",
           "2026-11-23T10:15:00.123z",
           "2026-11-23T10:15:00 UTC",
           "2026-11-23T10:15:00GMT",
       }) {
    EXPECT_EQ(parse_timestamp(text), std::nullopt) << text;
  }
}

TEST(ParseTimestamp, SeparatorsAndSpacesAreExact) {
  for (const char* text : {
           "2026-11-23 10:15:00Z",
           "2026-11-23t10:15:00Z",
           "2026/11/23T10:15:00Z",
           "2026-11-23T10.15.00Z",
           "2026-11-23T10:15:00,123Z",
           " 2026-11-23T10:15:00Z",
           "2026-11-23T10:15:00Z ",
           "2026-11-23T10:15:00.123Z ",
           "2026-11-23T10:15:00 Z",
           "2026-11-23T10:15:00\nZ",
       }) {
    EXPECT_EQ(parse_timestamp(text), std::nullopt) << text;
  }
  EXPECT_EQ(parse_timestamp(std::string_view("2026-11-23T10:15:00Z\0", 21)), std::nullopt);
}

TEST(ParseTimestamp, OnlyDigitsWhereDigitsBelong) {
  for (const char* text : {
           "2O26-11-23T10:15:00Z",
           "2026-1a-23T10:15:00Z",
           "2026-11-2 T10:15:00Z",
           "2026-11-23T1 :15:00Z",
           "2026-11-23T10:15:0xZ",
           "2026-11-23T10:15:00.12xZ",
           "+026-11-23T10:15:00Z",
           "-026-11-23T10:15:00Z",
           "2026-+1-23T10:15:00Z",
           "2026-11-23T10:15:00.-12Z",
           "２026-11-23T10:15:00Z",
       }) {
    EXPECT_EQ(parse_timestamp(text), std::nullopt) << text;
  }
}

TEST(ParseTimestamp, OnlyTheTwoLengths) {
  for (const char* text : {
           "",
           "Z",
           "2026-11-23",
           "2026-11-23T10:15Z",
           "2026-11-23T10:15:00.1Z",
           "2026-11-23T10:15:00.12Z",
           "2026-11-23T10:15:00.1234Z",
           "2026-11-23T10:15:00.123456Z",
           "2026-11-23T10:15:00.Z",
           "12026-11-23T10:15:00Z",
           "12026-11-23T10:15:00.000Z",
           "026-11-23T10:15:00Z",
           "2026-1-23T10:15:00.000Z",
           "2026-11-23T1:15:00.000Z",
       }) {
    EXPECT_EQ(parse_timestamp(text), std::nullopt) << text;
  }
}

TEST(ParseTimestamp, FormatThenParseGivesTheSameTime) {
  for (const Timestamp time : {Timestamp{0}, Timestamp{-1}, Timestamp{1}, Timestamp{999},
                               Timestamp{1'795'428'900'123}, Timestamp{1'835'481'599'999},
                               Timestamp{951'782'400'000}, first_of_year_0, last_of_year_9999}) {
    EXPECT_EQ(parse_timestamp(format_timestamp(time)), time) << format_timestamp(time);
  }
  std::mt19937_64 random(7);
  std::uniform_int_distribution<Timestamp> any(first_of_year_0, last_of_year_9999);
  for (int i = 0; i < 20'000; ++i) {
    const auto time = any(random);
    ASSERT_EQ(parse_timestamp(format_timestamp(time)), time) << format_timestamp(time);
  }
}

TEST(ParseTimestamp, ParseThenFormatGivesTheSameTextWithMilliseconds) {
  for (const std::string text : {"2026-11-23T10:15:00.123Z", "2028-02-29T23:59:59.999Z",
                                 "1969-07-20T20:17:40.000Z", "0001-01-01T00:00:00.000Z"}) {
    const auto time = parse_timestamp(text);
    ASSERT_TRUE(time) << text;
    EXPECT_EQ(format_timestamp(*time), text);
  }
  EXPECT_EQ(format_timestamp(*parse_timestamp("2026-11-23T10:15:07Z")), "2026-11-23T10:15:07.000Z");
}

}  // namespace
}  // namespace samrad::domain
