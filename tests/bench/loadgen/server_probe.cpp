// Reads /proc/<pid>/stat and /proc/<pid>/status (see server_probe.hpp).
#include "server_probe.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace samrad::bench {

double ServerProbe::cpu_seconds() const {
  static const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  double total = 0;
  for (const pid_t pid : pids_) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(file, line);
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime
    // are fields 14 and 15.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string skipped;
    for (int field = 3; field < 14; ++field) fields >> skipped;
    unsigned long long user = 0, system = 0;
    fields >> user >> system;
    total += static_cast<double>(user + system) / ticks_per_second;
  }
  return total;
}

long ServerProbe::resident_kib() const {
  long total = 0;
  for (const pid_t pid : pids_) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (file >> key) {
      if (key == "VmRSS:") {
        long kib = 0;
        file >> kib;
        total += kib;
        break;
      }
      file.ignore(1 << 20, '\n');
    }
  }
  return total;
}

}  // namespace samrad::bench
