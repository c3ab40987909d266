// The benchmark's scenarios, each run against one server (samrad, the bare Beast broadcast, or
// Nchan) through that server's own protocol; the result is one JSON object of figures.
#pragma once

#include <sys/types.h>

#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace samrad::bench {

struct Options {
  std::string server_kind = "samrad";  // samrad, bare or nchan
  std::string scenario = "room";       // room, idle, resume, storm or durable
  boost::asio::ip::tcp::endpoint server;
  std::vector<pid_t> server_pids;  // whose CPU time and memory are measured
  std::size_t subscribers = 1000;  // room, storm; the connections of idle
  double rate = 0;                 // posts per second; 0 sends `posts` as fast as acks allow
  double duration_s = 10;          // of a steady room, and of each durable level
  std::size_t posts = 300;         // of a burst; missed events of resume and storm
  std::size_t in_flight = 32;      // posts sent and not yet acknowledged
  std::vector<std::size_t> durable_in_flight{1, 64, 512};
  std::size_t body_bytes = 64;
  std::size_t connect_window = 500;  // upgrades under way at once
  std::size_t connections_per_person = 1000;
  std::size_t resumes = 500;
  double timeout_s = 60;
};

nlohmann::json run_scenario(const Options& options);

}  // namespace samrad::bench
