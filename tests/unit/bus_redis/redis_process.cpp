// Real Redis servers for the bus tests (see redis_process.hpp).
#include "redis_process.hpp"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace samrad::bus::redis::testing {

namespace {

std::filesystem::path make_folder() {
  std::random_device random;
  auto folder = std::filesystem::temp_directory_path() /
                ("samrad-redis-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(folder);
  return folder;
}

std::string text(const redisReply& reply) {
  return std::string(reply.str, reply.len);
}

}  // namespace

namespace {

// Binds 127.0.0.1:port (0: any) and gives back the port, or 0 when it is taken.
int bind_port(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  socklen_t length = sizeof(address);
  const bool bound = fd >= 0 &&
                     ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  if (fd >= 0) ::close(fd);
  return bound ? ntohs(address.sin_port) : 0;
}

}  // namespace

int free_port(bool with_cluster_bus) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = bind_port(0);
    if (port == 0) break;
    if (!with_cluster_bus) return port;
    // A cluster node also listens on port + 10000, so its port can be at most 55535.
    if (port <= 55535 && bind_port(port + 10000) != 0) return port;
  }
  throw std::runtime_error("cannot find a free port");
}

RedisServer::RedisServer(bool cluster_node) : cluster_node_(cluster_node), folder_(make_folder()) {
  // A port found free may be taken before redis-server binds it: then try another.
  for (int attempt = 0;; ++attempt) {
    port_ = free_port(cluster_node_);
    try {
      start();
      return;
    } catch (const std::exception&) {
      kill();
      if (attempt == 4) throw;
    }
  }
}

RedisServer::~RedisServer() {
  kill();
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

void RedisServer::start() {
  std::vector<std::string> args = {"redis-server",
                                   "--port",
                                   std::to_string(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--dir",
                                   folder_.string(),
                                   "--logfile",
                                   (folder_ / "redis.log").string()};
  if (cluster_node_) {
    args.insert(args.end(), {"--cluster-enabled", "yes", "--cluster-config-file",
                             (folder_ / "nodes.conf").string(), "--cluster-node-timeout", "2000"});
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // It logs to its file. Its standard streams go nowhere: a redis-server left behind by a test
  // process that died (a sanitizer report aborts it) would otherwise hold ctest's output pipe
  // open, and ctest would wait for it until its timeout instead of reporting the failure.
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  const int error = posix_spawnp(&pid_, "redis-server", &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (error != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start redis-server (run config/setup.sh to install it)");
  }
  const bool up = eventually(
      [&] {
        // Gone already (a port taken after all): no use waiting.
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
          pid_ = -1;
          return true;
        }
        try {
          return command({"PING"}) != nullptr;
        } catch (const std::exception&) {
          return false;
        }
      },
      std::chrono::seconds(10));
  if (!up || pid_ < 0) {
    throw std::runtime_error("redis-server did not answer on port " + std::to_string(port_));
  }
}

void RedisServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGCONT);
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisServer::restart() {
  kill();
  start();
}

void RedisServer::pause() {
  ::kill(pid_, SIGSTOP);
}
void RedisServer::resume() {
  ::kill(pid_, SIGCONT);
}

Reply RedisServer::command(const std::vector<std::string>& args) const {
  const timeval timeout{2, 0};
  std::unique_ptr<redisContext, void (*)(redisContext*)> context(
      redisConnectWithTimeout("127.0.0.1", port_, timeout), &redisFree);
  if (!context || context->err) {
    throw std::runtime_error("redis on port " + std::to_string(port_) + ": cannot connect");
  }
  redisSetTimeout(context.get(), timeout);
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (!reply) throw std::runtime_error("redis on port " + std::to_string(port_) + ": no reply");
  return Reply(reply, &freeReplyObject);
}

std::set<std::string> RedisServer::channels(bool sharded) const {
  const auto reply = command({"PUBSUB", sharded ? "SHARDCHANNELS" : "CHANNELS"});
  std::set<std::string> names;
  for (std::size_t i = 0; i < reply->elements; ++i) names.insert(text(*reply->element[i]));
  return names;
}

RedisCluster::RedisCluster() {
  std::ostringstream create;
  create << "redis-cli --cluster create";
  for (int i = 0; i < 3; ++i) {
    nodes.push_back(std::make_unique<RedisServer>(true));
    create << " " << nodes.back()->address();
  }
  create << " --cluster-replicas 0 --cluster-yes > /dev/null 2>&1";
  if (std::system(create.str().c_str()) != 0) {
    throw std::runtime_error("redis-cli --cluster create failed: " + create.str());
  }
  const bool ok = eventually(
      [&] {
        for (const auto& node : nodes) {
          if (text(*node->command({"CLUSTER", "INFO"})).find("cluster_state:ok") ==
              std::string::npos) {
            return false;
          }
        }
        return true;
      },
      std::chrono::seconds(20));
  if (!ok) throw std::runtime_error("the Redis Cluster did not reach cluster_state:ok");
}

int RedisCluster::slot_of(const std::string& key) const {
  return static_cast<int>(nodes.front()->command({"CLUSTER", "KEYSLOT", key})->integer);
}

RedisServer& RedisCluster::owner_of(const std::string& key) const {
  const auto slot = slot_of(key);
  const auto slots = nodes.front()->command({"CLUSTER", "SLOTS"});
  for (std::size_t i = 0; i < slots->elements; ++i) {
    const auto& range = *slots->element[i];
    if (slot < range.element[0]->integer || slot > range.element[1]->integer) continue;
    const auto port = range.element[2]->element[1]->integer;
    for (const auto& node : nodes) {
      if (node->port() == port) return *node;
    }
  }
  throw std::runtime_error("no node owns slot " + std::to_string(slot));
}

}  // namespace samrad::bus::redis::testing
