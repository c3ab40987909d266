// The Merkle tree against a reference written here from RFC 6962 §2.1's recursive definitions
// (MTH, PATH, SUBPROOF), for every tree size up to 300, and RFC 9162 verification of the results.
#include <gtest/gtest.h>
#include <sodium.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "records/merkle.hpp"

using namespace samrad::records;

namespace {

constexpr std::size_t max_size = 300;

Hash reference_sha256(const std::string& bytes) {
  Hash out;
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return out;
}

std::string bytes_of(const Hash& hash) {
  return std::string(hash.begin(), hash.end());
}

// RFC 6962 §2.1 over the leaf data D[begin:end], MTH memoised by range so that checking every
// proof of every size stays quick.
class Reference {
 public:
  explicit Reference(std::vector<std::string> data) : data_(std::move(data)) {}

  Hash mth(std::size_t begin, std::size_t end) {
    if (begin == end) return reference_sha256("");
    if (end - begin == 1) return reference_sha256(std::string(1, '\0') + data_[begin]);
    const auto key = std::make_pair(begin, end);
    if (const auto found = memo_.find(key); found != memo_.end()) return found->second;
    std::size_t k = 1;
    while (k * 2 < end - begin) k *= 2;
    const Hash hash =
        reference_sha256("\x01" + bytes_of(mth(begin, begin + k)) + bytes_of(mth(begin + k, end)));
    memo_.emplace(key, hash);
    return hash;
  }

  std::vector<Hash> path(std::size_t m, std::size_t begin, std::size_t end) {
    if (end - begin == 1) return {};
    std::size_t k = 1;
    while (k * 2 < end - begin) k *= 2;
    std::vector<Hash> out;
    if (m < k) {
      out = path(m, begin, begin + k);
      out.push_back(mth(begin + k, end));
    } else {
      out = path(m - k, begin + k, end);
      out.push_back(mth(begin, begin + k));
    }
    return out;
  }

  std::vector<Hash> subproof(std::size_t m, std::size_t begin, std::size_t end, bool b) {
    const std::size_t n = end - begin;
    if (m == n) return b ? std::vector<Hash>{} : std::vector<Hash>{mth(begin, end)};
    std::size_t k = 1;
    while (k * 2 < n) k *= 2;
    std::vector<Hash> out;
    if (m <= k) {
      out = subproof(m, begin, begin + k, b);
      out.push_back(mth(begin + k, end));
    } else {
      out = subproof(m - k, begin + k, end, false);
      out.push_back(mth(begin, begin + k));
    }
    return out;
  }

 private:
  std::vector<std::string> data_;
  std::map<std::pair<std::size_t, std::size_t>, Hash> memo_;
};

struct Log {
  std::vector<std::string> data;
  std::vector<Hash> leaves;
};

const Log& log() {
  static const Log instance = [] {
    Log built;
    for (std::size_t i = 0; i < max_size; ++i) {
      built.data.push_back("{\"record\":" + std::to_string(i) + "}");
      built.leaves.push_back(leaf_hash(built.data.back()));
    }
    return built;
  }();
  return instance;
}

Reference& reference() {
  static Reference instance(log().data);
  return instance;
}

std::span<const Hash> first(std::size_t n) {
  return std::span<const Hash>(log().leaves).first(n);
}

}  // namespace

TEST(Merkle, HashesAreRfc6962) {
  EXPECT_EQ(tree_root({}), reference_sha256(""));
  EXPECT_EQ(leaf_hash("abc"), reference_sha256(std::string("\0abc", 4)));
  const Hash a = leaf_hash("a");
  const Hash b = leaf_hash("b");
  EXPECT_EQ(node_hash(a, b), reference_sha256("\x01" + bytes_of(a) + bytes_of(b)));
  // The empty tree's root is the well-known SHA-256 of nothing.
  EXPECT_EQ(bytes_of(tree_root({})).substr(0, 4), std::string("\xe3\xb0\xc4\x42", 4));
}

TEST(Merkle, RootsMatchTheReferenceForEverySize) {
  for (std::size_t n = 0; n <= max_size; ++n) {
    EXPECT_EQ(tree_root(first(n)), reference().mth(0, n)) << n;
  }
}

TEST(Merkle, InclusionProofsForEveryIndexOfEverySizeMatchAndVerify) {
  for (std::size_t n = 1; n <= max_size; ++n) {
    const Hash root = reference().mth(0, n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = inclusion_proof(first(n), i);
      ASSERT_EQ(proof, reference().path(i, 0, n)) << "index " << i << " size " << n;
      EXPECT_EQ(proof.size(), inclusion_proof_length(i, n));
      ASSERT_TRUE(verify_inclusion(log().leaves[i], i, n, proof, root).ok())
          << "index " << i << " size " << n;
    }
  }
}

TEST(Merkle, ConsistencyProofsForEveryPairOfSizesMatchAndVerify) {
  for (std::size_t n = 1; n <= max_size; ++n) {
    const Hash new_root = reference().mth(0, n);
    for (std::size_t m = 1; m <= n; ++m) {
      const auto proof = consistency_proof(first(n), m);
      const auto expected =
          m == n ? std::vector<Hash>{} : reference().subproof(m, 0, n, /*b=*/true);
      ASSERT_EQ(proof, expected) << "from " << m << " to " << n;
      EXPECT_EQ(proof.size(), consistency_proof_length(m, n));
      const auto verified = verify_consistency(m, n, proof, reference().mth(0, m), new_root);
      ASSERT_TRUE(verified.ok()) << "from " << m << " to " << n << ": " << verified.error().message;
    }
  }
  // The empty tree is consistent with every tree, with an empty proof.
  EXPECT_TRUE(verify_consistency(0, 5, {}, tree_root({}), reference().mth(0, 5)).ok());
}

TEST(Merkle, InclusionRefusesWrongIndexSizeOrHash) {
  for (std::size_t n = 1; n <= 64; ++n) {
    const Hash root = reference().mth(0, n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = inclusion_proof(first(n), i);
      const Hash& leaf = log().leaves[i];
      EXPECT_EQ(verify_inclusion(leaf, n, n, proof, root).error().kind,
                ProofFailureKind::index_out_of_range);
      if (n > 1) {
        // Another index of the same tree, or the same proof against other sizes.
        EXPECT_FALSE(verify_inclusion(leaf, (i + 1) % n, n, proof, root).ok());
        EXPECT_FALSE(verify_inclusion(log().leaves[(i + 1) % n], i, n, proof, root).ok());
      }
      // A proof does not bind the tree size by itself (sizes whose trees have the same shape
      // around the leaf share proofs); every size it cannot fit is refused.
      for (std::size_t other = 1; other <= n + 3; ++other) {
        if (other == n || (i < other && inclusion_proof_length(i, other) == proof.size())) {
          continue;
        }
        EXPECT_FALSE(verify_inclusion(leaf, i, other, proof, root).ok()) << i << " " << other;
      }
      Hash other_root = root;
      other_root[31] ^= 1;
      EXPECT_EQ(verify_inclusion(leaf, i, n, proof, other_root).error().kind,
                ProofFailureKind::root_mismatch);
      for (std::size_t p = 0; p < proof.size(); ++p) {
        auto bent = proof;
        bent[p][p % 32] ^= 0x80;
        EXPECT_EQ(verify_inclusion(leaf, i, n, bent, root).error().kind,
                  ProofFailureKind::root_mismatch);
      }
      auto longer = proof;
      longer.push_back(root);
      EXPECT_EQ(verify_inclusion(leaf, i, n, longer, root).error().kind,
                ProofFailureKind::wrong_length);
      if (!proof.empty()) {
        EXPECT_EQ(verify_inclusion(leaf, i, n, std::span(proof).first(proof.size() - 1), root)
                      .error()
                      .kind,
                  ProofFailureKind::wrong_length);
      }
    }
  }
}

TEST(Merkle, ConsistencyRefusesWrongSizesRootsOrHashes) {
  for (std::size_t n = 1; n <= 64; ++n) {
    const Hash new_root = reference().mth(0, n);
    for (std::size_t m = 1; m <= n; ++m) {
      const Hash old_root = reference().mth(0, m);
      const auto proof = consistency_proof(first(n), m);
      if (m < n) {
        EXPECT_EQ(verify_consistency(n, m, proof, new_root, old_root).error().kind,
                  ProofFailureKind::sizes_out_of_order);
      }
      Hash bent_old = old_root;
      bent_old[0] ^= 1;
      Hash bent_new = new_root;
      bent_new[0] ^= 1;
      if (m == n) {
        EXPECT_EQ(verify_consistency(m, n, proof, old_root, bent_new).error().kind,
                  ProofFailureKind::same_size_different_roots);
        continue;
      }
      EXPECT_EQ(verify_consistency(m, n, proof, old_root, bent_new).error().kind,
                ProofFailureKind::root_mismatch);
      // A proof that starts from the old root itself only checks it when m is a power of two;
      // otherwise the changed old root is caught against the proof's reconstruction.
      EXPECT_FALSE(verify_consistency(m, n, proof, bent_old, new_root).ok());
      for (std::size_t p = 0; p < proof.size(); ++p) {
        auto bent = proof;
        bent[p][31 - p % 32] ^= 0x01;
        EXPECT_FALSE(verify_consistency(m, n, bent, old_root, new_root).ok())
            << m << " " << n << " hash " << p;
      }
      auto longer = proof;
      longer.push_back(new_root);
      EXPECT_EQ(verify_consistency(m, n, longer, old_root, new_root).error().kind,
                ProofFailureKind::wrong_length);
      EXPECT_EQ(verify_consistency(m, n, {}, old_root, new_root).error().kind,
                ProofFailureKind::wrong_length);
      // As for inclusion, every pair of sizes the proof cannot fit is refused.
      for (std::size_t other_new = m; other_new <= n + 3; ++other_new) {
        for (std::size_t other_old = 1; other_old <= other_new; ++other_old) {
          if ((other_old == m && other_new == n) ||
              consistency_proof_length(other_old, other_new) == proof.size()) {
            continue;
          }
          EXPECT_FALSE(verify_consistency(other_old, other_new, proof, old_root, new_root).ok());
        }
      }
    }
  }
}

TEST(Merkle, ProofGenerationRefusesIndexesBeyondTheTree) {
  EXPECT_THROW(inclusion_proof(first(5), 5), std::out_of_range);
  EXPECT_THROW(consistency_proof(first(5), 6), std::out_of_range);
  EXPECT_TRUE(consistency_proof(first(5), 0).empty());
}
