// The CSV writer's rules for Swedish spreadsheets: BOM once, ';' and CRLF, quoting, the decimal
// comma, and OWASP's neutralisation of formula-like cells (CWE-1236).
#include "records/csv_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace samrad::records;

TEST(CsvWriter, WritesBomOnceSemicolonsAndCrlf) {
  std::vector<std::string> pieces;
  CsvWriter writer([&pieces](std::string_view piece) { pieces.emplace_back(piece); });
  writer.write_row({"Organisation", "Antal"});
  writer.write_row({"Malmö stad", 3});
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], "\xEF\xBB\xBFOrganisation;Antal\r\n");
  EXPECT_EQ(pieces[1], "Malmö stad;3\r\n");
}

TEST(CsvWriter, QuotesFieldsWithSeparatorsQuotesAndLineBreaks) {
  EXPECT_EQ(format_csv_field("a;b"), "\"a;b\"");
  EXPECT_EQ(format_csv_field("säger \"nej\""), "\"säger \"\"nej\"\"\"");
  EXPECT_EQ(format_csv_field("rad 1\nrad 2"), "\"rad 1\nrad 2\"");
  EXPECT_EQ(format_csv_field("rad 1\r\nrad 2"), "\"rad 1\r\nrad 2\"");
  EXPECT_EQ(format_csv_field("vanlig text, med komma"), "vanlig text, med komma");
  EXPECT_EQ(format_csv_field(""), "");
}

TEST(CsvWriter, NumbersUseTheDecimalCommaOnlyForFractions) {
  EXPECT_EQ(format_csv_field(std::int64_t{1234}), "1234");
  EXPECT_EQ(format_csv_field(-7), "-7");
  EXPECT_EQ(format_csv_field(2.5), "2,5");
  EXPECT_EQ(format_csv_field(0.125), "0,125");
  EXPECT_EQ(format_csv_field(3.0), "3");
  EXPECT_EQ(format_csv_field(-0.5), "-0,5");
}

// Every trigger of OWASP's CSV Injection page: the cell gets a leading ' and is quoted.
TEST(CsvWriter, NeutralisesEveryFormulaTrigger) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"=SUMMA(A1:A9)", "\"'=SUMMA(A1:A9)\""},
      {"+46 8 123 45", "\"'+46 8 123 45\""},
      {"-2 tjänster", "\"'-2 tjänster\""},
      {"@SUM(1+1)", "\"'@SUM(1+1)\""},
      {"\tTAB först", "\"'\tTAB först\""},
      {"\rCR först", "\"'\rCR först\""},
      {"=HYPERLINK(\"http://x\";\"klicka\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"klicka\"\")\""},
      {"=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""},
  };
  for (const auto& c : cases) EXPECT_EQ(format_csv_field(c.input), c.expected) << c.input;
  // Only the first character counts; the same characters later are harmless.
  EXPECT_EQ(format_csv_field("a=b+c-d@e"), "a=b+c-d@e");
  EXPECT_EQ(format_csv_field("'=redan citerad"), "'=redan citerad");
}

TEST(CsvWriter, HandsEachRowToTheSinkAndKeepsNothing) {
  std::size_t calls = 0;
  CsvWriter writer([&calls](std::string_view) { ++calls; });
  for (int i = 0; i < 100; ++i) {
    writer.write_row({"rad", i});
    EXPECT_EQ(writer.buffered_bytes(), 0u);
  }
  EXPECT_EQ(calls, 100u);
}
