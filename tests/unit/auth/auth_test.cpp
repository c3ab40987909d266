// Password hashing and session tokens.
#include <gtest/gtest.h>

#include <set>

#include "auth/password.hpp"
#include "auth/tokens.hpp"

using namespace samrad::auth;

TEST(Password, HashIsArgon2idWithAtLeastOwaspMinimum) {
  const std::string hash = hash_password("korrekt häst batteri");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  // m is in KiB: OWASP's minimum is 19 MiB = 19456 KiB, t >= 2.
  const auto m = std::stoul(hash.substr(hash.find("m=") + 2));
  const auto t = std::stoul(hash.substr(hash.find("t=") + 2));
  EXPECT_GE(m, 19456u);
  EXPECT_GE(t, 2u);
}

TEST(Password, VerifiesOnlyTheRightPassword) {
  const std::string hash = hash_password("samrad-demo");
  EXPECT_TRUE(verify_password("samrad-demo", hash));
  EXPECT_FALSE(verify_password("samrad-demO", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_FALSE(verify_password("samrad-demo", "not a hash"));
}

TEST(Password, SaltMakesHashesDiffer) {
  EXPECT_NE(hash_password("same"), hash_password("same"));
}

TEST(Tokens, AreRandom128BitHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = new_session_token();
    EXPECT_TRUE(is_well_formed_token(token)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Tokens, WellFormedMeansExactly32LowercaseHex) {
  EXPECT_TRUE(is_well_formed_token("0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(is_well_formed_token("0123456789ABCDEF0123456789abcdef"));
  EXPECT_FALSE(is_well_formed_token("0123456789abcdef0123456789abcde"));
  EXPECT_FALSE(is_well_formed_token("0123456789abcdef0123456789abcdeg"));
  EXPECT_FALSE(is_well_formed_token(""));
}

TEST(Tokens, HashIsStableAndDistinct) {
  const std::string a = new_session_token();
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(new_session_token()));
  EXPECT_EQ(token_hash(a).size(), 64u);
}

TEST(ExportTokens, ArePrefixedRandom256BitBase64url) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = new_export_token();
    ASSERT_EQ(token.rfind("samrad_export_", 0), 0u) << token;
    EXPECT_EQ(token.size(), std::string_view("samrad_export_").size() + 43) << token;
    EXPECT_EQ(token.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789-_",
                                      std::string_view("samrad_export_").size()),
              std::string::npos)
        << token;
    EXPECT_TRUE(is_well_formed_export_token(token)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(ExportTokens, WellFormedMeansThePrefixAndOneSpellingOf32Bytes) {
  const std::string body(43, 'A');
  EXPECT_TRUE(is_well_formed_export_token("samrad_export_" + body));
  // The 43rd character holds 2 bits of padding, which must be zero: "B" sets one.
  EXPECT_FALSE(is_well_formed_export_token("samrad_export_" + body.substr(0, 42) + "B"));
  EXPECT_FALSE(is_well_formed_export_token("samrad_export_" + body.substr(0, 42)));
  EXPECT_FALSE(is_well_formed_export_token("samrad_export_" + body + "A"));
  EXPECT_FALSE(is_well_formed_export_token("samrad_export_" + body.substr(0, 42) + "+"));
  EXPECT_FALSE(is_well_formed_export_token("samrad_export_" + body.substr(0, 42) + "="));
  EXPECT_FALSE(is_well_formed_export_token("samrad_session_" + body));
  EXPECT_FALSE(is_well_formed_export_token(body));
  EXPECT_FALSE(is_well_formed_export_token("0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(is_well_formed_export_token(""));
}

TEST(ExportTokens, AreStoredAsTheSessionTokensHash) {
  const std::string token = new_export_token();
  const std::string hash = token_hash(token);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find(token.substr(14)), std::string::npos);
  EXPECT_EQ(token_hash(token), hash);
  EXPECT_NE(token_hash(new_export_token()), hash);
}

TEST(ExportTokens, SameHashComparesWholeStrings) {
  EXPECT_TRUE(same_hash("abcd", "abcd"));
  EXPECT_FALSE(same_hash("abcd", "abce"));
  EXPECT_FALSE(same_hash("abcd", "abc"));
  EXPECT_TRUE(same_hash("", ""));
}
