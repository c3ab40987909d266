// One connection to one Redis server on hiredis' asynchronous API, driven by an Asio event loop:
// hiredis' event hooks (addRead/delRead/addWrite/delWrite/cleanup) become async_wait calls on a
// posix::stream_descriptor over hiredis' socket, so nothing ever blocks the loop's thread.
//
// hiredis connects, buffers and writes commands and parses replies (through LimitedReader);
// dispatching the replies is done here rather than by hiredis 0.14's callback machinery, which
// aborts the process (assert) on a reply it did not expect and knows nothing of Redis 7's
// sharded pub/sub. A connection is used one of two ways:
//   - requests: every reply answers the oldest command not yet answered; a reply nobody asked
//     for is a protocol violation and drops the connection;
//   - pushes: every reply (pub/sub messages and the confirmations of (S)SUBSCRIBE) goes to
//     on_push.
// A connection is never reused: once lost (or closed) it stays so, and its owner makes a new
// one. Everything runs on the loop's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bus/redis/connection_options.hpp"
#include "bus/redis/reply_limits.hpp"

struct redisAsyncContext;
struct redisReply;

namespace samrad::bus::redis {

namespace asio = boost::asio;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  enum class Mode { requests, pushes };
  // Called with the reply, or with null when the connection was lost before it came.
  using ReplyHandler = std::function<void(const redisReply*)>;
  struct Handlers {
    std::function<void()> ready;                   // connected and answering
    std::function<void(const redisReply&)> push;   // pushes mode: every reply
    std::function<void(const std::string&)> lost;  // once, with the reason; not after close()
  };

  // Starts connecting to ip:port (a numeric address: resolving is the caller's, off this
  // thread's critical path). Handlers run on the loop's thread, never inside hiredis.
  static std::shared_ptr<Connection> open(asio::io_context& io, const std::string& ip, int port,
                                          Mode mode, const ConnectionOptions& options,
                                          Handlers handlers);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Queues a command; false (and nothing queued) when not ready or over the output limit.
  bool send(std::initializer_list<std::string_view> args, ReplyHandler on_reply = {});
  // The same for a command whose length is known only at run time (ZADD of many members).
  bool send(std::span<const std::string> args, ReplyHandler on_reply = {});
  bool ready() const { return ready_; }
  // Drops the connection without calling lost; pending reply handlers get null.
  void close();

 private:
  Connection(asio::io_context& io, Mode mode, const ConnectionOptions& options, Handlers handlers);
  void start(const std::string& ip, int port);
  bool send_argv(std::vector<const char*>& argv, std::vector<std::size_t>& lengths,
                 ReplyHandler on_reply);
  void wait_readable();
  void wait_writable();
  void on_readable();
  void on_writable();
  void dispatch(const redisReply& reply);
  void tick();
  void fail(const std::string& why);
  // hiredis freed its context (error or our close): forget it, hand back the socket.
  void context_gone();
  void answer_pending_with_null();

  // hiredis' connect callback and event hooks; the context's data and the hooks' privdata are
  // the Connection.
  static void connected(const redisAsyncContext* context, int status);
  static void add_read(void* self);
  static void del_read(void* self);
  static void add_write(void* self);
  static void del_write(void* self);
  static void cleanup(void* self);

  asio::io_context& io_;
  Mode mode_;
  ConnectionOptions options_;
  Handlers handlers_;
  redisAsyncContext* context_ = nullptr;
  std::optional<LimitedReader> limits_;
  asio::posix::stream_descriptor socket_;
  asio::steady_timer timer_;
  bool want_read_ = false;
  bool want_write_ = false;
  bool read_waiting_ = false;
  bool write_waiting_ = false;
  bool ready_ = false;
  bool finished_ = false;  // lost or closed: handlers no longer called
  std::string context_error_;
  std::deque<ReplyHandler> pending_;
  // Since when something sent awaits its first reply (connecting counts); none: all answered.
  std::optional<std::chrono::steady_clock::time_point> unanswered_since_;
  std::chrono::steady_clock::time_point last_activity_;
};

}  // namespace samrad::bus::redis
