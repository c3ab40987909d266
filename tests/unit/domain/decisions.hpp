// Checks on a Decision shared by the domain's decide() tests: a refusal with its code, and the
// events an accepted command decides on.
#pragma once

#include <gtest/gtest.h>

#include <utility>

#include "domain/commands.hpp"

namespace samrad::domain::fixtures {

// Checks the code and that the message is a readable sentence, not a blank.
inline void expect_refused(const Decision& decision, ErrorCode code) {
  ASSERT_FALSE(decision.ok()) << "expected " << to_string(code);
  EXPECT_EQ(decision.error().code, code) << decision.error().message;
  EXPECT_FALSE(decision.error().message.empty());
}

// The events of an accepted command; none (and a failure) when it was refused.
inline std::vector<NewEvent> accepted(const Decision& decision) {
  if (!decision.ok()) {
    ADD_FAILURE() << "refused: " << to_string(decision.error().code) << ": "
                  << decision.error().message;
    return {};
  }
  return *decision;
}

// The one event an accepted command decides on, with its data of the expected kind.
template <class Data>
std::pair<StreamId, Data> single_event(const Decision& decision) {
  const auto events = accepted(decision);
  if (events.size() != 1) {
    ADD_FAILURE() << events.size() << " events, expected one";
    return {};
  }
  const auto& event = events.front();
  const auto* data = std::get_if<Data>(&event.data);
  if (!data) {
    ADD_FAILURE() << "an event of kind " << kind_of(event.data);
    return {};
  }
  return {event.stream, *data};
}

}  // namespace samrad::domain::fixtures
