// Helpers shared by the request parser's tests: the body a frame parses to, or the refusal it
// gets, checked for its code, the request's id (31 in these frames) and the field it names.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "protocol/codec.hpp"

namespace samrad::protocol::fixtures {

// The request's body, of the expected kind; a default one (and a failure) otherwise.
template <class Body>
Body parsed(const std::string& text) {
  const auto result = parse_request(text);
  if (const auto* failure = std::get_if<ParseFailure>(&result)) {
    ADD_FAILURE() << text << ": " << domain::to_string(failure->error.code) << ": "
                  << failure->error.message;
    return {};
  }
  const auto& request = std::get<Request>(result);
  const auto* body = std::get_if<Body>(&request.body);
  if (!body) {
    ADD_FAILURE() << text << " parsed as another request";
    return {};
  }
  return *body;
}

inline ParseFailure refused(const std::string& text) {
  const auto result = parse_request(text);
  if (std::holds_alternative<Request>(result)) {
    ADD_FAILURE() << "accepted: " << text;
    return {std::nullopt, {domain::ErrorCode::internal, ""}};
  }
  return std::get<ParseFailure>(result);
}

// Refused with the code, the request's id 31, and a message that names the field (in quotes,
// as every field is named).
inline void expect_refused(const std::string& text, domain::ErrorCode code,
                           const std::string& field) {
  SCOPED_TRACE(text);
  const auto failure = refused(text);
  EXPECT_EQ(failure.error.code, code) << failure.error.message;
  EXPECT_EQ(failure.id, 31);
  EXPECT_NE(failure.error.message.find("\"" + field + "\""), std::string::npos)
      << "the message should name " << field << ": " << failure.error.message;
}

}  // namespace samrad::protocol::fixtures
