// The one blank rule (domain::is_blank): exactly the code points the protocol spec lists are
// blank, alone or mixed; anything else, malformed UTF-8 included, is text. Empty is blank.
#include "domain/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace samrad::domain {
namespace {

// protocol/README.md, "Transport": U+0009-U+000D, U+0020, U+0085, U+00A0, U+1680,
// U+2000-U+200D, U+2028, U+2029, U+202F, U+205F, U+2060, U+3000, U+FEFF.
std::vector<char32_t> listed_blanks() {
  std::vector<char32_t> blanks;
  for (char32_t cp = 0x09; cp <= 0x0D; ++cp) blanks.push_back(cp);
  for (char32_t cp : {0x20, 0x85, 0xA0, 0x1680}) blanks.push_back(cp);
  for (char32_t cp = 0x2000; cp <= 0x200D; ++cp) blanks.push_back(cp);
  for (char32_t cp : {0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF}) {
    blanks.push_back(cp);
  }
  return blanks;
}

// Written out here instead of taken from a library, so the test depends on nothing it checks.
std::string utf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string hex(char32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
  return text;
}

TEST(IsBlank, EmptyTextIsBlank) {
  EXPECT_TRUE(is_blank(""));
  EXPECT_TRUE(is_blank(std::string_view()));
}

TEST(IsBlank, EachListedCodePointAloneIsBlank) {
  const auto blanks = listed_blanks();
  ASSERT_EQ(blanks.size(), 5u + 4u + 14u + 7u);
  for (const auto cp : blanks) {
    EXPECT_TRUE(is_blank(utf8(cp))) << hex(cp);
    EXPECT_TRUE(is_blank(utf8(cp) + utf8(cp) + utf8(cp))) << hex(cp) << " three times";
  }
}

TEST(IsBlank, AllListedCodePointsMixedAreBlank) {
  std::string all;
  for (const auto cp : listed_blanks()) all += utf8(cp);
  EXPECT_TRUE(is_blank(all));
  std::string reversed;
  const auto blanks = listed_blanks();
  for (auto it = blanks.rbegin(); it != blanks.rend(); ++it) reversed += utf8(*it);
  EXPECT_TRUE(is_blank(reversed));
}

TEST(IsBlank, ExactlyTheListedCodePointsAreBlank) {
  // Every scalar value, so nothing outside the list (U+00AD soft hyphen, U+180E Mongolian vowel
  // separator, U+200E left-to-right mark, U+2800 braille blank, U+3164 Hangul filler ...) counts
  // as blank, and nothing on it is missed.
  const auto blanks = listed_blanks();
  std::size_t blank_count = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not scalar values
    const bool listed = std::find(blanks.begin(), blanks.end(), cp) != blanks.end();
    const bool blank = is_blank(utf8(cp));
    if (blank) ++blank_count;
    if (blank != listed) ADD_FAILURE() << hex(cp) << (listed ? " is listed" : " is not listed");
  }
  EXPECT_EQ(blank_count, blanks.size());
}

TEST(IsBlank, VisibleOrInvisibleButUnlistedCharactersAreText) {
  for (const char* text : {"x", ".", "\u00ad", "\u180e", "\u200e", "\u200f", "\u2800", "\u3164",
                           "\u115f", "\uffa0", "\u034f", "\U0001F44D"}) {
    EXPECT_FALSE(is_blank(text)) << text;
  }
  EXPECT_FALSE(is_blank(std::string_view("\0", 1))) << "U+0000";
}

TEST(IsBlank, OneVisibleCharacterAnywhereMakesItText) {
  const std::string blanks = " \t\u00a0\u2003\u200b\ufeff\u3000";
  EXPECT_FALSE(is_blank("å" + blanks));
  EXPECT_FALSE(is_blank(blanks + "å"));
  EXPECT_FALSE(is_blank(blanks + "å" + blanks));
  EXPECT_FALSE(is_blank(blanks + "\u00ad" + blanks));
  EXPECT_FALSE(is_blank(std::string(10000, ' ') + "x"));
}

TEST(IsBlank, MalformedUtf8IsNotBlank) {
  for (const std::string& malformed : {
           std::string("\x80"),                  // a continuation byte alone
           std::string("\xC2"),                  // the start of U+00A0 / U+0085, cut off
           std::string("\xE2\x80"),              // the start of U+2000 ... U+200D, cut off
           std::string("\xEF\xBB"),              // the start of U+FEFF, cut off
           std::string("\xF0\x9F\x91"),          // a four-byte sequence, cut off
           std::string("\xC2 "),                 // a lead byte followed by a space
           std::string("\xE3\x80 "),             // U+3000 with its last byte replaced by a space
           std::string("\xFF"),                  // never valid in UTF-8
           std::string("\xF8\x88\x80\x80\x80"),  // a five-byte form
       }) {
    EXPECT_FALSE(is_blank(malformed)) << testing::PrintToString(malformed);
    EXPECT_FALSE(is_blank(" " + malformed + " ")) << testing::PrintToString(malformed);
  }
}

TEST(IsBlank, OverlongEncodingsOfBlankCodePointsAreNotBlank) {
  // Overlong forms are malformed UTF-8 (RFC 3629): they must not pass for a space or a tab.
  for (const std::string& overlong : {
           std::string("\xC0\xA0"),          // U+0020 in two bytes
           std::string("\xC0\x89"),          // U+0009 in two bytes
           std::string("\xE0\x80\xA0"),      // U+0020 in three bytes
           std::string("\xE0\x82\x85"),      // U+0085 in three bytes
           std::string("\xF0\x80\x80\xA0"),  // U+0020 in four bytes
           std::string("\xF0\x82\x80\x80"),  // U+2000 in four bytes
       }) {
    EXPECT_FALSE(is_blank(overlong)) << testing::PrintToString(overlong);
  }
}

TEST(TextLimits, AreTheProtocolsByteLimits) {
  EXPECT_EQ(max_title_bytes, 300u);
  EXPECT_EQ(max_body_bytes, 20000u);
  EXPECT_EQ(max_proposal_bytes, 200000u);
}

}  // namespace
}  // namespace samrad::domain
