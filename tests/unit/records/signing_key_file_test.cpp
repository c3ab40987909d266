// The signer key file: created with mode 0600, reloaded as the same key, refused when its
// syntax, mode or key name is wrong.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "records/note_keys.hpp"
#include "records/signing_key_file.hpp"

using namespace samrad::records;

namespace {

class SigningKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("samrad-records-key-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path path() const { return directory_ / "log.key"; }

  void write(const std::string& content, mode_t mode) {
    std::ofstream(path(), std::ios::binary) << content;
    ASSERT_EQ(::chmod(path().c_str(), mode), 0);
  }

  std::filesystem::path directory_;
};

mode_t mode_of(const std::filesystem::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0);
  return status.st_mode & 07777;
}

}  // namespace

TEST_F(SigningKeyFile, IsCreatedWithMode0600AndReloadedIdentically) {
  const auto created = load_or_create_signing_key(path(), "samrad.example/log");
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(mode_of(path()), 0600u);
  EXPECT_EQ(created->name(), "samrad.example/log");
  // Only the key file is left in the directory (no temporary).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(directory_),
                          std::filesystem::directory_iterator()),
            1);

  const auto loaded = load_or_create_signing_key(path(), "samrad.example/log");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(format_signer_key(*loaded), format_signer_key(*created));
  EXPECT_EQ(format_verifier_key(loaded->verifier()), format_verifier_key(created->verifier()));

  std::ifstream file(path());
  std::string line;
  std::getline(file, line);
  EXPECT_EQ(line, format_signer_key(*created));
}

TEST_F(SigningKeyFile, TwoNewKeysDiffer) {
  const auto first = load_or_create_signing_key(path(), "samrad.example/log");
  ASSERT_TRUE(first.ok());
  std::filesystem::remove(path());
  const auto second = load_or_create_signing_key(path(), "samrad.example/log");
  ASSERT_TRUE(second.ok());
  EXPECT_NE(format_signer_key(*first), format_signer_key(*second));
}

TEST_F(SigningKeyFile, RefusesAFileOthersCanRead) {
  const auto key = SignerKey::from_seed("samrad.example/log", Seed{});
  for (const mode_t mode : {0644, 0640, 0604, 0620, 0602}) {
    write(format_signer_key(key) + "\n", mode);
    const auto loaded = load_or_create_signing_key(path(), "samrad.example/log");
    ASSERT_FALSE(loaded.ok()) << std::oct << mode;
    EXPECT_NE(loaded.error().message.find("chmod 600"), std::string::npos)
        << loaded.error().message;
  }
  write(format_signer_key(key) + "\n", 0400);
  EXPECT_TRUE(load_or_create_signing_key(path(), "samrad.example/log").ok());
}

TEST_F(SigningKeyFile, RefusesBadSyntax) {
  const auto key = SignerKey::from_seed("samrad.example/log", Seed{});
  const auto line = format_signer_key(key);
  for (const std::string& bad :
       {std::string(""), line + "\n\n", " " + line + "\n", line.substr(0, line.size() - 2) + "\n",
        format_verifier_key(key.verifier()) + "\n", line + "\r\n"}) {
    write(bad, 0600);
    const auto loaded = load_or_create_signing_key(path(), "samrad.example/log");
    ASSERT_FALSE(loaded.ok()) << bad;
    EXPECT_NE(loaded.error().message.find("does not hold a signer key"), std::string::npos)
        << loaded.error().message;
  }
  write(line, 0600);  // without the final newline is fine
  EXPECT_TRUE(load_or_create_signing_key(path(), "samrad.example/log").ok());
}

TEST_F(SigningKeyFile, RefusesAKeyOfAnotherName) {
  write(format_signer_key(SignerKey::from_seed("other.example/log", Seed{})) + "\n", 0600);
  const auto loaded = load_or_create_signing_key(path(), "samrad.example/log");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("other.example/log"), std::string::npos);
  EXPECT_FALSE(load_or_create_signing_key(directory_ / "new.key", "bad name").ok());
}
