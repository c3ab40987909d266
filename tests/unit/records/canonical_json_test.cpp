// RFC 8785 (JCS) conformance: the RFC's own examples, its Appendix B number table, strict
// parsing, and properties over seeded random JSON.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "records/canonical_json.hpp"

using namespace samrad::records;

namespace {

std::string canonical(std::string_view text) {
  auto result = canonicalize(text);
  EXPECT_TRUE(result.ok()) << text << ": " << (result ? "" : result.error().message);
  return result ? *result : std::string();
}

}  // namespace

// RFC 8785 §3.2.2 input and §3.2.3 output, checked against the §3.2.4 UTF-8 bytes.
TEST(CanonicalJson, Rfc8785Section3_2_2Example) {
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50,
                2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  const std::string expected =
      "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
      "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
  EXPECT_EQ(canonical(input), expected);
  const unsigned char rfc_3_2_4_bytes[] = {
      0x7b, 0x22, 0x6c, 0x69, 0x74, 0x65, 0x72, 0x61, 0x6c, 0x73, 0x22, 0x3a, 0x5b, 0x6e, 0x75,
      0x6c, 0x6c, 0x2c, 0x74, 0x72, 0x75, 0x65, 0x2c, 0x66, 0x61, 0x6c, 0x73, 0x65, 0x5d, 0x2c,
      0x22, 0x6e, 0x75, 0x6d, 0x62, 0x65, 0x72, 0x73, 0x22, 0x3a, 0x5b, 0x33, 0x33, 0x33, 0x33,
      0x33, 0x33, 0x33, 0x33, 0x33, 0x2e, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x2c, 0x31,
      0x65, 0x2b, 0x33, 0x30, 0x2c, 0x34, 0x2e, 0x35, 0x2c, 0x30, 0x2e, 0x30, 0x30, 0x32, 0x2c,
      0x31, 0x65, 0x2d, 0x32, 0x37, 0x5d, 0x2c, 0x22, 0x73, 0x74, 0x72, 0x69, 0x6e, 0x67, 0x22,
      0x3a, 0x22, 0xe2, 0x82, 0xac, 0x24, 0x5c, 0x75, 0x30, 0x30, 0x30, 0x66, 0x5c, 0x6e, 0x41,
      0x27, 0x42, 0x5c, 0x22, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x22, 0x2f, 0x22, 0x7d};
  EXPECT_EQ(canonical(input), std::string(std::begin(rfc_3_2_4_bytes), std::end(rfc_3_2_4_bytes)));
}

// RFC 8785 §3.2.3: property names sort by UTF-16 code units, so the emoji (a surrogate pair,
// 0xD83D...) comes before U+FB33 although its UTF-8 bytes sort after.
TEST(CanonicalJson, Rfc8785Section3_2_3SortingExample) {
  const std::string input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  const std::string expected =
      "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
      "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
      "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
      "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}";
  EXPECT_EQ(canonical(input), expected);
}

// RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript serialisation. The NaN and
// Infinity rows cannot come from JSON text; format_number refuses them.
TEST(CanonicalJson, Rfc8785AppendixBNumbers) {
  const struct {
    std::uint64_t bits;
    const char* expected;
  } rows[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},  // minus zero
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},  // round to even
  };
  for (const auto& row : rows) {
    const double value = std::bit_cast<double>(row.bits);
    EXPECT_EQ(format_number(value), row.expected) << std::hex << row.bits;
    // The same through JSON text: the expected string parses back to that double.
    EXPECT_EQ(canonical(std::string("[") + row.expected + "]"),
              std::string("[") + row.expected + "]");
  }
  EXPECT_THROW(format_number(std::bit_cast<double>(std::uint64_t{0x7fffffffffffffff})),
               std::invalid_argument);
  EXPECT_THROW(format_number(std::bit_cast<double>(std::uint64_t{0x7ff0000000000000})),
               std::invalid_argument);
}

TEST(CanonicalJson, NumbersFromTextAreDoubles) {
  EXPECT_EQ(canonical("[1E21, 1e-7, 0.000001, 1e20, 100, -0, -0.0, 1.0, 2e0]"),
            "[1e+21,1e-7,0.000001,100000000000000000000,100,0,0,1,2]");
  // Integers beyond 2^53 are doubles too, whatever nlohmann stores them as.
  EXPECT_EQ(canonical("[9007199254740993, 18446744073709551615, 295147905179352825856]"),
            "[9007199254740992,18446744073709552000,295147905179352830000]");
}

TEST(CanonicalJson, StringEscapesAreRfc8785Minimal) {
  EXPECT_EQ(canonical(R"(["\u0000\u0001\u001f\u007f\u2028\/\b\f\n\r\t"])"),
            "[\"\\u0000\\u0001\\u001f\x7f\xE2\x80\xA8/\\b\\f\\n\\r\\t\"]");
  EXPECT_EQ(canonical(R"(["\ud834\udd1e", "å ä ö"])"),
            "[\"\xF0\x9D\x84\x9E\",\"\xC3\xA5 \xC3\xA4 \xC3\xB6\"]");
}

TEST(CanonicalJson, RefusesWhatIsNotStrictJson) {
  for (const std::string& bad : {
           std::string(R"({"a":1,"a":2})"),               // duplicate key
           std::string(R"({"x":{"a":1,"b":{},"a":3}})"),  // nested duplicate
           std::string("[1] 2"),                          // trailing data
           std::string("[1] x"),                          //
           std::string("\xEF\xBB\xBF[1]"),                // byte order mark
           std::string("[\"\xC3\"]"),                     // truncated UTF-8
           std::string("[\"\xC0\xAF\"]"),                 // overlong UTF-8
           std::string("[\"\xED\xA0\x80\"]"),             // surrogate in UTF-8
           std::string(R"(["\ud800"])"),                  // lone high surrogate
           std::string(R"(["\udc00x"])"),                 // lone low surrogate
           std::string(R"(["\ud800\u0041"])"),            // high surrogate, no low one
           std::string("[1e400]"),                        // beyond double
           std::string("[NaN]"),                          //
           std::string("[01]"),                           //
           std::string("/* c */ [1]"),                    // comment
           std::string("[\"tab\there\"]"),                // raw control character
           std::string(""),
       }) {
    EXPECT_FALSE(canonicalize(bad).ok()) << bad;
  }
  EXPECT_NE(canonicalize(R"({"a":1,"a":2})").error().message.find("duplicate key \"a\""),
            std::string::npos);
  std::string deep(max_json_depth + 1, '[');
  deep += std::string(max_json_depth + 1, ']');
  EXPECT_NE(canonicalize(deep).error().message.find("nested deeper"), std::string::npos);
  std::string deep_enough(max_json_depth, '[');
  deep_enough += std::string(max_json_depth, ']');
  EXPECT_TRUE(canonicalize(deep_enough).ok());
}

// Seeded random JSON: objects and arrays nested, strings with controls, quotes, Swedish letters,
// astral characters and characters between U+E000 and U+FFFF, numbers of every magnitude.
class RandomJson {
 public:
  explicit RandomJson(std::uint64_t seed) : random_(seed) {}

  std::string value(int depth) {
    switch (pick(depth > 4 ? 4 : 6)) {
      case 0:
        return "null";
      case 1:
        return pick(2) ? "true" : "false";
      case 2:
        return number();
      case 3:
        return string();
      case 4: {
        std::string out = "[";
        for (int i = 0, n = pick(5); i < n; ++i) {
          if (i) out += ", ";
          out += value(depth + 1);
        }
        return out + "]";
      }
      default: {
        // Each draw in a statement of its own, so every compiler makes the same sequence; a key
        // drawn twice, however escaped, is left out (a duplicate key is refused, as the next test
        // shows).
        std::string out = "{";
        std::set<std::string> keys;
        for (int i = 0, n = pick(5); i < n; ++i) {
          std::string key = string();
          std::string member = value(depth + 1);
          if (!keys.insert(nlohmann::json::parse(key).get<std::string>()).second) continue;
          if (keys.size() > 1) out += ",\n ";
          out += key + " : " + member;
        }
        return out + "}";
      }
    }
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::string number() {
    switch (pick(4)) {
      case 0:
        return std::to_string(std::uniform_int_distribution<std::int64_t>(
            -9007199254740991, 9007199254740991)(random_));
      case 1: {
        // Any finite double, written with 17 significant digits so it round-trips.
        double value;
        do {
          value = std::bit_cast<double>(std::uniform_int_distribution<std::uint64_t>()(random_));
        } while (!std::isfinite(value));
        char text[40];
        std::snprintf(text, sizeof text, "%.17g", value);
        return text;
      }
      case 2: {
        char text[40];
        std::snprintf(text, sizeof text, "%de%d", pick(2000) - 1000, pick(600) - 300);
        return text;
      }
      default:
        return std::to_string(pick(1000) - 500) + "." + std::to_string(pick(100000));
    }
  }

  std::string string() {
    static const char* const pieces[] = {"a",
                                         "Z",
                                         "1",
                                         " ",
                                         "\\\"",
                                         "\\\\",
                                         "\\/",
                                         "\\n",
                                         "\\t",
                                         "\\b",
                                         "\\f",
                                         "\\r",
                                         "\\u0000",
                                         "\\u001F",
                                         "\\u007f",
                                         "\\u00e5",
                                         "å",
                                         "ä",
                                         "ö",
                                         "Ö",
                                         "€",
                                         "\xEF\xAC\xB3",
                                         "\\ufb33",
                                         "\\ud83d\\ude00",
                                         "😀",
                                         "𝄞",
                                         "\\uE000",
                                         "\\uFFFF",
                                         "\xEF\xBF\xBD",
                                         "\xF4\x8F\xBF\xBF",
                                         "\\u2028"};
    std::string out = "\"";
    for (int i = 0, n = pick(8); i < n; ++i) out += pieces[pick(std::size(pieces))];
    return out + "\"";
  }

  std::mt19937_64 random_;
};

TEST(CanonicalJson, PropertiesOverSeededRandomJson) {
  RandomJson generator(20261130);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = generator.value(0);
    const auto once = canonicalize(text);
    ASSERT_TRUE(once.ok()) << text << "\n" << once.error().message;
    // Idempotent: the canonical form is its own canonical form.
    const auto twice = canonicalize(*once);
    ASSERT_TRUE(twice.ok()) << *once;
    EXPECT_EQ(*twice, *once) << text;
    // The canonical form parses back to the same value (nlohmann compares integers and
    // doubles by value).
    EXPECT_EQ(nlohmann::json::parse(*once), nlohmann::json::parse(text)) << text;
  }
}

TEST(CanonicalJson, PropertyDuplicateKeysAreRefusedAnywhere) {
  RandomJson generator(7);
  for (int i = 0; i < 500; ++i) {
    const std::string inner = generator.value(1);
    EXPECT_FALSE(canonicalize("{\"k\":" + inner + ",\"k\":" + inner + "}").ok());
    EXPECT_FALSE(canonicalize("[{\"x\":[{\"k\":1,\"m\":" + inner + ",\"k\":1}]}]").ok());
    // Same key written differently is the same key.
    EXPECT_FALSE(canonicalize("{\"\\u00e5\":" + inner + ",\"å\":" + inner + "}").ok());
  }
}
