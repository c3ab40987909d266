// Merkle tree hashing, proofs and their verification (see merkle.hpp). Generation follows the
// recursive definitions of RFC 6962 §2.1 directly: a log of decision records stays small.
#include "records/merkle.hpp"

#include <sodium.h>

#include <bit>
#include <stdexcept>

#include "records/base64.hpp"

namespace samrad::records {

namespace {

using Leaves = std::span<const Hash>;

// The largest power of two smaller than n (n > 1).
std::size_t split_point(std::size_t n) {
  return std::bit_floor(n - 1);
}

void path(Leaves leaves, std::size_t index, std::vector<Hash>& out) {
  if (leaves.size() <= 1) return;
  const auto k = split_point(leaves.size());
  if (index < k) {
    path(leaves.first(k), index, out);
    out.push_back(tree_root(leaves.subspan(k)));
  } else {
    path(leaves.subspan(k), index - k, out);
    out.push_back(tree_root(leaves.first(k)));
  }
}

void subproof(std::size_t m, Leaves leaves, bool complete_subtree, std::vector<Hash>& out) {
  if (m == leaves.size()) {
    if (!complete_subtree) out.push_back(tree_root(leaves));
    return;
  }
  const auto k = split_point(leaves.size());
  if (m <= k) {
    subproof(m, leaves.first(k), complete_subtree, out);
    out.push_back(tree_root(leaves.subspan(k)));
  } else {
    subproof(m - k, leaves.subspan(k), false, out);
    out.push_back(tree_root(leaves.first(k)));
  }
}

std::string b64(const Hash& hash) {
  return encode_base64(hash);
}

// "Right-shift both fn and sn equally until either LSB(fn) is set or fn is 0" (RFC 9162).
void shift_while_lsb_clear(std::uint64_t& fn, std::uint64_t& sn) {
  while (fn != 0 && (fn & 1) == 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Hash sha256(std::string_view bytes) {
  Hash out;
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

Hash leaf_hash(std::string_view bytes) {
  Hash out;
  crypto_hash_sha256_state state;
  const unsigned char prefix = 0x00;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, &prefix, 1);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

Hash node_hash(const Hash& left, const Hash& right) {
  unsigned char input[1 + 32 + 32];
  input[0] = 0x01;
  std::copy(left.begin(), left.end(), input + 1);
  std::copy(right.begin(), right.end(), input + 33);
  Hash out;
  crypto_hash_sha256(out.data(), input, sizeof input);
  return out;
}

Hash tree_root(Leaves leaves) {
  if (leaves.empty()) return sha256("");
  if (leaves.size() == 1) return leaves[0];
  const auto k = split_point(leaves.size());
  return node_hash(tree_root(leaves.first(k)), tree_root(leaves.subspan(k)));
}

std::vector<Hash> inclusion_proof(Leaves leaves, std::uint64_t index) {
  if (index >= leaves.size()) throw std::out_of_range("inclusion_proof: index beyond the tree");
  std::vector<Hash> out;
  path(leaves, static_cast<std::size_t>(index), out);
  return out;
}

std::vector<Hash> consistency_proof(Leaves leaves, std::uint64_t old_size) {
  if (old_size > leaves.size()) throw std::out_of_range("consistency_proof: size beyond the tree");
  std::vector<Hash> out;
  if (old_size == 0 || old_size == leaves.size()) return out;
  subproof(static_cast<std::size_t>(old_size), leaves, true, out);
  return out;
}

std::size_t inclusion_proof_length(std::uint64_t index, std::uint64_t size) {
  // Below the point where index's path and the right edge of the tree part, every level has a
  // sibling; above it, only the levels where index's path turns right do.
  const auto inner = static_cast<unsigned>(std::bit_width(index ^ (size - 1)));
  return inner + static_cast<std::size_t>(std::popcount(index >> inner));
}

std::size_t consistency_proof_length(std::uint64_t old_size, std::uint64_t new_size) {
  if (old_size == 0 || old_size == new_size) return 0;
  const auto inner = static_cast<unsigned>(std::bit_width((old_size - 1) ^ (new_size - 1)));
  const auto border = static_cast<std::size_t>(std::popcount((old_size - 1) >> inner));
  const auto shift = static_cast<unsigned>(std::countr_zero(old_size));
  // The proof starts with the old tree's rightmost complete subtree unless that subtree is the
  // whole old tree (old_size a power of two), whose root the verifier already holds.
  const std::size_t seed = std::has_single_bit(old_size) ? 0 : 1;
  return seed + (inner - shift) + border;
}

Result<Ok, ProofFailure> verify_inclusion(const Hash& leaf, std::uint64_t index,
                                          std::uint64_t tree_size, std::span<const Hash> proof,
                                          const Hash& root) {
  if (index >= tree_size) {
    return ProofFailure{ProofFailureKind::index_out_of_range, "index " + std::to_string(index) +
                                                                  " is not below the tree size " +
                                                                  std::to_string(tree_size)};
  }
  const auto expected = inclusion_proof_length(index, tree_size);
  if (proof.size() != expected) {
    return ProofFailure{ProofFailureKind::wrong_length,
                        "the inclusion proof for index " + std::to_string(index) +
                            " in a tree of size " + std::to_string(tree_size) + " has " +
                            std::to_string(proof.size()) + " hashes; it must have " +
                            std::to_string(expected)};
  }
  std::uint64_t fn = index;
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) {
      return ProofFailure{ProofFailureKind::wrong_length,
                          "the inclusion proof is longer than the tree is high"};
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = node_hash(p, r);
      shift_while_lsb_clear(fn, sn);
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return ProofFailure{ProofFailureKind::wrong_length,
                        "the inclusion proof is shorter than the tree is high"};
  }
  if (r != root) {
    return ProofFailure{ProofFailureKind::root_mismatch,
                        "the inclusion proof for index " + std::to_string(index) +
                            " leads to root " + b64(r) + ", the expected root is " + b64(root),
                        r};
  }
  return Ok{};
}

Result<Ok, ProofFailure> verify_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                            std::span<const Hash> proof, const Hash& old_root,
                                            const Hash& new_root) {
  const auto sizes = "from size " + std::to_string(old_size) + " to " + std::to_string(new_size);
  if (old_size > new_size) {
    return ProofFailure{ProofFailureKind::sizes_out_of_order,
                        "the older tree (size " + std::to_string(old_size) +
                            ") is larger than the newer (size " + std::to_string(new_size) + ")"};
  }
  const auto expected = consistency_proof_length(old_size, new_size);
  if (proof.size() != expected) {
    return ProofFailure{ProofFailureKind::wrong_length,
                        "the consistency proof " + sizes + " has " + std::to_string(proof.size()) +
                            " hashes; it must have " + std::to_string(expected)};
  }
  if (old_size == new_size) {
    if (old_root != new_root) {
      return ProofFailure{
          ProofFailureKind::same_size_different_roots,
          "both trees have size " + std::to_string(old_size) + " but different roots"};
    }
    return Ok{};
  }
  if (old_size == 0) return Ok{};

  // RFC 9162 §2.1.4.2, steps 2 to 7.
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) {
      return ProofFailure{ProofFailureKind::wrong_length,
                          "the consistency proof " + sizes + " is longer than the tree is high"};
    }
    if ((fn & 1) == 1 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      shift_while_lsb_clear(fn, sn);
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return ProofFailure{ProofFailureKind::wrong_length,
                        "the consistency proof " + sizes + " is shorter than the tree is high"};
  }
  if (fr != old_root) {
    return ProofFailure{ProofFailureKind::old_root_mismatch,
                        "the consistency proof " + sizes + " leads to the older root " + b64(fr) +
                            ", not " + b64(old_root),
                        fr};
  }
  if (sr != new_root) {
    return ProofFailure{ProofFailureKind::root_mismatch,
                        "the consistency proof " + sizes + " leads to the newer root " + b64(sr) +
                            ", not " + b64(new_root),
                        sr};
  }
  return Ok{};
}

}  // namespace samrad::records
