// The configuration's [bus] section (app/config.cpp): without it there is no Redis bridge, as
// in the embedded default; with `redis` set the bridge's options come from the file (or
// --redis), and a misspelt key, a value out of range or settings without an address are refused.
#include "app/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace samrad::app {
namespace {

class ConfigFile : public ::testing::Test {
 protected:
  ConfigFile()
      : path_(std::filesystem::temp_directory_path() /
              ("samrad-config-" + std::to_string(std::random_device{}()) + ".toml")) {}
  ~ConfigFile() override { std::filesystem::remove(path_); }

  Config load(const std::string& text, std::vector<std::string> flags = {}) {
    std::ofstream(path_) << text;
    std::vector<std::string> args = {"samrad", "--config", path_.string()};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    return std::get<Config>(load_config(static_cast<int>(argv.size()), argv.data()));
  }
  std::string refusal(const std::string& text) {
    try {
      load(text);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "accepted";
  }

  std::filesystem::path path_;
};

TEST_F(ConfigFile, ARequestHasTenSecondsUnlessLimitsSayOtherwise) {
  EXPECT_EQ(load("").net.request_timeout, std::chrono::seconds(10));
  EXPECT_EQ(load("[limits]\nrequest_seconds = 3\n").net.request_timeout, std::chrono::seconds(3));
  EXPECT_NE(refusal("[limits]\nrequest_seconds = 0\n").find("limits.request_seconds"),
            std::string::npos);
}

TEST_F(ConfigFile, TheFirstLoginWaitIsOneSecondUnlessLimitsSayOtherwise) {
  EXPECT_EQ(load("").login_throttle.first_wait_ms, 1000);
  EXPECT_EQ(load("[limits]\nlogin_first_wait_seconds = 8\n").login_throttle.first_wait_ms, 8000);
  EXPECT_NE(
      refusal("[limits]\nlogin_first_wait_seconds = 0\n").find("limits.login_first_wait_seconds"),
      std::string::npos);
}

TEST_F(ConfigFile, AConnectionGetsEventsAtMostEvery20MillisecondsUnlessSetOtherwise) {
  EXPECT_EQ(load("").net.delivery_interval, std::chrono::milliseconds(20));
  EXPECT_EQ(load("[server]\ndelivery_interval_ms = 0\n").net.delivery_interval,
            std::chrono::milliseconds(0));
  EXPECT_NE(refusal("[server]\ndelivery_interval_ms = 5000\n").find("server.delivery_interval_ms"),
            std::string::npos);
}

TEST_F(ConfigFile, WithoutABusSectionThereIsNoBridge) {
  EXPECT_FALSE(load("[server]\nport = 0\n").redis_bus);
}

TEST_F(ConfigFile, TheShippedConfigurationHasNoBridge) {
  const std::filesystem::path shipped = SAMRAD_CONFIG_DIR "/samrad.toml";
  std::string file = shipped.string();
  std::vector<char*> argv = {const_cast<char*>("samrad"), const_cast<char*>("--config"),
                             file.data()};
  EXPECT_FALSE(std::get<Config>(load_config(3, argv.data())).redis_bus);
}

TEST_F(ConfigFile, TheClusterExampleSharesPostgresRedisAndTheLogsKey) {
  const std::filesystem::path example = SAMRAD_CONFIG_DIR "/cluster/samrad.toml";
  std::string file = example.string();
  std::vector<char*> argv = {const_cast<char*>("samrad"), const_cast<char*>("--config"),
                             file.data(), const_cast<char*>("--port"), const_cast<char*>("8082")};
  const auto config = std::get<Config>(load_config(5, argv.data()));
  EXPECT_EQ(config.postgres, "host=127.0.0.1 port=5433 dbname=samrad user=samrad");
  ASSERT_TRUE(config.redis_bus);
  EXPECT_EQ(config.redis_bus->address, "127.0.0.1:6380");
  EXPECT_EQ(config.redis_bus->presence_ttl.count(), 15000);
  EXPECT_EQ(config.head_poll.count(), 1000);
  EXPECT_EQ(config.net.port, 8082);
  EXPECT_EQ(std::filesystem::path(config.signing_key_file).filename(), "samrad.log-key");
  EXPECT_NE(std::find(config.net.allowed_origins.begin(), config.net.allowed_origins.end(),
                      "http://localhost:8080"),
            config.net.allowed_origins.end());
}

TEST_F(ConfigFile, PostgresAndTheHeadPollComeFromTheCommandLineToo) {
  std::vector<char*> argv = {const_cast<char*>("samrad"), const_cast<char*>("--postgres"),
                             const_cast<char*>("dbname=samrad"),
                             const_cast<char*>("--head-poll-ms"), const_cast<char*>("250")};
  const auto config = std::get<Config>(load_config(5, argv.data()));
  EXPECT_EQ(config.postgres, "dbname=samrad");
  EXPECT_EQ(config.head_poll.count(), 250);
  std::vector<char*> too_fast = {const_cast<char*>("samrad"), const_cast<char*>("--head-poll-ms"),
                                 const_cast<char*>("10")};
  EXPECT_THROW(load_config(3, too_fast.data()), std::runtime_error);
}

TEST_F(ConfigFile, TheBusSectionConfiguresTheBridge) {
  const auto config = load(
      "[bus]\nredis = \"redis.internal:6380\"\nsharded = true\nchannel_prefix = \"x:\"\n"
      "max_reply_bytes = 2097152\nmax_reply_elements = 100\nmax_reply_depth = 5\n"
      "reply_timeout_ms = 500\nmax_backoff_ms = 2000\nmax_queued_bytes = 1048576\n");
  ASSERT_TRUE(config.redis_bus);
  const auto& bus = *config.redis_bus;
  EXPECT_EQ(bus.address, "redis.internal:6380");
  EXPECT_TRUE(bus.sharded);
  EXPECT_EQ(bus.channel_prefix, "x:");
  EXPECT_EQ(bus.connection.limits.max_bulk_bytes, 2097152u);
  EXPECT_EQ(bus.connection.limits.max_buffered_bytes, 2097152u + 64 * 1024);
  EXPECT_EQ(bus.connection.limits.max_array_elements, 100u);
  EXPECT_EQ(bus.connection.limits.max_depth, 5);
  EXPECT_EQ(bus.connection.reply_timeout.count(), 500);
  EXPECT_EQ(bus.backoff_max.count(), 2000);
  EXPECT_EQ(bus.max_queued_bytes, 1048576u);
}

TEST_F(ConfigFile, TheCommandLineCanNameTheRedis) {
  const auto config = load("", {"--redis", "127.0.0.1:7000"});
  ASSERT_TRUE(config.redis_bus);
  EXPECT_EQ(config.redis_bus->address, "127.0.0.1:7000");
  EXPECT_FALSE(config.redis_bus->sharded);
}

TEST_F(ConfigFile, PresenceExpiresAfterFifteenSecondsUnlessConfigured) {
  const auto defaults = load("[bus]\nredis = \"h:1\"\n");
  ASSERT_TRUE(defaults.redis_bus);
  EXPECT_EQ(defaults.redis_bus->presence_ttl.count(), 15000);
  EXPECT_EQ(defaults.redis_bus->presence_refresh.count(), 5000);

  const auto configured = load("[bus]\nredis = \"h:1\"\npresence_ttl_ms = 6000\n");
  EXPECT_EQ(configured.redis_bus->presence_ttl.count(), 6000);
  EXPECT_EQ(configured.redis_bus->presence_refresh.count(), 2000);

  // The flag wins over the file, wherever it stands.
  const auto flagged =
      load("[bus]\nredis = \"h:1\"\npresence_ttl_ms = 6000\n", {"--presence-ttl-ms", "2000"});
  EXPECT_EQ(flagged.redis_bus->presence_ttl.count(), 2000);
  EXPECT_EQ(flagged.redis_bus->presence_refresh.count(), 666);
  const auto before_redis = load("", {"--presence-ttl-ms", "900", "--redis", "h:2"});
  EXPECT_EQ(before_redis.redis_bus->presence_ttl.count(), 900);
}

TEST_F(ConfigFile, BadPresenceSettingsAreRefused) {
  EXPECT_EQ(refusal("[bus]\nredis = \"h:1\"\npresence_ttl_ms = 100\n"),
            "bus.presence_ttl_ms: expected a number from 300 to 3600000, got '100'");
  EXPECT_EQ(refusal("[bus]\npresence_ttl_ms = 5000\n"),
            "config: [bus] has settings but no redis address");
  std::vector<char*> without_redis = {const_cast<char*>("samrad"),
                                      const_cast<char*>("--presence-ttl-ms"),
                                      const_cast<char*>("2000")};
  EXPECT_THROW(load_config(3, without_redis.data()), std::runtime_error);
}

TEST_F(ConfigFile, BadBusSettingsAreRefused) {
  EXPECT_EQ(refusal("[bus]\nredis = \"h:1\"\nshardedd = true\n"),
            "config: unknown key 'shardedd' in [bus]");
  EXPECT_EQ(refusal("[bus]\nsharded = true\n"), "config: [bus] has settings but no redis address");
  EXPECT_EQ(refusal("[bus]\nredis = \"h:1\"\nmax_reply_depth = 8\n"),
            "bus.max_reply_depth: expected a number from 4 to 7, got '8'");
}

}  // namespace
}  // namespace samrad::app
