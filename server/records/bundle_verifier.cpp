// Verifying bundles and consistency (see bundle_verifier.hpp).
#include "records/bundle_verifier.hpp"

#include "records/base64.hpp"
#include "records/checkpoint.hpp"
#include "records/documents.hpp"
#include "records/signed_note.hpp"

namespace samrad::records {

namespace {

VerificationFailure fail(Step step, std::string message) {
  return {step, std::move(message)};
}

// Steps 2 and 3 for one checkpoint; which is "the checkpoint", "the older checkpoint" ...
Result<Checkpoint, VerificationFailure> verified_checkpoint(std::string_view note,
                                                            const VerifierKey& key,
                                                            const std::string& which) {
  const auto label = key_label(key.name, key.id);
  auto text = open_note(note, key);
  if (!text) {
    switch (text.error().kind) {
      case NoteFailureKind::malformed:
        return fail(Step::signature, which + " is " + text.error().message);
      case NoteFailureKind::not_signed:
        return fail(Step::signature, which + " is not signed by key " + label);
      case NoteFailureKind::bad_signature:
        return fail(Step::signature, which + " signature does not verify with key " + label);
    }
  }
  auto checkpoint = parse_checkpoint_body(*text);
  if (!checkpoint) return fail(Step::checkpoint, which + ": " + checkpoint.error().message);
  if (checkpoint->origin != key.name) {
    return fail(Step::checkpoint, which + "'s origin \"" + checkpoint->origin +
                                      "\" is not the key's name \"" + key.name + "\"");
  }
  return std::move(checkpoint).value();
}

}  // namespace

std::string_view to_string(Step step) {
  switch (step) {
    case Step::bundle:
      return "bundle";
    case Step::signature:
      return "signature";
    case Step::checkpoint:
      return "checkpoint";
    case Step::proof:
      return "proof";
    case Step::inclusion:
      return "inclusion";
    case Step::consistency:
      return "consistency";
  }
  return "unknown";
}

Result<VerifiedRecord, VerificationFailure> verify_bundle(std::string_view bundle_json,
                                                          const VerifierKey& key) {
  auto bundle = parse_bundle(bundle_json);
  if (!bundle) return fail(Step::bundle, bundle.error().message);
  auto checkpoint = verified_checkpoint(bundle->checkpoint, key, "the checkpoint");
  if (!checkpoint) return checkpoint.error();
  const auto index = bundle->log_index;
  const auto size = checkpoint->size;
  if (index >= size) {
    return fail(Step::proof, "the record's log index " + std::to_string(index) +
                                 " is not below the checkpoint's tree size " +
                                 std::to_string(size));
  }
  if (const auto length = inclusion_proof_length(index, size);
      bundle->inclusion_proof.size() != length) {
    return fail(Step::proof,
                "the inclusion proof has " + std::to_string(bundle->inclusion_proof.size()) +
                    " hashes; for index " + std::to_string(index) + " in a tree of size " +
                    std::to_string(size) + " it must have " + std::to_string(length));
  }
  const auto included = verify_inclusion(leaf_hash(bundle->record), index, size,
                                         bundle->inclusion_proof, checkpoint->root);
  if (!included) {
    return fail(Step::inclusion, "record is not in the log: the inclusion proof for index " +
                                     std::to_string(index) + " leads to root " +
                                     encode_base64(included.error().computed_root) +
                                     ", the checkpoint says " + encode_base64(checkpoint->root));
  }
  return VerifiedRecord{checkpoint->origin, size, checkpoint->root, index,
                        std::move(bundle->record)};
}

Result<VerifiedConsistency, VerificationFailure> verify_checkpoint_consistency(
    std::string_view older_checkpoint, std::string_view newer_checkpoint,
    std::string_view proof_json, const VerifierKey& key) {
  auto proof = parse_consistency_proof(proof_json);
  if (!proof) return fail(Step::proof, proof.error().message);
  auto older = verified_checkpoint(older_checkpoint, key, "the older checkpoint");
  if (!older) return older.error();
  auto newer = verified_checkpoint(newer_checkpoint, key, "the newer checkpoint");
  if (!newer) return newer.error();
  const auto m = older->size;
  const auto n = newer->size;
  const auto sizes = "from size " + std::to_string(m) + " to " + std::to_string(n);
  if (m > n) {
    return fail(Step::checkpoint, "the older checkpoint has size " + std::to_string(m) +
                                      ", larger than the newer checkpoint's " + std::to_string(n));
  }
  if (proof->from != m || proof->to != n) {
    return fail(Step::proof, "the consistency proof is from size " + std::to_string(proof->from) +
                                 " to " + std::to_string(proof->to) +
                                 ", but the checkpoints have sizes " + std::to_string(m) + " and " +
                                 std::to_string(n));
  }
  if (const auto length = consistency_proof_length(m, n); proof->proof.size() != length) {
    return fail(Step::proof, "the consistency proof " + sizes + " has " +
                                 std::to_string(proof->proof.size()) + " hashes; it must have " +
                                 std::to_string(length));
  }
  const auto consistent = verify_consistency(m, n, proof->proof, older->root, newer->root);
  if (!consistent) {
    const auto& error = consistent.error();
    switch (error.kind) {
      case ProofFailureKind::same_size_different_roots:
        return fail(Step::consistency, "the logs fork: both checkpoints have size " +
                                           std::to_string(m) + " but different roots");
      case ProofFailureKind::old_root_mismatch:
        return fail(Step::consistency, "the logs fork: consistency proof " + sizes +
                                           " does not lead to the older checkpoint's root");
      default:
        return fail(Step::consistency, "the logs fork: consistency proof " + sizes +
                                           " does not lead to the newer checkpoint's root");
    }
  }
  return VerifiedConsistency{older->origin, m, n, older->root, newer->root};
}

}  // namespace samrad::records
