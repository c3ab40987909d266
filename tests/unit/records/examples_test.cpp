// protocol/examples/records/ is exactly what the fixed TEST key and the sample records give, and
// each case in its expected.json has the outcome listed there. SAMRAD_UPDATE_EXAMPLES=1 writes
// the files instead of comparing them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "example_log.hpp"
#include "records/bundle_verifier.hpp"

using namespace samrad::records;
namespace ex = samrad::records::examples;

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return "(cannot read " + path.string() + ")";
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

bool updating() {
  const char* update = std::getenv("SAMRAD_UPDATE_EXAMPLES");
  return update && std::string(update) == "1";
}

std::string outcome(const Result<VerifiedRecord, VerificationFailure>& result) {
  return result ? "ok" : std::string(to_string(result.error().step));
}

std::string outcome(const Result<VerifiedConsistency, VerificationFailure>& result) {
  return result ? "ok" : std::string(to_string(result.error().step));
}

}  // namespace

TEST(Examples, FilesAreRebuiltByteForByte) {
  const auto files = ex::files();
  for (const auto& [name, bytes] : files) {
    const auto path = ex::folder() / name;
    if (updating()) {
      std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
      continue;
    }
    EXPECT_EQ(read_bytes(path), bytes)
        << name << " differs; run unit_records with SAMRAD_UPDATE_EXAMPLES=1 to rewrite it";
  }
  std::set<std::string> expected_names{"README.md"};
  for (const auto& [name, bytes] : files) expected_names.insert(name);
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(ex::folder())) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, expected_names);
}

TEST(Examples, EveryCaseHasItsExpectedOutcome) {
  const auto read = [](const std::string& name) { return read_bytes(ex::folder() / name); };
  const auto expected = nlohmann::json::parse(read("expected.json"));
  auto key_line = read(expected["key"].get<std::string>());
  ASSERT_TRUE(key_line.ends_with('\n'));
  key_line.pop_back();
  const auto key = parse_verifier_key(key_line);
  ASSERT_TRUE(key.ok()) << key.error().message;

  ASSERT_EQ(expected["bundles"].size(), 3u);
  for (const auto& item : expected["bundles"]) {
    const auto verified = verify_bundle(read(item["bundle"]), *key);
    EXPECT_EQ(outcome(verified), item["expect"]) << item.dump();
    if (verified) {
      EXPECT_EQ(verified->origin, item["origin"]);
      EXPECT_EQ(verified->tree_size, item["tree_size"]);
      EXPECT_EQ(verified->log_index, item["log_index"]);
    }
  }
  ASSERT_EQ(expected["consistency"].size(), 3u);
  for (const auto& item : expected["consistency"]) {
    const auto verified = verify_checkpoint_consistency(read(item["older"]), read(item["newer"]),
                                                        read(item["proof"]), *key);
    EXPECT_EQ(outcome(verified), item["expect"]) << item.dump();
  }
}

// The published signer key is the fixed TEST key, and the verifier key is its public half.
TEST(Examples, KeysAreTheFixedTestKey) {
  auto signer = read_bytes(ex::folder() / "test-signer.key");
  ASSERT_TRUE(signer.ends_with('\n'));
  signer.pop_back();
  const auto key = parse_signer_key(signer);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->seed(), ex::test_key().seed());
  EXPECT_EQ(read_bytes(ex::folder() / "log.vkey"), format_verifier_key(key->verifier()) + "\n");
}
