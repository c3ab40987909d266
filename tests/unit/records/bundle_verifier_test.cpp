// Verifying record bundles and checkpoint consistency: the valid examples pass, and every single
// bit flipped in a record, a proof hash or the signed checkpoint fails at the step that names it;
// forks are detected.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "example_log.hpp"
#include "records/base64.hpp"
#include "records/bundle_verifier.hpp"
#include "records/canonical_json.hpp"
#include "records/signed_note.hpp"
#include "records/utf8.hpp"

using namespace samrad::records;
namespace ex = samrad::records::examples;

namespace {

VerifierKey log_key() {
  return ex::test_key().verifier();
}

// The valid bundle's parts, to rebuild bundles with one part changed.
struct Parts {
  std::uint64_t index = 4;
  std::string record = ex::sample_record(4);
  std::vector<Hash> proof = inclusion_proof(ex::leaf_hashes(7, false), 4);
  std::string checkpoint = ex::checkpoint_note(7, false, ex::test_key());

  // The record spliced in as text, so that it may be any bytes.
  std::string bundle() const {
    nlohmann::ordered_json rest;
    rest["format"] = bundle_format;
    rest["log_index"] = index;
    rest["inclusion_proof"] = nlohmann::json::array();
    for (const auto& hash : proof) rest["inclusion_proof"].push_back(encode_base64(hash));
    rest["checkpoint"] = checkpoint;
    auto text = rest.dump();
    return "{\"record\":" + record + "," + text.substr(1);
  }
};

std::string describe(const Result<VerifiedRecord, VerificationFailure>& result) {
  return result ? "ok"
                : std::string(to_string(result.error().step)) + ": " + result.error().message;
}

}  // namespace

TEST(BundleVerifier, AcceptsTheValidBundle) {
  const auto verified = verify_bundle(ex::bundle(4, 7, ex::test_key()), log_key());
  ASSERT_TRUE(verified.ok()) << describe(verified);
  EXPECT_EQ(verified->origin, "samrad.example/log");
  EXPECT_EQ(verified->tree_size, 7u);
  EXPECT_EQ(verified->log_index, 4u);
  EXPECT_EQ(verified->record, ex::sample_record(4));
  EXPECT_EQ(verified->root, tree_root(ex::leaf_hashes(7, false)));
  EXPECT_TRUE(verify_bundle(Parts{}.bundle(), log_key()).ok());
}

TEST(BundleVerifier, EveryIndexOfEveryExampleSizeVerifies) {
  for (std::size_t size = 1; size <= 12; ++size) {
    for (std::size_t index = 0; index < size; ++index) {
      const auto verified = verify_bundle(ex::bundle(index, size, ex::test_key()), log_key());
      EXPECT_TRUE(verified.ok()) << index << "/" << size << " " << describe(verified);
    }
  }
}

TEST(BundleVerifier, EveryBitFlippedInTheRecordFails) {
  const Parts valid;
  for (std::size_t byte = 0; byte < valid.record.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      Parts parts = valid;
      parts.record[byte] = static_cast<char>(parts.record[byte] ^ (1 << bit));
      const auto verified = verify_bundle(parts.bundle(), log_key());
      ASSERT_FALSE(verified.ok()) << byte << ":" << bit;
      // Still JSON: the record differs, so it is not in the log. Not JSON, or no longer a
      // decision record: the bundle itself is refused.
      bool still_record = false;
      if (const auto still_json = canonicalize(parts.record)) {
        const auto parsed = nlohmann::json::parse(*still_json);
        still_record = parsed.is_object() && parsed.value("format", "") == decision_record_format;
      }
      if (still_record) {
        EXPECT_EQ(verified.error().step, Step::inclusion) << describe(verified);
        EXPECT_TRUE(verified.error().message.starts_with(
            "record is not in the log: the inclusion proof for index 4 leads to root "))
            << verified.error().message;
      } else {
        EXPECT_EQ(verified.error().step, Step::bundle) << describe(verified);
      }
    }
  }
}

TEST(BundleVerifier, EveryBitFlippedInAProofHashFails) {
  const Parts valid;
  ASSERT_EQ(valid.proof.size(), 3u);
  const std::string root = encode_base64(tree_root(ex::leaf_hashes(7, false)));
  for (std::size_t p = 0; p < valid.proof.size(); ++p) {
    for (std::size_t bit = 0; bit < 256; ++bit) {
      Parts parts = valid;
      parts.proof[p][bit / 8] ^= static_cast<std::uint8_t>(1 << (bit % 8));
      const auto verified = verify_bundle(parts.bundle(), log_key());
      ASSERT_FALSE(verified.ok());
      EXPECT_EQ(verified.error().step, Step::inclusion);
      EXPECT_TRUE(verified.error().message.ends_with(", the checkpoint says " + root))
          << verified.error().message;
    }
  }
}

TEST(BundleVerifier, EveryBitFlippedInTheCheckpointFails) {
  const Parts valid;
  for (std::size_t byte = 0; byte < valid.checkpoint.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      Parts parts = valid;
      parts.checkpoint[byte] = static_cast<char>(parts.checkpoint[byte] ^ (1 << bit));
      if (!decode_utf8(parts.checkpoint)) {
        // No JSON text can carry it; the note itself is refused.
        EXPECT_EQ(open_note(parts.checkpoint, log_key()).error().kind, NoteFailureKind::malformed);
        continue;
      }
      const auto verified = verify_bundle(parts.bundle(), log_key());
      ASSERT_FALSE(verified.ok()) << byte << ":" << bit;
      EXPECT_EQ(verified.error().step, Step::signature) << describe(verified);
      EXPECT_TRUE(verified.error().message.starts_with("the checkpoint "))
          << verified.error().message;
    }
  }
}

TEST(BundleVerifier, NamesEachStep) {
  const auto step_of = [](const std::string& bundle, const VerifierKey& key) {
    const auto verified = verify_bundle(bundle, key);
    return verified ? std::string("ok") : std::string(to_string(verified.error().step));
  };
  const auto key = log_key();
  Parts parts;
  EXPECT_EQ(step_of("[]", key), "bundle");
  EXPECT_EQ(step_of(parts.bundle().substr(1), key), "bundle");
  {
    auto bundle = nlohmann::json::parse(parts.bundle());
    bundle["extra"] = 1;
    EXPECT_EQ(step_of(bundle.dump(), key), "bundle");
    bundle.erase("extra");
    bundle["format"] = "samrad-record-bundle/2";
    EXPECT_EQ(step_of(bundle.dump(), key), "bundle");
    bundle["format"] = "samrad-record-bundle/1";
    bundle["log_index"] = 4.0;
    EXPECT_EQ(step_of(bundle.dump(), key), "bundle");
    bundle["log_index"] = -1;
    EXPECT_EQ(step_of(bundle.dump(), key), "bundle");
    bundle.erase("log_index");
    EXPECT_EQ(step_of(bundle.dump(), key), "bundle");
  }
  // Duplicate keys are refused, even where both say the same.
  EXPECT_EQ(step_of("{\"log_index\":4," + parts.bundle().substr(1), key), "bundle");

  const auto wrong_key = verify_bundle(ex::bundle(4, 7, ex::other_key()), key);
  EXPECT_EQ(wrong_key.error().step, Step::signature);
  EXPECT_EQ(wrong_key.error().message,
            "the checkpoint is not signed by key " + key_label(key.name, key.id));

  Parts bad_signature = parts;
  bad_signature.checkpoint[2] = 'X';  // the body changes, the signature line does not
  const auto bad = verify_bundle(bad_signature.bundle(), key);
  EXPECT_EQ(bad.error().message,
            "the checkpoint signature does not verify with key " + key_label(key.name, key.id));

  // A validly signed checkpoint of another origin, or with a broken body.
  const auto other_origin = SignerKey::from_seed("other.example/log", Seed{});
  Parts other = parts;
  other.checkpoint =
      sign_checkpoint({"other.example/log", 7, tree_root(ex::leaf_hashes(7, false))}, other_origin);
  EXPECT_EQ(step_of(other.bundle(), other_origin.verifier()), "ok");
  const auto renamed = SignerKey::from_seed("samrad.example/log", Seed{});
  other.checkpoint = sign_note(
      "other.example/log\n7\n" + encode_base64(tree_root(ex::leaf_hashes(7, false))) + "\n",
      renamed);
  EXPECT_EQ(step_of(other.bundle(), renamed.verifier()), "checkpoint");
  other.checkpoint = sign_note(
      "samrad.example/log\n07\n" + encode_base64(tree_root(ex::leaf_hashes(7, false))) + "\n",
      renamed);
  EXPECT_EQ(step_of(other.bundle(), renamed.verifier()), "checkpoint");

  Parts beyond = parts;
  beyond.index = 7;
  EXPECT_EQ(step_of(beyond.bundle(), key), "proof");
  Parts short_proof = parts;
  short_proof.proof.pop_back();
  EXPECT_EQ(step_of(short_proof.bundle(), key), "proof");
  Parts other_index = parts;
  other_index.index = 5;
  EXPECT_EQ(step_of(other_index.bundle(), key), "inclusion");
}

TEST(ConsistencyVerifier, AcceptsTheLogGrowingAndDetectsForks) {
  const auto key = ex::test_key();
  const auto leaves = ex::leaf_hashes(12, false);
  const auto cp7 = ex::checkpoint_note(7, false, key);
  const auto cp12 = ex::checkpoint_note(12, false, key);
  const auto fork12 = ex::checkpoint_note(12, true, key);
  const auto proof_7_12 = format_consistency_proof({7, 12, consistency_proof(leaves, 7)});
  const auto proof_12_12 = format_consistency_proof({12, 12, {}});

  const auto grown = verify_checkpoint_consistency(cp7, cp12, proof_7_12, key.verifier());
  ASSERT_TRUE(grown.ok()) << grown.error().message;
  EXPECT_EQ(grown->old_size, 7u);
  EXPECT_EQ(grown->new_size, 12u);
  EXPECT_TRUE(verify_checkpoint_consistency(cp12, cp12, proof_12_12, key.verifier()).ok());

  const auto forked = verify_checkpoint_consistency(cp7, fork12, proof_7_12, key.verifier());
  ASSERT_FALSE(forked.ok());
  EXPECT_EQ(forked.error().step, Step::consistency);
  EXPECT_EQ(forked.error().message,
            "the logs fork: consistency proof from size 7 to 12 does not lead to the newer "
            "checkpoint's root");
  const auto same_size = verify_checkpoint_consistency(cp12, fork12, proof_12_12, key.verifier());
  ASSERT_FALSE(same_size.ok());
  EXPECT_EQ(same_size.error().step, Step::consistency);
  EXPECT_EQ(same_size.error().message,
            "the logs fork: both checkpoints have size 12 but different roots");

  // The rewritten log's own proof cannot connect the original size-7 checkpoint either.
  const auto fork_proof =
      format_consistency_proof({7, 12, consistency_proof(ex::leaf_hashes(12, true), 7)});
  EXPECT_EQ(verify_checkpoint_consistency(cp7, fork12, fork_proof, key.verifier()).error().step,
            Step::consistency);

  const auto step_of = [&](const std::string& older, const std::string& newer,
                           const std::string& proof) {
    const auto verified = verify_checkpoint_consistency(older, newer, proof, key.verifier());
    return verified ? std::string("ok") : std::string(to_string(verified.error().step));
  };
  EXPECT_EQ(step_of(cp12, cp7, proof_7_12), "checkpoint");  // older is larger
  EXPECT_EQ(step_of(cp7, cp12, proof_12_12), "proof");      // proof between other sizes
  EXPECT_EQ(step_of(cp7, cp12, "{\"from\":7,\"to\":12}"), "proof");
  EXPECT_EQ(step_of(cp7, cp12, format_consistency_proof({7, 12, {}})), "proof");
  EXPECT_EQ(step_of(cp7, ex::checkpoint_note(12, false, ex::other_key()), proof_7_12), "signature");
  for (std::size_t p = 0; p < 3; ++p) {
    auto bent = consistency_proof(leaves, 7);
    bent[p][0] ^= 1;
    EXPECT_EQ(step_of(cp7, cp12, format_consistency_proof({7, 12, bent})), "consistency");
  }
}
