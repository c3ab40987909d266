// `samrad admin ...`: manage organisations and people in the configured database from the
// command line, through the same account handler (and audit log) as the browser. Works whether
// the server runs or not; a running server notices a deactivation within its session check
// interval (a second by default) and closes that person's connections.
#pragma once

#include <iosfwd>

namespace samrad::app {

// argv[0] is "admin". Prints results to out and refusals to err; returns the process's exit
// code: 0 done, 1 refused or failed, 2 bad usage.
int run_admin_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace samrad::app
