// The transparency log's Merkle tree: RFC 6962 §2.1 hashing with SHA-256, tree heads, inclusion
// and consistency proofs, and their verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "records/result.hpp"

namespace samrad::records {

using Hash = std::array<std::uint8_t, 32>;

Hash sha256(std::string_view bytes);
// SHA-256(0x00 ‖ bytes).
Hash leaf_hash(std::string_view bytes);
// SHA-256(0x01 ‖ left ‖ right).
Hash node_hash(const Hash& left, const Hash& right);
// MTH of the tree whose leaves have these hashes; SHA-256("") when there are none.
Hash tree_root(std::span<const Hash> leaves);

// PATH(index, leaves) of RFC 6962 §2.1.1; index must be below leaves.size() (else
// std::out_of_range).
std::vector<Hash> inclusion_proof(std::span<const Hash> leaves, std::uint64_t index);
// PROOF(old_size, leaves) of RFC 6962 §2.1.2; empty when old_size is 0 or leaves.size(); throws
// std::out_of_range when old_size > leaves.size().
std::vector<Hash> consistency_proof(std::span<const Hash> leaves, std::uint64_t old_size);

// The number of hashes RFC 9162 requires in an inclusion proof of index in a tree of size
// (index < size), and in a consistency proof from old_size to new_size (old_size ≤ new_size).
std::size_t inclusion_proof_length(std::uint64_t index, std::uint64_t size);
std::size_t consistency_proof_length(std::uint64_t old_size, std::uint64_t new_size);

enum class ProofFailureKind {
  index_out_of_range,        // leaf index ≥ tree size
  sizes_out_of_order,        // consistency from a larger tree to a smaller one
  wrong_length,              // not the number of hashes RFC 9162 requires
  root_mismatch,             // the proof leads to another root than the expected (newer) one
  old_root_mismatch,         // a consistency proof does not lead to the older root
  same_size_different_roots  // two trees of the same size with different roots: a fork
};

struct ProofFailure {
  ProofFailureKind kind;
  std::string message;
  // The root the proof led to, when it got that far (root_mismatch, old_root_mismatch).
  Hash computed_root{};
};

// RFC 9162 §2.1.3.2.
Result<Ok, ProofFailure> verify_inclusion(const Hash& leaf, std::uint64_t index,
                                          std::uint64_t tree_size, std::span<const Hash> proof,
                                          const Hash& root);
// RFC 9162 §2.1.4.2, with its preconditions: equal sizes need an empty proof and equal roots,
// and the empty tree is consistent with every tree.
Result<Ok, ProofFailure> verify_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                            std::span<const Hash> proof, const Hash& old_root,
                                            const Hash& new_root);

}  // namespace samrad::records
