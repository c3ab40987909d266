// `samrad verify ...`: checks a decision record bundle, or the consistency of two checkpoints,
// offline against the log's verifier key (records.md), without a server or a database.
#pragma once

#include <iosfwd>

namespace samrad::app {

// argv[0] is "verify". Prints a summary to out, failures to err; returns the process's exit
// code: 0 verified, 1 verification failed, 2 bad usage or an unreadable file.
int run_verify_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace samrad::app
