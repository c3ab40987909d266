// Result<T> and the error codes' wire spellings (part of protocol v1; the protocol tests compare
// them with the schema too).
#include "domain/result.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace samrad::domain {
namespace {

TEST(ErrorCodeNames, EveryCodeHasItsOwnStableSpelling) {
  const std::map<ErrorCode, std::string> spelled = {
      {ErrorCode::bad_json, "bad_json"},
      {ErrorCode::bad_request, "bad_request"},
      {ErrorCode::unknown_type, "unknown_type"},
      {ErrorCode::unknown_field, "unknown_field"},
      {ErrorCode::too_large, "too_large"},
      {ErrorCode::unauthenticated, "unauthenticated"},
      {ErrorCode::forbidden, "forbidden"},
      {ErrorCode::not_found, "not_found"},
      {ErrorCode::invalid_state, "invalid_state"},
      {ErrorCode::invalid_reply, "invalid_reply"},
      {ErrorCode::conflict, "conflict"},
      {ErrorCode::stale_position, "stale_position"},
      {ErrorCode::rate_limited, "rate_limited"},
      {ErrorCode::storage_failed, "storage_failed"},
      {ErrorCode::internal, "internal"},
      {ErrorCode::invitation_expired, "invitation_expired"},
      {ErrorCode::invitation_used, "invitation_used"},
  };
  // internal is the last code: every value up to it is in the table, none falls through.
  ASSERT_EQ(spelled.size(), static_cast<std::size_t>(ErrorCode::internal) + 1);
  std::set<std::string> distinct;
  for (const auto& [code, name] : spelled) {
    EXPECT_EQ(to_string(code), name);
    distinct.insert(std::string(to_string(code)));
  }
  EXPECT_EQ(distinct.size(), spelled.size());
}

TEST(ErrorCodeNames, StalePositionIsItsOwnCodeNotABadRequest) {
  EXPECT_EQ(to_string(ErrorCode::stale_position), "stale_position");
  EXPECT_NE(ErrorCode::stale_position, ErrorCode::bad_request);
  EXPECT_NE(to_string(ErrorCode::stale_position), to_string(ErrorCode::bad_request));
}

TEST(Result, HoldsAValueOrAnError) {
  const Result<int> value = 42;
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(static_cast<bool>(value));
  EXPECT_EQ(*value, 42);

  const Result<int> error = make_error(ErrorCode::stale_position, "since 9 is beyond 3");
  ASSERT_FALSE(error.ok());
  EXPECT_FALSE(static_cast<bool>(error));
  EXPECT_EQ(error.error().code, ErrorCode::stale_position);
  EXPECT_EQ(error.error().message, "since 9 is beyond 3");
}

TEST(Result, AnRvaluesValueIsMovedOutNotReferenced) {
  auto make = [] { return Result<std::vector<std::string>>(std::vector<std::string>{"a", "b"}); };
  std::vector<std::string> seen;
  for (const auto& text : *make()) seen.push_back(text);  // would dangle if * returned a reference
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace samrad::domain
