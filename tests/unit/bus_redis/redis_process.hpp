// Real Redis servers for the bus tests: one redis-server on a free port in a temporary folder,
// or three of them made into a Redis Cluster with redis-cli. They are stopped (SIGKILL) and
// their folders removed when the objects go. A missing redis-server fails the test: setup.sh
// installs it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

struct redisReply;

namespace samrad::bus::redis::testing {

// A reply from a blocking test-side connection, freed on destruction.
using Reply = std::unique_ptr<redisReply, void (*)(void*)>;

class RedisServer {
 public:
  explicit RedisServer(bool cluster_node = false);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  void kill();     // SIGKILL, waits for the process to end
  void restart();  // again on the same port (after kill)
  void pause();    // SIGSTOP
  void resume();   // SIGCONT

  // One command over a fresh blocking connection; throws when Redis does not answer.
  Reply command(const std::vector<std::string>& args) const;
  // PUBSUB CHANNELS / PUBSUB SHARDCHANNELS as a set.
  std::set<std::string> channels(bool sharded = false) const;

 private:
  void start();

  bool cluster_node_;
  std::filesystem::path folder_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Three masters, no replicas, every slot assigned and the cluster state ok.
class RedisCluster {
 public:
  RedisCluster();
  std::vector<std::unique_ptr<RedisServer>> nodes;
  // The node owning a key's slot, asked of the cluster (CLUSTER KEYSLOT and CLUSTER SLOTS).
  RedisServer& owner_of(const std::string& key) const;
  int slot_of(const std::string& key) const;
};

// A free port on 127.0.0.1; for a cluster node, one whose cluster bus port (+10000) is free too.
int free_port(bool with_cluster_bus = false);
// Polls until the condition holds or the time is up; returns whether it held.
template <class Condition>
bool eventually(Condition condition,
                std::chrono::milliseconds limit = std::chrono::milliseconds(10'000)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

}  // namespace samrad::bus::redis::testing
