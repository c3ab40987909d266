// Offline verification of what the log publishes (records.md): a record bundle (steps 1–5), and
// the consistency of two checkpoints. Failures name the step and, in plain English, what failed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "records/merkle.hpp"
#include "records/note_keys.hpp"
#include "records/result.hpp"

namespace samrad::records {

// The steps of verification; their names (to_string) are the ones expected.json uses.
enum class Step {
  bundle,      // 1: the bundle document itself
  signature,   // 2: the checkpoint's signature by the expected key
  checkpoint,  // 3: the checkpoint body, its origin, the order of two checkpoints
  proof,       // 4: the proof's shape: index, sizes, number of hashes; a consistency proof file
  inclusion,   // 5: the record's leaf hash and the proof give the checkpoint's root
  consistency  // the newer checkpoint extends the older one; failing means a fork
};

std::string_view to_string(Step step);

struct VerificationFailure {
  Step step;
  std::string message;
};

struct VerifiedRecord {
  std::string origin;
  std::uint64_t tree_size = 0;
  Hash root{};
  std::uint64_t log_index = 0;
  std::string record;  // canonical bytes of the record, the leaf
};

struct VerifiedConsistency {
  std::string origin;
  std::uint64_t old_size = 0;
  std::uint64_t new_size = 0;
  Hash old_root{};
  Hash new_root{};
};

Result<VerifiedRecord, VerificationFailure> verify_bundle(std::string_view bundle_json,
                                                          const VerifierKey& key);

// Both checkpoints signed by key with its name as origin, the older no larger than the newer,
// the proof (JSON as GET /log/proof/consistency answers) between exactly their sizes, and RFC
// 9162 §2.1.4.2.
Result<VerifiedConsistency, VerificationFailure> verify_checkpoint_consistency(
    std::string_view older_checkpoint, std::string_view newer_checkpoint,
    std::string_view proof_json, const VerifierKey& key);

}  // namespace samrad::records
