// Reading a decision record, or the record bundle that carries one, from JSON into the typed
// values of decision_record.hpp, checking every key records.md requires on the way. The first
// problem is the answer, naming the key; nothing is thrown.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "records/checkpoint.hpp"
#include "records/decision_record.hpp"
#include "records/export_error.hpp"
#include "records/result.hpp"

namespace samrad::records {

Result<DecisionRecord, ExportError> read_decision_record(const nlohmann::json& record);

// What a reader of an exported record needs to check it against the log (records.md, "Record
// bundle"). The bundle's shape is read, not its signature: `samrad verify` does that.
struct BundleFacts {
  std::uint64_t log_index = 0;
  DecisionRecord record;
  std::string leaf_hash;  // base64 of the RFC 6962 leaf hash of the record's canonical form
  std::vector<std::string> inclusion_proof;  // base64 hashes as the bundle has them
  std::string checkpoint;                    // the signed note, verbatim
  Checkpoint checkpoint_body;                // its origin, tree size and root
};

Result<BundleFacts, ExportError> read_record_bundle(const nlohmann::json& bundle);

}  // namespace samrad::records
