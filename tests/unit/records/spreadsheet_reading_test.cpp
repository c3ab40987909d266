// The golden CSV files read back as a Swedish spreadsheet reads them (BOM stripped, ';' between
// fields, CRLF between rows, quotes respected): the right columns with the right values.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "export_fixtures.hpp"

namespace fx = samrad::records::export_fixtures;

namespace {

using Table = std::vector<std::vector<std::string>>;

// RFC 4180 reading with ';' as the separator, written here because it is what is tested.
Table read_swedish_csv(std::string text) {
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_TRUE(text.starts_with(bom));
  text.erase(0, bom.size());
  Table rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ';') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(rows.back().empty() && field.empty()) << "the last row must end in CRLF";
  rows.pop_back();
  return rows;
}

Table golden(const char* name) {
  return read_swedish_csv(fx::read_bytes(fx::test_dir() / "golden" / name));
}

const std::vector<std::string>* row_where(const Table& table, std::size_t column,
                                          const std::string& value, std::size_t nth = 0) {
  for (const auto& row : table) {
    if (row.size() > column && row[column] == value && nth-- == 0) return &row;
  }
  return nullptr;
}

}  // namespace

TEST(SpreadsheetReading, PositionsHaveOneRowPerVersion) {
  const auto table = golden("positions.csv");
  ASSERT_FALSE(table.empty());
  const std::vector<std::string> header = {
      "Runda",   "Rundans titel", "Organisation",      "Typ",        "Del",
      "Version", "Gällande",      "Ställningstagande", "Motivering", "Ställningstaganden per punkt",
      "Angivet", "Angivet av"};
  EXPECT_EQ(table[0], header);
  EXPECT_EQ(table.size(), 1u + 10u);  // ten versions of nine positions
  for (const auto& row : table) EXPECT_EQ(row.size(), header.size());

  const auto* first = row_where(table, 2, "Malmö stad");
  const auto* second = row_where(table, 2, "Malmö stad", 1);
  ASSERT_TRUE(first && second);
  EXPECT_EQ((*first)[3], "Kommun");
  EXPECT_EQ((*first)[4], "Kommuner");
  EXPECT_EQ((*first)[5], "1");
  EXPECT_EQ((*first)[6], "nej");
  EXPECT_EQ((*first)[7], "Tillstyrker med förbehåll");
  EXPECT_EQ((*first)[9],
            "Finansiering av elevhälsan: Tillstyrker med förbehåll – Uppräkning behövs.");
  EXPECT_EQ((*first)[10], "2026-10-01 09:45");  // summer time
  EXPECT_EQ((*second)[6], "ja");
  EXPECT_EQ((*second)[7], "Tillstyrker");
  EXPECT_EQ((*second)[10], "2026-10-27 16:10");  // winter time
  EXPECT_EQ((*second)[11], "Anna Lind");

  const auto* kiruna = row_where(table, 2, "Kiruna kommun");
  ASSERT_TRUE(kiruna);
  EXPECT_EQ((*kiruna)[7], "Avstyrker");
  EXPECT_NE((*kiruna)[8].find("\"öronmärkning\""), std::string::npos);
  EXPECT_NE((*kiruna)[8].find('\n'), std::string::npos);

  const auto* skane = row_where(table, 2, "Region Skåne");
  ASSERT_TRUE(skane);
  EXPECT_EQ((*skane)[4], "Regioner");
  EXPECT_EQ((*skane)[8], "'+2 tjänster per skola behövs för att nå målen; se vår bilaga.");

  EXPECT_EQ((*row_where(table, 2, "Skolverket"))[4], "Staten");
  EXPECT_EQ((*row_where(table, 2, "Utbildningsdepartementet"))[3], "Departement");
  EXPECT_EQ((*row_where(table, 2, "Sveriges Kommuner och Regioner"))[4], "Övriga");
  const auto* friskolor = row_where(table, 2, "Friskolornas riksförbund");
  ASSERT_TRUE(friskolor);
  EXPECT_EQ((*friskolor)[4], "Övriga");
  EXPECT_EQ((*friskolor)[7], "Avstår från att yttra sig");
  EXPECT_EQ((*row_where(table, 2, "Örebro kommun"))[7], "Tar inte ställning");
}

TEST(SpreadsheetReading, ResponsesNameWhoRaisedEachPoint) {
  const auto table = golden("responses.csv");
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table[0],
            (std::vector<std::string>{"Runda", "Rundans titel", "Synpunkt", "Svar", "Motivering",
                                      "Framförd av organisationer", "Framförd i inlägg"}));
  EXPECT_EQ(table[1][3], "Godtas delvis");
  EXPECT_EQ(table[1][5], "Malmö stad, Sveriges Kommuner och Regioner");
  EXPECT_EQ(table[1][6], "31, 35");
  EXPECT_EQ(table[2][3], "Godtas");
  EXPECT_EQ(table[3][3], "Godtas inte");
  EXPECT_EQ(table[3][6], "");
}

TEST(SpreadsheetReading, PostsKeepHiddenRowsWithoutText) {
  const auto table = golden("posts.csv");
  ASSERT_EQ(table.size(), 1u + 5u);
  for (const auto& row : table) EXPECT_EQ(row.size(), 14u);
  const auto* hidden = row_where(table, 3, "34");
  ASSERT_TRUE(hidden);
  EXPECT_EQ((*hidden)[10], "ja");
  EXPECT_EQ((*hidden)[11], "Personangrepp; strider mot samrådets regler.");
  EXPECT_EQ((*hidden)[13], "");
  const auto* edited = row_where(table, 3, "31");
  ASSERT_TRUE(edited);
  EXPECT_EQ((*edited)[9], "2");
  EXPECT_EQ((*edited)[10], "nej");
  EXPECT_NE((*edited)[13].find("år för år"), std::string::npos);
  const auto* formula = row_where(table, 3, "35");
  ASSERT_TRUE(formula);
  EXPECT_TRUE((*formula)[13].starts_with("'=Uppföljningen;"));
  EXPECT_EQ((*row_where(table, 3, "33"))[4], "31");
}
