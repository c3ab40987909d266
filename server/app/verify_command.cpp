// The `samrad verify` subcommand (see verify_command.hpp).
#include "app/verify_command.hpp"

#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "records/base64.hpp"
#include "records/bundle_verifier.hpp"
#include "records/note_keys.hpp"

namespace samrad::app {

namespace {

constexpr std::string_view usage = R"(Usage:
  samrad verify record BUNDLE.json --key KEY
  samrad verify consistency OLDER_CHECKPOINT NEWER_CHECKPOINT PROOF.json --key KEY

Checks, offline, that a decision record is exactly the one the log holds under a signed
checkpoint (record), or that a newer checkpoint extends an older one, so that the log was not
rewritten between them (consistency). KEY is the log's verifier key (as served at
/.well-known/samrad-log-key) or a file holding it. See protocol/records.md.

Exit status: 0 verified, 1 verification failed, 2 bad usage or a file that cannot be read.
)";

// Bad usage: exit 2 with the message and a pointer to the usage.
struct BadUsage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw BadUsage("cannot read " + path);
  std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (file.bad()) throw BadUsage("cannot read " + path);
  return content;
}

// The key itself, or else a file holding it on its first line.
records::VerifierKey verifier_key(const std::string& argument) {
  if (auto key = records::parse_verifier_key(argument)) return *key;
  std::string line = read_file(argument);
  if (const auto end = line.find('\n'); end != std::string::npos) line.resize(end);
  auto key = records::parse_verifier_key(line);
  if (!key) throw BadUsage(argument + " does not hold a verifier key: " + key.error().message);
  return *key;
}

int report_failure(const records::VerificationFailure& failure, std::ostream& err) {
  err << "samrad verify: FAILED (" << records::to_string(failure.step) << "): " << failure.message
      << "\n";
  return 1;
}

}  // namespace

int run_verify_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  try {
    std::vector<std::string> words;
    std::optional<std::string> key_argument;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "help" || arg == "--help" || arg == "-h") {
        out << usage;
        return 0;
      }
      if (arg == "--key") {
        if (i + 1 >= argc) throw BadUsage("--key needs a value");
        if (key_argument) throw BadUsage("--key given twice");
        key_argument = argv[++i];
      } else if (arg.starts_with("--")) {
        throw BadUsage("unknown option " + arg);
      } else {
        words.push_back(arg);
      }
    }
    const std::string what = words.empty() ? "" : words[0];
    if (what != "record" && what != "consistency") {
      throw BadUsage(what.empty() ? "say what to verify: record or consistency"
                                  : "unknown command `" + what + "`");
    }
    if (what == "record" && words.size() != 2) throw BadUsage("`record` takes one file");
    if (what == "consistency" && words.size() != 4) {
      throw BadUsage("`consistency` takes three files");
    }
    if (!key_argument) throw BadUsage("missing --key");
    const auto key = verifier_key(*key_argument);

    if (what == "record") {
      const auto verified = records::verify_bundle(read_file(words[1]), key);
      if (!verified) return report_failure(verified.error(), err);
      out << "OK: the record is in the log\n"
          << "  origin:    " << verified->origin << "\n"
          << "  tree size: " << verified->tree_size << "\n"
          << "  index:     " << verified->log_index << "\n"
          << "  root:      " << records::encode_base64(verified->root) << "\n";
      return 0;
    }
    const auto verified = records::verify_checkpoint_consistency(
        read_file(words[1]), read_file(words[2]), read_file(words[3]), key);
    if (!verified) return report_failure(verified.error(), err);
    out << "OK: the newer checkpoint extends the older one\n"
        << "  origin: " << verified->origin << "\n"
        << "  older:  size " << verified->old_size << ", root "
        << records::encode_base64(verified->old_root) << "\n"
        << "  newer:  size " << verified->new_size << ", root "
        << records::encode_base64(verified->new_root) << "\n";
    return 0;
  } catch (const BadUsage& e) {
    err << "samrad verify: " << e.what() << "\n\n" << usage;
    return 2;
  }
}

}  // namespace samrad::app
