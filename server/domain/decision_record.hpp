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

// The round's record in the log, which a correction's new record replaces.
struct SupersededRecord {
  std::int64_t log_index = 0;
  std::string leaf_hash;  // base64
};

struct DecisionRecordInput {
  // Every event of the round's main stream, in seq order, the last of them the decision
  // (phase_changed to decided) or a correction (outcome_written with a reason).
  const std::vector<Event>& events;
  std::string log_origin;
  // The round's latest record, exactly when the last event is a correction.
  std::optional<SupersededRecord> supersedes;
  // Lowercase hex SHA-256 of the bytes.
  std::function<std::string(std::string_view)> sha256_hex;
};

// Whether the event gives its round a new record: its decision, or a correction after it.
bool decides(const Event& event);
bool corrects(const Event& event);

// The record as JSON, every key of records.md present. Throws std::invalid_argument when the
// events do not begin with round_created or do not end in a decision or correction, or when
// supersedes is given for a decision or missing for a correction: a broken invariant of the
// caller, never an expected failure.
nlohmann::json build_decision_record(const DecisionRecordInput& input);

}  // namespace samrad::domain
