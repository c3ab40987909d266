// The decision record of a round (protocol/records.md, "The decision record"), built from the
// stored events of the round's main stream alone, so that it says what was recorded and nothing
// a client sent or a table mirrors. Pure: the caller gives the events, the log's origin, what the
// record corrects, and the hash function (the domain does no cryptography).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/events.hpp"

namespace samrad::domain {

// The record an earlier decision of the same round put in the log, which a new one replaces.
struct SupersededRecord {
  std::int64_t log_index = 0;
  std::string leaf_hash;  // base64
};

struct DecisionRecordInput {
  // Every event of the round's main stream, in seq order, the decision (phase_changed to
  // decided) the last of them.
  const std::vector<Event>& events;
  std::string log_origin;
  std::optional<SupersededRecord> supersedes;
  // Lowercase hex SHA-256 of the bytes.
  std::function<std::string(std::string_view)> sha256_hex;
};

// The record as JSON, every key of records.md present. Throws std::invalid_argument when the
// events do not begin with round_created or do not end in a decision: a broken invariant of the
// caller, never an expected failure.
nlohmann::json build_decision_record(const DecisionRecordInput& input);

}  // namespace samrad::domain
