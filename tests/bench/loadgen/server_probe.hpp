// What the benchmark reads about the server under test from /proc: CPU time and resident memory
// of its processes (nginx: master and worker), summed.
#pragma once

#include <sys/types.h>

#include <vector>

namespace samrad::bench {

class ServerProbe {
 public:
  explicit ServerProbe(std::vector<pid_t> pids) : pids_(std::move(pids)) {}

  // User plus system CPU seconds used so far (0 without pids).
  double cpu_seconds() const;
  // VmRSS in KiB (0 without pids).
  long resident_kib() const;

 private:
  std::vector<pid_t> pids_;
};

}  // namespace samrad::bench
