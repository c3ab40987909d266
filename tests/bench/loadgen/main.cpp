// samrad_loadgen: runs one benchmark scenario against one server and prints its figures as one
// JSON object (tests/bench/run.sh starts the servers, repeats and tabulates). --help lists the
// options.
#include <sys/resource.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "scenarios.hpp"

namespace {

constexpr std::string_view usage =
    R"(usage: samrad_loadgen --server KIND --scenario NAME --port N [options]
  --server KIND            samrad, bare (the bare Beast broadcast) or nchan
  --scenario NAME          room, idle, resume, storm or durable
  --host ADDRESS           default 127.0.0.1
  --port N                 the server's port
  --pid PID                a server process to measure (CPU time, VmRSS); repeatable
  --subscribers N          room and storm subscribers, idle connections (default 1000)
  --rate R                 posts per second; 0: as fast as acknowledgements allow (default 0)
  --duration S             seconds of a steady room and of each durable level (default 10)
  --posts N                posts of a burst; missed events of resume and storm (default 300)
  --in-flight N            posts sent and not yet acknowledged (default 32)
  --durable-in-flight LIST in-flight levels of the durable scenario (default 1,64,512)
  --body-bytes N           post size (default 64)
  --connect-window N       upgrades under way at once (default 500)
  --connections-per-person N  as the server allows (default 1000)
  --resumes N              resumes measured by the resume scenario (default 500)
  --timeout S              how long to wait for connections, acks, deliveries (default 60)
)";

template <class T>
T number(std::string_view text, std::string_view flag) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::runtime_error(std::string(flag) + ": not a number: " + std::string(text));
  }
  return value;
}

samrad::bench::Options parse(int argc, char** argv) {
  samrad::bench::Options options;
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help") {
      std::cout << usage;
      std::exit(0);
    }
    if (i + 1 >= argc) throw std::runtime_error(std::string(flag) + " needs a value");
    const std::string_view value = argv[++i];
    if (flag == "--server") {
      options.server_kind = value;
    } else if (flag == "--scenario") {
      options.scenario = value;
    } else if (flag == "--host") {
      host = value;
    } else if (flag == "--port") {
      port = number<unsigned short>(value, flag);
    } else if (flag == "--pid") {
      options.server_pids.push_back(number<pid_t>(value, flag));
    } else if (flag == "--subscribers") {
      options.subscribers = number<std::size_t>(value, flag);
    } else if (flag == "--rate") {
      options.rate = number<double>(value, flag);
    } else if (flag == "--duration") {
      options.duration_s = number<double>(value, flag);
    } else if (flag == "--posts") {
      options.posts = number<std::size_t>(value, flag);
    } else if (flag == "--in-flight") {
      options.in_flight = number<std::size_t>(value, flag);
    } else if (flag == "--durable-in-flight") {
      options.durable_in_flight.clear();
      std::istringstream levels{std::string(value)};
      for (std::string level; std::getline(levels, level, ',');) {
        options.durable_in_flight.push_back(number<std::size_t>(level, flag));
      }
    } else if (flag == "--body-bytes") {
      options.body_bytes = number<std::size_t>(value, flag);
    } else if (flag == "--connect-window") {
      options.connect_window = number<std::size_t>(value, flag);
    } else if (flag == "--connections-per-person") {
      options.connections_per_person = number<std::size_t>(value, flag);
    } else if (flag == "--resumes") {
      options.resumes = number<std::size_t>(value, flag);
    } else if (flag == "--timeout") {
      options.timeout_s = number<double>(value, flag);
    } else {
      throw std::runtime_error("unknown option " + std::string(flag) + "\n" + std::string(usage));
    }
  }
  if (port == 0) throw std::runtime_error("--port is required");
  options.server = {boost::asio::ip::make_address(host), port};
  return options;
}

// Thousands of sockets: take the whole hard limit of open files.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto options = parse(argc, argv);
    raise_open_file_limit();
    std::cout << samrad::bench::run_scenario(options).dump() << std::endl;
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "samrad_loadgen: " << error.what() << std::endl;
    return 1;
  }
}
