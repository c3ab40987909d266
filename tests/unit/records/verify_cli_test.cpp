// The built `samrad verify` binary on the published example files: exit 0 and a summary when
// verified, 1 and the failure on stderr when not, 2 with usage for bad arguments.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "example_log.hpp"

namespace ex = samrad::records::examples;

namespace {

struct Run {
  int exit_code;
  std::string out;
  std::string err;
};

std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

Run run_samrad(const std::vector<std::string>& args) {
  const auto base =
      std::filesystem::temp_directory_path() / ("samrad-verify-cli-" + std::to_string(::getpid()));
  std::string command = shell_quoted(SAMRAD_BINARY);
  for (const auto& arg : args) command += " " + shell_quoted(arg);
  command +=
      " >" + shell_quoted(base.string() + ".out") + " 2>" + shell_quoted(base.string() + ".err");
  const int status = std::system(command.c_str());
  Run run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(base.string() + ".out"),
          slurp(base.string() + ".err")};
  std::filesystem::remove(base.string() + ".out");
  std::filesystem::remove(base.string() + ".err");
  return run;
}

std::string example(const std::string& name) {
  return (ex::folder() / name).string();
}

std::string key_line() {
  auto line = slurp(ex::folder() / "log.vkey");
  line.pop_back();
  return line;
}

}  // namespace

TEST(VerifyCli, AValidRecordExitsZeroWithASummary) {
  for (const auto& key : {example("log.vkey"), key_line()}) {
    const auto run = run_samrad({"verify", "record", example("bundle-valid.json"), "--key", key});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("origin:    samrad.example/log"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("tree size: 7"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("index:     4"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("root:      "), std::string::npos) << run.out;
  }
}

TEST(VerifyCli, ATamperedRecordOrWrongKeyExitsOneNamingTheFailure) {
  auto run = run_samrad(
      {"verify", "record", example("bundle-tampered-record.json"), "--key", example("log.vkey")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("FAILED (inclusion): record is not in the log"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
  run = run_samrad({"verify", "record", example("bundle-wrong-key.json"), "--key", key_line()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("FAILED (signature): the checkpoint is not signed by key "
                         "samrad.example/log+"),
            std::string::npos)
      << run.err;
}

TEST(VerifyCli, ConsistencyAndForks) {
  auto run = run_samrad({"verify", "consistency", example("checkpoint-7.txt"),
                         example("checkpoint-12.txt"), example("consistency-7-12.json"), "--key",
                         example("log.vkey")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("older:  size 7"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("newer:  size 12"), std::string::npos) << run.out;
  run = run_samrad({"verify", "consistency", example("checkpoint-7.txt"),
                    example("checkpoint-12-fork.txt"), example("consistency-7-12.json"), "--key",
                    example("log.vkey")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("FAILED (consistency): the logs fork"), std::string::npos) << run.err;
  run = run_samrad({"verify", "consistency", example("checkpoint-12.txt"),
                    example("checkpoint-12-fork.txt"), example("consistency-12-12.json"), "--key",
                    example("log.vkey")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("both checkpoints have size 12 but different roots"), std::string::npos)
      << run.err;
}

TEST(VerifyCli, BadUsageExitsTwo) {
  const auto bundle = example("bundle-valid.json");
  const auto key = example("log.vkey");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"verify"},
           {"verify", "record", bundle},                                 // no key
           {"verify", "record", "--key", key},                           // no bundle
           {"verify", "record", bundle, bundle, "--key", key},           // two bundles
           {"verify", "record", bundle, "--key"},                        // key without value
           {"verify", "record", bundle, "--key", key, "--key", key},     // key twice
           {"verify", "record", bundle, "--key", key, "--verbose"},      // unknown option
           {"verify", "recrod", bundle, "--key", key},                   // unknown command
           {"verify", "record", example("missing.json"), "--key", key},  // unreadable file
           {"verify", "record", bundle, "--key", example("missing.vkey")},
           {"verify", "record", bundle, "--key", bundle},  // a file that holds no key
           {"verify", "consistency", example("checkpoint-7.txt"), "--key", key},
       }) {
    const auto run = run_samrad(args);
    EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(args) << run.err;
    EXPECT_NE(run.err.find("Usage:"), std::string::npos) << run.err;
  }
  const auto help = run_samrad({"verify", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("samrad verify record"), std::string::npos);
}
