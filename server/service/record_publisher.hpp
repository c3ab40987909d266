// Publishing decision records: when a command decides a round, the round's record (built by the
// domain from its main stream) goes into the transparency log in the same transaction as the
// decision, so a decided round without its record, or a record of an undecided round, cannot be
// committed.
#pragma once

#include <string>
#include <vector>

#include "domain/events.hpp"
#include "store/store.hpp"

namespace samrad::service {

struct RecordSettings {
  // The log's origin (config records.log_origin): its checkpoints' first line and its key's
  // name, and the record's log_origin.
  std::string log_origin;
};

// For every round the events decide, appends its record to the log; a correction of a decided
// round's outcome appends a record that supersedes the round's previous one.
void publish_decided_records(store::WriteTransaction& tx, const std::vector<domain::Event>& events,
                             const RecordSettings& settings, domain::Timestamp now);

}  // namespace samrad::service
